"""Group statements from different sources that state the same fact.

Spellings of one name that the reports vary ("Kharkiv"/"Kharkov", transliterations)
are learned from the event's statements and made one before comparing. Every
pair of statements worth comparing (cheap blocking first) is then scored by
the one same-fact rule in `similarity`. A report states a fact once, so a link
is kept only between statements that are each other's best match in the other
report (``Config.mutual_best``). Core groups are then formed by greedy
average-link merging with at most one statement per source per group, so a
core never holds two sentences of one report; a member that lacks a name all the
others give, one that is the fact's own, leaves it. Other statements that also state
a group's fact (a sentence carrying two facts, a report repeating its lead) are
then added to it as extra evidence, so every fact's citations are complete; and
a statement left on its own gets its close best match in another report as
evidence, when that one states it inside a sentence matched as another fact.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .clean import word_count
from .config import Config
from .dates import normalize
from .names import names, respell, spelling_groups, variant
from .similarity import PairModel, capitalised, content_words
from .statements import Statement

log = logging.getLogger(__name__)

_UNLIKE = 0.5
"""Spellings of one name are made one before comparing only when they share less than this share
of their character trigrams ("Choe"/"Chai", "Kharkiv"/"Kharkov"); closer ones ("Ivanov"/"Ivanow")
the same-fact rule's character features already match, and respelling them only shifts its IDF."""
_GUARD = 0.7
"""A statement joins a group only when its mean score with the members reaches this share of the
threshold (average link), so one strong link cannot pull in a statement unlike the rest."""
_KEY_SHARE = 0.2
"""Share of a group's key words (IDF-weighted) a statement must state to be added to it."""
_ADD_GUARD = 0.85
"""A statement is added to a group only when its mean score with the members of other reports
reaches this share of the threshold. With ``_KEY_SHARE`` chosen on held-out clusters
(``bench/heldout.py``): 0.4 and 0.7 kept every added statement on topic but missed a third of
SuperPAL's links between sentences that share a fact among others (held-out link F1 0.44);
with the current same-fact model, 0.2 and 0.95 reach SuperPAL 0.51 and ECB+ 0.45, 0.9 reach
0.51 and 0.47, 0.85 reach 0.53 and 0.48 (0.8: 0.53 and 0.49, with more loose additions; a key
share of 0.15 or 0.25 does worse). The brief shows added statements apart from the matched ones."""

_SINGLE_LINK = 0.7
"""A statement matched in no fact, whose best match in another report scores at least this, states
that statement's fact (which the other may state among others, or in a group it is matched in):
the two become a fact of their own, the single statement matched and the other added
(``_pair_singles``). Chosen on the DEV clusters: at 0.6 and 0.65 the example event's leads,
close to every statement of their report, made two to four wrong corroborated facts; 0.65 and 0.7
give SuperPAL link F1 0.564 (0.554 without), corroboration accuracy 0.944 (0.931) and ECB+ 0.489
and 0.488 (0.488); held out at 0.7, SuperPAL 0.535 (0.525) and ECB+ 0.477 (0.477); 0.75 gives 0.559."""
_NAMED_BY = 3
"""A statement matched in a group leaves it when it lacks a name that the statements of at least
this many other reports in the group all give (``_lacking_names``)..."""
_NAME_SPREAD = 1.5
"""...and that this fact's own: at most this many times as many of the event's statements as the
group has members give it (every statement of the event names its main participants)."""


@dataclass(frozen=True, slots=True)
class Alignment:
    """Which statements state the same fact."""

    groups: tuple[tuple[int, ...], ...]
    """Indices into the statements; every statement is in at least one group. A group lists its
    core members first (a statement is a core member of one group at most), then the statements
    added to it as extra evidence."""
    cores: tuple[int, ...] = ()
    """Number of core members of each group (empty: every member is core)."""
    scores: tuple[tuple[int, int, float], ...] = ()
    """Every scored candidate pair (i < j), also below the threshold (for comparing whole reports)."""
    model: PairModel | None = field(default=None, compare=False, repr=False)
    """The same-fact rule fitted on the event's statements, to score a pair that was not a candidate."""


_CONTENT_WEIGHT = 0.5
"""Weight of a pair's content-only probability when a statement's best match in another report is
chosen (``_mutual_best``). Within an event the rule also weighs where two statements stand in their
reports, which says whether a pair is likely a link, not which of a report's statements is the one
that states the fact: two leads that share the event's day and place would otherwise outrank the
sentence that states the same thing in other words. Chosen on the DEV clusters (0.3 to 0.5 tie:
SuperPAL link F1 0.562, status accuracy 0.806, ECB+ 0.488, against 0.553, 0.792 and 0.482 without;
held out 0.533 and 0.480 against 0.523 and 0.480); 0.6 and more lose SuperPAL recall."""


Scored = list[tuple[int, int, float]]
"""Candidate pairs of statements (i < j) with their same-fact probability."""


def score_links(texts: Sequence[str], sources: Sequence[int], positions: Sequence[float] | None = None,
                min_words: int = 1) -> tuple[PairModel | None, Scored, dict[tuple[int, int], float]]:
    """The fitted model; the same-fact probability of every candidate pair of statements from
    different sources (``positions``: where each statement stands in its report, 0 to 1); and each
    pair's rank for choosing best matches (``_CONTENT_WEIGHT``). A statement of fewer than
    ``min_words`` words ("You remember.") states too little to be matched."""
    if len(texts) < 2:
        return None, [], {}
    model = PairModel.fit(texts, positions)
    short = {k for k, t in enumerate(texts) if word_count(t) < min_words}
    pairs = [(i, j) for i, j in model.candidate_pairs(sources) if i not in short and j not in short]
    if not pairs:
        return model, [], {}
    scores, content = model.score_pairs_and_content(pairs)
    rank = {pair: float(p + _CONTENT_WEIGHT * c) for pair, p, c in zip(pairs, scores, content, strict=True)}
    return model, [(i, j, float(p)) for (i, j), p in zip(pairs, scores, strict=True)], rank


def _mutual_best(scored: Scored, sources: Sequence[int],
                 rank: Mapping[tuple[int, int], float] | None = None) -> Scored:
    """The pairs in which each statement is the other's best match in the other's report.

    A report states a fact once: when a statement matches several of another report's
    statements, only its best match can be the same fact, and only if that statement
    has no better match in the first report either. ``rank`` orders the matches (default: the score).
    """
    order = {(i, j): rank.get((i, j), p) if rank else p for i, j, p in scored}
    best: dict[tuple[int, int], float] = {}
    for i, j, _ in scored:
        for a, b in ((i, j), (j, i)):
            key = (a, sources[b])
            best[key] = max(best.get(key, 0.0), order[(i, j)])
    return [(i, j, p) for i, j, p in scored
            if order[(i, j)] >= best[(i, sources[j])] and order[(i, j)] >= best[(j, sources[i])]]


def _cluster(n: int, sources: Sequence[int], sim: dict[tuple[int, int], float], every: dict[tuple[int, int], float],
             threshold: float) -> list[list[int]]:
    """Greedy average-link merging along the links ``sim``, the average over ``every`` score;
    groups never hold two statements of one source."""
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    srcs: dict[int, set[int]] = {i: {sources[i]} for i in range(n)}
    for (i, j), p in sorted(sim.items(), key=lambda kv: (-kv[1], kv[0])):
        if p < threshold:
            break
        gi, gj = group_of[i], group_of[j]
        if gi == gj or srcs[gi] & srcs[gj]:
            continue
        total = sum(every.get((min(a, b), max(a, b)), 0.0) for a in members[gi] for b in members[gj])
        if total / (len(members[gi]) * len(members[gj])) < threshold * _GUARD:
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
        srcs[gi] |= srcs.pop(gj)
    return [sorted(m) for m in members.values()]


def _lacking_names(groups: Sequence[Sequence[int]], texts: Sequence[str], every: Mapping[tuple[int, int], float],
                   clear: float) -> tuple[list[list[int]], dict[int, frozenset[int]]]:
    """The groups, each with its one member that lacks the fact's own name taken out, as a group of its
    own; and for each one taken out, the members it may not be added back to.

    When every other report's statement of a fact names a participant that is the fact's own, not
    the event's ("Borduria" in "…signed deals to arm Borduria", in 5 of the event's statements), a
    statement that names it nowhere ("…the allies' stockpiles are depleted") says something else
    about the same topic. A name counts as given in any spelling of it (``variant``) and by any word
    of the name as the others write it ("Ivanov" gives "Anna Ivanov"). Only one member may
    lack it (when two do, the name is a detail the reports add, not the fact), and only one whose mean
    score with the others is under ``clear`` (``Config.corroboration_link``): one clearly linked states
    the fact without naming everything ("said an official of the ARC", the others spelling the
    council's name out).
    """
    named = capitalised(texts)
    words = [_name_words(t) for t in texts]
    spread: dict[str, int] = {}
    for ws in words:
        for w in ws:
            spread[w] = spread.get(w, 0) + 1
    phrase_of: list[dict[str, frozenset[str]]] = []  # each text's name words -> the other words of its names
    for t in texts:
        of: dict[str, frozenset[str]] = {}
        for phrase in names(t):
            ws = _name_words(phrase) & named  # not "Minister" of "the minister"
            for w in ws:
                of[w] = of.get(w, frozenset()) | (ws - {w})
        phrase_of.append(of)

    def lacks(m: int, others: Sequence[int], size: int) -> bool:
        shared = frozenset.intersection(*(words[k] & named for k in others))
        return any(
            n not in words[m] and spread[n] <= _NAME_SPREAD * size
            and not any(phrase_of[k].get(n, frozenset()) & words[m] for k in others)
            and not any(variant(n, w) for w in words[m])
            for n in shared if n.isalpha()
        )

    def mean_link(m: int, g: Sequence[int]) -> float:
        return sum(every.get((min(m, k), max(m, k)), 0.0) for k in g if k != m) / (len(g) - 1)

    out: list[list[int]] = []
    barred: dict[int, frozenset[int]] = {}
    for g in groups:
        lacking = [m for m in g if len(g) > _NAMED_BY and lacks(m, [k for k in g if k != m], len(g))]
        if len(lacking) == 1 and mean_link(lacking[0], g) < clear:
            out += [[k for k in g if k != lacking[0]], lacking]
            barred[lacking[0]] = frozenset(g) - {lacking[0]}
        else:
            out.append(list(g))
    return out, barred


def _name_words(text: str) -> frozenset[str]:
    """The text's content stems, a possessive's without its apostrophe ("Borduria's" gives "Borduria")."""
    return frozenset(w.rstrip("'") for w in content_words(text))


def _attach(groups: Sequence[Sequence[int]], sources: Sequence[int], every: dict[tuple[int, int], float],
            threshold: float, model: PairModel | None, sentences: Sequence[object] = (),
            barred: Mapping[int, frozenset[int]] | None = None) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The groups as (core, added): to each group of two or more, the other statements that also state its fact.

    A sentence can carry several facts and a report can state a fact twice (in the lead and
    again below), so any statement may be added to a group, also one already in another group
    or from a report the group already cites: when it links to a member at the threshold, is
    the closest statement of its report (outside the group) to some member, passes the
    average-link guard (its mean score with the members of other reports) and states the
    group's own content, not only the event's topic: at least ``_KEY_SHARE`` of the words most
    members share (``PairModel.key_coverage``), unless it is another clause of a member's sentence
    (``sentences`` names each statement's sentence): when another report's statement matches both
    clauses of a sentence, it states both, so the clause is its evidence too, and a spun
    report's clause is not left to stand alone beside the clean version that states it.
    Groups that end up identical are kept once, and
    a statement added to a group is no longer a single-source fact of its own. A statement taken
    out of a group (``barred``: the members it was taken from) is not added back to it.
    """
    neighbours: dict[int, set[int]] = {}
    ranked: dict[tuple[int, int], list[tuple[float, int]]] = {}  # (statement, report) -> its matches there
    for (i, j), p in every.items():
        if p >= threshold:
            neighbours.setdefault(i, set()).add(j)
            neighbours.setdefault(j, set()).add(i)
        ranked.setdefault((i, sources[j]), []).append((p, j))
        ranked.setdefault((j, sources[i]), []).append((p, i))
    for matches in ranked.values():
        matches.sort(reverse=True)

    def closest_outside(m: int, report: int, g: Sequence[int]) -> int:
        return next((x for _, x in ranked.get((m, report), ()) if x not in g), -1)

    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    seen: set[tuple[int, ...]] = set()
    for g in groups:
        added: list[int] = []
        if len(g) >= 2 and model is not None:
            for s in sorted({n for k in g for n in neighbours.get(k, ())} - set(g)):
                if barred and barred.get(s, frozenset()) & set(g):
                    continue  # taken out of this group for lacking its name
                others = [k for k in g if sources[k] != sources[s]]
                if not any(closest_outside(m, sources[s], g) == s for m in others):
                    continue  # no member finds it the closest statement of its report
                mean = sum(every.get((min(s, k), max(s, k)), 0.0) for k in others) / len(others)
                sibling = bool(sentences) and any(sentences[k] == sentences[s] for k in g)
                if mean >= _ADD_GUARD * threshold and (sibling or model.key_coverage(g, s) >= _KEY_SHARE):
                    added.append(s)
        members = tuple(sorted([*g, *added]))
        if members not in seen:
            seen.add(members)
            out.append((tuple(sorted(g)), tuple(added)))
    shared = {k for core, added in out if len(core) + len(added) > 1 for k in added}
    return [(core, added) for core, added in out if len(core) > 1 or added or core[0] not in shared]


def _pair_singles(extended: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], sources: Sequence[int],
                  every: Mapping[tuple[int, int], float], at: float, barred: Mapping[int, frozenset[int]]
                  ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The groups, each single statement given as added evidence its best match in every other report
    that scores at least ``at``.

    Mutual best matches miss a fact when the other report states it inside a sentence that states
    another fact too: "He was fined and ordered to attend anger-management classes" has its best
    match in "He was charged with a felony, ordered to pay a fine and attend anger-management
    classes", whose own best match is "He was charged with a felony". Left alone, the first would
    stand as one report's claim. A statement taken out of a group (``barred``) is not paired with
    its members, and a single statement that becomes another's evidence is no fact of its own.
    """
    grouped = {k for core, added in extended if len(core) + len(added) > 1 for k in (*core, *added)}
    best: dict[tuple[int, int], tuple[float, int]] = {}  # (single statement, other report) -> best match there
    for (i, j), p in every.items():
        if p < at:
            continue
        for a, b in ((i, j), (j, i)):
            if a not in grouped and b not in barred.get(a, frozenset()) and p > best.get((a, sources[b]), (0.0, -1))[0]:
                best[(a, sources[b])] = (p, b)
    partners: dict[int, list[int]] = {}
    for (a, _), (_, b) in sorted(best.items()):
        partners.setdefault(a, []).append(b)
    seen = {frozenset((*core, *added)) for core, added in extended}
    out = []
    for core, added in extended:
        single = core[0] if len(core) == 1 and not added and core[0] not in grouped else -1
        extra = tuple(sorted(partners.get(single, ())))
        if extra and frozenset((single, *extra)) not in seen:
            seen.add(frozenset((single, *extra)))
            out.append((core, extra))
        else:
            out.append((core, added))
    now_added = {k for core, added in out for k in added}
    return [(core, added) for core, added in out if added or len(core) > 1 or core[0] not in now_added]


def align(units: Sequence[Statement], config: Config, dates: Mapping[str, str | None] | None = None,
          part_of: Mapping[str, str] | None = None) -> Alignment:
    """Group the event's statements into facts; ``dates`` gives each source's date for relative dates.
    A report in ``part_of`` (a copy that repeats another report, with that report) is aligned as part
    of that report: its statements are never matched with that report's, nor in a fact beside them."""
    dates = dates or {}
    part_of = part_of or {}
    spellings = spelling_groups(((u.sentence.source_id, u.compared) for u in units), strict=True)
    texts = respell([normalize(u.compared, dates.get(u.sentence.source_id)) for u in units], spellings, _UNLIKE)
    source_index = {sid: k for k, sid in enumerate(dict.fromkeys(u.sentence.source_id for u in units))}
    source_index |= {copy: source_index[first] for copy, first in part_of.items()
                     if copy in source_index and first in source_index}
    sources = [source_index[u.sentence.source_id] for u in units]
    count: dict[str, int] = {}
    for u in units:
        count[u.sentence.source_id] = max(count.get(u.sentence.source_id, 0), u.sentence.index + 1)
    positions = [u.sentence.index / max(1, count[u.sentence.source_id] - 1) for u in units]
    model, scored, rank = score_links(texts, sources, positions, config.min_sentence_words)
    kept = _mutual_best(scored, sources, rank) if config.mutual_best else scored
    sim = {(i, j): p for i, j, p in kept}
    every = {(i, j): p for i, j, p in scored}
    groups, barred = _lacking_names(_cluster(len(units), sources, sim, every, config.same_fact_threshold),
                                    texts, every, config.corroboration_link)
    sentences = [(u.sentence.source_id, u.sentence.index) for u in units]
    extended = _pair_singles(_attach(groups, sources, every, config.same_fact_threshold, model, sentences, barred),
                             sources, every, _SINGLE_LINK, barred)
    return Alignment(groups=tuple(core + added for core, added in extended),
                     cores=tuple(len(core) for core, _ in extended), scores=tuple(sorted(scored)), model=model)
