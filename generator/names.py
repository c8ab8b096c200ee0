"""Learn name variants (aliases) from the statements that the aligner matched.

Sources spell one name differently (transliterations, misspellings). When two
statements state the same fact, a capitalised name in one that is spelled
nearly like a name in the other, but not identically, is a variant of it. The
variants are learned from each event's own inputs; none is listed by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .model import Fact

_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|for|the|de|von|van|al|bin))*\b(?<!\bthe)(?<!\bof)")
_SKIP = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "he",
        "she",
        "it",
        "they",
        "this",
        "that",
        "after",
        "before",
        "when",
        "while",
        "mr",
        "mrs",
        "ms",
        "dr",
        "of",
        "for",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


def names(text: str) -> list[str]:
    """Capitalised name phrases of a text, without a leading function word."""
    out = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        while words and words[0].strip("’'.").lower() in _SKIP:
            words = words[1:]
        if words and len("".join(words)) >= 4:
            out.append(re.sub(r"['’]s$", "", " ".join(words)))
    return out


def _grams(name: str) -> set[str]:
    s = f" {re.sub(r'[^a-z]+', ' ', name.lower()).strip()} "
    return {s[k : k + 3] for k in range(len(s) - 2)}


def similar(a: str, b: str) -> float:
    """Character-trigram Jaccard similarity of two names."""
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


def learn_aliases(facts: Sequence[Fact], min_similarity: float = 0.45) -> tuple[tuple[str, ...], ...]:
    """Groups of spellings of one name, most frequent spelling first."""
    parent: dict[str, str] = {}
    count: Counter[str] = Counter()

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for f in facts:
        by_source: dict[str, list[str]] = {}
        for c in f.citations:
            found = names(c.text)
            count.update(found)
            by_source.setdefault(c.source_id, []).extend(found)
        spellings = list(by_source.items())
        for k, (_sa, na) in enumerate(spellings):
            for _sb, nb in spellings[k + 1 :]:
                for a in na:
                    for b in nb:
                        key_a, key_b = re.sub(r"\W", "", a.lower()), re.sub(r"\W", "", b.lower())
                        if key_a != key_b and len(a.split()) == len(b.split()) and similar(a, b) >= min_similarity:
                            parent[find(a)] = find(b)
    groups: dict[str, set[str]] = {}
    for n in parent:
        groups.setdefault(find(n), set()).add(n)
    out = [tuple(sorted(g, key=lambda n: (-count[n], n))) for g in groups.values() if len(g) >= 2]
    return tuple(sorted(out, key=lambda g: (-sum(count[n] for n in g), g)))
