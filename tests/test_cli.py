"""The `brief` command: exit codes, JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

PROSE_A = "Officials said on Monday that the bridge over the river would reopen in March.\n"
PROSE_B = "The bridge over the river will reopen in March, officials said on Monday.\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def event(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "event"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
    return folder


def assert_one_line_error(code: int, out: str, err: str, *needles: str) -> None:
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and err.startswith("brief: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


def test_facts_prints_the_contract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["facts", str(event(tmp_path, {"a.txt": PROSE_A, "b.txt": PROSE_B}))], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["schema"] == 1 and [s["id"] for s in doc["sources"]] == ["a", "b"]


@pytest.mark.parametrize(
    ("files", "needles"),
    [
        ({"a.md": "---\ntitle: [oops\n---\nText."}, ["a.md", "invalid YAML front matter", "fix the YAML"]),
        ({"a.md": "---\n- 1\n---\nText."}, ["a.md", "must be a mapping"]),
        ({"a.md": "---\npublished: soon\n---\nText."}, ["a.md", "use YYYY-MM-DD"]),
        ({"a.md": "---\npublished: 2023-02-30\n---\nText."}, ["a.md", "front matter"]),
        ({"event.yml": "title: [x", "a.txt": PROSE_A}, ["event.yml", "invalid YAML"]),
        ({"event.yml": "\x00\x01\x02" * 100, "a.txt": PROSE_A}, ["event.yml", "binary"]),
    ],
)
def test_facts_bad_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes], needles: list[str]
) -> None:
    assert_one_line_error(*run(["facts", str(event(tmp_path, files))], capsys), *needles)


@pytest.mark.parametrize("name", ["missing", "file.txt"])
def test_facts_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    assert_one_line_error(*run(["facts", str(tmp_path / name)], capsys), name, "not a folder")


def test_facts_keeps_going_past_unreadable_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = event(tmp_path, {"a.txt": PROSE_A, "b.txt": bytes(range(256)) * 4, "c.pdf": b"%PDF"})
    code, out, _ = run(["facts", str(folder)], capsys)
    assert code == 0
    warnings = json.loads(out)["warnings"]
    assert any("b.txt" in w and "left out" in w for w in warnings)
    assert any("c.pdf" in w for w in warnings)


def test_facts_on_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["facts", str(event(tmp_path, {}))], capsys)
    assert code == 0 and json.loads(out)["facts"] == []


def test_pairs_scores_every_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_text(
        f"p1\t{PROSE_A.strip()}\t{PROSE_B.strip()}\n\np2\tThe sky is blue.\tTaxes rose by 3 percent.\n"
    )
    code, out, err = run(["pairs", str(f)], capsys)
    assert code == 0 and err == ""
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[0] for r in rows] == ["p1", "p2"]
    for _, score, label in rows:
        assert 0.0 <= float(score) <= 1.0 and label in ("0", "1")


def test_a_long_pairs_file_is_scored_in_even_blocks_each_line_once_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = [(PROSE_A.strip(), PROSE_B.strip()),
            ("The minister resigned on Friday after the vote.", "After the vote, the minister resigned on Friday."),
            ("Floods closed the main road into the city.", "The main road into the city was closed by floods.")]
    other = [("The sky is blue today.", "Taxes rose by 3 percent last year."),
             ("The museum opens a new wing in May.", "The team lost its third game in a row.")]
    lines = [f"s{k}\t{a}\t{b}" for k, (a, b) in enumerate(same)] + [f"o{k}\t{a}\t{b}" for k, (a, b) in enumerate(other)]
    f = tmp_path / "pairs.tsv"
    f.write_text("\n".join(lines) + "\n")
    _, whole, _ = run(["pairs", str(f)], capsys)
    _, one_block, _ = run(["--set", "pairs_per_fit=5", "pairs", str(f)], capsys)
    code, blocks, err = run(["--set", "pairs_per_fit=2", "pairs", str(f)], capsys)
    assert code == 0 and err == "" and one_block == whole
    rows = [line.split("\t") for line in blocks.splitlines()]
    assert [r[0] for r in rows] == ["s0", "s1", "s2", "o0", "o1"]
    assert [r[2] for r in rows] == ["1", "1", "1", "0", "0"]
    assert [r[2] for r in (line.split("\t") for line in whole.splitlines())] == ["1", "1", "1", "0", "0"]


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        ("p1\tonly one text\n", ["pairs.tsv:1", "expected id<TAB>text_a<TAB>text_b"]),
        (None, ["pairs.tsv", "cannot be read"]),
    ],
)
def test_pairs_bad_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, needles: list[str]
) -> None:
    f = tmp_path / "pairs.tsv"
    if content is not None:
        f.write_text(content)
    assert_one_line_error(*run(["pairs", str(f)], capsys), *needles)


def test_pairs_of_an_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_text("")
    code, out, _ = run(["pairs", str(f)], capsys)
    assert code == 0 and out == ""


def test_console_script_exit_codes(tmp_path: Path) -> None:
    """The installed entry point behaves like main(): 0 with JSON, 2 with one line on stderr."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "generator.cli", "facts"]
    ok = subprocess.run(
        [*cmd, str(event(tmp_path, {"a.txt": PROSE_A}))], capture_output=True, text=True, env=env
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["schema"] == 1
    bad = subprocess.run([*cmd, str(tmp_path / "nope")], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1


def test_a_page_the_extractor_cannot_parse_is_one_warning_in_the_brief_not_library_noise(tmp_path: Path) -> None:
    nested = "<html><body>" + "<div>" * 3000 + "<p>The bridge reopened.</p>" + "</div>" * 3000 + "</body></html>"
    folder = event(tmp_path, {"a.txt": PROSE_A, "b.html": nested})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "generator.cli", "facts", str(folder)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stderr == ""
    assert any("b.html" in w for w in json.loads(done.stdout)["warnings"])


def test_facts_prints_utf8_whatever_the_locale(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    folder = event(tmp_path, {"a.txt": PROSE_A.replace("Monday", "Monday in Zürich")})
    cmd = [sys.executable, "-m", "generator.cli", "facts", str(folder)]
    ran = subprocess.run(cmd, capture_output=True, env=env)
    assert ran.returncode == 0, ran.stderr
    assert "Zürich" in json.loads(ran.stdout.decode("utf-8"))["facts"][0]["text"]


def test_set_overrides_a_config_field_and_rejects_bad_values(capsys) -> None:
    from generator.cli import main, parse_setting

    assert parse_setting("mutual_best=false") == ("mutual_best", False)
    assert parse_setting("lead_size=3") == ("lead_size", 3)
    assert parse_setting("same_fact_threshold=0.6") == ("same_fact_threshold", 0.6)
    for bad in ("nope=1", "lead_size=many", "mutual_best=maybe", "lead_size=0"):
        assert main(["--set", bad, "facts", "."]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("brief: error:")
    assert main(["build", "--jobs", "-3"]) == 2  # one line, no traceback
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "jobs" in err[0]


def test_build_options_given_win_over_set_and_set_over_defaults(monkeypatch, tmp_path) -> None:
    from generator import build
    from generator.cli import main

    seen = []
    monkeypatch.setattr(build, "build_all", lambda config, *a, **k: seen.append(config) or build.BuildReport())
    main(["--set", f"site_dir={tmp_path / 'set'}", "--set", "jobs=3", "build", "--content", str(tmp_path)])
    main(["--set", f"site_dir={tmp_path / 'set'}", "build", "--site", str(tmp_path / "given"), "--jobs", "1"])
    assert (seen[0].site_dir, seen[0].jobs, seen[0].content_dir) == (tmp_path / "set", 3, tmp_path)
    assert (seen[1].site_dir, seen[1].jobs) == (tmp_path / "given", 1)
