from __future__ import annotations

import pytest
from builders import units

from generator.config import Config
from generator.model import Citation, Fact
from generator.origins import (
    Apart,
    _lis,
    even_split,
    group_origins,
    pair_overlap,
    split_warning,
    unrelated_flag,
    unrelated_reports,
)


def test_lis() -> None:
    assert _lis([]) == 0
    assert _lis([3, 1, 2, 5, 4]) == 3


def _links(pairs: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
    return [(i, j, 0.9) for i, j in pairs]


def test_rewrite_in_same_order_is_one_origin() -> None:
    u = units(("a", ["a0", "a1", "a2", "a3"]), ("b", ["b0", "b1", "b2", "b3"]), ("c", ["c0", "c1", "c2", "c3"]))
    # b restates a in order; c shares two facts with a, in reverse order.
    links = _links([(0, 4), (1, 5), (2, 6), (3, 7), (0, 9), (3, 8)])
    got = group_origins(["a", "b", "c"], u, links, Config())
    assert [o.source_ids for o in got] == [("a", "b"), ("c",)]
    assert "restates 4 of 4" in got[0].reason


def test_shuffled_overlap_is_not_a_copy() -> None:
    u = units(("a", ["a0", "a1", "a2", "a3", "a4"]), ("b", ["b0", "b1", "b2", "b3", "b4"]))
    links = _links([(0, 9), (1, 8), (2, 7), (3, 6)])
    assert pair_overlap("a", "b", u, links) == (4, 1, 5)
    assert len(group_origins(["a", "b"], u, links, Config())) == 2


def test_origins_do_not_depend_on_the_order_reports_are_listed_or_scored_in() -> None:
    u = units(("a", ["a0", "a1", "a2", "a3"]), ("b", ["b0", "b1", "b2", "b3"]), ("c", ["c0", "c1", "c2", "c3"]))
    # c restates b in order (scored with the higher index first); a shares one fact with each.
    links = [(8, 4, 0.9), (9, 5, 0.8), (10, 6, 0.9), (11, 7, 0.7), (0, 4, 0.9), (1, 10, 0.9)]
    for order in (["a", "b", "c"], ["c", "b", "a"], ["b", "a", "c"]):
        got = group_origins(order, u, links, Config())
        assert sorted(o.source_ids for o in got) in ([("a",), ("b", "c")], [("a",), ("c", "b")]), order
    assert pair_overlap("c", "b", u, links) == pair_overlap("b", "c", u, links) == (4, 4, 4)


def _fact(*cited: tuple[str, int, bool]) -> Fact:
    citations = tuple(Citation(sid, k, "x", 0, 1, added=added) for sid, k, added in cited)
    return Fact(id="f", text="x", status="corroborated", citations=citations, origins=2)


@pytest.mark.parametrize(("facts", "sizes", "expected"), [
    # c states nothing a or b states: about another event.
    ([_fact(("a", 0, False), ("b", 0, False))], {"a": 10, "b": 10, "c": 40}, {"c": Apart(0, 40)}),
    # One loose match among 40 sentences (2.5%) is still none to speak of ...
    ([_fact(("a", 0, False), ("b", 0, False)), _fact(("a", 1, False), ("c", 3, False))],
     {"a": 10, "b": 10, "c": 40}, {"c": Apart(1, 40)}),
    # ... but 2 of 20 (10%) is a report of the event.
    ([_fact(("a", 0, False), ("c", 0, False)), _fact(("b", 1, False), ("c", 3, False))],
     {"a": 10, "b": 10, "c": 20}, {}),
    # Only matched statements count, not those added to a fact.
    ([_fact(("a", 0, False), ("b", 0, False), ("c", 2, True))], {"a": 10, "b": 10, "c": 40}, {"c": Apart(0, 40)}),
    # A report of under five sentences says too little to tell; of two reports, neither is the odd one.
    ([_fact(("a", 0, False), ("b", 0, False))], {"a": 10, "b": 10, "c": 4}, {}),
    ([], {"a": 30, "b": 30}, {}),
    # y and z share facts with each other only, none with a, b and c: set apart together.
    ([_fact(("a", 0, False), ("b", 0, False)), _fact(("b", 1, False), ("c", 1, False)),
      _fact(("y", 0, False), ("z", 0, False)), _fact(("y", 1, False), ("z", 1, False))],
     {"a": 10, "b": 10, "c": 10, "y": 10, "z": 10}, {"y": Apart(0, 10, ("z",)), "z": Apart(0, 10, ("y",))}),
    # ... also when one loose match links them to the event: y's one sentence shared with a is
    # counted, the facts y and z share among themselves are not.
    ([_fact(("a", 0, False), ("b", 0, False)), _fact(("b", 1, False), ("c", 1, False)),
      _fact(("a", 2, False), ("c", 2, False)), _fact(("a", 3, False), ("y", 5, False)),
      _fact(("y", 0, False), ("z", 0, False)), _fact(("y", 1, False), ("z", 1, False))],
     {"a": 10, "b": 10, "c": 10, "y": 10, "z": 10}, {"y": Apart(1, 10, ("z",)), "z": Apart(0, 10, ("y",))}),
    # Reports of one event that all state its main fact stay one event, however little else each
    # pair of them shares.
    ([_fact(("a", 0, False), ("b", 0, False), ("c", 0, False), ("d", 0, False), ("e", 0, False)),
      _fact(("a", 1, False), ("b", 1, False)), _fact(("d", 2, False), ("e", 2, False))],
     {"a": 10, "b": 10, "c": 10, "d": 20, "e": 20}, {}),
    # Two groups of two: neither is the event's larger group, so neither is set apart.
    ([_fact(("a", 0, False), ("b", 0, False)), _fact(("y", 0, False), ("z", 0, False))],
     {"a": 10, "b": 10, "y": 10, "z": 10}, {}),
])
def test_unrelated_reports(facts: list[Fact], sizes: dict[str, int], expected: dict[str, Apart]) -> None:
    assert unrelated_reports(facts, sizes, Config()) == expected
    assert unrelated_reports(facts, sizes, Config().with_(unrelated_share=0.0)) == {}


def test_unrelated_flag_says_how_much_was_shared() -> None:
    assert unrelated_flag(Apart(0, 40)).startswith("likely about another event: none of its 40 sentences states")
    assert "only 1 of its 40 sentences" in unrelated_flag(Apart(1, 40))
    assert "states (other than report 5, set apart with it), so" in unrelated_flag(Apart(0, 9, ("z",)), None,
                                                                                 {"z": "report 5"})
    assert unrelated_flag(Apart(0, 9), ("de", "en")).startswith("written in 'de', unlike most reports ('en'): ")


def test_an_even_split_is_named_not_set_apart() -> None:
    """Two groups of two that share nothing: neither is the event's, so neither is set apart, but the
    folder likely holds two events."""
    facts = [_fact(("a", 0, False), ("b", 0, False)), _fact(("a", 1, False), ("b", 1, False)),
             _fact(("y", 0, False), ("z", 0, False))]
    sizes = {"a": 10, "b": 10, "y": 10, "z": 10}
    assert unrelated_reports(facts, sizes, Config()) == {}
    assert even_split(facts, sizes, Config()) == [["a", "b"], ["y", "z"]]
    assert even_split(facts, {**sizes, "c": 10}, Config()) == [["a", "b"], ["y", "z"]]  # c shares nothing
    assert even_split([*facts, _fact(("b", 2, False), ("c", 2, False))], {**sizes, "c": 10}, Config()) == []
    assert even_split([*facts, _fact(("a", 3, False), ("y", 3, False)), _fact(("b", 3, False), ("z", 3, False))],
                      sizes, Config()) == []  # they share enough to be one event
    assert even_split(facts, sizes, Config().with_(unrelated_share=0.0)) == []
    assert split_warning("content/x", [["a", "b"], ["y", "z"]], {"a": "a.txt", "b": "b.md"}) == (
        "content/x: its reports fall into 2 groups that share few facts, no one of them the largest "
        "(a.txt, b.md; y, z): likely 2 events in one folder; keep one event per folder")
