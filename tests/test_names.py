from __future__ import annotations

import pytest

from generator.model import Citation, Fact
from generator.names import learn_aliases, names


def _fact(*texts: tuple[str, str]) -> Fact:
    cites = tuple(Citation(sid, 0, t, 0, len(t)) for sid, t in texts)
    return Fact("f", texts[0][1], "corroborated", cites, len(texts))


def test_names_drop_leading_function_words() -> None:
    assert names("On Monday the Foreign Minister Ada Lovelace met Charles Babbage.") == [
        "Foreign Minister Ada Lovelace", "Charles Babbage"]



def test_aliases_learned_from_matched_statements() -> None:
    f = _fact(("a", "Ada Lovelace met the envoy."), ("b", "Ada Lovelase met the envoy."))
    g = _fact(("a", "Charles Babbage left."), ("c", "Karl Weber left."))
    assert learn_aliases([f, g]) == (("Ada Lovelace", "Ada Lovelase"),)


def test_no_alias_within_one_source() -> None:
    f = _fact(("a", "Ada Lovelace and Ada Lovelase met."))
    assert learn_aliases([f]) == ()


def test_variants_word_by_word() -> None:
    from generator.names import variant

    assert variant("Yoon Suk Yeol", "Yoon Seok-yul")
    assert variant("Stoltenberg", "Stollenberg")
    assert not variant("South Korea", "North Korea")
    assert not variant("South Korea", "South Korean")
    assert not variant("Defense Secretary Ada Lovelace", "Protection Secretary Ada Lovelace")
    assert not variant("Ada Lovelace", "Ada Lovelace")


def test_lone_words_need_a_close_match() -> None:
    from generator.names import variant

    assert not variant("County", "Court")
    assert not variant("We're", "We've")
    assert variant("Kyiv", "Kiev")


def test_sentence_opening_words_are_not_names_for_aliases() -> None:
    assert names("There was rain. Their house flooded.", initial=False) == []
    assert names("There was rain.") == ["There"]


def test_spellings_across_reports_are_learned_from_all_statements() -> None:
    from generator.names import spelling_groups

    texts = [("a", "Officials in Kiev said the talks went well."), ("b", "Officials in Kyiv said so too.")]
    assert spelling_groups(texts, strict=True) == (("Kiev", "Kyiv"),)


def test_strict_spellings_need_reports_that_never_use_both() -> None:
    from generator.names import spelling_groups

    texts = [("a", "Then Ada Lovelace met Ada Lovelase."), ("b", "Later Ada Lovelace spoke.")]
    assert spelling_groups(texts) == (("Ada Lovelace", "Ada Lovelase"),)
    assert spelling_groups(texts, strict=True) == ()


def test_strict_lone_words_need_the_same_consonants() -> None:
    from generator.names import spelling_groups

    texts = [("a", "The coach said Mark was fit."), ("b", "The coach said Mary was fit.")]
    assert spelling_groups(texts) == (("Mark", "Mary"),)
    assert spelling_groups(texts, strict=True) == ()


def test_respell_replaces_whole_names_only() -> None:
    from generator.names import respell

    groups = [("Kyiv", "Kiev"), ("Yoon Suk Yeol", "Yoon Seok-yul")]
    assert respell(["Kiev and Kievan art", "Yoon Seok-yul spoke"], groups) == [
        "Kyiv and Kievan art", "Yoon Suk Yeol spoke"]
    assert respell(["no names here"], []) == ["no names here"]


def test_respell_can_leave_close_spellings() -> None:
    from generator.names import respell

    groups = [("Jens Stoltenberg", "Jens Stollenberg"), ("Kyiv", "Kiev")]
    assert respell(["Jens Stollenberg in Kiev"], groups, unlike=0.5) == ["Jens Stollenberg in Kyiv"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Meanwhile Mozilla said it would fix the flaw.", ["Mozilla"]),
    ("However Ada Obi said no, and Separately Ruritania agreed.", ["Ada Obi", "Ruritania"]),
    ("Last Chance Harbour opened.", ["Last Chance Harbour"]),  # a name that opens with such a word
])
def test_a_sentence_adverb_before_a_name_is_no_part_of_it(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_the_names_of_a_text_are_read_once_and_given_as_a_fresh_list() -> None:
    first = names("Ada Lovelace met Charles Babbage in London.")
    first.append("Changed")
    assert names("Ada Lovelace met Charles Babbage in London.") == ["Ada Lovelace", "Charles Babbage", "London"]
