"""Where sources disagree: versions of one fact that give different values for one slot.

Two versions of a fact dispute each other when they state the same thing with a different
number, day, or place (``find_disputes`` across facts the same-fact rule kept apart,
``slot_dispute`` inside one fact). The fact then keeps both versions, each with its citations,
and says what differs. A transliteration or translation of one name is no dispute.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from . import similarity
from .config import Config
from .dates import normalize
from .model import Citation, Fact
from .names import edit_distance, variant

_WORD = re.compile(r"[^\W\d_]+", re.U)
LONGEST_COMPARED = 300
"""Statements longer than this many words (no real sentence is) are not compared word for word:
the comparison takes time that grows with the product of the lengths."""


_NUM = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")
"""A number, also one whose thousands are set off by spaces ("1 098")."""
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "but",
        "that",
        "this",
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "it",
        "its",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "as",
        "said",
        "says",
        "will",
        "would",
    ]
)


def _content(text: str) -> set[str]:
    """Content words, without numbers written as words ("five"): a slot's value is not what two versions share."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2 and w not in _WORD_VALUE}


_TIME = re.compile(r"\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2}):(\d\d)\b", re.I)
"""A clock time: "3:33 a.m.", "7 pm", "18:07"."""
_HEDGE = re.compile(r"\b(?:about|around|roughly|nearly|almost|approximately|some|over|more than|less than|"
                    r"fewer than|at least|up to|by|close to|an estimated)\s*$", re.I)
"""Words that make the number after them a round figure ("more than 1,000")."""
_ROUNDING = 0.1
"""A round figure stands for values within this share of it ("more than 1,000" for 1,098)."""
_CLOCK_ROUNDING = 30
"""A round clock time stands for times within this many minutes ("3:30" for 3:33, "7 a.m." for 6:40)."""


_UNITS = "two three four five six seven eight nine ten eleven twelve".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUE = (
    {w: (float(k), 1.0) for k, w in enumerate(_UNITS, start=2)}
    | {w: (float(k), 10.0) for k, w in zip(range(20, 100, 10), _TENS, strict=True)}
    | {"dozen": (12.0, 12.0), "hundred": (100.0, 100.0), "thousand": (1000.0, 1000.0), "million": (1e6, 1e6)}
)
_NUMBER_WORD = re.compile(rf"(?<![\w-])((?:a|one) )?({'|'.join(_WORD_VALUE)})(?![\w-])", re.I)
"""A number written as a word ("ten people", "a hundred yards"); "one" alone is left out, as it is
more often a pronoun ("one of the victims") than a count. "hundred", "dozen"... count only after
"a" or "one": after a digit ("2 million") the digit is the number."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number or a clock time stated in a text, with how round it is."""

    text: str
    value: float
    """The number, or the time in minutes after midnight."""
    step: float
    """Its precision: 100 for "300", 0.1 for "2.5", 60 for "7 a.m.", 10 for "3:30"."""
    clock: bool
    hedged: bool
    """Said to be round ("about 300", "more than 1,000")."""

    def agrees(self, other: Quantity) -> bool:
        """Whether the two can be the same value, one of them a rounding of the other."""
        if self.clock != other.clock:
            return False
        if self.value == other.value:
            return True
        for rough, exact in ((self, other), (other, self)):
            rounded = round(exact.value / rough.step) * rough.step
            if self.clock:
                near = abs(self.value - other.value) <= _CLOCK_ROUNDING
            else:
                near = rough.hedged and abs(rough.value - exact.value) <= _ROUNDING * abs(rough.value)
            if near and math.isclose(rounded, rough.value) and rough.step > exact.step:
                return True
        return False


def quantities(text: str) -> tuple[Quantity, ...]:
    """The numbers and clock times a text states, years left out (a year is a date, not a quantity)."""
    out: list[Quantity] = []
    for m in _TIME.finditer(text):
        hour, minute = int(m.group(1) or m.group(4)), int(m.group(2) or m.group(5) or 0)
        if (m.group(3) or "").lower() == "p" and hour < 12:
            hour += 12
        step = 60.0 if not (m.group(2) or m.group(5)) else 30.0 if minute % 30 == 0 else 10.0 if minute % 10 == 0 \
            else 5.0 if minute % 5 == 0 else 1.0
        out.append(Quantity(m.group(0), hour * 60.0 + minute, step, True, bool(_HEDGE.search(text[: m.start()]))))
    rest = _TIME.sub(lambda m: " " * len(m.group(0)), text)
    for m in _NUMBER_WORD.finditer(rest):
        value, step = _WORD_VALUE[m.group(2).lower()]
        if step == value and value >= 12 and not m.group(1):
            continue  # "2 million", "hundreds": the digit, or no count
        out.append(Quantity(m.group(0), value, step, False, bool(_HEDGE.search(rest[: m.start()]))))
    for m in _NUM.finditer(rest):
        digits = re.sub(r"[,\s\u00a0\u202f]", "", m.group(0))
        if re.fullmatch(r"(19|20)\d\d", digits) or not re.fullmatch(r"\d{1,15}(?:\.\d{1,15})?", digits):
            continue  # a year, a version number, or more digits than any count has (an id, a phone number)
        if "." in digits:
            step = 10.0 ** -len(digits.split(".")[1])
        else:
            step = 10.0 ** (len(digits) - len(digits.rstrip("0"))) if digits.strip("0") else 1.0
        out.append(Quantity(m.group(0), float(digits), step, False, bool(_HEDGE.search(rest[: m.start()]))))
    return tuple(out)


_PART_OF = re.compile(r"(?<![\d,.])(\d+(?:[.,]\d+)*)\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(\d+(?:[.,]\d+)*)")
"""A part and its whole: "4 of 15 shots", "12 out of 40 seats"."""


def _wholes(text: str, other: Sequence[Quantity], other_text: str) -> set[str]:
    """The wholes ("15" of "4 of 15") that ``text`` gives beside a part that one of ``other`` agrees
    with, when the other text gives no whole for it: a version that gives the part and the whole is not
    contradicted on the whole by one that gives the part beside some other figure ("landed 9 shots on
    target to just 4", "put just 4 of 15 on target"); "12 of 40 seats" and "12 of 45 seats" still clash."""
    theirs = [quantities(m.group(1)) for m in _PART_OF.finditer(other_text)]
    out = set()
    for m in _PART_OF.finditer(text):
        part = quantities(m.group(1))
        if part and any(part[0].agrees(q) for q in other) \
                and not any(p and part[0].agrees(p[0]) for p in theirs):
            out.add(m.group(2))
    return out


def _figures(found: Sequence[Quantity], text: str) -> str:
    """The figures as the brief shows them, a score or a range written as one ("3-1", "10–12")."""
    out: list[str] = []
    for q in found:
        joined = next((j for dash in "-\u2013" if out and (j := f"{out[-1]}{dash}{q.text}") in text), None)
        if joined:
            out[-1] = joined
        else:
            out.append(q.text)
    return ", ".join(out)


def conflicting(a: Sequence[Quantity], b: Sequence[Quantity], text_a: str = "", text_b: str = ""
                ) -> tuple[list[Quantity], list[Quantity]] | None:
    """The quantities of each text that none of the other's can be, when both have some; else None.
    With the texts, a whole whose part the other text gives (``_wholes``) is left out."""
    wholes_a = _wholes(text_a, b, text_b) if text_a else set()
    wholes_b = _wholes(text_b, a, text_a) if text_b else set()
    only_a = [q for q in a if not any(q.agrees(r) for r in b) and q.text not in wholes_a]
    only_b = [q for q in b if not any(q.agrees(r) for r in a) and q.text not in wholes_b]
    return (only_a, only_b) if only_a and only_b else None


_JOINED = re.compile(r"\d+(?:[.,:]\d+)*[-\u2013]\d+(?:[.,:]\d+)*")
"""Two figures written as one: a score, a tally or a range ("50-44", "10\u201312")."""


def joined_figures(text: str) -> set[str]:
    """The joined figures of ``text`` (``_JOINED``), each with a plain hyphen."""
    return {m.replace("\u2013", "-") for m in _JOINED.findall(text)}


def _figure_slots(text: str) -> dict[str, set[tuple[str, str]]]:
    """Each joined figure of ``text`` with the content words next to it, before and after
    ("stretched the lead to 50-44 with..." gives "50-44": ("before", "lead"), ("after", "with")...)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for m in _JOINED.finditer(text):
        before = [w for w in _WORD.findall(text[: m.start()].lower()) if w not in _STOP]
        after = [w for w in _WORD.findall(text[m.end() :].lower()) if w not in _STOP]
        slot = out.setdefault(m.group().replace("\u2013", "-"), set())
        if before:
            slot.add(("before", before[-1]))
        if after:
            slot.add(("after", after[0]))
    return out


def successive(a: str, b: str, held_a: set[str], held_b: set[str]) -> bool:
    """Whether two versions of one slot give two states one after the other, not rival readings:
    each gives a joined figure the other does not, in the same place (the same word before or after
    it: "stretched the lead to 50-44", "stretched its lead to 62-46"), and a report that gives one
    gives the other too, elsewhere (``held_a``, ``held_b``: the joined figures of each one's
    report). A joined figure names one state exactly, so a report that has both holds both; a single
    number or a month recurs for other things ("14 points" of another player), so it is left to make
    its dispute. Only versions ``_alike`` apart from their numbers count."""
    fa, fb = _figure_slots(a), _figure_slots(b)
    only_a, only_b = fa.keys() - fb.keys(), fb.keys() - fa.keys()
    return any(
        fa[x] & fb[y] and (y in held_a or x in held_b) for x in only_a for y in only_b
    ) and _alike(a, b)


def find_disputes(facts: Sequence[Fact], origin_of: dict[str, str], config: Config,
                  dates: Mapping[str, str | None] | None = None,
                  vocab: Mapping[str, set[str]] | None = None) -> tuple[Fact, ...]:
    """Merge facts that state the same thing with different numbers or days into one disputed fact.

    Two facts with no source in common dispute each other when their statements share most
    content words but give different numbers for the same slot, or differ word for word only in
    the day they name ("on Monday" against "on Tuesday", each read against its report's date).
    The same-fact rule keeps statements with different dates apart and often groups those with
    different counts (``slot_dispute`` then finds the dispute inside the fact); this finds the rest.
    """
    dates = dates or {}
    out = list(facts)
    merged: set[int] = set()
    sources = [frozenset(f.source_ids) for f in facts]
    maybe = _alike_candidates([f.text for f in facts])
    for i, a in enumerate(facts):
        if i in merged:
            continue
        for j in sorted(maybe[i]):
            b = facts[j]
            if j in merged or sources[i] & sources[j]:
                continue
            if not _alike(a.text, b.text):
                continue
            clash = conflicting(quantities(a.text), quantities(b.text), a.text, b.text)
            if clash is not None:
                variants = (_figures(clash[0], a.text), _figures(clash[1], b.text))
                if vocab is not None and successive(
                        a.text, b.text, set().union(*(vocab.get(c.source_id, set()) for c in a.citations)),
                        set().union(*(vocab.get(c.source_id, set()) for c in b.citations))):
                    continue  # a running score: a report gives both states
                note = "the sources give different numbers"
            else:
                slot = _slot_difference(a.text, b.text, dates.get(a.citations[0].source_id),
                                        dates.get(b.citations[0].source_id))
                if slot is None or slot[0] != "date":
                    continue
                variants = (_readable("date", slot[1]), _readable("date", slot[2]))
                note = "the sources give different dates"
            cites = tuple(c for c in a.citations) + tuple(
                Citation(c.source_id, c.sentence_index, c.text, c.start, c.end, variant=1, added=c.added)
                for c in b.citations
            )
            n_origins = len({origin_of.get(c.source_id, c.source_id) for c in cites})
            out[i] = Fact(a.id, a.text, "disputed", cites, n_origins, variants=variants, note=note)
            merged.add(j)
            break
    return tuple(f for k, f in enumerate(out) if k not in merged)


SLOT_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+|[\w'’-]+")
"""A word, or a number or clock time with its separators ("1,098", "2.5", "3:33")."""
_SPACED_THOUSANDS = re.compile(r"\b\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)")
_DATE_SLOT = re.compile(r"(?:day|month|year)\d{4}")
_MAX_SLOT = 4
"""Longest name, date or number (in words) compared as one slot."""
_SLOT_SHARE = 0.7
"""Share of the shorter version's content words the other must state for a slot to be compared."""
_SLOT_WORDS = 3
"""Fewest content words a version must have for a slot to be compared ("This is three days of this."
says too little to be another version of "named in five lawsuits")."""
_PLACE_WORDS = frozenset(("in", "at", "near", "from", "into", "outside", "inside", "to"))
"""A name after one of these is a place: "in Geneva" against "in Vienna" is a dispute. Other names
that differ (who said it, who was met) are left alone: two reports quoting different officials
do not contradict each other."""
_DEICTIC = re.compile(r"\b(?:today|tonight|yesterday|tomorrow)\b", re.IGNORECASE)
"""Days named from the speaker's day: often inside a quotation, and read against report dates that
differ by a day, they would make false disputes."""


@lru_cache(maxsize=4096)
def _content_apart_from_numbers(text: str) -> frozenset[str]:
    return frozenset(_content(_NUM.sub(" ", text)))


def _alike_candidates(texts: Sequence[str]) -> list[set[int]]:
    """For each text, the later texts that may be ``_alike`` it (a superset; none it could be is missed).

    Two texts are alike when they share ``_SLOT_SHARE`` of the smaller one's content words, so the
    smaller one shares one of its first ``size - needed + 1`` words in any fixed order (the rarest
    first, so the lists are short): each text is looked up under those words only, and a pair of
    texts is compared only when one's first words meet the other's words. Comparing every pair of
    an event's facts instead took minutes for a report of 35,000 lines."""
    words = [_content_apart_from_numbers(t) for t in texts]
    df: dict[str, int] = {}
    for ws in words:
        for w in ws:
            df[w] = df.get(w, 0) + 1
    having: dict[str, list[int]] = {}
    leading: dict[str, list[int]] = {}
    firsts: list[list[str]] = []
    for k, ws in enumerate(words):
        if len(ws) < _SLOT_WORDS:
            firsts.append([])
            continue
        needed = next(n for n in range(len(ws) + 1) if n / len(ws) >= _SLOT_SHARE)
        first = sorted(ws, key=lambda w: (df[w], w))[: len(ws) - needed + 1]
        firsts.append(first)
        for w in ws:
            having.setdefault(w, []).append(k)
        for w in first:
            leading.setdefault(w, []).append(k)
    out: list[set[int]] = []
    for k, ws in enumerate(words):
        found: set[int] = set()
        if firsts[k]:
            for w in firsts[k]:
                found.update(having[w])
            for w in ws:
                found.update(leading.get(w, ()))
        out.append({j for j in found if j > k})
    return out


def _alike(a: str, b: str) -> bool:
    """Whether two statements, numbers aside, share enough content words to be versions of one fact."""
    ca, cb = _content_apart_from_numbers(a), _content_apart_from_numbers(b)
    if min(len(ca), len(cb)) < _SLOT_WORDS:
        return False
    return len(ca & cb) / min(len(ca), len(cb)) >= _SLOT_SHARE


def _slot_kind(words: Sequence[str]) -> str:
    """What a run of words is, when all of it is one kind of slot value: "date", "number", "name" or ""."""
    if all(_DATE_SLOT.match(w) for w in words):
        return "date"
    if all(_NUM.fullmatch(w) or re.fullmatch(r"\d{1,2}:\d\d", w) for w in words):
        return "number"
    if all(w[:1].isupper() for w in words):
        return "name"
    return ""


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` could stand for ``long``: its letters in order, the first one first ("Mt", "Mount")."""
    if not short or not long or short[0] != long[0] or len(short) >= len(long):
        return False
    rest = iter(long[1:])
    return all(ch in rest for ch in short[1:])


def _same_name(x: Sequence[str], y: Sequence[str]) -> bool:
    """Whether two names can be one: spelled alike, one abbreviating the other, or one the other's initials."""
    a, b = (re.sub(r"['’]s$", "", " ".join(v)).lower() for v in (x, y))
    wa, wb = a.replace("-", " ").split(), b.replace("-", " ").split()
    if wa == wb or a == "".join(w[0] for w in wb) or b == "".join(w[0] for w in wa):
        return True
    if len(wa) != len(wb):
        return False
    for p, q in zip(wa, wb, strict=True):
        close = p == q or variant(p, q) or _abbreviates(p, q) or _abbreviates(q, p)
        if not close and not p.startswith(q) and not q.startswith(p) \
                and edit_distance(p, q) > max(1, len(max(p, q, key=len)) // 3):
            return False
    return True


def _slot_difference(a: str, b: str, ref_a: str | None, ref_b: str | None,
                     known: tuple[set[str], set[str]] = (set(), set())) -> tuple[str, str, str] | None:
    """The first slot two versions of a fact fill differently, word for word: (kind, a's value, b's value).

    The two must read the same around it (the words before and after are equal), and the values
    must be of one kind: different places (as many words each, after "in", "at"..., spelled unlike each
    other, and neither report naming the other's anywhere: "in Gaza" against "in Fakhora" is
    a report choosing the town, if it knows the region), different days (dates resolved
    against each report's date), or different numbers. ``known`` holds each report's words.
    """
    if not _alike(a, b):
        return None
    if [w.lower() for w in SLOT_TOKEN.findall(a)] == [w.lower() for w in SLOT_TOKEN.findall(b)]:
        return None  # the same words: "on Friday" in two reports of different dates is one claim, copied
    wa, wb = (SLOT_TOKEN.findall(_SPACED_THOUSANDS.sub(lambda m: re.sub(r"\D", "", m.group(0)),
                                                        normalize(_DEICTIC.sub(" ", t), ref)))
              for t, ref in ((a, ref_a), (b, ref_b)))
    if max(len(wa), len(wb)) > LONGEST_COMPARED:
        return None
    ops = difflib.SequenceMatcher(None, [w.lower() for w in wa], [w.lower() for w in wb], autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or i2 - i1 > _MAX_SLOT or j2 - j1 > _MAX_SLOT or i1 == 0 or j1 == 0:
            continue
        if not (ops[n - 1][0] == "equal" and n + 1 < len(ops) and ops[n + 1][0] == "equal"):
            continue
        x, y = wa[i1:i2], wb[j1:j2]
        kind = _slot_kind(x)
        if not kind or _slot_kind(y) != kind:
            continue
        if kind == "number" and conflicting(quantities(" ".join(wa[max(0, i1 - 3) : i2 + 2])),
                                            quantities(" ".join(wb[max(0, j1 - 3) : j2 + 2]))) is None:
            continue  # one is a rounding of the other ("more than 1,000" and "1,098")
        if kind == "name":
            mine, theirs = ({w.lower() for w in v} for v in (x, y))
            whole = wa[i2][:1].islower() and wb[j2][:1].islower()  # not the last word of a longer name
            if (wa[i1 - 1].lower() not in _PLACE_WORDS or not whole or len(x) != len(y) or _same_name(x, y)
                    or mine & ({w.lower() for w in wb} | known[1]) or theirs & ({w.lower() for w in wa} | known[0])):
                continue  # not a place, one name put differently, or a name the other report also gives
        return kind, " ".join(x), " ".join(y)
    return None


def _readable(kind: str, value: str) -> str:
    """A slot value as the brief shows it: a resolved date as YYYY-MM-DD (or YYYY-MM, YYYY)."""
    if kind != "date":
        return value
    return re.sub(r"^(?:day|month|year)", "", value.split()[0]).replace("x", "-")


def slot_dispute(fact: Fact, dates: Mapping[str, str | None], flagged: set[str],
                  vocab: Mapping[str, set[str]]) -> Fact:
    """A fact whose versions fill one slot differently (a place, a day, a number) is disputed.

    Only matched versions from reports not flagged as spun are compared: a spun copy's swapped
    words are not claims. Values that one of the fact's statements gives side by side are not
    rivals: the group holds two facts. Each citation is put with the version it states, if it states one.
    """
    if fact.status == "disputed":
        return fact
    versions = [c for c in fact.citations if not c.added and c.source_id not in flagged]

    def states(cite: Citation, value: str) -> bool:
        words = " ".join(SLOT_TOKEN.findall(normalize(cite.text, dates.get(cite.source_id)))).lower()
        return f" {value.lower()} " in f" {words} "

    for k, c in enumerate(versions):
        for d in versions[k + 1 :]:
            if c.source_id == d.source_id:
                continue
            found = _slot_difference(c.text, d.text, dates.get(c.source_id), dates.get(d.source_id),
                                     (vocab.get(c.source_id, set()), vocab.get(d.source_id, set())))
            shown: tuple[str, str] | None = None
            if found is None:
                # the same count in other words or another order ("the toll had reached 770", "the toll
                # reached 1,200 on Monday"): the same test as between two facts (``find_disputes``)
                clash = conflicting(quantities(c.text), quantities(d.text), c.text, d.text) \
                    if _alike(c.text, d.text) and similarity.count_clash(c.text, d.text) else None
                if clash is None:
                    continue
                counted = similarity.clashing_counts(c.text, d.text)  # the figures for the thing counted
                mine, theirs = ([q for q in side if q.text.replace(",", "") in n]
                                for side, n in zip(clash, counted, strict=True))
                if mine and theirs:
                    clash = (mine, theirs)
                found = ("number", clash[0][0].text, clash[1][0].text)
                shown = (_figures(clash[0], c.text), _figures(clash[1], d.text))
            kind, x, y = found
            if any(states(e, x) and states(e, y) for e in fact.citations):
                continue  # a report that gives both values gives them for two things ("226 yards, and 101")
            if kind == "number" and successive(c.text, d.text, vocab.get(c.source_id, set()),
                                               vocab.get(d.source_id, set())):
                continue  # a running score: a report gives both states
            cites = tuple(
                replace(e, variant=0 if states(e, x) and not states(e, y) else 1 if states(e, y) and not states(e, x)
                        else -1)
                for e in fact.citations
            )
            note = {"name": "the sources name different places", "date": "the sources give different dates",
                    "number": "the sources give different numbers"}[kind]
            return replace(fact, status="disputed", citations=cites,
                           variants=shown or (_readable(kind, x), _readable(kind, y)), note=note)
    return fact
