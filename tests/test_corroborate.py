from __future__ import annotations

from builders import units

from generator.align import Alignment
from generator.config import Config
from generator.corroborate import facts_from, find_disputes
from generator.model import Citation, Fact, Origin


def _facts(groups, origins, *sources):
    u = units(*sources)
    return facts_from(u, Alignment(groups=groups), origins, Config())[0]


SOURCES = (("a", ["The minister resigned on Monday after the vote."]),
           ("b", ["The minister resigned on Monday following the vote in parliament."]),
           ("c", ["he resigned"]))


def test_two_origins_corroborate() -> None:
    [f] = _facts(((0, 1),), (Origin("a", ("a",)), Origin("b", ("b",))), *SOURCES[:2])
    assert f.status == "corroborated" and f.origins == 2
    assert set(f.source_ids) == {"a", "b"}


def test_copies_of_one_origin_do_not_corroborate() -> None:
    [f] = _facts(((0, 1),), (Origin("a", ("a", "b"), "b restates a"),), *SOURCES[:2])
    assert f.status == "single-source" and f.origins == 1
    assert set(f.source_ids) == {"a", "b"}  # still cites both


def test_shown_wording_is_a_complete_sentence() -> None:
    [f] = _facts(((0, 1),), (Origin("a", ("a",)), Origin("c", ("c",))), SOURCES[0], SOURCES[2])
    assert f.text == SOURCES[0][1][0]


def test_every_citation_is_a_verbatim_span() -> None:
    facts = _facts(((0, 1), (2,)), (Origin("a", ("a",)), Origin("b", ("b",)), Origin("c", ("c",))), *SOURCES)
    assert len(facts) == 2
    for f in facts:
        for c in f.citations:
            assert c.end - c.start == len(c.text)


def _single(sid: str, text: str) -> Fact:
    return Fact(f"f-{sid}", text, "single-source", (Citation(sid, 0, text, 0, len(text)),), 1)


def test_different_numbers_for_one_slot_are_a_dispute() -> None:
    a = _single("a", "The army will send 31 tanks to the front next month.")
    b = _single("b", "The army will send 30 tanks to the front next month.")
    c = _single("c", "The weather was cold in the capital on the day.")
    got = find_disputes([a, b, c], {"a": "a", "b": "b", "c": "c"}, Config())
    assert [f.status for f in got] == ["disputed", "single-source"]
    assert got[0].variants == ("31", "30")
    assert {(c.source_id, c.variant) for c in got[0].citations} == {("a", 0), ("b", 1)}


def test_same_numbers_are_not_a_dispute() -> None:
    a = _single("a", "The army will send 31 tanks to the front next month.")
    b = _single("b", "Next month the army sends 31 tanks to the front.")
    assert [f.status for f in find_disputes([a, b], {}, Config())] == ["single-source", "single-source"]
