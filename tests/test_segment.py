"""Sentences with exact spans: abbreviations, quotations and stray full stops stay whole."""

from __future__ import annotations

import pytest
from builders import cleaned

from generator.config import Config
from generator.segment import split


def sentences(text: str, language: str = "en") -> list[str]:
    return [s.text for s in split(cleaned(text, language), Config())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Roe arrived on Monday. He left on Tuesday after the talks.",
            ["Mr. Roe arrived on Monday.", "He left on Tuesday after the talks."],
        ),
        (
            "The U.S. government sent aid to the region. Officials confirmed the shipment.",
            ["The U.S. government sent aid to the region.", "Officials confirmed the shipment."],
        ),
        (
            "The talks were held on Jan. 30 in the capital. Both sides called them useful.",
            ["The talks were held on Jan. 30 in the capital.", "Both sides called them useful."],
        ),
        (
            "“We will help. We always have,” she said. The crowd cheered loudly after that.",
            ["“We will help. We always have,” she said.", "The crowd cheered loudly after that."],
        ),
        (
            '"Is this the end?" he asked the reporters. Nobody answered him at all.',
            ['"Is this the end?" he asked the reporters.', "Nobody answered him at all."],
        ),
        (
            "He considered military aid in addition to humanitarian and economic assistance. "
            "provided by this country. Then he left the stage.",
            [
                "He considered military aid in addition to humanitarian and economic assistance. "
                "provided by this country.",
                "Then he left the stage.",
            ],
        ),
        (
            "The cost was 4.5 billion dollars in total. It rose by 3.2 percent this year.",
            ["The cost was 4.5 billion dollars in total.", "It rose by 3.2 percent this year."],
        ),
        (
            "Yes. The minister agreed to the plan on Monday morning.",
            ["Yes. The minister agreed to the plan on Monday morning."],
        ),  # too short to stand alone
        (
            "The minister agreed to the plan on Monday morning. Yes.",
            ["The minister agreed to the plan on Monday morning. Yes."],
        ),
        ("2; Anna Roe Jr.; 5035; 7; 0; 15; 24", ["2; Anna Roe Jr.; 5035; 7; 0; 15; 24"]),  # a table row
        ("A sentence without a final full stop", ["A sentence without a final full stop"]),
        ("", []),
        ("   ", []),
    ],
)
def test_sentence_table(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_paragraphs_are_numbered_and_spans_exact() -> None:
    text = "First paragraph has one sentence here.\n\nSecond one has two sentences. Here is the other one."
    out = split(cleaned(text), Config())
    assert [(s.index, s.paragraph) for s in out] == [(0, 0), (1, 1), (2, 1)]
    for s in out:
        assert text[s.start : s.end] == s.text
        assert s.key == f"a#{s.index}" and s.anchor == f"s{s.index}"


@pytest.mark.parametrize(
    "text",
    [
        "\n\nLeading blank lines are here now.\n\n\n\nAnd extra ones between these.\n\n",
        "Tabs\tinside\ta sentence are kept as they are.  Two spaces before this one.",
        "Ellipsis… then more text follows here. And “curly quotes” end it.",
        "Emoji 🙂 and CJK 漢字 mix in this line of text. Then ZWJ 👩‍👩‍👧 families appear too.",
        "A.B.C. D.E.F. G.H.I. J.K.L. are initials only. ...",
        "?!?!?! ... ;;; ::: --- ***",
        "一つ目の文です。二つ目の文です。",
        "Der Minister sagte: „Wir helfen.“ Danach ging er nach Hause zurück.",
    ],
)
def test_spans_are_exact_and_cover_all_text(text: str) -> None:
    out = split(cleaned(text), Config())
    covered = [False] * len(text)
    for s in out:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
        covered[s.start : s.end] = [True] * (s.end - s.start)
    assert not "".join(ch for ch, ok in zip(text, covered, strict=True) if not ok).strip()
    assert [s.start for s in out] == sorted(s.start for s in out)


@pytest.mark.parametrize("language", ["en", "de", "ko", "xx", ""])
def test_any_language_code_segments(language: str) -> None:
    assert sentences("One sentence is here. Another sentence is there.", language)


def test_min_sentence_words_is_honoured() -> None:
    text = "Short one. Another short. This third sentence is rather longer than the rest."
    long_only = split(cleaned(text), Config().with_(min_sentence_words=5))
    assert [s.text for s in long_only] == [text]


JAPANESE = ("東京都は月曜日、新しい橋の建設を来年の春に始めると発表しました。"
            "工事には約三年かかる見込みで、費用は五百億円と見積もられています。"
            "地元の住民は渋滞の緩和に期待しています。")


def test_a_language_written_without_spaces_splits_into_its_sentences() -> None:
    """Words are not counted by spaces in Japanese: a full sentence is not merged as too short."""
    assert sentences(JAPANESE, "ja") == [s + "。" for s in JAPANESE.split("。") if s]


def test_a_very_long_paragraph_is_cut_at_safe_sentence_ends_and_split_alike() -> None:
    import time

    from generator import segment

    sentence = "The council met on Monday, and Mr. Obi said the 4.5 million budget was approved by the U.S. team. "
    long = sentence * 120  # 12,000 characters: cut into chunks before pysbd reads it
    assert len(long) > segment._CHUNK_CHARS
    assert all(chunk.rstrip().endswith("team.") for chunk in segment._chunks(long))
    assert "".join(segment._chunks(long)) == long
    assert set(segment._pieces(long, "en")) == {sentence.strip()}
    start = time.perf_counter()
    segment._pieces("Mr. " * 16000, "en")
    assert time.perf_counter() - start < 20  # 44 s when pysbd read the 64 KB at once


def test_long_paragraphs_are_not_cut_at_abbreviations_and_are_cut_at_full_width_stops() -> None:
    from generator import segment

    filler = "The council met again on Monday and talked about the budget for a long time. " * 48
    long = filler + "The report was written by Prof. Ada Obi and two colleagues from the city. " + filler
    assert not any(chunk.rstrip().endswith("Prof.") for chunk in segment._chunks(long))
    unspaced = "委員会は月曜日に再び会合を開き、予算について長時間議論した。" * 200
    chunks = segment._chunks(unspaced)
    assert len(chunks) > 1 and all(chunk.endswith("。") for chunk in chunks)


@pytest.mark.parametrize(
    "paragraph",
    ["Officials met on Monday to discuss the budget", "Officials met on Monday to discuss the budget.",
     "Why did the council vote against it?", "Home | News | Sport", "  A line with spaces around it  ",
     "Rain is expected tomorrow in the north, with snow on high ground!"],
)
def test_a_paragraph_without_a_sentence_end_inside_is_one_sentence_as_pysbd_says(paragraph: str) -> None:
    """Such a paragraph is not given to pysbd, which would return it whole."""
    from generator.segment import _pieces, _segmenter

    pieces = [p for p in _segmenter("en").processor(paragraph).process() if p.strip()]  # type: ignore[attr-defined]
    assert [p.strip() for p in _pieces(paragraph, "en")] == [p.strip() for p in pieces] == [paragraph.strip()]


@pytest.mark.parametrize(
    ("language", "paragraph", "expected"),
    [("hi", "पहला वाक्य। दूसरा वाक्य", ["पहला वाक्य।", "दूसरा वाक्य"]),
     ("ar", "الجملة الأولى؟ الجملة الثانية", ["الجملة الأولى؟", "الجملة الثانية"]),
     ("el", "Πρώτη; Δεύτερη", ["Πρώτη;", "Δεύτερη"]),
     ("ja", "最初の文．次の文", ["最初の文．", "次の文"])],
)
def test_a_language_s_own_sentence_ends_still_go_to_pysbd(language: str, paragraph: str, expected: list[str]) -> None:
    """A paragraph goes around pysbd only when none of the language's own sentence ends is inside it."""
    from generator.segment import _pieces

    assert [p.strip() for p in _pieces(paragraph, language)] == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [("“ The road was closed all day, ” Lee said.", ["“ The road was closed all day, ”", "Lee said."]),
     ("'No comment' Smith told reporters!", ["'No comment'", "Smith told reporters!"]),
     ("(a) first point (b) second point", ["(a) first point", "(b) second point"])],
)
def test_quotes_and_brackets_still_go_to_pysbd(paragraph: str, expected: list[str]) -> None:
    """A quotation or a bracket may end a sentence for pysbd: such a paragraph is split by it, as before."""
    from generator.segment import _pieces, _segmenter

    pieces = [p.strip() for p in _segmenter("en").processor(paragraph).process() if p.strip()]  # type: ignore[attr-defined]
    assert [p.strip() for p in _pieces(paragraph, "en")] == pieces == expected
