from __future__ import annotations

import numpy as np
import pytest
from builders import units

from generator import semantic
from generator.align import Alignment
from generator.cache import Cache
from generator.config import Config
from generator.corroborate import facts_from
from generator.model import Origin
from generator.semantic import embedder, second_look
from generator.statements import Statement

# Two copies of one wire story (w1, w2) word a claim that two independent reports (x, y) make in other words.
SOURCES = (
    ("x", ["The ministry declined to ship rifles, pointing to its rule against arming any nation at war.",
           "The envoy met the prime minister on Tuesday.",
           "Crowds gathered outside the embassy in the evening."]),
    ("y", ["Because of a rule against sending guns to states in combat, the ministry has shipped none.",
           "The envoy and the prime minister held talks on Tuesday."]),
    ("w1", ["The statute, which bars selling weapons to belligerent states, makes it hard to equip the rebels.",
            "Crowds are expected at the embassy."]),
    ("w2", ["The law, which bans selling arms to warring states, makes equipping the rebels hard.",
            "The envoy met the premier."]),
)
X0, X1, X2, Y0, Y1, W1_0, W1_1, W2_0, W2_1 = range(9)
ORIGIN_OF = {"x": "x", "y": "y", "w1": "w", "w2": "w"}
ORIGINS = (Origin("w", ("w1", "w2"), "w2 restates w1"), Origin("x", ("x",)), Origin("y", ("y",)))
GROUPS = ((X0, Y0), (X1, Y1), (W1_0, W2_0), (X2,), (W1_1,), (W2_1,))
SCORES = ((X0, Y0, 0.8), (X1, Y1, 0.8), (W1_0, W2_0, 0.75), (X0, W1_0, 0.45), (X1, W1_0, 0.42), (X0, W2_0, 0.3),
          (Y0, W1_0, 0.35), (X1, W2_1, 0.45), (X2, W1_1, 0.45))


def _vectors(**changes: np.ndarray) -> dict[str, np.ndarray]:
    """Sentence vectors: w1's claim close to x's (0.95), w2's a little less (0.9), the rest apart."""
    e = np.eye(16)
    texts = [t for _, ts in SOURCES for t in ts]
    out = {t: e[3 + k] for k, t in enumerate(texts)}
    out[texts[X0]] = e[0]
    out[texts[W1_0]] = 0.95 * e[0] + np.sqrt(1 - 0.95**2) * e[1]
    out[texts[W2_0]] = 0.9 * e[0] + np.sqrt(1 - 0.9**2) * e[2]
    for name, v in changes.items():
        out[texts[int(name[1:])]] = v
    return out


def _fake(vectors: dict[str, np.ndarray]) -> semantic.Embed:
    def embed(texts):
        return np.stack([vectors[t] / np.linalg.norm(vectors[t]) for t in texts])
    return embed


def _look(groups=GROUPS, scores=SCORES, embed=None, origin_of=ORIGIN_OF, config=None, cores=None):
    u = units(*SOURCES)
    cores = cores or tuple(2 if len(g) == 2 else 1 for g in groups)
    alignment = Alignment(groups=groups, cores=cores, scores=scores)
    embed = embed if embed is not None else _fake(_vectors())
    return u, alignment, second_look(u, alignment, origin_of, embed, config or Config())


def test_a_claim_only_copies_make_is_cited_with_the_fact_its_closest_sentence_states() -> None:
    u, _, out = _look()
    assert (X0, Y0, W1_0, W2_0) in out.groups  # both copies, added after the fact's matched statements
    assert out.cores[out.groups.index((X0, Y0, W1_0, W2_0))] == 2
    assert (W1_0, W2_0) not in out.groups
    assert {k for g in out.groups for k in g} == set(range(len(u)))  # every statement still has a place


@pytest.mark.parametrize("case", ["no embedder", "small margin", "not each other's closest", "weak lexical link",
                                  "one report's claim", "the fact is not corroborated", "one sentence, no choice"])
def test_no_second_look_join(case: str) -> None:
    groups, scores, origin_of, embed = GROUPS, SCORES, ORIGIN_OF, _fake(_vectors())
    e = np.eye(16)
    if case == "small margin":  # x's meeting sentence, also linked to w1's claim, is nearly as close (0.94 to 0.95)
        embed = _fake(_vectors(s1=0.94 * _vectors()[SOURCES[2][1][0]] + np.sqrt(1 - 0.94**2) * e[15]))
    elif case == "not each other's closest":  # x's claim is closer to w1's other sentence, also linked to it
        embed = _fake(_vectors(s6=0.97 * e[0] + np.sqrt(1 - 0.97**2) * e[14]))
        scores = (*SCORES, (X0, W1_1, 0.42))
    elif case == "weak lexical link":
        scores = tuple((a, b, 0.35 if (a, b) == (X0, W1_0) else p) for a, b, p in SCORES)
    elif case == "one report's claim":  # w1 alone makes it; w2 is another story
        groups = ((X0, Y0), (X1, Y1), (W1_0,), (W2_0,), (X2,), (W1_1,), (W2_1,))
        origin_of = {**ORIGIN_OF, "w2": "w2"}
    elif case == "the fact is not corroborated":  # x and y are one origin
        origin_of = {**ORIGIN_OF, "y": "x"}
    elif case == "one sentence, no choice":  # the words point to x's claim alone: the model chooses nothing
        scores = tuple(x for x in SCORES if x[:2] != (X1, W1_0))
    u = units(*SOURCES)
    alignment = Alignment(groups=groups, cores=tuple(2 if len(g) == 2 else 1 for g in groups), scores=scores)
    out = second_look(u, alignment, origin_of, None if case == "no embedder" else embed, Config())
    assert out.groups == alignment.groups


def test_a_joined_claims_other_evidence_stays_cited() -> None:
    groups = ((X0, Y0), (X1, Y1), (W1_0, W2_0, W2_1), (X2,), (W1_1,))  # w2's meeting added to the copies' claim
    _, _, out = _look(groups=groups, cores=(2, 2, 2, 1, 1))
    assert (X0, Y0, W1_0, W2_0) in out.groups
    assert (W2_1,) in out.groups


def test_the_brief_cites_the_copies_with_the_fact_and_shows_an_independent_wording() -> None:
    u = units(*SOURCES)
    alignment = Alignment(groups=GROUPS, cores=(2, 2, 2, 1, 1, 1), scores=SCORES)
    facts, _ = facts_from(u, alignment, ORIGINS, Config(), embed=_fake(_vectors()))
    [fact] = [f for f in facts if "x" in f.source_ids and any(c.sentence_index == 0 for c in f.citations)]
    assert fact.status == "corroborated" and set(fact.source_ids) == {"x", "y", "w1", "w2"}
    assert {c.source_id for c in fact.citations if c.added} == {"w1", "w2"}
    assert fact.text in (SOURCES[0][1][0], SOURCES[1][1][0])
    assert not any(f.source_ids == ("w1", "w2") or set(f.source_ids) == {"w1", "w2"} for f in facts)
    plain, _ = facts_from(u, alignment, ORIGINS, Config())  # without a model: the copies' claim stands alone
    assert any(set(f.source_ids) == {"w1", "w2"} and f.status == "single-source" for f in plain)


def test_embedder_is_off_by_config_or_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    assert embedder(Config().with_(semantic=False)) is None
    monkeypatch.setattr(semantic, "_version", lambda: None)
    assert embedder(Config()) is None


def test_embeddings_are_cached_per_report(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    class Model:
        def passage(self, texts):
            calls.append(list(texts))
            return np.ones((len(texts), 4), np.float32) / 2

    monkeypatch.setattr(semantic, "_version", lambda: "test")
    monkeypatch.setattr(semantic, "_model", lambda: Model())
    embed = embedder(Config(), Cache(tmp_path))
    assert embed is not None
    first = embed(["One sentence.", "Another one."])
    again = embedder(Config(), Cache(tmp_path))(["One sentence.", "Another one."])  # type: ignore[misc]
    assert calls == [["One sentence.", "Another one."]]
    assert np.array_equal(first, again) and first.shape == (2, 4)


def test_the_claim_joins_only_the_facts_of_the_clauses_it_links_to() -> None:
    # x's first sentence is cut in two clauses: the refusal (which y also states) and the rule.
    refusal_y = "The ministry has refused to ship any rifles."
    sources = (SOURCES[0], (SOURCES[1][0], [*SOURCES[1][1], refusal_y]), *SOURCES[2:])
    u = units(*sources)
    first = u[X0].sentence
    cut = first.text.index(", pointing")
    u = [Statement(first, first.text[:cut + 1], first.start, first.start + cut + 1),
         Statement(first, first.text[cut + 2:], first.start + cut + 2, first.end), *u[1:]]
    refusal, rule, x1, x2, y0, y1, y2, w1_0, w1_1, w2_0, w2_1 = range(11)
    groups = ((rule, y0), (refusal, y2), (x1, y1), (w1_0, w2_0), (x2,), (w1_1,), (w2_1,))
    scores = ((rule, y0, 0.8), (refusal, y2, 0.8), (x1, y1, 0.8), (w1_0, w2_0, 0.75), (rule, w1_0, 0.45),
              (x1, w1_0, 0.42), (refusal, w1_0, 0.3))
    alignment = Alignment(groups=groups, cores=(2, 2, 2, 2, 1, 1, 1), scores=scores)
    embed = _fake({**_vectors(), refusal_y: np.eye(16)[13]})
    out = second_look(u, alignment, ORIGIN_OF, embed, Config())
    assert (rule, y0, w1_0, w2_0) in out.groups
    assert (refusal, y2) in out.groups  # the refusal's clause is not linked to the claim: not its fact
    linked = tuple((a, b, 0.45 if (a, b) == (refusal, w1_0) else p) for a, b, p in scores)
    both = second_look(u, Alignment(groups=groups, cores=alignment.cores, scores=linked), ORIGIN_OF, embed, Config())
    assert (rule, y0, w1_0, w2_0) in both.groups and (refusal, y2, w1_0, w2_0) in both.groups


def test_a_model_that_cannot_be_loaded_turns_the_second_look_off(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "_version", lambda: "test")
    monkeypatch.setattr(semantic, "_model", lambda: None)  # installed, but its engine will not load here
    embed = embedder(Config(), Cache(tmp_path))
    assert embed is not None
    u = units(*SOURCES)
    alignment = Alignment(groups=GROUPS, cores=(2, 2, 2, 1, 1, 1), scores=SCORES)
    assert second_look(u, alignment, ORIGIN_OF, embed, Config()) is alignment


def test_the_model_reads_a_long_sentence_only_up_to_its_limit(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    class Model:
        def passage(self, texts):
            seen.extend(texts)
            return np.ones((len(texts), 4), np.float32) / 2

    monkeypatch.setattr(semantic, "_version", lambda: "test")
    monkeypatch.setattr(semantic, "_model", lambda: Model())
    endless = "and then the crowd moved on " * 20_000  # a report that never ends its sentence
    embedder(Config(), Cache(tmp_path))([endless, "Short."])  # type: ignore[misc]
    assert [len(t) for t in seen] == [semantic.LONGEST, len("Short.")]
    assert seen[0] == endless[: semantic.LONGEST]
