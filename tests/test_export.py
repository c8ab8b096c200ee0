"""The JSON of the command-line contract (shared CONTRACT.md) and its invariants.

``assert_contract`` is the one checker of those invariants; the hostile-input,
fuzz and golden tests import it (with the ``write_event``/``build`` builders)
from here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.clean import LEFT_OUT
from generator.config import Config
from generator.export import brief_to_dict, brief_to_json
from generator.model import Brief
from generator.pipeline import build_brief

STATUSES = {"corroborated", "single-source", "disputed"}


def write_event(root: Path, files: dict[str, str | bytes], name: str = "event") -> Path:
    """An event folder under ``root`` holding ``files`` (name -> text or bytes)."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for fname, data in files.items():
        (folder / fname).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder


def build(root: Path, files: dict[str, str | bytes], **config: object) -> Brief:
    """The brief of an event made of ``files``."""
    return build_brief(write_event(root, files), Config().with_(**config))


def assert_contract(brief: Brief) -> dict:
    """Check every invariant of CONTRACT.md on a brief and its JSON; return the JSON object."""
    doc = json.loads(brief_to_json(brief))
    assert doc == brief_to_dict(brief)
    assert doc["schema"] == 1
    assert set(doc["event"]) >= {"title", "date"}
    texts = {c.source.id: c.text for c in brief.cleaned}
    ids = [s["id"] for s in doc["sources"]]
    assert len(ids) == len(set(ids)) == len(texts)
    origin_ids = {o["id"] for o in doc["origins"]}
    for s in doc["sources"]:
        assert set(s) >= {"id", "title", "publisher", "url", "published", "language", "origin"}
        assert s["origin"] in origin_ids
        assert isinstance(s["title"], str) and s["title"]
    in_origins = [sid for o in doc["origins"] for sid in o["sources"]]
    assert sorted(in_origins) == sorted(ids)
    origin_of = {sid: o["id"] for o in doc["origins"] for sid in o["sources"]}
    fact_ids = [f["id"] for f in doc["facts"]]
    assert len(fact_ids) == len(set(fact_ids))
    cited: set[tuple[str, int]] = set()
    for f in doc["facts"]:
        assert f["status"] in STATUSES
        assert f["evidence"], f
        assert f["sources"] == list(dict.fromkeys(e["source"] for e in f["evidence"]))
        assert set(f["sources"]) == {e["source"] for e in f["evidence"]}
        assert f["origins"] == len({origin_of[s] for s in f["sources"]})
        if f["status"] == "corroborated":
            assert f["origins"] >= 2
        assert {e["role"] for e in f["evidence"]} <= {"matched", "added"}
        assert any(e["role"] == "matched" for e in f["evidence"])  # a fact stands on matched statements
        # extractive: the shown wording is verbatim in a cited source
        assert any(f["text"] in texts[sid] for sid in f["sources"]), f["text"]
        for e in f["evidence"]:
            assert 0 <= e["start"] <= e["end"] <= len(texts[e["source"]])
            assert texts[e["source"]][e["start"] : e["end"]] == e["text"]
            cited.add((e["source"], e["sentence"]))
    for s in brief.sentences:  # nothing lost: each sentence is evidence (or was removed before it)
        assert texts[s.source_id][s.start : s.end] == s.text
        assert (s.source_id, s.index) in cited, f"sentence not in any fact: {s.key} {s.text!r}"
    for r in doc["removed"]:
        assert r["source"] in texts and r["reason"] and r["text"].strip()
    for c in brief.cleaned:  # every removed piece is verbatim from its body (or, for a page, is what it left out)
        for r in c.removed:
            assert r.text in " ".join(c.source.body.split()) or r.text in c.source.body or (
                r.reason == LEFT_OUT and r.text in c.source.left_out)
    assert all(isinstance(w, str) and "\n" not in w for w in doc["warnings"])
    return doc


def assert_nothing_lost(brief: Brief) -> None:
    """Every word of every body is kept in the cleaned text or in a removed piece."""
    for c in brief.cleaned:
        kept = c.text.split() + [w for r in c.removed for w in r.text.split()]
        for word in " ".join(c.source.body.split()).split():
            assert word in kept or any(word in k for k in kept), (c.source.id, word)
    covered: dict[str, list[bool]] = {c.source.id: [False] * len(c.text) for c in brief.cleaned}
    for s in brief.sentences:
        covered[s.source_id][s.start : s.end] = [True] * (s.end - s.start)
    for c in brief.cleaned:
        stray = "".join(ch for ch, ok in zip(c.text, covered[c.source.id], strict=True) if not ok)
        assert not stray.strip(), (c.source.id, stray)


AGREE_A = (
    "Officials said on Monday that the bridge over the river would reopen in March.\n\n"
    "The repairs cost 40 million dollars, the transport ministry said in a statement.\n"
)
AGREE_B = (
    "The bridge over the river will reopen in March, officials said on Monday.\n\n"
    "According to the transport ministry, the repairs cost 40 million dollars.\n\n"
    "Local shop owners welcomed the news after months of detours.\n"
)

LADDER: dict[str, dict[str, str | bytes]] = {
    "no sources": {},
    "one source": {"a.txt": AGREE_A},
    "two that agree": {"a.txt": AGREE_A, "b.txt": AGREE_B},
    "two that conflict": {
        "a.txt": AGREE_A,
        "b.txt": AGREE_A.replace("40 million", "90 million").replace("March", "June"),
    },
    "copies": {"a.txt": AGREE_A, "b.md": AGREE_A},
    "three formats": {
        "a.txt": AGREE_A,
        "b.md": "---\ntitle: Bridge to reopen\n---\n" + AGREE_B,
        "c.html": f"<html><body><article><p>{AGREE_B}</p></article></body></html>",
    },
    "empty and full": {"a.txt": "", "b.txt": AGREE_B},
}


@pytest.mark.parametrize("files", LADDER.values(), ids=LADDER.keys())
def test_contract_holds_on_the_ladder(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    brief = build(tmp_path, files)
    doc = assert_contract(brief)
    assert_nothing_lost(brief)
    assert len(doc["sources"]) == sum(1 for _ in files)


def test_copies_are_one_origin_and_never_corroborate(tmp_path: Path) -> None:
    doc = assert_contract(build(tmp_path, LADDER["copies"]))
    assert len(doc["origins"]) == 1
    assert all(f["status"] != "corroborated" for f in doc["facts"])
    assert any("identical text" in w for w in doc["warnings"])


def test_agreeing_independent_reports_corroborate(tmp_path: Path) -> None:
    doc = assert_contract(build(tmp_path, LADDER["two that agree"]))
    assert any(f["status"] == "corroborated" and f["origins"] == 2 for f in doc["facts"])


def test_json_is_deterministic_and_utf8(tmp_path: Path) -> None:
    files = {"a.txt": AGREE_A.replace("Monday", "Monday in Zürich"), "b.txt": AGREE_B}
    first = brief_to_json(build(tmp_path / "1", files))
    second = brief_to_json(build(tmp_path / "2", files))
    assert "Zürich" in first
    assert json.loads(first)["facts"] == json.loads(second)["facts"]


def test_sources_report_inferred_fields(tmp_path: Path) -> None:
    doc = assert_contract(build(tmp_path, {"a.md": "---\ntitle: Stated title\n---\n" + AGREE_A}))
    (src,) = doc["sources"]
    assert src["title"] == "Stated title" and "title" not in src["inferred"]
    assert src["url"] is None and src["published"] is None


def test_a_copy_of_a_report_changes_nothing_but_its_own_citations(tmp_path: Path) -> None:
    """Two copies of a spun report matched each other first and pulled other reports' statements in
    with them: three more corroborated facts and the spun wording shown. A copy is aligned as the
    report it copies, and cites the same spans."""
    seed = Path(__file__).resolve().parents[1] / "content" / "2023-01-30-nato-chief-south-korea"
    if not seed.is_dir():
        pytest.skip("sample content is not there")
    files: dict[str, str | bytes] = {p.name: p.read_bytes() for p in sorted(seed.glob("*.txt"))}
    spun = sorted(files)[-1]
    alone = brief_to_dict(build(tmp_path / "alone", files))
    with_copy = build(tmp_path / "copy", {**files, "zz-copy.txt": files[spun]})
    doc = assert_contract(with_copy)
    assert_nothing_lost(with_copy)
    copied = Path(spun).stem
    for before, after in zip(alone["facts"], doc["facts"], strict=True):
        assert [e for e in after["evidence"] if e["source"] != "zz-copy"] == before["evidence"]
        assert [(e["sentence"], e["text"], e["role"]) for e in after["evidence"] if e["source"] == "zz-copy"] == [
            (e["sentence"], e["text"], e["role"]) for e in before["evidence"] if e["source"] == copied]
        assert [after[k] for k in ("id", "status", "origins", "text")] == [
            before[k] for k in ("id", "status", "origins", "text")]
    origin = {s["id"]: s["origin"] for s in doc["sources"]}
    assert origin["zz-copy"] == origin[copied]


def test_a_copy_with_an_edit_changes_only_what_the_edit_touches(tmp_path: Path) -> None:
    """A wire story syndicated with a change: the sentences it repeats word for word are aligned once,
    as the first report's, the others as part of that report, and it joins that report's origin. Before,
    the copy's statements matched the spun report's first: three shown wordings became the spun ones."""
    seed = Path(__file__).resolve().parents[1] / "content" / "2023-01-30-nato-chief-south-korea"
    if not seed.is_dir():
        pytest.skip("sample content is not there")
    files: dict[str, str | bytes] = {p.name: p.read_text(encoding="utf-8") for p in sorted(seed.glob("*.txt"))}
    spun = sorted(files)[-1]
    edited = str(files[spun]).replace("Monday", "Tuesday")
    alone = brief_to_dict(build(tmp_path / "alone", files))
    doc = assert_contract(build(tmp_path / "copy", {**files, "zz-copy.txt": edited}))
    corroborated = {f["text"] for f in alone["facts"] if f["status"] == "corroborated"}
    now = {f["text"]: f for f in doc["facts"] if f["status"] == "corroborated"}
    assert corroborated <= set(now)  # each as it was: same shown wording, none lost
    for text in set(now) - corroborated:  # only a sentence the edit changed, in either version, can differ
        assert "Monday" in text or "Tuesday" in text, text
    origin = {s["id"]: s["origin"] for s in doc["sources"]}
    assert origin["zz-copy"] == origin[Path(spun).stem]
    assert any("zz-copy repeats" in o["reason"] for o in doc["origins"])
