"""Property tests: arbitrary text never crashes a stage, and the output keeps the contract.

Examples are few and deadlines off so the suite stays quick; raise ``max_examples``
locally (or with a Hypothesis profile) to search harder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from builders import cleaned
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export import assert_contract, assert_nothing_lost

from generator import load
from generator.clean import clean, shared_lines
from generator.config import Config
from generator.errors import InputError, printable
from generator.export import brief_to_json
from generator.model import Source, SourceMeta
from generator.pipeline import build_brief
from generator.segment import split

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "The",
    "minister",
    "said",
    "Mr.",
    "U.S.",
    "Jan. 30",
    "aid",
    "bridge",
    "reopen",
    "March",
    "“",
    "”",
    '"',
    "40",
    "million",
    "©",
    "All rights reserved",
    "Back to top",
    "Share",
    "By",
    "Jane",
    "Roe",
    "(AFP)",
    ".",
    ". provided",
    "?",
    "!",
    "…",
    "\n",
    "\n\n",
    "---",
    "#",
    "- ",
    "<script>",
    "{{ x }}",
    "[a](b)",
    "|",
    "Publish date",
    "2023-01-30",
    "Story Code : 1",
    "\u00a0",
    "\t",
    "\u2028",
    "é",
    "ß",
    "한국",
    "日本",
]

# Text that looks like news and chrome, mixed with anything at all.
newsy = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
anything = st.text(max_size=300)
texts = st.one_of(newsy, anything, st.lists(st.one_of(newsy, anything), max_size=4).map("\n".join))


def as_source(body: str, sid: str = "a", fmt: str = "txt") -> Source:
    return Source(
        id=sid,
        event_id="e",
        path=f"{sid}.{fmt}",
        format=fmt,
        body=body,
        meta=SourceMeta(title=load.infer_meta(body).get("title", sid)),
        digest="0",
    )


@FAST
@given(st.binary(max_size=400))
def test_decode_never_crashes(data: bytes) -> None:
    try:
        text, warnings = load.decode(data, "r.txt")
    except InputError as exc:
        assert str(exc).startswith("r.txt: ") and "\n" not in str(exc)
        return
    assert "\r" not in text and "\x00" not in text
    assert all(w.startswith("r.txt: ") for w in warnings)


@FAST
@given(texts)
def test_front_matter_and_markdown_never_crash(text: str) -> None:
    for doc in (text, "---\n" + text, "---\n" + text + "\n---\n" + text):
        try:
            front, body = load.split_front_matter(doc, "r.md")
        except InputError as exc:
            assert "\n" not in str(exc)
            continue
        assert isinstance(front, dict)
        load.markdown_to_text(body)


@FAST
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=40))  # surrogates too
def test_a_printable_name_is_one_line_of_valid_text(name: str) -> None:
    shown = printable(name)
    shown.encode("utf-8")
    assert shown.isprintable() and (shown == name or not name.isprintable() or "\ufffd" in shown)


@FAST
@given(texts)
def test_inference_never_invents(text: str) -> None:
    meta = load.infer_meta(text)
    assert set(meta) <= {"title", "published", "publisher"}
    if "title" in meta:
        assert meta["title"] in text
    if "publisher" in meta:
        assert meta["publisher"] in text
    load.guess_language(text)


@FAST
@given(texts, texts)
def test_cleaning_keeps_or_explains_every_line(a: str, b: str) -> None:
    sources = [as_source(a, "a"), as_source(b, "b", "md")]
    common = shared_lines(sources)
    for s in sources:
        cs = clean(s, common)
        kept = [p for p in cs.text.split("\n\n") if p]
        assert all(r.reason and r.text for r in cs.removed)
        body_words = " ".join(s.body.split()).split()
        out_words = " ".join([*kept, *(r.text for r in cs.removed)]).split()
        assert sorted(body_words) == sorted(out_words)


@FAST
@given(texts, st.sampled_from(["en", "de", "ko", "xx"]))
def test_segments_are_exact_and_cover_the_text(text: str, language: str) -> None:
    text = "\n\n".join(p.strip() for p in text.split("\n\n"))
    out = split(cleaned(text, language), Config())
    covered = [False] * len(text)
    for n, s in enumerate(out):
        assert s.index == n and text[s.start : s.end] == s.text and s.text.strip() == s.text != ""
        covered[s.start : s.end] = [True] * (s.end - s.start)
    assert not "".join(ch for ch, ok in zip(text, covered, strict=True) if not ok).strip()


names = st.sampled_from(["a.txt", "b.md", "c.html", "A.txt", "d.txt", "a.md", "a.txt.md", "e\n\x1b.md"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(names, st.one_of(texts, st.binary(max_size=200)), max_size=4))
def test_brief_facts_keeps_the_contract(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "event"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(
                data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
            )
        try:
            brief = build_brief(folder, Config())
        except InputError as exc:
            assert "\n" not in str(exc) and exc.path.startswith(str(folder))
            return
        assert_contract(brief)
        assert_nothing_lost(brief)
        brief_to_json(brief).encode("utf-8")
