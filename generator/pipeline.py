"""The whole build, top to bottom: content folder -> briefs -> Markdown -> site.

Each stage is a typed function in its own module; this file only chains them:

    load -> clean -> segment -> align -> origins -> corroborate -> render -> site
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from . import align, clean, corroborate, load, origins, segment, statements
from .config import Config
from .model import Brief, CleanSource, Sentence, Source, SourceReport

log = logging.getLogger(__name__)


def brief_from_sources(event: load.Event, config: Config) -> Brief:
    """Run the text stages on one loaded event."""
    sources: Sequence[Source] = event.sources
    common = clean.shared_lines(sources)
    cleaned: list[CleanSource] = [clean.clean(s, common) for s in sources]
    sentences: list[Sentence] = [x for c in cleaned for x in segment.split(c, config)]
    units = statements.statements(sentences)
    alignment = align.align(units, config)
    groups = origins.group_origins([s.id for s in sources], units, alignment.links, config)
    facts, odd = corroborate.facts_from(units, alignment, groups, config)
    used: dict[str, set[int]] = {}
    for f in facts:
        for c in f.citations:
            used.setdefault(c.source_id, set()).add(c.sentence_index)
    origin_of = {sid: o.id for o in groups for sid in o.source_ids}
    median = sorted(odd.values())[len(odd) // 2] if odd else 0.0
    reports = []
    for c in cleaned:
        sid = c.source.id
        flags = ()
        if sid in odd and odd[sid] >= max(0.12, 2 * median):
            flags = (f"likely spun or machine-translated: {odd[sid]:.0%} of its words in shared facts "
                     "are used by no other report",)
        reports.append(SourceReport(source=c.source, origin_id=origin_of.get(sid, sid),
                                    sentences=sum(1 for x in sentences if x.source_id == sid),
                                    used=len(used.get(sid, ())), removed=len(c.removed), flags=flags))
    return Brief(event=event.meta, sources=tuple(reports), cleaned=tuple(cleaned), sentences=tuple(sentences),
                 facts=facts, origins=groups, removed=tuple(r for c in cleaned for r in c.removed),
                 warnings=event.warnings)


def build_brief(event_dir: Path, config: Config) -> Brief:
    """Load and process one event folder into its brief."""
    return brief_from_sources(load.load_event(event_dir, config), config)
