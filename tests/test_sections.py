"""Tests of generator/sections.py: quotes with speakers, the timeline, people and organisations."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import build_brief

from generator.model import Brief, SourceMeta
from generator.sections import Sections, sections


def brief_of(texts: dict[str, str], facts: list[tuple[str, str, list[tuple[str, int]]]] | None = None,
             published: str | None = "2023-02-01", aliases: tuple[tuple[str, ...], ...] = ()) -> Brief:
    """An inline brief: one source per text, all published on ``published``."""
    meta = {sid: SourceMeta(title=sid, publisher=sid.title(), published=published) for sid in texts}
    facts = facts or [("single-source", "", [(sid, 0)]) for sid in texts]
    return dataclasses.replace(build_brief(texts, facts=facts, meta=meta), aliases=aliases)


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


def test_names_in_two_reports_with_their_aliases() -> None:
    texts = {
        "a": "The talks in Geneva were led by Ada Obi. Crowds cheered.",
        "b": "Adah Obie said the talks in Geneva went well. Police stayed calm.",
        "c": "Crowds cheered loudly. Nothing else.",
    }
    brief = brief_of(texts, aliases=(("Ada Obi", "Adah Obie"),))
    people = {e.name: e for e in sections(brief).entities}
    assert set(people) == {"Geneva", "Ada Obi"}
    assert people["Ada Obi"].variants == ("Adah Obie",)
    assert people["Ada Obi"].sources == 2
    assert [(c.source_id, c.sentence_index) for c in people["Geneva"].citations] == [("a", 0), ("b", 0)]
    assert "Crowds" not in people  # a capitalised word only at the start of sentences


def test_a_name_of_one_report_counts_when_a_fact_is_corroborated() -> None:
    texts = {"a": "Ada Obi opened the bridge. It rained.", "b": "The bridge was opened. It rained."}
    facts = [("corroborated", "", [("a", 0), ("b", 0)]), ("corroborated", "", [("a", 1), ("b", 1)])]
    (person,) = sections(brief_of(texts, facts)).entities
    assert (person.name, person.sources) == ("Ada Obi", 1)


def test_a_surname_joins_the_full_name() -> None:
    texts = {"a": "Talks were led by Ada Okafor today. Crowds cheered.",
             "b": "On Tuesday, Okafor said talks went well."}
    people = sections(brief_of(texts)).entities
    assert [(e.name, e.variants, e.sources) for e in people] == [("Ada Okafor", ("Okafor",), 2)]


def test_titled_forms_of_one_name_are_one_entry() -> None:
    texts = {
        "a": "Chief Engineer Ada Okafor opened the bridge in North Ruritania. Engineer Okafor cut the ribbon.",
        "b": "Ada Okafor said the bridge was safe, and Okafor smiled at South Ruritania.",
        "c": "Harbour Master Ben Ito met the crews of North Ruritania.",
        "d": "Deputy Harbour Master Ben Ito met the crews of South Ruritania.",
    }
    people = {e.name: e for e in sections(brief_of(texts)).entities}
    assert set(people["Ada Okafor"].variants) == {"Chief Engineer Ada Okafor", "Engineer Okafor", "Okafor"}
    assert people["Harbour Master Ben Ito"].variants == ("Deputy Harbour Master Ben Ito",)
    assert {"North Ruritania", "South Ruritania"} <= set(people)  # two places that share a word stay apart


def test_a_titled_spelling_variant_joins_the_name() -> None:
    texts = {"a": "The talks were led by Ada Obi in Geneva.",
             "b": "Deputy Mayor Adah Obie praised the talks in Geneva."}
    people = {e.name: e for e in sections(brief_of(texts, aliases=(("Ada Obi", "Adah Obie"),))).entities}
    assert people["Ada Obi"].variants == ("Deputy Mayor Adah Obie",)


def test_a_word_that_only_opens_quotations_is_not_a_name() -> None:
    texts = {"a": 'The mayor said, "Ultimately, it is your choice," in Geneva.',
             "b": 'She added: "Ultimately, we decide," before leaving Geneva.'}
    assert [e.name for e in sections(brief_of(texts)).entities] == ["Geneva"]


def test_a_spelling_only_a_spun_report_uses_is_not_a_name() -> None:
    texts = {"a": "The talks in Geneva were led by Secretary General Ada Obi. Crowds cheered.",
             "b": "The talks in Geneva were led by Secretary-Typical Ada Obi. Crowds cheered at the Chilly Council."}
    facts = [("corroborated", "", [("a", 0), ("b", 0)]), ("corroborated", "", [("a", 1), ("b", 1)])]
    brief = brief_of(texts, facts)

    def spellings(b: Brief) -> set[str]:
        return {n for e in sections(b).entities for n in (e.name, *e.variants)}

    assert any("Chilly" in n for n in spellings(brief)) and any("Typical" in n for n in spellings(brief))
    spun = dataclasses.replace(brief, sources=tuple(
        dataclasses.replace(r, flags=("likely spun or machine-translated: ...",)) if r.source.id == "b" else r
        for r in brief.sources))
    assert not any("Chilly" in n for n in spellings(spun)) and not any("Typical" in n for n in spellings(spun))
    assert "Geneva" in spellings(spun) and any("Ada Obi" in n for n in spellings(spun))


def test_an_adjective_made_from_a_name_is_not_a_name() -> None:
    texts = {"a": "Western allies met in Japan on Monday. The Asian country said Norman would speak.",
             "b": "Western leaders praised Japan for the talks. An Asian country hosted them, Norman said."}
    names = {e.name for e in sections(brief_of(texts)).entities}
    assert {"Japan", "Norman"} <= names
    assert "Western" not in names and "Asian" not in names


def test_the_adjective_of_a_two_word_name_is_not_a_name() -> None:
    texts = {"a": "North Ruritanian officials met in North Ruritania on Monday. Jon Kristan said so.",
             "b": "North Ruritanian leaders praised North Ruritania for the talks, Jon Kristan said."}
    names = {e.name for e in sections(brief_of(texts)).entities}
    assert {"North Ruritania", "Jon Kristan"} <= names and "North Ruritanian" not in names


def test_a_name_with_of_and_its_place_joins_the_name() -> None:
    texts = {"a": "The talks were led by Ada Obi of Ruritania on Monday.",
             "b": "On Monday, Ada Obi praised the talks."}
    people = {e.name: e for e in sections(brief_of(texts)).entities}
    assert people["Ada Obi"].variants == ("Ada Obi of Ruritania",)


def test_two_reports_naming_one_institute_with_two_spellings_are_one_entry() -> None:
    texts = {"a": "She spoke at the Obi Institute of Marine Science in Geneva.",
             "b": "In Geneva she spoke at the Obie Foundation of Marine Sciences.",
             "c": "In Geneva the Obi Institute of Marine Science met the Obie Foundation of Marine Sciences."}
    aliases = (("Obi", "Obie"),)
    people = {e.name: e for e in sections(brief_of({k: texts[k] for k in "ab"}, aliases=aliases)).entities}
    assert people["Obi Institute of Marine Science"].variants == ("Obie Foundation of Marine Sciences",)
    people = {e.name: e for e in sections(brief_of(texts, aliases=aliases)).entities}
    assert "Obie Foundation of Marine Sciences" in people  # a report that writes both keeps them apart


def test_spellings_of_one_institute_named_in_one_fact_are_one_entry() -> None:
    """A translated name shares no word with the others, but the versions of one fact name it."""
    texts = {"a": "She spoke at the Obi Institute of Marine Science in Geneva.",
             "b": "In Geneva she gave a lecture at the Obie Academy.",
             "c": "Lectures at the Obie Academy are long. The Obi Institute of Marine Science is old."}
    facts = [("corroborated", "", [("a", 0), ("b", 0)]), ("single-source", "", [("c", 0)]),
             ("single-source", "", [("c", 1)])]
    aliases = (("Obi", "Obie"),)
    two = {k: texts[k] for k in "ab"}
    people = {e.name: e for e in sections(brief_of(two, facts[:1], aliases=aliases)).entities}
    assert people["Obi Institute of Marine Science"].variants == ("Obie Academy",)
    people = {e.name: e for e in sections(brief_of(texts, facts, aliases=aliases)).entities}
    assert "Obie Academy" in people  # a report that writes both keeps them apart


def test_a_title_with_of_and_its_short_form_are_one_entry() -> None:
    texts = {"a": "The talks in Geneva were led by the Secretary General of the Union of Ruritanian Ports.",
             "b": "The URP Secretary General led the talks in Geneva, the URP said.",
             "c": "The Secretary General of URP spoke first in Geneva."}
    people = {e.name: e for e in sections(brief_of(texts)).entities}
    (title,) = [e for e in people.values() if "Secretary General" in e.name]
    assert {title.name, *title.variants} == {"Secretary General of the Union of Ruritanian Ports",
                                             "URP Secretary General", "Secretary General of URP"}


def test_a_run_ending_in_an_adjective_after_of_is_not_a_name() -> None:
    texts = {"a": "The talks were held in the South of the Ruritanian capital in Geneva.",
             "b": "Talks took place in the South of the Ruritanian capital, near Geneva."}
    names = {e.name for e in sections(brief_of(texts)).entities}
    assert "Geneva" in names and not any("Ruritanian" in n for n in names)


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


def test_a_name_is_listed_without_the_title_that_opens_some_of_its_forms() -> None:
    texts = {"a": "Minister Ada Obi opened the bridge on Monday.", "b": "Minister Ada Obi cut the ribbon.",
             "c": "The bridge was opened by Ada Obi after long repairs."}
    facts = [("corroborated", "", [("a", 0), ("b", 0), ("c", 0)])]
    (entity,) = [e for e in sections(brief_of(texts, facts)).entities if "Obi" in e.name]
    assert entity.name == "Ada Obi" and "Minister Ada Obi" in entity.variants


def test_the_names_list_shows_other_spellings_without_their_titles() -> None:
    texts = {"a": "Deputy Mayor Adah Obie opened the bridge in Geneva on Monday.",
             "b": "Ada Obi of Geneva cut the ribbon. Ada Obi smiled.",
             "c": "Port Secretary Ben Ito met the crews in Geneva. Ben Ito left.",
             "d": "Secretary of Ports Ben Ito met the crews in Geneva."}
    facts = [("corroborated", "", [("a", 0), ("b", 0), ("c", 0), ("d", 0)])]
    people = {e.name: e for e in sections(brief_of(texts, facts, aliases=(("Ada Obi", "Adah Obie"),))).entities}
    obi, ito = people["Ada Obi"], people["Ben Ito"]
    assert obi.shown == ("Adah Obie",)  # no "Deputy Mayor", no "of Geneva"
    assert {"Deputy Mayor Adah Obie", "Ada Obi of Geneva"} <= set(obi.variants)  # still known, for speakers
    assert ito.shown == () and "Secretary of Ports Ben Ito" in ito.variants


def test_a_name_written_only_with_its_title_keeps_it() -> None:
    texts = {"a": "General Motors opened a plant in Geneva.", "b": "General Motors said Geneva was chosen."}
    people = {e.name: e for e in sections(brief_of(texts)).entities}
    assert "General Motors" in people and people["General Motors"].shown == ()


def test_a_capitalised_common_phrase_of_one_report_is_not_a_name() -> None:
    texts = {"a": "Ada Obi condemns The Geneva War in Ruritania. It rained.",
             "b": "The war over Geneva was condemned. It rained in Ruritania."}
    facts = [("corroborated", "", [("a", 0), ("b", 0)]), ("corroborated", "", [("a", 1), ("b", 1)])]
    names = {e.name for e in sections(brief_of(texts, facts)).entities}
    assert {"Ada Obi", "Geneva", "Ruritania"} <= names and "Geneva War" not in names


def test_a_contraction_a_day_or_a_short_title_beside_a_name_is_not_part_of_a_name() -> None:
    texts = {"a": "Crowds said I've never seen the Obi Hall so full on Friday night in Ruritania.",
             "b": "The fire hit the Obi Hall Friday evening, and I've heard the alarm, a guard said.",
             "c": "Ruritania Gov. Ada Obi said the Ruritania-based firm would rebuild the Obi Hall."}
    names = {e.name for e in sections(brief_of(texts)).entities}
    assert {"Obi Hall", "Ruritania"} <= names
    assert not {"Obi Hall Friday", "I've", "Ruritania Gov", "Ruritania-based"} & names


def test_a_name_after_another_in_the_possessive_is_that_name() -> None:
    texts = {"a": "Ruritania's Port Obi was hit by the storm. Ruritania sent help.",
             "b": "The storm hit Port Obi on Monday, and Ruritania sent help."}
    people = {e.name: e for e in sections(brief_of(texts)).entities}
    assert {"Port Obi", "Ruritania"} <= set(people) and people["Port Obi"].variants == ()


def test_a_place_is_not_the_short_form_of_a_longer_place_that_ends_in_it() -> None:
    texts = {"a": "The quake shook Port Obinna, the capital of the province, at dawn.",
             "b": "Houses fell in Obinna on Monday, and Port Obinna lost power.",
             "c": "Help reached Obinna by road on Tuesday, officials said."}
    people = {e.name: e for e in sections(brief_of(texts)).entities}
    assert "Obinna" in people and "Obinna" not in people["Port Obinna"].variants


def test_a_person_of_an_institution_is_not_the_institution() -> None:
    texts = {"a": "Ben Ito of the Harbour Bible Church said the fire began at night.",
             "b": "The Harbour Bible Church burned down, Ben Ito said.",
             "c": "Ben Ito said the Harbour Bible Church would be rebuilt."}
    people = {e.name: e for e in sections(brief_of(texts)).entities}
    assert "Ben Ito" in people and "Harbour Bible Church" in people
    assert not any("Ito" in v for v in people["Harbour Bible Church"].variants)
