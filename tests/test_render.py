"""Tests of generator/render.py: links resolve, untrusted text stays text, order and content."""

from __future__ import annotations

import dataclasses
import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from conftest import HOSTILE, build_brief
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator import history as changelog
from generator.config import Config
from generator.model import Brief, Citation, Fact, Sentence, SourceMeta
from generator.render import PREVIEWS_MARK, EventSummary, md_text, render_event, render_home
from generator.site import PREVIEWS_MARK as SITE_PREVIEWS_MARK
from generator.site import fill_previews, take_previews

# The Markdown extensions MkDocs runs with our mkdocs.yml (toc, tables and fenced_code are built in).
EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables", "fenced_code"]


# --- helpers --------------------------------------------------------------------------------


def links(md: str) -> list[str]:
    """Every Markdown link target in a page, as markdown-it-py parses it."""
    out = []
    for token in MarkdownIt("commonmark").parse(md):
        for child in token.children or ():
            if child.type == "link_open":
                out.append(str(child.attrs["href"]))
    return out


_ID_ATTR = re.compile(r'\bid="([^"]+)"')
_ATTR_LIST_ID = re.compile(r"\{:[^}\n]*#([A-Za-z0-9_.-]+)")


def anchors(md: str) -> set[str]:
    """Ids a page defines: in its raw HTML (markdown-it-py html tokens) and in attribute lists."""
    found = set()
    for token in MarkdownIt("commonmark").parse(md):
        pieces = [token, *(token.children or ())]
        for piece in pieces:
            if piece.type in ("html_block", "html_inline"):
                found.update(_ID_ATTR.findall(piece.content))
            if piece.type in ("text", "inline"):
                found.update(_ATTR_LIST_ID.findall(piece.content))
    return found


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link from ``page`` points to."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"not a relative link: {href}"
    target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), unquote(parts.path))))
    return (target if parts.path else page), unquote(parts.fragment)


class Elements(HTMLParser):
    """Tags, attributes and text of an HTML fragment."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def assert_inert(rendered_html: str) -> None:
    """No script, image, event handler or non-http(s) link came out of the Markdown."""
    for tag, attrs in Elements(rendered_html).tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "style"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:")), value


def to_html(md: str) -> str:
    """The page body as MkDocs' Markdown and the site's hook would render it (front matter dropped,
    citation previews taken out of the Markdown and put back into the HTML)."""
    body, previews = take_previews(re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S))
    return fill_previews(markdown.markdown(body, extensions=EXTENSIONS), previews)


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[Brief, list[Path]]:
    brief = build_brief()
    return brief, render_event(brief, tmp_path)


# --- links ------------------------------------------------------------------------------------


def test_writes_brief_and_one_page_per_source(tmp_path: Path) -> None:
    brief = build_brief()
    paths = render_event(brief, tmp_path)
    event = tmp_path / brief.event.id
    assert paths == [event / "index.md", *(event / "sources" / f"{s}.md" for s in ("alpha", "beta", "gamma"))]
    assert all(p.is_file() for p in paths)


def test_every_link_resolves_to_an_existing_anchor(rendered: tuple[Brief, list[Path]]) -> None:
    _, paths = rendered
    checked = 0
    for page in paths:
        for href in links(page.read_text(encoding="utf-8")):
            target, fragment = resolve(page, href)
            assert target.is_file(), f"{page.name}: {href} -> missing {target}"
            if fragment:
                assert fragment in anchors(target.read_text(encoding="utf-8")), f"{page.name}: {href}"
            checked += 1
    assert checked > 10


def test_each_citation_links_to_its_exact_sentence(rendered: tuple[Brief, list[Path]]) -> None:
    brief, paths = rendered
    hrefs = links(paths[0].read_text(encoding="utf-8"))
    cited = [h for h in hrefs if "#s" in h]
    expected = [f"sources/{c.source_id}.md#s{c.sentence_index}" for f in brief.facts for c in f.citations]
    reader = r"^## (Quotes|Timeline|Names) .*?(?=^## )"
    facts_md = re.sub(reader, "", paths[0].read_text(encoding="utf-8"), flags=re.M | re.S)
    assert sorted(h for h in links(facts_md) if "#s" in h) == sorted(expected)
    assert set(expected) <= set(cited)
    for href in cited:
        target, anchor = resolve(paths[0], href)
        page_html = to_html(target.read_text(encoding="utf-8"))
        sid = target.stem
        sentence = next(s for s in brief.sentences if s.source_id == sid and s.anchor == anchor)
        span = re.search(rf'<span class="[^"]*" id="{anchor}">(.*?)</span>', page_html)
        assert span and html.unescape(span.group(1)) == sentence.text


def test_fact_ids_are_stable_anchors(rendered: tuple[Brief, list[Path]]) -> None:
    brief, paths = rendered
    ids = anchors(paths[0].read_text(encoding="utf-8"))
    assert {f"f-{f.id}" for f in brief.facts} <= ids
    assert {"lead", "sources", "disputed", "single"} <= ids


def test_source_link_of_each_report(rendered: tuple[Brief, list[Path]]) -> None:
    _, paths = rendered
    hrefs = links(paths[0].read_text(encoding="utf-8"))
    for sid in ("alpha", "beta", "gamma"):
        assert f"sources/{sid}.md" in hrefs
    back = links(paths[1].read_text(encoding="utf-8"))
    assert "../index.md" in back


# --- untrusted text ------------------------------------------------------------------------------


def test_hostile_text_is_literal_everywhere(tmp_path: Path) -> None:
    brief = build_brief()
    paths = render_event(brief, tmp_path)
    pages = {p.name: to_html(p.read_text(encoding="utf-8")) for p in paths}
    for name, page in pages.items():
        assert_inert(page)
    brief_text = Elements(pages["index.md"]).plain
    source_text = Elements(pages["gamma.md"]).plain
    for hostile in HOSTILE:
        assert hostile in brief_text
        assert hostile in source_text
    assert "49" not in brief_text


HOSTILE_FIELDS = {
    "event title": lambda b, h: dataclasses.replace(b, event=dataclasses.replace(b.event, title=h)),
    "event summary": lambda b, h: dataclasses.replace(b, event=dataclasses.replace(b.event, summary=h)),
    "warning": lambda b, h: dataclasses.replace(b, warnings=(h,)),
    "fact note": lambda b, h: dataclasses.replace(
        b, facts=tuple(dataclasses.replace(f, note=h) for f in b.facts)
    ),
    "variant": lambda b, h: dataclasses.replace(
        b, facts=tuple(dataclasses.replace(f, variants=(h, h)) if f.variants else f for f in b.facts)
    ),
    "removed text and reason": lambda b, h: dataclasses.replace(
        b, removed=tuple(dataclasses.replace(r, text=h, reason=h) for r in b.removed)
    ),
    "flags": lambda b, h: dataclasses.replace(
        b, sources=tuple(dataclasses.replace(s, flags=(h,)) for s in b.sources)
    ),
}
META_FIELDS = ("title", "publisher", "url", "published", "language")


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("field", [*HOSTILE_FIELDS, *(f"meta.{m}" for m in META_FIELDS)])
def test_hostile_value_in_any_field_stays_text(tmp_path: Path, field: str, hostile: str) -> None:
    brief = build_brief()
    if field.startswith("meta."):
        name = field.removeprefix("meta.")
        meta = {
            sid: SourceMeta(**{"title": "T", "url": "https://example.org/", name: hostile})
            for sid in ("alpha", "beta", "gamma")
        }
        brief = build_brief(meta=meta)
    else:
        brief = HOSTILE_FIELDS[field](brief, hostile)
    for page in render_event(brief, tmp_path):
        md = page.read_text(encoding="utf-8")
        out = to_html(md)
        assert_inert(out)
        assert "49" not in Elements(out).plain
        if page.name == "index.md" and field != "event summary":
            assert hostile in Elements(out).plain or field == "meta.language"


def test_only_http_addresses_are_linked(tmp_path: Path) -> None:
    urls = {
        "alpha": "https://example.org/a?x=1&y=2",
        "beta": "javascript:alert(1)",
        "gamma": "data:text/html,<script>alert(1)</script>",
    }
    meta = {sid: SourceMeta(title=sid, url=url) for sid, url in urls.items()}
    page = render_event(build_brief(meta=meta), tmp_path)[0]
    out = to_html(page.read_text(encoding="utf-8"))
    hrefs = [a.get("href") for tag, a in Elements(out).tags if tag == "a"]
    assert "https://example.org/a?x=1&y=2" in hrefs
    assert not [h for h in hrefs if h and h.startswith(("javascript", "data"))]
    assert "javascript:alert(1)" in Elements(out).plain


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        "# not a heading",
        "1. not a list",
        "- not a list",
        "> not a quote",
        "*not emphasis* and _not_ either",
        "`not code`",
        "| a | b |",
        "&amp; stays &amp;",
        "text {: onclick=alert(1) }",
        "![x](http://example.org/x.png)",
        "<http://example.org>",
        "[^1] footnote-ish",
        "line\n===",
        "\x02klzzwxh:0000\x03 stash marker",
    ],
)
def test_md_text_reads_literally(text: str) -> None:
    out = markdown.markdown(f"- {md_text(text)}\n  {{: .x }}", extensions=EXTENSIONS)
    assert_inert(out)
    elements = Elements(out)
    assert [t for t, _ in elements.tags] == ["ul", "li"]
    expected = re.sub(r"\s+", " ", text.replace("\x02", "\ufffd").replace("\x03", "\ufffd")).strip()
    assert elements.plain.strip() == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_md_text_never_makes_markup(text: str) -> None:
    out = markdown.markdown(f"- {md_text(text)}", extensions=EXTENSIONS)
    elements = Elements(out)
    assert [t for t, _ in elements.tags] in (["ul", "li"], [])
    expected = re.sub(
        r"\s+", " ", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", "\ufffd", text)
    )
    assert elements.plain.strip() == expected.strip()


def test_jinja_syntax_in_text_is_not_evaluated(tmp_path: Path) -> None:
    brief = build_brief(title="{{ 7*7 }} {% if true %}yes{% endif %}")
    md = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    plain = Elements(to_html(md)).plain
    assert "{{ 7*7 }} {% if true %}yes{% endif %}" in plain


# --- what the brief shows -------------------------------------------------------------------------


def test_brief_sections_in_order(rendered: tuple[Brief, list[Path]]) -> None:
    _, paths = rendered
    md = paths[0].read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+?) \{:", md, flags=re.M)
    assert headings == ["In brief", "Timeline", "Where sources differ", "Reported by one source", "Sources"]
    plain = Elements(to_html(md)).plain
    assert "3 reports, 3 independent" in plain
    assert "Two reports share one original." in plain
    assert "1 May 2024" in plain


def test_corroborated_facts_most_supported_first(tmp_path: Path) -> None:
    facts = (
        ("corroborated", "", [("alpha", 1), ("beta", 0)]),
        ("corroborated", "", [("alpha", 0), ("beta", 1), ("gamma", 0)]),
        ("corroborated", "", [("alpha", 2), ("beta", 2)]),
    )
    brief = build_brief(facts=facts, origins=[["alpha"], ["beta", "gamma"]])
    md = render_event(brief, tmp_path, Config(lead_size=1))[0].read_text(encoding="utf-8")
    order = re.findall(r"\{: #f-(fact\d+) ", md)
    # fact1 has 3 sources (2 origins), fact0 and fact2 have 2 sources (2 origins): stable among equals
    assert order == ["fact1", "fact0", "fact2"]
    lead, rest = md.split("## Also corroborated")
    assert "#f-fact1" in lead and "#f-fact0" in rest
    assert "3 reports · 2 independent" in Elements(to_html(md)).plain


def test_disputed_fact_shows_each_variant_with_its_citations(rendered: tuple[Brief, list[Path]]) -> None:
    _, paths = rendered
    md = paths[0].read_text(encoding="utf-8")
    section = md.split("## Where sources differ")[1].split("## Reported by one source")[0]
    variants = re.findall(r'<span class="variant-text">(.*?)</span>.*?\((sources/[^)]+)\)', section)
    assert variants == [("4 million", "sources/alpha.md#s2"), ("5 million", "sources/beta.md#s2")]


def test_disputed_citation_without_a_variant_still_shows(tmp_path: Path) -> None:
    brief = build_brief()
    disputed = next(f for f in brief.facts if f.status == "disputed")
    odd = dataclasses.replace(disputed.citations[1], variant=7)
    fact = dataclasses.replace(disputed, citations=(disputed.citations[0], odd))
    brief = dataclasses.replace(brief, facts=tuple(fact if f is disputed else f for f in brief.facts))
    md = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    assert "sources/beta.md#s2" in links(md)


def test_citation_preview_carries_quote_source_and_date(rendered: tuple[Brief, list[Path]]) -> None:
    _, paths = rendered
    out = to_html(paths[0].read_text(encoding="utf-8"))
    pops = re.findall(r'aria-describedby="([^"]+)"', out)
    assert pops
    for pop in pops:
        assert f'id="{pop}"' in out
    first = re.search(r'<span class="cite-pop" id="f-fact0-0" role="tooltip">(.*?)</span></span>', out)
    assert first
    assert Elements(first.group(1)).plain == "The harbour bridge reopened on Monday. Alpha Daily, 2024-05-01"


def test_sources_section_shows_metadata_origin_and_counts(tmp_path: Path) -> None:
    brief = build_brief(origins=[["alpha", "beta"], ["gamma"]])
    md = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    sources = Elements(to_html(md.split("## Sources")[1])).plain
    assert "Same original as report 2: near-identical wording" in sources
    assert "Same original as report 1: near-identical wording" in sources
    assert "3 sentences, 3 cited in the brief; 1 piece of the page removed" in sources
    assert "likely machine-translated" in sources
    gamma = sources.split("Gamma")[1]
    assert gamma.count("inferred") == 2  # title and publisher
    assert "not stated" in gamma


def test_source_page_shows_its_origin_and_flags(tmp_path: Path) -> None:
    brief = build_brief(origins=[["alpha", "beta"], ["gamma"]])
    paths = render_event(brief, tmp_path)
    def head(sid: str) -> str:
        page = next(p for p in paths[1:] if p.stem == sid)
        return Elements(to_html(page.read_text(encoding="utf-8").split("The report's text after cleaning")[0])).plain

    assert "Same original as report 2: near-identical wording" in head("alpha")
    assert "3 sentences, 3 cited in the brief; 1 piece of the page removed" in head("alpha")
    assert "likely machine-translated" in head("gamma") and "Independent report" in head("gamma")


def test_an_origins_reason_names_reports_by_number() -> None:
    from generator.render import _readable_reason

    reason = "src-a: src-b restates 11 of 15 sentences in the same order"
    assert _readable_reason(reason, {"src-a": 3, "src-b": 5}) == (
        "reports 3 and 5 state 11 of 15 sentences alike, in the same order")
    assert _readable_reason(reason, {}) == reason


def test_source_page_keeps_whole_text_and_removed_pieces(rendered: tuple[Brief, list[Path]]) -> None:
    brief, paths = rendered
    for page in paths[1:]:
        sid = page.stem
        md = page.read_text(encoding="utf-8")
        text_block = re.search(r'<div class="source-text".*?</div>', md, flags=re.S)
        assert text_block
        shown = Elements(markdown.markdown(text_block.group())).plain.replace(" ", "")
        assert shown == re.sub(r"\s+", "", brief.clean_text(sid))
        assert md.count('class="sentence') == sum(1 for s in brief.sentences if s.source_id == sid)
        removed = Elements(to_html(md.split("Removed during cleaning")[1])).plain
        assert "boilerplate: copyright line" in removed
        assert f"Copyright {sid} {HOSTILE[0]}" in removed


def test_sentence_over_a_paragraph_break_keeps_one_anchor(tmp_path: Path) -> None:
    texts = {"alpha": "First part\n\nsecond part.", "beta": "Other.", "gamma": "More."}
    brief = build_brief(texts=texts, facts=(("single-source", "", [("alpha", 0)]),))
    whole = Sentence("alpha", 0, texts["alpha"], 0, len(texts["alpha"]))
    brief = dataclasses.replace(
        brief, sentences=(whole, *(s for s in brief.sentences if s.source_id != "alpha"))
    )
    md = render_event(brief, tmp_path)[1].read_text(encoding="utf-8")
    assert md.count('id="s0"') == 1
    assert 'data-continues="s0"' in md
    assert md.count("<p>") == 2


def test_inferred_event_fields_are_marked(tmp_path: Path) -> None:
    brief = build_brief()
    brief = dataclasses.replace(brief, event=dataclasses.replace(brief.event, inferred=("title", "date")))
    plain = Elements(to_html(render_event(brief, tmp_path)[0].read_text(encoding="utf-8"))).plain
    assert "1 May 2024 inferred · title inferred · 3 reports, 3 independent" in plain


def test_no_corroborated_fact_says_so(tmp_path: Path) -> None:
    brief = build_brief(facts=(("single-source", "", [("alpha", 0)]),))
    md = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    assert "No statement is yet confirmed" in md
    assert "Also corroborated" not in md
    # several reports: the reader is told that none contradicts another, not left to guess
    assert "Where sources differ" in md and "No two reports give different numbers" in md
    alone = build_brief({"alpha": "The harbour bridge reopened on Monday."},
                        facts=(("single-source", "", [("alpha", 0)]),))
    md = render_event(alone, tmp_path / "one")[0].read_text(encoding="utf-8")
    assert "Where sources differ" not in md


@pytest.mark.parametrize("bad", ["../x", "a/b", ".hidden", "", "a b"])
def test_unsafe_ids_are_refused(tmp_path: Path, bad: str) -> None:
    brief = build_brief()
    brief = dataclasses.replace(brief, event=dataclasses.replace(brief.event, id=bad))
    with pytest.raises(ValueError, match="not safe"):
        render_event(brief, tmp_path)


def test_citation_of_a_missing_sentence_is_an_error(tmp_path: Path) -> None:
    brief = build_brief()
    fact: Fact = brief.facts[0]
    broken = dataclasses.replace(fact, citations=(dataclasses.replace(fact.citations[0], sentence_index=99),))
    with pytest.raises(ValueError, match="alpha#99"):
        render_event(dataclasses.replace(brief, facts=(broken,)), tmp_path)


def test_stale_source_pages_are_removed(tmp_path: Path) -> None:
    brief = build_brief()
    stale = tmp_path / brief.event.id / "sources" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    render_event(brief, tmp_path)
    assert not stale.exists()


# --- home -----------------------------------------------------------------------------------------


def test_home_lists_events_newest_first_with_counts(tmp_path: Path) -> None:
    events = [
        EventSummary("2023-01-01-old", "Old <b>event</b>", "2023-01-01", 3, 2, 5),
        EventSummary("2024-02-02-new", "New event", "2024-02-02", 5, 4, 12, corroborated=7),
        EventSummary("undated", "Undated event", None, 2, 1, 1),
    ]
    page = render_home(events, tmp_path)
    md = page.read_text(encoding="utf-8")
    assert links(md) == ["2024-02-02-new/index.md", "2023-01-01-old/index.md", "undated/index.md"]
    plain = Elements(to_html(md)).plain
    assert "2 February 2024 · 5 reports · 4 independent · 12 facts, 7 corroborated" in plain
    assert "Old <b>event</b>" in plain
    assert re.findall(r"^## (.+)$", md, flags=re.M) == ["February 2024", "January 2023", "Undated"]
    assert_inert(to_html(md))


def test_summary_from_brief() -> None:
    summary = EventSummary.from_brief(build_brief())
    assert (summary.reports, summary.independent, summary.facts, summary.corroborated) == (3, 3, 5, 2)


# --- reader's structure and history ------------------------------------------------------------


def quoting_brief(n_quotes: int = 1) -> Brief:
    """Two reports that quote a speaker, name people and date what happened."""
    said = " ".join(f"“We will rebuild span number {k} soon,” said Mayor Ada Okafor." for k in range(n_quotes))
    texts = {
        "alpha": f"The harbour bridge reopened on Monday. {said}",
        "beta": "Mayor Ada Okafor opened the harbour bridge on Monday. " + HOSTILE[0] + " “"
        + HOSTILE[2] + " is what the banner said,” she added.",
    }
    facts = [("corroborated", "", [("alpha", 0), ("beta", 0)])]
    return build_brief(texts, facts=facts, meta={})


def test_quotes_timeline_and_people_are_shown_with_citations(tmp_path: Path) -> None:
    page = render_event(quoting_brief(), tmp_path)[0]
    md = page.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+?) \{:", md, flags=re.M)
    assert headings[:4] == ["In brief", "Quotes", "Timeline", "Names"]
    out = to_html(md)
    assert_inert(out)
    quotes = Elements(out.split('id="quotes"')[1].split('id="timeline"')[0]).plain
    assert "We will rebuild span number 0 soon," in quotes and "Mayor Ada Okafor" in quotes
    assert HOSTILE[2] + " is what the banner said," in quotes
    assert "29 April 2024" in Elements(out.split('id="timeline"')[1]).plain
    people = md.split("## Names")[1]
    assert "Ada Okafor" in people
    assert {"sources/alpha.md#s1", "sources/beta.md#s0"} <= set(links(people))
    for href in links(md):  # every chip of the new sections resolves
        target, fragment = resolve(page, href)
        assert target.is_file(), href
        if fragment:
            assert fragment in anchors(target.read_text(encoding="utf-8")), href


def test_long_lists_fold_after_twelve_items(tmp_path: Path) -> None:
    md = render_event(quoting_brief(15), tmp_path)[0].read_text(encoding="utf-8")
    section = md.split("## Quotes")[1].split("## Timeline")[0]
    shown, folded = section.split('<details class="more" markdown="1">')
    rest = folded.count(".quote }")
    assert shown.count(".quote }") == 12 and rest >= 3  # 15 quotations of one report (+1 of the other)
    assert f"{rest} more quotations" in folded
    out = to_html(md)
    assert out.count('class="quote"') == 12 + rest  # the folded ones are still Markdown list items


def history_of(brief: Brief, records: int) -> changelog.EventHistory:
    h = changelog.update(None, brief, "2024-05-01T10:00:00Z")
    for day in range(2, 2 + records - 1):
        h = dataclasses.replace(h, records=(changelog.Record(date=f"2024-05-{day:02d}T10:00:00Z",
                                                             new_facts=(changelog.Item("fact0", "x"),)),
                                            *h.records))
    return h


def test_history_shows_last_update_and_recent_changes(tmp_path: Path) -> None:
    brief = build_brief()
    paths = render_event(brief, tmp_path, history=history_of(brief, 7))
    changes = tmp_path / brief.event.id / "changes.md"
    assert changes in paths and changes.is_file()
    md = paths[0].read_text(encoding="utf-8")
    plain = Elements(to_html(md)).plain
    assert "Last updated 7 May 2024" in plain
    section = md.split("## Recent changes")[1].split("## Sources")[0]
    assert section.count("<li>") == 5
    assert "2024-05-07" in section and "2024-05-03" in section and "2024-05-02" not in section
    assert "changes.md" in links(section)


def test_without_history_no_update_line_and_no_changes_page(tmp_path: Path) -> None:
    brief = build_brief()
    md = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    assert "Last updated" not in md and "changes.md" not in md
    assert not (tmp_path / brief.event.id / "changes.md").exists()


def test_a_quotation_over_two_sentences_links_to_both(tmp_path: Path) -> None:
    texts = {
        "alpha": "The harbour bridge reopened on Monday. "
                 "“We will rebuild it. Then we will paint it,” said Mayor Ada Okafor.",
        "beta": "Mayor Ada Okafor opened the harbour bridge on Monday.",
    }
    brief = build_brief(texts, facts=[("corroborated", "", [("alpha", 0), ("beta", 0)])], meta={})
    paths = render_event(brief, tmp_path)
    quotes = paths[0].read_text(encoding="utf-8").split("## Quotes")[1].split("\n## ")[0]
    assert "sources/alpha.md#s1-s2" in links(quotes)
    source = next(p for p in paths if p.name == "alpha.md").read_text(encoding="utf-8")
    assert '<span class="sentence-run" id="s1-s2" data-from="1" data-through="2"></span>' \
           '<span class="sentence" id="s1">' in source


def test_rendering_is_byte_identical(tmp_path: Path) -> None:
    brief = quoting_brief(3)
    h = history_of(brief, 2)
    first = [p.read_bytes() for p in render_event(brief, tmp_path / "a", history=h)]
    second = [p.read_bytes() for p in render_event(brief, tmp_path / "b", history=h)]
    assert first == second


def test_a_report_cited_twice_in_one_fact_gets_lettered_chips() -> None:
    from generator.render import _letters, _parts

    cites = [Citation("a", 0, "x", 0, 1), Citation("a", 3, "y", 10, 11), Citation("b", 1, "z", 0, 1)]
    assert _parts(cites) == ["a", "b", ""]
    assert [_letters(k) for k in (1, 26, 27)] == ["a", "z", "aa"]


def test_a_clause_shown_on_its_own_is_marked_as_cut(tmp_path: Path) -> None:
    brief = build_brief()
    first = brief.facts[0]
    clause = dataclasses.replace(first, text="The mayor opened the bridge on Friday")
    whole = dataclasses.replace(brief.facts[1], text="The council said repairs would start in May.")
    paths = render_event(dataclasses.replace(brief, facts=(clause, whole, *brief.facts[2:])), tmp_path)
    page = paths[0].read_text(encoding="utf-8")
    assert page.count('class="cut"') == 1
    assert "The mayor opened the bridge on Friday<span class=\"cut\"" in page


def test_added_evidence_is_cited_apart_from_the_matched_statements(tmp_path: Path) -> None:
    brief = build_brief()
    fact = next(f for f in brief.facts if len(f.citations) >= 2)
    cites = (fact.citations[0], dataclasses.replace(fact.citations[1], added=True), *fact.citations[2:])
    paths = render_event(dataclasses.replace(brief, facts=(dataclasses.replace(fact, citations=cites),)), tmp_path)
    page = to_html(paths[0].read_text(encoding="utf-8"))
    also = re.search(r'<span class="cites-also"[^>]*>(.*?)</span></span></span>\s*</span>', page, re.S)
    assert also and "also" in also.group(1)
    assert also.group(1).count('class="cite-link"') == 1


def test_matched_statements_rank_before_added_ones(tmp_path: Path) -> None:
    facts = (
        ("corroborated", "", [("alpha", 1), ("beta", 0), ("gamma", 0)]),
        ("corroborated", "", [("alpha", 0), ("beta", 1), ("gamma", 1)]),
    )
    brief = build_brief(facts=facts, origins=[["alpha"], ["beta"], ["gamma"]])
    first = brief.facts[0]
    weaker = dataclasses.replace(first, citations=(*first.citations[:2],
                                                   dataclasses.replace(first.citations[2], added=True)))
    page = render_event(dataclasses.replace(brief, facts=(weaker, brief.facts[1])), tmp_path)[0]
    md = page.read_text(encoding="utf-8")
    assert re.findall(r"\{: #f-(fact\d+) ", md) == ["fact1", "fact0"]  # 3 matched reports before 2 + 1 added


def test_a_preview_marks_a_clause_an_own_quotation_mark_and_an_unknown_date(tmp_path: Path) -> None:
    texts = {"alpha": "Crowds cheered as the harbour bridge reopened on Monday, the mayor said.",
             "beta": "“The harbour bridge reopened on Monday,” the mayor said."}
    brief = build_brief(texts, facts=[("corroborated", "", [("alpha", 0), ("beta", 0)])],
                        meta={"alpha": SourceMeta(title="Alpha"), "beta": SourceMeta(title="Beta")})
    fact = brief.facts[0]
    a, b = fact.citations
    start = texts["alpha"].index("the harbour")
    clause = dataclasses.replace(a, text=texts["alpha"][start:start + 44], start=start, end=start + 44)
    quoted = dataclasses.replace(b, text=texts["beta"][:41], end=41)
    brief = dataclasses.replace(brief, facts=(dataclasses.replace(fact, citations=(clause, quoted)),))
    out = to_html(render_event(brief, tmp_path)[0].read_text(encoding="utf-8"))
    pops = re.findall(r'<span class="cite-pop" id="[^"]+" role="tooltip">(.*?)</span></span>', out)
    first, second = (Elements(p).plain for p in pops[:2])  # the fact in the lead
    assert first.startswith("… the harbour bridge reopened on Monday") and " …" in first
    assert first.endswith("Alpha, date not stated")
    assert '<q class="quoted">“The harbour bridge reopened on Monday,”</q>' in out
    assert not second.startswith("…")


def test_the_timeline_says_which_reports_are_read_against_the_events_date(tmp_path: Path) -> None:
    dated = build_brief(meta={sid: SourceMeta(title=sid, published="2024-05-01") for sid in ("alpha", "beta", "gamma")})
    undated = build_brief(meta={"alpha": SourceMeta(title="a", published="2024-05-01"), "beta": SourceMeta(title="b"),
                                "gamma": SourceMeta(title="c")})
    pages = [render_event(b, tmp_path / n)[0].read_text(encoding="utf-8") for n, b in (("d", dated), ("u", undated))]
    assert all("## Timeline" in page for page in pages)
    assert "read against the event" not in pages[0]
    assert "2 reports state no date of their own and are read against the event&#39;s date" in pages[1] or \
        "2 reports state no date of their own and are read against the event's date" in pages[1]


def test_with_many_events_the_home_page_stays_small_and_each_month_has_a_page(tmp_path: Path) -> None:
    from generator.render import HOME_EVENTS

    events = [EventSummary(f"2023-{m:02d}-{d:02d}-e", f"Event {m}/{d}", f"2023-{m:02d}-{d:02d}", 2, 2, 3)
              for m in range(1, 13) for d in range(1, 11)] + [EventSummary("undated", "Undated", None, 2, 1, 1)]
    md = render_home(events, tmp_path).read_text(encoding="utf-8")
    shown = [link for link in links(md) if link.endswith("/index.md")]
    assert len(shown) == HOME_EVENTS and shown[0] == "2023-12-10-e/index.md"
    months = [link for link in links(md) if link.startswith("months/")]
    assert months[0] == "months/2023-12.md" and months[-1] == "months/undated.md" and len(months) == 13
    january = (tmp_path / "months" / "2023-01.md").read_text(encoding="utf-8")
    assert len([link for link in links(january) if link.endswith("-e/index.md")]) == 10
    assert "../2023-01-05-e/index.md" in links(january) and "../index.md" in links(january)
    few = render_home(events[:3], tmp_path / "few").read_text(encoding="utf-8")
    assert not any(link.startswith("months/") for link in links(few))


def test_the_timeline_says_which_report_used_which_date_words(tmp_path: Path) -> None:
    texts = {"alpha": "The harbour bridge reopened on Monday after repairs.",
             "beta": "The harbour bridge reopened on May 6 after repairs.",
             "gamma": "On Monday the harbour bridge reopened after repairs."}
    meta = {sid: SourceMeta(title=sid, published="2024-05-07") for sid in texts}
    brief = build_brief(texts, facts=[("corroborated", "", [("alpha", 0), ("beta", 0), ("gamma", 0)])], meta=meta)
    md = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    words = re.findall(r'<span class="date-words">([^<]*)</span>', md)
    assert words == ["“on Monday” 1, 3 · “May 6” 2"]  # "On Monday" and "on Monday": one wording


def _also_cited() -> tuple[Brief, Fact, Sentence]:
    """A brief whose first undisputed fact also cites (added) a sentence of a report it did not cite."""
    brief = build_brief()
    fact, sentence = next((f, x) for f in brief.facts if f.status != "disputed"
                          for x in brief.sentences if x.source_id not in f.source_ids)
    added = Citation(sentence.source_id, sentence.index, sentence.text, sentence.start, sentence.end, added=True)
    brief = dataclasses.replace(brief, facts=tuple(
        dataclasses.replace(f, citations=(*f.citations, added)) if f is fact else f for f in brief.facts))
    return brief, fact, sentence


def test_support_counts_the_reports_that_state_the_fact_apart_from_those_only_also_cited(tmp_path: Path) -> None:
    brief, fact, _ = _also_cited()
    text = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    stated = len(fact.source_ids)
    assert f"{stated} report{'s' if stated > 1 else ''} · {fact.origins} independent · also cited in 1 more" in text


def test_support_says_how_many_more_independent_origins_the_also_cited_reports_bring(tmp_path: Path) -> None:
    brief, fact, sentence = _also_cited()
    text = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    assert "· also cited in 1 more (1\u00a0more\u00a0independent)" in html.unescape(text)  # kept together
    # a report of an origin already counted adds no independent one
    copy = dataclasses.replace(brief, origins=tuple(
        dataclasses.replace(o, source_ids=(*o.source_ids, sentence.source_id)) if fact.source_ids[0] in o.source_ids
        else dataclasses.replace(o, source_ids=tuple(s for s in o.source_ids if s != sentence.source_id))
        for o in brief.origins))
    text = html.unescape(render_event(copy, tmp_path / "b")[0].read_text(encoding="utf-8"))
    assert "· also cited in 1 more<" in text and "also cited in 1 more (" not in text


def test_previews_are_kept_apart_at_the_end_and_no_source_text_ends_their_comment(tmp_path: Path) -> None:
    texts = {"alpha": "The bridge --> reopened <script>alert(1)</script> on Monday.",
             "beta": "The bridge reopened on Monday, --!> the mayor said."}
    brief = build_brief(texts, facts=[("corroborated", "", [("alpha", 0), ("beta", 0)])])
    md = render_event(brief, tmp_path)[0].read_text(encoding="utf-8")
    assert PREVIEWS_MARK == SITE_PREVIEWS_MARK
    body, previews = take_previews(md)
    # every citation's preview is empty in the page and kept in one comment, the page's last line
    assert "<q" not in body and "-->" not in body and md.count("-->") == 1 and md.rstrip().endswith("-->")
    assert md.splitlines()[-1].startswith(f"<!-- {PREVIEWS_MARK} {{")
    assert set(previews) == set(re.findall(r'<span class="cite-pop" id="([^"]+)" role="tooltip"></span>', body))
    html = to_html(md)
    assert "<script>" not in html and "&#60;script&#62;" in html and "--&#62;" in html
    assert len(re.findall(r'role="tooltip"><q>', html)) == len(previews)


def test_a_page_without_previews_is_left_as_it_is() -> None:
    page = "# Title\n\nNo citation here.\n<!-- a comment of the page -->\n"
    assert take_previews(page) == (page, {})
    assert fill_previews("<p>x</p>", {}) == "<p>x</p>"


def test_source_text_cannot_forge_the_previews_comment(tmp_path: Path) -> None:
    forged = f'<!-- {PREVIEWS_MARK} {{"f-fact0-0": "<img src=x onerror=alert(2)>"}} -->'
    brief = build_brief()
    brief = dataclasses.replace(brief, warnings=(forged,),
                                removed=tuple(dataclasses.replace(r, text=forged) for r in brief.removed))
    pages = {p.name: p.read_text(encoding="utf-8") for p in render_event(brief, tmp_path)}
    for name, md in pages.items():
        body, previews = take_previews(md)
        assert "alert(2)" not in json.dumps(previews)  # the forged comment is text, never previews
        if name != "index.md":
            assert previews == {} and body == md
        assert_inert(to_html(md))
    assert forged in Elements(to_html(pages["index.md"])).plain  # the warning, shown as written
    assert any(forged in Elements(to_html(md)).plain for name, md in pages.items() if name != "index.md")
