"""`brief build`: incremental, deterministic, atomic (seed reports; MkDocs with the project's theme)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from generator import build, cache, cli, history, pipeline, site
from generator.config import Config

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "2023-01-30-nato-chief-south-korea"
MKDOCS = ROOT / "mkdocs.yml"
REPORTS = sorted(p.name for p in SEED.glob("*.txt"))
LATE = "late-report.txt"


def add_late_report(root: Path) -> str:
    """A seed report seen nowhere else yet (one line added) into 'alpha'; returns its source id."""
    text = (SEED / REPORTS[3]).read_text(encoding="utf-8") + "\nThe talks will continue next month.\n"
    (root / "content" / "alpha" / LATE).write_text(text, encoding="utf-8")
    return Path(LATE).stem


def tree(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two events: 'alpha' with three seed reports, 'beta' with two."""
    for event, names in (("alpha", REPORTS[:3]), ("beta", REPORTS[3:])):
        folder = tmp_path / "content" / event
        folder.mkdir(parents=True)
        for name in names:
            shutil.copy2(SEED / name, folder / name)
    return tmp_path


def run(root: Path, jobs: int = 1, **kw) -> tuple[build.BuildReport, str]:
    config = Config().with_(content_dir=root / "content", build_dir=root / "build", site_dir=root / "site",
                            jobs=jobs)
    out = io.StringIO()
    return build.build_all(config, MKDOCS, out=out, err=io.StringIO(), **kw), out.getvalue()


def test_cold_build_writes_site_docs_feed_and_history(project: Path) -> None:
    report, out = run(project)
    assert "event alpha: rebuilt (new event)" in out and "site: rebuilt" in out
    assert report.site_rebuilt and {o.event_id for o in report.events} == {"alpha", "beta"}
    for path in ("alpha/index.html", "alpha/brief.json", "alpha/changes.html", "feed.xml", "history.json"):
        assert (project / "site" / path).is_file(), path
    assert (project / "build" / "docs" / "alpha" / "changes.md").is_file()
    assert not list((project / "build").glob(".docs.building-*"))


def test_same_inputs_give_a_byte_identical_site(project: Path) -> None:
    run(project, jobs=2)
    first = tree(project / "site")
    shutil.rmtree(project / "build")
    shutil.rmtree(project / "site")
    run(project, jobs=1)
    assert tree(project / "site") == first  # sitemap.xml.gz included: its timestamp comes from the history
    assert "sitemap.xml.gz" in first and "SOURCE_DATE_EPOCH" not in os.environ


def test_a_no_op_rebuild_skips_everything(project: Path) -> None:
    run(project)
    before = tree(project / "site")
    mtime = (project / "site" / "index.html").stat().st_mtime_ns
    report, out = run(project)
    assert not report.site_rebuilt
    assert all(not o.rebuilt and o.reason == "cache" for o in report.events)
    assert "event beta: unchanged (cache)" in out and "site: unchanged" in out
    assert tree(project / "site") == before and (project / "site" / "index.html").stat().st_mtime_ns == mtime


def test_adding_a_report_reprocesses_only_its_event_and_keeps_fact_ids(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(project)
    old = json.loads((project / "site" / "alpha" / "brief.json").read_text(encoding="utf-8"))
    calls: list[str] = []
    real = pipeline._clean_and_split
    monkeypatch.setattr(pipeline, "_clean_and_split", lambda s, *a: calls.append(s.id) or real(s, *a))
    beta_page = project / "build" / "docs" / "beta" / "index.md"
    beta_before = beta_page.read_bytes()
    added = add_late_report(project)
    _, out = run(project)
    assert beta_page.read_bytes() == beta_before  # reused from the last build, not rendered again
    assert f"event alpha: rebuilt (new report {LATE})" in out
    assert "event beta: unchanged (cache)" in out
    assert added in calls and len(calls) < 4  # the other reports' cleaning came from the cache
    new = json.loads((project / "site" / "alpha" / "brief.json").read_text(encoding="utf-8"))
    def evidence(f: dict) -> frozenset:
        return frozenset((e["source"], e["start"], e["end"]) for e in f["evidence"])

    old_by_evidence = {evidence(f): f["id"] for f in old["facts"]}
    untouched = [f for f in new["facts"] if evidence(f) in old_by_evidence]
    assert untouched and all(f["id"] == old_by_evidence[evidence(f)] for f in untouched)
    changes = (project / "build" / "docs" / "alpha" / "changes.md").read_text(encoding="utf-8")
    assert "1 new source" in changes.split("## ")[1]


def test_a_failed_site_build_leaves_site_docs_and_history_as_they_were(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(project)
    site_before, docs_before = tree(project / "site"), tree(project / "build" / "docs")
    history_before = (project / "build" / "cache" / "history.json").read_bytes()
    shutil.copy2(SEED / REPORTS[4], project / "content" / "alpha" / REPORTS[4])

    def broken(*args: object) -> None:
        raise site.SiteBuildError("broken on purpose")

    monkeypatch.setattr(site, "build_site", broken)
    with pytest.raises(site.SiteBuildError):
        run(project)
    assert tree(project / "site") == site_before and tree(project / "build" / "docs") == docs_before
    assert (project / "build" / "cache" / "history.json").read_bytes() == history_before
    assert not list((project / "build").glob(".docs.building-*"))
    monkeypatch.undo()
    report, out = run(project)  # the event's result is cached now; the change is still reported and recorded
    assert f"event alpha: rebuilt (new report {REPORTS[4]}; result from cache)" in out
    assert report.site_rebuilt
    assert "1 new source" in (project / "build" / "docs" / "alpha" / "changes.md").read_text(encoding="utf-8")


def test_a_code_or_config_change_rebuilds_every_event(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(project)
    monkeypatch.setattr(cache, "_code_digest", lambda: "new code")
    report, _ = run(project)
    assert [o.reason for o in report.events] == ["code or configuration changed"] * 2
    assert report.site_rebuilt


def test_a_removed_event_leaves_the_site_and_the_stale_cache_is_pruned(project: Path) -> None:
    run(project)
    shutil.rmtree(project / "content" / "beta")
    report, out = run(project)
    assert [o.event_id for o in report.events] == ["alpha"]
    assert "event beta: removed (its folder is gone)" in out
    assert not (project / "site" / "beta").exists()
    entries = list((project / "build" / "cache" / "event").rglob("*"))
    assert len([p for p in entries if p.is_file()]) == 1


def test_cli_build_reports_and_fails_cleanly_on_bad_input(project: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    args = ["build", "--config", str(MKDOCS), "--jobs", "1"]
    assert cli.main(args) == 0
    assert "event alpha: rebuilt (new event)" in capsys.readouterr().out
    assert cli.main([*args, "--event", "nope"]) == 2
    assert "no event with id 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize(("total", "tty", "lines"), [(3, False, 0), (25, False, 11), (3, True, 3)])
def test_progress_shows_on_a_terminal_or_for_many_events(total: int, tty: bool, lines: int) -> None:
    stream = io.StringIO()
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    bar = build.Progress(total, "events", stream)
    for _ in range(total):
        bar.step()
    text = stream.getvalue()
    assert (text.count("\r") if tty else text.count("\n")) == lines
    if lines:
        assert f"{total}/{total}" in text


def test_source_date_epoch_dates_new_records(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run(project)
    assert "Last updated 14 November 2023" in (project / "build" / "docs" / "beta" / "changes.md").read_text()
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def test_a_fact_with_unchanged_evidence_keeps_its_id_when_a_report_is_added(project: Path) -> None:
    """Ids hash the shown wording (corroborate.fact_id); a new report must not change which wording
    is shown for a fact whose evidence it does not touch."""
    run(project)
    old = json.loads((project / "site" / "alpha" / "brief.json").read_text(encoding="utf-8"))
    shutil.copy2(SEED / REPORTS[3], project / "content" / "alpha" / REPORTS[3])
    run(project)
    new = json.loads((project / "site" / "alpha" / "brief.json").read_text(encoding="utf-8"))

    def evidence(f: dict) -> str:
        return json.dumps(sorted((e["source"], e["start"], e["end"]) for e in f["evidence"]))

    before = {evidence(f): f["id"] for f in old["facts"]}
    moved = [(f["text"], before[evidence(f)], f["id"]) for f in new["facts"]
             if evidence(f) in before and before[evidence(f)] != f["id"]]
    assert not moved


def test_a_renamed_report_is_parsed_in_its_new_format(project: Path) -> None:
    """a.txt renamed a.md keeps its id and bytes; its text must still be read as Markdown."""
    run(project)
    old = project / "content" / "alpha" / REPORTS[1]  # its lines join into paragraphs as Markdown
    old.rename(old.with_suffix(".md"))
    run(project)
    incremental = (project / "site" / "alpha" / "brief.json").read_bytes()
    shutil.rmtree(project / "build")
    shutil.rmtree(project / "site")
    run(project)
    assert (project / "site" / "alpha" / "brief.json").read_bytes() == incremental


def event_entry(root: Path, event: str) -> Path:
    key = json.loads((root / "build" / "cache" / build.INDEX).read_text(encoding="utf-8"))["events"][event]["key"]
    return root / "build" / "cache" / "event" / key[:2] / key


@pytest.mark.parametrize("damage", [b"", b"\x80\x04truncated"])
def test_an_unreadable_event_entry_is_a_miss_not_a_crash(project: Path, damage: bytes) -> None:
    run(project)
    brief_before = (project / "site" / "alpha" / "brief.json").read_bytes()
    event_entry(project, "alpha").write_bytes(damage)
    add_late_report(project)  # 'alpha' changed: its brief is rebuilt anyway; 'beta' is read from the cache
    event_entry_beta = event_entry(project, "beta")
    event_entry_beta.write_bytes(damage)
    report, out = run(project)
    assert "event beta: rebuilt (cache entry unreadable)" in out and report.site_rebuilt
    assert (project / "site" / "beta" / "index.html").is_file()
    shutil.copy2(SEED / REPORTS[3], project / "content" / "alpha" / REPORTS[3])
    event_entry(project, "alpha").write_bytes(damage)  # unchanged since the last build, and unreadable
    (project / "content" / "alpha" / REPORTS[3]).unlink()
    (project / "content" / "alpha" / LATE).unlink()
    report, out = run(project)
    assert "event alpha: rebuilt" in out and "site: rebuilt" in out
    assert (project / "site" / "alpha" / "brief.json").read_bytes() == brief_before
    assert run(project)[0].site_rebuilt is False


@pytest.mark.parametrize("index", ["[]", '{"events": [1]}', '{"events": {"alpha": 1}}',
                                   '{"events": {"alpha": {"key": 1, "files": []}}, "site": []}', "7"])
def test_a_build_index_of_the_wrong_shape_counts_as_absent(project: Path, index: str) -> None:
    run(project)
    (project / "build" / "cache" / build.INDEX).write_text(index, encoding="utf-8")
    report, _ = run(project)
    assert report.site_rebuilt and {o.event_id for o in report.events} == {"alpha", "beta"}
    assert not run(project)[0].site_rebuilt


@pytest.mark.parametrize("content", ["not json", '{"schema": 1, "events": {"alpha": {}}}'])
def test_a_lost_history_is_recorded_again_for_unchanged_events(project: Path, content: str) -> None:
    run(project)
    (project / "build" / "cache" / build.HISTORY).write_text(content, encoding="utf-8")
    _, out = run(project)
    assert "event beta: unchanged (history missing, recorded again)" in out
    assert set(history.load(project / "build" / "cache" / build.HISTORY)) == {"alpha", "beta"}
    published = json.loads((project / "site" / "history.json").read_text(encoding="utf-8"))["events"]
    assert set(published) == {"alpha", "beta"}
    for event in ("alpha", "beta"):
        assert "Last updated" in (project / "build" / "docs" / event / "changes.md").read_text(encoding="utf-8")
    assert (project / "site" / "feed.xml").read_text(encoding="utf-8").count("<entry>") == 2
    assert not run(project)[0].site_rebuilt


def test_building_one_event_keeps_the_others_as_last_built(project: Path) -> None:
    run(project)
    beta_brief = (project / "site" / "beta" / "brief.json").read_bytes()
    shutil.copy2(SEED / REPORTS[0], project / "content" / "beta" / REPORTS[0])  # not built: --event alpha
    add_late_report(project)
    report, out = run(project, only=["alpha"])
    assert f"event alpha: rebuilt (new report {LATE})" in out
    assert "event beta: unchanged (kept as last built)" in out and report.site_rebuilt
    assert (project / "site" / "beta" / "brief.json").read_bytes() == beta_brief
    assert "beta/" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "beta/index.html" in (project / "site" / "feed.xml").read_text(encoding="utf-8")
    assert set(json.loads((project / "site" / "history.json").read_text(encoding="utf-8"))["events"]) \
        == {"alpha", "beta"}
    assert '"beta/index.html"' in (project / "site" / "search" / "pages.js").read_text(encoding="utf-8")
    _, out = run(project)  # a full build then catches up with beta
    assert f"event beta: rebuilt (new report {REPORTS[0]})" in out and "event alpha: unchanged" in out


def test_the_feed_is_linked_from_every_page(project: Path) -> None:
    run(project)
    link = '<link rel="alternate" type="application/atom+xml"'
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    brief_page = (project / "site" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert link in home and 'href="feed.xml"' in home
    assert link in brief_page and 'href="../feed.xml"' in brief_page


LEFTOVERS = ("build/.docs.building-x1", "build/.docs.old-123", "site.building-x2", "site.old-x3")


def test_folders_left_by_a_killed_build_are_removed_by_the_next(project: Path) -> None:
    for name in LEFTOVERS:
        (project / name).mkdir(parents=True)
        (project / name / "page.html").write_text("half written")
    (project / "site.txt").write_text("not ours")
    run(project)
    assert not any((project / name).exists() for name in LEFTOVERS)
    assert (project / "site.txt").is_file() and (project / "site" / "index.html").is_file()


@pytest.mark.skipif(os.name == "nt", reason="the build lock needs fcntl")
def test_folders_of_a_running_build_are_left_alone(project: Path) -> None:
    import fcntl

    (project / "build").mkdir()
    for name in LEFTOVERS:
        (project / name).mkdir(parents=True)
    with (project / "build" / build.LOCK).open("a") as other:
        fcntl.flock(other, fcntl.LOCK_SH)  # another build is running
        run(project)
    assert all((project / name).is_dir() for name in LEFTOVERS)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "darwin",
                    reason="needs POSIX pipes and byte file names")
def test_a_pipe_and_names_that_are_not_utf8_neither_block_nor_break_the_plan(project: Path) -> None:
    folder = project / "content" / "alpha"
    os.mkfifo(folder / "pipe.txt")  # reading it would block the build for ever
    with open(os.fsencode(folder) + b"/late\xff.txt", "wb") as f:
        f.write(b"The harbour bridge reopened on Monday after nine weeks of repairs, officials said.\n")
    plans = {p.id: p for p in build.plan(Config().with_(content_dir=project / "content"))}
    files = plans["alpha"].files
    assert files["pipe.txt"] == "not a regular file"
    assert "late\\xff.txt" in files  # the name's bytes escaped: printable, distinct, hashable
    assert json.dumps(files).encode("utf-8")


def test_the_public_address_makes_feed_and_sitemap_links_absolute(project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run(project)
    assert "https://" not in (project / "site" / "feed.xml").read_text(encoding="utf-8")
    monkeypatch.setenv(build.SITE_URL_VARIABLE, "https://example.org/briefs/")
    report, _ = run(project)
    assert report.site_rebuilt  # a new address is a new site, though no event changed
    feed = (project / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "https://example.org/briefs/alpha/index.html" in feed
    assert "<loc>https://example.org/briefs/alpha/index.html</loc>" in (project / "site" / "sitemap.xml").read_text(
        encoding="utf-8")


def test_pages_written_by_several_processes_are_the_ones_one_process_writes(tmp_path: Path) -> None:
    from conftest import build_brief

    briefs = [build_brief(event_id=f"2024-05-{k + 1:02d}-harbour-{k}") for k in range(build.PARALLEL_RENDER_MIN)]
    docs = {}
    for jobs in (1, 2):
        docs[jobs] = tmp_path / f"docs{jobs}"
        build.write_docs(briefs, {}, docs[jobs], Config().with_(jobs=jobs))
    assert tree(docs[2]) == tree(docs[1])
    assert len([p for p in docs[2].iterdir() if p.is_dir()]) == build.PARALLEL_RENDER_MIN


def test_a_rebuilt_event_says_its_warnings_in_the_log(project: Path) -> None:
    run(project)
    stray = " ".join(f"The village choir rehearsed song number {k} in the old barn until late." for k in range(25))
    (project / "content" / "alpha" / "stray.txt").write_text(stray, encoding="utf-8")
    _, out = run(project)
    lines = out.splitlines()
    at = lines.index("event alpha: rebuilt (new report stray.txt)")
    assert lines[at + 1].startswith("  warning: ") and "stray.txt: likely about another event" in lines[at + 1]
    _, again = run(project)
    assert "warning" not in again  # an unchanged event has nothing new to say


@pytest.mark.parametrize(("site_dir", "build_dir", "says"), [
    ("content", "build", "would replace the content folder"),
    (".", "build", "would replace the content folder"),
    ("content/alpha", "build", "inside the content folder"),
    ("build", "build", "would replace the build folder"),
    ("build/docs", "build", "docs/ or cache/"),
    ("notes.txt", "build", "is a file"),
    ("papers", "build", "holds files but no site"),
    ("site", "content/build", "build folder is inside the content folder"),
    ("site", ".", "build folder holds the content folder"),
])
def test_folders_a_build_would_overwrite_are_refused_and_kept(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                              site_dir: str, build_dir: str, says: str) -> None:
    monkeypatch.chdir(project)
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    (project / "papers").mkdir()
    (project / "papers" / "draft.txt").write_text("mine too", encoding="utf-8")
    before = tree(project)
    config = Config().with_(content_dir=Path("content"), build_dir=Path(build_dir), site_dir=Path(site_dir))
    with pytest.raises(build.InputError, match=says):
        build.build_all(config, MKDOCS, out=io.StringIO(), err=io.StringIO())
    assert tree(project) == before  # nothing written, nothing replaced


def test_a_site_folder_inside_the_build_folder_or_holding_a_site_is_fine(project: Path) -> None:
    run(project)  # site/ now holds a site, so the next build may replace it
    config = Config().with_(content_dir=project / "content", build_dir=project / "build",
                            site_dir=project / "site")
    build.check_folders(config)
    build.check_folders(config.with_(site_dir=project / "build" / "public"))


def test_a_linked_event_folder_is_skipped_not_published(project: Path, tmp_path_factory: pytest.TempPathFactory,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    outside = tmp_path_factory.mktemp("outside")
    shutil.copy2(SEED / REPORTS[0], outside / "private.txt")
    (project / "content" / "linked").symlink_to(outside, target_is_directory=True)
    report, _ = run(project)
    assert {o.event_id for o in report.events} == {"alpha", "beta"}
    assert not (project / "site" / "linked").exists()
    assert "linked: symbolic link skipped" in caplog.text


def test_a_removed_event_yml_is_said_so(project: Path) -> None:
    (project / "content" / "alpha" / "event.yml").write_text("title: Alpha\n", encoding="utf-8")
    run(project)
    (project / "content" / "alpha" / "event.yml").unlink()
    _, out = run(project)
    assert "event alpha: rebuilt (removed event.yml)" in out
