from __future__ import annotations

import pytest
from builders import sentences

from generator.statements import clauses, statements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister met the envoy on Monday.", ["The minister met the envoy on Monday."]),
        (
            "The country joined sanctions against the invader, and signed deals to arm its neighbour with tanks.",
            ["The country joined sanctions against the invader", "signed deals to arm its neighbour with tanks."],
        ),
        (
            "The firm signed large deals with the army last year, but the president has said the law forbids it.",
            ["The firm signed large deals with the army last year", "the president has said the law forbids it."],
        ),
        (
            "“We will act, but not alone and not today,” the spokesman said after the meeting.",
            ["“We will act, but not alone and not today,”", "the spokesman said after the meeting."],
        ),
        ("Apples, pears, and plums were sold.", ["Apples, pears, and plums were sold."]),
    ],
)
def test_clauses(text: str, expected: list[str]) -> None:
    [s] = sentences("a", text)
    got = clauses(s)
    assert [c.text for c in got] == expected
    for c in got:
        assert text[c.start - s.start : c.end - s.start] == c.text


def test_statements_keep_order_and_cover_every_sentence() -> None:
    ss = sentences(
        "a", "One short sentence here.", "It rained all day in the city, but the match went ahead as planned."
    )
    got = statements(ss)
    assert {u.sentence.index for u in got} == {0, 1}
    assert [u.start for u in got] == sorted(u.start for u in got)


def test_a_trailing_attribution_stays_with_its_clause_and_is_not_compared() -> None:
    text = ("The envoy urged the country to send more aid to its neighbour, arguing that the front needs "
            "shells now, according to a report by the agency on Monday.")
    [s] = sentences("a", text)
    got = clauses(s)
    assert [c.text for c in got] == [
        "The envoy urged the country to send more aid to its neighbour",
        "arguing that the front needs shells now, according to a report by the agency on Monday.",
    ]
    assert got[1].compared == "arguing that the front needs shells now"
    assert got[0].compared == got[0].text
    assert text[got[1].start - s.start : got[1].end - s.start] == got[1].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The envoy, who held talks with the premier on Monday, is on a trip to strengthen ties with allies.",
            [("The envoy, who held talks with the premier on Monday",
              "The envoy held talks with the premier on Monday"),
             ("is on a trip to strengthen ties with allies.",
              "The envoy is on a trip to strengthen ties with allies.")],
        ),
        # not the subject's clause: the rest is no predicate of it
        ("He met the envoy, who said nothing at all, and then left the building quickly.", None),
        ("the envoy, who held talks with the premier on Monday, is on a trip to meet allies.", None),
        ("“The envoy, who held talks with the premier on Monday, is on a trip,” he said.", None),
        ("The envoy, who left, is on a trip to strengthen ties with allies in the region.", None),  # clause too short
    ],
)
def test_a_subjects_relative_clause_is_a_statement_of_its_own(text: str, expected: list[tuple[str, str]] | None
                                                              ) -> None:
    [s] = sentences("a", text)
    got = clauses(s)
    if expected is None:
        assert [c.text for c in got] == [text]
        return
    assert [(c.text, c.compared) for c in got] == expected
    for c in got:
        assert text[c.start - s.start : c.end - s.start] == c.text
