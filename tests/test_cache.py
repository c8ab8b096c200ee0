"""The content-hash cache: keys, storage, per-source reuse and invalidation."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache, clean, segment
from generator.config import Config
from generator.model import Source, SourceMeta

BODY = ("Menu\nThe council approved the new budget on Tuesday evening after a long debate.\n"
        "The budget raises school spending by four percent next year.\nShare this")


def source(body: str = BODY, sid: str = "a", title: str = "Budget approved", fmt: str = "txt",
           digest: str | None = None) -> Source:
    return Source(id=sid, event_id="e", path=f"{sid}.{fmt}", format=fmt, body=body,
                  meta=SourceMeta(title=title), digest=digest or cache.digest(body.encode()))


def compute(s: Source, common: frozenset[str], config: Config):
    c = clean.clean(s, common)
    return c, segment.split(c, config)


def test_digest_is_stable_and_separates_parts() -> None:
    assert cache.digest("a", b"b", 1) == cache.digest("a", b"b", 1)
    assert cache.digest("ab") != cache.digest("a", "b")
    assert cache.digest(b"x") != cache.digest("x")


def test_code_version_follows_result_settings_only() -> None:
    base = Config()
    moved = base.with_(jobs=3, site_dir=Path("elsewhere"), build_dir=Path("b"), content_dir=Path("c"))
    assert cache.code_version(base) == cache.code_version(moved)
    assert cache.code_version(base) != cache.code_version(base.with_(same_fact_threshold=0.6))


def test_code_version_follows_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.code_version(Config())
    monkeypatch.setattr(cache, "_code_digest", lambda: "other code")
    assert cache.code_version(Config()) != before


def test_put_get_has_and_missing(tmp_path: Path) -> None:
    c = cache.Cache(tmp_path)
    assert c.get("k", "ab12") is None and not c.has("k", "ab12")
    c.put("k", "ab12", {"x": (1, 2)})
    assert c.has("k", "ab12") and c.get("k", "ab12") == {"x": (1, 2)}
    assert not list(tmp_path.rglob(".tmp-*"))


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    c = cache.Cache(tmp_path)
    c.put("k", "ab12", 1)
    (tmp_path / "k" / "ab" / "ab12").write_bytes(b"not a pickle")
    assert c.get("k", "ab12") is None
    assert c.memo("k", "ab12", lambda: 5) == 5 and c.get("k", "ab12") == 5


def test_prune_keeps_only_what_this_run_used(tmp_path: Path) -> None:
    cache.Cache(tmp_path).put("k", "old1", 1)
    c = cache.Cache(tmp_path)
    c.put("k", "new1", 2)
    c.touch("k", "kept")
    assert c.prune(("k",)) == 1
    assert not c.has("k", "old1") and c.has("k", "new1")


def test_source_work_is_reused_and_equal(tmp_path: Path) -> None:
    config, c, s = Config(), cache.Cache(tmp_path), source()
    calls = []

    def work():
        calls.append(1)
        return compute(s, frozenset(), config)

    first = cache.clean_and_split(c, s, frozenset(), config, work)
    second = cache.clean_and_split(c, s, frozenset(), config, work)
    assert len(calls) == 1
    assert first == second == compute(s, frozenset(), config)


@pytest.mark.parametrize("change", [
    {"body": BODY + "\nA new closing line that states something about the vote."},
    {"title": "Another headline"},
    {"sid": "b"},
    {"fmt": "md"},  # a.txt renamed a.md: same id and bytes, other text
])
def test_source_key_changes_with_its_inputs(change: dict[str, str]) -> None:
    version = cache.code_version(Config())
    before = cache.source_key(source(), frozenset(), version)
    assert before != cache.source_key(source(**change), frozenset(), version)


def test_source_key_depends_only_on_its_own_shared_lines() -> None:
    version = cache.code_version(Config())
    base = cache.source_key(source(), frozenset(), version)
    assert cache.source_key(source(), frozenset({"some other report's line"}), version) == base
    assert cache.source_key(source(), frozenset({"menu"}), version) != base


def test_without_a_cache_the_work_is_just_done() -> None:
    s = source()
    assert cache.clean_and_split(None, s, frozenset(), Config(), lambda: compute(s, frozenset(), Config())) \
        == compute(s, frozenset(), Config())
