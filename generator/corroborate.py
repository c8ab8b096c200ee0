"""Decide what is corroborated, and pick the wording the brief shows.

A fact is corroborated when its evidence comes from at least
``config.min_origins`` independent origins; copies and rewrites of one report
count once. The shown wording is always one source's verbatim sentence: the
clearest one, preferring complete, self-contained sentences from reports whose
wording is not repeatedly the odd one out (spun or machine-translated text).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from .align import Alignment
from .config import Config
from .model import Citation, Fact, Origin, Sentence

_PRONOUN_START = re.compile(r"^(he|she|it|they|this|that|these|those|his|her|their|its)\b", re.I)
_WORD = re.compile(r"[^\W\d_]+", re.U)


def fact_id(sentence: Sentence) -> str:
    """Stable id of a fact, from the source and wording of its shown statement."""
    key = f"{sentence.source_id}\x00{' '.join(_WORD.findall(sentence.text.lower()))}"
    return "f-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def oddness(sentences: Sequence[Sentence], groups: Sequence[Sequence[int]]) -> dict[str, float]:
    """Per source: share of its words, in shared facts, that no other version of the fact uses.

    Spun copies and machine translations swap words for odd synonyms, so their
    versions of shared facts carry many words the other sources never use.
    """
    event_words = Counter(w for s in sentences for w in set(_WORD.findall(s.text.lower())))
    odd: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for g in groups:
        if len({sentences[k].source_id for k in g}) < 2:
            continue
        for k in g:
            mine = set(_WORD.findall(sentences[k].text.lower()))
            others = set().union(*(_WORD.findall(sentences[m].text.lower()) for m in g if m != k))
            words = [w for w in mine if len(w) > 3]
            total[sentences[k].source_id] += len(words)
            odd[sentences[k].source_id] += sum(1 for w in words if w not in others and event_words[w] == 1)
    return {sid: odd[sid] / total[sid] for sid in total if total[sid] >= 20}


def clarity(sentence: Sentence, odd: float) -> float:
    """How well a statement stands alone as the shown wording (higher is better)."""
    words = sentence.text.split()
    score = 0.0
    score -= abs(len(words) - 25) / 25
    if not sentence.text[:1].isupper() and not sentence.text[:1] in "\"“'‘":
        score -= 1
    if not re.search(r"[.!?\"”’]$", sentence.text):
        score -= 1
    if _PRONOUN_START.match(sentence.text):
        score -= 0.7
    if re.search(r"\w[.,]\w|\s[,.]|\w(?:but|and)\b", sentence.text):
        score -= 0.3  # a stray or missing space: a sign of careless copying
    score -= 4 * odd
    return score


def facts_from(sentences: Sequence[Sentence], alignment: Alignment, origins: Sequence[Origin],
               config: Config) -> tuple[tuple[Fact, ...], dict[str, float]]:
    """One Fact per group, with status and shown wording; and each source's oddness."""
    origin_of = {sid: o.id for o in origins for sid in o.source_ids}
    odd = oddness(sentences, alignment.groups)
    facts = []
    for g in alignment.groups:
        members = [sentences[k] for k in g]
        best = max(members, key=lambda s: (clarity(s, odd.get(s.source_id, 0.0)), -len(s.text), s.key))
        citations = tuple(Citation(s.source_id, s.index, s.text, s.start, s.end)
                          for s in sorted(members, key=lambda s: (s is not best, s.source_id, s.index)))
        n_origins = len({origin_of.get(c.source_id, c.source_id) for c in citations})
        status = "corroborated" if n_origins >= config.min_origins else "single-source"
        facts.append(Fact(id=fact_id(best), text=best.text, status=status, citations=citations,
                          origins=n_origins))
    facts.sort(key=lambda f: (-f.origins, -len(f.source_ids), f.citations[0].source_id,
                              f.citations[0].sentence_index))
    seen: Counter[str] = Counter()
    unique = []
    for f in facts:  # two groups can share a shown sentence; keep ids distinct and stable
        seen[f.id] += 1
        unique.append(f if seen[f.id] == 1 else Fact(f"{f.id}-{seen[f.id]}", f.text, f.status, f.citations,
                                                       f.origins, f.variants, f.note))
    return tuple(unique), odd
