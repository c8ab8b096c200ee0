"""Decide whether two statements state the same fact.

Corroboration is only as good as this one rule: two reports corroborate each
other when they assert the same thing about the same participants, not when
they merely talk about the same topic. ``brief pairs`` and the aligner of
``brief facts`` both use it, so one decision is measured and shipped.

The rule is a small logistic regression over hand-written features: IDF-weighted
word and character n-gram cosines, how much of each statement's content the
other covers (exact, fuzzy or by substitution between matching neighbours, which
is how spun synonyms and transliterated names still match), agreement of
numbers and names, word order and negation. Conflicting numbers halve the
probability whatever the wording: "100 tanks" and "400 tanks" are two facts. The weights were tuned on the DEV
pair sets by ``bench/tune_pairs.py``; its output is a probability, calibrated so
that ``Config.same_fact_threshold`` = 0.5 is the decision point.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

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
_NEGATIONS = frozenset(("not", "no", "never", "n't", "nor", "none", "nobody", "nothing", "without", "cannot"))
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")

FEATURES = (
    "bias",
    "word_cos",
    "bigram_cos",
    "char_cos",
    "coverage",
    "missed",
    "missed_run",
    "unigram_max",
    "bigram_max",
    "trigram_min",
    "order",
    "length_diff",
    "number_diff",
    "number_clash",
    "name_clash",
    "negation_clash",
)
"""Feature names, in the order of ``WEIGHTS``."""
# fmt: off
WEIGHTS = np.array([
    -1.275, 0.628, 3.303, 0.204, 0.008, 0.029, -0.443, 3.810,
    -4.353, 0.896, 0.124, 0.132, -0.079, -0.861, -0.312, -0.697,
])
# fmt: on
"""Logistic-regression weights tuned on DEV by ``bench/tune_pairs.py``."""
CLASH_FACTOR = 0.5
"""Probabilities of pairs whose numbers conflict are scaled by this,
so they fall below 0.5: "100 tanks" and "400 tanks" are two facts however alike the wording."""


def _stem(word: str) -> str:
    """Strip one common English suffix, keeping at least a four-letter stem."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _trigrams(word: str) -> frozenset[str]:
    padded = f"#{word}#"
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@dataclass(frozen=True, slots=True)
class _Text:
    """What the features need to know about one text, computed once per fit."""

    stems: tuple[str, ...]
    """Every token, lower-cased and stemmed; numbers normalised."""
    content: frozenset[str]
    """Stems that are not stop words and not numbers."""
    numbers: frozenset[str]
    names: frozenset[str]
    """Stems of capitalised words not at the start of the text."""
    negated: bool
    acronyms: dict[str, frozenset[str]]
    """Initials of runs of capitalised words ('sec') and the stems they stand for."""
    words: dict[str, float]
    """L2-normalised tf-idf of stems."""
    bigrams: dict[str, float]
    chars: dict[str, float]
    """L2-normalised tf-idf of character 3-5-grams within words."""


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.translate(_NORMALISE).replace("n't", " n't"))


def _analyse(text: str) -> tuple[list[str], list[str], list[str]]:
    """Stems, bigrams and character n-grams of one text (un-weighted)."""
    tokens = _tokens(text)
    stems = [_stem(t.lower()) if not t[0].isdigit() else t.replace(",", "") for t in tokens]
    bigrams = [f"{a} {b}" for a, b in pairwise(stems)]
    chars = [f" {t.lower()} "[i : i + n] for t in tokens for n in (3, 4, 5) for i in range(len(t) + 3 - n)]
    return stems, bigrams, chars


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


def _tfidf(terms: list[str], idf: dict[str, float], default: float) -> dict[str, float]:
    vec = {t: (1.0 + math.log(c)) * idf.get(t, default) for t, c in Counter(terms).items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, sum(v * b.get(t, 0.0) for t, v in a.items()))


def _ngram_overlap(a: Sequence[str], b: Sequence[str], n: int) -> tuple[float, float]:
    """Shares of a's and of b's word n-grams found in the other, smaller first."""
    ga = Counter(zip(*(a[k:] for k in range(n)), strict=False))
    gb = Counter(zip(*(b[k:] for k in range(n)), strict=False))
    common = sum((ga & gb).values())
    pa, pb = common / max(1, sum(ga.values())), common / max(1, sum(gb.values()))
    return min(pa, pb), max(pa, pb)


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


class PairModel:
    """Corpus statistics for a collection of texts, and the same-fact scorer over them."""

    def __init__(
        self, texts: list[_Text], idf: dict[str, float], default_idf: float, grams: dict[str, frozenset[str]]
    ) -> None:
        self._texts = texts
        self._grams = grams
        self._idf = idf
        self._default_idf = default_idf

    @classmethod
    def fit(cls, texts: Sequence[str]) -> PairModel:
        """Fit IDF statistics (stems, bigrams, character n-grams) on ``texts`` and analyse each."""
        analysed = [_analyse(t) for t in texts]
        df: Counter[str] = Counter()
        for parts in analysed:
            for terms in parts:
                df.update(set(terms))
        n = len(texts)
        idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
        default = math.log(n + 1) + 1.0
        out = []
        for text, (stems, bigrams, chars) in zip(texts, analysed, strict=True):
            tokens = _tokens(text)
            content = frozenset(s for s in stems if s not in _STOP and not s[0].isdigit())
            numbers = frozenset(
                _NUMBER_WORDS.get(s, s) for s in stems if s[0].isdigit() or s in _NUMBER_WORDS
            )
            names = frozenset(
                s
                for i, (t, s) in enumerate(zip(tokens, stems, strict=True))
                if i > 0 and t[0].isupper() and s not in _STOP
            )
            out.append(
                _Text(
                    stems=tuple(stems),
                    content=content,
                    numbers=numbers,
                    names=names,
                    negated=any(s in _NEGATIONS for s in stems),
                    acronyms=_acronyms(tokens, stems),
                    words=_tfidf(stems, idf, default),
                    bigrams=_tfidf(bigrams, idf, default),
                    chars=_tfidf(chars, idf, default),
                )
            )
        grams = {stem: _trigrams(stem) for t in out for stem in t.content if len(stem) >= 4}
        return cls(out, idf, default, grams)

    def _weight(self, stem: str) -> float:
        return self._idf.get(stem, self._default_idf)

    def _coverage(self, a: _Text, b: _Text) -> tuple[float, float, int]:
        """IDF-weighted share of a's content words that b states too (exact, fuzzy or substituted),
        and the number of a's content words b misses."""
        other = set(b.stems)
        other.update(initials for initials in b.acronyms if initials in a.content)
        for initials, stems in a.acronyms.items():
            if initials in b.content:
                other.update(stems)
        around = ("^", *b.stems, "$")
        neighbours = set(zip(around, around[2:], strict=False))
        padded = ("^", *a.stems, "$")
        spare = [self._grams[o] for o in b.content - a.content if o in self._grams]
        total = covered = missed = 0.0
        run = longest = 0
        for i, stem in enumerate(a.stems, start=1):
            if stem not in a.content:
                continue
            match = 0.0
            if stem in other or (padded[i - 1], padded[i + 1]) in neighbours:
                match = 1.0
            elif spare and stem in self._grams:
                grams = self._grams[stem]
                best = max(len(grams & o) / len(grams | o) for o in spare)
                match = best if best >= 0.4 else 0.0
            w = self._weight(stem)
            total += w
            covered += w * match
            missed += 1.0 - match
            run = run + 1 if match < 0.5 else 0
            longest = max(longest, run)
        return (covered / total if total else 1.0), missed, longest

    def _clash(self, a: frozenset[str], b: frozenset[str], b_chars: dict[str, float]) -> float:
        """IDF-weighted share of a's items that b never mentions, even as a near spelling."""
        if not a:
            return 0.0
        missing = [x for x in a if x not in b and f" {x}"[:4] not in b_chars]
        return sum(self._weight(x) for x in missing) / sum(self._weight(x) for x in a)

    def features(self, i: int, j: int) -> np.ndarray:
        """The feature vector of one pair of fitted texts, in the order of ``FEATURES``."""
        a, b = self._texts[i], self._texts[j]
        (ca, ma, ra), (cb, mb, rb) = self._coverage(a, b), self._coverage(b, a)
        shared_a = [s for s in a.stems if s in b.content]
        shared_b = [s for s in b.stems if s in a.content]
        order = _lcs(shared_a, shared_b) / max(1, min(len(shared_a), len(shared_b)))
        numbers = len(a.numbers ^ b.numbers) / max(1, len(a.numbers | b.numbers))
        names = max(self._clash(a.names, b.content, b.chars), self._clash(b.names, a.content, a.chars))
        return np.array(
            [
                1.0,
                _cosine(a.words, b.words),
                _cosine(a.bigrams, b.bigrams),
                _cosine(a.chars, b.chars),
                min(ca, cb),
                math.log1p(max(ma, mb)),
                math.log1p(max(ra, rb)),
                _ngram_overlap(a.stems, b.stems, 1)[1],
                _ngram_overlap(a.stems, b.stems, 2)[1],
                _ngram_overlap(a.stems, b.stems, 3)[0],
                order,
                math.log1p(abs(len(a.stems) - len(b.stems))),
                numbers,
                float(bool(a.numbers - b.numbers) and bool(b.numbers - a.numbers)),
                names,
                float(a.negated != b.negated),
            ]
        )

    def feature_matrix(self, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Feature vectors of many pairs, one row each (what the tuner fits weights on)."""
        if not pairs:
            return np.zeros((0, len(FEATURES)))
        return np.vstack([self.features(i, j) for i, j in pairs])

    def score_pairs(self, pairs: Sequence[tuple[int, int]], weights: np.ndarray | None = None) -> np.ndarray:
        """Probability in [0, 1] that each pair of fitted texts states the same fact."""
        return probabilities(self.feature_matrix(pairs), WEIGHTS if weights is None else weights)

    def candidate_pairs(self, groups: Sequence[int], min_score: float = 0.1) -> list[tuple[int, int]]:
        """Pairs (i < j) from different groups whose word tf-idf cosine reaches ``min_score``."""
        n = len(self._texts)
        if n != len(groups):
            raise ValueError("groups must give one group per fitted text")
        group = np.asarray(groups)
        found: set[tuple[int, int]] = set()
        df = Counter(term for t in self._texts for term in t.words)
        vocab = {term: k for k, term in enumerate(t for t, c in df.items() if c > 1)}
        dense = np.zeros((n, len(vocab)), dtype=np.float32)
        for row, text in enumerate(self._texts):
            for term, x in text.words.items():
                col = vocab.get(term)
                if col is not None:
                    dense[row, col] = x
        for start in range(0, n, 512):
            rows, cols = np.nonzero(dense[start : start + 512] @ dense.T >= min_score)
            rows += start
            keep = (rows < cols) & (group[rows] != group[cols])
            found.update(zip(rows[keep].tolist(), cols[keep].tolist(), strict=True))
        return sorted(found)


def probabilities(features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Same-fact probability of each feature row: the logistic model, damped on clashes."""
    clash = features[:, FEATURES.index("number_clash")] > 0
    probability: np.ndarray = np.where(clash, CLASH_FACTOR, 1.0) / (1.0 + np.exp(-(features @ weights)))
    return probability


def same_fact(score: float, config: Config) -> bool:
    """Whether a pair with this probability states the same fact under ``config``."""
    return score >= config.same_fact_threshold
