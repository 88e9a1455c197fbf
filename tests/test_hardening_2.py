"""The second hostile round: each class of fault fixed at its root, each with the test that would have caught it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import event
from spacefilm.load import read

Run = Callable[..., Result]
OSC_52 = "\x1b]52;c;SGVsbG8=\x07"  # writes to the clipboard of a terminal that obeys it


@pytest.mark.parametrize(
    "environment",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}],
    ids=["ascii", "latin-1", "C locale"],
)
@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["timeline", "--format", "markdown"],
        ["timeline", "--format", "csv"],
        ["timeline", "--json"],
        ["firsts"],
        ["show", "challenge-iss-shoot"],
        ["compare", "us", "russia"],
        ["chart"],
        ["timeline", "--help"],
        ["timeline", "--country", "nowhere"],
    ],
    ids=" ".join,
)
def test_any_stdout_encoding_gets_text_not_a_traceback(environment: dict[str, str], args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "PYTHONUTF8")}
    result = subprocess.run(
        [sys.executable, "-m", "spacefilm", *args], capture_output=True, env={**env, **environment}, check=False
    )
    assert b"Traceback" not in result.stderr
    assert result.returncode == (2 if "nowhere" in args else 0), result.stderr
    assert result.stdout or result.stderr


def test_an_unreadable_file_is_one_line_and_exit_1(
    run: Run, write_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset({"events": [event("a", "2021")]})

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)  # what Click would ask (it said: usage, exit 2)
    monkeypatch.setattr(read, "open", refuse, raising=False)
    for args in (["--data", str(path), "timeline"], ["validate", str(path)]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"Error: {path}: permission denied" if args[0] == "--data" else f"{path}: permission denied",
            *(["1 problem found."] if args[0] == "validate" else []),
        ]


def test_a_path_with_a_line_break_is_named_on_one_line(run: Run) -> None:
    result = run("--data", "two\nlines.json", "timeline")
    assert result.exit_code == 1
    assert result.stderr == "Error: two\\x0alines.json: no such file\n"


@pytest.mark.parametrize("args", [["--data", "", "timeline"], ["chart", "--html", ""], ["chart", "--svg", ""]])
def test_an_empty_path_is_a_usage_error(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "an empty path names no file" in result.stderr


@pytest.mark.parametrize(
    "date",
    [
        "\u0662\u0660\u0662\u0661-\u0661\u0660-\u0660\u0665",  # Arabic-Indic: 2021-10-05
        "\uff12\uff10\uff12\uff11",  # fullwidth: 2021
        "2021-\uff11\uff10",  # ASCII, then fullwidth: 2021-10
    ],
)
def test_dates_take_only_ascii_digits(run: Run, write_dataset: Callable[..., Path], date: str) -> None:
    result = run("validate", str(write_dataset({"events": [event("a", date)]})))
    assert result.exit_code == 1
    assert "date: " in result.stdout and "is not a date of the form" in result.stdout


@pytest.mark.parametrize("width", ["10000000", str(10**20)])
def test_chart_width_is_bounded(run: Run, width: str) -> None:
    result = run("chart", "--width", width)
    assert result.exit_code == 2 and "60<=x<=1000" in result.stderr


def test_a_formula_in_a_cell_is_inert_in_csv_and_tsv(run: Run, write_dataset: Callable[..., Path]) -> None:
    formula = "=cmd|' /C calc'!A0"
    path = write_dataset({"events": [event("a", "2021", title=formula, notes="@SUM(1+1)", summary="-2+3")]})
    for fmt, separator in (("csv", ","), ("tsv", "\t")):
        out = run("--data", str(path), "timeline", "--format", fmt).stdout
        row = out.splitlines()[1]
        assert "'=cmd|" in row and "'@SUM(1+1)" in row and "'-2+3" in row
        assert separator + "=" not in row
    exact = json.loads(run("--data", str(path), "timeline", "--json").stdout)[0]
    assert (exact["title"], exact["notes"], exact["summary"]) == (formula, "@SUM(1+1)", "-2+3")


def test_names_from_data_are_inert_everywhere_they_are_shown(run: Run, write_dataset: Callable[..., Path]) -> None:
    countries = [{"id": "c", "name": f"Country{OSC_52}"}, {"id": "d", "name": "Right\u202eto left"}]
    projects = [{"id": "p", "title": f"Film{OSC_52}"}]
    events = [event("a", "2021", country="c", project="p"), event("b", "2022", country="d", project="p")]
    path = write_dataset({"countries": countries, "projects": projects, "events": events})
    shown = [
        run("--color", "always", "--data", str(path), "chart").output,
        run("--data", str(path), "chart", "--by", "project").output,
        run("--data", str(path), "timeline", "--country", "nowhere").output,  # the list of valid names
        run("--data", str(path), "timeline", "--project", "nothing").output,
        run("--data", str(path), "show", "a").output,
        run("--data", str(path), "timeline").output,
    ]
    for out in shown:
        assert "\x07" not in out and "]52;" not in out.replace("\\x1b]52;", "") and "\u202e" not in out
    assert "Country\\x1b]52;c;SGVsbG8=\\x07" in shown[0] and "Right\\u202eto left" in shown[0]
    assert "Film\\x1b]52" in shown[1]
