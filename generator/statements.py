"""Split sentences that carry several facts into statements (clauses).

"The country joined sanctions against its neighbour and signed deals to arm an ally" supports
two facts. Aligning whole sentences would force it into one; instead a long
sentence is cut at clause boundaries (semicolons, ", but", ", while", ", and"
followed by a new clause), and each clause long enough to state something is
a statement of its own, with its exact span, so a citation shows the part that
states the fact.
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
        return (Statement(sentence, text, sentence.start, sentence.end),)
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
    return tuple(out)


def statements(sentences: Sequence[Sentence]) -> tuple[Statement, ...]:
    """Every sentence's statements, in order."""
    return tuple(st for s in sentences for st in clauses(s))
