"""Options where people type them, dates as people write them, and usage errors that say what to do."""

from __future__ import annotations

import calendar
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from conftest import event
from spacefilm.cli import cli
from spacefilm.dates import DateError, parse_edtf, parse_user_date
from spacefilm.render.output import Output

Run = Callable[..., Result]
ESC = "\x1b["


def ids(result: Result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)]


# firsts and timeline: one set of options


def options_of(command: str) -> dict[str, click.Parameter]:
    found = cli.commands[command].params
    return {param.name or "": param for param in found if isinstance(param, click.Option)}


def test_firsts_takes_every_option_of_timeline() -> None:
    timeline, firsts = options_of("timeline"), options_of("firsts")
    assert set(timeline) == set(firsts)
    for name in timeline:
        if name != "fmt":  # (timeline alone also writes timelinejs)
            assert timeline[name].opts == firsts[name].opts and timeline[name].multiple == firsts[name].multiple


def test_firsts_limit_and_reverse_count_and_order_the_claims(run: Run) -> None:
    every = json.loads(run("firsts", "--json").stdout)
    assert len(every) > 5
    assert json.loads(run("firsts", "--limit", "2", "--json").stdout) == every[:2]
    assert json.loads(run("firsts", "--reverse", "--limit", "3", "--json").stdout) == every[::-1][:3]
    feature = json.loads(run("firsts", "--search", '"feature film"', "--json").stdout)
    searched = ids(run("timeline", "--search", '"feature film"', "--json"))
    assert feature and {claim["event"] for claim in feature} <= set(searched) and len(feature) < len(every)


# Global options after the command


def test_color_after_the_command(run: Run) -> None:
    assert ESC in run("timeline", "--limit", "2", "--color", "always").stdout
    assert ESC not in run("timeline", "--limit", "2", "--color", "never", env={"FORCE_COLOR": "1"}).stdout
    assert run("timeline", "--limit", "2", "--colour", "always").stdout == run(
        "--color", "always", "timeline", "--limit", "2"
    ).stdout
    # After the command wins over before it, as the nearer word.
    assert ESC not in run("--color", "always", "list", "kinds", "--color", "never").stdout


def test_an_output_handed_in_is_kept_whatever_the_flag() -> None:
    handed = Output(terminal=False, colour=False, width=90)
    result = CliRunner().invoke(cli, ["timeline", "--color", "always"], obj=handed, catch_exceptions=False)
    assert result.exit_code == 0 and ESC not in result.stdout


@pytest.mark.parametrize(
    "command", [["timeline"], ["firsts"], ["list", "countries"], ["show", "a"], ["chart"], ["compare", "us", "ru"]]
)
def test_data_after_every_command(run: Run, write_dataset: Callable[..., Path], command: list[str]) -> None:
    data = write_dataset([event("a", "2021", country="us"), event("b", "2021", country="ru", kind="filming")])
    after = run(*command, "--data", str(data))
    assert after.exit_code == 0, after.stderr
    assert after.stdout == run("--data", str(data), *command).stdout
    assert after.stdout != run(*command).stdout


def test_validate_and_schema_take_the_global_options(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = write_dataset([event("a", "2021")])
    assert run("validate", "--data", str(data)).stdout == f"OK: {data}: 1 event, 1 country, 0 projects, 0 races\n"
    assert run("schema", "--color", "never").exit_code == 0


# Conflicts and impossibilities: usage errors that say what to do, before any data is read


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["timeline", "--json", "--format", "csv"], "--json is short for --format json"),
        (["timeline", "--format", "table", "--json"], "cannot go with --format table"),
        (["firsts", "--json", "--format", "markdown"], "give one"),
        (["list", "kinds", "--json", "--format", "tsv"], "give one"),
        (["show", "x", "--json", "--format", "table"], "give one"),
        (["compare", "us", "russia", "--json", "--format", "markdown"], "give one"),
        (["timeline", "--since", "2022", "--until", "2021"], "--since 2022 is after --until 2021"),
        (["chart", "--since", "Oct 2021", "--until", "2021-09-30"], "swap the two dates"),
        (["firsts", "--since", "2021-10-06", "--until", "2021-10-05"], "no event can fall between them"),
        (["timeline", "--limit", "0"], "leave --limit out for all"),
        (["firsts", "--limit", "0"], "give 1 or more"),
    ],
)
def test_conflicts_are_usage_errors(run: Run, args: list[str], expected: str) -> None:
    # The dataset named does not exist: a usage error is found before any data is read.
    result = run("--data", "/no/such/dataset.json", *args)
    assert result.exit_code == 2, result.stderr
    assert expected in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--json", "--format", "json"],
        ["timeline", "--format", "JSON", "--json"],
        ["timeline", "--since", "2021", "--until", "2021"],
        ["timeline", "--since", "2021-10-05", "--until", "Oct 2021"],
        ["timeline", "--limit", "1"],
    ],
)
def test_what_is_not_a_conflict(run: Run, args: list[str]) -> None:
    assert run(*args).exit_code == 0


# Bare spacefilm, ids in any case, output paths


def test_bare_spacefilm_prints_help_and_exits_0(run: Run) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout == run("--help").stdout and "Commands:" in result.stdout


def test_show_matches_ids_in_any_case(run: Run) -> None:
    assert run("show", "CHALLENGE-ISS-SHOOT", "--json").stdout == run("show", "challenge-iss-shoot", "--json").stdout
    assert json.loads(run("show", "Challenge-ISS-Shoot", "--json").stdout)["id"] == "challenge-iss-shoot"
    unknown = run("show", "CHALLENGE-ISS-SHOT")
    assert unknown.exit_code == 2 and "Did you mean 'challenge-iss-shoot'?" in unknown.stderr  # (alone: the ids
    # that only share its long prefix, challenge-release-date-set say, are much further off)


def test_part_of_an_id_suggests_the_ids_that_hold_it(run: Run) -> None:
    """Nothing is close to `cruise` as a whole, but three ids hold it."""
    unknown = run("show", "Cruise")
    ids = [e["id"] for e in json.loads(run("timeline", "--json").stdout) if "cruise" in e["id"]]
    assert unknown.exit_code == 2
    assert "Did you mean " + " or ".join(repr(i) for i in ids[:3]) + "?" in unknown.stderr
    assert "Did you mean" not in run("show", "zz").stderr  # (too short to be a part worth naming)


@pytest.mark.parametrize("option", ["--svg", "--html"])
def test_an_output_path_is_checked_before_anything_is_drawn(run: Run, tmp_path: Path, option: str) -> None:
    missing = run("chart", "--svg", str(tmp_path / "ok.svg"), option, str(tmp_path / "none" / "x"))
    assert missing.exit_code == 2 and missing.stdout == ""
    assert f"Invalid value for '{option}': there is no folder" in missing.stderr
    assert not (tmp_path / "ok.svg").exists()  # nothing was written either
    folder = run("chart", option, str(tmp_path))
    assert folder.exit_code == 2 and "is a directory" in folder.stderr


def test_a_folder_we_cannot_write_in_is_a_usage_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: os.fspath(path) != str(tmp_path))
    result = run("chart", "--html", str(tmp_path / "page.html"))
    assert result.exit_code == 2 and "does not let us write in it" in result.stderr and result.stdout == ""


# Dates as people write them


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("2021/10/05", "2021-10-05"),
        ("2021-10-5", "2021-10-05"),
        ("31/12/2021", "2021-12-31"),
        ("12/31/2021", "2021-12-31"),
        ("October 5th, 2021", "2021-10-05"),
        ("5th October 2021", "2021-10-05"),
        ("10/2021", "2021-10"),
        ("2021/10", "2021-10"),
        ("Oct 2021", "2021-10"),
        ("20211005", "2021-10-05"),
    ],
)
def test_typed_dates_in_every_unambiguous_form(run: Run, typed: str, same_as: str) -> None:
    for option in ("--since", "--until"):
        assert ids(run("timeline", option, typed, "--json")) == ids(run("timeline", option, same_as, "--json"))


def test_an_ambiguous_date_is_refused_with_both_readings(run: Run) -> None:
    result = run("timeline", "--since", "05/10/2021")
    assert result.exit_code == 2
    message = result.stderr.splitlines()[-1]
    assert "2021-10-05 for 5 October 2021" in message and "2021-05-10 for 10 May 2021" in message
    assert message.count("05/10/2021") == 1


@pytest.mark.parametrize("typed", ["2021-13-05", "2021/10/5x", "Octember 2021", "05/10/21", "2021-02-30"])
def test_date_errors_speak_plainly_and_say_the_date_once(run: Run, typed: str) -> None:
    message = run("timeline", "--until", typed).stderr.splitlines()[-1]
    assert message.startswith("Error: Invalid value for '--until': ")
    assert message.count(typed) == 1
    assert "START/END" not in message and "YYYY" not in message


def test_help_lists_the_date_forms(run: Run) -> None:
    help_text = " ".join(run("timeline", "--help").stdout.split())
    for form in ("2021", "Oct 2021", "2021-10-05", "2021/10/5", "October 5th, 2021", "31/12/2021", "05/10/2021"):
        assert form in help_text


def test_a_dataset_date_in_another_form_gets_the_stored_form(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = write_dataset([event("a", "Oct 2021"), event("b", "2021/10/05"), event("c", "05/10/2021")])
    out = run("validate", str(data)).stdout
    assert "event #1 'a': date: 'Oct 2021' is not a date of the form" in out and "write it as '2021-10'" in out
    assert "write it as '2021-10-05'" in out
    line_c = next(line for line in out.splitlines() if "'c'" in line)
    assert "write it as" not in line_c  # two readings: no one form to suggest


ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@given(DAYS)
def test_every_unambiguous_form_of_a_day_keeps_the_day(day: date) -> None:
    y, m, d = day.year, day.month, day.day
    forms = [
        f"{y}/{m:02d}/{d:02d}",
        f"{y}-{m}-{d}",
        f"{y}.{m}.{d}",
        f"{y}{m:02d}{d:02d}",
        f"{calendar.month_name[m]} {d}{ORDINAL.get(d, 'th')}, {y}",
    ]
    if d > 12:
        forms += [f"{d}/{m}/{y}", f"{m:02d}/{d:02d}/{y}"]  # day first or month first: only one can be
    if d == m:
        forms.append(f"{d:02d}/{m:02d}/{y}")  # either way, the same day
    for typed in forms:
        parsed = parse_user_date(typed)
        assert (parsed.earliest, parsed.latest, parsed.precision) == (day, day, "day"), typed
        if typed != day.isoformat():
            with pytest.raises(DateError, match=f"write it as '{day.isoformat()}'"):
                parse_edtf(typed)  # a dataset written this way is told the stored form


@given(st.integers(1000, 9999), st.integers(1, 12))
def test_every_form_of_a_month_keeps_the_month(year: int, month: int) -> None:
    for typed in (f"{year}/{month}", f"{year}-{month}", f"{month}/{year}", f"{calendar.month_abbr[month]} {year}"):
        parsed = parse_user_date(typed)
        assert parsed.precision == "month", typed
        assert (parsed.earliest, parsed.latest) == (date(year, month, 1), parsed.start.latest)
        assert parsed.edtf() == f"{year}-{month:02d}"


@given(DAYS.filter(lambda d: d.day <= 12 and d.day != d.month))
def test_a_day_and_month_either_way_round_are_refused_with_both_readings(day: date) -> None:
    typed = f"{day.day:02d}/{day.month:02d}/{day.year}"
    with pytest.raises(DateError) as refused:
        parse_user_date(typed)
    message = str(refused.value)
    assert day.isoformat() in message
    assert date(day.year, day.day, day.month).isoformat() in message


def test_completion_offers_the_new_options() -> None:
    def complete(words: str) -> set[str]:
        env = {**os.environ, "_SPACEFILM_COMPLETE": "bash_complete", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split()) - 1)
        done = subprocess.run([sys.executable, "-m", "spacefilm"], env=env, capture_output=True, text=True)
        return {line.split(",", 1)[1] for line in done.stdout.splitlines()}

    assert complete("spacefilm firsts --li") == {"--limit"}
    assert complete("spacefilm firsts --rev") == {"--reverse"}
    assert complete("spacefilm timeline --col") == {"--color", "--colour"}
    assert complete("spacefilm show x --color al") == {"always"}
    assert complete("spacefilm list kinds --da") == {"--data"}


def test_the_readmes_table_of_date_forms_is_true() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| written | means |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    meanings = {"the year 2021": "2021", "October 2021": "2021-10", "October 5, 2021": "2021-10-05"}
    rows = [line.split(" | ") for line in table.splitlines()]
    assert len(rows) == 6
    for written, meaning in rows:
        for form in re.findall(r"`([^`]+)`", written):
            parsed = parse_user_date(form)
            if meaning.rstrip(" |") in meanings:
                assert parsed.edtf() == meanings[meaning.rstrip(" |")], form
    assert "`05/10/2021`" in readme and "`05/10/21`" in readme


def test_dates_in_digits_need_no_dateutil() -> None:
    from test_startup import imported

    for typed in ("31/12/2021", "2021/10/5", "20211005", "10/2021"):
        assert "dateutil" not in imported("timeline", "--since", typed, "--json")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["timeline", "--format", "jsn"], "'jsn' is not one of 'table', 'json', 'jsonl', 'csv', 'tsv', 'markdown', "
         "'timelinejs'; did you mean 'json'?"),
        (["list", "kindz"], "'kindz' is not one of 'countries', 'projects', 'kinds', 'races', 'people'; "
         "did you mean 'kinds'?"),
        (["chart", "--by", "projet"], "'projet' is not one of 'event', 'project'; did you mean 'project'?"),
        (["validate", "--format", "githb"], "did you mean 'github'?"),
        (["timeline", "--color", "sometimes"], "'sometimes' is not one of 'auto', 'always', 'never'\n"),
    ],
)
def test_a_value_of_a_few_typed_wrong_is_said_with_the_closest(run: Run, args: list[str], expected: str) -> None:
    """As a country or a kind typed wrong is: one line, exit 2, the closest value where one is close."""
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.count("did you mean") == ("did you mean" in expected)


@pytest.mark.parametrize("args", [["chart", "--by", "Project"], ["timeline", "--color", "NEVER"], ["list", "KINDS"]])
def test_a_value_of_a_few_is_taken_in_any_case(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output


def test_a_missing_value_of_a_few_is_said_on_one_line(run: Run) -> None:
    """`spacefilm list` listed the kinds of names a line each, tab-indented (Click's words)."""
    result = run("list")
    assert result.exit_code == 2
    assert result.stderr.endswith(" Choose one of 'countries', 'projects', 'kinds', 'races', 'people'.\n")
    assert "\t" not in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["timeline", "russia"], "timeline takes no argument 'russia': did you mean --country russia or --search"),
        (["chart", "filming"], "chart takes no argument 'filming': did you mean --kind filming?"),
        (["export", "the challenge"], "export takes no argument 'the challenge': did you mean --country 'the"),
        (["schema", "x"], "schema takes no argument 'x'\n"),
    ],
)
def test_a_word_typed_bare_is_said_with_the_option_meant(run: Run, args: list[str], expected: str) -> None:
    """`timeline russia` said Click's "Got unexpected extra argument (russia)"."""
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.stderr
