"""The README shows real output of real commands, and CI runs the README's test command."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE = re.compile(r"```console\n\$ (spacefilm [^\n|]*)\n(.*?)```", re.S)


@pytest.mark.parametrize(("command", "output"), CONSOLE.findall(README))
def test_readme_output_is_real(
    run: Callable[..., Result], command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the README's paths are relative to the checkout
    assert run(*shlex.split(command)[1:]).stdout == output


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.search(r"Install what the tests need.*?```sh\n(.*?)\n```", README, re.S)
    assert test_command is not None
    assert test_command.group(1) in ci
