"""What changed in each brief from build to build: a changelog per event and an Atom feed.

Each build compares every brief with a snapshot of the previous one (fact ids,
statuses, cited sentences, sources) and records what is new: facts, facts that
became corroborated, disagreements, sources. Records carry the date of the
change, which comes from the inputs (``SOURCE_DATE_EPOCH`` when set, else the
newest modification time of the event's files), never from the clock, and is
kept once recorded, so rebuilding the same inputs gives the same site.

The history is one JSON file (``<build_dir>/cache/history.json``), published
with the site as ``history.json`` so a fresh CI runner can restore it (see the
README's "CI and publishing").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml

from .model import Brief, Fact

log = logging.getLogger(__name__)

SCHEMA = 1
MAX_RECORDS = 20
"""Records kept per event (older ones are dropped)."""
FEED_ENTRIES = 50
CHANGES_PAGE = "changes.md"


@dataclass(frozen=True, slots=True)
class Item:
    """One changed fact or source, as listed in a record."""

    id: str
    """Fact id (its anchor on the brief page) or source id."""
    text: str
    """The fact's shown wording, or the source's title."""


@dataclass(frozen=True, slots=True)
class Record:
    """What one build changed in one brief."""

    date: str
    """When, as an ISO 8601 UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)."""
    first: bool = False
    """The brief's first build."""
    new_sources: tuple[Item, ...] = ()
    removed_sources: tuple[Item, ...] = ()
    new_facts: tuple[Item, ...] = ()
    corroborated: tuple[Item, ...] = ()
    """Facts that were single-source before and are corroborated now."""
    disputed: tuple[Item, ...] = ()
    """Disagreements that are new in this build."""

    @property
    def summary(self) -> str:
        """One line, e.g. '2 new facts, 1 newly corroborated, 1 new source'."""
        if self.first:
            return "first brief"
        parts = [(len(self.new_facts), "new fact", "new facts"),
                 (len(self.corroborated), "newly corroborated fact", "newly corroborated facts"),
                 (len(self.disputed), "new disagreement", "new disagreements"),
                 (len(self.new_sources), "new source", "new sources"),
                 (len(self.removed_sources), "source removed", "sources removed")]
        text = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)
        return text or "reprocessed, no change in facts"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a brief contained at its last build, to compare the next one with."""

    sources: dict[str, str] = field(default_factory=dict)
    """Source id -> title."""
    facts: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Fact id -> (status, cited sentence keys ``<source>#<sentence>``)."""


@dataclass(frozen=True, slots=True)
class EventHistory:
    """An event's changelog (newest first) and its last snapshot: what the renderer may show."""

    event_id: str
    title: str
    records: tuple[Record, ...] = ()
    snapshot: Snapshot = field(default_factory=Snapshot)

    @property
    def updated(self) -> str | None:
        """When the brief last changed (ISO timestamp), if ever built."""
        return self.records[0].date if self.records else None


def snapshot(brief: Brief) -> Snapshot:
    """The comparable content of a brief."""
    return Snapshot(
        sources={r.source.id: r.source.meta.title for r in brief.sources},
        facts={f.id: (f.status, _cites(f)) for f in brief.facts})


def _cites(fact: Fact) -> tuple[str, ...]:
    return tuple(sorted({f"{c.source_id}#{c.sentence_index}" for c in fact.citations}))


def changes(before: Snapshot | None, brief: Brief, date: str) -> Record | None:
    """What ``brief`` adds to the snapshot ``before``; None when nothing reader-visible changed.

    A fact whose id changed (its shown wording moved to another report) is
    matched to its earlier self by a shared cited sentence, so it is not new.
    """
    if before is None:
        return Record(date=date, first=True,
                      new_sources=tuple(Item(r.source.id, r.source.meta.title) for r in brief.sources))
    by_cite = {k: fid for fid, (_, cites) in before.facts.items() for k in cites}
    new, corroborated, disputed = [], [], []
    for f in brief.facts:
        prev = f.id if f.id in before.facts else next((by_cite[k] for k in _cites(f) if k in by_cite), None)
        old_status = before.facts[prev][0] if prev is not None else None
        item = Item(f.id, f.text)
        if f.status == "disputed":
            if old_status != "disputed":
                disputed.append(item)
        elif prev is None:
            new.append(item)
        elif f.status == "corroborated" and old_status != "corroborated":
            corroborated.append(item)
    now = {r.source.id: r.source.meta.title for r in brief.sources}
    record = Record(
        date=date,
        new_sources=tuple(Item(k, v) for k, v in now.items() if k not in before.sources),
        removed_sources=tuple(Item(k, v) for k, v in before.sources.items() if k not in now),
        new_facts=tuple(new), corroborated=tuple(corroborated), disputed=tuple(disputed))
    if record.new_sources or record.removed_sources or new or corroborated or disputed:
        return record
    return None


def update(history: EventHistory | None, brief: Brief, date: str) -> EventHistory:
    """The event's history after this build of ``brief`` (unchanged when nothing changed).

    A new record is dated at least one second after the previous one, whatever ``date`` says
    (a removed report can leave older files only), so "Last updated" never goes back and each
    record's feed entry id (event and date) is its own.
    """
    before = history.snapshot if history is not None else None
    if history is not None and history.updated:
        try:
            floor = epoch(history.updated) + 1
        except ValueError:  # a hand-edited history: nothing to keep after
            floor = 0
        date = iso(max(epoch(date), floor))
    record = changes(before, brief, date)
    old = history.records if history is not None else ()
    records = ((record, *old) if record is not None else old)[:MAX_RECORDS]
    return EventHistory(event_id=brief.event.id, title=brief.event.title, records=records,
                        snapshot=snapshot(brief))


def change_date(files: Iterable[Path], epoch: str | None) -> str:
    """The date a change is recorded with: ``SOURCE_DATE_EPOCH`` if given, else the newest input's
    time: its last commit when it is committed unchanged in a git work tree (so every clone agrees),
    else its modification time (a report just dropped in)."""
    if epoch is not None and epoch.strip():
        return iso(int(epoch))
    files = list(files)
    committed = _commit_times(files)
    times = []
    for p in files:
        if p in committed:
            times.append(committed[p])
            continue
        try:
            times.append(int(p.stat().st_mtime))
        except OSError:  # gone since it was listed, or a broken link
            continue
    return iso(max(times, default=0))


def _git(folder: Path, *args: str) -> str | None:
    """Standard output of a git command run in ``folder``; None when git is missing or fails."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=folder, capture_output=True,
                              text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError, UnicodeError):
        return None
    return done.stdout if done.returncode == 0 else None


@lru_cache(maxsize=4)
def _last_commits(root: str, head: str) -> dict[str, int]:
    """Last commit time of every file under ``root`` (paths relative to it), at commit ``head``:
    one walk of the history for the whole build, not one per event."""
    log = _git(Path(root), "log", head, "--format=@%ct", "--name-only", "--relative", "--", ".") or ""
    out: dict[str, int] = {}
    stamp = 0
    for line in log.splitlines():  # newest commit first: the first time a file is named is its last commit
        if line.startswith("@") and line[1:].isdigit():
            stamp = int(line[1:])
        elif line.strip() and stamp:
            out.setdefault(line.strip(), stamp)
    return out


def _commit_times(files: list[Path]) -> dict[Path, int]:
    """Last commit time of each file that git tracks and that has no uncommitted change; {} without git."""
    folder = files[0].parent if files else None
    names = [p.name for p in files if p.parent == folder]
    if folder is None or not names:
        return {}
    head = (_git(folder, "rev-parse", "HEAD") or "").strip()
    status = _git(folder, "status", "--porcelain", "--untracked-files=all", "--ignored", "--", *names)
    if not head or status is None:
        return {}
    changed = {line[3:].strip().strip('"').rsplit("/", 1)[-1] for line in status.splitlines() if line.strip()}
    table = _last_commits(str(folder.parent.resolve()), head)
    return {folder / n: table[f"{folder.name}/{n}"] for n in names
            if n not in changed and f"{folder.name}/{n}" in table}


def iso(seconds: int) -> str:
    """An epoch time as YYYY-MM-DDTHH:MM:SSZ."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(timestamp: str) -> int:
    """YYYY-MM-DDTHH:MM:SSZ back to epoch seconds."""
    return int(dt.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC).timestamp())


# ------------------------------------------------------------------ storage


def load(path: Path) -> dict[str, EventHistory]:
    """Every event's history from a JSON file; empty when the file is missing or unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("history %s unreadable (%s); starting a new one", path, exc)
        return {}
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        log.warning("history %s has an unknown format; starting a new one", path)
        return {}
    out = {}
    try:
        for eid, e in data["events"].items():
            records = tuple(Record(date=r["date"], first=bool(r.get("first")),
                                   **{k: tuple(Item(**i) for i in r.get(k, ()))
                                      for k in ("new_sources", "removed_sources", "new_facts", "corroborated",
                                                "disputed")})
                            for r in e["records"])
            snap = Snapshot(sources=dict(e["snapshot"]["sources"]),
                            facts={k: (v[0], tuple(v[1])) for k, v in e["snapshot"]["facts"].items()})
            out[eid] = EventHistory(event_id=eid, title=e["title"], records=records, snapshot=snap)
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("history %s is malformed (%s); starting a new one", path, exc)
        return {}
    return out


def dumps(histories: Mapping[str, EventHistory]) -> str:
    """Deterministic JSON text of every event's history."""
    events: dict[str, Any] = {}
    for eid in sorted(histories):
        h = histories[eid]
        events[eid] = {
            "title": h.title,
            "records": [{k: v for k, v in asdict(r).items() if v} | {"date": r.date} for r in h.records],
            "snapshot": {"sources": dict(sorted(h.snapshot.sources.items())),
                         "facts": {k: [s, list(c)] for k, (s, c) in sorted(h.snapshot.facts.items())}},
        }
    data = {"schema": SCHEMA, "events": events}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def save(path: Path, histories: Mapping[str, EventHistory]) -> None:
    """Write the history file atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dumps(histories), encoding="utf-8")
    tmp.replace(path)


# ------------------------------------------------------------------ output

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
_BLOCK_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])")
_XML_BAD = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def md_escape(text: str) -> str:
    """Text shown literally in Markdown: one line, markup and HTML escaped."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters no page text may hold: C0 and C1 controls and the Unicode line separators."""


def front_matter(title: str) -> str:
    """YAML front matter giving MkDocs a page's title as plain text, whatever characters it holds:
    a title YAML cannot read would make MkDocs show the front matter as the page's text."""
    clean = " ".join(CONTROL.sub("\ufffd", title).split()) or "Untitled"
    return "---\n" + yaml.safe_dump({"title": clean}, allow_unicode=True, width=1_000_000) + "---\n"


def _day(stamp: str) -> str:
    """A record's day as the site writes one ("30 January 2023"); the stamp as it is when not a date."""
    try:
        day = dt.date.fromisoformat(stamp[:10])
    except ValueError:
        return stamp[:10]
    return f"{day.day} {day:%B %Y}"


def changes_markdown(history: EventHistory, fact_anchor: str = "f-{id}") -> str:
    """The changelog page of one event (``<event>/changes.md``).

    Facts and sources still in the brief link to their place in it (``fact_anchor``
    is the renderer's anchor pattern); ones since gone are plain text.
    """
    lines = [front_matter("Changes: " + history.title), f"# Changes: {md_escape(history.title)}", ""]
    if history.updated:
        lines += [f"Last updated {_day(history.updated)}. [Back to the brief](index.md)", ""]
    current = history.snapshot
    for r in history.records:
        lines += [f"## {_day(r.date)}: {md_escape(r.summary)}", ""]
        for label, items in (("New source", r.new_sources), ("Source removed", r.removed_sources),
                             ("New fact", r.new_facts), ("Now corroborated", r.corroborated),
                             ("New disagreement", r.disputed)):
            for item in items:
                text = md_escape(item.text)
                if label == "New source" and item.id in current.sources:
                    text = f"[{text}](sources/{item.id}.md)"
                elif label not in ("New source", "Source removed") and item.id in current.facts:
                    text = f"[{text}](index.md#{fact_anchor.format(id=item.id)})"
                lines.append(f"- {label}: {text}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _xml(text: str) -> str:
    return _XML_BAD.sub("", text)


def feed_xml(histories: Mapping[str, EventHistory], site_url: str = "", title: str = "Event briefs") -> str:
    """An Atom feed with one entry per event, for its latest change, newest first."""
    ns = "http://www.w3.org/2005/Atom"
    base = site_url.rstrip("/") + "/" if site_url else ""
    latest = sorted((h for h in histories.values() if h.records),
                    key=lambda h: (h.records[0].date, h.event_id), reverse=True)[:FEED_ENTRIES]
    root = ET.Element("feed", {"xmlns": ns})
    ET.SubElement(root, "title").text = _xml(title)
    ET.SubElement(root, "id").text = base + "feed.xml" if base else "urn:brief:feed"
    ET.SubElement(root, "updated").text = latest[0].records[0].date if latest else iso(0)
    ET.SubElement(ET.SubElement(root, "author"), "name").text = _xml(title)
    if base:
        ET.SubElement(root, "link", {"rel": "self", "href": base + "feed.xml"})
        ET.SubElement(root, "link", {"href": base})
    for h in latest:
        r = h.records[0]
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "title").text = _xml(f"{h.title}: {r.summary}")
        ET.SubElement(entry, "id").text = f"urn:brief:{h.event_id}:{r.date}"
        ET.SubElement(entry, "updated").text = r.date
        ET.SubElement(entry, "link", {"href": f"{base}{h.event_id}/index.html"})
        lines = [f"{label}: {i.text}" for label, items in (
            ("New source", r.new_sources), ("New fact", r.new_facts), ("Now corroborated", r.corroborated),
            ("New disagreement", r.disputed)) for i in items]
        ET.SubElement(entry, "summary").text = _xml("\n".join(lines[:20]) or r.summary)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
