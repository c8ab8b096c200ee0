"""Tests of generator/people.py: the names list, its entries and their spellings."""

from __future__ import annotations

import dataclasses

from builders import brief_of

from generator.model import Brief
from generator.sections import sections


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


def test_a_spun_report_is_cited_for_a_known_name_inside_its_own_spelling() -> None:
    texts = {"a": "Defense Secretary Ben Ito met Park Min-jun and Kim Ji Woo on Monday. Crowds cheered.",
             "b": "Ben Ito met Park Min-jun and Kim Ji Woo in the capital. Crowds cheered.",
             "c": "Protection Secretary Ben Ito met Park Min-Jun and Gim Ji-u. Crowds cheered at the Chilly Council."}
    both = [("a", 0), ("b", 0), ("c", 0)], [("a", 1), ("b", 1), ("c", 1)]
    brief = brief_of(texts, [("corroborated", "", cites) for cites in both], aliases=(("Kim Ji Woo", "Gim Ji-u"),))
    spun = dataclasses.replace(brief, sources=tuple(
        dataclasses.replace(r, flags=("likely spun or machine-translated: ...",)) if r.source.id == "c" else r
        for r in brief.sources))
    people = {e.name: e for e in sections(spun).entities}
    for name in ("Ben Ito", "Park Min-jun", "Kim Ji Woo"):
        assert [c.source_id for c in people[name].citations] == ["a", "b", "c"], name
    shown = {n for e in people.values() for n in (e.name, *e.variants)}
    assert not any("Protection" in n or "Min-Jun" in n or "Chilly" in n for n in shown)  # its own spellings stay out


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
