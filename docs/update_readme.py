"""Rewrite the output of every ```console example in README.md with what the command prints today.

    python docs/update_readme.py

What a reader sees on a terminal of 80 columns (the width most have), without colour; tests/test_readme.py checks
that the README and the commands agree.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from spacefilm.cli import cli
from spacefilm.render.output import Output

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CONSOLE = re.compile(r"(```console\n\$ (spacefilm [^\n]*)\n)(.*?)(```)", re.S)
COLUMNS = 80


def shown(command: str) -> str:
    """What `command` prints at COLUMNS columns, run from the checkout: standard output and standard error, as a
    terminal shows them (the line that says which columns a narrow table left out, the count of problems). A
    pipeline (`spacefilm timeline --json | jq length`) is run by the shell, with this environment's spacefilm."""
    if "|" in command:
        return piped(command)
    here = os.getcwd()
    os.chdir(ROOT)  # the README's paths are relative to the checkout
    try:
        output = Output(terminal=True, width=COLUMNS)
        return CliRunner().invoke(cli, shlex.split(command)[1:], obj=output, catch_exceptions=False).output
    finally:
        os.chdir(here)


def piped(command: str) -> str:
    import subprocess

    path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    result = subprocess.run(
        command, shell=True, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PATH": path}, check=False
    )
    return result.stdout + result.stderr


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = CONSOLE.sub(lambda m: m.group(1) + shown(m.group(2)) + m.group(4), text)
    README.write_text(updated, encoding="utf-8")
    print("README.md: up to date" if updated == text else "README.md: examples rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
