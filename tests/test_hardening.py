"""Whatever a user gives spacefilm, it answers with a clear message (exit 1 data, 2 usage) or a correct result."""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import event
from spacefilm.cli import cli
from spacefilm.dates import DateError, parse_edtf, parse_user_date
from spacefilm.load.read import builtin_path
from spacefilm.schema import dataset_schema

Run = Callable[..., Result]
HOSTILE = Path(__file__).parent / "hostile"


def validate(run: Run, path: Path) -> Result:
    result = run("validate", str(path))
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.json", "is empty; a dataset is a JSON object with an `events` list"),
        ("whitespace.json", "is empty; a dataset is a JSON object with an `events` list"),
        ("null.json", "expected a JSON object with an `events` list, or an array of events; got null"),
        ("utf16.json", "is UTF-16; save it as UTF-8"),
        ("latin1.json", "not valid UTF-8 (byte 0xe9)"),
        ("trailing-comma.json", "trailing comma in array"),
        ("nan.json", "NaN and Infinity are not JSON (use null, or a string)"),
        ("infinity.json", "NaN and Infinity are not JSON (use null, or a string)"),
        (
            "duplicate-keys.json",
            "key 'id' appears twice in one object (the object with id 'a'); only the last would count",
        ),
        ("not-leap.json", "event #1 'not-leap': date: Feb 2021 has no day 29 (it has 28 days)"),
        ("interval-backwards.json", "date: the interval ends (2021-10-05) before it starts (2021-10-17)"),
        (
            "ids-differ-in-case.json",
            "event #2 'launch': id: 'launch' and 'Launch' (event #1) differ only in case; "
            "`show` cannot tell them apart: give each event an id of its own",
        ),
    ],
)
def test_hostile_file_gets_one_clear_line(run: Run, name: str, problem: str) -> None:
    result = validate(run, HOSTILE / name)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(str(HOSTILE / name)) and line.endswith(problem)


def test_deep_nesting(run: Run, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"events": ' + "[" * 10_000 + "]" * 10_000 + "}")
    result = validate(run, deep)
    assert result.exit_code == 1
    assert result.stdout == f"{deep}: is nested too deeply to read (more than about a thousand levels)\n"


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("bom.json", ["bom"]),
        ("crlf.jsonl", ["c0", "c1", "c2"]),
        ("edge-dates.json", ["first-year", "leap", "last-day"]),
    ],
)
def test_hostile_but_valid_files_load(run: Run, name: str, ids: list[str]) -> None:
    out = run("--data", str(HOSTILE / name), "timeline", "--format", "jsonl").stdout
    assert [json.loads(line)["id"] for line in out.splitlines()] == ids


def test_edge_dates_have_the_right_bounds(run: Run) -> None:
    events = {
        e["id"]: e for e in json.loads(run("--data", str(HOSTILE / "edge-dates.json"), "timeline", "--json").stdout)
    }
    assert (events["first-year"]["earliest"], events["first-year"]["latest"]) == ("0001-01-01", "0001-12-31")
    assert events["last-day"]["latest"] == "9999-12-31"
    assert events["leap"]["display"] == "Feb 29, 2020"


@pytest.mark.parametrize("name", ["rtl-emoji.json", "markup.json", "control.json"])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_unusual_text_survives_machine_formats_intact(run: Run, name: str, fmt: str) -> None:
    original = json.loads((HOSTILE / name).read_text(encoding="utf-8"))["events"][0]
    out = run("--data", str(HOSTILE / name), "timeline", "--format", fmt).stdout
    if fmt == "csv":
        import csv
        import io

        [row] = list(csv.DictReader(io.StringIO(out, newline="")))
        assert row["title"] == original["title"]
    else:
        first = json.loads(out)[0] if fmt == "json" else json.loads(out.splitlines()[0])
        assert first["title"] == original["title"]


def test_control_characters_never_reach_the_terminal(run: Run) -> None:
    for args in (["timeline"], ["show", "ctl"], ["chart"], ["firsts"]):
        out = run("--data", str(HOSTILE / "control.json"), *args, env={"FORCE_COLOR": "1"}).stdout
        bare = out.replace("\x1b[", "")  # Rich's own styling starts with ESC [; data's ESC became visible text
        assert "\x07" not in out and "\x00" not in out and "\x9b" not in out
        assert "\x1b]" not in out and "\x1b[2J" not in out, args
        assert "\\x1b[2J" in bare or args == ["firsts"]


def test_markup_in_data_is_shown_as_text(run: Run) -> None:
    out = run("--data", str(HOSTILE / "markup.json"), "timeline", env={"FORCE_COLOR": "1"}).stdout
    assert "[bold]not bold[/] [/] [link=https://evil.example]click[/link]" in out
    assert "\x1b]8;" not in out  # no hyperlink escape


def test_a_megabyte_title_round_trips(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "big-title.json"
    path.write_text(json.dumps({"events": [event("big", "2021", title="T" * 1_000_000)]}))
    [loaded] = json.loads(run("--data", str(path), "timeline", "--json").stdout)
    assert loaded["title"] == "T" * 1_000_000


@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["timeline", "--json"],
        ["timeline", "--format", "csv"],
        ["show", "a"],
        ["compare", "us", "ru"],
        ["firsts"],
        ["chart"],
        ["validate"],
    ],
)
def test_every_command_leaves_the_dataset_byte_identical(run: Run, tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "mine.json"
    path.write_bytes(json.dumps({"events": [event("a", "2021"), event("b", "2020", country="ru")]}, indent=3).encode())
    before = path.read_bytes(), path.stat().st_mtime_ns
    run("--data", str(path), *args)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_ties_in_date_are_broken_by_id(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset({"events": [event(i, "2021-10") for i in ("c", "a", "b")] + [event("z", "2021-10-01")]})
    out = run("--data", str(path), "timeline", "--format", "jsonl").stdout
    # Same earliest day: Oct 1 alone ends before the month of October, then the month's three tie by id.
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["z", "a", "b", "c"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
event_like = st.fixed_dictionaries(
    {"id": st.text(max_size=5), "date": st.text(max_size=12), "title": st.text(max_size=5)},
    optional={
        "country": st.sampled_from(["us", "", 1]),
        "kind": st.sampled_from(["launch", "x", None]),
        "sources": st.sampled_from([[], [{"title": "s"}], "s"]),
        "status": st.text(max_size=4),
    },
)


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(json_values, st.dictionaries(st.just("events"), st.lists(event_like, max_size=4))))
def test_fuzz_random_json_datasets(tmp_path: Path, value: Any) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(value))
    for args in (["validate", str(path)], ["--data", str(path), "timeline"]):
        result = invoke(args)
        assert result.exit_code in (0, 1)
        assert "Traceback" not in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_fuzz_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(data)
    result = invoke(["validate", str(path)])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output


@given(st.text(alphabet=string.digits + "-/.~?%X ", max_size=25) | st.text(max_size=25))
def test_stored_date_parser_raises_only_its_own_error(text: str) -> None:
    try:
        parsed = parse_edtf(text)
    except DateError:
        return
    assert parsed.earliest <= parsed.latest


@settings(deadline=None)
@given(st.text(max_size=30) | st.sampled_from(["Oct 2021", "5 October 2021", "Feb 30 2021", "31/31/31", "1e9"]))
def test_typed_date_parser_raises_only_its_own_error(text: str) -> None:
    try:
        parsed = parse_user_date(text)
    except DateError:
        return
    assert parsed.earliest <= parsed.latest


TOKENS = [
    "timeline",
    "show",
    "compare",
    "firsts",
    "chart",
    "validate",
    "schema",
    "--json",
    "--format",
    "csv",
    "xml",
    "--since",
    "--until",
    "2021",
    "Oct 2021",
    "05/10/2021",
    "--country",
    "us",
    "rusia",
    "--kind",
    "filming",
    "--limit",
    "-1",
    "3",
    "--reverse",
    "--search",
    "[bold]",
    "--by",
    "project",
    "--width",
    "10",
    "80",
    "--race",
    "challenge-iss-shoot",
    "--help",
    "--color",
    "never",
    "--data",
    "/no/such/file",
    "",
    "\x00",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=6))
def test_fuzz_random_arguments(args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "\x00"],
        ["--data", "a\x00b", "timeline"],
        ["timeline", "--data", "\x00"],
        ["chart", "--svg", "out\x00.svg"],
        ["chart", "--html", "\x00"],
    ],
    ids=["validate FILE", "--data", "--data after the command", "chart --svg", "chart --html"],
)
def test_a_nul_byte_in_a_path_is_a_usage_error(run: Run, args: list[str]) -> None:
    """No file name holds a NUL byte; os.stat would raise ValueError on one (found by the fuzz test above)."""
    result = run(*args)
    assert result.exit_code == 2
    assert "a path cannot contain a NUL byte" in result.stderr
    assert "Traceback" not in result.output


def test_schema_accepts_the_builtin_dataset_and_round_tripped_output(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(json.loads(Path(builtin_path()).read_text(encoding="utf-8")))
    validator.validate(json.loads(run("timeline", "--json").stdout))
    assert schema == json.loads(json.dumps(dataset_schema()))  # (tuples, such as empty defaults, print as arrays)


@pytest.mark.parametrize(
    "broken",
    [
        {"events": [{k: v for k, v in event("a", "2021").items() if k != "title"}]},
        {"events": [event("a", "2021", kind="filmin")]},
        {"events": [event("a", "Oct 2021")]},
        {"events": [event("a", "2021", summery="typo")]},
        {"events": [event("a", "2021", sources=[])]},
        {"events": [event(" ", "2021")]},
        {"countries": "us", "events": []},
    ],
)
def test_schema_rejects_broken_datasets(run: Run, broken: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(run("schema").stdout))
    assert not validator.is_valid(broken)
