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
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Brief
from generator.render import EventSummary, render_event, render_home
from generator.site import SEARCH_GLOBAL, SiteBuildError, build_site, search_files, shard_of, terms

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
    assert (tmp_path / "site" / "search" / "pages.js").is_file()
    assert not (tmp_path / "site" / "search" / "search_index.json").exists()


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


def test_every_url_is_relative(site: Path) -> None:
    """Root-absolute URLs break over file:// and under a sub-path (404.html had them)."""
    for page_path in site.rglob("*.html"):
        page = Page(page_path)
        for tag, name in (("script", "src"), ("link", "href"), ("img", "src"), ("a", "href")):
            for url in page.attr(tag, name):
                assert not url.startswith("/"), (page_path, url)


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


def load_script(path: Path) -> tuple[str, object]:
    """The key and value a search script stores in the global object."""
    text = path.read_text(encoding="utf-8")
    m = re.fullmatch(rf'\(window\.{SEARCH_GLOBAL}=window\.{SEARCH_GLOBAL}\|\|\{{\}}\)\["(\w+)"\]=(.*);\n', text, re.S)
    assert m, text[:200]
    assert "</script>" not in text
    return m.group(1), json.loads(m.group(2))


def search_data(site: Path) -> tuple[dict[str, object], dict[str, list[list[str]]]]:
    """The page list and each page's statements (by URL) of a built site."""
    root = site / "search"
    key, meta = load_script(root / "pages.js")
    assert key == "pages" and isinstance(meta, dict)
    texts = {}
    for n, row in enumerate(meta["pages"]):
        key, segments = load_script(root / "p" / f"{n}.js")
        assert key == f"p{n}"
        texts[row[0]] = segments
    return meta, texts


def test_search_scripts(site: Path) -> None:
    meta, texts = search_data(site)
    rows = {r[0]: r for r in meta["pages"]}
    urls = [r[0] for r in meta["pages"]]
    brief = rows["2024-05-01-harbour-bridge/index.html"]
    assert brief[2] == "b"
    source = rows["2024-05-01-harbour-bridge/sources/gamma.html"]
    assert source[2] == "s" and urls[source[3]] == "2024-05-01-harbour-bridge/index.html"
    sentences = dict(map(tuple, texts["2024-05-01-harbour-bridge/sources/gamma.html"]))
    assert HOSTILE[0] in sentences["s1"]
    assert sentences["s0"] == "The harbour bridge reopened on Monday."
    assert not (site / "search" / "search_index.json").exists()


def test_search_terms_lead_to_pages(site: Path) -> None:
    meta, _ = search_data(site)
    shards = int(meta["shards"])
    found = set()
    for word in ("harbour", "okafor", "ferry"):
        _, postings = load_script(site / "search" / "t" / f"{shard_of(word, shards)}.js")
        assert isinstance(postings, dict)
        for term, deltas in postings.items():
            if term.startswith(word[:4]):
                ids = [sum(deltas[: k + 1]) for k in range(len(deltas))]
                found.update(meta["pages"][i][0] for i in ids)
    assert "2024-05-01-harbour-bridge/sources/alpha.html" in found
    assert "2024-06-02-ferry-strike/index.html" in found


def test_search_text_is_statements_without_quotes_and_help(site: Path) -> None:
    _, texts = search_data(site)
    brief = dict(map(tuple, texts["2024-05-01-harbour-bridge/index.html"]))
    everything = " ".join(brief.values())
    assert "How to read this brief" not in everything
    assert "The city paid 5 million for the work." not in everything  # only in a citation preview
    fact = next(a for a, text in brief.items() if "4 million" in text)
    assert fact.startswith("f-")
    facts = [text for a, text in brief.items() if a.startswith("f-")]
    assert facts and not any("independent" in t or "also" in t.split() for t in facts)  # support, chips


def test_search_text_leaves_out_what_every_page_repeats(site: Path) -> None:
    _, texts = search_data(site)
    everything = " ".join(text for page in texts.values() for _, text in page)
    for chrome in ("brief.json", "Publisher", "Language", "not stated", "inferred", "more names", "Last updated"):
        assert chrome not in everything, chrome


def test_search_terms_fold_accents_and_case() -> None:
    assert terms("Zürich, ZURICH and a Déjà-vu!") == {"zurich", "and", "deja", "vu"}


def test_search_data_per_query_stays_small_at_scale() -> None:
    """~1,100 pages of distinct words: what one query loads stays far under 1 MB."""
    import random

    rng = random.Random(7)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 11)))
                  for _ in range(40_000)]
    pages = []
    for e in range(90):
        pages.append({"l": f"e{e}/index.html", "t": f"Event {e}", "s": [[f"f-{k}", " ".join(
            rng.choices(vocabulary[:3000], k=12))] for k in range(40)]})
        for r in range(11):
            words = rng.choices(vocabulary, k=700) + rng.choices(vocabulary[:2000], k=300)
            pages.append({"l": f"e{e}/sources/r{r}.html", "t": f"Report {r}",
                          "s": [[f"s{k}", " ".join(words[k * 25:(k + 1) * 25])] for k in range(40)]})
    files = search_files(pages)
    size = {k: len(v.encode("utf-8")) for k, v in files.items()}
    terms_ = sorted((v for k, v in size.items() if k.startswith("t/")), reverse=True)
    texts = sorted((v for k, v in size.items() if k.startswith("p/")), reverse=True)
    worst_query = size["pages.js"] + sum(terms_[:3]) + sum(texts[:20])
    assert sum(size.values()) > 3_000_000  # a big index in all
    assert worst_query < 1_000_000, worst_query


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


@pytest.mark.parametrize(("address", "prefix"), [("https://example.org/briefs/", "/briefs/"),
                                                 ("https://example.org", "/")])
def test_the_404_page_works_at_any_depth_when_the_address_is_known(tmp_path: Path, address: str,
                                                                   prefix: str) -> None:
    write_docs(tmp_path / "docs", build_brief())
    build_site(CONFIG, tmp_path / "docs", tmp_path / "site", address)
    page = Page(tmp_path / "site" / "404.html")
    urls = [u for u in page.attr("link", "href") + page.attr("script", "src") + page.attr("a", "href")
            if not u.startswith("#")]
    assert urls and all(u.startswith(prefix) and not u.startswith(prefix + "/") for u in urls), urls
    # the other pages stay relative
    assert not [u for u in Page(tmp_path / "site" / "index.html").attr("link", "href") if u.startswith("/")]


_LINK_TEXT = st.text(alphabet="[]()ab !\\`<>*:#\n", max_size=60)


def _stock_and_ours(text: str) -> tuple[str, str]:
    import markdown

    from generator.site import _ClosingBrackets

    return (markdown.markdown(text, extensions=["attr_list"]),
            markdown.markdown(text, extensions=["attr_list", _ClosingBrackets()]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_LINK_TEXT, st.sampled_from(["[a](b)", "[a [b] c](d#e)", "[x]", "[", "]", "](u)",
                                                         "[r]: /u\n", "[r][]", "![i](j)", "[q](<a b>)"])),
                max_size=12).map("".join))
def test_link_text_is_found_as_python_markdown_finds_it(text: str) -> None:
    # the hook's link-text search gives what Python-Markdown's own gives, on any brackets
    stock, ours = _stock_and_ours(text)
    assert ours == stock


def test_a_paragraph_of_many_citations_converts_as_without_the_hook() -> None:
    chips = " ".join(f'<span class="cite">[<span>Report </span>{k}](s/{k}.md#s{k}){{: .cite-link }}'
                     f'<span class="pop"><q>A quote &#91;{k}&#93; of the report.</q></span></span>'
                     for k in range(300))
    stock, ours = _stock_and_ours(f"- A fact. {chips}\n  {{: #f-1 .fact }}\n")
    assert ours == stock and ours.count("<a ") == 300


class _ReferenceStatements(HTMLParser):
    """The search text read event by event with Python's HTML parser (what the site used before lxml):
    the oracle ``statements`` must agree with."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.parts: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "hr", "wbr"}:
            return
        a = dict(attrs)
        skip = tag in {"dt", "summary"} or bool({"cites", "cut", "legend"} & set((a.get("class") or "").split()))
        self.stack.append((tag, None if tag == "h1" else a.get("id") or a.get("data-continues"), skip))

    def handle_endtag(self, tag: str) -> None:
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                return

    def handle_data(self, data: str) -> None:
        if not any(skip for _, _, skip in self.stack):
            anchor = next((i for _, i, _ in reversed(self.stack) if i), "")
            self.parts.setdefault(anchor, []).append(data)

    def read(self, html: str) -> list[list[str]]:
        self.feed(html)
        self.close()
        texts = ([a, re.sub(r"\s+", " ", " ".join(p)).strip()] for a, p in self.parts.items())
        return [t for t in texts if t[1]]


_WORDS = st.sampled_from(["Obi", " met ", "the", "\n", " ", "&amp;", "&#91;x&#93;", "Ode", "é", "&lt;b&gt;"])


_ATTRS = st.sampled_from(["", ' id="f-1"', ' id="s2"', ' class="cites"', ' class="fact cut"', ' class="legend x"',
                          ' data-continues="s1"', ' id=""', ' class="fact"'])


@st.composite
def _html(draw: st.DrawFn, depth: int = 0, block: bool = True) -> str:
    """Well-nested HTML as Markdown writes it: blocks in blocks, inline elements anywhere."""
    out = []
    tags = ["div", "p", "h1", "ul", "dl", "details", "span", "q", "a"] if block else ["span", "q"]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "text", "void", "comment"] + (["element"] * 3 if depth < 4 else [])))
        if kind == "text":
            out.append("".join(draw(st.lists(_WORDS, min_size=1, max_size=4))))
        elif kind == "void":
            out.append(draw(st.sampled_from(["<br>", "<br />", '<img alt="a">'] + (["<hr>"] if block else []))))
        elif kind == "comment":
            out.append("<!-- a note -->")
        else:
            tag = draw(st.sampled_from(tags))
            if tag == "ul":
                items = range(draw(st.integers(0, 3)))
                inner = "".join(f"<li{draw(_ATTRS)}>{draw(_html(depth + 2))}</li>" for _ in items)
            elif tag == "dl":
                inner = "".join(f"<dt{draw(_ATTRS)}>{draw(_html(depth + 2, False))}</dt>" for _ in range(2))
            elif tag == "details":
                inner = f"<summary{draw(_ATTRS)}>{draw(_html(depth + 2, False))}</summary>{draw(_html(depth + 1))}"
            else:
                inner = draw(_html(depth + 1, tag == "div"))
            out.append(f"<{tag}{draw(_ATTRS)}>{inner}</{tag}>")
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(_html())
def test_search_text_reads_as_python_html_parser_reads_it(html: str) -> None:
    from generator import site

    # the reference knows the same left-out classes and tags as the site for the ones drawn here
    assert {"cites", "cut", "legend"} <= site._NOT_INDEXED and {"dt", "summary"} <= site._NOT_INDEXED_TAGS
    assert site.statements(html) == _ReferenceStatements().read(html)
