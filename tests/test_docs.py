"""Documentation as a test: every setting and every command is documented in the README."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from generator.cli import parser
from generator.config import Config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [f.name for f in fields(Config)])
def test_every_config_field_is_in_the_readme(name: str) -> None:
    assert f"| `{name}` |" in README, f"Config.{name} is missing from the README's Configuration table"


def test_every_command_is_in_the_readme() -> None:
    sub = next(a for a in parser()._actions if a.dest == "command")
    for command in sub.choices:  # type: ignore[union-attr]
        assert f"brief {command}" in README, f"`brief {command}` is not documented in the README"


def test_readme_gives_the_two_setup_commands() -> None:
    assert "pip install -e . && .venv/bin/brief build" in README
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"
    assert command.replace(" -q", "") in README and command in ci
