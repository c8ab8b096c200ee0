from __future__ import annotations

import pytest
from builders import units

from generator.align import Alignment
from generator.config import Config
from generator.corroborate import facts_from
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


TOPIC = (("a", ["The minister resigned on Monday after the vote.", "Parliament will meet again in May."]),
         ("b", ["The minister said on Monday that the vote was unfair.", "Elections are due next year."]),
         ("c", ["The minister resigned on Monday, after losing the vote."]))


def test_a_weak_link_between_origins_is_not_corroboration() -> None:
    u = units(*TOPIC[:2])
    origins = (Origin("a", ("a",)), Origin("b", ("b",)))
    weak = Alignment(groups=((0, 2), (1,), (3,)), cores=(2, 1, 1), scores=((0, 2, 0.55),))
    facts, _ = facts_from(u, weak, origins, Config())
    assert all(f.status == "single-source" and len(f.source_ids) == 1 for f in facts)
    assert {c.text for f in facts for c in f.citations} == {t for _, ts in TOPIC[:2] for t in ts}
    strong = Alignment(groups=((0, 2), (1,), (3,)), cores=(2, 1, 1), scores=((0, 2, 0.75),))
    facts, _ = facts_from(u, strong, origins, Config())
    assert [f.status for f in facts if len(f.source_ids) == 2] == ["corroborated"]
    # one clearly linked pair confirms the group, also for a third report linked more loosely
    u = units(*TOPIC)
    three = Alignment(groups=((0, 2, 4), (1,), (3,)), cores=(3, 1, 1), scores=((0, 2, 0.55), (0, 4, 0.8), (2, 4, 0.52)))
    facts, _ = facts_from(u, three, (*origins, Origin("c", ("c",))), Config())
    assert [len(f.source_ids) for f in facts if f.status == "corroborated"] == [3]


def test_after_a_split_an_added_statement_stays_only_with_statements_it_links_to() -> None:
    u = units(*TOPIC[:2])
    origins = (Origin("a", ("a",)), Origin("b", ("b",)))
    weak = Alignment(groups=((0, 2, 3), (1,)), cores=(2, 1), scores=((0, 2, 0.55), (0, 3, 0.52)))
    facts, _ = facts_from(u, weak, origins, Config())
    cited = sorted(tuple(c.text for c in f.citations) for f in facts)
    assert (TOPIC[1][1][1],) in cited  # added for a's statement: a fact of its own, not b's other one's
    assert all(len(f.citations) == 1 for f in facts)


@pytest.mark.parametrize(("second", "corroborated"), [
    ("Officials said these weapons were made for the navy alone.", False),
    ("Officials said the minister resigned on Monday after the vote.", True),
    ("Officials said those who resigned on Monday lost the vote.", True),  # 'those who': no reference back
])
def test_a_statement_that_refers_back_cannot_alone_confirm_a_fact(second: str, corroborated: bool) -> None:
    u = units(("a", ["The minister resigned on Monday after the vote."]), ("b", [second]))
    strong = Alignment(groups=((0, 1),), cores=(2,), scores=((0, 1, 0.75),))
    facts, _ = facts_from(u, strong, (Origin("a", ("a",)), Origin("b", ("b",))), Config())
    assert any(f.status == "corroborated" for f in facts) == corroborated
    assert {c.text for f in facts for c in f.citations} >= {"The minister resigned on Monday after the vote."}


def test_a_weak_link_between_copies_and_another_origin_leaves_the_copies_one_fact() -> None:
    u = units(*TOPIC)
    origins = (Origin("a", ("a", "c"), "c restates a"), Origin("b", ("b",)))
    scores = ((0, 4, 0.9), (0, 2, 0.55), (2, 4, 0.5))
    alignment = Alignment(groups=((0, 4, 2), (1,), (3,)), cores=(3, 1, 1), scores=scores)
    facts, _ = facts_from(u, alignment, origins, Config())
    copies = next(f for f in facts if "c" in f.source_ids)
    assert set(copies.source_ids) == {"a", "c"} and copies.status == "single-source"
    assert any(f.source_ids == ("b",) and f.citations[0].text == TOPIC[1][1][0] for f in facts)


def test_shown_wording_is_a_complete_sentence() -> None:
    [f] = _facts(((0, 1),), (Origin("a", ("a",)), Origin("c", ("c",))), SOURCES[0], SOURCES[2])
    assert f.text == SOURCES[0][1][0]


def test_every_citation_is_a_verbatim_span() -> None:
    facts = _facts(((0, 1), (2,)), (Origin("a", ("a",)), Origin("b", ("b",)), Origin("c", ("c",))), *SOURCES)
    assert len(facts) == 2
    for f in facts:
        for c in f.citations:
            assert c.end - c.start == len(c.text)


SPUN = (
    ("a", ["The minister resigned on Monday after losing the confidence vote in parliament.",
           "The central bank raised its main interest rate to five percent on Tuesday.",
           "Thousands of protesters gathered outside the parliament building in the capital."]),
    ("b", ["On Monday the minister resigned after losing a confidence vote in parliament.",
           "On Tuesday the central bank raised its key interest rate to five percent.",
           "Thousands of protesters had gathered outside the parliament building in the capital."]),
    ("c", ["The minister resigned on Monday after he lost the confidence vote in parliament.",
           "The central bank raised its main rate of interest to five percent on Tuesday.",
           "Thousands of people protesting gathered outside the parliament building in the capital."]),
    ("d", ["The preacher quit on Monday soon after shedding the self-assurance ballot in legislature.",
           "The essential lender lifted its primary fascination level to 5 per cent on Tuesday.",
           "Countless demonstrators collected exterior the legislature setting up in the funds city."]),
)


def test_a_report_whose_wording_is_repeatedly_odd_is_flagged_with_examples() -> None:
    u = units(*SPUN)
    origins = tuple(Origin(s, (s,)) for s, _ in SPUN)
    _, flags = facts_from(u, Alignment(groups=((0, 3, 6, 9), (1, 4, 7, 10), (2, 5, 8, 11))), origins, Config())
    assert set(flags) == {"d"}
    assert "likely spun or machine-translated" in flags["d"] and "“preacher”" in flags["d"]


def test_added_evidence_is_cited_but_never_the_shown_wording() -> None:
    u = units(*SPUN[:3])
    origins = tuple(Origin(s, (s,)) for s, _ in SPUN[:3])
    facts, _ = facts_from(u, Alignment(groups=((0, 3, 6, 1), (2, 5, 8)), cores=(3, 3)), origins, Config())
    minister = next(f for f in facts if len(f.citations) == 4)
    assert minister.text != SPUN[0][1][1]  # an added statement backs the fact but is never its wording
    assert SPUN[0][1][1] in [c.text for c in minister.citations]
    assert [c.added for c in minister.citations if c.text == SPUN[0][1][1]] == [True]
    assert sum(not c.added for c in minister.citations) == 3  # the matched statements, one per report


def test_single_source_clauses_of_one_sentence_are_one_entry() -> None:
    from generator.corroborate import _merge_repeats

    sentence = "The mayor opened the bridge on Friday, and the council said repairs would start in May."
    clause = "The mayor opened the bridge on Friday"
    whole = Fact("f1", sentence, "single-source", (Citation("a", 4, "the council said repairs would start in May.",
                                                            43, 88),), 1)
    part = Fact("f2", clause, "single-source", (Citation("a", 4, clause, 0, 37),), 1)
    elsewhere = Fact("f3", clause, "single-source", (Citation("b", 2, clause, 0, 37),), 1)  # another sentence
    backed = Fact("f4", sentence, "corroborated", (Citation("c", 0, sentence, 0, 88),), 2)
    out = _merge_repeats([whole, part, elsewhere, backed])
    assert [f.id for f in out] == ["f1", "f3", "f4"]
    assert out[0].text == sentence and [c.start for c in out[0].citations] == [43, 0]


def test_a_report_repeating_a_sentence_states_it_once() -> None:
    from generator.corroborate import _merge_repeats

    said = "Lynch did not deny his client was at the corner with a loaded handgun."
    first = Fact("f1", said, "single-source", (Citation("a", 2, said, 100, 170),), 1)
    again = Fact("f1-2", said, "single-source", (Citation("a", 7, said, 500, 570),), 1)
    other = Fact("f2", said, "single-source", (Citation("b", 1, said, 0, 70),), 1)  # another report: its own
    backed = Fact("f3", said, "corroborated", (Citation("c", 0, said, 0, 70), Citation("d", 0, said, 0, 70)), 2)
    out = _merge_repeats([first, again, other, backed])
    assert [f.id for f in out] == ["f1", "f2", "f3"]
    assert [(c.source_id, c.start) for c in out[0].citations] == [("a", 100), ("a", 500)]


def test_a_clause_that_introduces_a_quotation_is_shown_with_it() -> None:
    from builders import sentences

    from generator.corroborate import shown_text
    from generator.statements import clauses

    [s] = sentences("a", 'The envoy told a packed hall at the institute on Monday, "We will not give up on peace."')
    intro, quote = clauses(s)
    assert shown_text(intro) == s.text and quote.text.startswith('"We')
    [t] = sentences("a", "The country joined new sanctions against the invader last week, and signed deals to arm "
                         "its neighbour.")
    first, _ = clauses(t)
    assert shown_text(first) == "The country joined new sanctions against the invader last week"


OWN_WORDS = ("e", ["Lawmakers ousted the minister in a Monday confidence vote, prompting his swift resignation.",
                   "Borrowing costs climbed as the central bank lifted rates to five percent on Tuesday.",
                   "Outside parliament, crowds numbering in the thousands assembled across the capital."])


def _flags(sources: tuple[tuple[str, list[str]], ...]) -> dict[str, str]:
    u = units(*sources)
    groups = tuple(tuple(k * 3 + i for k in range(len(sources))) for i in range(3))
    origins = tuple(Origin(s, (s,)) for s, _ in sources)
    return facts_from(u, Alignment(groups=groups), origins, Config())[1]


def test_a_report_in_its_own_words_is_not_taken_for_a_spun_copy() -> None:
    """Half of its words are its own, but it tells each fact its own way, not word for word."""
    assert _flags((*SPUN[:3], OWN_WORDS)) == {}
    flags = _flags((*SPUN, OWN_WORDS))
    assert set(flags) == {"d"} and "“preacher” for “minister" in flags["d"]


def test_the_shown_wording_is_the_version_closest_to_the_others() -> None:
    sources = (("a", ["The minister resigned on Monday after losing the vote in parliament."]),
               ("b", ["The minister quit on Monday after losing the vote in parliament."]),
               ("c", ["The minister resigned on Monday after he lost the vote in parliament."]))
    origins = tuple(Origin(s, (s,)) for s in "abc")

    def shown(scores: tuple[tuple[int, int, float], ...]) -> str:
        alignment = Alignment(groups=((0, 1, 2),), scores=scores)
        [f] = facts_from(units(*sources), alignment, origins, Config())[0]
        return f.text

    assert shown(((0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.5))) == sources[0][1][0]
    assert shown(((0, 1, 0.5), (0, 2, 0.5), (1, 2, 0.9))) != sources[0][1][0]


def test_a_sentence_whose_clauses_form_one_group_of_their_own_is_shown_whole() -> None:
    from generator.model import Sentence
    from generator.statements import Statement

    text = "Many watched the vote closely, while the minister stayed at home."
    s = Sentence("a", 0, text, 0, len(text), 0)
    cut = text.index(", while") + 2
    u = [Statement(s, text[:cut - 2], 0, cut - 2), Statement(s, text[cut:], cut, len(text))]
    [f] = facts_from(u, Alignment(groups=((1, 0),), cores=(1,)), (Origin("a", ("a",)),), Config())[0]
    assert f.text == text and [c.text for c in f.citations] == [text]


def test_a_spelling_or_a_function_word_is_not_a_swapped_word() -> None:
    from collections import Counter

    from generator.corroborate import swapped_words

    mine, other = units(("d", ["The defence minister is going to resign on Monday, the preacher said."]),
                        ("a", ["The defense minister would resign on Monday, the minister said."]))
    spread = Counter({"defense": 3, "minister": 3, "would": 3, "defence": 1, "going": 1, "preacher": 1})
    assert swapped_words(mine, [other], spread) == [("preacher", "minister")]


@pytest.mark.parametrize(("chrome", "flagged"), [
    ("Перейти к содержанию", True),  # "skip to content", left by a page translated in the browser
    ("Skip to content", False),
    ("Home | 東京 | News", False),  # two letters of another script: a name, not the page's language
])
def test_a_page_whose_chrome_is_in_another_script_is_flagged_as_translated(chrome: str, flagged: bool) -> None:
    import dataclasses

    from builders import cleaned

    from generator.corroborate import SPUN, translation_flags
    from generator.model import Removed

    page = dataclasses.replace(cleaned("The minister resigned on Monday after the vote in parliament."),
                               removed=(Removed("a", chrome, "boilerplate: page chrome outside the article"),))
    flags = translation_flags([page])
    assert ("a" in flags) == flagged
    if flagged:
        assert "Cyrillic" in flags["a"] and "Latin" in flags["a"] and not flags["a"].startswith(SPUN)


def test_the_typical_report_is_the_median_of_the_others() -> None:
    from generator.corroborate import _typical

    assert _typical([0.29, 0.19, 0.28, 0.22]) == pytest.approx(0.25)  # even count: the middle two's mean
    assert _typical([0.3, 0.1, 0.2]) == 0.2 and _typical([]) == 0.0


def test_an_independent_report_must_be_far_odder_than_a_copy_to_be_taken_for_spun() -> None:
    from generator.corroborate import Oddness, spun_flags

    plain = Oddness(0.2, (), (("said", "stated"),), 100)
    odd = Oddness(0.35, (), tuple((f"w{k}", f"x{k}") for k in range(4)), 100)
    reports = {"a": plain, "b": plain, "c": plain, "d": odd}
    assert set(spun_flags(reports)) == {"d"}  # origins unknown: judged as before
    assert set(spun_flags(reports, frozenset({"c", "d"}))) == {"d"}  # a rewrite of report c
    assert spun_flags(reports, frozenset()) == {}  # a report of its own, in its own words


NAMES = (("a", ["Officials said Ruritania is not a member of the bloc."]),
         ("b", ["Ruritania is a big exporter of arms to its neighbours."]))


@pytest.mark.parametrize(("score", "corroborated"), [(0.7, False), (0.8, True)])
def test_a_pair_that_shares_only_names_needs_a_closer_link(score: float, corroborated: bool) -> None:
    u = units(*NAMES)
    alignment = Alignment(groups=((0, 1),), cores=(2,), scores=((0, 1, score),))
    facts, _ = facts_from(u, alignment, (Origin("a", ("a",)), Origin("b", ("b",))), Config())
    assert any(f.status == "corroborated" for f in facts) == corroborated
    # sharing a word other than names, the usual margin is enough
    u = units(NAMES[0], ("b", ["Ruritania is not a member of any bloc."]))
    facts, _ = facts_from(u, alignment, (Origin("a", ("a",)), Origin("b", ("b",))), Config())
    assert [f.status for f in facts] == ["corroborated"]


def test_two_statements_only_added_to_a_fact_do_not_confirm_it() -> None:
    u = units(("a", ["The minister resigned on Monday after the vote.", "Parliament will meet again in May."]),
              ("b", ["The minister's vote was unfair, its speaker said.",
                     "Parliament meets again in May, its speaker said."]))
    origins = (Origin("a", ("a",)), Origin("b", ("b",)))
    # b's first statement, the core, links weakly; a's and b's second statements, only added, link closely
    scores = ((0, 2, 0.55), (1, 3, 0.9))
    added_only = Alignment(groups=((0, 2, 1, 3),), cores=(2,), scores=scores)
    facts, _ = facts_from(u, added_only, origins, Config())
    assert all(f.status == "single-source" for f in facts)
    as_core = Alignment(groups=((0, 2, 1, 3),), cores=(3,), scores=scores)
    facts, _ = facts_from(u, as_core, origins, Config())
    assert [f.status for f in facts] == ["corroborated"]


@pytest.mark.parametrize(("said_by", "corroborated"), [("", False), (", Ivanov said", True)])
def test_statements_added_to_two_that_share_only_the_events_topic_do_not_confirm_it(
        said_by: str, corroborated: bool) -> None:
    u = units(("a", [f"Officials said Ruritania is not a member of the bloc{said_by}.",
                     "In the end, Ruritania should step up its support.",
                     "Parliament will meet again in May.", "The weather was cold."]),
              ("b", [f"Today Ruritania is a big exporter of arms, with an army its allies support{said_by}.",
                     "Elections are due next year.", "Prices rose in the spring."]))
    origins = (Origin("a", ("a",)), Origin("b", ("b",)))
    # the matched pair shares only names, below the names-only margin; a's added statement links
    # to b's through "support". "Ruritania" is in most statements: the event's topic, not a fact.
    scores = ((0, 4, 0.68), (1, 4, 0.7))
    alignment = Alignment(groups=((0, 4, 1),), cores=(2,), scores=scores)
    facts, _ = facts_from(u, alignment, origins, Config())
    assert any(f.status == "corroborated" for f in facts) == corroborated
    assert {c.text for f in facts for c in f.citations} >= {u[0].text, u[4].text}




def test_of_facts_equally_backed_the_one_the_reports_state_first_comes_first() -> None:
    sources = (("a", ["The old harbour bridge was built in 1901 by the port authority of the city.",
                      "The harbour bridge reopened on Monday after two years of repairs, the mayor said.",
                      "Traffic was light in the morning."]),
               ("b", ["The bridge reopened on Monday after repairs.",
                      "Traffic was light.",
                      "The old bridge was built in 1901."]))
    u = units(*sources)
    grouped = Alignment(groups=((0, 5), (1, 3), (2, 4)), cores=(2, 2, 2),
                        scores=((0, 5, 0.9), (1, 3, 0.9), (2, 4, 0.9)))
    facts = facts_from(u, grouped, (Origin("a", ("a",)), Origin("b", ("b",))), Config())[0]
    assert [f.status for f in facts] == ["corroborated"] * 3
    assert "reopened" in facts[0].text and "1901" in facts[1].text  # places 0.25, 0.5 and 0.75


@pytest.mark.parametrize(("second", "corroborated"), [
    ("His sentencing is set for May, according to the office release.", False),
    ("The tally of the harvest reached 2,300 tons in May, the office said.", True),
])
def test_sharing_only_according_to_confirms_nothing(second: str, corroborated: bool) -> None:
    u = units(("a", ["The tally of the harvest reached 2,300 tons, according to the researchers."]), ("b", [second]))
    grouped = Alignment(groups=((0, 1),), cores=(2,), scores=((0, 1, 0.65),))
    facts = facts_from(u, grouped, (Origin("a", ("a",)), Origin("b", ("b",))), Config())[0]
    assert any(f.status == "corroborated" for f in facts) == corroborated


MEETING = (("a", ["The envoy held talks with Premier Ivanov on Monday."]),
           ("b", ["On Monday the envoy had a meeting with Ivanov."]),
           ("c", ["Premier Ivanov has said the country's laws forbid arms sales."]),
           ("d", ["Ivanov said the laws of the country forbid selling arms."]))


@pytest.mark.parametrize(("laws_matched", "score", "cited"), [
    (True, 0.65, {"a", "b"}),  # matched as its own fact, added here on the names: not evidence
    (True, 0.8, {"a", "b", "c"}),  # a link at names_only_link is
    (False, 0.65, {"a", "b", "c"}),  # not matched elsewhere: kept as before
])
def test_a_statement_added_only_on_names_is_not_its_origins_evidence(
        laws_matched: bool, score: float, cited: set[str]) -> None:
    u = units(*MEETING)
    origins = tuple(Origin(s, (s,)) for s in "abcd")
    laws = ((2, 3),) if laws_matched else ((3,),)
    alignment = Alignment(groups=((0, 1, 2), *laws), cores=(2, len(laws[0])),
                          scores=((0, 1, 0.82), (0, 2, score), (1, 2, 0.6), (2, 3, 0.8)))
    facts, _ = facts_from(u, alignment, origins, Config())
    [meeting] = [f for f in facts if MEETING[0][1][0] in {c.text for c in f.citations}]
    assert set(meeting.source_ids) == cited and meeting.status == "corroborated"
    assert any(MEETING[2][1][0] in {c.text for c in f.citations} for f in facts)  # nothing lost


def test_a_statement_added_on_more_than_names_stays_its_origins_evidence() -> None:
    u = units(*MEETING[:2], ("c", ["Ivanov said in talks that the laws forbid arms sales."]), MEETING[3])
    alignment = Alignment(groups=((0, 1, 2), (2, 3)), cores=(2, 2),
                          scores=((0, 1, 0.82), (0, 2, 0.65), (2, 3, 0.8)))
    facts, _ = facts_from(u, alignment, tuple(Origin(s, (s,)) for s in "abcd"), Config())
    [meeting] = [f for f in facts if MEETING[0][1][0] in {c.text for c in f.citations}]
    assert set(meeting.source_ids) == {"a", "b", "c"}  # "talks": more than the names


@pytest.mark.parametrize(
    "text",
    ["", "1234 !!", "plain ascii words", "é before ascii", "ascii before é", "한글 first, then Latin",
     "Latin, then 한글 and Привет", "Привет мир and 漢字", "ǅ ʰ ﬁ Ⅻ mixed ß"],
)
def test_letters_are_counted_by_writing_system_in_the_order_the_systems_appear(text: str) -> None:
    """ASCII letters are counted as Latin in bulk; the counts, and the order of the systems (which
    breaks ties between equal counts), are those of looking every letter up."""
    from collections import Counter

    from generator.corroborate import _script, _scripts

    looked_up = Counter(_script(ch) for ch in text if ch.isalpha())
    assert _scripts(text) == looked_up
    assert list(_scripts(text)) == list(looked_up)
