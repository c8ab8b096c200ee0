"""Learn name variants (aliases) from the statements that the aligner matched.

Sources spell one name differently (transliterations, misspellings). When two
statements state the same fact, a capitalised name in one that is spelled
nearly like a name in the other, but not identically, is a variant of it. The
variants are learned from each event's own inputs; none is listed by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

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
        # sentence adverbs and connectives that open a sentence before a name ("Meanwhile Ruritania said")
        "meanwhile",
        "however",
        "also",
        "still",
        "yet",
        "then",
        "now",
        "yesterday",
        "earlier",
        "later",
        "instead",
        "moreover",
        "furthermore",
        "nevertheless",
        "nonetheless",
        "separately",
        "elsewhere",
        "additionally",
        "finally",
        "initially",
        "currently",
        "recently",
        "previously",
        "since",
        "as",
        "if",
        "so",
        "while",
        "although",
        "though",
        "because",
        "during",
        "despite",
        "with",
        "without",
        "by",
        "from",
        "for",
        "to",
    ]
)


def names(text: str, initial: bool = True) -> list[str]:
    """Capitalised name phrases of a text, without a leading function word.

    With ``initial=False`` a single capitalised word that opens a sentence is left out:
    there, the capital says nothing ("There", "Crowds").
    """
    return list(_names(text, initial))


@lru_cache(maxsize=1 << 14)
def _names(text: str, initial: bool) -> tuple[str, ...]:
    """``names`` (cached: a statement's names are read by several stages)."""
    out = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        stripped = False
        while words and words[0].strip("’'.").lower() in _SKIP:
            words = words[1:]
            stripped = True
        opens = not text[: m.start()].rstrip(" \"“‘'(") or text[: m.start()].rstrip(" \"“‘'(")[-1] in ".!?:"
        if not initial and opens and not stripped and len(words) == 1:
            continue
        if words and len("".join(words)) >= 4:
            out.append(re.sub(r"['’]s$", "", " ".join(words)))
    return tuple(out)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _consonants(word: str) -> str:
    return word[0] + re.sub(r"[aeiouy]+", "", word[1:])


@lru_cache(maxsize=1 << 16)
def variant(a: str, b: str) -> bool:
    """Whether two names are spellings of one name: word by word equal or close.

    Close means the same initial and either the same consonants or at most a third
    of the letters edited, as in transliterations ("Sun"/"Seon") and
    misspellings ("Lovelace"/"Lovelase"); a word that shares most of its start
    with the other and only ends differently ("Ruritania"/"Ruritanian") is a derived word.
    """
    ta, tb = re.split(r"[\s-]+", a.lower()), re.split(r"[\s-]+", b.lower())
    if len(ta) != len(tb) or ta == tb:
        return False
    if len(ta) == 1 and not (_consonants(ta[0]) == _consonants(tb[0]) or edit_distance(ta[0], tb[0]) == 1):
        return False  # a lone word needs a closer match: "Court" is not "County"
    if any("'" in w or "’" in w for w in (*ta, *tb)):
        return False  # contractions ("We're") are not names
    for x, y in zip(ta, tb, strict=True):
        if x == y:
            continue
        if x[0] != y[0] or min(len(x), len(y)) < 3:
            return False
        prefix = next((k for k, (cx, cy) in enumerate(zip(x, y, strict=False)) if cx != cy), min(len(x), len(y)))
        if prefix >= 0.7 * min(len(x), len(y)) and len(x) != len(y):
            return False  # a derived word: "Ruritania"/"Ruritanian"
        if _consonants(x) != _consonants(y) and edit_distance(x, y) > max(1, len(max(x, y, key=len)) // 3):
            return False
    return True


@lru_cache(maxsize=1 << 14)
def _parts(name: str) -> tuple[str, ...]:
    """Runs of one to three capitalised words of a name ("President Ada Lovelace of X" -> "Ada Lovelace", ...)."""
    words = name.split()
    parts = set()
    for k in range(len(words)):
        for n in (1, 2, 3):
            run = words[k : k + n]
            if len(run) == n and all(w[:1].isupper() for w in run):
                parts.add(" ".join(run))
    return tuple(sorted(parts))


def learn_aliases(facts: Sequence[Fact]) -> tuple[tuple[str, ...], ...]:
    """Groups of spellings of one name used by different reports, most frequent spelling first."""
    return spelling_groups([(c.source_id, c.text) for f in facts for c in f.citations])


def spelling_groups(texts: Iterable[tuple[str, str]], strict: bool = False) -> tuple[tuple[str, ...], ...]:
    """Groups of spellings of one name in ``(source id, text)`` pairs, most frequent spelling first.

    ``strict`` is for texts not known to state one fact: two spellings join only when no report
    uses both (a report that writes both names two people) and a lone word only when its
    consonants are the same ("Kharkiv"/"Kharkov", not "Mark"/"Mary").
    """
    sources_of: dict[str, set[str]] = {}
    count: Counter[str] = Counter()
    for source_id, text in texts:
        for n in names(text, initial=False):
            for part in _parts(n):
                count[part] += 1
                sources_of.setdefault(part, set()).add(source_id)
    buckets: dict[tuple[str, ...], list[str]] = {}
    for n in sorted(sources_of):  # only names with the same word count and initials can be variants
        buckets.setdefault(tuple(w[0] for w in re.split(r"[\s-]+", n.lower()) if w), []).append(n)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for bucket in buckets.values():
        for k, a in enumerate(bucket):
            for b in bucket[k + 1 :]:
                if strict and (sources_of[a] & sources_of[b]
                               or (" " not in a and _consonants(a.lower()) != _consonants(b.lower()))):
                    continue
                if sources_of[a] != sources_of[b] and variant(a, b):
                    parent[find(a)] = find(b)
    groups: dict[str, set[str]] = {}
    for n in parent:
        groups.setdefault(find(n), set()).add(n)
    found = [g for g in groups.values() if len(g) >= 2]
    # Of nested groups ("Ada Obi" in "Mayor Ada Obi" in "Deputy Mayor Ada Obi") keep the one a reader
    # knows the person by: two words first, then three, then one.
    def rank(g: set[str]) -> int:
        return {2: 0, 3: 1}.get(min(len(n.split()) for n in g), 2)

    def nested(a: set[str], b: set[str]) -> bool:
        return any(x in y or y in x for x in a for y in b)

    kept = [g for g in found if not any(h is not g and nested(g, h) and rank(h) < rank(g) for h in found)]
    out = [tuple(sorted(g, key=lambda n: (-count[n], n))) for g in kept]
    return tuple(sorted(out, key=lambda g: (-sum(count[n] for n in g), g)))


def _trigram_share(a: str, b: str) -> float:
    """Jaccard similarity of the character trigrams of the words in which two spellings differ."""
    wa, wb = re.split(r"[\s-]+", a.lower()), re.split(r"[\s-]+", b.lower())
    if len(wa) == len(wb):
        differ = [k for k, (x, y) in enumerate(zip(wa, wb, strict=True)) if x != y]
        wa, wb = [wa[k] for k in differ], [wb[k] for k in differ]
    ta, tb = ({w[i : i + 3] for w in (f"#{x}#" for x in words) for i in range(len(w) - 2)} for words in (wa, wb))
    return len(ta & tb) / len(ta | tb) if ta | tb else 1.0


def respell(texts: Sequence[str], groups: Sequence[Sequence[str]], unlike: float = 1.0) -> list[str]:
    """The texts with every spelling of a group replaced by the group's first (whole words only);
    only spellings whose character trigrams the first's share less than ``unlike`` (Jaccard)."""
    to = {v: g[0] for g in groups for v in g[1:] if _trigram_share(v, g[0]) < unlike}
    if not to:
        return list(texts)
    spelled = re.compile(r"\b(" + "|".join(re.escape(v) for v in sorted(to, key=len, reverse=True)) + r")\b")
    return [spelled.sub(lambda m: to[m.group(1)], t) for t in texts]
