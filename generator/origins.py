"""Group reports that share one original: copies, translations and rewrites.

Independent reporters state overlapping facts in their own order; a rewrite of
one wire story restates most of its sentences in the same order, even when its
words were swapped or translated. Two reports are one origin when a large share
of the longer one's sentences is matched, one to one, in the other (each
sentence to its most similar counterpart, at a bar below the same-fact
threshold, since rewording lowers every score) and the matches keep their
order. Groups are the connected components of that relation.

A report that states (almost) nothing any other report states is likely about
another event, put in the folder by mistake (``unrelated_reports``): it is
flagged and compared with no other report, so its loose matches corroborate
nothing. So are a few reports of another story put in together: reports are grouped by
average linkage on the facts they share, and groups other than the largest are set apart.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .config import Config
from .model import Fact, Origin
from .statements import Statement


def _lis(seq: Sequence[int]) -> int:
    """Length of the longest strictly increasing subsequence."""
    tails: list[int] = []
    for x in seq:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


def _candidates(units: Sequence[Statement], scores: Sequence[tuple[int, int, float]],
                bar: float) -> dict[tuple[str, str], list[tuple[float, int, int]]]:
    """The scored sentence pairs at ``bar`` or above, by pair of reports: ``(a, b) -> [(score, index in a,
    index in b)]`` with ``a < b``. One pass over the scores, so comparing every two reports of an event
    with a hundred reports costs no more than comparing two."""
    out: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for i, j, p in scores:
        if p < bar:
            continue
        si, sj = units[i].sentence, units[j].sentence
        if si.source_id == sj.source_id:
            continue
        if si.source_id > sj.source_id:
            si, sj = sj, si
        out.setdefault((si.source_id, sj.source_id), []).append((p, si.index, sj.index))
    return out


def _overlap(candidates: Sequence[tuple[float, int, int]], size_a: int, size_b: int) -> tuple[int, int, int]:
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = []
    for _p, ia, ib in sorted(candidates, reverse=True):
        if ia not in used_a and ib not in used_b:
            used_a.add(ia)
            used_b.add(ib)
            matched.append((ia, ib))
    matched.sort()
    in_order = _lis([ib for _, ib in matched])
    return len(matched), in_order, max(size_a, size_b)


def _sizes(units: Sequence[Statement]) -> dict[str, int]:
    """Number of sentences of each report that has statements."""
    sentences: dict[str, set[int]] = {}
    for u in units:
        sentences.setdefault(u.sentence.source_id, set()).add(u.sentence.index)
    return {sid: len(v) for sid, v in sentences.items()}


def _between(a: str, b: str, candidates: dict[tuple[str, str], list[tuple[float, int, int]]],
             sizes: dict[str, int]) -> tuple[int, int, int]:
    """``pair_overlap`` from the bucketed candidates and the reports' sizes."""
    a, b = min(a, b), max(a, b)
    return _overlap(candidates.get((a, b), []), sizes.get(a, 0), sizes.get(b, 0))


def pair_overlap(a: str, b: str, units: Sequence[Statement],
                 scores: Sequence[tuple[int, int, float]], bar: float = 0.0) -> tuple[int, int, int]:
    """One-to-one matched sentences of reports a and b: (matched, in order, size of the longer)."""
    return _between(a, b, _candidates(units, scores, bar), _sizes(units))


def group_origins(source_ids: Sequence[str], units: Sequence[Statement],
                  scores: Sequence[tuple[int, int, float]], config: Config) -> tuple[Origin, ...]:
    """Connected groups of reports that share one original report (``scores``: all scored statement pairs)."""
    parent = {s: s for s in source_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    reasons: dict[str, list[str]] = {}
    sizes = _sizes(units)
    candidates = _candidates(units, scores, config.origin_match)
    for n, a in enumerate(source_ids):
        for b in source_ids[n + 1:]:
            matched, in_order, longer = _between(a, b, candidates, sizes)
            if longer and matched >= 3 and in_order >= config.origin_share * longer \
                    and in_order >= 0.75 * matched:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[rb] = ra
                reasons.setdefault(a, []).append(
                    f"{b} restates {in_order} of {longer} sentences in the same order")
    groups: dict[str, list[str]] = {}
    for s in source_ids:
        groups.setdefault(find(s), []).append(s)
    out = []
    for members in groups.values():
        why = "; ".join(f"{a}: {r}" for a in members for r in reasons.get(a, []))
        out.append(Origin(id=members[0], source_ids=tuple(members), reason=why))
    return tuple(sorted(out, key=lambda o: o.id))


_FEWEST_SENTENCES = 5
"""A report (or a group of reports) with fewer sentences is never taken for one of another event: a
few sentences that state nothing another report states say little about what the report is about."""


@dataclass(frozen=True, slots=True)
class Apart:
    """A report that looks like a report of another event (``unrelated_reports``)."""

    matched: int
    """Its sentences matched (as a fact's matched statement) with the event's other reports' (those
    not set apart with it)."""
    sentences: int
    together: tuple[str, ...] = ()
    """The reports set apart with it: a few reports of another story put in the folder together
    state facts among themselves and few or none of the others'."""


def unrelated_reports(facts: Sequence[Fact], sentences: Mapping[str, int], config: Config) -> dict[str, Apart]:
    """The reports (of those ``sentences`` counts) that look like reports of another event.

    A report of the event states some of what the others state, also in its own words: on the DEV
    clusters, every report of five sentences or more has at least 14% of its sentences matched
    (as a fact's matched statement, not only added) with another report's. A web page about
    another story shares at most a loose match or two ("at the end of the day" in a quotation),
    under ``Config.unrelated_share`` of its sentences. A few reports of another story put in
    together share facts among themselves, and few or none with the others: reports are grouped
    by average linkage on the facts they share (``event_groups``), and a group of two or more
    reports other than the largest is set apart together (the one least linked to the largest, one
    per call). Only in events of three or more reports: of two reports that share nothing, neither
    is the odd one.
    """
    if len(sentences) < 3 or config.unrelated_share <= 0.0:
        return {}
    shared, matched = _shared_facts(facts, sentences)

    def matched_outside(sid: str, group: Sequence[str] = ()) -> int:
        return len(set().union(*(k for other, k in matched[sid].items() if other not in group)))

    out = {sid: Apart(k, n) for sid, n in sentences.items()
           if n >= _FEWEST_SENTENCES and (k := matched_outside(sid)) < config.unrelated_share * n}
    groups = event_groups(sentences, shared, config.event_link)
    apart = [g for g in groups[1:] if _sizable(g, sentences)]
    if apart and len(groups[0]) > len(groups[1]):
        # One group at a time, the one least linked to the largest: reports of another story change
        # how the event's own reports align (a word's weight, a sentence's best match), so while they
        # are in, a loosely linked part of the event can look like a group of its own. The caller
        # checks the rest again once this group is out.
        def link(group: Sequence[str]) -> float:
            return (sum(_closeness(a, b, shared, sentences) for a in group for b in groups[0])
                    / (len(group) * len(groups[0])))

        group = min(apart, key=lambda g: (link(g), g[0]))
        for sid in group:
            out[sid] = Apart(matched_outside(sid, group), sentences[sid], tuple(x for x in group if x != sid))
    return out


def _shared_facts(facts: Sequence[Fact], sentences: Mapping[str, int]
                  ) -> tuple[Counter[tuple[str, str]], dict[str, dict[str, set[int]]]]:
    """How many facts each pair of the reports (ids in order) is matched in, and for each report, the
    sentences of it matched in a fact with each other report."""
    shared: Counter[tuple[str, str]] = Counter()
    matched: dict[str, dict[str, set[int]]] = {sid: {} for sid in sentences}
    for f in facts:
        cited = [c for c in f.citations if not c.added and c.source_id in matched]
        ids = sorted({c.source_id for c in cited})
        for a, b in itertools.combinations(ids, 2):
            shared[a, b] += 1
        for c in cited:
            for other in ids:
                if other != c.source_id:
                    matched[c.source_id].setdefault(other, set()).add(c.sentence_index)
    return shared, matched


def even_split(facts: Sequence[Fact], sentences: Mapping[str, int], config: Config) -> list[list[str]]:
    """The groups of reports (``event_groups``), when the event's reports fall into two or more
    groups and the largest two are of one size, each of two reports or more: no group is the
    event's, so none is set apart, but the folder likely holds several events (else empty)."""
    if len(sentences) < 4 or config.unrelated_share <= 0.0:
        return []
    groups = event_groups(sentences, _shared_facts(facts, sentences)[0], config.event_link)
    if len(groups) < 2 or len(groups[0]) != len(groups[1]) or len(groups[1]) < 2:
        return []
    return [g for g in groups if _sizable(g, sentences)]


def _sizable(group: Sequence[str], sentences: Mapping[str, int]) -> bool:
    """Whether a group of reports is enough to be taken for another event's: two reports or more,
    ``_FEWEST_SENTENCES`` sentences or more in all."""
    return len(group) > 1 and sum(sentences[sid] for sid in group) >= _FEWEST_SENTENCES


def split_warning(folder: str, groups: Sequence[Sequence[str]], names: Mapping[str, str]) -> str:
    """The warning for an ``even_split`` folder (``names``: each report's file name)."""
    listed = "; ".join(", ".join(names.get(sid, sid) for sid in g) for g in groups)
    return (f"{folder}: its reports fall into {len(groups)} groups that share few facts, no one of them the "
            f"largest ({listed}): likely {len(groups)} events in one folder; keep one event per folder")


def _closeness(a: str, b: str, shared: Mapping[tuple[str, str], int], sentences: Mapping[str, int]) -> float:
    """How close two reports are: the facts they share (``shared``, keyed by the pair of ids in order)
    as a share of the shorter one's sentences."""
    return shared.get((min(a, b), max(a, b)), 0) / max(1, min(sentences[a], sentences[b]))


def event_groups(sentences: Mapping[str, int], shared: Mapping[tuple[str, str], int], link: float
                 ) -> list[list[str]]:
    """Reports grouped by average linkage (largest group first, then by first id).

    Two reports are as close as the facts they share are a share of the shorter one's sentences
    (``_closeness``); the closest two groups are joined, one
    pair at a time, while their mean closeness over their pairs of reports reaches ``link`` and
    is above zero: groups that share no fact are never joined, and at 0 the groups are the
    connected groups of reports that share a fact.
    """
    ids = sorted(sentences)
    k = len(ids)
    total = np.zeros((k, k))
    where = {sid: n for n, sid in enumerate(ids)}
    for a, b in shared:
        if a in where and b in where and a != b:
            total[where[a], where[b]] = total[where[b], where[a]] = _closeness(a, b, shared, sentences)
    size = np.ones(k)
    alive = np.ones(k, dtype=bool)
    members = [[sid] for sid in ids]
    while alive.sum() > 1:
        mean = total / np.outer(size, size)
        mean[~alive, :] = mean[:, ~alive] = -1.0
        np.fill_diagonal(mean, -1.0)
        i, j = divmod(int(np.argmax(mean)), k)
        if mean[i, j] <= 0.0 or mean[i, j] < link:
            break
        total[i, :] += total[j, :]
        total[:, i] = total[i, :]
        total[i, i] = 0.0
        size[i] += size[j]
        alive[j] = False
        members[i] += members[j]
    groups = [sorted(members[n]) for n in range(k) if alive[n]]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def unrelated_flag(apart: Apart, language: tuple[str, str] | None = None, names: Mapping[str, str] | None = None
                   ) -> str:
    """The reader-facing flag of a report ``unrelated_reports`` found; ``language``: (its language, the
    event's main one) when it is written in another language than most reports, which explains why
    its words match none of theirs without saying it is about another event; ``names``: how to call
    the reports it was set apart with ("report 6")."""
    share = "none" if not apart.matched else f"only {apart.matched}"
    why = (f"written in {language[0]!r}, unlike most reports ({language[1]!r}): " if language
           else "likely about another event: ")
    besides = ""
    if apart.together:
        listed = ", ".join((names or {}).get(sid, sid) for sid in apart.together)
        besides = f" (other than {listed}, set apart with it)"
    return (f"{why}{share} of its {apart.sentences} sentences {_states(apart.matched)} what another report "
            f"of the event states{besides}, so it was compared with no other report and corroborates nothing")


def unrelated_warning(path: str, apart: Apart, language: tuple[str, str] | None = None,
                      names: Mapping[str, str] | None = None) -> str:
    """The maintainer-facing warning, naming the file, of a report ``unrelated_reports`` found
    (``names``: the file name of each report it was set apart with)."""
    why = "in another language than most reports" if language else "likely about another event"
    listed = ", ".join((names or {}).get(sid, sid) for sid in apart.together)
    together = f", other than {listed}, set apart with it" if apart.together else ""
    return (f"{path}: {why} ({apart.matched} of its {apart.sentences} sentences {_states(apart.matched)} "
            f"what another report states{together}); compared with no other report")


def _states(matched: int) -> str:
    return "states" if matched <= 1 else "state"
