"""End-to-end golden files: the sample content tree against committed expected output.

Run the pipeline on ``content/<event>`` and compare the rendered output with
``tests/golden/<event>.<ext>``. A difference fails the test and shows a diff.

Refreshing a golden file is a deliberate, reviewed act: after a change that is
meant to alter the output (a better aligner, a new cleaning rule), run

    BRIEF_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

then read ``git diff tests/golden/`` before committing it. Without the variable
the test never writes anything.

To add another golden (e.g. the Markdown brief), render it to a string and call
``check_golden(f"{EVENT}.md", text)`` from a new test; the first run with the
variable set creates the file.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from test_export import assert_contract

from generator.config import Config
from generator.export import brief_to_json
from generator.model import Brief
from generator.pipeline import build_brief

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
EVENT = "2023-01-30-nato-chief-south-korea"
UPDATE = os.environ.get("BRIEF_UPDATE_GOLDEN") == "1"


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``tests/golden/<name>``; rewrite it instead when BRIEF_UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}; create it with BRIEF_UPDATE_GOLDEN=1 and review it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual", n=2
            )
        )
        pytest.fail(
            f"output differs from golden/{name} (refresh deliberately with BRIEF_UPDATE_GOLDEN=1):\n"
            + diff[:6000]
        )


def portable_json(brief: Brief) -> str:
    """The brief's JSON with the machine-specific content path taken out of warnings and paths."""
    return brief_to_json(brief).replace(str(ROOT / "content") + os.sep, "content/")


@pytest.fixture(scope="module")
def brief() -> Brief:
    folder = ROOT / "content" / EVENT
    if not folder.is_dir():
        pytest.skip(f"sample content {folder} is not there")
    return build_brief(folder, Config())


def test_sample_event_keeps_the_contract(brief: Brief) -> None:
    doc = assert_contract(brief)
    assert len(doc["sources"]) >= 2 and doc["facts"]


def test_sample_event_json_matches_golden(brief: Brief) -> None:
    check_golden(f"{EVENT}.json", portable_json(brief))


def test_sample_event_markdown_brief_matches_golden(brief: Brief, tmp_path: Path) -> None:
    from generator.render import render_event

    render_event(brief, tmp_path)
    text = (tmp_path / EVENT / "index.md").read_text(encoding="utf-8")
    check_golden(f"{EVENT}.md", text.replace(str(ROOT / "content") + os.sep, "content/"))


def test_sample_event_carries_the_claims_several_reports_share(brief: Brief) -> None:
    """The issue's acceptance list, checked on the evidence rather than on wording."""
    corroborated = [f for f in brief.facts if f.status == "corroborated"]

    def cited(*words: str) -> list[int]:
        return [len(f.source_ids) for f in corroborated
                if any(all(w.lower() in c.text.lower() for w in words) for c in f.citations)]

    assert max(cited("urge", "military"), default=0) == 5  # the call for military support, in every report
    assert max(cited("Germany", "Sweden", "Norway"), default=0) == 5
    assert max(cited("allies", "polic"), default=0) >= 4
    naming = {c.source.id for c in brief.cleaned if "Poland" in c.text}
    deals = max(corroborated, key=lambda f: sum("Poland" in c.text for c in f.citations))
    assert set(deals.source_ids) == naming and len(naming) == 4  # the arms deals, by every report that names them
    [meeting] = [f for f in corroborated if any("had a meeting with" in c.text and not c.added for c in f.citations)]
    assert not any(w in c.text for c in meeting.citations for w in ("laws", "regulation"))  # the president's laws
    assert cited("policy of not")  # Seoul's policy of not arming countries at war
    assert max(cited("thanked"), default=0) >= 4  # the speech, wherever each report says it was held
    assert len({o.id for o in brief.origins}) == len(brief.sources) - 1  # two rewrites of one wire story
    assert max(cited("diplomatic mission"), default=0) == 3  # 000, 002 and 004 state it (003 only in a caption)


def test_sample_event_flags_the_spun_copy_and_never_shows_its_wording(brief: Brief) -> None:
    flagged = {r.source.id for r in brief.sources if any(f.startswith("likely spun") for f in r.flags)}
    assert len(flagged) == 1
    translated = {r.source.id for r in brief.sources if any(f.startswith("likely translated") for f in r.flags)}
    assert len(translated) == 1 and not flagged & translated  # the translation from Korean, by its page
    for f in brief.facts:
        if any(c.source_id not in flagged for c in f.citations):
            assert f.citations[0].source_id not in flagged, f.text
