"""The README shows real output of real commands, at 80 columns, and CI runs the README's test command."""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import termios
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


def on_a_terminal(args: list[str], columns: int = 80) -> str:
    """What a terminal of `columns` columns shows (without colour) when `spacefilm ARGS` runs in it: standard output
    and standard error as they reach the screen, in the order they reach it."""
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    unset = ("COLUMNS", "LINES", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "SPACEFILM_DATA")
    env = {k: v for k, v in os.environ.items() if k not in unset} | {"NO_COLOR": "1", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "spacefilm", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=ROOT,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 2**16)
        except OSError:  # (EIO: the command has ended, and the terminal's other side with it)
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(primary)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("command", "output"), [(m[1], m[2]) for m in update_readme.CONSOLE.findall(README) if "|" not in m[1]]
)
def test_readme_output_is_what_a_real_terminal_shows(command: str, output: str) -> None:
    """The same examples run in a real terminal (a pseudo-terminal of 80 columns): standard error where the
    terminal puts it (a note below the table it is about), and nothing drawn differently outside the test runner."""
    assert on_a_terminal(shlex.split(command)[1:]) == output


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (m[1], m[2])
        for m in update_readme.CONSOLE.findall(README)
        if "|" in m[1] and all(shutil.which(word) for word in re.findall(r"\|\s*(\S+)", m[1]))
    ],
)
def test_readme_pipelines_are_real(command: str, output: str) -> None:
    assert update_readme.piped(command) == output


def test_every_readme_example_is_checked() -> None:
    """No example escapes the checks above: each starts `$ spacefilm`, and is run alone or as a pipeline."""
    examples = re.findall(r"```console\n(.*?)\n", README)
    assert examples and all(line.startswith("$ spacefilm ") for line in examples)
    assert len(update_readme.CONSOLE.findall(README)) == len(examples)
