"""Every kind of broken dataset gets one clear line per problem, exit 1, and no traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import event
from spacefilm.load import read
from spacefilm.load.source import DataError
from spacefilm.load.source import catalog as load

Run = Callable[..., Result]


@pytest.fixture(autouse=True, params=["megabytes", "bytes"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test here twice: files read a megabyte at a time, and a few bytes at a time (problems straddle reads)."""
    if request.param == "bytes":
        monkeypatch.setattr(read, "CHUNK", 7)


def problems_of(run: Run, path: Path) -> list[str]:
    result = run("validate", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stdout.splitlines()


def test_builtin_dataset_is_valid(run: Run) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("OK: the built-in dataset: ") and " events, " in result.stdout


def test_malformed_json_names_line_and_column(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset('{"events": [\n  {"id": "a",\n   "title": "x" "kind": 1}\n]}\n')
    assert problems_of(run, path) == [f"{path}:3:17: expected ',' or '}}'"]


def test_trailing_comma(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset('{"events": [],}')
    assert problems_of(run, path) == [f"{path}:1:15: trailing comma in object"]


def test_not_utf8_names_the_byte(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = json.dumps({"events": [event("a", "2021")]}).replace("Title of a", "Caf\u00e9").encode("latin-1")
    path = write_dataset(data)
    [problem] = problems_of(run, path)
    assert problem.startswith(f"{path}:1:") and problem.endswith("not valid UTF-8 (byte 0xe9)")


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32")],
)
def test_utf16_and_utf32_are_named(run: Run, write_dataset: Callable[..., Path], encoding: str, named: str) -> None:
    """With their byte-order mark (UTF-32's starts as UTF-16's does: it was called UTF-16)."""
    text = json.dumps({"events": []})
    path = write_dataset(("\ufeff" + text if encoding.endswith("-be") else text).encode(encoding))
    assert problems_of(run, path) == [f"{path}: is {named}; save it as UTF-8"]


def test_missing_file_and_directory(run: Run, tmp_path: Path) -> None:
    assert problems_of(run, tmp_path / "nope.json") == [f"{tmp_path / 'nope.json'}: no such file"]
    assert problems_of(run, tmp_path) == [f"{tmp_path}: is a directory, not a dataset file"]


def test_empty_file(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset("  \n")
    assert problems_of(run, path) == [f"{path}: is empty; a dataset is a JSON object with an `events` list"]


def place(text: str, needle: str, after: str = "") -> str:
    """Where a user's editor finds `needle` (the first after `after`): line:column, the column in bytes from 1."""
    offset = text.index(needle, text.index(after) if after else 0)
    before = text[:offset].encode("utf-8")
    return f"{before.count(NEWLINE) + 1}:{len(before) - before.rfind(NEWLINE)}"


def key(name: str) -> str:
    return json.dumps(name)


NEWLINE = b"\n"
KINDS_ARE = "the kinds are announcement, casting, training, launch, filming, landing, release, precedent"


def test_every_schema_problem_is_reported_at_once(run: Run, write_dataset: Callable[..., Path]) -> None:
    bad = [
        {"id": "no-title", "date": "2021", "country": "us", "kind": "launch", "sources": [{"title": "s"}]},
        {**event("wrong-type", "2021"), "title": 7},
        {**event("bad-kind", "2021"), "kind": "filmin"},
        {**event("bad-status", "2021"), "status": "maybe"},
        {**event("typo-field", "2021"), "summery": "x"},
        "not an object",
    ]
    path = write_dataset({"events": bad})
    text = path.read_text(encoding="utf-8")
    assert problems_of(run, path) == [
        f"{path}:{place(text, '{', '[')}: event #1 'no-title': title: missing (required)",
        f"{path}:{place(text, key('title'), 'wrong-type')}: event #2 'wrong-type': title: expected a string, "
        "got a number",
        f"{path}:{place(text, key('kind'), 'bad-kind')}: event #3 'bad-kind': kind: 'filmin' is not a kind; "
        f"did you mean 'filming'? ({KINDS_ARE})",
        f"{path}:{place(text, key('status'), 'bad-status')}: event #4 'bad-status': status: 'maybe' is not a "
        "status; the statuses are happened, planned, unrealized",
        f"{path}:{place(text, key('summery'))}: event #5 'typo-field': summery: unknown field 'summery'; "
        "did you mean 'summary'?",
        f"{path}:{place(text, key('not an object'))}: event #6: expected an object, got a string",
    ]


def test_semantic_problems(run: Run, write_dataset: Callable[..., Path]) -> None:
    dataset = {
        "countries": [{"id": "us", "name": "United States"}],
        "projects": [{"id": "film", "title": "Film", "country": "us"}],
        "events": [
            event("a", "2021-02-30"),
            event("b", "2021-10-17/2021-10-05"),
            event("c", "2021", country="mars"),
            event("d", "2021", project="flim"),
            event("a", "2021"),
            {**event("e", "2021"), "sources": []},
            {**event("f", "2020-05"), "earliest": "2020-05-04"},
            {**event("g", "2020-05/.."), "latest": "2020-05-31"},
        ],
    }
    path = write_dataset(dataset)
    text = path.read_text(encoding="utf-8")
    assert problems_of(run, path) == [
        f"{path}:{place(text, key('date'), key('events'))}: event #1 'a': date: Feb 2021 has no day 30 "
        "(it has 28 days)",
        f"{path}:{place(text, key('date'), key('b'))}: event #2 'b': date: the interval ends (2021-10-05) before "
        "it starts (2021-10-17)",
        f"{path}:{place(text, key('country'), key('c'))}: event #3 'c': country: 'mars' is not a declared country; "
        "the declared countries are us",
        f"{path}:{place(text, key('project'), key('d'))}: event #4 'd': project: 'flim' is not a declared project; "
        "did you mean 'film'? (the declared projects are film)",
        f"{path}:{place(text, key('id'), key('Title of d'))}: event #5 'a': id: 'a' is also the id of event #1; "
        "give each event an id of its own",
        f"{path}:{place(text, key('sources'), key('e'))}: event #6 'e': sources: needs at least one source",
        f"{path}:{place(text, key('earliest'))}: event #7 'f': earliest: is '2020-05-04' but the date '2020-05' "
        "gives '2020-05-01'; write '2020-05-01', or leave it out",
        f"{path}:{place(text, key('latest'))}: event #8 'g': latest: is '2020-05-31' but the date '2020-05/..' "
        "gives null (it has no end); write null, or leave it out",
    ]


def test_json_lines_problems_name_the_line(run: Run, write_dataset: Callable[..., Path]) -> None:
    lines = [
        json.dumps(event("a", "2021")),
        "",
        json.dumps({**event("b", "2021"), "kind": "x"}),
        '{"id": "c",',
        json.dumps(event("d", "2021-13")),
    ]
    path = write_dataset("\n".join(lines) + "\n", name="events.jsonl")
    assert problems_of(run, path) == [
        f"{path}:3:{lines[2].index(key('kind')) + 1}: event #2 'b': kind: 'x' is not a kind; {KINDS_ARE}",
        f"{path}:4:12: event #3: the JSON ends early (truncated)",
        f"{path}:5:{lines[4].index(key('date')) + 1}: event #4 'd': date: month 13 does not exist",
    ]


@pytest.mark.parametrize("name", ["events.jsonl", "events.json"])
def test_json_lines_load(write_dataset: Callable[..., Path], name: str) -> None:
    text = "\n".join(json.dumps(event(i, d)) for i, d in [("b", "2021-10"), ("a", "2020")])
    catalog = load(write_dataset(text + "\n", name=name))
    assert [e.id for e in catalog.events] == ["a", "b"]


def test_bare_array_is_a_dataset(write_dataset: Callable[..., Path]) -> None:
    catalog = load(write_dataset([event("x", "2021-10-05/2021-10-17")]))
    assert catalog.events[0].display == "Oct 5\u201317, 2021"
    assert catalog.country_name("us") == "us"


def test_data_error_lists_problems_for_other_commands(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset({"events": [event("a", "2021-13")]})
    result = run("--data", str(path), "timeline")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}:1:25: event #1 'a': date: month 13 does not exist\n"
    assert result.stdout == ""


def test_spacefilm_data_environment_variable(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset({"events": [event("only-one", "2021")]})
    result = run("timeline", "--format", "jsonl", env={"SPACEFILM_DATA": str(path)})
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["only-one"]


def test_many_problems_are_capped_outside_validate(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset({"events": [event(f"e{i}", "2021-13") for i in range(25)]})
    result = run("--data", str(path), "timeline")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert lines[-1] == f"... and 5 more problems: run `spacefilm validate {path}` for all"
    assert len(problems_of(run, path)) == 25


def test_dataset_file_is_left_byte_identical(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset({"events": [event("a", "2021"), event("b", "2020")]})
    before = path.read_bytes()
    run("--data", str(path), "timeline")
    run("--data", str(path), "timeline", "--json")
    run("validate", str(path))
    assert path.read_bytes() == before


def test_load_raises_data_error_not_other_exceptions(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load(tmp_path / "missing.json")
    assert caught.value.problems == [f"{tmp_path / 'missing.json'}: no such file"]


def test_json_lines_with_blank_lines_name_the_true_line(run: Run, write_dataset: Callable[..., Path]) -> None:
    """Types are fine, so the fast decode succeeds; the date problem must still name its own line."""
    text = "\n" + json.dumps(event("a", "2021")) + "\n\n" + json.dumps(event("b", "2021-13")) + "\n"
    path = write_dataset(text, name="gaps.jsonl")
    assert problems_of(run, path) == [f"{path}:4:13: event #2 'b': date: month 13 does not exist"]
