"""`spacefilm export`: the whole dataset, to load again. An export of an export is the same bytes, and every command
answers on it exactly as on the dataset it came from."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import Result

from conftest import event
from spacefilm.load import read, source, stream
from spacefilm.query import Request, resolve_request

Run = Callable[..., Result]

# Every command, in the formats a reader or a pipe would use.
COMMANDS = [
    ["timeline"],
    ["timeline", "--json"],
    ["timeline", "--format", "jsonl"],
    ["timeline", "--format", "csv"],
    ["timeline", "--format", "tsv"],
    ["timeline", "--format", "markdown"],
    ["timeline", "--format", "timelinejs"],
    ["timeline", "--country", "usa", "--since", "2020"],
    ["timeline", "--project", "The Challenge", "--search", "iss"],
    ["timeline", "--country", "soviet-union", "--kind", "release"],
    ["firsts"],
    ["firsts", "--json"],
    ["show", "challenge-iss-shoot"],
    ["show", "cruise-planned-shoot", "--json"],
    ["compare", "us", "russia"],
    ["compare", "russia", "usa", "--json"],
    ["compare", "the-challenge", "cruise-iss-film", "--format", "markdown"],
    ["compare", "us", "ussr", "--format", "csv"],
    ["compare", "japan", "china"],
    ["compare", "us", "russia", "--race", "first-feature-in-orbit", "--format", "jsonl"],
    ["chart"],
    ["chart", "--by", "project", "--since", "2020"],
    ["validate"],
]


def export(run: Run, *args: str) -> bytes:
    result = run("export", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout_bytes


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built-in dataset exported once in each layout."""
    from click.testing import CliRunner

    from spacefilm.cli import cli

    folder = tmp_path_factory.mktemp("export")
    paths = {}
    for layout, name in (("json", "export.json"), ("jsonl", "export.jsonl")):
        result = CliRunner().invoke(cli, ["export", "--format", layout], catch_exceptions=False)
        paths[layout] = folder / name
        paths[layout].write_bytes(result.stdout_bytes)
    return paths


@pytest.mark.parametrize("layout", ["json", "jsonl"])
def test_an_export_of_an_export_is_the_same_bytes(run: Run, exported: dict[str, Path], layout: str) -> None:
    first = exported[layout].read_bytes()
    assert export(run, "--data", str(exported[layout]), "--format", layout) == first
    other = exported["jsonl" if layout == "json" else "json"]
    assert export(run, "--data", str(other), "--format", layout) == first  # through the other layout too


@pytest.mark.parametrize("layout", ["json", "jsonl"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_answers_the_same_on_the_export(
    run: Run, exported: dict[str, Path], layout: str, command: list[str]
) -> None:
    original = run(*command)
    again = run("--data", str(exported[layout]), *command)
    assert original.exit_code == again.exit_code == 0
    if command == ["validate"]:
        # The one difference is the file's name.
        assert again.stdout == original.stdout.replace("the built-in dataset", str(exported[layout]))
    else:
        assert again.stdout == original.stdout
    assert again.stderr == original.stderr == ""


def test_the_export_keeps_every_name_and_the_verdict(run: Run, exported: dict[str, Path]) -> None:
    document = json.loads(exported["json"].read_text(encoding="utf-8"))
    assert list(document) == ["countries", "projects", "races", "events"]
    builtin = json.loads(Path(source.origin_of(None)).read_text(encoding="utf-8"))
    for key in ("countries", "projects", "races"):
        assert document[key] == builtin[key], key
    assert {e["id"] for e in document["events"]} == {e["id"] for e in builtin["events"]}
    # Stored as a dataset stores them: nothing derived from the date, nothing at its default.
    assert not {"earliest", "latest", "precision", "display"} & {k for e in document["events"] for k in e}
    assert "status" not in next(e for e in document["events"] if e["id"] == "challenge-iss-shoot")
    verdict = json.loads(run("--data", str(exported["json"]), "compare", "us", "russia", "--json").stdout)["verdict"]
    assert verdict.startswith("Russia filmed first") and "in 1983" in verdict and "Apr 6\u201313, 1984" in verdict
    lines = exported["jsonl"].read_text(encoding="utf-8").splitlines()
    assert list(json.loads(lines[0])) == ["countries", "projects", "races"] and len(lines) == 1 + len(builtin["events"])


def test_timeline_json_is_events_only_and_says_so_when_loaded(run: Run, tmp_path: Path) -> None:
    """The report of issue 15: the events of timeline --json lose the race, so compare answers otherwise; loading
    them says once that no names are declared, and export keeps them."""
    events = tmp_path / "events.json"
    events.write_bytes(run("timeline", "--json").stdout_bytes)
    answer = run("--data", str(events), "compare", "us", "russia")
    assert answer.stderr.count("Note: ") == 1 and "declares no countries or projects" in answer.stderr
    assert "`spacefilm export`" in answer.stderr
    assert "no race declared" in answer.stdout  # the output says which projects it compared, and why
    assert run("--data", str(events), "timeline", "--country", "usa").exit_code == 2  # no alias without names
    whole = tmp_path / "whole.json"
    whole.write_bytes(run("export").stdout_bytes)
    assert run("--data", str(whole), "compare", "us", "russia").stdout == run("compare", "us", "russia").stdout
    assert run("--data", str(whole), "timeline", "--country", "usa").exit_code == 0


def test_an_export_of_events_only_declares_no_names_either(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_dataset([event("b", "2021"), event("a", "2020-05", "ru", "filming", project="film")])
    first = run("--data", str(path), "export")
    assert first.stderr.count("Note: ") == 1
    assert list(json.loads(first.stdout)) == ["races", "events"]
    assert [e["id"] for e in json.loads(first.stdout)["events"]] == ["a", "b"]
    again = tmp_path / "again.json"
    again.write_bytes(first.stdout_bytes)
    assert run("--data", str(again), "export").stdout_bytes == first.stdout_bytes
    assert run("--data", str(path), "export", "--format", "jsonl").stdout.startswith('{"id":"a"')  # no names line


NAMED: dict[str, Any] = {
    "countries": [
        {"id": "empire", "name": "Empire"},
        {"id": "republic", "name": "Republic", "aliases": ["rep"], "predecessor": "empire"},
        {"id": "rival", "name": "Rival"},
        {"id": "nobody", "name": "Nobody"},
    ],
    "projects": [
        {"id": "old", "title": "Old", "country": "empire"},
        {"id": "new", "title": "New", "country": "republic"},
        {"id": "theirs", "title": "Theirs", "country": "rival"},
        {"id": "unmade", "title": "Unmade", "country": "nobody"},
    ],
    "races": [{"id": "race", "title": "The race", "projects": ["new", "theirs"]}],
    "events": [
        event("old-film", "1970", "empire", "filming", project="old"),
        event("new-film", "2020-01-01", "republic", "filming", project="new"),
        event("theirs-film", "2020-02", "rival", "filming", project="theirs"),
        event("stunt", "1990", "republic", "precedent"),
    ],
}


def test_filters_narrow_the_events_and_then_the_names_they_use(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    path = str(write_dataset(NAMED))
    everything = json.loads(run("--data", path, "export").stdout)
    assert [c["id"] for c in everything["countries"]] == ["empire", "republic", "rival", "nobody"]  # used or not
    narrowed = json.loads(run("--data", path, "export", "--country", "rep", "--since", "2000").stdout)
    assert [e["id"] for e in narrowed["events"]] == ["new-film"]
    assert [c["id"] for c in narrowed["countries"]] == ["empire", "republic"]  # and its predecessor
    assert [p["id"] for p in narrowed["projects"]] == ["new"]
    assert narrowed["races"] == []  # a race with a project left out is left out
    race = json.loads(run("--data", path, "export", "--since", "2000").stdout)
    assert race["races"] == NAMED["races"] and [c["id"] for c in race["countries"]] == ["empire", "republic", "rival"]
    saved = tmp_path / "narrowed.json"
    saved.write_text(json.dumps(narrowed), encoding="utf-8")
    assert run("validate", str(saved)).exit_code == 0
    unknown = run("--data", path, "export", "--country", "atlantis")
    assert unknown.exit_code == 2 and "unknown country 'atlantis'" in unknown.stderr


def test_the_export_is_checked_on_the_way_out(
    run: Run, write_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug that left out a country still named would write a file that does not load: it is refused instead."""
    monkeypatch.setattr(source, "_with_references", lambda countries, used, projects: countries[1:2])
    result = run("--data", str(write_dataset(NAMED)), "export", "--country", "republic")
    assert result.exit_code == 1 and result.stdout == ""
    assert "the export: country #1 'republic': predecessor: 'empire' is not a declared country" in result.stderr


def test_a_names_line_with_a_problem_is_reported(run: Run, write_dataset: Callable[..., Path]) -> None:
    text = json.dumps({"countries": [{"id": "a"}]}) + "\n" + json.dumps(event("x", "2021", "a")) + "\n"
    result = run("validate", str(write_dataset(text, name="data.jsonl")))
    assert result.exit_code == 1
    assert "country #1 'a': name: missing (required)" in result.stdout
    bad_event = json.dumps({"races": []}) + "\n" + json.dumps(event("x", "2021-13")) + "\n"
    result = run("validate", str(write_dataset(bad_event, name="data.jsonl")))
    assert result.exit_code == 1 and ":2:13: event #1 'x': date: month 13 does not exist" in result.stdout


@pytest.mark.parametrize("cores", [1, 2])
def test_a_names_line_is_read_streamed_as_loaded_whole(
    run: Run, exported: dict[str, Path], monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """Streamed in slices of a few events (as tests/test_stream.py does), the names line is read first."""
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 600)
    monkeypatch.setattr(stream, "_cores", lambda: cores)
    request = Request(countries=("usa",))
    path = str(exported["jsonl"])
    slices = stream._slices(read.Text(exported["jsonl"].read_bytes(), path), path, 0)
    assert [part.mode for part in slices[:2]] == ["names", "lines"] and len(slices) > 2
    found = stream.load(path, path, lambda names: resolve_request(names, request))
    builtin = source.select(None, request)
    assert msgspec.to_builtins(found.events) == msgspec.to_builtins(builtin.events) and found.total == builtin.total
    assert found.names.countries == builtin.names.countries and found.names.races == builtin.names.races
    typo = run("--data", str(exported["jsonl"]), "timeline", "--country", "rusia")
    assert typo.exit_code == 2 and "Did you mean 'russia'?" in typo.stderr  # names known before any event


def test_export_is_a_command_with_help(run: Run) -> None:
    assert "export" in run("--help").stdout
    help_text = run("export", "--help").stdout
    assert "Examples:" in help_text and "--format [json|jsonl]" in help_text
