"""Hostile and broken input: text stays text, ids stay inside the build, every input has a defined result."""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_export import AGREE_A, AGREE_B, assert_contract, assert_nothing_lost, build, write_event

from generator.config import Config
from generator.errors import InputError
from generator.export import brief_to_json
from generator.load import event_dirs, load_event
from generator.pipeline import build_brief

ATTACKS = (
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">link</a>',
    "[click me](javascript:alert(1))",
    "![pic](https://evil.example/p.png)",
    "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}",
    "<b onmouseover=alert(1)>bold</b>",
    "<iframe src=//evil.example></iframe>",
)

# ------------------------------------------------------------------ 1. text stays text


def hostile_event(tmp_path: Path) -> Path:
    """Two reports whose text, title and metadata all carry markup and template syntax."""
    body = "\n\n".join(
        f"The protesters' sign said {a} in large letters outside the city hall today." for a in ATTACKS
    )
    front = (
        "---\ntitle: \"<script>alert('t')</script> {{ 7*7 }}\"\npublisher: '<img src=x onerror=alert(2)>'\n"
        "url: 'javascript:alert(3)'\nlanguage: en\n---\n"
    )
    return write_event(
        tmp_path,
        {
            "a.txt": "[Hostile Reporter <script>x</script>] "
            + body
            + "\n© 2023 <b>Evil</b> Media. All rights reserved.",
            "b.md": front + body,
            "event.yml": "title: \"<script>alert('e')</script>\"\n"
            "summary: '{{ 7*7 }} <img src=x onerror=alert(4)>'\n",
        },
    )


def test_hostile_text_stays_literal_in_the_json(tmp_path: Path) -> None:
    brief = build_brief(hostile_event(tmp_path), Config())
    doc = assert_contract(brief)
    a = brief.clean_text("a")
    for attack in ATTACKS:
        assert attack in a  # plain text keeps markup verbatim, as text
    src_b = next(s for s in doc["sources"] if s["id"] == "b")
    assert src_b["title"] == "<script>alert('t')</script> {{ 7*7 }}"
    assert src_b["publisher"] == "<img src=x onerror=alert(2)>"
    assert src_b["url"] == "javascript:alert(3)"
    assert doc["event"]["title"] == "<script>alert('e')</script>"
    assert doc["event"]["summary"] == "{{ 7*7 }} <img src=x onerror=alert(4)>"
    assert "{{ 7*7 }}" in brief_to_json(brief)  # no template was evaluated


def test_markdown_syntax_in_a_markdown_report_keeps_only_words(tmp_path: Path) -> None:
    brief = build_brief(hostile_event(tmp_path), Config())
    b = brief.clean_text("b")
    assert "evil.example/p.png" not in b and "said pic in" in b
    assert "[click me](javascript:alert(1))" in b  # CommonMark refuses javascript: links: literal text
    assert '<a href="javascript:alert(1)">link</a>' in b  # raw HTML stays as literal text


class _Live(HTMLParser):
    """Collects what a browser would act on: elements, event handlers, link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.targets: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.targets.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_rendered_pages_show_hostile_text_as_text(tmp_path: Path) -> None:
    render = pytest.importorskip("generator.render")
    markdown = pytest.importorskip("markdown")
    brief = build_brief(hostile_event(tmp_path), Config())
    pages = render.render_event(brief, tmp_path / "docs")
    assert pages
    for page in pages:
        assert page.resolve().is_relative_to((tmp_path / "docs").resolve())
        source = page.read_text(encoding="utf-8")
        body = source.split("\n---\n", 1)[-1] if source.startswith("---\n") else source
        out = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc", "fenced_code"])
        live = _Live()
        live.feed(out)
        assert not {"script", "img", "iframe", "object", "embed", "svg", "style"} & set(live.tags), page
        assert live.handlers == [], page
        assert not [
            t for t in live.targets if t.strip().lower().startswith(("javascript:", "data:", "//"))
        ], page
        assert "49" not in "".join(live.text) or "{{ 7*7 }}" in "".join(live.text)
    brief_page = (tmp_path / "docs" / brief.event.id / "index.md").read_text(encoding="utf-8")
    text = html.unescape(brief_page)
    assert "{{ 7*7 }}" in text or "{{ 7*7 }}" in json.dumps(text)


# ------------------------------------------------------------------------ 2. paths


@pytest.mark.parametrize(
    "name",
    [
        "a..b",
        "x...",
        "CON",
        "index",
        "a" * 200,
        "ＥＶＥＮＴ",
        "évent",
        "ev ent",
        "-x-",
        "日本語",
        "sources",
        "assets",
    ],
)
def test_event_ids_stay_inside_the_build(tmp_path: Path, name: str) -> None:
    content = tmp_path / "content"
    folder = content / name
    folder.mkdir(parents=True)
    (content / ".hidden").mkdir()
    (folder / "a.txt").write_text(AGREE_A)
    ((event_id, _),) = event_dirs(content).items()
    docs = tmp_path / "docs"
    target = (docs / event_id).resolve()
    assert target.parent == docs.resolve()
    assert event_id not in ("con", "index", "sources", "assets", ".", "..")


@pytest.mark.parametrize(
    "names",
    [
        ["a.txt", "A.txt"],  # case collision
        ["a.txt", "a.md", "a.html"],  # one stem, three formats
        ["con.txt", "aux.md", "index.txt"],  # reserved on some systems or in our site
        ["x" * 240 + ".txt", "x" * 239 + ".txt"],
        ["cafe.txt", "café.txt", "cafe\u0301.txt"],  # look-alikes (NFC and NFD differ on Linux)
        ["\u0430.txt", "a.txt"],  # Cyrillic look-alike
        ["-.txt", "_.txt", " .txt"],
    ],
)
def test_source_ids_are_safe_distinct_and_stable(tmp_path: Path, names: list[str]) -> None:
    files: dict[str, str | bytes] = {
        n: f"{AGREE_A}Report number {i} adds a distinct closing line here." for i, n in enumerate(names)
    }
    folder = write_event(tmp_path, files)
    written = [p.name for p in folder.iterdir()]
    if len(written) < len(names):
        pytest.skip("the file system folds these names into one")
    first = [s.id for s in load_event(folder, Config()).sources]
    again = [s.id for s in load_event(folder, Config()).sources]
    assert first == again
    assert len({i.lower() for i in first}) == len(written)
    for sid in first:
        assert (tmp_path / "docs" / sid).resolve().parent == (tmp_path / "docs").resolve()
        assert len(sid) <= 60 and sid not in ("con", "aux", "index")


# --------------------------------------------------------------- 3. broken input

PROSE = AGREE_A
BROKEN: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    # name: (files, "error" | "warning" | "ok", text expected in the error or in a warning)
    "invalid YAML": ({"a.md": "---\ntitle: [x\n---\n" + PROSE}, "error", "a.md: invalid YAML front matter"),
    "front matter a list": (
        {"a.md": "---\n- x\n---\n" + PROSE},
        "error",
        "a.md: front matter must be a mapping",
    ),
    "field of wrong type": ({"a.md": "---\ntitle: [1, 2]\n---\n" + PROSE}, "error", "'title' must be text"),
    "unclosed front matter": ({"a.md": "---\ntitle: x\n" + PROSE}, "error", "no closing '---'"),
    "bad language": ({"a.md": "---\nlanguage: klingon!\n---\n" + PROSE}, "warning", "not a language code"),
    "Windows-1252": (
        {"a.txt": PROSE.replace("Monday", "Montag für").encode("cp1252"), "b.txt": AGREE_B},
        "warning",
        "a.txt: not UTF-8 (invalid byte at offset",
    ),
    "mojibake": (
        {"a.txt": PROSE.replace("said", "said ‘yes’").encode().decode("cp1252").encode(), "b.txt": AGREE_B},
        "warning",
        "repaired mojibake",
    ),
    "empty file": ({"a.txt": "", "b.txt": AGREE_B}, "warning", "a.txt: the report has no text"),
    "binary file": (
        {"a.txt": bytes(range(256)) * 8, "b.txt": AGREE_B},
        "warning",
        "a.txt: looks like a binary",
    ),
    "no sentences": ({"a.txt": "Menu\nHome\nShare", "b.txt": AGREE_B}, "warning", "a.txt: no sentences left"),
    "one report": ({"a.txt": PROSE}, "warning", "only one report"),
    "identical files": ({"a.txt": PROSE, "b.txt": PROSE}, "warning", "have identical text"),
    "another language": (
        {
            "a.txt": PROSE,
            "b.txt": AGREE_B,
            "c.txt": "Die Brücke über den Fluss wird im März wieder geöffnet, sagten die Beamten.",
        },
        "warning",
        "c.txt: written in 'de'",
    ),
    "unknown file type": ({"a.docx": b"PK\x03\x04", "b.txt": PROSE}, "warning", "unknown file type '.docx'"),
    "symbolic link": ({"b.txt": PROSE}, "warning", "symbolic link skipped"),
    "html without text": (
        {"a.html": "<html><body><script>x()</script></body></html>", "b.txt": PROSE},
        "warning",
        "a.html: no article text",
    ),
    "only whitespace": ({"a.txt": " \n\t\n", "b.txt": PROSE}, "warning", "a.txt: the report has no text"),
    "NUL in middle": ({"a.txt": PROSE + "\x00" * 3 + AGREE_B}, "warning", "binary"),
    "UTF-16": ({"a.txt": PROSE.encode("utf-16"), "b.txt": AGREE_B}, "ok", ""),
    "CRLF and odd breaks": (
        {"a.txt": PROSE.replace("\n", "\r\n") + "\u2028" + AGREE_B.replace("\n", "\u2029")},
        "ok",
        "",
    ),
    "no event.yml": ({"a.txt": PROSE, "b.txt": AGREE_B}, "ok", ""),
    "a stem that is another report's name": (
        {"a.txt": PROSE, "a.md": AGREE_B, "a.txt.md": "The mayor said the bridge would reopen in the spring."},
        "ok",
        "",
    ),
    "blank event fields": ({"event.yml": "title:\ndate:\nsummary:\n", "a.txt": PROSE, "b.txt": AGREE_B}, "ok", ""),
    "lone surrogate escapes": (
        {"a.md": '---\ntitle: "Bridge \\ud83d news"\n---\n' + PROSE, "b.txt": AGREE_B,
         "event.yml": 'title: "Bridge \\udc00"\nsummary: "x \\ud800"\n'},
        "ok",
        "",
    ),
    "only punctuation": ({"a.txt": "...\n\n---\n\n!!!\n", "b.txt": AGREE_B}, "warning", "a.txt: no sentences left"),
    "one report in each of two languages": (
        {"a.txt": PROSE, "b.txt": "Die Brücke über den Fluss wird im März wieder geöffnet, sagten die Beamten."},
        "ok",
        "",
    ),
    "newline in a file name": ({"bad\nname.md": "---\ntitle: [x\n---\n" + PROSE}, "error", "bad\\nname.md: invalid"),
    "escape sequence in a file name": (
        {"\x1b[31mred.txt": "", "b.txt": PROSE},
        "warning",
        "\\x1b[31mred.txt: the report has no text",
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_input_has_a_defined_result(tmp_path: Path, case: tuple[dict, str, str]) -> None:
    files, result, needle = case
    folder = write_event(tmp_path, files)
    if "symbolic link" in needle:
        (folder / "link.txt").symlink_to(folder / "b.txt")
    if result == "error":
        with pytest.raises(InputError) as info:
            build_brief(folder, Config())
        message = str(info.value)
        assert needle in message and "\n" not in message and info.value.path.startswith(str(folder))
        return
    brief = build_brief(folder, Config())
    assert_contract(brief)
    assert_nothing_lost(brief)
    brief_to_json(brief).encode("utf-8")  # no lone surrogate anywhere
    if result == "warning":
        assert any(needle in w for w in brief.warnings), brief.warnings
    else:
        assert not [w for w in brief.warnings if "only one report" not in w], brief.warnings


def test_windows_1252_text_is_decoded_right(tmp_path: Path) -> None:
    brief = build(tmp_path, BROKEN["Windows-1252"][0])
    assert "Montag für" in brief.clean_text("a")


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    brief = build(tmp_path, BROKEN["mojibake"][0])
    assert "said ‘yes’" in brief.clean_text("a")


def test_identical_reports_are_one_origin(tmp_path: Path) -> None:
    doc = assert_contract(build(tmp_path, {"a.txt": PROSE, "b.txt": PROSE, "c.txt": AGREE_B}))
    origin = {s["id"]: s["origin"] for s in doc["sources"]}
    assert origin["a"] == origin["b"] != origin["c"]
    assert all(f["origins"] <= 2 for f in doc["facts"])


def test_a_50_mb_report_is_left_out_quickly(tmp_path: Path) -> None:
    folder = write_event(tmp_path, {"b.txt": AGREE_B})
    with (folder / "huge.txt").open("wb") as f:
        chunk = (AGREE_A * 1000).encode()
        for _ in range(50_000_000 // len(chunk) + 1):
            f.write(chunk)
    assert (folder / "huge.txt").stat().st_size >= 50_000_000
    brief = build_brief(folder, Config())
    assert [r.source.id for r in brief.sources] == ["b"]
    assert any("huge.txt" in w and "more than the limit" in w for w in brief.warnings)


def test_undecodable_names_give_a_brief_that_encodes(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"ev\xff")
    folder.mkdir()
    (folder / os.fsdecode(b"r\xff.txt")).write_text(AGREE_A)
    (folder / "b.txt").write_text(AGREE_B)
    brief = build_brief(folder, Config())
    assert_contract(brief)
    text = brief_to_json(brief)
    text.encode("utf-8")
    assert brief.event.id.isascii() and all(r.source.id.isascii() for r in brief.sources)
    assert "r\ufffd.txt" in text


# ------------------------------------------------------------ 4. nothing lost

LADDER = {name: files for name, (files, result, _) in BROKEN.items() if result != "error"}
LADDER |= {
    "hostile": {"a.txt": "\n".join(ATTACKS) + "\n" + AGREE_A, "b.txt": AGREE_B},
    "chrome": {
        "a.txt": "Menu\nBy Jane Roe\n" + AGREE_A + "© 2023 Daily Planet. All rights reserved.\nBack to top",
        "b.md": "# Bridge\n\n" + AGREE_B + "\n\n- a short list item\n- another item",
    },
    "huge numbers and scripts without spaces": {
        "a.txt": "The tally reached " + "9" * 400 + " votes in the city on Monday, officials said.\n"
        "東京都は月曜日、新しい橋の建設を来年の春に始めると発表しました。",
        "b.txt": "The tally reached 1,000 votes in the city on Monday, officials said at 3:99 a.m.",
    },
    "link definition": {
        "a.md": AGREE_A + '\n[Update]: https://example.com/u "Officials later confirmed that 40 workers were hired"\n',
        "b.txt": AGREE_B,
    },
    "stray full stop": {
        "a.txt": "He offered aid in addition to economic assistance. provided by this country.\n"
        "Mr. Roe said the U.S. would help on Jan. 30, officials said."
    },
}


@pytest.mark.parametrize("files", LADDER.values(), ids=LADDER.keys())
def test_every_sentence_is_evidence_or_removed(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    brief = build(tmp_path, files)
    doc = assert_contract(brief)  # checks every sentence is some fact's evidence
    assert_nothing_lost(brief)  # and every word is in a sentence or in `removed`
    for r in doc["removed"]:
        assert r["reason"]
    for c in brief.cleaned:  # and no word of a Markdown file is lost on the way to its body
        raw = files.get(Path(c.source.path).name)
        if c.source.format == "md" and isinstance(raw, str) and not raw.startswith("---"):
            said = " ".join([c.text, *(r.text for r in c.removed)])
            assert all(w in said for w in re.findall(r"[^\W_]{3,}", raw)), c.source.id
