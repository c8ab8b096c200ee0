"""`brief build`: every event under content/ into Markdown briefs, then the site, redoing only what changed.

Each event's result is cached under a key made of its files' bytes and the
code/config version (``cache.code_version``), and each source's cleaning and
sentence split under a key of its own, so adding one report re-processes only
its event. Events that must be rebuilt are processed in parallel; an unreadable
cache entry is a miss. When no event, template, theme or history changed and the
site exists, MkDocs is skipped. ``--event`` processes only the named events and
keeps the others as last built.

Output is atomic: the Markdown goes to a fresh folder, MkDocs builds from it into
another fresh folder (``site.build_site``), and only when both succeed do they
replace ``<build_dir>/docs`` and ``site/``; the history is saved last. What a
killed build left is removed by the next one that starts while no other runs.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from . import history, render, semantic, site
from .cache import Cache, code_version, digest
from .config import Config
from .errors import InputError, printable
from .export import brief_to_json
from .load import EVENT_FILE, event_dirs
from .model import Brief

log = logging.getLogger(__name__)

INDEX = "index.json"
"""Per-event manifests of the last successful build, inside the cache folder (for the reasons shown)."""
HISTORY = "history.json"
LOCK = ".lock"
"""Inside the build folder: held (shared) by every running build, see ``build_lock``."""
PROGRESS_MIN_EVENTS = 20
"""Show a progress bar on a non-terminal standard error only from this many events to process."""


@dataclass(frozen=True, slots=True)
class EventPlan:
    """One event folder and the cache key of its brief."""

    id: str
    folder: Path
    key: str
    files: dict[str, str]
    """File name -> sha256 of its bytes (reports and event.yml)."""
    size: int = 0
    """Bytes of input, a proxy for the work (the biggest events are started first)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the build did with one event, and why."""

    event_id: str
    rebuilt: bool
    reason: str
    warnings: tuple[str, ...] = ()
    """The brief's warnings (a report of another event, an unreadable file...), said with a rebuilt event
    so that a maintainer reads them in the build's log, not only on the site."""

    def __str__(self) -> str:
        return f"event {self.event_id}: {'rebuilt' if self.rebuilt else 'unchanged'} ({self.reason})"


@dataclass(slots=True)
class BuildReport:
    """The outcome of a build: per event, the site, and seconds per stage."""

    events: list[Outcome] = field(default_factory=list)
    site_rebuilt: bool = False
    timings: dict[str, float] = field(default_factory=dict)


# ------------------------------------------------------------------ planning


def _folder_files(folder: Path) -> tuple[dict[str, str], int]:
    """Each file of an event folder by name (a name that is not UTF-8 with its bytes escaped) with
    the digest of its bytes; a pipe or device is named, never read (reading one could block)."""
    out, size = {}, 0
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or p.is_dir():
            continue
        name = p.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if p.is_symlink() or not p.is_file():
            out[name] = "symlink" if p.is_symlink() else "not a regular file"
            continue
        data = p.read_bytes()
        out[name], size = digest(data), size + len(data)
    return out, size


def plan(config: Config, only: Sequence[str] | None = None) -> list[EventPlan]:
    """Every event to build with the key of its result (reads every input file once)."""
    dirs = event_dirs(config.content_dir)
    if only:
        missing = [e for e in only if e not in dirs]
        if missing:
            raise InputError(str(config.content_dir), f"no event with id {missing[0]!r}")
        dirs = {k: v for k, v in dirs.items() if k in only}
    version = code_version(config)
    plans = []
    for eid, folder in dirs.items():
        files, size = _folder_files(folder)
        plans.append(EventPlan(eid, folder, digest(version, eid, str(folder), files), files, size))
    return plans


def reason(plan: EventPlan, before: dict[str, Any] | None) -> str:
    """Why an event must be rebuilt, compared with its manifest from the last build."""
    if before is None:
        return "new event"
    old: dict[str, str] = before.get("files", {})
    changes = [f"new report {n}" for n in plan.files if n not in old and n != EVENT_FILE]
    changes += [f"changed report {n}" for n, d in plan.files.items()
                if n in old and old[n] != d and n != EVENT_FILE]
    changes += [f"removed report {n}" for n in old if n not in plan.files and n != EVENT_FILE]
    if old.get(EVENT_FILE) != plan.files.get(EVENT_FILE):
        verb = "new" if EVENT_FILE not in old else "removed" if EVENT_FILE not in plan.files else "changed"
        changes.append(f"{verb} {EVENT_FILE}")
    if changes:
        return ", ".join(changes[:3]) + (f" and {len(changes) - 3} more" if len(changes) > 3 else "")
    if before.get("key") == plan.key:
        return "cache entry missing"
    return "code or configuration changed"


# ---------------------------------------------------------------- processing


def _process(event_id: str, folder: Path, config: Config, cache_root: Path) -> tuple[Brief, list[str]]:
    """One event's brief (a worker-process entry point) and the per-source cache keys it used."""
    from . import load, pipeline

    cache = Cache(cache_root)
    brief = pipeline.brief_from_sources(load.load_event(folder, config, event_id), config, cache)
    return brief, sorted(str(p.relative_to(cache.root)) for p in cache.used)


class Progress:
    """A one-line progress bar on standard error, shown on a terminal or for many events."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.label, self.done = total, label, 0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = total > 1 and (self.tty or total >= PROGRESS_MIN_EVENTS)
        self._shown = -1

    def step(self) -> None:
        """Count one finished item."""
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            filled = 30 * self.done // self.total
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            tenth = 10 * self.done // self.total
            if tenth != self._shown:
                self._shown = tenth
                self.stream.write(f"{self.label}: {self.done}/{self.total}\n")
        self.stream.flush()


def build_briefs(config: Config, todo: Sequence[EventPlan], cache: Cache,
                 progress: Progress | None = None) -> dict[str, tuple[Brief, list[str]]]:
    """Process the events in ``todo`` (in parallel when worth it); results keyed by event id."""
    jobs = config.workers()
    cache_root = cache.root
    out: dict[str, tuple[Brief, list[str]]] = {}
    if jobs == 1 or len(todo) <= 1:
        for p in todo:
            out[p.id] = _process(p.id, p.folder, config, cache_root)
            if progress:
                progress.step()
        return out
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=semantic.one_thread) as pool:
        futures = {pool.submit(_process, p.id, p.folder, config, cache_root): p.id for p in todo}
        for fut in as_completed(futures):
            out[futures[fut]] = fut.result()
            if progress:
                progress.step()
    return out


# ------------------------------------------------------------------ output


SITE_URL_VARIABLE = "BRIEF_SITE_URL"
"""Environment variable giving the site's public address (CI sets it to the Pages URL): it wins over
``site_url`` in mkdocs.yml and makes the feed's links and MkDocs' sitemap absolute."""


def site_url(config_file: Path) -> str:
    """The site's public address: ``$BRIEF_SITE_URL``, else ``site_url`` from the MkDocs configuration,
    else '' (unknown tags such as !ENV are ignored)."""
    if os.environ.get(SITE_URL_VARIABLE, "").strip():
        return os.environ[SITE_URL_VARIABLE].strip()

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return ""
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def write_docs(briefs: Sequence[Brief], histories: dict[str, history.EventHistory], docs_dir: Path,
               config: Config, feed_url: str = "", reuse: dict[str, Path] | None = None) -> None:
    """Render every brief, its changelog, the home page, the feed and the history into ``docs_dir``.

    ``reuse`` maps event ids to folders rendered earlier from the same brief, history and code;
    those are linked (or copied) instead of rendered again.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    reuse = reuse or {}
    summaries = []
    fresh = [b for b in briefs if b.event.id not in reuse]
    jobs = min(config.workers(), len(fresh))
    if jobs > 1 and len(fresh) >= PARALLEL_RENDER_MIN:  # each event writes only its own folder
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for done in [pool.submit(_render_one, b, docs_dir, config, histories.get(b.event.id)) for b in fresh]:
                done.result()
    else:
        for b in fresh:
            _render_one(b, docs_dir, config, histories.get(b.event.id))
    for brief in briefs:
        eid = brief.event.id
        h = histories.get(eid)
        if eid in reuse:
            shutil.copytree(reuse[eid], docs_dir / eid, copy_function=_link_or_copy)
        updated = h.updated[:10] if h is not None and h.updated else None
        summaries.append(render.EventSummary.from_brief(brief, updated=updated))
    render.render_home(summaries, docs_dir)
    published = {b.event.id: histories[b.event.id] for b in briefs if b.event.id in histories}
    (docs_dir / "feed.xml").write_text(history.feed_xml(published, feed_url), encoding="utf-8")
    (docs_dir / HISTORY).write_text(history.dumps(published), encoding="utf-8")


PARALLEL_RENDER_MIN = 8
"""Events to render at least before the pages are written by several processes."""


def _render_one(brief: Brief, docs_dir: Path, config: Config, h: history.EventHistory | None) -> None:
    """Write one event's pages and its ``brief.json`` (a worker-process entry point)."""
    render.render_event(brief, docs_dir, config, history=h)
    (docs_dir / brief.event.id / "brief.json").write_text(brief_to_json(brief), encoding="utf-8")


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


@contextmanager
def source_date_epoch(seconds: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (MkDocs' sitemap dates) unless the caller set it already."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _replace_dir(new: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)


def _theme_files(config_file: Path) -> list[tuple[str, str]]:
    root = Path(config_file).resolve().parent / "theme"
    if not root.is_dir():
        return []
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return [(p.relative_to(root).as_posix(), digest(p.read_bytes())) for p in files]


# -------------------------------------------------------------------- build


def read_index(path: Path) -> dict[str, Any]:
    """The manifests of the last successful build: ``{"events": {id: manifest}, "site": stamp}``.

    A missing or unreadable file, or one of the wrong shape, counts as absent; so does each
    manifest of the wrong shape (that event is then rebuilt as new).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        data = None
    data = data if isinstance(data, dict) else {}
    events = data.get("events")
    events = events if isinstance(events, dict) else {}
    site_stamp = data.get("site")
    return {"events": {eid: e for eid, e in events.items() if _is_manifest(e)},
            "site": site_stamp if isinstance(site_stamp, str) else None}


def _is_manifest(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    files, sources = entry.get("files"), entry.get("sources", [])
    return (isinstance(entry.get("key"), str) and isinstance(files, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
            and isinstance(sources, list) and all(isinstance(x, str) for x in sources))


def keep_others(config: Config, plans: list[EventPlan], before: dict[str, Any], cache: Cache,
                ) -> tuple[list[EventPlan], dict[str, Brief]]:
    """For ``brief build --event``: ``plans`` plus every other event of the last build as it was built
    then (its manifest and cached brief), so the site keeps them; an event whose cached brief is
    unreadable is planned from its files instead. Also returns the kept briefs."""
    named = {p.id for p in plans}
    dirs = event_dirs(config.content_dir)
    out, kept, again = list(plans), {}, []
    for eid, folder in dirs.items():
        if eid in named or eid not in before:
            continue
        brief = cache.get("event", before[eid]["key"])
        if isinstance(brief, Brief):
            out.append(EventPlan(eid, folder, before[eid]["key"], dict(before[eid]["files"])))
            kept[eid] = brief
        else:
            again.append(eid)
    if again:
        out += plan(config, again)
    order = {eid: n for n, eid in enumerate(dirs)}
    out.sort(key=lambda p: order[p.id])
    return out, kept


def remove_leftovers(config: Config) -> list[Path]:
    """Remove the staging and old folders of builds that were killed; returns what was removed.

    Call it only while no other build runs (``build_lock``): a running build's folders look the same.
    """
    site_dir = config.site_dir.resolve()
    prefixes = ((config.build_dir, (".docs.building-", ".docs.old-")),
                (site_dir.parent, (f"{site_dir.name}.building-", f"{site_dir.name}.old-")))
    removed = []
    for folder, starts in prefixes:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(starts) and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    if removed:
        log.info("removed %d folder(s) left by an interrupted build", len(removed))
    return removed


def check_folders(config: Config) -> None:
    """Raise InputError when the folders are set so that a build would replace or publish what it must
    not: the site folder is swapped whole for the new site, and ``<build_dir>/docs`` and ``cache`` are
    written, so none of them may be or hold the reports, the current folder or each other, and an
    existing site folder must be a folder holding a site (or nothing)."""
    content, build, site_dir = (p.resolve() for p in (config.content_dir, config.build_dir, config.site_dir))
    here = Path.cwd().resolve()

    def within(inner: Path, outer: Path) -> bool:
        return inner == outer or outer in inner.parents

    named = ((content, "the content folder"), (build, "the build folder"), (here, "the current folder"))
    for folder, what in named:
        if within(folder, site_dir):
            raise InputError(str(config.site_dir), f"the site folder would replace {what} ({folder}) when the "
                             "new site is swapped in; choose a folder of its own (--site)")
    if within(site_dir, content):
        raise InputError(str(config.site_dir), "the site folder is inside the content folder, whose folders "
                         "are events; put it outside (--site)")
    if any(within(site_dir, build / part) for part in ("docs", "cache")):
        raise InputError(str(config.site_dir), "the site folder is inside the build folder's docs/ or cache/, "
                         "which every build rewrites; put it elsewhere (--site)")
    if site_dir.exists() and not site_dir.is_dir():
        raise InputError(str(config.site_dir), "the site folder is a file; name a folder (--site)")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / "index.html").is_file():
        raise InputError(str(config.site_dir), "the site folder holds files but no site (no index.html), and "
                         "a build replaces it whole; empty it or choose another folder (--site)")
    if within(build, content):
        raise InputError(str(config.build_dir), "the build folder is inside the content folder, whose folders "
                         "are events; put it outside (--build-dir)")
    if within(content, build):
        raise InputError(str(config.build_dir), "the build folder holds the content folder, and a build "
                         "rewrites its docs/ and cache/; choose a folder of its own (--build-dir)")


@contextmanager
def build_lock(config: Config) -> Iterator[None]:
    """Hold a shared lock on ``<build_dir>/.lock`` for a build. A build that starts while no other one
    runs takes it exclusively first, to remove what killed builds left (``remove_leftovers``)."""
    config.build_dir.mkdir(parents=True, exist_ok=True)
    with (config.build_dir / LOCK).open("a") as f:
        if sys.platform != "win32":
            import fcntl

            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pass  # another build is running: the folders may be its own
            else:
                remove_leftovers(config)
            fcntl.flock(f, fcntl.LOCK_SH)
        yield


def build_all(config: Config, config_file: Path, only: Sequence[str] | None = None,
              out: TextIO | None = None, err: TextIO | None = None, verbose: bool = False) -> BuildReport:
    """Build the briefs that changed, their Markdown and the site; say what was rebuilt and why.

    With ``only``, just those events are processed; the others stay on the site as last built.
    """
    check_folders(config)
    with build_lock(config):
        return _build(config, config_file, only, out if out is not None else sys.stdout, err, verbose)


def _build(config: Config, config_file: Path, only: Sequence[str] | None, out: TextIO, err: TextIO | None,
           verbose: bool) -> BuildReport:
    report = BuildReport()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.timings[stage] = report.timings.get(stage, 0.0) + now - clock
        clock = now

    cache = Cache(config.build_dir / "cache")
    index_path = cache.root / INDEX
    index = read_index(index_path)
    events_before: dict[str, Any] = index["events"]
    plans = plan(config, only)
    briefs: dict[str, Brief] = {}
    if only:
        plans, briefs = keep_others(config, plans, events_before, cache)
    kept = set(briefs)
    todo = [p for p in plans if p.id not in kept and not cache.has("event", p.key)]
    todo.sort(key=lambda p: -p.size)  # biggest first, so no big event starts last
    lap("scan")

    progress = Progress(len(todo), "processing events", err)
    built = build_briefs(config, todo, cache, progress)
    for p in todo:
        cache.put("event", p.key, built[p.id][0])
        briefs[p.id] = built[p.id][0]
    lap("events")

    def brief_of(p: EventPlan) -> Brief:
        """The event's brief: built now, or from the cache; an unreadable entry is a miss."""
        if p.id not in briefs:
            cached = cache.get("event", p.key)
            if isinstance(cached, Brief):
                briefs[p.id] = cached
            else:
                log.warning("cache entry of event %s unreadable; processing the event again", p.id)
                built[p.id] = _process(p.id, p.folder, config, cache.root)
                cache.put("event", p.key, built[p.id][0])
                briefs[p.id] = built[p.id][0]
        return briefs[p.id]

    # What changed since the last successful build (a cache hit can still be a change: a reverted file).
    changed = {p.id: p for p in plans if events_before.get(p.id, {}).get("key") != p.key or p.id in built}
    histories = history.load(cache.root / HISTORY)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    restored = False
    for p in plans:
        if p.id not in changed and p.id in histories:
            report.events.append(Outcome(p.id, False, "kept as last built" if p.id in kept else "cache"))
            continue
        brief = brief_of(p)
        if p.id in changed:
            why = reason(p, events_before.get(p.id))
            report.events.append(Outcome(p.id, True, why if p.id in built else f"{why}; result from cache",
                                         brief.warnings))
        else:  # its history was lost (an unreadable history file): record the brief anew
            report.events.append(Outcome(p.id, p.id in built, "history missing, recorded again"))
            restored = True
        files = [p.folder / n for n in p.files]
        histories[p.id] = history.update(histories.get(p.id), brief, history.change_date(files, epoch))
    history_text = history.dumps({p.id: histories[p.id] for p in plans if p.id in histories})
    lap("history")

    docs_keys = {p.id: digest(p.key, history.dumps({p.id: histories[p.id]}) if p.id in histories else "")
                 for p in plans}
    mkdocs_yml = Path(config_file).read_bytes() if Path(config_file).is_file() else b""
    url = site_url(config_file)
    stamp = digest(code_version(config), [(p.id, p.key) for p in plans], history_text, mkdocs_yml,
                   _theme_files(config_file), str(config.site_dir.resolve()), url)
    unchanged_site = index["site"] == stamp and (config.site_dir / "index.html").is_file() and not changed
    if not unchanged_site:
        ordered = [brief_of(p) for p in plans]
        report.events = [Outcome(o.event_id, True, "cache entry unreadable")
                         if o.event_id in built and not o.rebuilt else o for o in report.events]
        lap("load cached")
    _say(report, out, verbose, len(plans))
    if not only:
        for eid in sorted(set(events_before) - {p.id for p in plans}):
            print(f"event {eid}: removed (its folder is gone); its pages leave the site", file=out)
    if unchanged_site:
        if restored:  # the site has it all; the history file gets back what it had lost
            history.save(cache.root / HISTORY, histories)
        print(f"site: unchanged, MkDocs skipped ({config.site_dir})", file=out)
        lap("check")
        return report

    docs_dir = config.build_dir / "docs"
    staging = Path(tempfile.mkdtemp(prefix=".docs.building-", dir=config.build_dir))
    try:
        reuse = {p.id: docs_dir / p.id for p in plans
                 if events_before.get(p.id, {}).get("docs") == docs_keys[p.id] and (docs_dir / p.id).is_dir()}
        write_docs(ordered, histories, staging, config, url, reuse)
        lap("render")
        latest = max((h.updated for h in histories.values() if h.updated), default=None)
        with source_date_epoch(history.epoch(latest) if latest else 0):
            site.build_site(config_file, staging, config.site_dir, url)
        lap("mkdocs")
        os.chmod(staging, 0o755)
        _replace_dir(staging, docs_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.site_rebuilt = True
    history.save(cache.root / HISTORY, histories)
    manifests = {p.id: {"key": p.key, "files": p.files, "docs": docs_keys[p.id],
                        "sources": built[p.id][1] if p.id in built else
                        events_before.get(p.id, {}).get("sources", [])}
                 for p in plans}
    full = not only
    if full:
        for p in plans:
            cache.touch("event", p.key)
            for rel in manifests[p.id]["sources"]:
                cache.used.add(cache.root / rel)
        pruned = cache.prune(("event", "source", "embed"))
        log.info("pruned %d stale cache entr%s", pruned, "y" if pruned == 1 else "ies")
    new_index = {"events": manifests if full else {**events_before, **manifests}, "site": stamp}
    index_path.write_text(json.dumps(new_index, indent=1, sort_keys=True), encoding="utf-8")
    lap("save")
    print(f"site: rebuilt ({len(plans)} event(s) into {config.site_dir})", file=out)
    return report


def _say(report: BuildReport, out: TextIO, verbose: bool, total: int) -> None:
    """One line per rebuilt event; unchanged ones one by one when few or verbose, else counted."""
    unchanged = [o for o in report.events if not o.rebuilt]
    for o in report.events:
        if o.rebuilt or verbose or total <= PROGRESS_MIN_EVENTS:
            print(o, file=out)
            for w in o.warnings:  # only a rebuilt event carries them
                print(f"  warning: {printable(w)}", file=out)
    if unchanged and not (verbose or total <= PROGRESS_MIN_EVENTS):
        print(f"{len(unchanged)} event(s) unchanged (cache)", file=out)
