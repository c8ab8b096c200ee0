"""Stable ids that are safe as path components on every file system.

Ids come from file and folder names, which anyone can choose: they are folded
to lower-case ASCII, stripped of path syntax, kept short, kept off reserved
device names, and made unique (case-insensitively) with a short hash of the
original name, so the same inputs always get the same ids.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_RESERVED = {
    "con", "prn", "aux", "nul", "index", "search", "sources", "assets", "static",
    *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
}
_MAX = 60


def _hash(name: str, size: int = 8) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:size]


def slug(name: str) -> str:
    """Fold a name to ``[a-z0-9_-]`` (at most 60 characters); empty names get a hash."""
    folded = unicodedata.normalize("NFKD", name)
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9_-]+", "-", folded).strip("-_")
    s = re.sub(r"-{2,}", "-", s)
    if len(s) > _MAX:
        s = s[: _MAX - 9].rstrip("-_") + "-" + _hash(name)
    if not s:
        return "x-" + _hash(name)
    if s in _RESERVED:
        s = f"{s}-{_hash(name)}"
    return s


def unique_ids(names: Iterable[str]) -> dict[str, str]:
    """Map each name to a distinct stable slug. Of names that collide, one that is its own slug
    ("ruritania-vote" beside "Ruritania vote") keeps it, so adding a folder never renames one
    whose name is an id already; the others get a hash suffix."""
    names = sorted(set(names))
    base = {n: slug(n) for n in names}
    counts: dict[str, int] = {}
    for s in base.values():
        counts[s] = counts.get(s, 0) + 1
    plain = {n for n in names if counts[base[n]] == 1 or n == base[n]}
    out = {n: base[n] if n in plain else f"{base[n][:_MAX - 9]}-{_hash(n)}" for n in names}
    taken = {out[n] for n in plain}
    for n in names:  # a hashed id may still equal another name's plain slug: lengthen its hash
        if n not in plain and out[n] in taken:
            out[n] = f"{base[n][:_MAX - 17]}-{_hash(n, 16)}"
        taken.add(out[n])
    return out
