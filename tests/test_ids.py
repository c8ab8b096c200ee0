"""Ids from file and folder names: safe path components, distinct and stable."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ids import slug, unique_ids

SAFE = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}\Z")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report-a", "report-a"),
        ("Report A", "report-a"),
        ("000_010ce2f1be7e308e", "000_010ce2f1be7e308e"),
        ("Zürich Öffnung", "zurich-offnung"),
        ("ＡＢＣ", "abc"),  # full-width look-alikes fold to ASCII
        ("../../etc/passwd", "etc-passwd"),
        ("/abs/path", "abs-path"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("a\x00b", "a-b"),
        ("--__--x--__--", "x"),
    ],
)
def test_slug_table(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize("name", ["", "...", "/", "..", "日本語", "\u200b", "🙂"])
def test_names_without_ascii_get_a_hash(name: str) -> None:
    assert re.fullmatch(r"x-[0-9a-f]{8}", slug(name))


@pytest.mark.parametrize(
    "name", ["CON", "con", "nul", "aux", "PRN", "com1", "LPT9", "index", "sources", "assets", "search"]
)
def test_reserved_names_are_avoided(name: str) -> None:
    s = slug(name)
    assert s != name.lower() and s.startswith(name.lower() + "-")


def test_long_names_are_cut_with_a_hash() -> None:
    a, b = slug("x" * 300), slug("x" * 301)
    assert len(a) <= 60 and SAFE.match(a)
    assert a != b


@pytest.mark.parametrize(
    "names",
    [
        ["a", "A"],  # case collision on case-insensitive disks
        ["abc", "\u0430bc", "bc"],  # Cyrillic look-alike
        ["café", "cafe\u0301", "cafe"],  # composed, decomposed, plain
        ["a b", "a-b", "a_b", "a--b"],
        ["x" * 300, "x" * 301, "x" * 51],
        ["a", "A", "a-559aead0"],  # a hashed id would equal another name's plain slug
    ],
)
def test_colliding_names_get_distinct_ids(names: list[str]) -> None:
    ids = unique_ids(names)
    assert len(set(ids.values())) == len(names)
    assert len({i.lower() for i in ids.values()}) == len(names)
    assert all(SAFE.match(i) for i in ids.values())


def test_a_name_that_is_already_an_id_keeps_it_when_a_colliding_name_is_added() -> None:
    assert unique_ids(["ruritania-vote"]) == {"ruritania-vote": "ruritania-vote"}
    both = unique_ids(["ruritania-vote", "Ruritania Vote"])
    assert both["ruritania-vote"] == "ruritania-vote" and both["Ruritania Vote"].startswith("ruritania-vote-")


def test_ids_are_stable() -> None:
    names = ["b", "A", "a", "report"]
    assert unique_ids(names) == unique_ids(list(reversed(names)))
    assert unique_ids(["report", "other"])["report"] == "report"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=12))
def test_any_names_give_safe_distinct_ids(names: list[str]) -> None:
    ids = unique_ids(names)
    assert set(ids) == set(names)
    values = list(ids.values())
    assert len({v.lower() for v in values}) == len(values)
    for v in values:
        assert SAFE.match(v), v
        assert v not in {"con", "nul", "aux", "prn", "index", ".", ".."}
