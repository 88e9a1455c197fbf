"""The commands as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from spacefilm import __version__
from spacefilm.load.read import builtin_path

Run = Callable[..., Result]


def test_version_and_help(run: Run) -> None:
    assert run("--version").stdout == f"spacefilm, version {__version__}\n"
    help_text = run("--help").stdout
    for command in ("timeline", "show", "compare", "firsts", "chart", "validate", "schema"):
        assert command in help_text
    assert "Examples:" in help_text


def test_timeline_table_lists_every_event_in_order(run: Run) -> None:
    result = run("timeline")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Date", "Country", "Kind", "Title", "ID"]
    body = [line for line in lines[2:] if line.strip()]
    assert len(body) == len(json.loads(run("timeline", "--json").stdout))
    assert body[0].startswith("1983 ") and "Return from Orbit" in body[0]
    shoot = next(line for line in body if "challenge-iss-shoot" in line)
    assert shoot.startswith("Oct 5\u201317, 2021") and "Russia" in shoot and "filming" in shoot
    unrealized = next(line for line in body if "cruise-planned-shoot" in line)
    assert "(never happened)" in unrealized


def test_timeline_json_follows_the_output_contract(run: Run) -> None:
    events = json.loads(run("timeline", "--format", "json").stdout)
    raw = json.loads(Path(builtin_path()).read_text(encoding="utf-8"))
    assert len(events) == len(raw["events"])
    earliest = [e["earliest"] for e in events]
    assert earliest == sorted(earliest)
    shoot = next(e for e in events if e["id"] == "challenge-iss-shoot")
    assert shoot["earliest"] == "2021-10-05" and shoot["latest"] == "2021-10-17"
    assert shoot["precision"] == "day" and shoot["display"] == "Oct 5\u201317, 2021"
    may = next(e for e in events if e["id"] == "universal-commits-200m")
    assert (may["earliest"], may["latest"], may["precision"], may["display"]) == (
        "2020-07-01",
        "2020-07-31",
        "month",
        "Jul 2020",
    )
    original = {e["id"]: e for e in raw["events"]}
    for event in events:
        for key, value in original[event["id"]].items():
            assert event[key] == value, (event["id"], key)


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "spacefilm", "timeline", "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(result.stdout.splitlines()) > 30
    assert result.stderr == ""


def test_typo_in_a_command_suggests_the_closest(run: Run) -> None:
    result = run("timline")
    assert result.exit_code == 2
    assert "No such command 'timline'. Did you mean 'timeline'?" in result.stderr
