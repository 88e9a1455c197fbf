"""`spacefilm timeline` and `spacefilm show`: filters, formats, terminals and pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from conftest import event
from spacefilm.vocab import FORMATS

Run = Callable[..., Result]


def ids(run: Run, *args: str) -> list[str]:
    result = run("timeline", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


@pytest.fixture
def small(write_dataset: Callable[..., Path]) -> str:
    """Events at the edges of months and years, for the window rule."""
    return str(
        write_dataset(
            {
                "events": [
                    event("may-31", "2021-05-31"),
                    event("june-1", "2021-06-01"),
                    event("dec-31", "2021-12-31"),
                    event("jan-2022", "2022-01"),
                    event("may-2020", "2020-05", country="ru"),
                    event("span", "2020-12-20/2021-01-05", kind="filming"),
                ]
            }
        )
    )


def test_until_a_month_reaches_its_last_day(run: Run, small: str) -> None:
    assert ids(run, "--data", small, "--until", "May 2021") == ["may-2020", "span", "may-31"]


def test_until_a_year_reaches_december(run: Run, small: str) -> None:
    assert ids(run, "--data", small, "--until", "2021", "--since", "2021-06") == ["june-1", "dec-31"]


def test_since_keeps_an_interval_that_reaches_into_the_window(run: Run, small: str) -> None:
    assert "span" in ids(run, "--data", small, "--since", "Jan 2021")
    assert "may-2020" in ids(run, "--data", small, "--since", "May 31, 2020")
    assert "may-2020" not in ids(run, "--data", small, "--since", "2020-06-01")


def test_filters_on_the_builtin_dataset(run: Run) -> None:
    assert ids(run, "--country", "RU", "--kind", "filming", "--project", "the-challenge") == ["challenge-iss-shoot"]
    assert ids(run, "--country", "Russian-Federation", "--kind", "landing") == ["challenge-soyuz-ms-18-landing"]
    assert ids(run, "--country", "United States", "--status", "unrealized") == ["cruise-planned-shoot"]
    both = ids(run, "--country", "usa", "--country", "russia", "--kind", "filming", "--since", "2021")
    assert both == ["inspiration4-flight-filmed", "cruise-planned-shoot", "challenge-iss-shoot", "nezhnost-filmed"]
    assert ids(run, "--project", "the-challenge", "--kind", "release") == [
        "challenge-premiere",
        "challenge-theatrical-release",
    ]
    assert ids(run, "--project", "Вызов", "--limit", "1") == ["challenge-announced"]


def test_search_is_case_insensitive_and_unicode_aware(run: Run) -> None:
    assert set(ids(run, "--project", "the-challenge")) <= set(ids(run, "--search", "вызов"))  # its original title
    assert ids(run, "--search", "LIMAN", "--limit", "2") == ["liman-to-direct", "universal-in-talks"]
    assert "challenge-training" in ids(run, "--search", "aif")


def test_limit_and_reverse(run: Run) -> None:
    everything = ids(run)
    assert ids(run, "--reverse") == everything[::-1]
    assert ids(run, "--reverse", "--limit", "2") == everything[::-1][:2]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--country", "rusia"], "Did you mean 'russia'?"),
        (["--kind", "filmin"], "Did you mean 'filming'?"),
        (["--status", "planed"], "Did you mean 'planned'"),
        (["--project", "the-chalenge"], "Did you mean 'the-challenge'?"),
        (["--since", "Octember 2021"], "not a date I can read"),
        (["--until", "05/10/2021"], "write 2021-10-05 for 5 October 2021 or 2021-05-10 for 10 May 2021"),
        (["--limit", "-1"], "give 1 or more"),
        (["--limit", "0"], "0 would show nothing: give 1 or more, or leave --limit out for all"),
        (["--format", "xml"], "'xml' is not one of"),
    ],
)
def test_bad_arguments_are_usage_errors(run: Run, args: list[str], expected: str) -> None:
    result = run("timeline", *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_country_lists_the_valid_ones(run: Run) -> None:
    assert "Valid: canada, china, israel, japan, russia, uk, us, ussr" in run("timeline", "--country", "mars").stderr


def test_no_match_is_not_an_error(run: Run) -> None:
    table = run("timeline", "--search", "no such thing anywhere")
    assert (table.exit_code, table.stdout, table.stderr) == (0, "", "No events match.\n")
    assert run("timeline", "--search", "no such thing anywhere", "--json").stdout == "[]\n"
    assert run("timeline", "--search", "no such thing anywhere", "--format", "jsonl").stdout == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_lists_the_filtered_events(run: Run, fmt: str) -> None:
    result = run("timeline", "--country", "russia", "--kind", "casting", "--format", fmt)
    assert result.exit_code == 0
    out = result.stdout
    if fmt == "json":
        assert [e["id"] for e in json.loads(out)] == ["challenge-open-casting", "challenge-cast-named"]
    elif fmt == "jsonl":
        assert [json.loads(line)["display"] for line in out.splitlines()] == ["Nov 2020", "May 13, 2021"]
    elif fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert [r["id"] for r in rows] == ["challenge-open-casting", "challenge-cast-named"]
        assert rows[1]["people"] == "Yulia Peresild; Klim Shipenko; Alyona Mordovina; Alexey Dudin"
    elif fmt == "markdown":
        lines = out.splitlines()
        assert lines[0] == "| Date | Country | Kind | Status | Title | ID |"
        assert lines[1] == "|---|---|---|---|---|---|"
        assert lines[3].startswith("| May 13, 2021 | Russia | casting | happened | Cast and crew named")
    else:
        assert "Nov 2020" in out and "May 13, 2021" in out and "Mordovina" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_output_round_trips_to_the_same_bytes(run: Run, fmt: str, tmp_path: Path) -> None:
    first = run("timeline", "--format", fmt).stdout_bytes
    saved = tmp_path / f"out.{fmt}"
    saved.write_bytes(first)
    assert run("--data", str(saved), "timeline", "--format", fmt).stdout_bytes == first


HOSTILE = 'Comma, "quote", tab\there\nnew line; [bold]markup[/] \x1b[31mred\x1b[0m | pipe'


@pytest.fixture
def hostile(write_dataset: Callable[..., Path]) -> str:
    item: dict[str, Any] = event("hostile", "2021-10", title=HOSTILE, people=["A, B", 'C "D"'], notes=HOSTILE)
    item["title"] = HOSTILE
    return str(write_dataset({"events": [item, event("plain", "2021-11")]}))


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_reads_back_every_field_intact(run: Run, hostile: str, fmt: str) -> None:
    out = run("--data", hostile, "timeline", "--format", fmt).stdout
    rows = list(csv.DictReader(io.StringIO(out, newline=""), delimiter="," if fmt == "csv" else "\t"))
    assert len(rows) == 2
    assert rows[0]["title"] == HOSTILE and rows[0]["notes"] == HOSTILE
    assert rows[0]["people"] == 'A, B; C "D"'


def test_table_neither_parses_markup_nor_passes_control_characters(run: Run, hostile: str) -> None:
    result = run("--data", hostile, "timeline", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "[bold]markup[/]" in result.stdout
    assert "\\x1b[31mred\\x1b[0m" in result.stdout
    assert "\x1b[31mred" not in result.stdout


def test_markdown_escapes_pipes_and_newlines(run: Run, hostile: str) -> None:
    lines = run("--data", hostile, "timeline", "--format", "markdown").stdout.splitlines()
    assert len(lines) == 4
    assert "\\| pipe" in lines[2] and lines[2].count(" | ") == 5


def test_show_neutralises_markup_and_control_characters(run: Run, hostile: str) -> None:
    out = run("--data", hostile, "show", "hostile").stdout
    assert "[bold]markup[/]" in out and "\x1b" not in out


def test_piped_table_has_no_escape_codes_and_is_not_cut_at_80_columns(run: Run) -> None:
    out = run("timeline").stdout
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) > 100
    assert "Roscosmos, Channel One and Yellow, Black and White announce «Вызов» (The Challenge)" in out
    assert all(line == line.rstrip() for line in out.splitlines())


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, [], False),
        ({"FORCE_COLOR": "1"}, [], True),
        ({"CLICOLOR_FORCE": "1"}, [], True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),
        ({"FORCE_COLOR": "1"}, ["--color", "never"], False),
        ({"NO_COLOR": "1"}, ["--color", "always"], True),
        ({"NO_COLOR": "", "FORCE_COLOR": "1"}, [], True),
    ],
)
def test_colour_follows_flags_then_environment(run: Run, env: dict[str, str], args: list[str], coloured: bool) -> None:
    out = run(*args, "timeline", "--limit", "3", env={"NO_COLOR": "", "FORCE_COLOR": "", **env}).stdout
    assert ("\x1b[" in out) == coloured


def test_closed_pipe_ends_quietly() -> None:
    """`spacefilm timeline --format jsonl | head -1`: no traceback, no 'Exception ignored'."""
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    code = (
        "import sys; from spacefilm.cli import main; sys.argv = ['spacefilm', 'timeline', '--format', 'jsonl']; main()"
    )
    writer = subprocess.run(
        [sys.executable, "-c", code],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    assert reader.stdin is not None
    reader.stdin.close()
    reader.wait()
    assert writer.stderr == b""


def test_closed_pipe_on_a_large_output_is_quiet(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps(event(f"e{i:05d}", "2021")) + "\n" for i in range(20_000)))
    shell = f'"{sys.executable}" -m spacefilm --data "{big}" timeline --format jsonl | head -1'
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False)
    assert result.stdout.startswith('{"id":"e00000"')
    assert result.stderr.startswith("Note: ") and len(result.stderr.splitlines()) == 1  # (events only: no names)


def test_show_json_is_the_one_event(run: Run) -> None:
    shown = json.loads(run("show", "challenge-iss-shoot", "--json").stdout)
    listed = json.loads(run("timeline", "--json").stdout)
    assert shown == next(e for e in listed if e["id"] == "challenge-iss-shoot")


def test_show_panel_has_every_part(run: Run) -> None:
    out = run("show", "challenge-cast-named").stdout
    for part in (
        "May 13, 2021",
        "2021-05-13; day precision",
        "Russia",
        "casting",
        "The Challenge (Вызов)",
        "Alyona Mordovina",
        "four actors",
        "Source 1",
        "Sputnik",
        "sputnikglobe.com",
        "prime crew",
    ):
        assert part in out, part


def test_show_unknown_id_suggests_the_closest(run: Run) -> None:
    result = run("show", "challenge-iss-shot")
    assert result.exit_code == 2
    assert "Did you mean 'challenge-iss-shoot'" in result.stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("spacefilm timeline --country ru", {"russia", "ru", "russian-federation"}),
        ("spacefilm timeline --kind fi", {"filming"}),
        ("spacefilm timeline --project the-c", {"the-challenge"}),
        (
            "spacefilm show challenge-s",
            {"challenge-soyuz-ms-19-launch", "challenge-soyuz-ms-18-landing", "challenge-state-prize"},
        ),
    ],
)
def test_shell_completion(words: str, expected: set[str]) -> None:
    env = {
        **os.environ,
        "_SPACEFILM_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = subprocess.run([sys.executable, "-m", "spacefilm"], env=env, capture_output=True, text=True, check=False)
    assert {line.split(",", 1)[1] for line in result.stdout.splitlines()} == expected


@pytest.mark.parametrize("command", ["timeline", "show", "validate", "compare", "firsts", "chart"])
def test_help_ends_with_examples(run: Run, command: str) -> None:
    out = run(command, "--help").stdout
    assert ("Examples:" in out and f"spacefilm {command}" in out) or "spacefilm --data" in out


def test_timelinejs_is_a_format_of_timeline(run: Run) -> None:
    document = json.loads(run("timeline", "--country", "russia", "--format", "timelinejs").stdout)
    assert document["title"]["text"]["headline"]
    assert {slide["group"] for slide in document["events"]} == {"Russia"}


def test_show_tells_a_claim_of_a_first_from_a_statement(run: Run) -> None:
    out = run("show", "dream-sts-41-c").stdout
    labels = [line.split()[0] for line in out.splitlines() if line.startswith(("Claim ", "Statement "))]
    assert "Claim" in labels and "Statement" in labels  # "the first use of the IMAX camera"; "partially shot in space"
