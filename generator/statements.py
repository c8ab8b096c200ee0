"""Split sentences that carry several facts into statements (clauses).

"The country joined sanctions against its neighbour and signed deals to arm an ally" supports
two facts. Aligning whole sentences would force it into one; instead a long
sentence is cut at clause boundaries (semicolons, ", but", ", while", ", and"
followed by a new clause), and each clause long enough to state something is
a statement of its own, with its exact span, so a citation shows the part that
states the fact. A subject's relative clause between commas ("The minister, who met
the envoy on Monday, is on a trip to…") is a statement too; both parts are compared
with the subject put back, and both stay verbatim spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Sentence

_BOUNDARY = re.compile(
    r"(?:;\s+|,?\s+(?:but|while|whereas|although|though|however)\s+|,\s+and\s+(?=(?:the|a|an|it|he|she|they|its|"
    r"his|her|their|[A-Z]|[a-z]+ed|[a-z]+[^s]s)\b)"
    r"|[:,]\s+(?=[\"“])"  # an attribution, then the quotation
    r"|(?<=[,!?][\"”])\s+"  # a quotation, then its attribution
    r"|,\s+(?=(?:citing|arguing|saying|adding|noting|explaining|insisting|warning|claiming|according to)\b))"
)
_ATTRIBUTION = re.compile(r"according to\b", re.IGNORECASE)
_RELATIVE = re.compile(r"(?P<head>[^,;:\"“”]+?),\s+(?P<pronoun>who)\s+(?P<clause>[^,;:\"“”()]+?),\s+(?P<rest>\S.*)",
                       re.DOTALL)
"""A statement whose subject carries a relative clause between commas ("The minister, who met the
envoy on Monday, is on a trip aimed at…"): the clause states a fact of its own about the subject."""
_HEAD_WORDS = 8
"""Longest subject (in words) a relative clause is split from."""
_NOT_PREDICATE = frozenset("and or but nor as while when if because according".split())
"""Words that show the rest after the clause is not the subject's predicate ("…, who left, and then…")."""
MIN_WORDS = 6
_DANGLING = frozenset(
    "that which who whom whose said says told added stated of to in on at for with by from and or the a an as than "
    "even only".split()
)


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence or one clause of it: the unit the aligner compares."""

    sentence: Sentence
    text: str
    """Verbatim slice of the cleaned text."""
    start: int
    end: int
    claim: str = ""
    """What the aligner compares, when it is less than ``text``: the statement without a trailing
    attribution ("…, according to a report on Monday"), which names who said it, not what."""

    @property
    def compared(self) -> str:
        """The text the aligner compares."""
        return self.claim or self.text

    @property
    def whole(self) -> bool:
        """Whether the statement is the whole sentence."""
        return self.start == self.sentence.start and self.end == self.sentence.end


def _in_quote(text: str, pos: int) -> bool:
    opened = text.count("“", 0, pos) - text.count("”", 0, pos)
    return opened > 0 or text.count('"', 0, pos) % 2 == 1


def clauses(sentence: Sentence) -> tuple[Statement, ...]:
    """The sentence's clauses (or the sentence itself when it does not split)."""
    text = sentence.text
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        if _in_quote(text, m.start()):
            continue
        left = text[cuts[-1]:m.start()].split()
        if left and left[-1].lower().strip(",") in _DANGLING:
            continue  # the left part would end mid-clause ("... said that")
        right = text[m.end():].split()
        if right and right[0].lower() == "also":
            continue  # "not only ..., but also ..." is one statement
        if len(left) >= MIN_WORDS and len(right) >= MIN_WORDS:
            cuts.append(m.start())
            cuts.append(m.end())
    if len(cuts) == 1:
        return _relative(Statement(sentence, text, sentence.start, sentence.end))
    bounds = [(cuts[0], cuts[1])] + [(cuts[k], cuts[k + 1] if k + 1 < len(cuts) else len(text))
                                      for k in range(2, len(cuts), 2)]
    out: list[Statement] = []
    for a, b in bounds:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        start = sentence.start + a + lead
        if out and _ATTRIBUTION.match(piece):
            before = out.pop()  # the attribution stays in the clause it qualifies, uncompared
            joined = sentence.text[before.start - sentence.start:start - sentence.start + len(piece)]
            out.append(Statement(sentence, joined, before.start, start + len(piece), before.compared))
            continue
        out.append(Statement(sentence, piece, start, start + len(piece)))
    return tuple(part for st in out for part in _relative(st))


def _relative(st: Statement) -> tuple[Statement, ...]:
    """The statement, or its subject's relative clause and the rest of it as two statements.

    Each is compared with its subject put back ("The minister met the envoy on Monday", "The
    minister is on a trip…"), but both stay verbatim slices of the sentence, so a citation shows
    exactly what the report wrote.
    """
    m = _RELATIVE.fullmatch(st.text)
    if not m or st.claim or _in_quote(st.sentence.text, st.start - st.sentence.start + m.start("pronoun")):
        return (st,)
    head, clause, rest = m["head"].strip(), m["clause"].strip(), m["rest"].strip()
    short = min(len(clause.split()), len(rest.split())) < MIN_WORDS - 1
    if short or not 1 <= len(head.split()) <= _HEAD_WORDS or rest.split()[0].lower() in _NOT_PREDICATE \
            or not head[:1].isupper():
        return (st,)
    first = Statement(st.sentence, st.text[:m.end("clause")], st.start, st.start + m.end("clause"),
                      f"{head} {clause}")
    after = st.start + m.start("rest")
    return first, Statement(st.sentence, rest, after, after + len(rest), f"{head} {rest}")


def statements(sentences: Sequence[Sentence]) -> tuple[Statement, ...]:
    """Every sentence's statements, in order."""
    return tuple(st for s in sentences for st in clauses(s))
