from __future__ import annotations

import pytest
from builders import units

from generator.align import _SINGLE_LINK, _attach, _lacking_names, _pair_singles, align
from generator.config import Config
from generator.similarity import PairModel
from generator.statements import statements

EVENT = (
    ("a", [
        "The minister resigned on Monday after losing a confidence vote in parliament.",
        "Thousands of protesters gathered outside the parliament building in the capital.",
        "The central bank raised its main interest rate to 5 percent on Tuesday.",
    ]),
    ("b", [
        "On Monday the minister resigned after he lost a confidence vote in parliament.",
        "The opposition leader called for early elections to be held in the spring.",
        "Police said thousands of protesters had gathered outside the parliament building.",
    ]),
    ("c", [
        "The minister quit on Monday after losing a parliamentary confidence vote.",
        "The central bank lifted its key interest rate to 5 percent on Tuesday.",
    ]),
)


def _groups(*sources):
    u = units(*sources)
    al = align(u, Config())
    return u, [sorted(f"{u[k].sentence.source_id}{u[k].sentence.index}" for k in g) for g in al.groups]


def test_paraphrases_across_sources_form_one_group() -> None:
    _, groups = _groups(*EVENT)
    assert ["a0", "b0", "c0"] in groups
    assert ["a1", "b2"] in groups
    assert ["a2", "c1"] in groups


def test_same_topic_different_fact_stays_apart() -> None:
    _, groups = _groups(*EVENT)
    assert ["b1"] in groups  # the call for elections is on topic but states a different fact


def test_every_statement_is_in_a_group_and_no_core_holds_two_of_one_source() -> None:
    u, groups = _groups(*EVENT)
    assert {k for g in groups for k in g} == {f"{u[k].sentence.source_id}{u[k].sentence.index}" for k in range(len(u))}
    al = align(u, Config())
    for g, core in zip(al.groups, al.cores, strict=True):
        sources = [u[k].sentence.source_id for k in g[:core]]
        assert len(sources) == len(set(sources))


def test_a_report_that_states_a_fact_twice_is_cited_twice() -> None:
    _, groups = _groups(
        ("a", ["The minister resigned on Monday after losing a confidence vote in parliament.",
               "The central bank raised its main interest rate to 5 percent on Tuesday.",
               "The minister, who lost a confidence vote in parliament, resigned on Monday."]),
        ("b", ["On Monday the minister resigned after he lost a confidence vote in parliament.",
               "The opposition leader called for early elections to be held in the spring."]),
    )
    assert ["a0", "a2", "b0"] in groups
    assert ["b1"] in groups  # on topic, a different fact: not added


def test_relative_and_absolute_dates_of_one_day_align() -> None:
    u = units(("a", ["The minister resigned on Monday after losing a confidence vote in parliament."]),
              ("b", ["The minister resigned on Jan. 30 after losing a confidence vote in parliament."]))
    al = align(u, Config(), {"a": "2023-01-30", "b": "2023-01-30"})
    assert (0, 1) in al.groups


def test_a_sentence_with_two_facts_supports_both() -> None:
    from builders import sentences

    sa = sentences("a", "The country joined sanctions against its neighbour in March, "
                        "and signed deals to sell hundreds of tanks to the army of a border state.")
    sb = sentences("b", "The country joined sanctions against its neighbour in March.")
    sc = sentences("c", "It signed deals to sell hundreds of tanks to the army of a border state.")
    u = statements([*sa, *sb, *sc])
    al = align(u, Config())
    facts = [{u[k].sentence.source_id for k in g} for g in al.groups if len(g) > 1]
    assert {"a", "b"} in facts and {"a", "c"} in facts



def test_spellings_of_one_name_compare_as_one() -> None:
    """A name the reports spell differently scores as if spelled alike: the spellings are learned
    from the event's statements and made one before comparing."""
    def scores(spelling: str) -> list[float]:
        u = units(
            ("a", ["The envoy gave a speech at the Chey Institute on Monday.",
                   "The central bank raised its main interest rate to 5 percent."]),
            ("b", [f"Monday's lecture took place at the {spelling} Institute.",
                   "Police said protesters had gathered near the parliament."]),
        )
        return [round(p, 6) for _, _, p in align(u, Config()).scores]

    assert scores("Choi") == scores("Chey")
    assert scores("Lotte") != scores("Chey")


class _NoSharedKeys:
    """Stands in for the fitted model: no statement states a group's key words."""

    def key_coverage(self, group, s) -> float:
        return 0.0


def test_the_other_clause_of_a_members_sentence_is_added_when_it_matches() -> None:
    """Statement 0 (report b) matches clause 2 of report a's sentence and also its clause 1: the
    clause is added as evidence although it shares none of the pair's key words; statement 3, from
    another sentence of report a, is not."""
    from generator.align import _attach

    sources = [0, 1, 1, 1]
    sentences = [("b", 0), ("a", 0), ("a", 0), ("a", 1)]
    every = {(0, 1): 0.6, (0, 2): 0.8, (0, 3): 0.55}
    model = _NoSharedKeys()
    [(core, added), *_] = _attach([(0, 2), (1,), (3,)], sources, every, 0.5, model, sentences)  # type: ignore[arg-type]
    assert core == (0, 2) and added == (1,)
    [(core, added), *_] = _attach([(0, 2), (1,), (3,)], sources, every, 0.5, model)  # type: ignore[arg-type]
    assert added == ()


def test_a_statement_of_two_words_is_never_matched() -> None:
    u = units(("a", ["You remember.", "The old hotel burned down early on Wednesday morning."]),
              ("b", ["Residents remember walking through the old hotel with its owner.",
                     "The old hotel burned down early on Wednesday."]))
    al = align(u, Config())
    assert all(0 not in g or len(g) == 1 for g in al.groups)
    assert not any(0 in (i, j) for i, j, _ in al.scores)
    assert any({1, 3} <= set(g) for g in al.groups)


def test_a_best_match_is_chosen_by_score_and_content_rank() -> None:
    from generator.align import _mutual_best

    scored = [(0, 1, 0.8), (0, 2, 0.75)]  # statement 0 against two statements of one other report
    assert _mutual_best(scored, [0, 1, 1]) == [(0, 1, 0.8)]
    rank = {(0, 1): 0.8 + 0.5 * 0.1, (0, 2): 0.75 + 0.5 * 0.6}  # 2 says the same in its words; 1 only stands alike
    assert _mutual_best(scored, [0, 1, 1], rank) == [(0, 2, 0.75)]


def test_content_scores_are_the_rule_without_report_positions() -> None:
    from generator.similarity import PairModel

    texts = ["The minister resigned on Monday after losing a confidence vote in parliament.",
             "On Monday the minister resigned after he lost a confidence vote in parliament.",
             "Thousands of protesters gathered outside the parliament building in the capital."]
    pairs = [(0, 1), (0, 2), (1, 2)]
    placed = PairModel.fit(texts, [0.0, 0.0, 1.0])
    scores, content = placed.score_pairs_and_content(pairs)
    assert list(scores) == list(placed.score_pairs(pairs))
    assert list(content) == list(PairModel.fit(texts).score_pairs(pairs))
    assert content[0] > content[1]


DEALS = ["Officials say Ruritania signed deals to sell tanks to Borduria.",
         "Ruritania agreed on deals to send tanks and planes to Borduria.",
         "The deals give Borduria hundreds of tanks from Ruritania.",
         "Officials say the allies of Ruritania have depleted their stockpiles of tanks."]


def _links(member: float, rest: float = 0.8) -> dict[tuple[int, int], float]:
    return {(i, j): member if j == 3 else rest for i in range(4) for j in range(i + 1, 4)}


@pytest.mark.parametrize(("texts", "member", "out"), [
    (DEALS, 0.55, True),  # names the deals' own participant nowhere, loosely linked: another fact
    (DEALS, 0.65, False),  # clearly linked: states the fact without the name
    ([*DEALS[:3], DEALS[3].replace("the allies", "Burduria's allies")], 0.55, False),  # another spelling
    ([*DEALS[:2], DEALS[2].replace("Borduria", "the buyer"), DEALS[3]], 0.55, False),  # two lack it: a detail
])
def test_a_member_that_lacks_the_facts_own_name_leaves_the_group(texts: list[str], member: float, out: bool) -> None:
    event = [*texts, *(f"Ruritania's minister spoke on day {k} about the war." for k in range(6))]
    groups, barred = _lacking_names([[0, 1, 2, 3], *([k] for k in range(4, len(event)))], event,
                                    _links(member), Config().corroboration_link)
    assert ([0, 1, 2] in groups and [3] in groups) == out
    assert (barred == {3: frozenset({0, 1, 2})}) == out


def test_a_name_counts_as_given_by_any_word_of_it() -> None:
    texts = ["Minister Anna Ivanov met the envoy in the capital.", "Anna Ivanov met the envoy on a visit.",
             "The envoy and Anna Ivanov met in the capital.", "The envoy met Ivanov in the capital."]
    groups, _ = _lacking_names([[0, 1, 2, 3]], texts, _links(0.55), 0.6)
    assert groups == [[0, 1, 2, 3]]
    groups, _ = _lacking_names([[0, 1, 2, 3]], [*texts[:3], "The envoy met the minister in the capital."],
                               _links(0.55), 0.6)
    assert groups == [[0, 1, 2], [3]]


def test_a_statement_taken_out_of_a_group_is_not_added_back() -> None:
    model = PairModel.fit(DEALS)
    every = _links(0.55)
    sources = [0, 1, 2, 3]
    [(_, added)] = _attach([[0, 1, 2]], sources, every, 0.5, model)
    assert added == (3,)  # linked to every member at the threshold: added as extra evidence
    assert _attach([[0, 1, 2]], sources, every, 0.5, model, barred={3: frozenset({0, 1, 2})}) == [((0, 1, 2), ())]


@pytest.mark.parametrize(("score", "barred", "paired"), [
    (0.72, {}, True),  # close: the single statement's fact, stated inside another fact's sentence
    (0.65, {}, False),  # loose: it stays one report's claim
    (0.72, {2: frozenset({0})}, False),  # taken out of that group for lacking its name
])
def test_a_single_statement_gets_its_close_best_match_as_evidence(
        score: float, barred: dict[int, frozenset[int]], paired: bool) -> None:
    # a0 "He was charged with a felony, ordered to pay a fine and attend anger classes."
    # b0 "He was charged with a felony."  b1 "He was fined and ordered to attend anger classes."
    sources = [0, 1, 1]
    every = {(0, 1): 0.8, (0, 2): score}
    out = _pair_singles([((0, 1), ()), ((2,), ())], sources, every, _SINGLE_LINK, barred)
    assert out == ([((0, 1), ()), ((2,), (0,))] if paired else [((0, 1), ()), ((2,), ())])


def test_two_single_statements_paired_make_one_fact() -> None:
    out = _pair_singles([((0,), ()), ((1,), ())], [0, 1], {(0, 1): 0.8}, _SINGLE_LINK, {})
    assert out == [((0,), (1,))]


def test_a_sentence_that_states_two_facts_backs_both_other_reports_statements() -> None:
    _, groups = _groups(
        ("a", ["The agent was charged with a felony, ordered to pay a fine and told to attend "
               "anger-management classes.",
               "The airline said it had suspended the agent.", "The passenger was flown to a hospital in the city."]),
        ("b", ["Prosecutors charged the agent with a felony on Tuesday.",
               "He was fined and ordered to attend anger-management classes.",
               "A video of the incident was shared widely online."]))
    assert ["a0", "b1"] in groups and ["a0", "b0"] in groups
