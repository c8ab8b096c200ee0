"""Tests of generator/sections.py: quotes with speakers and the timeline (the names list: test_people.py)."""

from __future__ import annotations

import dataclasses

import pytest
from builders import brief_of

from generator.sections import Sections, sections


def test_no_quotes_dates_or_names() -> None:
    assert sections(brief_of({"a": "it rained."})) == Sections()


def test_quote_with_a_named_speaker() -> None:
    brief = brief_of({"a": "The bridge opened. “We are proud of this work,” said Mayor Ada Obi. It rained."})
    (quote,) = sections(brief).quotes
    assert quote.text == "We are proud of this work,"
    assert quote.speaker == "Mayor Ada Obi"
    (version,) = quote.versions
    c = version.citation
    assert (c.source_id, c.sentence_index) == ("a", 1)
    assert brief.clean_text("a")[c.start:c.end] == c.text == quote.text


@pytest.mark.parametrize("text", [
    "Mayor Ada Obi spoke at the bridge. “We are proud of this work,” she said.",
    "Mayor Ada Obi spoke at the bridge. She added: “We are proud of this work.”",
    "Ada Obi told reporters the bridge was safe. “We are proud of this work,” she said.",
])
def test_pronoun_speaker_is_resolved_to_a_name(text: str) -> None:
    (quote,) = sections(brief_of({"a": text})).quotes
    assert quote.speaker in ("Mayor Ada Obi", "Ada Obi")


def test_short_quotes_are_not_quotations() -> None:
    brief = brief_of({"a": "Officials called it a “big step” for the city, said Ada Obi."})
    assert sections(brief).quotes == ()


def test_two_translations_of_one_quote_are_one_group() -> None:
    texts = {
        "en": "“We will rebuild the bridge within a year,” Ada Obi said.",
        "fr": "“We are going to rebuild this bridge in one year,” said Adah Obie.",
        "de": "Crowds cheered. The weather was fine.",
    }
    facts = [("corroborated", "", [("en", 0), ("fr", 0)]), ("single-source", "", [("de", 0)])]
    (quote,) = sections(brief_of(texts, facts)).quotes
    assert [v.citation.source_id for v in quote.versions] == ["en", "fr"]
    assert {v.speaker for v in quote.versions} == {"Ada Obi", "Adah Obie"}
    assert quote.source_ids == ("en", "fr")


def test_a_spun_reports_quotation_is_listed_only_under_a_clean_version() -> None:
    texts = {
        "a": "“We will rebuild the bridge within a year,” Ada Obi said.",
        "b": "“We are going to reconstruct the overpass in a calendar year,” Ada Obi explained. "
             "“The expense is no item at all,” she included.",
    }
    facts = [("corroborated", "", [("b", 0), ("a", 0)]), ("single-source", "", [("b", 1)])]
    brief = brief_of(texts, facts)
    assert len(sections(brief).quotes) == 2
    spun = dataclasses.replace(brief, sources=tuple(
        dataclasses.replace(r, flags=("likely spun or machine-translated: ...",)) if r.source.id == "b" else r
        for r in brief.sources))
    (quote,) = sections(spun).quotes
    assert [v.citation.source_id for v in quote.versions] == ["a", "b"]


def test_the_same_words_in_two_reports_are_one_quote() -> None:
    texts = {"a": "“The repairs are finished now,” she said.", "b": "He said: “The repairs are finished now.”"}
    (quote,) = sections(brief_of(texts)).quotes
    assert len(quote.versions) == 2


@pytest.mark.parametrize(("words", "expected"), [
    ("on Monday", "2023-01-30"),
    ("on the 30th", "2023-01-30"),
    ("January 28", "2023-01-28"),
    ("yesterday", "2023-01-31"),
])
def test_relative_dates_are_resolved_against_the_report_date(words: str, expected: str) -> None:
    # 2023-02-01 is a Wednesday.
    brief = brief_of({"a": f"The minister arrived {words}. Talks went well."})
    (day,) = sections(brief).timeline
    assert day.date == expected
    (entry,) = day.entries
    assert entry.words == (words,)
    assert entry.text == f"The minister arrived {words}."
    assert [(c.source_id, c.sentence_index) for c in entry.citations] == [("a", 0)]


def test_timeline_is_sorted_by_day_and_joins_one_fact() -> None:
    texts = {
        "a": "The minister arrived on Monday. Talks began on January 28.",
        "b": "The minister arrived on the 30th. Nothing else happened.",
    }
    facts = [("corroborated", "", [("a", 0), ("b", 0)]), ("single-source", "", [("a", 1)]),
             ("single-source", "", [("b", 1)])]
    timeline = sections(brief_of(texts, facts)).timeline
    assert [d.date for d in timeline] == ["2023-01-28", "2023-01-30"]
    (entry,) = timeline[1].entries
    assert entry.words == ("on Monday", "on the 30th")
    assert [c.source_id for c in entry.citations] == ["a", "b"]


def test_a_date_and_the_wider_one_it_falls_in_are_one_entry() -> None:
    brief = brief_of({"a": "The group, launched in April last year, met again. Talks went well."})
    (day,) = sections(brief).timeline
    assert day.date == "2022-04"
    (entry,) = day.entries
    assert entry.words == ("in April, last year",)


def test_one_fact_dated_by_a_year_and_by_a_month_sits_at_the_month() -> None:
    texts = {"a": "Last year, the city opened its first office abroad.", "b": "In November it opened an office abroad."}
    facts = [("corroborated", "", [("a", 0), ("b", 0)])]
    (day,) = sections(brief_of(texts, facts)).timeline
    assert day.date == "2022-11"
    (entry,) = day.entries
    assert [c.source_id for c in entry.citations] == ["b", "a"]


def test_a_sentence_of_two_facts_is_filed_with_the_fact_whose_part_holds_the_date() -> None:
    texts = {"a": "The minister, who met the envoy on Monday, is on a tour of the region.",
             "b": "The minister met the envoy on Monday.", "c": "The minister is on a tour of the region."}
    brief = brief_of(texts, [("corroborated", "", [("a", 0), ("b", 0)]), ("corroborated", "", [("a", 0), ("c", 0)])])
    sentence = texts["a"]
    clause = sentence.index("who"), sentence.index(", is")
    rest = sentence.index("is on"), len(sentence)
    facts = []
    for fact, (start, end) in zip(brief.facts, (clause, rest), strict=True):
        a, other = fact.citations
        part = dataclasses.replace(a, text=sentence[start:end], start=a.start + start, end=a.start + end)
        facts.append(dataclasses.replace(fact, citations=(part, other)))
    (day,) = sections(dataclasses.replace(brief, facts=tuple(facts))).timeline
    (entry,) = day.entries  # a's "on Monday" is in the meeting's part, so a's sentence joins b's
    assert day.date == "2023-01-30" and [c.source_id for c in entry.citations] == ["a", "b"]


def test_a_timeline_entry_shows_a_clean_reports_wording() -> None:
    texts = {"a": "The preacher quit on Monday after shedding the ballot.", "b": "The minister resigned on Monday."}
    facts = [("corroborated", "", [("a", 0), ("b", 0)])]
    brief = brief_of(texts, facts)
    ((entry,),) = [d.entries for d in sections(brief).timeline]
    assert entry.text == texts["a"]
    spun = dataclasses.replace(brief, sources=tuple(
        dataclasses.replace(r, flags=("likely spun or machine-translated: ...",)) if r.source.id == "a" else r
        for r in brief.sources))
    ((entry,),) = [d.entries for d in sections(spun).timeline]
    assert entry.text == texts["b"]


def test_undated_report_uses_the_event_date_and_bad_dates_are_skipped() -> None:
    brief = brief_of({"a": "The minister arrived on Monday."}, published=None)
    # The event date of the inline brief is 2024-05-01, a Wednesday.
    assert [d.date for d in sections(brief).timeline] == ["2024-04-29"]
    brief = brief_of({"a": "The minister arrived on Monday."}, published="not a date")
    assert [d.date for d in sections(brief).timeline] == ["2024-04-29"]


def test_a_quotation_whose_closing_mark_was_dropped_runs_to_the_paragraph_end() -> None:
    text = "Ada Obi opened the bridge.\nShe said: \"We are proud of this work. It took two years.\nIt rained."
    brief = brief_of({"a": text})
    (quote,) = sections(brief).quotes
    assert quote.text == "We are proud of this work. It took two years."
    assert quote.speaker == "Ada Obi"


@pytest.mark.parametrize(("text", "speaker"), [
    # a second quotation joined to the first by "and" is the same speaker's
    ("Ada Obi spoke twice. She stressed, “The bridge is safe for every car,” and “We will open it soon.”",
     "Ada Obi"),
    # '…, explaining that “…”' is the sentence's subject's
    ("Ada Obi cited the cases of three towns, explaining that “they rebuilt their bridges in a year.”", "Ada Obi"),
    # an office of a named body
    ("On Sunday, Ruritania's transport ministry said the visit would focus on “ways to keep the bridge open.”",
     "Ruritania’s transport ministry"),
])
def test_speakers_of_less_common_attributions(text: str, speaker: str) -> None:
    found = sections(brief_of({"a": text})).quotes
    assert found and found[-1].speaker == speaker


def test_the_one_spoken_to_is_not_the_speaker() -> None:
    text = ("The mayor asked Ada Obi to help with the bridge. Later he spoke to reporters.\n"
            "He said: “We will open the bridge within a month.”")
    (quote,) = sections(brief_of({"a": text})).quotes
    assert quote.speaker != "Ada Obi"


def test_a_speaker_is_named_as_the_names_list_names_them() -> None:
    from generator.config import Config
    from generator.sections import Entity, quotes

    texts = {
        "a": "“We will rebuild the bridge within a year,” Mayor Obi said.",
        "b": "“We are going to rebuild this bridge in one year,” said Mayor Ada Obi.",
    }
    brief = brief_of(texts, [("corroborated", "", [("a", 0), ("b", 0)])])
    by_source = {sid: [s for s in brief.sentences if s.source_id == sid] for sid in texts}
    named = (Entity("Ada Obi", ("Mayor Ada Obi", "Mayor Obi"), 2, ()),)
    (quote,) = quotes(brief, by_source, Config(), named)
    assert quote.speaker == "Ada Obi"
    (quote,) = quotes(brief, by_source, Config())
    assert quote.speaker == "Mayor Ada Obi"  # without the list: the longer of two equal votes


def test_a_quotation_of_two_sentences_joins_one_fact_only() -> None:
    texts = {
        "a": "Obi said: “We will rebuild the bridge within a year. The cost will be paid by the region.”",
        "b": "“The bridge will be rebuilt in one year,” said Ada Obi. Crowds cheered.",
        "c": "“The region pays for all of it,” said Ada Obi. The weather was fine.",
    }
    facts = [("corroborated", "", [("a", 0), ("b", 0)]), ("corroborated", "", [("a", 1), ("c", 0)])]
    found = sections(brief_of(texts, facts)).quotes
    assert not any({"b", "c"} <= set(q.source_ids) for q in found)


def test_a_translated_report_is_not_taken_for_a_spun_one() -> None:
    from generator.corroborate import SPUN

    brief = brief_of({"a": "“We will rebuild the bridge within a year,” said Mayor Ada Obi."})
    for flag, listed in (("likely translated: the page around the article is written in Cyrillic", True),
                         (f"{SPUN}: 40% of its words …", False)):
        report = dataclasses.replace(brief.sources[0], flags=(flag,))
        assert bool(sections(dataclasses.replace(brief, sources=(report,))).quotes) == listed


