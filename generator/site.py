"""Build the static site with MkDocs, replacing the previous site only on success.

This module is also the project's MkDocs hook (``hooks:`` in mkdocs.yml). Next
to the search plugin's ``search/search_index.json`` it writes a compact index
as a script, ``search/search_index.js``: one entry per page, without repeated
citation quotes and help text. Browsers refuse to fetch JSON over file://, but
they do run a script, so the theme's search works when the site is opened from
disk as well as when it is served. The hook imports nothing from the project,
because MkDocs loads this file by path.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger(__name__)

SEARCH_SCRIPT = "search/search_index.js"
"""Where the script form of the search index is written, relative to the site root."""
SEARCH_GLOBAL = "briefSearchIndex"
"""The global variable the script assigns; the theme's JS reads it."""


class SiteBuildError(RuntimeError):
    """MkDocs failed or warned in strict mode; the previous site was left in place."""


def build_site(config_file: Path, docs_dir: Path, site_dir: Path) -> None:
    """Run MkDocs in strict mode into a fresh folder next to ``site_dir``, then swap it in."""
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
_NOT_INDEXED = frozenset({"cites", "legend", "section-note", "removed-text", "reason", "back"})
"""Classes of elements left out of the search text: citation chips and their quotes, help text,
removed boilerplate."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

_pages: dict[str, dict[str, str]] = {}
"""Search entries of the build in progress, by page URL."""


def on_pre_build(**_: Any) -> None:
    """Start a fresh search index."""
    _pages.clear()


def on_page_content(html: str, page: Page, **_: Any) -> str:
    """Keep the page's readable text for the search index."""
    _pages[page.url] = {"l": page.url, "t": page.title or "", "x": _SearchText.of(html)}
    return html


@event_priority(-100)  # after the search plugin
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Write the search index as a script, so search also works over file://."""
    docs = compact_index(list(_pages.values()))
    payload = json.dumps({"docs": docs}, ensure_ascii=False, separators=(",", ":"))
    # JSON is valid JS; escape what could end a script element if ever inlined.
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    script = Path(config.site_dir) / SEARCH_SCRIPT
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f"window.{SEARCH_GLOBAL}={payload};\n", encoding="utf-8")


def compact_index(pages: list[dict[str, str]]) -> list[dict[str, str]]:
    """Entries sorted by URL, each with its kind and, for a source page, its event's title."""
    titles = {p["l"]: p["t"] for p in pages}
    docs = []
    for entry in sorted(pages, key=lambda p: p["l"]):
        entry = dict(entry)
        if m := _SOURCE_PAGE.match(entry["l"]):
            entry["k"] = "source"
            entry["e"] = titles.get(f"{m.group(1)}/index.html", "")
        elif _BRIEF_PAGE.match(entry["l"]):
            entry["k"] = "brief"
        else:
            entry["k"] = "page"
        docs.append(entry)
    return docs


class _SearchText(HTMLParser):
    """The text of a page body, without the parts in ``_NOT_INDEXED``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        return _SPACES.sub(" ", " ".join(parser.parts)).strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        if self.skipping:
            self.skipping += 1
        elif _NOT_INDEXED & set((dict(attrs).get("class") or "").split()):
            self.skipping = 1

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag not in _VOID:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)
