"""The changelog between builds, its page and the Atom feed."""

from __future__ import annotations

import shutil
from xml.etree import ElementTree as ET

import pytest
from conftest import HOSTILE, build_brief
from markdown_it import MarkdownIt

from generator import history
from generator.model import Brief

DAY1, DAY2 = "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z"
TEXTS = {
    "alpha": "The bridge reopened on Monday. Repairs took nine weeks.",
    "beta": "Repairs took nine weeks, officials said. The bridge reopened on Monday.",
    "gamma": "The bridge reopened on Monday. Crowds cheered at noon.",
}


def brief(sources: tuple[str, ...], facts: list[tuple[str, str, list[tuple[str, int]]]]) -> Brief:
    return build_brief({s: TEXTS[s] for s in sources}, facts=facts, meta={})


BEFORE = brief(("alpha", "beta"), [("corroborated", "", [("alpha", 0), ("beta", 1)]),
                                   ("single-source", "", [("alpha", 1)])])


def test_first_build_is_a_record_listing_the_sources() -> None:
    record = history.changes(None, BEFORE, DAY1)
    assert record is not None and record.first and record.summary == "first brief"
    assert [i.id for i in record.new_sources] == ["alpha", "beta"]


def test_same_brief_again_records_nothing() -> None:
    assert history.changes(history.snapshot(BEFORE), BEFORE, DAY2) is None
    h = history.update(history.update(None, BEFORE, DAY1), BEFORE, DAY2)
    assert len(h.records) == 1 and h.updated == DAY1


@pytest.mark.parametrize(("after", "field", "expected"), [
    # a new report that adds a new fact
    (brief(("alpha", "beta", "gamma"), [("corroborated", "", [("alpha", 0), ("beta", 1)]),
                                        ("single-source", "", [("alpha", 1)]),
                                        ("single-source", "", [("gamma", 1)])]), "new_facts", ["fact2"]),
    # a fact that became corroborated (same id)
    (brief(("alpha", "beta"), [("corroborated", "", [("alpha", 0), ("beta", 1)]),
                               ("corroborated", "", [("alpha", 1), ("beta", 0)])]),
     "corroborated", ["fact1"]),
    # a new disagreement
    (brief(("alpha", "beta"), [("corroborated", "", [("alpha", 0), ("beta", 1)]),
                               ("disputed", "nine|ten", [("alpha", 1), ("beta", 0)])]),
     "disputed", ["fact1"]),
])
def test_changes_are_classified(after: Brief, field: str, expected: list[str]) -> None:
    record = history.changes(history.snapshot(BEFORE), after, DAY2)
    assert record is not None
    assert [i.id for i in getattr(record, field)] == expected
    others = {"new_facts", "corroborated", "disputed"} - {field}
    assert all(not getattr(record, f) for f in others)


def test_a_fact_whose_id_changed_is_matched_by_its_evidence() -> None:
    before = history.snapshot(BEFORE)
    renamed = history.Snapshot(sources=before.sources,
                               facts={"old-id": before.facts["fact0"], "fact1": before.facts["fact1"]})
    assert history.changes(renamed, BEFORE, DAY2) is None


def test_new_and_removed_sources() -> None:
    after = brief(("alpha", "gamma"), [("corroborated", "", [("alpha", 0), ("gamma", 0)]),
                                       ("single-source", "", [("alpha", 1)])])
    record = history.changes(history.snapshot(BEFORE), after, DAY2)
    assert record is not None
    assert [i.id for i in record.new_sources] == ["gamma"]
    assert [i.id for i in record.removed_sources] == ["beta"]
    assert "1 new source" in record.summary and "1 source removed" in record.summary


def test_a_new_record_is_never_dated_before_the_previous_one() -> None:
    """Removing the newest report leaves older files only: the record still comes after."""
    after = brief(("alpha",), [("single-source", "", [("alpha", 0)])])
    h = history.update(history.update(None, BEFORE, DAY2), after, DAY1)
    assert [r.date for r in h.records] == ["2024-05-02T10:00:01Z", DAY2] and h.updated > DAY2
    again = history.update(h, BEFORE, h.updated)  # same date as the last record: still one second later
    assert again.records[0].date == "2024-05-02T10:00:02Z"
    unchanged = history.update(again, BEFORE, DAY1)
    assert unchanged == again  # nothing new: no record, whatever the date


def test_feed_entry_ids_are_unique_per_record() -> None:
    after = brief(("alpha",), [("single-source", "", [("alpha", 0)])])
    h1 = history.update(None, BEFORE, DAY2)
    h2 = history.update(h1, after, DAY2)  # a removed report: the newest remaining file is as old as before
    ns = {"a": "http://www.w3.org/2005/Atom"}

    def entry_id(h: history.EventHistory) -> str:
        return ET.fromstring(history.feed_xml({h.event_id: h}).encode()).findtext("a:entry/a:id", namespaces=ns)

    assert entry_id(h1) != entry_id(h2)


def test_history_file_round_trips_and_is_deterministic(tmp_path) -> None:
    after = brief(("alpha", "beta", "gamma"), [("corroborated", "", [("alpha", 0), ("gamma", 0)])])
    h = history.update(history.update(None, BEFORE, DAY1), after, DAY2)
    path = tmp_path / "history.json"
    history.save(path, {h.event_id: h})
    loaded = history.load(path)
    assert loaded == {h.event_id: h}
    assert history.dumps(loaded) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("content", ["", "not json", '{"schema": 99}', '{"schema": 1, "events": {"e": {}}}'])
def test_unreadable_history_starts_afresh(tmp_path, content: str) -> None:
    path = tmp_path / "history.json"
    path.write_text(content, encoding="utf-8")
    assert history.load(path) == {}


def test_missing_history_is_empty(tmp_path) -> None:
    assert history.load(tmp_path / "nope.json") == {}


def test_changelog_page_escapes_text_and_links_only_current_items() -> None:
    hostile = build_brief(facts=[("single-source", "", [("gamma", 1)])])
    h = history.update(None, hostile, DAY1)
    gone = history.Record(date=DAY2, new_facts=(history.Item("vanished", "A fact since gone"),))
    h = history.EventHistory(h.event_id, h.title, (gone, *h.records), h.snapshot)
    page = history.changes_markdown(h)
    html = MarkdownIt("commonmark").render(page.split("---\n", 2)[2])
    for bad in ("<script>", "<img", 'href="javascript:'):
        assert bad not in html
    assert "(sources/gamma.md)" in page
    assert "vanished" not in page and "A fact since gone" in page
    assert "Last updated 2 May 2024" in page


@pytest.mark.parametrize("text", [*HOSTILE, "# heading", "- item", "1. first", "*em* _u_ `c`", "a\\b", "a &"])
def test_md_escape_shows_text_literally(text: str) -> None:
    html = MarkdownIt("commonmark").render(history.md_escape(text))
    assert html.startswith("<p>") and "<em>" not in html and "<a " not in html and "<code>" not in html


def test_feed_is_valid_atom_with_newest_first_and_escaped_text() -> None:
    a = history.update(None, build_brief(event_id="a"), DAY1)
    b = history.update(None, build_brief(event_id="b", title="B \x01" + HOSTILE[0]), DAY2)
    text = history.feed_xml({"a": a, "b": b}, "https://example.org/briefs")
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:updated", namespaces=ns) for e in entries] == [DAY2, DAY1]
    assert entries[0].find("a:link", ns).get("href") == "https://example.org/briefs/b/index.html"
    assert HOSTILE[0] in entries[0].findtext("a:title", namespaces=ns)
    assert "<script>" not in text and "\x01" not in text
    assert root.findtext("a:updated", namespaces=ns) == DAY2


def test_change_date_prefers_source_date_epoch(tmp_path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x")
    import os

    os.utime(f, (86400, 86400))
    assert history.change_date([f], None) == "1970-01-02T00:00:00Z"
    assert history.change_date([f], "0") == "1970-01-01T00:00:00Z"
    assert history.epoch(history.iso(1700000000)) == 1700000000
    assert history.change_date([f, tmp_path / "gone.txt"], None) == "1970-01-02T00:00:00Z"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_committed_report_is_dated_by_its_commit_and_a_new_one_by_its_file(tmp_path) -> None:
    """Every clone of the repository agrees on the date; a report just dropped in has its own."""
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": "@172800 +0000", "GIT_COMMITTER_DATE": "@172800 +0000",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                       env=env, check=True, capture_output=True)

    event = tmp_path / "content" / "e"
    event.mkdir(parents=True)
    (event / "a.txt").write_text("x")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "add a")
    os.utime(event / "a.txt", (999999, 999999))  # a fresh clone's file time
    assert history.change_date([event / "a.txt"], None) == "1970-01-03T00:00:00Z"
    (event / "b.txt").write_text("y")
    os.utime(event / "b.txt", (86400 * 5, 86400 * 5))
    assert history.change_date([event / "a.txt", event / "b.txt"], None) == "1970-01-06T00:00:00Z"
    (event / "a.txt").write_text("changed")
    os.utime(event / "a.txt", (86400 * 7, 86400 * 7))
    assert history.change_date([event / "a.txt"], None) == "1970-01-08T00:00:00Z"


@pytest.mark.parametrize("title", ["<script>alert(1)</script> Bad\x7fTitle", "<b>Bridge</b> \ufffe reopens",
                                   "A: b # c", "line\u2028break", "'quoted' \"twice\""])
def test_changelog_front_matter_holds_any_title(title: str) -> None:
    import yaml

    h = history.update(None, build_brief(), DAY1)
    page = history.changes_markdown(history.EventHistory(h.event_id, title, h.records, h.snapshot))
    front, body = page.split("---\n", 2)[1:]
    parsed = yaml.safe_load(front)
    assert isinstance(parsed, dict) and parsed["title"].startswith("Changes: ")
    assert "\x7f" not in parsed["title"] and "\u2028" not in parsed["title"]
    assert "<script>" not in MarkdownIt("commonmark").render(body)
