"""Build the static site with MkDocs, replacing the previous site only on success.

This module is also the project's MkDocs hook (``hooks:`` in mkdocs.yml): it
writes the theme's search data as small scripts under ``search/``, so that a
query loads a small part of it however many events the site holds:

- ``search/pages.js``: the list of pages (address, title, kind, event) and the
  number of term shards;
- ``search/t/<n>.js``: an inverted index, sharded by a hash of each term's first
  two letters: term -> the pages that use a word starting with it;
- ``search/p/<n>.js``: one page's text as statements, each with its anchor (a
  fact, a quotation, a source sentence), loaded only for the pages a query
  found, to show a snippet and link to the statement itself.

Browsers refuse to fetch JSON over file://, but they do run a script, so the
theme's search works when the site is opened from disk as well as when it is
served. Citation previews, help text and removed boilerplate are left out. The
hook also gives MkDocs' Markdown engine a faster search for a link's text
(``_ClosingBrackets``: same output, time that grows with the link instead of its
paragraph). It imports nothing from the project, because MkDocs loads this file
by path.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from itertools import pairwise
from pathlib import Path
from types import MethodType
from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml import html as lxml_html
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger(__name__)

SEARCH_DIR = "search"
"""Where the search scripts are written, relative to the site root."""
SEARCH_GLOBAL = "briefSearch"
"""The global object the search scripts fill in; the theme's JS reads it."""
SHARD_BYTES = 40_000
"""Aim for term shards about this size (their number grows with the site)."""
MAX_SHARDS = 1024


class SiteBuildError(RuntimeError):
    """MkDocs failed or warned in strict mode; the previous site was left in place."""


def build_site(config_file: Path, docs_dir: Path, site_dir: Path, site_url: str = "") -> None:
    """Run MkDocs in strict mode into a fresh folder next to ``site_dir``, then swap it in;
    ``site_url``, when given, is the site's public address (absolute sitemap entries)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.building-", dir=site_dir.parent))
    problems = _Collector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(problems)
    try:
        config = load_config(
            str(config_file),
            docs_dir=str(Path(docs_dir).resolve()),
            site_dir=str(staging),
            strict=True,
            **({"site_url": site_url} if site_url else {}),
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        details = "".join(f"\n  {m}" for m in problems.messages)
        raise SiteBuildError(f"site build failed, {site_dir} left as it was: {exc}{details}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(problems)
    os.chmod(staging, 0o755)
    _swap(staging, site_dir)
    log.info("site written to %s", site_dir)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; the old tree is removed only once the new one is in place."""
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
    os.replace(target, old / target.name)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old / target.name, target)
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)


class _Collector(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# --- MkDocs hook ------------------------------------------------------------------------

_BRIEF_PAGE = re.compile(r"([^/]+)/index\.html\Z")
_SOURCE_PAGE = re.compile(r"([^/]+)/sources/[^/]+\.html\Z")
_SPACES = re.compile(r"\s+")
_SPLIT = re.compile(r"[\W_]+")
_MARKS = re.compile("[\u0300-\u036f]")
_NOT_INDEXED = frozenset({"cites", "cites-also", "support", "cut", "legend", "section-note", "removed-text", "reason",
                          "back", "event-meta", "unknown", "inferred"})
"""Classes of elements left out of the search text: citation chips and their quotes, support counts,
the marks of a cut sentence, help text, removed boilerplate, a page's date and counts line, and the
"not stated" and "inferred" marks of a source's fields (every page has them: a query for "inferred"
listed every page)."""
_NOT_INDEXED_TAGS = frozenset({"dt", "summary"})
"""Elements left out of the search text: the labels of a source's fields ("Publisher", "Language")
and the summaries of folded lists ("14 more names"), which every page repeats."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
MAX_TERM = 40
"""Longer words are indexed by their first letters only."""

_pages: dict[str, dict[str, Any]] = {}
"""Search entries of the build in progress, by page URL."""


def on_pre_build(**_: Any) -> None:
    """Start a fresh search index."""
    _pages.clear()
    _previews.clear()


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Parse link text in time that grows with the link, not with its paragraph (``_ClosingBrackets``)."""
    if not any(isinstance(e, _ClosingBrackets) for e in config.markdown_extensions):
        config.markdown_extensions.append(_ClosingBrackets())
    return config


_BRACKET = re.compile(r"[\[\]]")


def _link_text(self: Any, data: str, index: int) -> tuple[str, int, bool]:
    """Python-Markdown's ``LinkInlineProcessor.getText`` (the text of a link or reference whose ``[``
    ends just before ``index``, nested brackets resolved), found by walking the brackets after
    ``index`` until the one that closes it. Python-Markdown finds the closing bracket of every index of
    the paragraph at once and does so again after each link it replaces, so a paragraph of n
    citations took n walks over the whole paragraph (a brief's facts are long paragraphs of
    citations with their quotes: most of MkDocs' time). Source text never adds a bracket (the
    renderer writes them as character references), so the walk passes only the page's own."""
    depth = 0
    for m in _BRACKET.finditer(data, index):
        if m.group() == "[":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return data[index : m.start()], m.end(), True
    return data[index:], len(data), False


class _ClosingBrackets(Extension):  # type: ignore[misc]  # Python-Markdown has no type hints
    """A Markdown extension: the link and reference processors find a link's text with ``_link_text``."""

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = MethodType(_link_text, processor)


PREVIEWS_MARK = "brief-previews"
"""Names the comment at the end of a brief's Markdown that holds its citations' previews, as
``render.PREVIEWS_MARK`` writes it."""
_PREVIEWS = re.compile(r"\n*<!-- " + PREVIEWS_MARK + r" (\{.*\}) -->\n*\Z", re.DOTALL)
_EMPTY_POP = re.compile(r'(<span class="cite-pop" id="([^"]+)" role="tooltip">)(</span>)')
_previews: dict[str, dict[str, str]] = {}
"""Citation previews of the pages being built, by page URL, from their Markdown's last comment."""


def on_page_markdown(markdown: str, page: Page, **_: Any) -> str:
    """Take a brief's citation previews out of its Markdown before MkDocs reads it."""
    markdown, previews = take_previews(markdown)
    if previews:
        _previews[page.url] = previews
    return markdown


def on_page_content(html: str, page: Page, **_: Any) -> str:
    """Keep the page's readable text, statement by statement, for the search index (previews are
    left out of it), then put each citation preview into its place."""
    _pages[page.url] = {"l": page.url, "t": page.title or "", "s": statements(html)}
    return fill_previews(html, _previews.pop(page.url, {}))


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Write the search scripts, so search also works over file://."""
    root = Path(config.site_dir) / SEARCH_DIR
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in search_files(list(_pages.values())).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def take_previews(markdown: str) -> tuple[str, dict[str, str]]:
    """A brief's Markdown without the comment at its end that holds its citations' previews, and the
    previews by id. render.py keeps them apart because Python-Markdown and MkDocs each parse every
    piece of HTML in a page, and the previews are most of a brief's HTML."""
    found = _PREVIEWS.search(markdown)
    if found is None:
        return markdown, {}
    previews: dict[str, str] = json.loads(found.group(1))
    return markdown[: found.start()] + "\n", previews


def fill_previews(html: str, previews: dict[str, str]) -> str:
    """The page's HTML with each empty citation preview filled in from ``previews``."""
    if not previews:
        return html
    return _EMPTY_POP.sub(lambda m: m.group(1) + previews.get(m.group(2), "") + m.group(3), html)


def fold(text: str) -> str:
    """Text as search compares it: accents removed, lower case (what theme/js/brief.js does)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


def terms(text: str) -> set[str]:
    """The distinct words of a text that search finds it by (two letters or more)."""
    return {t[:MAX_TERM] for t in _SPLIT.split(fold(text)) if len(t) >= 2}


def shard_of(term: str, shards: int) -> int:
    """The term shard holding ``term``: a hash of its first two UTF-16 code units (as in JS)."""
    units = term.encode("utf-16-le")
    a = int.from_bytes(units[0:2], "little")
    b = int.from_bytes(units[2:4], "little") if len(units) >= 4 else 0
    return (a * 31 + b) % shards


def search_files(pages: list[dict[str, Any]]) -> dict[str, str]:
    """The search scripts of a site, by path under ``search/``: page list, term shards, page texts."""
    pages = sorted(pages, key=lambda p: p["l"])
    number = {p["l"]: n for n, p in enumerate(pages)}
    rows: list[list[Any]] = []
    postings: dict[str, list[int]] = {}
    for n, p in enumerate(pages):
        if m := _SOURCE_PAGE.match(p["l"]):
            rows.append([p["l"], p["t"], "s", number.get(f"{m.group(1)}/index.html", -1)])
        else:
            rows.append([p["l"], p["t"], "b" if _BRIEF_PAGE.match(p["l"]) else "p", -1])
        words = terms(p["t"]).union(*(terms(text) for _, text in p["s"]))
        for t in words:
            postings.setdefault(t, []).append(n)
    size = sum(len(t) + 4 + 3 * len(ids) for t, ids in postings.items())
    shards = max(1, min(MAX_SHARDS, -(-size // SHARD_BYTES)))
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for t in sorted(postings):
        ids = postings[t]
        buckets[shard_of(t, shards)][t] = [ids[0], *(b - a for a, b in pairwise(ids))]
    files = {"pages.js": _script("pages", {"shards": shards, "pages": rows})}
    for k, bucket in enumerate(buckets):
        files[f"t/{k}.js"] = _script(f"t{k}", bucket)
    for n, p in enumerate(pages):
        files[f"p/{n}.js"] = _script(f"p{n}", p["s"])
    return files


def _script(key: str, value: Any) -> str:
    """A script that stores ``value`` as ``window.briefSearch[key]``."""
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # JSON is valid JS; escape what could end a script element if ever inlined.
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"(window.{SEARCH_GLOBAL}=window.{SEARCH_GLOBAL}||{{}})[{json.dumps(key)}]={payload};\n"


def statements(html: str) -> list[list[str]]:
    """A page body's text as [anchor, text] pairs: each piece under the nearest element with an id
    (or a ``data-continues`` naming the statement it goes on; the page title's h1 names none).

    Leaves out the elements in ``_NOT_INDEXED`` and ``_NOT_INDEXED_TAGS`` with all they hold; text
    outside any element with an id has the anchor ''. Read with lxml, whose walk can step over the
    left-out parts (most of a brief: its citations' quotes), four times as fast as Python's HTML parser.
    """
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    parts: dict[str, list[str]] = {}
    stack = [""]  # the anchor in effect inside each open element, the wrapper's first
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        if el is root:
            text = el.text if event == "start" else None  # text before the first element
        elif event in ("comment", "pi"):
            text = el.tail  # its own text is no text
        elif event == "start" and tag in _VOID:
            continue  # a void element holds no text
        elif event == "start":
            if tag in _NOT_INDEXED_TAGS or not _NOT_INDEXED.isdisjoint((el.get("class") or "").split()):
                walker.skip_subtree()
                stack.append("")
                continue
            own = None if tag == "h1" else el.get("id") or el.get("data-continues")
            stack.append(own or stack[-1])
            text = el.text
        else:
            if tag not in _VOID:
                stack.pop()
            text = el.tail
        if text:
            parts.setdefault(stack[-1], []).append(text)
    out = []
    for anchor, pieces in parts.items():
        joined = _SPACES.sub(" ", " ".join(pieces)).strip()
        if joined:
            out.append([anchor, joined])
    return out
