"""The README shows real output of real commands, at 80 columns, and CI runs the README's test command."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
_spec = importlib.util.spec_from_file_location("update_readme", ROOT / "docs" / "update_readme.py")
assert _spec is not None and _spec.loader is not None
update_readme = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_readme)


@pytest.mark.parametrize(("command", "output"), [(m[1], m[2]) for m in update_readme.CONSOLE.findall(README)])
def test_readme_output_is_real(command: str, output: str) -> None:
    """What a reader of the README sees is what the command prints on a terminal of 80 columns (without colour);
    `python docs/update_readme.py` rewrites the examples."""
    assert update_readme.shown(command) == output


def test_every_drawn_example_fits_80_columns() -> None:
    """(Machine formats and validate's problems are one record a line, whatever the width.)"""
    for _, command, output, _ in update_readme.CONSOLE.findall(README):
        if "--format" in command or "--json" in command or " validate" in command:
            continue
        lines = [line for line in output.splitlines() if not line.strip().startswith("https://")]
        assert all(len(line) <= 80 for line in lines), command


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.search(r"Install what the tests need.*?```sh\n(.*?)\n```", README, re.S)
    assert test_command is not None
    assert test_command.group(1) in ci
