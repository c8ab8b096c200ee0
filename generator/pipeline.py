"""The whole build, top to bottom: content folder -> briefs -> Markdown -> site.

Each stage is a typed function in its own module; this file only chains them:

    load -> clean -> segment -> statements -> align -> origins -> corroborate (+ semantic, names) -> render -> site
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from . import align, clean, corroborate, load, names, origins, segment, semantic, statements
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
    groups, facts, spun, meta, unrelated = _corroborate_apart(units, counts, event, config,
                                                              semantic.embedder(config, cache))
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


def _corroborate_apart(units: Sequence[Statement], counts: dict[str, int], event: load.Event, config: Config,
                       embed: semantic.Embed | None = None
                       ) -> tuple[tuple[Origin, ...], tuple[Fact, ...], dict[str, str], EventMeta,
                                  dict[str, origins.Apart]]:
    """``_corroborate`` on the event's reports, each report of another event (``origins.unrelated_reports``)
    on its own and the others as if it were not there (the event's inferred title and date read without
    it), round after round: loose links among the rest can show once the first is set apart. Also
    returns the event's meta and the reports set apart."""
    meta = event.meta
    kept = list(counts)
    groups, facts, spun = _corroborate(units, kept, event, meta, config, embed)
    unrelated: dict[str, origins.Apart] = {}
    while found := origins.unrelated_reports(facts, {sid: counts[sid] for sid in kept if counts[sid]}, config):
        unrelated |= found
        kept = [sid for sid in kept if sid not in found]
        meta = load.infer_event_meta(event.meta, [s for s in event.sources if s.id in kept])
        groups, facts, spun = _corroborate(units, kept, event, meta, config, embed) if kept else ((), (), {})
    if unrelated:  # each report set apart on its own, once, against the event's final date
        done = [(groups, facts, spun), *(_corroborate(units, [sid], event, meta, config, embed) for sid in unrelated)]
        groups = tuple(sorted((o for g, _, _ in done for o in g), key=lambda o: o.id))
        facts = tuple(f for _, part_facts, _ in done for f in part_facts)
        spun = {sid: flag for _, _, part_flags in done for sid, flag in part_flags.items()}
    return groups, facts, spun, meta, unrelated


def _corroborate(units: Sequence[Statement], ids: Sequence[str], event: load.Event, meta: EventMeta, config: Config,
                 embed: semantic.Embed | None = None) -> tuple[tuple[Origin, ...], tuple[Fact, ...], dict[str, str]]:
    """Align, group by origin and corroborate the statements of the reports ``ids`` (relative dates
    read against each report's date, else the event's): the origins, the facts, the spun flags."""
    wanted = set(ids)
    mirrors = _mirrors([u for u in units if u.sentence.source_id in wanted], config.origin_share)
    part = [u for u in units if u.sentence.source_id in wanted
            and u.sentence.index not in mirrors.get(u.sentence.source_id, ("", {}))[1]]
    dates = {s.id: s.meta.published or meta.date for s in event.sources if s.id in wanted}
    part_of = {copy: first for copy, (first, _) in mirrors.items()}
    alignment = align.align(part, config, dates, part_of)
    aligned = {u.sentence.source_id for u in part}
    found = origins.group_origins([i for i in ids if i in aligned or i not in mirrors], part, alignment.scores, config)
    groups = _merge_copies(found, event.copies, mirrors)
    facts, spun = corroborate.facts_from(part, alignment, groups, config, dates, part_of, embed)
    flags = spun | {c: spun[r] for c, (r, _) in mirrors.items() if r in spun and c not in spun}
    return groups, _mirror_citations(facts, mirrors), flags


Mirror = tuple[str, dict[int, tuple[int, int]]]
"""The report a copy repeats, and for each of the copy's sentences that repeats one of that report's word
for word: the index of that sentence and how far the copy's starts after it."""


def _mirrors(units: Sequence[Statement], share: float) -> dict[str, Mirror]:
    """Each report that repeats an earlier one (not itself such a copy) word for word in at least
    ``share`` of its sentences (``Config.origin_share``) and in two sentences or more, with that report
    and the sentences repeated: those are aligned once, as the earlier report's, and the copy cites them
    wherever that report's are cited (``_mirror_citations``); its other sentences are aligned as part of
    that report (never matched with its sentences: ``align.align``'s ``part_of``). Aligned beside each other,
    two copies are each other's best match: a pair of one origin that pulled other reports' sentences
    in (adding an identical copy of the spun report made three more facts corroborated and showed its
    wording), and wire stories syndicated with a changed headline do the same."""
    sentences: dict[str, list[Sentence]] = {}
    for u in units:
        mine = sentences.setdefault(u.sentence.source_id, [])
        if not mine or mine[-1].index != u.sentence.index:
            mine.append(u.sentence)
    out: dict[str, Mirror] = {}
    order = list(sentences)
    for k, copy in enumerate(order):
        best: Mirror | None = None
        for first in order[:k]:
            if first in out:
                continue
            free: dict[str, list[Sentence]] = {}
            for x in sentences[first]:
                free.setdefault(x.text, []).append(x)
            same: dict[int, tuple[int, int]] = {}
            for x in sentences[copy]:
                if free.get(x.text):
                    y = free[x.text].pop(0)
                    same[x.index] = (y.index, x.start - y.start)
            if len(same) >= max(2.0, share * len(sentences[copy])) and (best is None or len(same) > len(best[1])):
                best = (first, same)
        if best is not None:
            out[copy] = best
    return out


def _mirror_citations(facts: Sequence[Fact], mirrors: dict[str, Mirror]) -> tuple[Fact, ...]:
    """The facts, each citation of a repeated sentence followed by the same span of each copy that repeats it."""
    if not mirrors:
        return tuple(facts)
    of: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    for copy, (first, same) in mirrors.items():
        for index, (their, shift) in same.items():
            of.setdefault((first, their), []).append((copy, index, shift))
    out = []
    for f in facts:
        cites: list[Citation] = []
        for c in f.citations:
            cites.append(c)
            for copy, index, shift in of.get((c.source_id, c.sentence_index), ()):
                at = c.start + shift
                cites.append(replace(c, source_id=copy, sentence_index=index, start=at, end=at + len(c.text)))
        out.append(replace(f, citations=tuple(cites)))
    return tuple(out)


def build_brief(event_dir: Path, config: Config) -> Brief:
    """Load and process one event folder into its brief."""
    return brief_from_sources(load.load_event(event_dir, config), config)


def _merge_copies(groups: Sequence[Origin], copies: Sequence[tuple[str, ...]],
                  mirrors: Mapping[str, Mirror] | None = None) -> tuple[Origin, ...]:
    """Origins with each group of identical reports (same text, several files) joined into one, and each
    report that repeats another (``mirrors``) in that report's origin."""
    mirrors = mirrors or {}
    joins = [(tuple(copy), f"identical text: {', '.join(copy)}") for copy in copies]
    joins += [((first, copy), f"{copy} repeats {len(same)} of its sentences word for word from {first}")
              for copy, (first, same) in mirrors.items()
              if not any(copy in c and first in c for c in copies)]
    for members, why in joins:
        joined = [o for o in groups if set(o.source_ids) & set(members)]
        extra = tuple(sid for sid in members if not any(sid in o.source_ids for o in groups))
        if not joined or (len(joined) < 2 and not extra):
            continue
        ids = tuple(sid for o in joined for sid in o.source_ids) + extra
        reason = "; ".join([*(o.reason for o in joined if o.reason), why])
        merged = Origin(id=min(o.id for o in joined), source_ids=ids, reason=reason)
        groups = sorted([*(o for o in groups if o not in joined), merged], key=lambda o: o.id)
    return tuple(groups)


def _silent_sources(cleaned: Sequence[CleanSource], sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """A warning for each report that kept no sentence after cleaning (it supports no fact)."""
    have = {x.source_id for x in sentences}
    return tuple(f"{c.source.path}: no sentences left after removing boilerplate; it supports no fact"
                 for c in cleaned if c.source.id not in have and c.source.body.strip())
