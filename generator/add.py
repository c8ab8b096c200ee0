"""`brief add EVENT FILE|URL...`: put reports into content/<event>/, ready to build.

Local text files are copied byte for byte (a .txt has no front matter). A local
Markdown file without front matter gets one holding what the loader infers from
its text (title, publisher, published: ``load.infer_meta``, never more). Web
pages (saved or downloaded) go through the same trafilatura extraction the
loader uses and are written as Markdown whose front matter holds what the page
states (title, publisher, url, published). This is the only command that may
use the network, and only for the URLs it is given.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import load
from .config import Config
from .errors import InputError
from .ids import slug

log = logging.getLogger(__name__)

Fetcher = Callable[[str, int], tuple[bytes, str, str]]
"""(url, byte limit) -> (body, content type, final url)."""

_URL = re.compile(r"^https?://", re.I)
_INLINE = re.compile(r"([\\`*_\[\]<>&!~|])")
_ORDERED = re.compile(r"^(\d+)[.)]")
USER_AGENT = "brief-add/0.1 (+https://github.com/; offline event briefs)"


@dataclass(frozen=True, slots=True)
class Added:
    """One input and where it went (or why it was skipped)."""

    input: str
    path: Path
    skipped: str = ""

    def __str__(self) -> str:
        return f"{self.input}: {self.skipped} ({self.path})" if self.skipped else f"added {self.path}"


def fetch_url(url: str, limit: int) -> tuple[bytes, str, str]:
    """Download one http(s) address (at most ``limit`` bytes)."""
    import urllib.error
    import urllib.request

    if not _URL.match(url):
        raise InputError(url, "only http:// and https:// addresses can be downloaded")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = response.read(limit + 1)
            kind = response.headers.get("Content-Type", "")
            final = response.geturl()
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        why = getattr(exc, "reason", exc)
        raise InputError(url, f"download failed ({why}); save the page and add the file") from None
    if len(data) > limit:
        raise InputError(url, f"more than {limit:,} bytes; save the article text and add the file")
    return data, kind, final


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    if m := _ORDERED.match(line):
        return m.group(1) + "\\" + line[m.end(1):]
    return "\\" + line if line[0] in "#>+=~-" else line


def text_to_markdown(text: str) -> str:
    """Plain text as Markdown that reads back (``load.markdown_to_text``) as the same lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(_escape_line(line) for line in lines if line) + "\n"


def _front_matter(meta: dict[str, str], inferred: tuple[str, ...] = ()) -> str:
    """YAML front matter of the known fields; ``inferred`` names those read from the text rather than
    stated by the page (the brief shows them as inferred)."""
    fields: dict[str, object] = {k: meta[k] for k in ("title", "publisher", "url", "published", "language")
                                 if meta.get(k)}
    if not fields:
        return ""
    if inferred:
        fields["inferred"] = [k for k in fields if k in inferred]
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def _with_front_matter(text: str, name: str, data: bytes) -> bytes:
    """A Markdown report with front matter holding what the loader infers from its text (title,
    publisher, published); unchanged when it has front matter already or nothing is inferred."""
    front, body = load.split_front_matter(text, name)
    if front or body != text:
        return data
    found = {k: v for k, v in load.infer_meta(load.markdown_to_text(body)).items()
             if k in ("title", "publisher", "published") and v}
    header = _front_matter(found, inferred=tuple(found))
    return (header + text).encode("utf-8") if header else data


def event_folder(content_dir: Path, event: str) -> Path:
    """The folder of an event named by folder name or id; a new one gets a safe id as its name."""
    if content_dir.is_dir():
        direct = content_dir / event
        if "/" not in event and "\\" not in event and event not in (".", "..") and direct.is_dir():
            return direct
        existing = load.event_dirs(content_dir)
        if event in existing:
            return existing[event]
    return content_dir / slug(event)


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """A new file name whose stem gives an id of its own: the loader folds ids to lower case and
    tells files sharing a stem apart by suffix, so r1.md next to r1.txt would rename source r1."""
    reports = load.source_files(folder)[0] if folder.is_dir() else []
    taken = {slug(n) for p in reports for n in (p.stem, p.name)}
    candidate, n = stem, 2
    while slug(candidate) in taken or (folder / f"{candidate}{suffix}").exists():
        candidate = f"{stem}-{n}"
        n += 1
    return folder / f"{candidate}{suffix}"


def _is_html(name: str, content_type: str, data: bytes) -> bool:
    if Path(name).suffix.lower() in (".html", ".htm") or "html" in content_type.lower():
        return True
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def convert(name: str, data: bytes, content_type: str = "", url: str | None = None) -> tuple[str, bytes]:
    """The file suffix and bytes to store for one input: copies for text and Markdown, Markdown for HTML."""
    if _is_html(name, content_type, data):
        text, _ = load.decode(data, name)
        body, meta = load.html_to_text(text)
        if not body.strip():
            raise InputError(name, "no article text found in the page; save the text and add that instead")
        if url and not meta.get("url"):
            meta["url"] = url
        return ".md", (_front_matter(meta) + text_to_markdown(body)).encode("utf-8")
    suffix = Path(name).suffix.lower()
    if url is None and suffix in load.FORMATS:
        text, _ = load.decode(data, name)  # reject binary files now rather than at build time
        if load.FORMATS[suffix] == "md":
            return suffix, _with_front_matter(text, name, data)
        return suffix, data
    text, _ = load.decode(data, name)
    if url is None:
        raise InputError(name, f"unknown file type {suffix or '(none)'!r}; use .txt, .md or .html")
    return ".md", (_front_matter({"url": url}) + text_to_markdown(text)).encode("utf-8")


def add(event: str, inputs: Sequence[str], config: Config, fetch: Fetcher | None = None) -> list[Added]:
    """Copy or download each input into the event's folder (created when new)."""
    if not event.strip():
        raise InputError(event, "the event name is empty")
    folder = event_folder(config.content_dir, event)
    existing = {p.read_bytes(): p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}
    done: list[Added] = []
    for item in inputs:
        if _URL.match(item):
            data, kind, final = (fetch or fetch_url)(item, config.max_file_bytes)
            parts = urlsplit(final)
            segments = [x for x in parts.path.split("/") if x]
            name = segments[-1] if segments else parts.hostname or "report"
            suffix, stored = convert(name, data, kind, final)
        else:
            path = Path(item)
            if not path.is_file():
                raise InputError(item, "no such file")
            if path.stat().st_size > config.max_file_bytes:
                raise InputError(item, f"more than {config.max_file_bytes:,} bytes; is this one report?")
            data = path.read_bytes()
            name = path.name
            suffix, stored = convert(name, data)
        present = existing.get(stored) or existing.get(data)
        if present is not None:
            done.append(Added(item, present, "already present"))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, slug(Path(name).stem), suffix)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(stored)
        tmp.replace(target)
        existing[stored] = target
        done.append(Added(item, target))
    return done
