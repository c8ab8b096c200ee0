"""Load the reports of one event: decode, parse front matter or HTML, infer metadata.

This stage turns untrusted files into `Source` values. It never invents
metadata: a field is either stated (front matter, HTML meta) or inferred from
an explicit statement in the text (a dated "Publish date" line, a copyright
line, a reporter tag), and inferred fields are named in ``SourceMeta.inferred``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import Config
from .errors import InputError
from .ids import unique_ids
from .model import EventMeta, Source, SourceMeta

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


# ---------------------------------------------------------------- decoding

_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u2018-\u203a€™œž]")


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (BOM allowed), else a detected encoding; binary is rejected."""
    warnings: list[str] = []
    if not data.strip():
        return "", warnings
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise InputError(path, "looks like a binary file (NUL bytes); save the report as UTF-8 text, Markdown or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(
                path, f"not UTF-8 (invalid byte at offset {exc.start}) and no encoding could be detected; "
                "re-save it as UTF-8") from None
        text = str(best)
        warnings.append(f"{path}: not UTF-8 (invalid byte at offset {exc.start}); decoded as {best.encoding}")
    if _MOJIBAKE.search(text):
        fixed = _repair_mojibake(text)
        if fixed != text:
            warnings.append(f"{path}: repaired mojibake (UTF-8 read as Windows-1252)")
            text = fixed
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:20000]) // 50):
        raise InputError(path, "looks like a binary file (control characters); save the report as text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text), warnings


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

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


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
        return {}, text
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(path, f"invalid YAML front matter{where}; fix the YAML between the '---' lines") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a mapping of fields (title: ..., publisher: ...)")
    return data, text[m.end():]


def _front_meta(data: dict[str, Any], path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in _META_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if key == "published":
            date = _as_date(value)
            if date is None:
                raise InputError(path, f"front matter 'published' is not a date ({str(value)[:40]!r}); use YYYY-MM-DD")
            out[key] = date
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            out[key] = str(value).strip()
        else:
            raise InputError(path, f"front matter '{key}' must be text, not {type(value).__name__}")
    return out


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: markup dropped, every word of prose kept."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    lines: list[str] = []
    for tok in md.parse(body):
        if tok.type == "inline" and tok.children is not None:
            parts = []
            for child in tok.children:
                if child.type in ("text", "code_inline", "html_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                elif child.type == "image":
                    parts.append(child.content)
            lines.append("".join(parts))
        elif tok.type in ("code_block", "fence", "html_block"):
            lines.append(tok.content.strip())
    return "\n\n".join(line for line in lines if line.strip())


# -------------------------------------------------------------------- HTML


def html_to_text(html: str, path: str) -> tuple[str, dict[str, str], list[str]]:
    """Main text and stated metadata of a saved web page, via trafilatura."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                               deduplicate=False) or ""
    meta: dict[str, str] = {}
    try:
        doc = extract_metadata(html)
    except Exception:  # the extractor is third-party code on hostile input
        doc = None
    if doc is not None:
        for ours, theirs in (("title", "title"), ("publisher", "sitename"), ("url", "url"), ("published", "date")):
            value = getattr(doc, theirs, None)
            if isinstance(value, str) and value.strip():
                meta[ours] = value.strip()
    if "published" in meta:
        date = parse_date(meta["published"])
        if date:
            meta["published"] = date
        else:
            del meta["published"]
    warnings = [] if text.strip() else [f"{path}: no article text found in the HTML"]
    return text, meta, warnings


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


_DATE_LABEL = re.compile(r"^\s*(publish(?:ed)?(?: date| on)?|posted(?: on)?|date|updated|last updated)\b[\s:]*",
                         re.I)
_COPYRIGHT = re.compile(r"(?:©|ⓒ|\(c\)|copyright)\s*(?:\d{4}\s*[-–]?\s*(?:\d{4})?)?\s*([^()\n]{2,60}?)"
                        r"\s*(?:\(|\.\s|\ball rights|$)", re.I)
_REPORTER_TAG = re.compile(r"^\s*\[([^\]\n]{2,60}?)\s+(?:reporter|correspondent|staff writer)\b[^\]\n]*\]", re.I)
_AGENCY_LEAD = re.compile(r"^\s*([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,5})\s+\(([A-Z]{2,8})\)\s*[:\-–—]")

_SCRIPTS = (("ko", "\uac00", "\ud7a3"), ("ja", "\u3040", "\u30ff"), ("zh", "\u4e00", "\u9fff"),
            ("ru", "\u0400", "\u04ff"), ("ar", "\u0600", "\u06ff"), ("he", "\u0590", "\u05ff"),
            ("el", "\u0370", "\u03ff"), ("th", "\u0e00", "\u0e7f"), ("hi", "\u0900", "\u097f"))
_STOPWORDS = {
    "en": "the and of to in is that for it with was on as by are at from".split(),
    "de": "der die und das ist nicht mit von den ein eine auf für sich dem".split(),
    "fr": "le la les et des est une dans pour que qui pas sur au avec".split(),
    "es": "el la los las y que en del una por con para es se su".split(),
    "it": "il la che di e un una per non sono della con del gli le".split(),
    "pt": "o a os as e que do da em um uma para com não no na".split(),
    "nl": "de het een en van is dat op te zijn met voor niet".split(),
}


def guess_language(text: str) -> str:
    """ISO 639-1 code from the script, then from common function words."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return "en"
    for code, lo, hi in _SCRIPTS:
        if sum(1 for ch in letters if lo <= ch <= hi) > 0.3 * len(letters):
            return code
    words = re.findall(r"[a-zà-ÿ]+", text[:20000].lower())
    scores = {lang: sum(1 for w in words if w in set(sw)) for lang, sw in _STOPWORDS.items()}
    return max(scores, key=lambda k: (scores[k], k == "en"))


def _looks_like_title(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 30 or len(line) > 220:
        return False
    if line.rstrip().endswith((".", ":", ";", ",")) and not line.rstrip().endswith("..."):
        return False
    if _DATE_LABEL.match(line) or re.search(r"\b\w+\s*:\s*\d+\s*$", line) or parse_date(line):
        return False
    return sum(1 for w in words if w[:1].isupper()) >= 2


def infer_meta(body: str) -> dict[str, str]:
    """Metadata stated in the text itself: headline, dated line, copyright or reporter tag."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    found: dict[str, str] = {}
    for line in lines[:10]:
        if _looks_like_title(line):
            found["title"] = line
            break
    for line in lines[:6]:
        if _DATE_LABEL.match(line) or parse_date(line) and len(line.split()) <= 10:
            date = parse_date(line)
            if date:
                found["published"] = date
                break
    for line in lines:
        m = _REPORTER_TAG.match(line) or _AGENCY_LEAD.match(line)
        if m:
            found["publisher"] = m.group(1).strip()
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
        size = path.stat().st_size
        if size > config.max_file_bytes:
            raise InputError(str(path), f"file is {size:,} bytes, more than the limit of {config.max_file_bytes:,}; "
                             "split it or remove what is not the report")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None


def load_source(path: Path, source_id: str, event_id: str, config: Config) -> Source:
    """Read one report file into a Source."""
    fmt = FORMATS[path.suffix.lower()]
    data = _read(path, config)
    text, warnings = decode(data, str(path))
    stated: dict[str, str] = {}
    if fmt == "md":
        front, body = split_front_matter(text, str(path))
        stated = _front_meta(front, str(path))
        body = markdown_to_text(body)
    elif fmt == "html":
        body, stated, more = html_to_text(text, str(path))
        warnings += more
    else:
        body = text
    if stated.get("url") and not re.match(r"^https?://", stated["url"], re.I):
        warnings.append(f"{path}: url {stated['url'][:60]!r} is not http(s); it is shown as text, not linked")
    guessed = infer_meta(body)
    guessed["language"] = guess_language(body)
    inferred = tuple(k for k in _META_FIELDS if k not in stated and k in guessed)
    merged = {**guessed, **stated}
    title = merged.get("title") or path.stem
    if "title" not in merged:
        inferred += ("title",)
    if not body.strip():
        warnings.append(f"{path}: the report has no text")
    meta = SourceMeta(title=title, publisher=merged.get("publisher"), url=merged.get("url"),
                      published=merged.get("published"), language=merged.get("language", "en"),
                      inferred=inferred)
    return Source(id=source_id, event_id=event_id, path=str(path), format=fmt, body=body, meta=meta,
                  digest=hashlib.sha256(data).hexdigest(), warnings=tuple(warnings))


def _event_meta(event_dir: Path, event_id: str, sources: tuple[Source, ...]) -> EventMeta:
    stated: dict[str, Any] = {}
    path = event_dir / EVENT_FILE
    if path.is_file():
        text, _ = decode(_read(path, Config()), str(path))
        try:
            loaded = yaml.safe_load(text) if text.strip() else {}
        except yaml.YAMLError:
            raise InputError(str(path), "invalid YAML; fix the syntax (title: ..., date: YYYY-MM-DD)") from None
        if not isinstance(loaded, dict):
            raise InputError(str(path), "must be a mapping (title: ..., date: YYYY-MM-DD)")
        stated = loaded
    inferred: list[str] = []
    title = stated.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(str(path), "'title' must be text")
    if not title:
        titles = [s.meta.title for s in sources if "title" not in s.meta.inferred or s.meta.title != Path(s.path).stem]
        title = min(titles, key=len) if titles else event_id
        inferred.append("title")
    date = None
    if stated.get("date") is not None:
        date = _as_date(stated["date"])
        if date is None:
            raise InputError(str(path), "'date' is not a date; use YYYY-MM-DD")
    else:
        dates = sorted(s.meta.published for s in sources if s.meta.published)
        if dates:
            date = dates[0]
            inferred.append("date")
    summary = stated.get("summary", "")
    if not isinstance(summary, str):
        raise InputError(str(path), "'summary' must be text")
    return EventMeta(id=event_id, title=str(title), date=date, summary=summary, inferred=tuple(inferred))


def source_files(event_dir: Path) -> tuple[list[Path], list[str]]:
    """The report files directly in a folder, and warnings for files that are skipped."""
    files, warnings = [], []
    for p in sorted(event_dir.iterdir()):
        if p.name.startswith(".") or p.name == EVENT_FILE or p.is_dir():
            continue
        if p.is_symlink():
            warnings.append(f"{p}: symbolic link skipped (reports must be regular files)")
        elif p.suffix.lower() in FORMATS:
            files.append(p)
        else:
            warnings.append(f"{p}: unknown file type {p.suffix or '(none)'!r} skipped; use .txt, .md or .html")
    return files, warnings


def load_event(event_dir: Path, config: Config, event_id: str | None = None) -> Event:
    """Load every report of one event folder."""
    if event_id is None:
        event_id = unique_ids([event_dir.name])[event_dir.name]
    files, warnings = source_files(event_dir)
    ids = unique_ids(p.stem for p in files)
    stems = [p.stem for p in files]
    dup_stems = {s for s in stems if stems.count(s) > 1}
    if dup_stems:  # a.txt and a.md: keep the suffix in the id so both stay distinct
        ids = unique_ids(p.name if p.stem in dup_stems else p.stem for p in files)
    sources = tuple(load_source(p, ids[p.name if p.stem in dup_stems else p.stem], event_id, config) for p in files)
    for s in sources:
        warnings.extend(s.warnings)
    if len(sources) == 1:
        warnings.append(f"{event_dir}: only one report, so nothing can be corroborated yet")
    if not sources:
        warnings.append(f"{event_dir}: no reports (.txt, .md or .html) found")
    return Event(meta=_event_meta(event_dir, event_id, sources), sources=sources, warnings=tuple(warnings))


def event_dirs(content_dir: Path) -> dict[str, Path]:
    """Event folders under the content root, keyed by their stable id."""
    if not content_dir.is_dir():
        raise InputError(str(content_dir), "content folder not found; create it with one sub-folder per event")
    dirs = [p for p in sorted(content_dir.iterdir()) if p.is_dir() and not p.name.startswith((".", "_"))]
    ids = unique_ids(p.name for p in dirs)
    return {ids[p.name]: p for p in dirs}
