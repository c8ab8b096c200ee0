"""Tests of generator/site.py and the theme: a strict MkDocs build of generated pages."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import HOSTILE, build_brief

from generator.model import Brief
from generator.render import EventSummary, render_event, render_home
from generator.site import SEARCH_GLOBAL, SiteBuildError, build_site, compact_index

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"


def write_docs(docs: Path, *briefs: Brief) -> None:
    """What the pipeline does: every brief, its brief.json, and the home page."""
    for brief in briefs:
        render_event(brief, docs)
        (docs / brief.event.id / "brief.json").write_text(json.dumps({"schema": 1}), encoding="utf-8")
    render_home([EventSummary.from_brief(b) for b in briefs], docs)


def two_events() -> tuple[Brief, Brief]:
    return build_brief(), build_brief(event_id="2024-06-02-ferry-strike", title="Ferry crews strike")


class Page(HTMLParser):
    """Elements of one built page."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def attr(self, tag: str, name: str) -> list[str]:
        return [a[name] or "" for t, a in self.tags if t == tag and name in a]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    write_docs(root / "docs", *two_events())
    build_site(CONFIG, root / "docs", root / "site")
    return root / "site"


def test_build_writes_every_page(site: Path) -> None:
    for event in ("2024-05-01-harbour-bridge", "2024-06-02-ferry-strike"):
        assert (site / event / "index.html").is_file()
        assert (site / event / "brief.json").is_file()
        for sid in ("alpha", "beta", "gamma"):
            assert (site / event / "sources" / f"{sid}.html").is_file()
    assert (site / "index.html").is_file()
    assert (site / "404.html").is_file()


def test_strict_build_logs_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_docs(tmp_path / "docs", build_brief())
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build_site(CONFIG, tmp_path / "docs", tmp_path / "site")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_mkdocs_cli_strict_build_is_clean(tmp_path: Path) -> None:
    """`mkdocs build --strict` with our mkdocs.yml, theme and hook, on generated docs."""
    shutil.copy(CONFIG, tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    (tmp_path / "generator").mkdir()
    shutil.copy(ROOT / "generator" / "site.py", tmp_path / "generator" / "site.py")
    write_docs(tmp_path / "build" / "docs", *two_events())
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    assert (tmp_path / "site" / "search" / "search_index.js").is_file()


def test_citations_resolve_in_built_html(site: Path) -> None:
    brief_page = site / "2024-05-01-harbour-bridge" / "index.html"
    hrefs = [h for h in Page(brief_page).attr("a", "href") if "sources/" in h]
    assert hrefs
    for href in hrefs:
        path, _, anchor = href.partition("#")
        target = (brief_page.parent / path).resolve()
        assert target.is_file(), href
        if anchor:
            assert anchor in Page(target).attr("span", "id"), href


def test_hostile_text_is_inert_in_built_pages(site: Path) -> None:
    for page_path in site.rglob("*.html"):
        page = Page(page_path)
        scripts = [a.get("src") for t, a in page.tags if t == "script"]
        assert all(s and s.endswith("js/brief.js") for s in scripts), page_path
        assert not [a for t, a in page.tags if t == "img"]
        assert not [n for _, a in page.tags for n in a if n.startswith("on")]
        assert not [h for h in page.attr("a", "href") if h.lower().startswith("javascript")]
    text = "".join(Page(site / "2024-05-01-harbour-bridge" / "sources" / "gamma.html").text)
    for hostile in HOSTILE:
        assert hostile in text


def test_no_request_leaves_the_site(site: Path) -> None:
    for page_path in site.rglob("*.html"):
        page = Page(page_path)
        for tag, name in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for url in page.attr(tag, name):
                assert not re.match(r"^([a-z]+:)?//", url, flags=re.I), (page_path, url)
    for css in site.rglob("*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css.read_text()), css


def test_no_page_lists_every_other_page(site: Path) -> None:
    brief = Page(site / "2024-05-01-harbour-bridge" / "index.html").attr("a", "href")
    assert not [h for h in brief if "ferry" in h]
    source = Page(site / "2024-05-01-harbour-bridge" / "sources" / "alpha.html").attr("a", "href")
    assert not [h for h in source if "ferry" in h or "beta" in h]
    home = Page(site / "index.html").attr("a", "href")
    assert [h for h in home if h.endswith("/index.html")] == [
        "2024-06-02-ferry-strike/index.html",
        "2024-05-01-harbour-bridge/index.html",
    ]


def test_search_index_script(site: Path) -> None:
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    prefix = f"window.{SEARCH_GLOBAL}="
    assert script.startswith(prefix) and script.rstrip().endswith(";")
    docs = json.loads(script[len(prefix) :].rstrip().rstrip(";"))["docs"]
    by_loc = {d["l"]: d for d in docs}
    assert by_loc["2024-05-01-harbour-bridge/index.html"]["k"] == "brief"
    source = by_loc["2024-05-01-harbour-bridge/sources/gamma.html"]
    assert source["k"] == "source"
    assert source["e"] == "Harbour bridge reopens after repairs"
    assert HOSTILE[0] in source["x"]
    assert "</script>" not in script


def test_compact_index_kinds() -> None:
    pages = [
        {"l": "e/sources/x.html", "t": "X", "x": "c"},
        {"l": "index.html", "t": "Home", "x": ""},
        {"l": "e/index.html", "t": "E", "x": "a b"},
    ]
    assert compact_index(pages) == [
        {"l": "e/index.html", "t": "E", "x": "a b", "k": "brief"},
        {"l": "e/sources/x.html", "t": "X", "x": "c", "k": "source", "e": "E"},
        {"l": "index.html", "t": "Home", "x": "", "k": "page"},
    ]


def test_search_text_leaves_out_quotes_and_help(site: Path) -> None:
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    docs = json.loads(script.split("=", 1)[1].rstrip().rstrip(";"))["docs"]
    brief = next(d for d in docs if d["l"] == "2024-05-01-harbour-bridge/index.html")
    assert brief["x"].count("Repairs took nine weeks, officials said.") == 0  # only in a preview
    assert "The city paid 5 million for the work." not in brief["x"]
    assert "How to read this brief" not in brief["x"]
    assert "4 million" in brief["x"]


def test_failed_build_leaves_previous_site(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "site"
    write_docs(docs, build_brief())
    build_site(CONFIG, docs, out)
    (out / "marker").write_text("previous")
    (docs / "broken.md").write_text("# Broken\n\n[a link](missing.md#nowhere)\n")
    with pytest.raises(SiteBuildError, match=r"missing\.md"):
        build_site(CONFIG, docs, out)
    assert (out / "marker").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "site"]


def test_broken_citation_anchor_fails_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_docs(docs, build_brief())
    page = docs / "2024-05-01-harbour-bridge" / "index.md"
    page.write_text(page.read_text().replace("alpha.md#s0", "alpha.md#s404"))
    with pytest.raises(SiteBuildError, match="s404"):
        build_site(CONFIG, docs, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_successful_build_replaces_previous_site(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "site"
    write_docs(docs, build_brief())
    build_site(CONFIG, docs, out)
    (out / "stale.html").write_text("old")
    build_site(CONFIG, docs, out)
    assert not (out / "stale.html").exists()
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "site"]
