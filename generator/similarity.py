"""Decide whether two statements state the same fact.

Corroboration is only as good as this one rule: two reports corroborate each
other when they assert the same thing about the same participants, not when
they merely talk about the same topic. ``brief pairs`` and the aligner of
``brief facts`` both use it, so one decision is measured and shipped.

Each pair of statements is described by hand-written features, all relative to
the fitted collection of texts (IDF): word, bigram and character n-gram tf-idf
cosines; BLEU-like n-gram precision and recall (n = 1..4); a METEOR-like
unigram F-mean with a fragmentation penalty; how much of each statement's
content the other covers (exact, fuzzy or by substitution between matching
neighbours, which is how spun synonyms and transliterated names still match),
also for the best clause of each, so a short statement found inside a long
sentence still matches; the same coverage counting only IDF above the
collection's topic words (in an event every statement shares "the minister" and
"Monday"; what sets a fact apart is the rest); word edit distance; word order;
lengths; agreement of numbers, names and negation; and, for statements of one
event, where each stands in its report (a lead restates the lead). A small
ensemble of shallow regression trees (gradient boosting,
trained on DEV pair sets and within-event pairs by ``bench/tune_pairs.py``)
turns them into a probability; ``Config.same_fact_threshold`` = 0.5 is the
decision point. Conflicting numbers halve the probability whatever the wording:
"100 tanks" and "400 tanks" are two facts.

Fitting is vectorised: every text is analysed once (cached by its text), its
n-grams become integer ids, and the pair features that are sums over shared
n-grams are computed for all pairs at once with numpy.
"""

from __future__ import annotations

import itertools
import logging
import math
import multiprocessing
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from generator import similarity_model
from generator.config import Config

log = logging.getLogger(__name__)

_NORMALISE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?|\w+")
_CHUNK = re.compile(r"[,;:]\s|[()\"]|\s-+\s")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
_STOP_WORDS = (
    "a an the and or but if of to in on at by for with from as into about than then that this these "
    "those there here it its it's he she they them his her their him we us our you your i me my is are "
    "was were be been being has have had do does did will would shall should can could may might must "
    "which who whom whose what when where why how also said says say told tell added according "
    "just so such very more most other "
    "some any all each both only own same too s 's"
)
_STOP = frozenset(_STOP_WORDS.split())
STOP_WORDS = _STOP
"""Function words (and "said", "told"...): words that carry no content of their own."""
_NEGATIONS = frozenset(("not", "no", "never", "n't", "nor", "none", "nobody", "nothing", "without", "cannot"))
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")
_MAX_N = 4
"""Longest word n-gram compared."""

FEATURES = (
    "word_cos",
    "bigram_cos",
    "char_cos",
    "ngram1_min",
    "ngram1_max",
    "ngram2_min",
    "ngram2_max",
    "ngram3_min",
    "ngram3_max",
    "ngram4_min",
    "ngram4_max",
    "meteor",
    "coverage_min",
    "coverage_max",
    "clause_coverage",
    "missed",
    "missed_run",
    "order",
    "length_short",
    "length_long",
    "shared_idf",
    "number_diff",
    "number_clash",
    "quantity_clash",
    "name_clash",
    "negation_clash",
    "specific_min",
    "specific_max",
    "specific_shared",
    "edit",
    "position_first",
    "position_gap",
)
"""Feature names, in the order of the columns of ``PairModel.feature_matrix``."""

_DATE_WORDS = frozenset(("day", "month", "year", "x"))
"""The words of the tokens ``dates.normalize`` puts for a resolved date ("day2023x01x28")."""
_NEAR_SPELLING = 0.5
"""Character-trigram Jaccard similarity at which two words count as one word spelt differently."""

_TOPIC_SHARE = 0.05
"""Words in more than this share of the collection's texts are its topic: sharing them says little
about stating the same fact, so the specific features count only the IDF above theirs."""

CLASH_FACTOR = 0.5
"""Probabilities of pairs that give different dates for one thing (``DATE_CLASH``) are scaled by
this, so they fall below 0.5: "invaded in February 2022" and "was launched in April 2022" are two
events however alike the wording. Different counts of one thing ("the toll reached 770", "…1,200")
are left to the learned rule: sources that disagree on a figure state one fact, which the brief
shows as disputed with each version (``corroborate``), and news paraphrase data calls such pairs
the same more often than not (MRPC: 120 of the 343 pairs with a clashing count are paraphrases;
halving them too costs 5-fold CV F1 0.006, 0.840 against 0.834)."""
DATE_CLASH = 2.0
"""Value of the ``quantity_clash`` feature when the clashing values are dates (1.0: counts)."""


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """Strip one common English suffix, keeping at least a four-letter stem."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 16)
def _trigrams(word: str) -> frozenset[str]:
    padded = f"#{word}#"
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


_NEGATING_PREFIX = re.compile(r"\b(non|anti|counter)-(?=[^\W\d_])", re.IGNORECASE)
"""A hyphenated negating prefix makes a word of its own: "non-violent" protest is not "violent" protest."""


def _tokens(text: str) -> list[str]:
    text = _NEGATING_PREFIX.sub(r"\1", text)
    return _TOKEN.findall(text.translate(_NORMALISE).replace("n't", " n't"))


@dataclass(frozen=True, slots=True)
class _Text:
    """What the features need to know about one text, independent of the collection it is in."""

    stems: tuple[str, ...]
    """Every token, lower-cased and stemmed; numbers normalised."""
    clauses: tuple[int, ...]
    """For each token, the index of its comma- or semicolon-delimited chunk."""
    content: frozenset[str]
    """Stems that are not stop words and not numbers."""
    numbers: frozenset[str]
    names: frozenset[str]
    """Stems of capitalised words not at the start of the text."""
    negated: bool
    acronyms: dict[str, frozenset[str]]
    """Initials of runs of capitalised words ('sec') and the stems they stand for."""
    quantities: dict[str, frozenset[str]]
    """Numbers by the content word that follows them: {'tank': {'100'}}."""
    chars: str
    """Lower-cased tokens joined by single spaces, padded: the source of character n-grams."""
    stem_set: frozenset[str] = frozenset()
    """The stems as a set (for the coverage walk, built once per text)."""
    walk: tuple[tuple[str, str, str, int], ...] = ()
    """For each content stem in order: the stem, the stems before and after it (``^``/``$`` at the
    ends) and its clause: what the coverage walk reads."""
    walk_stems: tuple[str, ...] = ()
    """The stems of ``walk``, in its order."""
    clause_words: tuple[int, ...] = ()
    """Number of content words in each clause."""
    around: frozenset[tuple[str, str]] = frozenset()
    """Each stem's neighbours, before and after (``^`` and ``$`` at the ends): a word of another
    text that stands between the same two words is a substitute for this one."""


def _acronyms(tokens: Sequence[str], stems: Sequence[str]) -> dict[str, frozenset[str]]:
    """Map the initials of each run of two or more capitalised words to the run's stems."""
    out: dict[str, frozenset[str]] = {}
    run: list[int] = []
    for k, token in enumerate([*tokens, "."]):
        if token[0].isupper() and not token.isupper():
            run.append(k)
        elif not (run and token.lower() in ("of", "and", "for", "&")):
            if len(run) >= 2:
                out["".join(tokens[i][0] for i in run).lower()] = frozenset(stems[i] for i in run)
            run = []
    return out


def _quantities(stems: Sequence[str]) -> dict[str, frozenset[str]]:
    """Numbers grouped by what they count: the next word when a content word ('100 tanks'),
    else the last content word before them ('the toll reached 770')."""
    out: dict[str, set[str]] = {}
    last = ""
    for k, stem in enumerate(stems):
        if stem[0].isdigit():
            after = stems[k + 1] if k + 1 < len(stems) else ""
            unit = after if after.isalpha() and after not in _STOP else last
            if unit:
                out.setdefault(unit, set()).add(stem)
        elif stem.isalpha() and stem not in _STOP:
            last = stem
    return {unit: frozenset(numbers) for unit, numbers in out.items()}


_STOP_STEMS = frozenset(_stem(w) for w in _STOP) - _STOP
"""Stems of stop words that are not stop words themselves ("accord" from "according")."""


_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})
_CLAUSE_MARK_BEFORE_NT = re.compile(r"[,;:-]n't")


def _clause_tokens(text: str) -> list[list[str]]:
    """``_tokens`` of each comma-, semicolon- or bracket-delimited chunk of ``text`` (``_CHUNK``).

    Normalised once for the whole text rather than chunk by chunk, with the same result: the
    negating prefix and curly apostrophes are never part of a chunk mark, the other characters
    ``_NORMALISE`` changes are not word characters either way, and splitting "n't" off inserts a
    space that makes a chunk mark only after a comma, colon or dash, where it is done chunk by chunk."""
    text = _NEGATING_PREFIX.sub(r"\1", text).translate(_APOSTROPHES)
    if _CLAUSE_MARK_BEFORE_NT.search(text):
        return [_tokens(piece) for piece in _CHUNK.split(text)]
    findall = _TOKEN.findall
    return [findall(piece) for piece in _CHUNK.split(text.replace("n't", " n't"))]


@lru_cache(maxsize=1 << 16)
def _token_stem(token: str) -> str:
    """The stem a token stands for: a number without its thousands commas, else the stemmed lower case."""
    return token.replace(",", "") if token[0].isdigit() else _stem(token.lower())


@lru_cache(maxsize=1 << 15)
def _analyse(text: str) -> _Text:
    """Tokens, stems, clauses and the other per-text facts of one text (cached: texts recur across fits)."""
    tokens: list[str] = []
    clauses: list[int] = []
    for k, found in enumerate(_clause_tokens(text)):
        tokens += found
        clauses += [k] * len(found)
    stems = [_token_stem(t) for t in tokens]
    stem_set = frozenset(stems)
    stop = _STOP
    content = frozenset(s for s in stem_set if s not in stop and not s[0].isdigit())
    padded = ("^", *stems, "$")
    walk = tuple((stem, padded[i], padded[i + 2], clause)
                 for i, (stem, clause) in enumerate(zip(stems, clauses, strict=True)) if stem in content)
    clause_words = [0] * (clauses[-1] + 1 if clauses else 0)  # clause numbers run 0, 1, 2... along the text
    for _, _, _, clause in walk:
        clause_words[clause] += 1
    return _Text(
        stems=tuple(stems),
        clauses=tuple(clauses),
        content=content,
        numbers=frozenset(_NUMBER_WORDS.get(s, s) for s in stem_set if s[0].isdigit() or s in _NUMBER_WORDS),
        names=frozenset(
            s for t, s in zip(tokens[1:], stems[1:], strict=True) if t[0].isupper() and s not in stop
        ),
        negated=not _NEGATIONS.isdisjoint(stem_set),
        acronyms=_acronyms(tokens, stems),
        quantities=_quantities(stems),
        chars=" " + " ".join(tokens).lower() + " ",
        stem_set=stem_set,
        walk=walk,
        walk_stems=tuple(stem for stem, _, _, _ in walk),
        clause_words=tuple(clause_words),
        around=frozenset(zip(padded, padded[2:], strict=False)),
    )


def _by_letter(content: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Content stems of four letters or more by their first letter: the words a word of another text
    may be a near spelling of."""
    out: dict[str, list[str]] = {}
    for stem in content:
        if len(stem) >= 4:
            out.setdefault(stem[0], []).append(stem)
    return {letter: tuple(stems) for letter, stems in out.items()}


def _grams(content: frozenset[str]) -> frozenset[str]:
    """Character trigrams of the content stems of four letters or more, dates' words aside: two texts
    with none in common have no word one of which is a near spelling of the other's."""
    return frozenset().union(*(_trigrams(w) for w in content - _DATE_WORDS if len(w) >= 4))


@dataclass(frozen=True, slots=True)
class _Bag:
    """Sparse rows (one per text) of term counts and L2-normalised tf-idf weights, terms sorted per row."""

    offsets: np.ndarray
    """Row k's entries are ``offsets[k]:offsets[k + 1]``."""
    terms: np.ndarray
    counts: np.ndarray
    weights: np.ndarray
    totals: np.ndarray
    """Number of term occurrences per row."""
    vocab: int

    @classmethod
    def build(cls, rows: np.ndarray, keys: np.ndarray, n: int) -> _Bag:
        """Rows from one (row, term key) per occurrence; IDF over the ``n`` rows."""
        _, term = np.unique(keys, return_inverse=True)
        vocab = int(term.max()) + 1 if len(term) else 1
        cell, counts = np.unique(rows.astype(np.int64) * vocab + term.ravel(), return_counts=True)
        row, term = cell // vocab, cell % vocab
        df = np.bincount(term, minlength=vocab)
        weights = (1.0 + np.log(counts)) * (np.log((n + 1) / (df + 1.0)) + 1.0)[term]
        norm = np.sqrt(np.bincount(row, weights * weights, minlength=n))
        weights /= np.where(norm > 0, norm, 1.0)[row]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=n), out=offsets[1:])
        totals = np.bincount(row, counts, minlength=n).astype(float)
        return cls(offsets, term, counts.astype(float), weights, totals, vocab)

    def _entries(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Entry indices of each of ``docs`` (concatenated), and for each the position of its doc in ``docs``."""
        starts = self.offsets[docs]
        sizes = self.offsets[docs + 1] - starts
        owner = np.repeat(np.arange(len(docs)), sizes)
        return np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(len(owner)), owner

    def shared(self, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per pair (left[k], right[k]): tf-idf cosine, and the number of occurrences they share (clipped).

        Pairs are taken in chunks of at most ``_CHUNK_ENTRIES`` entries, so memory stays flat however many
        pairs an event has (a hundred reports make a hundred thousand pairs of character n-gram rows)."""
        sizes = (self.offsets[left + 1] - self.offsets[left]) + (self.offsets[right + 1] - self.offsets[right])
        entries = np.cumsum(sizes)
        if not len(entries) or entries[-1] <= _CHUNK_ENTRIES:
            return self._shared(left, right)
        limits = np.arange(_CHUNK_ENTRIES, entries[-1], _CHUNK_ENTRIES)
        cuts = [0, *np.searchsorted(entries, limits).tolist(), len(left)]
        parts = [self._shared(left[a:b], right[a:b]) for a, b in itertools.pairwise(cuts) if b > a]
        return np.concatenate([c for c, _ in parts]), np.concatenate([n for _, n in parts])

    def _shared(self, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ea, pa = self._entries(left)
        eb, pb = self._entries(right)
        _, ia, ib = np.intersect1d(
            pa * self.vocab + self.terms[ea], pb * self.vocab + self.terms[eb], assume_unique=True, return_indices=True
        )
        owner, ia, ib = pa[ia], ea[ia], eb[ib]
        cosine = np.bincount(owner, self.weights[ia] * self.weights[ib], minlength=len(left))
        common = np.bincount(owner, np.minimum(self.counts[ia], self.counts[ib]), minlength=len(left))
        return np.minimum(cosine, 1.0), common


_PRIME = np.uint64(1_000_003)
_CHUNK_ENTRIES = 2_000_000
"""Most row entries ``_Bag.shared`` compares at once (about 100 MB of working arrays)."""
_TREE_ROWS = 8192
"""Most feature rows ``Trees.logits`` walks through the trees at once (about 60 MB of working arrays)."""


def _word_bags(texts: Sequence[Sequence[str]]) -> tuple[list[_Bag], dict[str, float]]:
    """Bags of stem n-grams (n = 1.._MAX_N) over each text's stems, and the IDF of each stem."""
    vocab: dict[str, int] = {}
    ids = np.array([vocab.setdefault(s, len(vocab)) for stems in texts for s in stems], dtype=np.uint64)
    row = np.repeat(np.arange(len(texts)), [len(stems) for stems in texts])
    bags = []
    key = ids.copy()
    for n in range(1, _MAX_N + 1):
        if n > 1:
            key = key[:-1] * _PRIME + ids[n - 1 :]
            keep = row[: len(row) - n + 1] == row[n - 1 :]
        else:
            keep = np.ones(len(ids), dtype=bool)
        bags.append(_Bag.build(row[: len(key)][keep], key[keep], len(texts)))
    df = np.bincount(bags[0].terms, minlength=len(vocab))  # unigram term k is stem id k
    idf = np.log((len(texts) + 1) / (df + 1.0)) + 1.0
    return bags, dict(zip(vocab, idf.tolist(), strict=True))


def _char_bag(texts: Sequence[str]) -> _Bag:
    """Bag of character 3-5-grams within words (word boundaries included as spaces) over each text's
    ``_Text.chars``."""
    joined = "".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    row = np.repeat(np.arange(len(texts)), [len(chars) for chars in texts])
    spaces = np.concatenate(([0], np.cumsum(codes == 32)))
    rows, keys = [], []
    key = codes.copy()
    for n in range(2, 6):
        key = key[:-1] * _PRIME + codes[n - 1 :]
        if n < 3:
            continue
        start = np.arange(len(key))
        keep = (row[start] == row[start + n - 1]) & (spaces[start + n - 1] == spaces[start + 1])
        rows.append(row[start[keep]])
        keys.append(key[keep] + np.uint64(n))
    return _Bag.build(np.concatenate(rows), np.concatenate(keys), len(texts))


def _unmatched(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether some number of ``a`` has no counterpart in ``b`` (equal, or within 2% when not a year)."""
    return any(not any(_close(x, y) for y in b) for x in a - b)


def _clashing(a: _Text, b: _Text) -> list[str]:
    """The words both texts count ("tank" in "100 tanks") with numbers that do not match."""
    x, y = a.quantities, b.quantities
    return [u for u in x.keys() & y.keys() if _unmatched(x[u], y[u]) and _unmatched(y[u], x[u])]


def _close(x: str, y: str) -> bool:
    try:
        u, v = float(x), float(y)
    except ValueError:
        return False
    if u.is_integer() and v.is_integer() and (1800 <= u <= 2100 or 1800 <= v <= 2100):
        return u == v
    return abs(u - v) <= 0.02 * max(abs(u), abs(v))


def _positions(words: Sequence[str]) -> dict[str, int]:
    """Each word's positions in ``words``, as the set bits of an integer (for the bit-parallel tables)."""
    positions: dict[str, int] = {}
    for i, word in enumerate(words):
        positions[word] = positions.get(word, 0) | (1 << i)
    return positions


def _edit(a: Sequence[str], b: Sequence[str], positions: dict[str, int] | None = None) -> int:
    """Word-level edit distance (insertions, deletions, substitutions), as in translation error rate.

    Myers' bit-vector algorithm (Hyyrö's form): one column of the table per word of ``b``,
    held as bits of Python integers, so a pair costs a few integer operations per word.
    ``positions``: ``_positions(a)``, when already built.
    """
    if not a or not b:
        return len(a) + len(b)
    if positions is None:
        positions = _positions(a)
    full, top = (1 << len(a)) - 1, 1 << (len(a) - 1)
    up, down, score = full, 0, len(a)
    for word in b:
        eq = positions.get(word, 0)
        xv = eq | down
        xh = (((eq & up) + up) ^ up) | eq
        right = down | (~(xh | up) & full)
        left = up & xh
        score += 1 if right & top else -1 if left & top else 0
        right = ((right << 1) | 1) & full
        left = (left << 1) & full
        up = left | (~(xv | right) & full)
        down = right & xv
    return score


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence.

    Bit-parallel (Crochemore et al., 2001): a row of the table over ``a`` is held as the bits of
    one Python integer, so each word of ``b`` costs a few integer operations, not one step per
    word of ``a``; a pair of long texts takes milliseconds, not seconds.
    """
    if not a or not b:
        return 0
    positions = _positions(a)
    full = (1 << len(a)) - 1
    row = full
    for word in b:
        match = positions.get(word, 0)
        row = ((row + (row & match)) | (row & ~match)) & full
    return len(a) - row.bit_count()


_Weighted = tuple[list[float], float, float, list[float]]
"""A text's content words' IDF weights (in the order of ``_Text.walk``), its total weight, its specific
weight (above the collection's topic words) and each clause's weight."""


class PairModel:
    """Corpus statistics for a collection of texts, and the same-fact scorer over them."""

    def __init__(self, texts: list[_Text], words: list[_Bag], chars: _Bag, idf: dict[str, float],
                 positions: Sequence[float] | None = None) -> None:
        self._texts = texts
        self._positions = list(positions) if positions is not None else [-1.0] * len(texts)
        self._words = words
        self._chars = chars
        self._idf = idf
        self._default_idf = math.log(len(texts) + 1) + 1.0
        topic = _TOPIC_SHARE * len(texts)  # a topic word is in this many texts; a handful of texts has none
        self._floor = math.log((len(texts) + 1) / (topic + 1.0)) + 1.0 if len(texts) >= 10 else 0.0
        self._fuzzy: dict[tuple[str, str], float] = {}
        self._weights: dict[int, _Weighted] = {}
        self._letters: dict[int, dict[str, tuple[str, ...]]] = {}  # built once per text: a text is in many pairs
        self._bits: dict[int, dict[str, int]] = {}
        self._grams: dict[int, frozenset[str]] = {}

    @classmethod
    def fit(cls, texts: Sequence[str], positions: Sequence[float] | None = None) -> PairModel:
        """Fit IDF statistics (stem n-grams, character n-grams) on ``texts`` and analyse each."""
        analysed = [_analyse(t) for t in texts]
        words, idf = _word_bags([t.stems for t in analysed])
        if positions is not None and len(positions) != len(texts):
            raise ValueError("positions must give one position per text")
        return cls(analysed, words, _char_bag([t.chars for t in analysed]), idf, positions)

    def _weight(self, stem: str) -> float:
        return self._idf.get(stem, self._default_idf)

    def key_coverage(self, group: Sequence[int], other: int) -> float:
        """IDF-weighted share of a group's key words that text ``other`` states too.

        Key words are the content stems that at least two and at least half of the group's
        texts use: what the group's statements agree on. A five-letter prefix counts as a match
        ("diplomatic" and "diplomat").
        """
        counts: dict[str, int] = {}
        for k in group:
            for stem in self._texts[k].content:
                counts[stem] = counts.get(stem, 0) + 1
        key = [w for w, c in counts.items() if c >= 2 and 2 * c >= len(group)] or list(counts)
        mine = self._texts[other].content
        prefixes = {w[:5] for w in mine}
        total = sum(self._weight(w) for w in key)
        found = sum(self._weight(w) for w in key if w in mine or w[:5] in prefixes)
        return found / total if total else 0.0

    def _similar(self, stem: str, other: str) -> float:
        """Character-trigram Jaccard similarity of two stems (cached)."""
        key = (stem, other)
        found = self._fuzzy.get(key)
        if found is None:
            a, b = _trigrams(stem), _trigrams(other)
            shared = len(a & b)
            found = self._fuzzy[key] = shared / (len(a) + len(b) - shared)
        return found

    def _weighted(self, i: int) -> _Weighted:
        """Text i's content words' weights, its total and specific weight and each clause's weight:
        what does not depend on the other text (built once per text: a text is in many pairs)."""
        found = self._weights.get(i)
        if found is None:
            a = self._texts[i]
            floor = self._floor
            weights = list(map(self._idf.get, a.walk_stems, itertools.repeat(self._default_idf)))
            clause_total = [0.0] * len(a.clause_words)
            total = specific = 0.0
            for (_, _, _, clause), w in zip(a.walk, weights, strict=True):
                total += w
                if w > floor:
                    specific += w - floor
                clause_total[clause] += w
            found = self._weights[i] = (weights, total, specific, clause_total)
        return found

    def _coverage(self, i: int, j: int) -> tuple[float, float, int, float, float, float, float, float]:
        """How much of text i's content text j states too (exact, fuzzy or substituted), IDF-weighted.

        Returns the covered share, the number of i's content words j misses, the longest run of
        missed words, the covered share of i's best clause, the covered IDF mass, the number of
        matches, and i's specific mass (IDF above the collection's topic words) with its covered part.
        """
        a, b = self._texts[i], self._texts[j]
        weights, total, specific, clause_total = self._weighted(i)
        floor = self._floor
        extra = [initials for initials in b.acronyms if initials in a.content]
        extra += [stem for initials, stems in a.acronyms.items() if initials in b.content for stem in stems]
        other = b.stem_set | frozenset(extra) if extra else b.stem_set
        neighbours = b.around
        by_letter = self._letters.get(j)
        if by_letter is None:
            by_letter = self._letters[j] = _by_letter(b.content)
        mine = a.content
        covered = missed = matched = specific_covered = 0.0
        run = longest = 0
        clause_covered = [0.0] * len(clause_total)
        similar, fuzzy = self._similar, self._fuzzy
        for (stem, before, after, clause), w in zip(a.walk, weights, strict=True):  # the hot loop
            match = 0.0
            if stem in other or (before, after) in neighbours:
                match = 1.0
            elif len(stem) >= 4 and stem[0] in by_letter:
                best = 0.0
                for o in by_letter[stem[0]]:
                    if o in mine:
                        continue  # a word both texts have is no near spelling of another
                    found = fuzzy.get((stem, o))
                    if found is None:
                        found = similar(stem, o)
                    if found > best:
                        best = found
                match = best if best >= 0.4 else 0.0
            if match:
                covered += w * match
                specific_covered += (w - floor if w > floor else 0.0) * match
                matched += match
                clause_covered[clause] += w * match
            missed += 1.0 - match
            if match < 0.5:
                run += 1
                if run > longest:
                    longest = run
            else:
                run = 0
        share = covered / total if total else 1.0
        clauses = [clause_covered[c] / clause_total[c] for c, k in enumerate(a.clause_words) if k >= 3]
        return share, missed, longest, max(clauses, default=share), covered, matched, specific, specific_covered

    def _clash(self, a: frozenset[str], b: frozenset[str], b_chars: str) -> float:
        """IDF-weighted share of a's items that b never mentions, even as a near spelling."""
        if not a:
            return 0.0
        missing = [x for x in a if x not in b and f" {x[:3]}" not in b_chars]
        return sum(self._weight(x) for x in missing) / sum(self._weight(x) for x in a)

    def _pair_features(self, i: int, j: int) -> list[float]:
        """The features that need a walk over both texts' words."""
        a, b = self._texts[i], self._texts[j]
        ca, ma, ra, qa, ia, na, sa, sca = self._coverage(i, j)
        cb, mb, rb, qb, ib, nb, sb, scb = self._coverage(j, i)
        spec = sorted((sca / sa if sa else 0.0, scb / sb if sb else 0.0))
        shared_a = [s for s in a.stems if s in b.content]
        shared_b = [s for s in b.stems if s in a.content]
        order = _lcs(shared_a, shared_b) / max(1, min(len(shared_a), len(shared_b)))
        numbers = len(a.numbers ^ b.numbers) / max(1, len(a.numbers | b.numbers))
        names = max(self._clash(a.names, b.content, b.chars), self._clash(b.names, a.content, a.chars))
        short, long = sorted((len(a.content), len(b.content)))
        return [
            min(ca, cb),
            max(ca, cb),
            max(qa, qb),
            math.log1p(max(ma, mb)),
            math.log1p(max(ra, rb)),
            order,
            math.log1p(short),
            math.log1p(long),
            (ia + ib) / max(1.0, na + nb) / self._default_idf,
            numbers,
            float(_unmatched(a.numbers, b.numbers) and _unmatched(b.numbers, a.numbers)),
            max((DATE_CLASH if u in _DATE_WORDS else 1.0 for u in _clashing(a, b)), default=0.0),
            names,
            float(a.negated != b.negated),
            spec[0],
            spec[1],
            math.log1p(min(sca, scb)),
            self._edit_distance(i, j) / max(1, len(a.stems), len(b.stems)),
            *self._position_features(i, j),
        ]

    def _position_features(self, i: int, j: int) -> tuple[float, float]:
        """Where the two statements stand in their reports (0 the lead, 1 the end), when known:
        the earlier one's place and the gap; -1 for both when a text has no report (``brief pairs``)."""
        pa, pb = self._positions[i], self._positions[j]
        if pa < 0 or pb < 0:
            return -1.0, -1.0
        return min(pa, pb), abs(pa - pb)

    def feature_matrix(self, pairs: Sequence[tuple[int, int]], skip: Sequence[int] = ()) -> np.ndarray:
        """Feature vectors of many pairs, one row each, columns in the order of ``FEATURES``; the pairs
        ``skip`` (indexes) are not walked (``_walks``)."""
        if not pairs:
            return np.zeros((0, len(FEATURES)))
        left, right = (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True))
        return np.column_stack([*_bag_columns(self._words, self._chars, left, right), self._walks(pairs, skip)])

    def _walks(self, pairs: Sequence[tuple[int, int]], skip: Sequence[int] = ()) -> np.ndarray:
        """The columns of ``feature_matrix`` that walk both texts' words, one row per pair; the rows
        of the pairs ``skip`` (indexes) are left nil, unwalked (pairs whose score is nil anyway)."""
        if not pairs:
            return np.zeros((0, _WALK_COLUMNS))
        if not len(skip):
            return np.array([self._pair_features(i, j) for i, j in pairs])
        out = np.zeros((len(pairs), _WALK_COLUMNS))
        left = np.ones(len(pairs), dtype=bool)
        left[np.asarray(skip, dtype=np.int64)] = False
        walked = [self._pair_features(*pairs[k]) for k in np.flatnonzero(left).tolist()]
        if walked:
            out[left] = walked
        return out

    def _scored_features(self, pairs: Sequence[tuple[int, int]]) -> tuple[np.ndarray, list[int]]:
        """``feature_matrix`` for scoring, the rows of the pairs that share no word left unwalked (their
        score is nil whatever their features), and those pairs' indexes (``_apart``)."""
        apart = self._apart(pairs)
        return self.feature_matrix(pairs, apart), apart

    def walk_features(self, pairs: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """``_walks``, and which pairs share no word (``_apart``): the part of scoring that reads each
        pair's two texts only."""
        apart = self._apart(pairs)
        return self._walks(pairs, apart), np.array(apart, dtype=np.int64)

    def score_pairs(self, pairs: Sequence[tuple[int, int]], model: Model | Trees | None = None) -> np.ndarray:
        """Probability in [0, 1] that each pair of fitted texts states the same fact: nil when the
        two share no word but dates and numbers (``shares_words``)."""
        features, apart = self._scored_features(pairs)
        scores = probabilities(features, MODEL if model is None else model)
        scores[apart] = 0.0
        return scores

    def score_pairs_and_content(self, pairs: Sequence[tuple[int, int]], model: Model | Trees | None = None
                                ) -> tuple[np.ndarray, np.ndarray]:
        """``score_pairs``, and the same rule's probability for the pairs read without the statements'
        places in their reports (what their words alone say), from one feature computation."""
        features, apart = self._scored_features(pairs)
        scores, content = probabilities_with_content(features, MODEL if model is None else model)
        scores[apart] = 0.0
        content[apart] = 0.0
        return scores, content

    def _apart(self, pairs: Sequence[tuple[int, int]]) -> list[int]:
        """Indexes of the pairs whose texts share no word but dates and numbers."""
        return [k for k, (i, j) in enumerate(pairs) if not self.shares_words(i, j)]

    def _text_grams(self, i: int) -> frozenset[str]:
        """``_grams`` of text i's content (built once per text)."""
        found = self._grams.get(i)
        if found is None:
            found = self._grams[i] = _grams(self._texts[i].content)
        return found

    def _edit_distance(self, i: int, j: int) -> int:
        """``_edit`` of the two texts' stems, the shorter walked over the longer's bit table (the
        distance is symmetric; each text's table is built once)."""
        if len(self._texts[i].stems) < len(self._texts[j].stems):
            i, j = j, i
        bits = self._bits.get(i)
        if bits is None:
            bits = self._bits[i] = _positions(self._texts[i].stems)
        return _edit(self._texts[i].stems, self._texts[j].stems, bits)

    def shares_words(self, i: int, j: int) -> bool:
        """Whether texts i and j share a content word, exactly or as a near spelling, other than the
        words a resolved date becomes: two statements with only a day in common ("won the final on
        Saturday", "an aide said on Saturday") state two facts, whatever their place in their reports."""
        a, b = self._texts[i].content - _DATE_WORDS, self._texts[j].content - _DATE_WORDS
        if a & b:
            return True
        if self._text_grams(i).isdisjoint(self._text_grams(j)):
            return False  # a near spelling shares a trigram
        longer = [y for y in b if len(y) >= 4]
        return any(self._similar(x, y) >= _NEAR_SPELLING for x in a if len(x) >= 4 for y in longer)

    def candidate_pairs(self, groups: Sequence[int], min_score: float = 0.1) -> list[tuple[int, int]]:
        """Pairs (i < j) from different groups whose word tf-idf cosine reaches ``min_score``."""
        n = len(self._texts)
        if n != len(groups):
            raise ValueError("groups must give one group per fitted text")
        group = np.asarray(groups)
        bag = self._words[0]
        df = np.bincount(bag.terms, minlength=bag.vocab)
        keep = df[bag.terms] > 1
        vocab = np.cumsum(df > 1) - 1
        row = np.repeat(np.arange(n), np.diff(bag.offsets))
        dense = np.zeros((n, int((df > 1).sum())), dtype=np.float32)
        dense[row[keep], vocab[bag.terms[keep]]] = bag.weights[keep]
        # Each group's rows against the rows of the groups after it only: a long report's statements
        # are never compared among themselves (35,000 lines of one report made a billion such pairs).
        order = np.argsort(group, kind="stable")
        ends = np.flatnonzero(np.diff(group[order])) + 1
        found: set[tuple[int, int]] = set()
        for a, b in itertools.pairwise([0, *ends.tolist()]):
            later = order[b:]
            others = dense[later]
            for start in range(a, b, 512):
                mine = order[start : min(b, start + 512)]
                rows, cols = np.nonzero(dense[mine] @ others.T >= min_score)
                left, right = mine[rows], later[cols]
                found.update(zip(np.minimum(left, right).tolist(), np.maximum(left, right).tolist(), strict=True))
        return sorted(found)


def _bag_columns(words: Sequence[_Bag], chars: _Bag, left: np.ndarray, right: np.ndarray) -> list[np.ndarray]:
    """The columns of ``PairModel.feature_matrix`` that compare the pairs' rows of the n-gram bags."""
    columns = []
    common = []
    for n, bag in enumerate(words, start=1):
        cosine, shared = bag.shared(left, right)
        if n <= 2:
            columns.append(cosine)
        common.append(shared)
    columns.append(chars.shared(left, right)[0])
    for bag, shared in zip(words, common, strict=True):
        pa, pb = shared / np.maximum(1.0, bag.totals[left]), shared / np.maximum(1.0, bag.totals[right])
        columns += [np.minimum(pa, pb), np.maximum(pa, pb)]
    p = common[0] / np.maximum(1.0, words[0].totals[left])
    r = common[0] / np.maximum(1.0, words[0].totals[right])
    fmean = 2 * p * r / np.maximum(p + r, 1e-9)
    fragments = (common[0] - common[1]) / np.maximum(1.0, common[0])
    columns.append(fmean * (1.0 - 0.5 * fragments**3))
    return columns


@dataclass(frozen=True, slots=True)
class Trees:
    """Gradient-boosted regression trees of fixed depth, complete and stored level by level.

    Node k of a tree has children 2k + 1 (feature value <= threshold) and 2k + 2; the last
    ``2 ** depth`` nodes are leaves. The sum of the leaves a row reaches, plus ``base``, is a logit.
    """

    feature: np.ndarray
    """(trees, 2 ** depth - 1) column index tested at each inner node."""
    threshold: np.ndarray
    """(trees, 2 ** depth - 1) split value of each inner node."""
    leaf: np.ndarray
    """(trees, 2 ** depth) value of each leaf."""
    base: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The model's logit for each row of ``x`` (in blocks of ``_TREE_ROWS`` rows: every row walks
        every tree at once, so memory grows with rows times trees)."""
        if len(x) > _TREE_ROWS:
            return np.concatenate([self._logits(x[k : k + _TREE_ROWS]) for k in range(0, len(x), _TREE_ROWS)])
        return self._logits(x)

    def _logits(self, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = self.base + self.leaves(x).sum(axis=1)
        return out

    def leaves(self, x: np.ndarray, trees: np.ndarray | None = None) -> np.ndarray:
        """(rows, trees) the value of the leaf each row reaches in each tree (of ``trees`` only, when given)."""
        tree = np.arange(self.feature.shape[0]) if trees is None else trees
        inner = self.feature.shape[1]
        node = np.zeros((len(x), len(tree)), dtype=np.int64)
        rows = np.arange(len(x))[:, None]
        while True:
            at = np.minimum(node, inner - 1)
            inside = node < inner
            if not inside.any():
                break
            right = x[rows, self.feature[tree, at]] > self.threshold[tree, at]
            node = np.where(inside, 2 * node + 1 + right, node)
        out: np.ndarray = self.leaf[tree, node - inner]
        return out

    def logits_both(self, x: np.ndarray, columns: Sequence[int], value: float) -> tuple[np.ndarray, np.ndarray]:
        """``logits(x)``, and the logits of ``x`` with ``columns`` set to ``value``: only the trees that
        test one of those columns are walked again (the same sums, to the bit, as two ``logits`` calls)."""
        again = np.flatnonzero((np.isin(self.feature, columns) & np.isfinite(self.threshold)).any(axis=1))
        first, second = [], []
        for k in range(0, len(x), _TREE_ROWS):
            block = x[k : k + _TREE_ROWS]
            values = self.leaves(block)
            first.append(self.base + values.sum(axis=1))
            if len(again):
                changed = block.copy()
                changed[:, columns] = value
                values[:, again] = self.leaves(changed, again)
            second.append(self.base + values.sum(axis=1))
        if not first:
            return np.zeros(0), np.zeros(0)
        return np.concatenate(first), np.concatenate(second)


@dataclass(frozen=True, slots=True)
class Linear:
    """A logistic regression on standardised features: smooth where the trees are steppy."""

    weight: np.ndarray
    """(features,) coefficient of each standardised feature."""
    bias: float
    center: np.ndarray
    """(features,) mean of each feature in the training data."""
    scale: np.ndarray
    """(features,) standard deviation of each feature in the training data."""

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The model's logit for each row of ``x``."""
        out: np.ndarray = self.bias + ((x - self.center) / self.scale) @ self.weight
        return out


@dataclass(frozen=True, slots=True)
class Model:
    """The same-fact model: a weighted mean of the trees' and the linear model's probabilities.

    The trees fit the pair sets and within-event pairs closely; the linear model, fitted on the
    pair sets alone, keeps the average from trusting a tree's step on statements unlike any it
    was trained on (a short clause against a long sentence of the same event).
    """

    trees: Trees
    linear: Linear | None = None
    trees_share: float = 0.5
    """Weight of the trees' probability in the mean (the linear part has the rest)."""

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Weighted mean probability of the two models (the trees alone when there is no linear part)."""
        return self._mean(self.trees.logits(x), x)

    def probability_both(self, x: np.ndarray, columns: Sequence[int], value: float) -> tuple[np.ndarray, np.ndarray]:
        """``probability(x)``, and the probability of ``x`` with ``columns`` set to ``value``, each tree
        that never tests those columns walked once (``Trees.logits_both``)."""
        first, second = self.trees.logits_both(x, columns, value)
        changed = x.copy()
        changed[:, columns] = value
        return self._mean(first, x), self._mean(second, changed)

    def _mean(self, logits: np.ndarray, x: np.ndarray) -> np.ndarray:
        """The trees' probability from their logits, averaged with the linear part's for ``x``."""
        p: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        if self.linear is not None:
            linear = 1.0 / (1.0 + np.exp(-self.linear.logits(x)))
            p = self.trees_share * p + (1.0 - self.trees_share) * linear
        return p


def probabilities_with_content(features: np.ndarray, model: Model | Trees) -> tuple[np.ndarray, np.ndarray]:
    """``probabilities`` of the features, and of the same features read without the statements'
    places in their reports (the position columns at -1, as in ``brief pairs``): the same numbers as
    two calls, but the trees that never test a position are walked once."""
    whole = model if isinstance(model, Model) else Model(model)
    damp = np.where(features[:, FEATURES.index("quantity_clash")] >= DATE_CLASH, CLASH_FACTOR, 1.0)
    given, unplaced = whole.probability_both(features, [FEATURES.index("position_first"),
                                                        FEATURES.index("position_gap")], -1.0)
    return damp * given, damp * unplaced


def probabilities(features: np.ndarray, model: Model | Trees) -> np.ndarray:
    """Same-fact probability of each feature row, damped when the statements' dates clash."""
    whole = model if isinstance(model, Model) else Model(model)
    clash = features[:, FEATURES.index("quantity_clash")] >= DATE_CLASH
    probability: np.ndarray = np.where(clash, CLASH_FACTOR, 1.0) * whole.probability(features)
    return probability


_WALK_COLUMNS = 20
"""Number of features ``PairModel._pair_features`` gives (the last columns of ``FEATURES``)."""
_PARALLEL_PAIRS = 1_000
"""Fewest pairs ``score_text_pairs`` splits between processes (below it, starting them costs more)."""
_NO_TEXT = _analyse("")
"""What a worker holds for the texts of the other workers' pairs (it never reads them)."""


def score_text_pairs(texts: Sequence[str], jobs: int = 1) -> np.ndarray:
    """Same-fact probability of each pair of texts (0, 1), (2, 3)..., the whole list fitted as one
    collection: ``PairModel.fit(texts).score_pairs(...)``, what ``brief pairs`` prints.

    With ``jobs`` > 1 (where processes can fork), the two parts of the work that read one text or
    one pair at a time, each text's analysis and the walk over each pair's words, run in ``jobs``
    worker processes, each on its share of the pairs; this process builds the collection's n-gram
    bags from the stems and characters they send back and compares the bags' rows. The scores are the
    same to the bit: the same numbers are computed in the same order, only in other processes."""
    if len(texts) % 2:
        raise ValueError("texts must come in pairs")
    pairs = [(2 * k, 2 * k + 1) for k in range(len(texts) // 2)]
    jobs = min(jobs, len(pairs))
    if jobs < 2 or len(pairs) < _PARALLEL_PAIRS or "fork" not in multiprocessing.get_all_start_methods():
        return PairModel.fit(texts).score_pairs(pairs)
    import sys

    for stream in (sys.stdout, sys.stderr):  # a forked worker flushes what it inherits when it exits
        stream.flush()
    context = multiprocessing.get_context("fork")
    cuts = [round(len(pairs) * k / jobs) for k in range(jobs + 1)]
    workers = []
    try:
        for lo, hi in itertools.pairwise(cuts):
            mine, theirs = context.Pipe()
            worker = context.Process(target=_pairs_worker, args=(theirs, texts, lo, hi), daemon=True)
            worker.start()
            theirs.close()
            workers.append((worker, mine))
        read = [text for _, pipe in workers for text in pipe.recv()]
        words, idf = _word_bags([stems for stems, _ in read])
        for _, pipe in workers:  # they walk the pairs while the character bag is built here
            pipe.send(idf)
        chars = _char_bag([chars for _, chars in read])
        left = np.arange(0, 2 * len(pairs), 2, dtype=np.int64)
        columns = _bag_columns(words, chars, left, left + 1)
        walked = [pipe.recv() for _, pipe in workers]
    except (EOFError, OSError) as exc:  # a worker died (out of memory, killed): do it all here
        log.warning("brief pairs: a worker process failed (%s); scoring in one process", exc)
        return PairModel.fit(texts).score_pairs(pairs)
    finally:
        for worker, pipe in workers:
            pipe.close()
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()
    rest = np.vstack([rows for rows, _ in walked])
    scores = probabilities(np.column_stack([*columns, rest]), MODEL)
    scores[np.concatenate([lo + apart for lo, (_, apart) in zip(cuts, walked, strict=False)])] = 0.0
    return scores


def _pairs_worker(pipe: Any, texts: Sequence[str], lo: int, hi: int) -> None:
    """``score_text_pairs``'s worker for pairs ``lo:hi``: analyse their texts, send each one's stems and
    characters, receive the collection's IDF, send the pairs' walk features and which share no word."""
    try:
        mine = [_analyse(t) for t in texts[2 * lo : 2 * hi]]
        pipe.send([(t.stems, t.chars) for t in mine])
        idf = pipe.recv()
        held = [_NO_TEXT] * len(texts)
        held[2 * lo : 2 * hi] = mine
        model = PairModel(held, [], _char_bag([]), idf)
        pipe.send(model.walk_features([(2 * k, 2 * k + 1) for k in range(lo, hi)]))
    except (EOFError, BrokenPipeError):  # the parent gave up (another worker failed): nothing to say
        pass
    finally:
        pipe.close()


def same_fact(score: float, config: Config) -> bool:
    """Whether a pair with this probability states the same fact under ``config``."""
    return score >= config.same_fact_threshold


TREES = Trees(
    feature=similarity_model.FEATURE,
    threshold=similarity_model.THRESHOLD,
    leaf=similarity_model.LEAF,
    base=similarity_model.BASE,
)
LINEAR = Linear(
    weight=similarity_model.LINEAR_WEIGHT,
    bias=similarity_model.LINEAR_BIAS,
    center=similarity_model.CENTER,
    scale=similarity_model.SCALE,
)
MODEL = Model(TREES, LINEAR, similarity_model.TREES_SHARE)
"""The committed model (its constants live in ``similarity_model``, written by the tuner)."""


def content_words(text: str) -> frozenset[str]:
    """The text's content stems (no stop words, numbers or resolved-date tokens): nor the stem of a
    stop word ("according" stems to "accord": two sentences that share only "according to" share
    no content)."""
    return _analyse(text).content - _DATE_WORDS - _STOP_STEMS


def count_clash(a: str, b: str) -> bool:
    """Whether the two texts count one thing (the same word before or after the number) differently."""
    return any(u not in _DATE_WORDS for u in _clashing(_analyse(a), _analyse(b)))


def clashing_counts(a: str, b: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers (digits, no thousands commas) each text gives for the things both count differently
    (``count_clash``): "21" and "18" of "scored 21 points (9-4)" and "had 18 points and six rebounds"."""
    x, y = _analyse(a), _analyse(b)
    units = [u for u in _clashing(x, y) if u not in _DATE_WORDS]
    return (frozenset(n for u in units for n in x.quantities[u]), frozenset(n for u in units for n in y.quantities[u]))


def written_case(text: str) -> Iterator[tuple[str, bool]]:
    """Each word's stem after the text's first word, with whether it is written capitalised."""
    for token in _tokens(text)[1:]:
        if token[:1].isalpha():
            yield _stem(token.lower()), token[0].isupper()


def capitalised(texts: Iterable[str]) -> frozenset[str]:
    """Stems the texts write capitalised in most places other than a text's start: names of
    participants, places and days ("Ruritania", "Ivanov", "Monday")."""
    upper: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for text in texts:
        for stem, capital in written_case(text):
            seen[stem] += 1
            upper[stem] += capital
    return frozenset(w for w, c in seen.items() if 2 * upper[w] > c)
