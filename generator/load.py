"""Load the reports of one event: decode, parse front matter or HTML, infer metadata.

This stage turns untrusted files into `Source` values. It never invents
metadata: a field is either stated (front matter, HTML meta) or inferred from
an explicit statement in the text (a dated "Publish date" line, a copyright
line, a reporter tag), and inferred fields are named in ``SourceMeta.inferred``.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import logging
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .config import Config
from .errors import InputError, UnreadableReportError, printable, valid_text
from .ids import unique_ids
from .model import EventMeta, Source, SourceMeta

if TYPE_CHECKING:
    from markdown_it.token import Token

log = logging.getLogger(__name__)

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
EVENT_FILE = "event.yml"
_META_FIELDS = ("title", "publisher", "url", "published", "language")


@dataclass(frozen=True, slots=True)
class Event:
    """One event folder, loaded."""

    meta: EventMeta
    sources: tuple[Source, ...]
    warnings: tuple[str, ...]
    copies: tuple[tuple[str, ...], ...] = ()
    """Groups of source ids whose texts are identical: each group is one origin."""


# ---------------------------------------------------------------- decoding

_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u2018-\u203a€™œž]")
_LINE_BREAKS = re.compile("\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (BOM allowed), else a detected encoding; binary is rejected."""
    warnings: list[str] = []
    if not data.strip():
        return "", warnings
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise UnreadableReportError(path, "looks like a binary file (NUL bytes); "
                                    "save the report as UTF-8 text, Markdown or HTML")
    try:
        text = data.decode("utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig")
    except UnicodeDecodeError as exc:
        encoding = "cp1252" if _plausible_cp1252(data) else _detect(data)
        if encoding is None:
            raise UnreadableReportError(
                path, f"not UTF-8 (invalid byte at offset {exc.start}) and no encoding could be detected; "
                "re-save it as UTF-8") from None
        text = data.decode(encoding, errors="replace")
        warnings.append(f"{path}: not UTF-8 (invalid byte at offset {exc.start}); decoded as {encoding}")
    if _MOJIBAKE.search(text):
        fixed = _repair_mojibake(text)
        if fixed != text:
            warnings.append(f"{path}: repaired mojibake (UTF-8 read as Windows-1252)")
            text = fixed
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:20000]) // 50):
        raise UnreadableReportError(path, "looks like a binary file (control characters); "
                                    "save the report as text")
    text = _LINE_BREAKS.sub("\n", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text.lstrip("\ufeff")), warnings


_WESTERN_PUNCTUATION = set("’‘“”„–—…€•«»°·£§©®±×÷¿¡\u00a0")
_IN_WORD_SYMBOL = re.compile(r"(?<=[^\W\d_])[£§°±¿¡](?=[^\W\d_])")


def _plausible_cp1252(data: bytes) -> bool:
    """Windows-1252, the web's usual non-UTF-8 encoding, read as Western text: accented letters among
    plain ones. Detection is unreliable on short texts, so this is tried first."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    extra = [ch for ch in text if ord(ch) > 127]
    if not all(ch.isalpha() or ch in _WESTERN_PUNCTUATION for ch in extra) or _IN_WORD_SYMBOL.search(text):
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    return sum(1 for ch in extra if ch.isalpha()) <= 0.3 * letters


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best.encoding)


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 bytes that were decoded as Windows-1252, line by line where it round-trips."""
    out = []
    for line in text.split("\n"):
        try:
            out.append(line.encode("cp1252").decode("utf-8") if _MOJIBAKE.search(line) else line)
        except (UnicodeEncodeError, UnicodeDecodeError):
            out.append(line)
    return "\n".join(out)


# ------------------------------------------------------------ front matter

_FRONT = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_UNCLOSED = re.compile(r"\A---[ \t]*\n[A-Za-z_][\w -]*:(?:[ \t]|$)", re.M)
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*\Z", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters but tab and newline."""


def _as_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return parse_date(value)
    return None


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Separate YAML front matter (safe loader) from the Markdown body."""
    m = _FRONT.match(text)
    if not m:
        if _UNCLOSED.match(text):
            raise InputError(path, "front matter has no closing '---' line; add one after the last field")
        return {}, text
    try:
        data = yaml.safe_load(m.group(1) or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(path, f"invalid YAML front matter{where}; fix the YAML between the '---' lines"
                         ) from None
    except (ValueError, RecursionError) as exc:  # e.g. a timestamp like 2023-13-45, or absurd nesting
        problem = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:60]
        raise InputError(path, f"invalid value in front matter ({problem}); "
                         "fix the YAML between the '---' lines") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a mapping of fields (title: ..., publisher: ...)")
    return data, text[m.end():]


def field_text(value: str) -> str:
    """A metadata field as one line of valid text: no lone surrogates, no control characters."""
    return " ".join(_CONTROL.sub(" ", valid_text(value)).split())


def _front_meta(data: dict[str, Any], path: str) -> tuple[dict[str, str], list[str]]:
    """Stated metadata from front matter (wrong types stop the build), and warnings. Fields that
    front matter's ``inferred`` list names (``brief add`` writes what it inferred there) are
    returned under ``"inferred"``, comma-separated: they are shown as inferred, not as stated."""
    out: dict[str, str] = {}
    warnings: list[str] = []
    marked = data.get("inferred")
    if marked is not None:
        names = [marked] if isinstance(marked, str) else marked if isinstance(marked, list) else None
        if names is None or not all(isinstance(n, str) for n in names):
            warnings.append(f"{path}: front matter 'inferred' is not a list of field names; ignored")
        else:
            known = [n for n in names if n in _META_FIELDS and data.get(n) is not None]
            if known:
                out["inferred"] = ",".join(known)
    for key in _META_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if key == "published":
            date = _as_date(value)
            if date is None:
                shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
                raise InputError(path, f"front matter 'published' is not a date ({shown}); use YYYY-MM-DD")
            out[key] = date
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            text = field_text(str(value))
            if text:
                out[key] = text
        else:
            raise InputError(path, f"front matter '{key}' must be text, not {type(value).__name__}")
    if "language" in out and not _LANGUAGE_CODE.match(out["language"]):
        warnings.append(f"{path}: front matter language {out.pop('language')[:20]!r} is not a language code "
                        "like 'en'; the language was guessed from the text")
    return out, warnings


_TABLE_ROW_SEPARATOR = "; "
"""A table row becomes one line, its cells joined by this."""


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _with_table_delimiters(body: str) -> str:
    """A run of ``| a | b |`` lines without the delimiter row Markdown tables need (some extractors leave
    it out, and write a one-row table as its row alone) gets one, so the run reads as a table, its cells
    as text, not as a paragraph of pipes."""
    lines = body.split("\n")
    out: list[str] = []
    for k, line in enumerate(lines):
        out.append(line)
        starts = _PIPE_ROW.match(line) and (k == 0 or not _PIPE_ROW.match(lines[k - 1]))
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if starts and not _DELIMITER_ROW.match(nxt) and not _DELIMITER_ROW.match(line):
            out.append("|" + "---|" * max(1, line.strip().strip("|").count("|") + 1))
    return "\n".join(out)


def _inline_text(children: list[Token], struck: list[str] | None = None) -> str:
    """The words of a Markdown inline: text, code, inline HTML as text, image descriptions. Struck-through
    text (``~~…~~``) is no part of it: each struck run's words go to ``struck`` instead."""
    parts: list[str] = []
    run: list[str] | None = None  # the words of the struck run being read
    for child in children:
        if child.type == "s_open":
            run = []
        elif child.type == "s_close" and run is not None:
            if struck is not None and WORD.search("".join(run)):
                struck.append(" ".join("".join(run).split()))
            run = None
        elif child.type in ("text", "code_inline", "html_inline", "image"):
            (parts if run is None else run).append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            (parts if run is None else run).append(" ")
    return " ".join("".join(parts).split())


_LEAF_BLOCKS = frozenset({"paragraph_open", "heading_open", "code_block", "fence", "html_block", "hr", "table_open"})
_BLOCK_MARKERS = re.compile(r"^(?:\s*(?:>|[-+*]|\d{1,9}[.)])(?=\s|$))*\s*")
WORD = re.compile(r"[^\W_]")
"""A letter or a digit: a line without one says nothing."""


def _unparsed_lines(source: list[str], tokens: list[Token]) -> list[tuple[int, str]]:
    """Lines that no block of the parse covers, with their numbers: what markdown-it drops without
    a token (a link reference definition, ``[id]: url "title"``), so its words are not lost.
    Quote and list markers are taken off; lines left with no word are markup only."""
    covered: set[int] = set()
    for tok in tokens:
        if tok.type in _LEAF_BLOCKS and tok.map is not None:
            covered.update(range(*tok.map))
    out = []
    for n, line in enumerate(source):
        rest = _BLOCK_MARKERS.sub("", line, count=1).strip()
        if n not in covered and WORD.search(rest):
            out.append((n, rest))
    return out


_HEADING_LIKE = re.compile(r"^(#{1,6}) ", re.M)


def _unheaded(line: str) -> str:
    """A line that is no heading but opens as one reads ("\\# 1 in sales: …", a paragraph of a saved
    page), its first mark escaped as Markdown escapes it: the cleaner takes ``# `` at a line's start
    for a heading, and takes the escape off a line it keeps (``clean.unescaped``)."""
    return _HEADING_LIKE.sub("\\\\\\1 ", line)


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body (``read_markdown``), without what it strikes through."""
    return read_markdown(body)[0]


def read_markdown(body: str) -> tuple[str, tuple[str, ...]]:
    """Plain text of a Markdown body, markup dropped, every word of prose kept; and the runs of text it
    strikes through (``~~withdrawn~~``, as a saved page's ``<del>`` and ``<s>`` are written): what the
    report itself marks as deleted, a correction's old wording, is no part of its sentences.

    Headings keep a leading ``#`` per level, so the cleaner can tell a heading
    from a short line of prose. A line the parser drops (a link reference definition) is kept
    as it is written, in its place, for the cleaner to keep or remove with its reason.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    struck: list[str] = []
    body = _with_table_delimiters(body)
    tokens = md.parse(body)
    unparsed = _unparsed_lines(body.split("\n"), tokens)
    lines: list[str] = []
    level = 0
    row: list[str] | None = None
    done = 0  # unparsed lines already placed
    for tok in tokens:
        while done < len(unparsed) and tok.map is not None and unparsed[done][0] < tok.map[0]:
            lines.append(unparsed[done][1])
            done += 1
        if tok.type == "heading_open":
            level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            level = 0
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            lines.append(_TABLE_ROW_SEPARATOR.join(cell for cell in row if cell))
            row = None
        if tok.type == "inline" and tok.children is not None:
            line = _inline_text(tok.children, struck)
            if row is not None:
                row.append(line)
            else:
                lines.append(f"{'#' * level} {line}" if level and line else _unheaded(line))
        elif tok.type in ("code_block", "fence", "html_block"):
            lines.append(_unheaded(tok.content.strip()))
    lines += [line for _, line in unparsed[done:]]
    return "\n\n".join(line for line in lines if line.strip()), tuple(struck)


# -------------------------------------------------------------------- HTML


_FORMAT_TAG = re.compile(r"(?<!\\)</?(?:u|sup|sub|s|del|ins|mark|small|b|i|em|strong)>", re.I)
"""Bare formatting tags that trafilatura's Markdown writes for underlined, superscript or subscript
text ("<u>the moon</u>", "shift<sup>[1]</sup>"): its rendering of the page's markup, not words. One it
escapes ("\\<b>") is the page's own text, a tag written out for readers to see."""


_LEFT_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?=(\w)?)")
"""Bold markers the Markdown parser leaves as they are because of what stands around them
("**Note:**The bundle", "in print**,”** she said"): the extractor's markup, not the page's words."""


def _unmarked_strong(m: re.Match[str]) -> str:
    inner = m.group(2)
    return inner + " " if m.group(3) and inner[-1] in ":.!?" else inner  # "Note: The", not "Note:The"


@dataclass(frozen=True, slots=True)
class Page:
    """What a saved web page gives the loader."""

    text: str
    """The article's text (Markdown, as the extractor writes it), or all the text the page shows when
    the extractor finds no article in it."""
    meta: dict[str, str]
    """Metadata the page states (title, publisher, url, published)."""
    left_out: tuple[str, ...] = ()
    """What the page shows outside the article (``left_out``)."""
    hidden: tuple[str, ...] = ()
    """Text the page's markup hides from readers (``hidden``, ``display: none``), one piece per element."""
    struck: tuple[str, ...] = ()
    """Text of the article that the page strikes through (``<del>``, ``<s>``: ``read_markdown``), one piece per run."""
    whole: str = ""
    """Why ``text`` is everything the page shows, not an extracted article ("" when it is the article)."""


_PAGE_PARSER_OPTIONS = {"collect_ids": False, "default_doctype": False, "remove_comments": True,
                        "remove_pis": True, "huge_tree": True}
"""The extractor's own parser options, plus ``huge_tree``: without it libxml2 stops reading a page nested
deeper than 255 elements and the extractor finds no text at all."""


class PageTooDeepError(Exception):
    """The page nests elements deeper than libxml2 reads even with ``huge_tree`` (2,048 levels)."""


def _page_tree(html: str) -> Any:
    """The page parsed by lxml, or None when it cannot be; PageTooDeepError when the parser stopped at its
    depth limit (everything nested deeper would be missing from the tree)."""
    from lxml import etree
    from lxml import html as lxml_html
    from trafilatura.utils import repair_faulty_html

    html = repair_faulty_html(html, html[:50].lower())  # the extractor's own repairs: <html/>, bad characters
    parser = lxml_html.HTMLParser(**_PAGE_PARSER_OPTIONS)
    try:  # the whole document, also for a fragment (``fromstring`` would return its first element)
        root = lxml_html.document_fromstring(html, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        parser = lxml_html.HTMLParser(encoding="utf-8", **_PAGE_PARSER_OPTIONS)
        try:
            root = lxml_html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
        except (etree.ParserError, ValueError):
            return None
    except etree.ParserError:
        return None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise PageTooDeepError
    _close_paragraphs(root)
    return root


_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
_CLOSES_P = frozenset((
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu",
    "nav", "ol", "p", "pre", "section", "table", "ul",
))
"""Start tags that close an open paragraph in HTML (libxml2, which reads HTML 4, misses the newer ones)."""
_IMPLIED_END = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "tr": ("tr", "td", "th"),
                "td": ("td", "th"), "th": ("td", "th"), "option": ("option",), "body": ("head",)}
"""Start tags that close an open element of these names (a list item the next one, the head the body)."""
_SCOPES = frozenset(("ul", "ol", "dl", "table", "select", "html"))
"""Elements an implied end does not reach past (a list item closes a list item of its own list only)."""


def _declarations(style: str) -> dict[str, str]:
    """An inline style's declarations, property to value, as CSS applies them: comments out, the last
    declaration of a property winning unless an earlier one is ``!important``."""
    out: dict[str, str] = {}
    important: set[str] = set()
    for declaration in re.sub(r"/\*.*?(?:\*/|$)", " ", style, flags=re.S).split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip().lower(), re.sub(r"!\s*important", "!important", value.strip().lower())
        if not colon or not name or (name in important and "!important" not in value):
            continue
        if "!important" in value:
            important.add(name)
        out[name] = value.replace("!important", "").strip()
    return out


Sheet = dict[str, list[tuple[bool, int, str, frozenset[str], str, dict[str, str]]]]
"""A page's own style rules with simple selectors, each as (important, its place in the sheet, tag or "",
classes, id or "", the display and visibility it declares), listed under one class (".teaser") or its id
("#promo")."""
_SIMPLE_SELECTOR = re.compile(r"([a-z][a-z0-9]*)?((?:[.#][-\w]+)+)", re.I)


def _stylesheet(root: Any) -> Sheet:
    """The rules of the page's ``<style>`` elements that set ``display`` or ``visibility`` for a simple
    selector (``.sr-only``, ``#promo``, ``div.teaser``), as CSS applies them within the sheet (the last
    rule wins, unless an earlier one is ``!important``). Conditional rules (nested in a block that
    begins with an at sign) are skipped, as they apply under conditions only; so are selectors that
    depend on the tree or on state (``.menu li``, ``a:hover``)."""
    return _sheet(" ".join(el.text or "" for el in root.iter("style")))


_STYLE_ELEMENT = re.compile(r"<style\b[^<>]*>(.*?)(?:</style\s*>|$)", re.I | re.S)
"""A ``<style>`` element of a page's source and its text, which runs to the first ``</style>`` (raw text)."""
_UNCLOSED_TAG = re.compile(r"<[A-Za-z](?:=\s*\"[^\"]*\"|=\s*'[^']*'|[^<>])*+(?=<|$)")
"""A start tag that another tag or the end of the page cuts off before its ``>`` (a quoted attribute
value may hold ``<`` and ``>``; a quote elsewhere, "alt=it's", is a letter): no tag a browser shows
(its text goes to the tag as attributes), and one that Python's HTML parser reads again from each
``<`` after it, so a page of many took minutes."""
_SCRIPT_ELEMENT = re.compile(r"<script\b[^<>]*>.*?(?:</script\s*>|$)", re.I | re.S)
"""A script of a page's source, to its first ``</script>`` (raw text: a "<!--" or "<style>" in it is code)."""
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
"""A comment of a page's source: nothing in it is shown, and a ``<style>`` written inside one is no
style of the page."""
_MARKED_SECTION = re.compile(r"<!\[[^>]*+(?:>|$)")
"""A marked section ("<![CDATA[…", "<![if …]>"): in an HTML page a comment that the next ``>`` ends, as a
browser reads it. Python's HTML parser waits for "]]>" instead, and without one shows it as text and
reads the rest of the page again from each one after it."""
_OPEN_MARKUP = re.compile(r"<[!?/]")
"""The start of a declaration, a processing instruction or an end tag: with no ``>`` after it, a
browser shows nothing from it to the end of the page (Python's parser shows it, and slowly)."""


def _sheet(text: str) -> Sheet:
    """``_stylesheet`` of the style rules in ``text``."""
    if "display" not in text.lower() and "visibility" not in text.lower():
        return {}
    text = re.sub(r"/\*.*?(?:\*/|$)", " ", text, flags=re.S)
    rules: list[tuple[str, str]] = []
    depth, start, selector = 0, 0, ""
    for k, ch in enumerate(text):
        if ch == "{":
            if depth == 0:
                selector = text[start:k]
            depth += 1
            start = k + 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                if not selector.strip().startswith("@"):
                    rules.append((selector, text[start:k]))
                start = k + 1
        elif ch == ";" and depth == 0:
            start = k + 1  # a statement at-rule (@import url(...);)
    sheet: Sheet = {}
    for place, (selectors, body) in enumerate(rules):
        important = bool(re.search(r"!\s*important", body, re.I))
        found = {name: value for name, value in _declarations(body).items() if name in ("display", "visibility")}
        if not found:
            continue
        for one in selectors.split(","):
            m = _SIMPLE_SELECTOR.fullmatch(one.strip())
            if not m:
                continue
            parts = re.findall(r"[.#][-\w]+", m[2])
            ids = [p[1:] for p in parts if p[0] == "#"]
            if len(ids) > 1:
                continue
            classes = frozenset(p[1:] for p in parts if p[0] == ".")
            under = f"#{ids[0]}" if ids else f".{min(classes)}"
            sheet.setdefault(under, []).append(
                (important, place, (m[1] or "").lower(), classes, ids[0] if ids else "", found))
    return sheet


def _sheet_declarations(tag: str, attrs: Any, sheet: Sheet) -> dict[str, str]:
    """What the page's style rules (``_stylesheet``) declare for an element of this tag and attributes."""
    classes = frozenset(str(attrs.get("class") or "").split())  # a bare attribute (class) reads as None
    ident = str(attrs.get("id") or "")
    out: dict[str, str] = {}
    keys = [f".{c}" for c in sorted(classes)] + ([f"#{ident}"] if ident else [])
    rules = sorted((rule for key in keys for rule in sheet.get(key, ())), key=lambda r: (r[0], r[1]))
    for _, _, name, wanted, want_id, found in rules:  # the last wins, an important one over the others
        if (not name or name == tag) and wanted <= classes and (not want_id or want_id == ident):
            out.update(found)
    return out


def _hiding(tag: str, attrs: Any, sheet: Sheet | None = None) -> str:
    """How an element of this tag and these attributes hides what it holds from readers: "hidden" (the
    ``hidden`` attribute, ``display: none``, a closed dialog, a template), "visibility" (``visibility:
    hidden`` or ``collapse``, which an element inside may undo), or "" when it does not. ``sheet``: the
    page's own style rules, which the element's inline style overrides."""
    if tag == "template" or (tag == "dialog" and "open" not in attrs) or "hidden" in attrs:
        return "hidden"
    style = attrs.get("style")
    found = _sheet_declarations(tag, attrs, sheet) if sheet else {}
    if not found and (not style or ("display" not in style.lower() and "visibility" not in style.lower())):
        return ""
    if style:
        found |= _declarations(style)
    if found.get("display") == "none":
        return "hidden"
    return "visibility" if found.get("visibility") in ("hidden", "collapse") else ""


def _hidden_elements(root: Any) -> list[Any]:
    """The outermost elements under ``root`` (itself aside) that hide what they hold, in page order; an
    element hidden by ``visibility`` only is not, when an element inside it declares itself visible.
    One walk over the page (each element's ancestors are marked once)."""
    sheet = _stylesheet(root)
    visible_inside: set[Any] = set()
    for el in root.iter():
        if isinstance(el.tag, str) and "visibility" in el.get("style", "").lower() \
                and _declarations(el.get("style", "")).get("visibility") == "visible":
            for up in el.iterancestors():
                if up in visible_inside:
                    break
                visible_inside.add(up)
    found: list[Any] = []
    covered: set[Any] = set()
    for el in root.iter():
        if el is root or el in covered or not isinstance(el.tag, str):
            continue
        how = _hiding(el.tag, el.attrib, sheet)
        if not how or (how == "visibility" and el in visible_inside):
            continue
        found.append(el)
        covered.update(el.iterdescendants())
    return found


def _close_paragraphs(root: Any) -> None:
    """Close each paragraph where a browser does and libxml2 (which reads HTML 4) does not: before a
    block it does not know, at any depth inside it (``<p hidden><span>Ad <article>…`` hides the ad, not
    the article). The block and all that follows it in the paragraph move after the paragraph."""
    for para in list(root.iter("p")):
        if para.getparent() is None:
            continue
        block = next((el for el in para.iterdescendants() if isinstance(el.tag, str) and el.tag in _CLOSES_P), None)
        if block is None:
            continue
        moving: list[Any] = []
        node = block
        while node is not para:
            parent = node.getparent()
            siblings = list(parent)
            at = siblings.index(node)
            moving += siblings[at if node is block else at + 1 :]
            node = parent
        tail, para.tail = para.tail, None
        anchor = para
        for el in moving:
            anchor.addnext(el)
            anchor = el
        anchor.tail = (anchor.tail or "") + (tail or "")


def _shown_inline(root: Any) -> None:
    """Give inline markup the text a browser shows for it: an inline quotation its quotation marks, a
    formula its words within the sentence ("rose to 7 percent"). After hidden elements are taken out."""
    quotes = [(quote, sum(1 for up in quote.iterancestors("q"))) for quote in root.iter("q")]
    for quote, depth in quotes:
        opening, closing = ("\u201c", "\u201d") if depth % 2 == 0 else ("\u2018", "\u2019")  # “a ‘b’ c”
        quote.text = opening + (quote.text or "")
        if len(quote):
            quote[-1].tail = (quote[-1].tail or "") + closing
        else:
            quote.text += closing
    for quote, _ in quotes:
        quote.drop_tag()
    for formula in list(root.iter("math")):
        if formula.getparent() is None:
            continue
        for note in list(formula.iter("annotation", "annotation-xml")):  # its source code, not shown
            note.drop_tree()
        words = " ".join(" ".join(formula.itertext()).split())
        formula.tail = f"{words}{formula.tail or ''}"
        formula.drop_tree()


_IN_HEAD = frozenset(("title", "meta", "link", "style", "script", "base", "noscript", "template"))
"""What a page's head holds; any other start tag begins its body."""


def _flat_blocks(html: str) -> tuple[list[str], tuple[str, ...]]:
    """What a page shows and what it hides, read as a stream of tags (no tree, so no depth limit):
    blocks as in ``page_blocks`` and one piece per outermost hidden element (its blocks joined by
    " · "), hidden as the tree reader finds (the page's own style rules included). For pages too deep
    for lxml. A closing tag closes the nearest open element of its name,
    and the start tags that end elements in HTML do (``_CLOSES_P``, ``_IMPLIED_END``, the body's)."""
    from html.parser import HTMLParser

    shown: list[str] = []
    hidden: list[str] = []
    piece: list[str] = []  # blocks of the hidden element being read
    words: list[str] = []  # text of the block being read
    open_tags: list[str] = []
    where: dict[str, list[int]] = {}  # for each tag, the depths of its open elements
    state = {"hidden_at": -1, "code": 0}  # depth of the outermost open hidden element; open code elements
    lower = html.lower()
    html = _SCRIPT_ELEMENT.sub(" ", html) if "<script" in lower else html  # code: nothing it holds is shown
    html = _COMMENT.sub("", html) if "<!--" in html else html  # one no "-->" closes runs to the end of the page
    sheet = _sheet(" ".join(_STYLE_ELEMENT.findall(html))) if "<style" in lower else {}

    def flush() -> None:
        line = " ".join("".join(words).split())
        words.clear()
        if line:
            (piece if state["hidden_at"] >= 0 else shown).append(line)

    def close(depth: int) -> None:
        """Close the open element at ``depth`` and every element inside it."""
        if 0 <= depth <= state["hidden_at"]:
            flush()  # the hidden piece ends here (blocks are flushed where their tags are read)
        while len(open_tags) > depth:
            tag = open_tags.pop()
            where[tag].pop()
            if tag in _UNSHOWN and tag != "template":
                state["code"] -= 1
        if 0 <= depth <= state["hidden_at"]:
            state["hidden_at"] = -1
            if piece:
                hidden.append(" · ".join(piece))
            piece.clear()

    def innermost(names: Sequence[str]) -> int:
        """Depth of the innermost open element of one of ``names`` inside the innermost open scope, or -1."""
        depth = max((where[n][-1] for n in names if where.get(n)), default=-1)
        scope = max((where[n][-1] for n in _SCOPES if where.get(n)), default=-1)
        return depth if depth > scope else -1

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _BLOCKS:
                flush()
            if where.get("head") and tag not in _IN_HEAD:
                close(where["head"][-1])
            if tag in _CLOSES_P and (depth := innermost(("p",))) >= 0:
                close(depth)
            if tag in _IMPLIED_END and (depth := innermost(_IMPLIED_END[tag])) >= 0:
                close(depth)
            if tag in _VOID:
                return
            if tag in _UNSHOWN and tag != "template":
                state["code"] += 1  # scripts, styles, the head: code or metadata, not the page's words
            elif state["hidden_at"] < 0 and _hiding(tag, dict(attrs), sheet):
                flush()
                state["hidden_at"] = len(open_tags)
            where.setdefault(tag, []).append(len(open_tags))
            open_tags.append(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)  # HTML ignores the slash of <div/>: the element stays open

        def handle_endtag(self, tag: str) -> None:
            if tag in _BLOCKS:
                flush()
            if where.get(tag):
                close(where[tag][-1])

        def handle_data(self, data: str) -> None:
            if not state["code"]:
                words.append(data)

    reader = Reader(convert_charrefs=True)
    html = _MARKED_SECTION.sub("", html) if "<![" in html else html
    left_open = _OPEN_MARKUP.search(html, html.rfind(">") + 1)
    reader.feed(_UNCLOSED_TAG.sub("", html if left_open is None else html[: left_open.start()]))
    reader.close()
    if state["hidden_at"] < 0:
        flush()
    close(0)
    return shown, tuple(h for h in hidden if re.search(r"\w", h))


def _drop_hidden(root: Any) -> tuple[str, ...]:
    """Take out of ``root`` the elements its markup hides from readers and return their text, one piece
    per outermost hidden element (its blocks joined by " · ", hidden elements inside it included); an
    element without words gives none."""
    pieces: list[str] = []
    for el in _hidden_elements(root):
        blocks = _blocks(el, hidden=True)
        if any(re.search(r"\w", block) for block in blocks):
            pieces.append(" · ".join(blocks))
        el.drop_tree()
    return tuple(pieces)


def read_page(html: str) -> Page:
    """Main text, stated metadata, text outside the article and hidden text of a saved web page. The
    article is found by trafilatura, after the elements the page hides are taken out (a reader never
    sees them, so they are no part of the report; they are listed instead)."""
    import trafilatura

    try:
        root = _page_tree(html)
    except PageTooDeepError:
        blocks, unseen = _flat_blocks(html)
        return Page("\n\n".join(blocks), _page_meta(html), (), unseen,
                    whole="the page nests its elements deeper than the HTML parser reads (2,048 levels), so "
                          "no article could be extracted")
    hidden: tuple[str, ...] = ()
    extracted = ""
    shown: list[str] = []
    if root is not None:
        hidden = _drop_hidden(root)
        _shown_inline(root)
        if len(root):
            extracted = trafilatura.extract(_escaped_headings(_copy_tree(root)), include_comments=False,
                                            include_tables=True,
                                            favor_recall=True, deduplicate=False, output_format="markdown") or ""
        shown = _blocks(root)
    article = _LEFT_STRONG.sub(_unmarked_strong, _FORMAT_TAG.sub("", extracted))
    text, struck = read_markdown(article)
    meta = _page_meta(html)
    if not text.strip() and any(re.search(r"\w", block) for block in shown):
        return Page("\n\n".join(shown), meta, (), hidden, whole="the HTML extractor found no article in it")
    return Page(text, meta, left_out(shown, article if struck else text, meta.get("title")), hidden, struck=struck)


_META_CHARS = 1_000_000
"""How much of a page its metadata is looked for in: this much, or the head (however long its inlined
styles and fonts) and a fifth of this after it. A date searched for through the whole of a 7 MB page
took seconds."""


def _page_meta(html: str) -> dict[str, str]:
    """The metadata a saved page states (title, publisher, url, published), via trafilatura."""
    from trafilatura.metadata import extract_metadata

    meta: dict[str, str] = {}
    try:
        head_end = html.lower().find("</head>")
        doc = extract_metadata(html[: max(_META_CHARS, head_end + _META_CHARS // 5)])
    except Exception:  # the extractor is third-party code on hostile input
        doc = None
    if doc is not None:
        pairs = (("title", "title"), ("publisher", "sitename"), ("url", "url"), ("published", "date"))
        for ours, theirs in pairs:
            value = getattr(doc, theirs, None)
            if isinstance(value, str) and value.strip():
                meta[ours] = value.strip()
    if "published" in meta:
        date = parse_date(meta["published"])
        if date:
            meta["published"] = date
        else:
            del meta["published"]
    return meta


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Main text and stated metadata of a saved web page (``read_page``)."""
    page = read_page(html)
    return page.text, page.meta


_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "label", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section",
    "summary", "table", "td", "th", "tr", "ul",
))
"""Elements whose text is a block of its own on the page (the others run on inside their block)."""
_UNSHOWN = ("script", "style", "noscript", "template", "head", "iframe", "object", "canvas")
"""Elements whose content is code or a fallback, never text on the page (an SVG's text and a formula's
are; ``_shown_inline`` makes a formula's words part of its sentence)."""
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def _loose(text: str) -> str:
    """Text reduced to its lower-case words, one space apart (for finding one text inside another)."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _blocks(element: Any, hidden: bool = False) -> list[str]:
    """The text of ``element`` (a copy is read) one entry per block, whitespace collapsed; nothing of
    scripts, styles or comments, nor of hidden elements unless ``hidden`` (the text of a hidden element
    is all hidden, what is hidden inside it too)."""
    from lxml import etree

    root = _copy_tree(element)
    gone = list(root.iter(etree.Comment, etree.ProcessingInstruction, *_UNSHOWN))
    if not hidden:
        gone += _hidden_elements(root)
    for el in gone:
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    return [" ".join(line.split()) for line in root.text_content().split("\n") if line.strip()]


_HEADING_MARK = re.compile(r"^(\s*)(#{1,6}(?:\s|$))")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def _escaped_headings(root: Any) -> Any:
    """The tree, each text outside a heading that opens with what Markdown reads as a heading mark
    ("# 1 in sales: …" in a paragraph) escaped, so the extractor's Markdown keeps it a paragraph of
    the article (it was taken for a heading, and removed as one)."""
    inside = {x for h in root.iter(*_HEADINGS) for x in h.iter()}  # a heading and all it holds
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, owner in (("text", el), ("tail", el.getparent())):
            value = getattr(el, attr)
            if value and owner is not None and owner not in inside and _HEADING_MARK.match(value):
                setattr(el, attr, _HEADING_MARK.sub(lambda m: m[1] + "\\" + m[2], value, count=1))
    return root


def _copy_tree(element: Any) -> Any:
    """A deep copy of an lxml element, detached from its tree (its tail left behind)."""
    twin = copy.deepcopy(element)
    twin.tail = None
    return twin


def page_blocks(page: str | Any) -> list[str]:
    """The text a browser shows on a saved page (markup, or a tree from ``_page_tree``), one entry per
    block (paragraph, list item, table cell, heading, caption...), whitespace collapsed; nothing of
    scripts, styles or hidden elements."""
    if isinstance(page, str):
        try:
            root = _page_tree(page)
        except PageTooDeepError:
            return _flat_blocks(page)[0]
    else:
        root = page
    if root is None:
        return []
    return _blocks(root)


def left_out(page: str | Sequence[str], article: str, title: str | None = None) -> tuple[str, ...]:
    """What the page (markup, or its ``page_blocks``) shows that is not in ``article`` (the extracted
    text): menus, asides, captions, related links, comment forms. Each run of such blocks is one piece
    (its blocks joined by " · "), in page order, each block once; of a block partly in the article only
    the sentences that are not are kept (joined by " … "), and the page's headline, the report's title,
    is not repeated."""
    kept = _loose(article).split()
    at: dict[tuple[str, ...], list[int]] = {}  # where each run of up to three words stands in the article
    for n in (1, 2, 3):
        for k in range(len(kept) - n + 1):
            at.setdefault(tuple(kept[k : k + n]), []).append(k)
    skip = _loose(title) if title else ""

    def inside(text: str) -> bool:
        """Whether the text's words stand in the article, in a row: every run of three of them must
        (or of all, when fewer), and the whole is checked where its rarest run stands."""
        loose = _loose(text)
        words = loose.split()
        if not words or loose == skip:
            return True
        n = min(3, len(words))
        runs = [tuple(words[k : k + n]) for k in range(len(words) - n + 1)]
        if any(run not in at for run in runs):
            return False
        k, rare = min(enumerate(runs), key=lambda item: len(at[item[1]]))
        return any(kept[start - k : start - k + len(words)] == words for start in at[rare] if start >= k)

    pieces: list[list[str]] = [[]]
    seen: set[str] = set()
    for block in (page_blocks(page) if isinstance(page, str) else page):
        if inside(block):
            if pieces[-1]:
                pieces.append([])
            continue
        parts = _SENTENCE_END.split(block)
        outside = [part for part in parts if not inside(part)]
        shown = block if len(outside) == len(parts) else " … ".join(outside)
        if shown and _loose(shown) not in seen:
            seen.add(_loose(shown))
            pieces[-1].append(shown)
    return tuple(" · ".join(p) for p in pieces if p)


# --------------------------------------------------------------- inference

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH_RE = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(\d{{4}})\b", re.I),
    re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
)


def parse_date(text: str) -> str | None:
    """The first full date (with a year) in text, as YYYY-MM-DD, else None."""
    for n, pat in enumerate(_DATE_PATTERNS):
        m = pat.search(text)
        if not m:
            continue
        try:
            if n == 0:
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            elif n == 1:
                d, mo, y = int(m.group(1)), _MONTHS[m.group(2).lower()[:3]], int(m.group(3))
            else:
                mo, d, y = _MONTHS[m.group(1).lower()[:3]], int(m.group(2)), int(m.group(3))
            return dt.date(y, mo, d).isoformat()
        except (ValueError, KeyError):
            continue
    return None


DATE_LABEL = re.compile(
    r"^\s*(publish(?:ed)?(?: date| on)?|posted(?: on)?|date|updated|last updated)\b[\s:]*", re.I)
_COPYRIGHT = re.compile(r"(?:©|ⓒ|\(c\)|copyright)\s*(?:\d{4}\s*[-–]?\s*(?:\d{4})?)?\s*([^()\n]{2,60}?)"
                        r"\s*(?:\(|\.\s|\ball rights|$)", re.I)
_REPORTER_TAG = re.compile(
    r"^\s*\[([^\]\n]{2,60}?)\s+(?:reporter|correspondent|staff writer)\b[^\]\n]*\]", re.I)
_AGENCY_LEAD = re.compile(r"^\s*([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,5})\s+\(([A-Z]{2,8})\)\s*[:\-–—]")

_SCRIPTS = (("ko", "\uac00", "\ud7a3"), ("ja", "\u3040", "\u30ff"), ("zh", "\u4e00", "\u9fff"),
            ("ru", "\u0400", "\u04ff"), ("ar", "\u0600", "\u06ff"), ("he", "\u0590", "\u05ff"),
            ("el", "\u0370", "\u03ff"), ("th", "\u0e00", "\u0e7f"), ("hi", "\u0900", "\u097f"))
_STOPWORDS = {k: frozenset(v.split()) for k, v in {
    "en": "the and of to in is that for it with was on as by are at from",
    "de": "der die und das ist nicht mit von den ein eine auf für sich dem",
    "fr": "le la les et des est une dans pour que qui pas sur au avec",
    "es": "el la los las y que en del una por con para es se su",
    "it": "il la che di e un una per non sono della con del gli le",
    "pt": "o a os as e que do da em um uma para com não no na",
    "nl": "de het een en van is dat op te zijn met voor niet",
}.items()}


def guess_language(text: str) -> str:
    """ISO 639-1 code from the script, then from common function words."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return "en"
    for code, lo, hi in _SCRIPTS:
        if sum(1 for ch in letters if lo <= ch <= hi) > 0.3 * len(letters):
            return code
    words = re.findall(r"[a-zà-ÿ]+", text[:20000].lower())
    scores = {lang: sum(1 for w in words if w in sw) for lang, sw in _STOPWORDS.items()}
    return max(scores, key=lambda k: (scores[k], k == "en"))


def _looks_like_title(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 30 or len(line) > 220:
        return False
    bare = line.rstrip()
    end = bare.rstrip("\"”’')")
    quoted_sentence = end != bare and end.endswith((".", "!", "?", ",")) and not end.endswith("...")
    if quoted_sentence or (bare.endswith((".", ":", ";", ",")) and not bare.endswith("...")):
        return False  # a sentence (or a sentence in quotation marks: a quote), not a headline
    if DATE_LABEL.match(line) or re.search(r"\b\w+\s*:\s*\d+\s*$", line) or parse_date(line):
        return False
    if line.lstrip().startswith(("[", "(")) or _COPYRIGHT.search(line) or _REPORTER_TAG.match(line) \
            or _AGENCY_LEAD.match(line) or re.match(r"(?i)(?:by|written by|reporting by)\s", line):
        return False
    return sum(1 for w in words if w[:1].isupper()) >= 2


def infer_meta(body: str) -> dict[str, str]:
    """Metadata stated in the text itself: headline, dated line, copyright or reporter tag."""
    lines = [ln.strip().lstrip("#").strip() for ln in body.split("\n") if ln.strip().lstrip("#").strip()]
    found: dict[str, str] = {}
    for line in lines[:10]:
        if _looks_like_title(line):
            found["title"] = line
            break
    for line in lines[:6]:
        if DATE_LABEL.match(line) or (parse_date(line) and len(line.split()) <= 10):
            date = parse_date(line)
            if date:
                found["published"] = date
                break
    for line in lines:
        m = _REPORTER_TAG.match(line)
        if m:
            found["publisher"] = m.group(1).strip()
            break
        m = _AGENCY_LEAD.match(line)
        if m:  # "Name Of Agency (NOA):" names the agency; "CITY (NOA) -" is a dateline and the code names it
            name, code = m.group(1).strip(), m.group(2)
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            found["publisher"] = name if initials == code else code
            break
    for line in reversed(lines[-15:]):
        m = _COPYRIGHT.search(line)
        if m and len(line) < 200:
            name = m.group(1).strip(" .,-–|")
            if name and not name.lower().startswith("all rights"):
                found["publisher"] = name
                break
    return found


# ------------------------------------------------------------------ events


def _read(path: Path, config: Config) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # reading a pipe or a device could block or never end
            raise UnreadableReportError(str(path), "not a regular file (a pipe, device or socket); "
                                        "save the report as a file")
        if info.st_size > config.max_file_bytes:
            raise UnreadableReportError(str(path), f"file is {info.st_size:,} bytes, more than the limit of "
                                        f"{config.max_file_bytes:,}; keep only the report's text")
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableReportError(str(path), f"cannot be read ({exc.strerror}); check its permissions"
                                    ) from None


def load_source(path: Path, source_id: str, event_id: str, config: Config) -> Source:
    """Read one report file into a Source."""
    fmt = FORMATS[path.suffix.lower()]
    shown = printable(str(path))  # the path in messages; ``path`` itself is only read
    data = _read(path, config)
    text, warnings = decode(data, shown)
    stated: dict[str, str] = {}
    outside: tuple[str, ...] = ()  # what a saved page shows outside its article
    hidden: tuple[str, ...] = ()  # what its markup hides from readers
    struck: tuple[str, ...] = ()  # what it strikes through
    if fmt == "md":
        front, body = split_front_matter(text, shown)
        stated, more = _front_meta(front, shown)
        warnings += more
        body, struck = read_markdown(body)
    elif fmt == "html":
        page = read_page(text)
        body, hidden, outside, struck = page.text, page.hidden, page.left_out, page.struck
        stated = {k: v for k, v in ((k, field_text(v)) for k, v in page.meta.items()) if v}
        if page.whole:
            warnings.append(f"{shown}: {page.whole}; all the text the page shows is read as the report, and "
                            "cleaning takes out its menus and other boilerplate")
    else:
        body = text
    body = valid_text(body)
    if len(body) > config.max_text_chars:
        raise UnreadableReportError(shown, f"its text is {len(body):,} characters, more than max_text_chars "
                                    f"({config.max_text_chars:,}); keep only the report's text, or raise "
                                    "the limit with --set max_text_chars=N")
    if stated.get("url") and not re.match(r"^https?://", stated["url"], re.I):
        warnings.append(f"{shown}: url {stated['url'][:60]!r} is not http(s); it is shown as text, not linked")
    marked = tuple(stated.pop("inferred", "").split(",")) if "inferred" in stated else ()
    guessed = infer_meta(body)
    guessed["language"] = guess_language(body)
    inferred = tuple(k for k in _META_FIELDS if (k not in stated and k in guessed) or (k in marked and k in stated))
    merged = {**guessed, **stated}
    title = merged.get("title") or printable(path.stem)
    if "title" not in merged:
        inferred += ("title",)
    if not re.search(r"\w", body):
        where = "no article text found in the HTML" if fmt == "html" else "the report has no text"
        warnings.append(f"{shown}: {where}; it supports no fact")
    meta = SourceMeta(title=title, publisher=merged.get("publisher"), url=merged.get("url"),
                      published=merged.get("published"), language=merged.get("language", "en"),
                      inferred=inferred)
    return Source(id=source_id, event_id=event_id, path=shown, format=fmt, body=body, meta=meta,
                  digest=hashlib.sha256(data).hexdigest(), warnings=tuple(warnings),
                  left_out=tuple(valid_text(t) for t in outside), hidden=tuple(valid_text(t) for t in hidden),
                  struck=tuple(valid_text(t) for t in struck))


def _event_meta(event_dir: Path, event_id: str, sources: tuple[Source, ...]) -> EventMeta:
    stated: dict[str, Any] = {}
    path = event_dir / EVENT_FILE
    if path.is_file() and not path.is_symlink():  # a link is skipped with a warning (``event_file_warnings``)
        text, _ = decode(_read(path, Config()), printable(str(path)))
        try:
            loaded = yaml.safe_load(text) if text.strip() else {}
        except (yaml.YAMLError, RecursionError):
            raise InputError(str(path), "invalid YAML; fix the syntax (title: ..., date: YYYY-MM-DD)"
                             ) from None
        except ValueError as exc:  # a timestamp YAML cannot make a date of ("date: 2023-02-30")
            raise InputError(str(path), f"invalid value ({str(exc)[:60]}); a date is YYYY-MM-DD, a real day"
                             ) from None
        if not isinstance(loaded, dict):
            raise InputError(str(path), "must be a mapping (title: ..., date: YYYY-MM-DD)")
        stated = loaded
    title = _stated_text(stated, "title", str(path))
    title = field_text(title or "")
    date, given = None, stated.get("date")
    if isinstance(given, str) and not given.strip():
        given = None  # a blank date counts as absent, as a blank title or summary does
    if given is not None:
        date = _as_date(given)
        if date is None:
            raise InputError(str(path), "'date' is not a date; use YYYY-MM-DD")
    inferred = [*(["title"] if not title else []), *(["date"] if given is None else [])]
    summary = _stated_text(stated, "summary", str(path))
    summary = _CONTROL.sub("", valid_text(summary or "")).strip()
    return infer_event_meta(EventMeta(id=event_id, title=title, date=date, summary=summary, inferred=tuple(inferred)),
                            sources)


def _stated_text(stated: dict[str, Any], key: str, path: str) -> str | None:
    """A text field of ``event.yml``; a number ("title: 1984") is its text, as in front matter, and
    any other kind of value (true, a list) is an error."""
    value = stated.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError(path, f"'{key}' must be text, not {type(value).__name__}")


def infer_event_meta(meta: EventMeta, sources: Sequence[Source]) -> EventMeta:
    """``meta`` with the fields it lists as inferred (title, date) inferred from ``sources``: the
    most central headline, the earliest publication date (none when no report states one)."""
    title, date = meta.title, meta.date
    if "title" in meta.inferred:
        titles = [s.meta.title for s in sources
                  if "title" not in s.meta.inferred or s.meta.title != Path(s.path).stem]
        title = central_title(titles) if titles else meta.id
    inferred = meta.inferred
    if "date" in meta.inferred:
        date = min((s.meta.published for s in sources if s.meta.published), default=None)
        if date is None:
            inferred = tuple(f for f in inferred if f != "date")
    return replace(meta, title=title, date=date, inferred=inferred)


def central_title(titles: list[str]) -> str:
    """The headline that shares the most words with the other headlines (ties: the shorter)."""
    words = [{w for w in re.findall(r"\w+", t.lower()) if len(w) > 3} for t in titles]

    def score(k: int) -> float:
        return sum(len(words[k] & w) / max(1, len(words[k] | w)) for j, w in enumerate(words) if j != k)

    best = max(range(len(titles)), key=lambda k: (score(k), -len(titles[k]), titles[k]))
    return titles[best]


def source_files(event_dir: Path) -> tuple[list[Path], list[str]]:
    """The report files directly in a folder, and warnings for what else is there and skipped
    (hidden entries, like ``.DS_Store`` or ``.git``, are skipped silently)."""
    files, warnings = [], []
    for p in sorted(event_dir.iterdir()):
        if p.name.startswith(".") or p.name == EVENT_FILE:
            continue
        shown = printable(str(p))
        if p.is_symlink():
            warnings.append(f"{shown}: symbolic link skipped (reports must be regular files)")
        elif p.is_dir():
            warnings.append(f"{shown}: folder skipped; put the reports directly in the event folder")
        elif not p.is_file():
            warnings.append(f"{shown}: not a regular file (a pipe, device or socket), skipped")
        elif p.suffix.lower() in FORMATS:
            files.append(p)
        else:
            kind = printable(p.suffix) or "(none)"
            warnings.append(f"{shown}: unknown file type {kind!r} skipped; use .txt, .md or .html")
    return files, warnings


def _id_names(files: list[Path]) -> dict[Path, str]:
    """The name each report's id is made from: its stem, or its whole file name where the stem is
    another report's stem or file name too (a.txt and a.md; a.txt and a.txt.md), so ids never clash."""
    stems = Counter(p.stem for p in files)
    taken = {p.name for p in files}
    return {p: p.name if stems[p.stem] > 1 or p.stem in taken else p.stem for p in files}


def event_file_warnings(event_dir: Path) -> list[str]:
    """A warning when the folder's ``event.yml`` is there but not a regular file, so it is not read: a
    symbolic link (it may lead anywhere, and what it holds would be published) or a folder."""
    path = event_dir / EVENT_FILE
    shown = printable(str(path))
    if path.is_symlink():
        return [f"{shown}: symbolic link skipped (event.yml must be a regular file in the event folder)"]
    if path.exists() and not path.is_file():
        return [f"{shown}: not a regular file, skipped (event.yml must be a YAML file)"]
    return []


def load_event(event_dir: Path, config: Config, event_id: str | None = None) -> Event:
    """Load every report of one event folder."""
    if event_id is None:
        event_id = unique_ids([event_dir.name])[event_dir.name]
    files, warnings = source_files(event_dir)
    names = _id_names(files)
    ids = unique_ids(names.values())
    loaded = []
    for p in files:
        try:
            loaded.append(load_source(p, ids[names[p]], event_id, config))
        except UnreadableReportError as exc:
            warnings.append(f"{exc}; the report was left out")
    sources = tuple(loaded)
    for s in sources:
        warnings.extend(s.warnings)
    warnings.extend(_language_warnings(sources))
    copies = identical_reports(sources)
    shown = printable(str(event_dir))
    for group in copies:
        listed = ", ".join(group)
        warnings.append(f"{shown}: reports {listed} have identical text; they count as one origin")
    warnings.extend(event_file_warnings(event_dir))
    if len(sources) == 1:
        warnings.append(f"{shown}: only one report, so nothing can be corroborated yet")
    if not sources:
        warnings.append(f"{shown}: no readable reports (.txt, .md or .html) found")
    return Event(meta=_event_meta(event_dir, event_id, sources), sources=sources, warnings=tuple(warnings),
                 copies=copies)


def identical_reports(sources: tuple[Source, ...]) -> tuple[tuple[str, ...], ...]:
    """Groups of two or more sources whose texts are the same word for word (copies of one file)."""
    groups: dict[str, list[str]] = {}
    for s in sources:
        words = " ".join(s.body.split())
        if words:
            groups.setdefault(words, []).append(s.id)
    return tuple(tuple(g) for g in groups.values() if len(g) >= 2)


def odd_languages(sources: Sequence[Source]) -> dict[str, tuple[str, str]]:
    """The reports written in another language than most (more than half) of the event's reports,
    each with (its language, the main one); without such a majority, no language is the odd one out."""
    langs = [s.meta.language for s in sources if s.body.strip()]
    if len(set(langs)) < 2:
        return {}
    main = max(sorted(set(langs)), key=langs.count)
    if 2 * langs.count(main) <= len(langs):
        return {}
    return {s.id: (s.meta.language, main) for s in sources if s.body.strip() and s.meta.language != main}


def _language_warnings(sources: tuple[Source, ...]) -> list[str]:
    """A warning for each report written in another language than most of the event's reports."""
    odd = odd_languages(sources)
    return [f"{s.path}: written in {odd[s.id][0]!r}, unlike most reports ({odd[s.id][1]!r}); "
            "its statements may go unmatched with the other reports'" for s in sources if s.id in odd]


def event_dirs(content_dir: Path) -> dict[str, Path]:
    """Event folders under the content root, keyed by their stable id."""
    if not content_dir.is_dir():
        raise InputError(str(content_dir), "content folder not found; "
                         "create it with one sub-folder per event")
    dirs = []
    for p in sorted(content_dir.iterdir()):
        if not p.is_dir() or p.name.startswith("."):
            continue
        if p.is_symlink():  # it may lead anywhere, and what is in it would be published
            log.warning("%s: symbolic link skipped (an event must be a folder in the content folder)",
                        printable(str(p)))
        elif p.name.startswith("_"):
            log.warning("%s: folder skipped (a name starting with '_' marks a draft); rename it to build it",
                        printable(str(p)))
        else:
            dirs.append(p)
    ids = unique_ids(p.name for p in dirs)
    return {ids[p.name]: p for p in dirs}
