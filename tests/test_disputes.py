"""Disputes: versions of one fact that give different numbers, days or places."""

from __future__ import annotations

import pytest
from builders import units
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.align import Alignment
from generator.config import Config
from generator.corroborate import facts_from
from generator.disputes import _alike, _alike_candidates, conflicting, find_disputes, quantities, successive
from generator.model import Citation, Fact, Origin


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


def _dated(groups, *sources, date: str = "2024-03-04"):
    u = units(*sources)
    origins = tuple(Origin(s, (s,)) for s, _ in sources)
    return facts_from(u, Alignment(groups=groups), origins, Config(), {s: date for s, _ in sources})[0]


def test_two_versions_naming_different_places_are_a_dispute() -> None:
    [f] = _dated(((0, 1, 2),),
                 ("a", ["The leaders' summit opened in Geneva on Monday with talks on trade."]),
                 ("b", ["The leaders' summit opened in Vienna on Monday with talks on trade."]),
                 ("c", ["On Monday the leaders' summit opened with talks on trade."]))
    assert f.status == "disputed" and f.variants == ("Geneva", "Vienna")
    assert {(c.source_id, c.variant) for c in f.citations} == {("a", 0), ("b", 1), ("c", -1)}


def test_spellings_abbreviations_and_other_speakers_are_not_disputes() -> None:
    [f, g, h] = _dated(((0, 2), (1, 3), (4, 5)),
                       ("a", ["The summit opened in Kiev on Monday with talks on trade.",
                              "The fire was put out near Mt Cook on Monday, police said."]),
                       ("b", ["The summit opened in Kyiv on Monday with talks on trade.",
                              "The fire was put out near Mount Cook on Monday, police said."]),
                       ("c", ["The minister said the talks went well, Ada Obi told reporters."]),
                       ("d", ["The minister said the talks went well, Ben Ode told reporters."]))
    assert [x.status for x in (f, g, h)] == ["corroborated"] * 3


def test_different_days_for_one_event_are_a_dispute() -> None:
    a = "The leaders' summit opened in Geneva on Monday with talks on trade and security."
    b = "The leaders' summit opened in Geneva on Tuesday with talks on trade and security."
    facts = _dated(((0,), (1,)), ("a", [a]), ("b", [b]))
    assert [f.status for f in facts] == ["disputed"]
    assert facts[0].variants == ("2024-03-04", "2024-02-27") and facts[0].note == "the sources give different dates"


def test_today_in_reports_of_different_days_is_not_a_dispute() -> None:
    u = units(("a", ["We can grow our economy today and protect the environment, the president said."]),
              ("b", ["We can grow our economy today and protect the environment, the president said in a speech."]))
    origins = (Origin("a", ("a",)), Origin("b", ("b",)))
    [f] = facts_from(u, Alignment(groups=((0, 1),)), origins, Config(), {"a": "2009-03-03", "b": "2009-03-04"})[0]
    assert f.status == "corroborated"


def test_one_sentence_copied_into_reports_of_different_days_is_not_a_dispute() -> None:
    text = "On Friday, the ministry sent the new rule on river fishing to the cabinet for review."
    u = units(("a", [text]), ("b", [text]))
    origins = (Origin("a", ("a",)), Origin("b", ("b",)))
    [f] = facts_from(u, Alignment(groups=((0, 1),)), origins, Config(), {"a": "2009-04-27", "b": "2009-03-02"})[0]
    assert f.status == "corroborated"


def test_values_one_report_gives_side_by_side_are_not_rival_versions() -> None:
    both = ("a", ["Ada Obi ran for 226 yards for the home side, and Ben Ode ran for 101 yards for them too."])
    one = ("b", ["The home side's runner ran for 101 yards in the cold on Sunday."])
    other = ("c", ["The home side's runner ran for 226 yards in the cold on Sunday."])
    origins = tuple(Origin(s, (s,)) for s in "abc")
    [f] = facts_from(units(both, one, other), Alignment(groups=((0, 1, 2),)), origins, Config())[0]
    assert f.status == "corroborated"
    # without the report that gives both, the two are read as rival values
    [g] = facts_from(units(one, other), Alignment(groups=((0, 1),)), origins[1:], Config())[0]
    assert g.status == "disputed" and set(g.variants) == {"101", "226"}


def test_a_number_word_is_not_a_shared_word_and_a_short_remark_is_no_version() -> None:
    a = _single("a", "Keiwan Obi passed for 364 yards and three touchdowns with five minutes left.")
    b = _single("b", "He has 53 catches for 605 yards and five touchdowns.")
    c = _single("c", "This is three days of this.")
    d = _single("d", "They were named in five federal lawsuits over the days that followed.")
    assert [f.status for f in find_disputes([a, b], {}, Config())] == ["single-source", "single-source"]
    assert [f.status for f in find_disputes([c, d], {}, Config())] == ["single-source", "single-source"]


ROUNDED = [
    ("The quake killed more than 1,000 people in the city.", "The quake killed 1,098 people in the city.", False),
    ("The quake killed 1 000 people in the city.", "The quake killed 1,000 people in the city.", False),
    ("The first call came at 3:33 a.m. from the hotel.", "The first call came at 3:30 AM from the hotel.", False),
    ("The fire was put out by 7 a.m. in the town.", "The fire was put out by 6:40 a.m. in the town.", False),
    ("The quake killed 1,000 people in the city.", "The quake killed 1,098 people in the city.", True),
    ("The quake killed about 1,000 people in the city.", "The quake killed 1,400 people in the city.", True),
    ("The first call came at 3:33 a.m. from the hotel.", "The first call came at 5:30 a.m. from the hotel.", True),
    ("The fire was put out by 7 a.m. in the town.", "The fire was put out by 7 p.m. in the town.", True),
    ("The storm killed ten people in the town.", "The storm killed 12 people in the town.", True),
    ("The storm killed two people in the town.", "The storm killed 2 people in the town.", False),
    ("He ran for more than a hundred yards in the game.", "He ran for 101 yards in the game.", False),
    ("The storm killed 2 million cattle in the region.", "The storm killed 3 million cattle in the region.", True),
    ("One of the victims was a child, police said on Monday.", "Two victims were children, police said on Monday.",
     False)]


@pytest.mark.parametrize(("x", "y", "disputed"), ROUNDED, ids=[f"{r[0][:20]}|{r[1][:20]}" for r in ROUNDED])
def test_a_round_figure_or_time_is_a_dispute_only_when_it_cannot_be_the_exact_one(x: str, y: str,
                                                                                  disputed: bool) -> None:
    got = find_disputes([_single("a", x), _single("b", y)], {"a": "a", "b": "b"}, Config())
    assert [f.status for f in got] == (["disputed"] if disputed else ["single-source", "single-source"])


def test_numbers_of_any_length_are_compared_without_error() -> None:
    a = _single("a", "The tally reached " + "9" * 400 + " votes in the city on Monday.")
    b = _single("b", "The tally reached 1000 votes in the city on Monday.")
    assert len(find_disputes([a, b], {"a": "a", "b": "b"}, Config())) == 2


def _matched(a: str, b: str) -> Fact:
    """The one fact of two reports whose versions ``a`` and ``b`` are matched as stating it."""
    grouped = Alignment(groups=((0, 1),), cores=(2,), scores=((0, 1, 0.8),))
    [f] = facts_from(units(("a", [a]), ("b", [b])), grouped, (Origin("a", ("a",)), Origin("b", ("b",))), Config())[0]
    return f


def test_one_fact_whose_versions_give_different_counts_in_other_words_is_disputed() -> None:
    a = "Officials said on Monday that the death toll from the floods in the province had reached 770."
    b = "The death toll from the floods in the province reached 1,200 on Monday, officials said."
    f = _matched(a, b)
    assert f.status == "disputed" and set(f.variants) == {"770", "1,200"}
    variant = {c.source_id: c.variant for c in f.citations}
    assert variant == {"a": f.variants.index("770"), "b": f.variants.index("1,200")}
    # a rounding of the other's figure is no dispute
    assert _matched(a.replace("770", "about 800"), b.replace("1,200", "784")).status == "corroborated"


_WORDS = ("bridge", "council", "reopen", "repairs", "river", "mayor", "budget", "engineers", "closed", "vote")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join), max_size=40))
def test_the_candidates_for_a_dispute_miss_no_pair_of_alike_statements(texts: list[str]) -> None:
    maybe = _alike_candidates(texts)
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if _alike(texts[i], texts[j]):
                assert j in maybe[i], (texts[i], texts[j])


def test_a_part_and_its_whole_are_no_dispute_with_the_part_given_alone() -> None:
    a = "He landed 9 shots on target to just 4 for the visitors."
    b = "The visitors put just 4 of 15 shots on target."
    assert _matched(a, b).status == "corroborated"  # 15 is how many shots the visitors took, not a rival of 9
    c = "The visitors put just 4 of 15."
    assert conflicting(quantities(a), quantities(c), a, c) is None  # "…of 15." ends the sentence
    # two wholes for one part still clash, and so do two parts of one whole
    for x, y in (("The party won 12 of 40 seats in the vote.", "The party won 12 of 45 seats in the vote."),
                 ("The party won 12 of 40 seats in the vote.", "The party won 14 of 40 seats in the vote.")):
        got = find_disputes([_single("a", x), _single("b", y)], {"a": "a", "b": "b"}, Config())
        assert [f.status for f in got] == ["disputed"]


def test_a_disputed_count_shows_the_figures_for_the_thing_counted() -> None:
    a = "Ann Lowe scored 21 points and Bo Reyes scored 19 for the home side (9-4)."
    b = "Ann Lowe had 18 points and six rebounds."
    f = _matched(a, b)
    assert f.status == "disputed" and set(f.variants) == {"21", "18"}  # not the record (9-4) or the rebounds


def test_a_range_or_score_in_a_dispute_is_shown_as_written() -> None:
    x = "Forecasters expect 10-12 inches of snow in the city on Friday."
    y = "Forecasters expect 6\u20138 inches of snow in the city on Friday."
    [f] = find_disputes([_single("a", x), _single("b", y)], {"a": "a", "b": "b"}, Config())
    assert f.status == "disputed" and f.variants == ("10-12", "6\u20138")  # not "10, 12"


LEAD_A = "The home side stretched its lead to 62-46 late in the game."
LEAD_B = "The home side stretched the lead to 50-44 late in the game."


def test_running_scores_each_report_gives_are_two_moments_not_a_dispute() -> None:
    # each report gives the other's score elsewhere: the two are states one after the other
    a = ("a", [LEAD_A, "Earlier the home side led 50-44 after a long run."])
    b = ("b", [LEAD_B, "Two free throws made it 62-46 before the end."])
    origins = (Origin("a", ("a",)), Origin("b", ("b",)))
    alignment = Alignment(groups=((0, 2), (1,), (3,)), scores=((0, 2, 0.9),))
    facts = facts_from(units(a, b), alignment, origins, Config())[0]
    assert not any(f.status == "disputed" for f in facts)
    apart = [f for f in facts if f.citations[0].text in (LEAD_A, LEAD_B)]
    assert len(apart) == 2 and all(f.status == "single-source" and len(f.citations) == 1 for f in apart)
    # when neither report gives the other's score, they are rival versions of one score
    a, b = ("a", [LEAD_A, "Earlier the home side led by six."]), ("b", [LEAD_B, "Two free throws ended it."])
    facts = facts_from(units(a, b), alignment, origins, Config())[0]
    assert [set(f.variants) for f in facts if f.status == "disputed"] == [{"62-46", "50-44"}]


def test_running_scores_across_facts_are_not_a_dispute_when_a_report_gives_both() -> None:
    a, b = _single("a", LEAD_A), _single("b", LEAD_B)
    assert [f.status for f in find_disputes([a, b], {}, Config())] == ["disputed"]
    held = {"a": {"62-46", "50-44"}, "b": {"50-44"}}
    assert [f.status for f in find_disputes([a, b], {}, Config(), vocab=held)] == ["single-source"] * 2


@pytest.mark.parametrize(("a", "b", "held", "expected"), [
    (LEAD_A, LEAD_B, ({"50-44"}, set()), True),
    (LEAD_A, LEAD_B, ({"62-46"}, {"50-44"}), False),  # neither report gives the other's score
    (LEAD_A, LEAD_B.replace("50-44", "50\u201344"), ({"50-44"}, set()), True),  # an en dash is the same figure
    # a season record and a game score are two figures in two places, not two states of one
    ("The home side (11-4) secured the top seed in the cup.",
     "The home side secured the top seed in the cup with a 31-24 win.", ({"31-24"}, {"11-4"}), False),
    # single numbers recur for other things: left to make their dispute
    ("The home side scored 14 points late in the game.", "The home side scored 12 points late in the game.",
     ({"12"}, {"14"}), False),
])
def test_successive_states_need_joined_figures_in_one_place_that_a_report_holds_both_of(
        a: str, b: str, held: tuple[set[str], set[str]], expected: bool) -> None:
    assert successive(a, b, *held) is expected
