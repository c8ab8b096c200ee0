"""Decide what is corroborated, and pick the wording the brief shows.

A fact is corroborated when its evidence comes from at least
``config.min_origins`` independent origins; copies and rewrites of one report
count once. The shown wording is always one source's verbatim sentence: the
clearest one, preferring complete, self-contained sentences from reports whose
wording is not repeatedly the odd one out (spun or machine-translated text).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import semantic, similarity
from .align import Alignment
from .config import Config
from .disputes import LONGEST_COMPARED, SLOT_TOKEN, find_disputes, joined_figures, slot_dispute, successive
from .model import Citation, CleanSource, Fact, Origin
from .names import edit_distance
from .similarity import STOP_WORDS
from .statements import Statement

_PRONOUN_START = re.compile(r"^(he|she|it|they|this|that|these|those|his|her|their|its)\b", re.I)
_WORD = re.compile(r"[^\W\d_]+", re.U)
_SWAP_WORDS = 3
"""Longest run of words, on either side, that counts as a word-for-word swap."""
_MIN_SWAPS = 3
"""A report is flagged only when it swaps at least this many different words: repeatedly."""
_OWN_ORIGIN_FACTOR = 2
"""How much odder than a copy a report of an origin of its own must be to be flagged as spun."""
_ODD_RATIO = 1.3
"""A report is flagged as likely spun when its share of odd words is this many times the typical
report's (the median of the others): paraphrase and translation make every report somewhat odd,
word-by-word synonym swapping makes one far odder."""


def fact_id(unit: Statement) -> str:
    """Stable id of a fact, from the source and wording of its anchor statement.

    The anchor is the citation of the first source (by id, then position), not the
    shown wording, which depends on the whole event: so an id changes only when the
    fact's own evidence does.
    """
    key = f"{unit.sentence.source_id}\x00{' '.join(_WORD.findall(unit.text.lower()))}"
    return "f-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=1 << 14)
def _words(text: str) -> frozenset[str]:
    """The text's words of four letters or more, lower-cased (cached: a statement is compared with
    every other version of its fact)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 3)


def odd_words(unit: Statement, others: Sequence[Statement], spread: Counter[str]) -> tuple[list[str], int]:
    """A statement's odd content words (no other version and no other report uses them), and its word count."""
    mine = _words(unit.text)
    theirs = set().union(*(_words(o.text) for o in others)) if others else set()
    ordered = dict.fromkeys(_WORD.findall(unit.text.lower()))
    odd = [w for w in ordered if w in mine and w not in theirs and spread[w] <= 1]
    return odd, len(mine)


def swapped_words(unit: Statement, others: Sequence[Statement], spread: Counter[str]) -> list[tuple[str, str]]:
    """Odd words a statement puts where another version of the fact has words other reports use too,
    the words around them being the same: ("preacher", "minister") in "the preacher quit" against
    "the minister quit". The signature of word-by-word synonym swapping; a report that tells the
    fact its own way differs in structure, not word for word. A spelling of the same word
    ("defence" for "defense") is not a swap, nor is a word put for function words only ("going"
    for "would")."""
    mine = _WORD.findall(unit.text.lower())
    if not any(len(w) > 3 and spread[w] <= 1 for w in mine):
        return []  # no word of its own that could be a swap: nothing to compare
    found: dict[str, str] = {}
    for other in others:
        theirs = _WORD.findall(other.text.lower())
        if max(len(mine), len(theirs)) > LONGEST_COMPARED:
            continue
        ops = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
        for n, (tag, i1, i2, j1, j2) in enumerate(ops):
            if tag != "replace" or i2 - i1 > _SWAP_WORDS or j2 - j1 > _SWAP_WORDS:
                continue
            if not (0 < n < len(ops) - 1 and ops[n - 1][0] == "equal" and ops[n + 1][0] == "equal"):
                continue
            replaced = theirs[j1:j2]
            if all(spread[w] >= 2 for w in replaced) and not all(w in STOP_WORDS for w in replaced):
                for w in mine[i1:i2]:
                    if len(w) > 3 and spread[w] <= 1 and not any(_respelt(w, o) for o in replaced):
                        found.setdefault(w, " ".join(replaced))
    return list(found.items())


def _respelt(word: str, other: str) -> bool:
    """Whether two words are spellings of one word ("defence"/"defense", "organise"/"organize"), not a swap."""
    return edit_distance(word, other) <= max(1, min(len(word), len(other)) // 4)


@dataclass(frozen=True, slots=True)
class Oddness:
    """How a report's wording of the facts it shares with others stands out."""

    share: float
    """Share of its words, in shared facts, that no other version of the fact and no other report uses."""
    words: tuple[str, ...]
    """Those words."""
    swaps: tuple[tuple[str, str], ...]
    """Odd words put in place of words the other versions share (word, what the other version has)."""
    total: int
    """Its content words in shared facts."""


def oddness(units: Sequence[Statement], groups: Sequence[Sequence[int]],
            part_of: Mapping[str, str] | None = None) -> dict[str, Oddness]:
    """Per source, how odd its wording of shared facts is (sources with at least 20 such words).

    Spun copies and machine translations swap words for odd synonyms, so their
    versions of shared facts carry many words that no other report uses (``part_of``: see ``word_spread``).
    """
    spread = word_spread(units, part_of)
    odd: dict[str, list[str]] = {}
    swaps: dict[str, list[tuple[str, str]]] = {}
    total: Counter[str] = Counter()
    for g in groups:
        if len({units[k].sentence.source_id for k in g}) < 2:
            continue
        for k in g:
            sid = units[k].sentence.source_id
            others = [units[m] for m in g if units[m].sentence.source_id != sid]
            words, t = odd_words(units[k], others, spread)
            odd.setdefault(sid, []).extend(words)
            swaps.setdefault(sid, []).extend(swapped_words(units[k], others, spread))
            total[sid] += t
    return {
        sid: Oddness(len(odd[sid]) / total[sid], tuple(odd[sid]), tuple(dict(swaps[sid]).items()), total[sid])
        for sid in total
        if total[sid] >= 20
    }


def word_spread(units: Sequence[Statement], part_of: Mapping[str, str] | None = None) -> Counter[str]:
    """How many reports use each word; a report in ``part_of`` (a copy repeating another) counts as
    that report, so a copy's words are not another report's use of them."""
    part_of = part_of or {}
    per_source: dict[str, set[str]] = {}
    for u in units:
        sid = u.sentence.source_id
        per_source.setdefault(part_of.get(sid, sid), set()).update(_words(u.text))
    return Counter(w for ws in per_source.values() for w in ws)


def _typical(values: Sequence[float]) -> float:
    """The median (of an even count, the mean of the middle two)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def spun_flags(odd: dict[str, Oddness], copies: frozenset[str] | None = None) -> dict[str, str]:
    """Reports whose wording is repeatedly the odd one out, word for word, with the evidence.

    Both must hold: many of its words in shared facts are used by no other report (paraphrase
    and translation make every report somewhat odd, so this is measured against the typical
    report), and it repeatedly swaps single words where another version has words the other
    reports share (a report in its own words is odd too, but not word for word).

    A spun report is a rewrite of another: when ``copies`` (the reports that share their origin
    with another report) is given, a report of an origin of its own must be twice as odd
    (``_OWN_ORIGIN_FACTOR``) to be flagged, since an independent report's own words are not swaps.
    """
    flags = {}
    for sid, o in odd.items():
        others = [v for k, v in odd.items() if k != sid]
        typical = _typical([v.share for v in others])
        swap_share = len(o.swaps) / o.total
        typical_swaps = _typical([len(v.swaps) / v.total for v in others])
        factor = 1 if copies is None or sid in copies else _OWN_ORIGIN_FACTOR
        if (o.share >= 0.2 and o.share >= factor * _ODD_RATIO * typical
                and len(o.swaps) >= factor * _MIN_SWAPS and swap_share >= factor * _ODD_RATIO * typical_swaps):
            examples = [f"“{w}” for “{x}”" for w, x in o.swaps][:6]
            flags[sid] = (
                f"{SPUN}: {o.share:.0%} of its words in facts it shares with other "
                f"reports are used by no other report (typical: {typical:.0%}), and it puts odd words where "
                "the others agree, e.g. " + ", ".join(examples)
            )
    return flags


SPUN = "likely spun or machine-translated"
"""How the flag of a report whose wording is repeatedly the odd one out begins."""
_MIN_SCRIPT_LETTERS = 4
"""Letters of another script a piece of page text needs before it says which language the page was in."""


def _script(ch: str) -> str:
    """The writing system of a letter: 'LATIN', 'HANGUL', 'CYRILLIC', 'CJK', 'ARABIC'..."""
    return unicodedata.name(ch, "UNKNOWN").split(" ")[0]


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _scripts(text: str) -> Counter[str]:
    """How many of the text's letters each writing system has, in the order the systems first occur
    (an ASCII letter is Latin: only the others are looked up, one by one)."""
    counts: Counter[str] = Counter()
    first = _ASCII_LETTER.search(text)
    latin = len(_ASCII_LETTER.findall(text)) if first else 0
    for m in _NOT_ASCII.finditer(text):
        ch = m.group()
        if ch.isalpha():
            if first and m.start() > first.start() and "LATIN" not in counts:
                counts["LATIN"] = 0  # the first ASCII letter came before this one
            counts[_script(ch)] += 1
    if latin:
        counts["LATIN"] += latin
    return counts


def translation_flags(cleaned: Sequence[CleanSource]) -> dict[str, str]:
    """Reports whose page, around the article, is written in another script than the article:
    the article was translated (a page translated in the browser keeps some of its own words).

    A line of page chrome that cleaning removed counts when most of its letters, and at least
    ``_MIN_SCRIPT_LETTERS``, are of one script other than the one most of the article is written in.
    """
    flags = {}
    for c in cleaned:
        article = _scripts(c.text).most_common(1)
        if not article:
            continue
        own = article[0][0]
        for r in c.removed:
            letters = _scripts(r.text)
            script, count = (letters.most_common(1) or [("", 0)])[0]
            if script != own and count >= _MIN_SCRIPT_LETTERS and 2 * count > sum(letters.values()):
                flags[c.source.id] = (f"likely translated: the page around the article is written in "
                                      f"{script.title()} (“{' '.join(r.text.split())[:40]}”), the article in "
                                      f"{own.title()}")
                break
    return flags


_QUOTE_NEXT = re.compile(r"[,:]?\s*[\"“‘]")


def shown_text(unit: Statement) -> str:
    """What the brief shows for a statement: the clause when it reads as a sentence, else the sentence.

    A clause that introduces a quotation ("He said at the forum, “…”") does not read on its own:
    what was said is the rest of the sentence.
    """
    if unit.whole:
        return unit.text
    if unit.claim and not unit.claim.startswith(unit.text):
        return unit.sentence.text  # a relative clause, compared with its subject put back
    after = unit.sentence.text[unit.end - unit.sentence.start:]
    if unit.text[:1].isupper() and len(unit.text.split()) >= 8 and not _QUOTE_NEXT.match(after):
        return unit.text
    return unit.sentence.text


_CENTRAL = 2.0
"""Weight, in the choice of the shown wording, of a version's mean same-fact score with the other
reports' versions: the wording that states what the others state is shown, not an outlier that a
weaker link brought into the fact."""


def clarity(unit: Statement, odd: float, flagged: bool = False) -> float:
    """How well a statement stands alone as the shown wording (higher is better).

    ``odd`` is the share of the statement's words that no other version of the fact
    uses; ``flagged`` says its report is likely spun or machine-translated.
    """
    sentence = unit.sentence
    words = shown_text(unit).split()
    score = 0.0
    score -= abs(len(words) - 25) / 25
    if not unit.whole:
        score -= 0.3 if shown_text(unit) == unit.text else 0.6
    if not sentence.text[:1].isupper() and sentence.text[:1] not in "\"“'‘":
        score -= 1
    if not re.search(r"[.!?\"”’]$", sentence.text):
        score -= 1
    if _PRONOUN_START.match(sentence.text):
        score -= 0.7
    if re.search(r"[a-z][.,][a-z]|\s[,.]|[a-z](?:but|and)\b", sentence.text):
        score -= 0.3  # a stray or missing space: a sign of careless copying
    score -= 3 * odd + (1.5 if flagged else 0.0)
    return score


def _whole_sentences(
    units: Sequence[Statement], groups: Sequence[Sequence[int]]
) -> list[Sequence[int | Statement]]:
    """Groups, with the clauses of a sentence that no other report states joined back into the sentence.

    Splitting a sentence into clauses only helps when a clause is shared; a sentence
    none of whose clauses is shared (each alone, or all in one group of that sentence's
    clauses only) is one single-source statement, not several fragments.
    """
    def key(k: int) -> tuple[str, int]:
        return units[k].sentence.source_id, units[k].sentence.index

    clauses_of: Counter[tuple[str, int]] = Counter((u.sentence.source_id, u.sentence.index) for u in units)
    groups_of: Counter[int] = Counter(k for g in groups for k in g)
    alone: dict[tuple[str, int], list[int]] = {}
    for g in groups:
        if len({key(k) for k in g}) == 1 and all(groups_of[k] == 1 for k in g):
            alone.setdefault(key(g[0]), []).extend(g)
    joined = {k for k, ks in alone.items() if len(ks) == clauses_of[k] > 1}
    out: list[Sequence[int | Statement]] = []
    done: set[tuple[str, int]] = set()
    for g in groups:
        if key(g[0]) in joined and len({key(k) for k in g}) == 1:
            if key(g[0]) not in done:
                s = units[g[0]].sentence
                out.append([Statement(s, s.text, s.start, s.end)])
                done.add(key(g[0]))
            continue
        out.append(g)
    return out


_REFERS_BACK = re.compile(r"\b(?:these|those)\s+(?!(?:days|who|whom|whose|which|that|of|in|at|with|for)\b)[a-z]",
                          re.IGNORECASE)
"""A plural demonstrative before a noun ("these weapons", "those talks"): the statement's subject is
named in the sentence before it, so whatever words it shares with another report's statement, it
cannot show on its own that the two state one fact."""


_COMMON_SHARE = 0.3
"""A word in more than this share of an event's statements (and in more than two) is one of its main
topics ("Ruritania", "weapons"): two statements sharing only such words are about the same
participants, not one fact. 0.1 to 0.3 give the same DEV figures; held out, SuperPAL link F1 is 0.517
at 0.1 and 0.525 at 0.3 (0.525 without the rule)."""


def event_names(units: Sequence[Statement]) -> frozenset[str]:
    """Stems the event's statements write capitalised in most places other than a sentence's
    start: names of participants, places and days ("Ruritania", "Ivanov", "Monday")."""
    return similarity.capitalised(u.compared for u in units)


def split_unconfirmed(units: Sequence[Statement], alignment: Alignment, origin_of: Mapping[str, str],
                      config: Config, held: Mapping[str, set[str]]) -> Alignment:
    """The alignment, with each group whose origins no pair of statements clearly links split per origin.

    Grouping at the same-fact threshold (even odds) is right for citations: a statement that may
    state the fact is shown with it. Calling a fact corroborated takes more: at least one pair of
    its statements from different origins must reach ``config.corroboration_link``, neither of them
    a statement that points back to an earlier sentence for what it is about ("these weapons were
    made for the navy": ``_REFERS_BACK``), and at least one of them matched in the fact, not only
    added to it (two added statements linked to each other state their own fact); when the matched
    statements of different origins share only the event's main topics (``_COMMON_SHARE``), both must
    be matched ones. A pair that shares no word but names must reach ``config.names_only_link``. Two reports'
    statements that share only the event's topic ("vulnerable to the neighbour's weapons" and "help
    stop the neighbour's weapons") reach the threshold now and then, seldom the margin. A group
    without such a pair becomes one group per origin, each a fact of its own origin, so no claim one
    report makes is called corroborated on a weak match. Also, a statement added to a fact for an
    origin none of whose statements is matched in it, while it is matched in a fact of its own, must
    link to a matched statement by more than names (or at ``names_only_link``), else it is not this
    fact's evidence: "the president said his country's laws forbid it" states its own fact, and
    added to "the envoy met the president" only on the president's name, would count its origin
    as one more report of the meeting. Matched statements of two origins that give two states of a
    running figure (``disputes.successive``: "the lead to 50-44", "the lead to 62-46", each report
    giving both, ``held``: each report's words and joined figures, ``report_words``) report two
    moments: their group is split per origin too. Needs the alignment's scores (without them every
    group is kept).
    """
    if not alignment.scores:
        return alignment
    link = {(i, j): p for i, j, p in alignment.scores}
    needed = max(config.same_fact_threshold, config.corroboration_link)
    cores = alignment.cores or tuple(len(g) for g in alignment.groups)
    origin = [origin_of.get(u.sentence.source_id, u.sentence.source_id) for u in units]
    refers = [bool(_REFERS_BACK.search(u.text)) for u in units]
    names = event_names(units)
    every = [similarity.content_words(u.compared) for u in units]
    words = [w - names for w in every]
    spread = Counter(w for ws in every for w in ws)
    common = frozenset(w for w, c in spread.items() if c > _COMMON_SHARE * len(units) and c > 2)

    def tied(a: int, b: int, at: float) -> bool:
        """Linked at ``at``, by more than names alone unless at ``names_only_link``."""
        p = link.get((min(a, b), max(a, b)), 0.0)
        return p >= at and (p >= config.names_only_link or bool(words[a] & words[b]))

    def confirms(a: int, b: int) -> bool:
        return not refers[a] and not refers[b] and tied(a, b, needed)

    def states_apart(a: int, b: int) -> bool:
        return successive(units[a].text, units[b].text, held[units[a].sentence.source_id],
                          held[units[b].sentence.source_id])

    matched_elsewhere = {k for g, n in zip(alignment.groups, cores, strict=True) if n > 1 for k in g[:n]}
    out: list[tuple[tuple[int, ...], int]] = []
    for g, n in zip(alignment.groups, cores, strict=True):
        # An origin's only evidence of a fact, a statement matched as stating another fact and added
        # to this one on the names both give, names the fact's participants without stating it.
        voiced = {origin[k] for k in g[:n]}
        loose = [k for k in g[n:] if origin[k] not in voiced and k in matched_elsewhere
                 and not any(tied(k, c, config.same_fact_threshold) for c in g[:n] if origin[c] != origin[k])]
        g = tuple(k for k in g if k not in loose)  # each stays in the fact it is matched in
        matched = set(g[:n])
        # Matched statements of two origins that share only words common across the event say two
        # things about its main participants: added statements linked to either cannot make that one fact.
        apart = [(a, b) for a in matched for b in matched if origin[a] < origin[b]]
        only_topic = bool(apart) and not any((every[a] & every[b]) - common for a, b in apart)
        # Matched statements of two origins that give two states of a running figure ("the lead
        # to 50-44", "the lead to 62-46") report two moments, each its own fact.
        moments = any(states_apart(a, b) for a, b in apart)
        if len({origin[k] for k in g}) < 2 or (not moments and any(
            confirms(a, b) for a in g for b in g if origin[a] < origin[b]
            and ((a in matched and b in matched) if only_topic else (a in matched or b in matched))
        )):
            out.append((g, n))
            continue
        for o in dict.fromkeys(origin[k] for k in g):
            core = [k for k in g[:n] if origin[k] == o]
            added = [k for k in g[n:] if origin[k] == o]
            if not core:
                core, added = added[:1], added[1:]
            # An added statement stays only with core statements it links to: one added for another
            # origin's statement becomes a fact of its own (or stays where else it is grouped).
            linked = [k for k in added if any(link.get((min(k, c), max(k, c)), 0.0) >= config.same_fact_threshold
                                              for c in core)]
            out.append(((*core, *linked), len(core)))
            out += [((k,), 1) for k in added if k not in linked]
    grouped = {k for g, _ in out if len(g) > 1 for k in g}
    seen: set[tuple[int, ...]] = set()
    kept: list[tuple[tuple[int, ...], int]] = []
    for g, n in out:
        key = tuple(sorted(g))
        if key in seen or (len(g) == 1 and g[0] in grouped):
            continue
        seen.add(key)
        kept.append((g, n))
    return Alignment(groups=tuple(g for g, _ in kept), cores=tuple(n for _, n in kept), scores=alignment.scores,
                     model=alignment.model)


def report_words(units: Sequence[Statement]) -> dict[str, set[str]]:
    """Each report's words (``SLOT_TOKEN``, lower-cased) and joined figures ("50-44"): what a
    dispute's version is checked against (a value the report gives elsewhere)."""
    vocab: dict[str, set[str]] = {}
    for u in units:
        words = vocab.setdefault(u.sentence.source_id, set())
        words.update(w.lower() for w in SLOT_TOKEN.findall(u.text))
        words.update(joined_figures(u.text))
    return vocab


def facts_from(
    units: Sequence[Statement], alignment: Alignment, origins: Sequence[Origin], config: Config,
    dates: Mapping[str, str | None] | None = None, part_of: Mapping[str, str] | None = None,
    embed: semantic.Embed | None = None,
) -> tuple[tuple[Fact, ...], dict[str, str]]:
    """One Fact per group, with status and shown wording; and the reports flagged as likely spun.
    ``dates`` gives each report's date, against which "Monday" or "the 30th" is read; ``part_of``
    the reports aligned as part of another (copies that repeat it), whose words are that report's;
    ``embed`` the sentence embedding model for the second look at claims only copies make (``semantic``)."""
    origin_of = {sid: o.id for o in origins for sid in o.source_ids}
    vocab = report_words(units)
    alignment = semantic.second_look(units, split_unconfirmed(units, alignment, origin_of, config, vocab),
                                     origin_of, embed, config)
    cores = dict(zip(alignment.groups, alignment.cores, strict=False))
    # Wording is compared within core groups: added statements state the fact among other things.
    copies = frozenset(sid for o in origins if len(o.source_ids) > 1 for sid in o.source_ids)
    flags = spun_flags(oddness(units, [g[: cores.get(g, len(g))] for g in alignment.groups], part_of), copies)
    spread = word_spread(units, part_of)
    link = {(i, j): p for i, j, p in alignment.scores}
    index = {id(u): k for k, u in enumerate(units)}
    facts = []
    for g in _whole_sentences(units, alignment.groups):
        members = [units[k] if isinstance(k, int) else k for k in g]
        ints = tuple(k for k in g if isinstance(k, int))
        core = members[: cores.get(ints, len(members))] if len(ints) == len(g) else members

        def central(u: Statement, core: list[Statement] = core) -> float:
            """Mean same-fact score of a core member with the core members of other reports."""
            k = index.get(id(u), -1)
            scores = [link.get((min(k, index[id(m)]), max(k, index[id(m)])), 0.0) for m in core
                      if m.sentence.source_id != u.sentence.source_id and id(m) in index]
            return sum(scores) / len(scores) if scores and k >= 0 else 0.0

        def rank(u: Statement, members: list[Statement] = members) -> tuple[bool, float, int, str, int]:
            others = [m for m in members if m.sentence.source_id != u.sentence.source_id]
            odd, total = odd_words(u, others, spread)
            share = len(odd) / total if others and total else 0.0
            clean = u.sentence.source_id not in flags  # never a flagged report's wording when another exists
            score = clarity(u, share, not clean) + _CENTRAL * central(u)
            return clean, score, -len(u.text), u.sentence.key, -u.start

        best = max(core, key=rank)  # added statements back the fact; its wording is a core member's
        ordered = sorted(members, key=lambda u: (u is not best, u.sentence.source_id, u.start))
        citations = tuple(Citation(u.sentence.source_id, u.sentence.index, u.text, u.start, u.end,
                                   added=u not in core) for u in ordered)
        n_origins = len({origin_of.get(c.source_id, c.source_id) for c in citations})
        status = "corroborated" if n_origins >= config.min_origins else "single-source"
        anchor = min(core, key=lambda u: (u.sentence.source_id, u.start))  # core members belong to no other fact
        facts.append(
            Fact(id=fact_id(anchor), text=shown_text(best), status=status, citations=citations, origins=n_origins)
        )
    facts = _merge_repeats(facts)
    length: dict[str, int] = {}
    for u in units:
        length[u.sentence.source_id] = max(length.get(u.sentence.source_id, 0), u.sentence.index + 1)

    def place(f: Fact) -> float:
        """Where the fact's matched statements stand in their reports, 0 (the lead) to 1 (the end):
        of facts equally backed, the reports' leads state the news and their ends the background."""
        spots = [c.sentence_index / max(1, length.get(c.source_id, 1) - 1) for c in f.citations if not c.added]
        return sum(spots) / len(spots) if spots else 1.0

    facts.sort(key=lambda f: (*(-n for n in f.support), round(place(f), 6), f.citations[0].source_id,
                              f.citations[0].sentence_index))
    facts = list(find_disputes(facts, origin_of, config, dates, vocab))
    facts = [slot_dispute(f, dates or {}, set(flags), vocab) for f in facts]
    seen: Counter[str] = Counter()
    unique = []
    for f in facts:  # two groups can share a shown sentence; keep ids distinct and stable
        seen[f.id] += 1
        unique.append(
            f
            if seen[f.id] == 1
            else Fact(f"{f.id}-{seen[f.id]}", f.text, f.status, f.citations, f.origins, f.variants, f.note)
        )
    return tuple(unique), flags


def _merge_repeats(facts: Sequence[Fact]) -> list[Fact]:
    """Single-source facts whose shown wording is one sentence, or a part of it, become one fact.

    Clauses of one sentence can end in several facts, and a clause that does not read on its
    own is shown as its whole sentence: when none of them is corroborated, they are one entry
    showing the sentence, not the same words listed twice. Only facts that cite one sentence in
    common are joined, so the joined fact has the origins of the larger one; and so are
    single-source facts of the same reports worded alike (a report repeating a paragraph).
    """
    out: list[Fact] = []
    citing: dict[tuple[str, int], list[int]] = {}  # sentence -> the kept facts that cite it, in order
    worded: dict[tuple[str, frozenset[str]], int] = {}  # a single-source fact's wording and reports -> kept fact
    for f in facts:
        sentences = {(c.source_id, c.sentence_index) for c in f.citations}
        near = sorted({n for key in sentences for n in citing.get(key, ())})
        k = next((n for n in near if f.status == out[n].status == "single-source"
                  and (f.text in out[n].text or out[n].text in f.text)), None)
        wording = (" ".join(f.text.casefold().split()), frozenset(c.source_id for c in f.citations))
        if k is None and f.status == "single-source":
            k = worded.get(wording)  # a report repeating a sentence word for word states it once
        if k is None:
            for key in sentences:
                citing.setdefault(key, []).append(len(out))
            if f.status == "single-source":
                worded.setdefault(wording, len(out))
            out.append(f)
            continue
        kept = out[k]
        for key in sentences:
            if k not in citing.setdefault(key, []):
                citing[key].append(k)
        known = {(c.source_id, c.start) for c in kept.citations}
        cites = kept.citations + tuple(c for c in f.citations if (c.source_id, c.start) not in known)
        longer = kept if len(kept.text) >= len(f.text) else f
        out[k] = Fact(longer.id, longer.text, kept.status, cites, max(kept.origins, f.origins))
    return out
