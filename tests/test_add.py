"""`brief add`: reports copied or converted into an event folder (local files only; no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import add, cli, load
from generator.clean import clean
from generator.config import Config
from generator.errors import InputError

TEXT = "Council approves budget\n\nThe council approved the new budget on Tuesday evening.\n"
HTML = """<!doctype html><html><head><title>Budget approved | Example Times</title>
<meta property="og:title" content="Budget approved">
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body><nav>Home | World | Sport</nav><article><h1>Budget approved</h1>
<p>The council approved the new budget on Tuesday evening after a debate that lasted four hours.</p>
<p>The budget raises school spending by four percent next year, the mayor said in a statement.</p>
<p>Opposition members said the increase was too small to repair the older school buildings.</p>
</article><footer>Copyright Example Times</footer></body></html>"""


def config(tmp_path: Path) -> Config:
    return Config().with_(content_dir=tmp_path / "content")


def test_a_text_file_is_copied_byte_for_byte_into_a_new_safe_folder(tmp_path: Path) -> None:
    src = tmp_path / "Report One.txt"
    src.write_text(TEXT, encoding="utf-8")
    [done] = add.add("../My Event: Ünïcode/", [str(src)], config(tmp_path))
    assert done.path.parent == tmp_path / "content" / "my-event-unicode"
    assert done.path.name == "report-one.txt" and done.path.read_bytes() == src.read_bytes()


def test_an_existing_event_folder_is_reused_and_duplicates_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "Existing Event"
    folder.mkdir(parents=True)
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    first = add.add("Existing Event", [str(src)], config(tmp_path))
    again = add.add("Existing Event", [str(src)], config(tmp_path))
    assert first[0].path.parent == folder and again[0].skipped == "already present"
    other = tmp_path / "b" / "a.txt"
    other.parent.mkdir()
    other.write_text(TEXT + "More.\n", encoding="utf-8")
    [renamed] = add.add("Existing Event", [str(other)], config(tmp_path))
    assert renamed.path.name == "a-2.txt"


@pytest.mark.parametrize(("existing", "added", "expected"), [
    ("r1.txt", "R1.md", "r1-2.md"),  # another format, another case: still source r1's id
    ("R1.TXT", "r1.txt", "r1-2.txt"),
    ("r1.txt", "r1-txt.md", "r1-txt-2.md"),
])
def test_a_new_file_never_shares_an_existing_reports_stem(tmp_path: Path, existing: str, added: str,
                                                          expected: str) -> None:
    folder = tmp_path / "content" / "e"
    folder.mkdir(parents=True)
    (folder / existing).write_text(TEXT, encoding="utf-8")
    ids_before = [s.id for s in load.load_event(folder, Config()).sources]
    src = tmp_path / "in" / added
    src.parent.mkdir()
    src.write_text("Other report\n\nThe council approved the budget late on Tuesday.\n", encoding="utf-8")
    [done] = add.add("e", [str(src)], config(tmp_path))
    assert done.path.name == expected
    assert [s.id for s in load.load_event(folder, Config()).sources if s.path != str(done.path)] == ids_before


def test_markdown_without_front_matter_gets_what_the_loader_infers(tmp_path: Path) -> None:
    src = tmp_path / "report.md"
    body = ("# Council Approves New Budget\n\nPublished: March 5, 2024\n\n"
            "The council approved the new budget: it said 'yes' # twice.\n\n© Example Times\n")
    src.write_text(body, encoding="utf-8")
    before = load.load_source(src, "r", "e", Config())
    [done] = add.add("e", [str(src)], config(tmp_path))
    text = done.path.read_text(encoding="utf-8")
    front, rest = load.split_front_matter(text, str(done.path))
    assert front == {"title": "Council Approves New Budget", "publisher": "Example Times",
                     "published": "2024-03-05",  # inferred, and nothing else (no url, no language)
                     "inferred": ["title", "publisher", "published"]}  # and said to be inferred
    assert rest.lstrip("\n") == body
    after = load.load_source(done.path, "r", "e", Config())
    assert (after.body, after.meta.title, after.meta.publisher, after.meta.published) == \
        (before.body, before.meta.title, before.meta.publisher, before.meta.published)
    assert set(after.meta.inferred) >= {"title", "publisher", "published"}  # still shown as inferred
    assert add.add("e", [str(src)], config(tmp_path))[0].skipped == "already present"


@pytest.mark.parametrize(("name", "text"), [
    ("stated.md", "---\ntitle: Stated Title Here\n---\n\nThe council approved the budget.\n"),
    ("nothing.md", "the council approved the budget.\n"),  # nothing to infer: copied as it is
    ("plain.txt", TEXT),  # a .txt cannot hold front matter
])
def test_other_text_reports_are_copied_byte_for_byte(tmp_path: Path, name: str, text: str) -> None:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    [done] = add.add("e", [str(src)], config(tmp_path))
    assert done.path.read_bytes() == src.read_bytes()


def test_html_becomes_markdown_with_stated_front_matter(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text(HTML, encoding="utf-8")
    [done] = add.add("budget", [str(src)], config(tmp_path))
    assert done.path.suffix == ".md"
    loaded = load.load_source(done.path, "page", "budget", Config())
    assert loaded.meta.title == "Budget approved"
    assert loaded.meta.publisher == "Example Times"
    assert loaded.meta.published == "2024-03-05"
    assert "title" not in loaded.meta.inferred
    assert "school spending by four percent" in loaded.body and "Home | World" not in loaded.body


def test_a_url_is_fetched_through_the_given_fetcher(tmp_path: Path) -> None:
    seen = []

    def fetch(url: str, limit: int) -> tuple[bytes, str, str]:
        seen.append(url)
        return HTML.encode(), "text/html; charset=utf-8", url + "?final"

    [done] = add.add("budget", ["https://example.org/news/budget-approved"], config(tmp_path), fetch)
    assert seen == ["https://example.org/news/budget-approved"]
    loaded = load.load_source(done.path, "x", "budget", Config())
    assert loaded.meta.url == "https://example.org/news/budget-approved?final"
    assert done.path.name == "budget-approved.md"


def test_plain_text_from_a_url_keeps_its_lines(tmp_path: Path) -> None:
    body = "# Not a heading\n1. Not a list\n<b>not html</b> & *not em*"
    [done] = add.add("e", ["http://example.org/a.txt"], config(tmp_path),
                     lambda url, limit: (body.encode(), "text/plain", url))
    loaded = load.load_source(done.path, "a", "e", Config())
    assert loaded.body.split("\n\n")[0] == "\\# Not a heading"  # escaped, so the cleaner keeps it as prose
    assert clean(loaded).text.split("\n\n") == body.split("\n")
    assert loaded.meta.url == "http://example.org/a.txt"


LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)


@given(st.lists(LINE, max_size=5))
def test_text_to_markdown_reads_back_as_the_same_lines(lines: list[str]) -> None:
    norm = [" ".join(x.split()) for x in lines]
    norm = [x for x in norm if x]
    assert load.markdown_to_text(add.text_to_markdown("\n".join(lines))).split("\n\n") == (norm or [""])


@pytest.mark.parametrize(("name", "data"), [("missing.txt", None), ("binary.txt", b"\x00\x01\x02" * 10),
                                            ("report.pdf", b"%PDF-1.4")])
def test_bad_inputs_are_refused_with_the_file_named(tmp_path: Path, name: str, data: bytes | None) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(InputError, match=name):
        add.add("e", [str(path)], config(tmp_path))
    assert not (tmp_path / "content" / "e").exists() or not any((tmp_path / "content" / "e").iterdir())


def test_cli_add_prints_where_reports_went(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert cli.main(["add", "--content", str(tmp_path / "content"), "my-event", str(src)]) == 0
    assert "added" in capsys.readouterr().out
    assert (tmp_path / "content" / "my-event" / "a.txt").is_file()
    missing = str(tmp_path / "nope.txt")
    assert cli.main(["add", "--content", str(tmp_path / "content"), "my-event", missing]) == 2
