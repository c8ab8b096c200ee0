"""The whole build, top to bottom: content folder -> briefs -> Markdown -> site.

Each stage is a typed function in its own module; this file only chains them:

    load -> clean -> segment -> statements -> align -> origins -> corroborate (+ names) -> render -> site
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from . import align, clean, corroborate, load, names, origins, segment, statements
from .cache import Cache, clean_and_split
from .config import Config
from .model import Brief, Citation, CleanSource, EventMeta, Fact, Origin, Sentence, Source, SourceReport
from .statements import Statement

log = logging.getLogger(__name__)


def _clean_and_split(source: Source, common: frozenset[str], config: Config
                     ) -> tuple[CleanSource, tuple[Sentence, ...]]:
    cleaned = clean.clean(source, common)
    return cleaned, segment.split(cleaned, config)


def brief_from_sources(event: load.Event, config: Config, cache: Cache | None = None) -> Brief:
    """Run the text stages on one loaded event (per-source work from ``cache`` when given)."""
    sources: Sequence[Source] = event.sources
    common = clean.shared_lines(sources)
    per_source = [clean_and_split(cache, s, common, config, partial(_clean_and_split, s, common, config))
                  for s in sources]
    cleaned: list[CleanSource] = [c for c, _ in per_source]
    sentences: list[Sentence] = [x for _, split in per_source for x in split]
    units = statements.statements(sentences)
    source_ids = [s.id for s in sources]
    found = Counter(x.source_id for x in sentences)
    counts = {sid: found[sid] for sid in source_ids}  # sentences per report, in the reports' order
    groups, facts, spun, meta, unrelated = _corroborate_apart(units, counts, event, config)
    split = origins.even_split(facts, {sid: n for sid, n in counts.items() if n and sid not in unrelated}, config)
    files = {s.id: Path(s.path).name for s in sources}
    several = (origins.split_warning(str(Path(sources[0].path).parent), split, files),) if split else ()
    used: dict[str, set[int]] = {}
    for f in facts:
        for cite in f.citations:
            used.setdefault(cite.source_id, set()).add(cite.sentence_index)
    origin_of = {sid: o.id for o in groups for sid in o.source_ids}
    translated = corroborate.translation_flags(cleaned)
    odd_language = load.odd_languages(sources)
    numbers = {sid: f"report {k}" for k, sid in enumerate(source_ids, start=1)}  # as the sources section numbers them
    reports = []
    for c in cleaned:
        sid = c.source.id
        flags = tuple(f[sid] for f in (spun, translated) if sid in f)
        if sid in unrelated:
            flags += (origins.unrelated_flag(unrelated[sid], odd_language.get(sid), numbers),)
        reports.append(SourceReport(source=c.source, origin_id=origin_of.get(sid, sid),
                                    sentences=counts[sid],
                                    used=len(used.get(sid, ())), removed=len(c.removed), flags=flags,
                                    apart=sid in unrelated))
    return Brief(event=meta, sources=tuple(reports), cleaned=tuple(cleaned), sentences=tuple(sentences),
                 facts=facts, origins=groups, removed=tuple(r for c in cleaned for r in c.removed),
                 warnings=(*event.warnings, *_silent_sources(cleaned, sentences), *several,
                           *(origins.unrelated_warning(c.source.path, unrelated[c.source.id],
                                                       odd_language.get(c.source.id), files)
                             for c in cleaned if c.source.id in unrelated)),
                 aliases=names.learn_aliases(facts))


def _corroborate_apart(units: Sequence[Statement], counts: dict[str, int], event: load.Event, config: Config
                       ) -> tuple[tuple[Origin, ...], tuple[Fact, ...], dict[str, str], EventMeta,
                                  dict[str, origins.Apart]]:
    """``_corroborate`` on the event's reports, each report of another event (``origins.unrelated_reports``)
    on its own and the others as if it were not there (the event's inferred title and date read without
    it), round after round: loose links among the rest can show once the first is set apart. Also
    returns the event's meta and the reports set apart."""
    meta = event.meta
    kept = list(counts)
    groups, facts, spun = _corroborate(units, kept, event, meta, config)
    unrelated: dict[str, origins.Apart] = {}
    while found := origins.unrelated_reports(facts, {sid: counts[sid] for sid in kept if counts[sid]}, config):
        unrelated |= found
        kept = [sid for sid in kept if sid not in found]
        meta = load.infer_event_meta(event.meta, [s for s in event.sources if s.id in kept])
        groups, facts, spun = _corroborate(units, kept, event, meta, config) if kept else ((), (), {})
    if unrelated:  # each report set apart on its own, once, against the event's final date
        done = [(groups, facts, spun), *(_corroborate(units, [sid], event, meta, config) for sid in unrelated)]
        groups = tuple(sorted((o for g, _, _ in done for o in g), key=lambda o: o.id))
        facts = tuple(f for _, part_facts, _ in done for f in part_facts)
        spun = {sid: flag for _, _, part_flags in done for sid, flag in part_flags.items()}
    return groups, facts, spun, meta, unrelated


def _corroborate(units: Sequence[Statement], ids: Sequence[str], event: load.Event, meta: EventMeta, config: Config
                 ) -> tuple[tuple[Origin, ...], tuple[Fact, ...], dict[str, str]]:
    """Align, group by origin and corroborate the statements of the reports ``ids`` (relative dates
    read against each report's date, else the event's): the origins, the facts, the spun flags."""
    wanted = set(ids)
    mirrors = _mirrors([u for u in units if u.sentence.source_id in wanted], event.copies)
    part = [u for u in units if u.sentence.source_id in wanted and u.sentence.source_id not in mirrors]
    dates = {s.id: s.meta.published or meta.date for s in event.sources if s.id in wanted}
    alignment = align.align(part, config, dates)
    found = origins.group_origins([i for i in ids if i not in mirrors], part, alignment.scores, config)
    groups = _merge_copies(found, event.copies, mirrors)
    facts, spun = corroborate.facts_from(part, alignment, groups, config, dates)
    return groups, _mirror_citations(facts, mirrors), spun | {c: spun[r] for c, (r, _) in mirrors.items() if r in spun}


Mirror = tuple[str, dict[int, int]]
"""The report a copy mirrors, and by sentence index how far the copy's sentence starts after that report's."""


def _mirrors(units: Sequence[Statement], copies: Sequence[tuple[str, ...]]) -> dict[str, Mirror]:
    """Each report that is an identical copy of an earlier one (``load.identical_reports``) and split into
    the same sentences, with the report it copies: a copy is aligned as that report, not beside it,
    so adding a copy changes no match, no shown wording and no status (two copies of a spun report
    would otherwise match each other first and pull other reports' statements in with them)."""
    sentences: dict[str, dict[int, Sentence]] = {}
    for u in units:
        sentences.setdefault(u.sentence.source_id, {})[u.sentence.index] = u.sentence
    out: dict[str, Mirror] = {}
    for copy in copies:
        present = [sid for sid in copy if sid in sentences]
        for sid in present[1:]:
            first, mine = sentences[present[0]], sentences[sid]
            if sorted(first) == sorted(mine) and all(first[k].text == mine[k].text for k in first):
                out[sid] = (present[0], {k: mine[k].start - first[k].start for k in first})
    return out


def _mirror_citations(facts: Sequence[Fact], mirrors: dict[str, Mirror]) -> tuple[Fact, ...]:
    """The facts, each citation of a copied report followed by the same span of each of its copies."""
    if not mirrors:
        return tuple(facts)
    of: dict[str, list[tuple[str, dict[int, int]]]] = {}
    for copy, (first, shift) in mirrors.items():
        of.setdefault(first, []).append((copy, shift))
    out = []
    for f in facts:
        cites: list[Citation] = []
        for c in f.citations:
            cites.append(c)
            for copy, shift in of.get(c.source_id, ()):
                at = c.start + shift[c.sentence_index]
                cites.append(replace(c, source_id=copy, start=at, end=at + len(c.text)))
        out.append(replace(f, citations=tuple(cites)))
    return tuple(out)


def build_brief(event_dir: Path, config: Config) -> Brief:
    """Load and process one event folder into its brief."""
    return brief_from_sources(load.load_event(event_dir, config), config)


def _merge_copies(groups: Sequence[Origin], copies: Sequence[tuple[str, ...]],
                  mirrors: Mapping[str, Mirror] | None = None) -> tuple[Origin, ...]:
    """Origins with each group of identical reports (same text, several files) joined into one; a copy
    aligned as the report it mirrors (``mirrors``, in no origin yet) joins that report's origin."""
    mirrors = mirrors or {}
    for copy in copies:
        joined = [o for o in groups if set(o.source_ids) & set(copy)]
        extra = tuple(sid for sid in copy if sid in mirrors)
        if len(joined) < 2 and not (joined and extra):
            continue
        members = tuple(sid for o in joined for sid in o.source_ids) + extra
        reason = "; ".join([*(o.reason for o in joined if o.reason), f"identical text: {', '.join(copy)}"])
        merged = Origin(id=min(o.id for o in joined), source_ids=members, reason=reason)
        groups = sorted([*(o for o in groups if o not in joined), merged], key=lambda o: o.id)
    return tuple(groups)


def _silent_sources(cleaned: Sequence[CleanSource], sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """A warning for each report that kept no sentence after cleaning (it supports no fact)."""
    have = {x.source_id for x in sentences}
    return tuple(f"{c.source.path}: no sentences left after removing boilerplate; it supports no fact"
                 for c in cleaned if c.source.id not in have and c.source.body.strip())
