"""`spacefilm list`: the names a dataset declares or uses, with counts of events, in every format."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from conftest import event
from spacefilm.vocab import FORMATS, KINDS, LISTS

Run = Callable[..., Result]


def listed(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("list", *args, "--json")
    assert result.exit_code == 0, result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def timeline(run: Run, *args: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(run("timeline", *args, "--json").stdout)
    return events


def test_countries_with_aliases_and_counts_that_timeline_agrees_with(run: Run) -> None:
    countries = listed(run, "countries")
    assert [c["id"] for c in countries][:2] == ["us", "russia"]  # the order the dataset declares
    russia = next(c for c in countries if c["id"] == "russia")
    assert russia == {"id": "russia", "name": "Russia", "aliases": ["ru", "russian-federation"], "events": 30}
    for country in countries:
        assert country["events"] == len(timeline(run, "--country", country["id"])), country["id"]
    assert sum(c["events"] for c in countries) == len(timeline(run))


def test_projects_with_their_original_title_and_country(run: Run) -> None:
    projects = listed(run, "projects")
    challenge = next(p for p in projects if p["id"] == "the-challenge")
    assert challenge == {
        "id": "the-challenge",
        "name": "The Challenge",
        "aliases": ["Вызов"],
        "country": "russia",
        "events": len(timeline(run, "--project", "the-challenge")),
    }
    for project in projects:
        assert project["events"] == len(timeline(run, "--project", project["id"])), project["id"]


def test_kinds_in_the_formats_order_each_counted(run: Run) -> None:
    kinds = listed(run, "kinds")
    assert [k["id"] for k in kinds] == list(KINDS)
    everything = Counter(e["kind"] for e in timeline(run))
    assert {k["id"]: k["events"] for k in kinds} == {kind: everything[kind] for kind in KINDS}


def test_races_count_the_events_of_their_projects(run: Run) -> None:
    (race,) = listed(run, "races")
    assert race["id"] == "first-feature-in-orbit" and race["projects"] == ["cruise-iss-film", "the-challenge"]
    assert race["events"] == sum(len(timeline(run, "--project", p)) for p in race["projects"])


def test_people_by_name_each_counted_once_an_event(run: Run) -> None:
    people = listed(run, "people")
    names = [p["name"] for p in people]
    assert names == sorted(names, key=str.casefold)
    assert set(people[0]) == {"name", "events"}
    counts = Counter(person for e in timeline(run) for person in set(e["people"]))
    assert {p["name"]: p["events"] for p in people} == counts
    assert {"name": "Yulia Peresild", "events": counts["Yulia Peresild"]} in people


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", LISTS)
def test_every_list_in_every_format(run: Run, what: str, fmt: str) -> None:
    result = run("list", what, "--format", fmt)
    assert result.exit_code == 0 and result.stderr == ""
    records = listed(run, what)
    out = result.stdout
    if fmt == "jsonl":
        assert [json.loads(line) for line in out.splitlines()] == records
    elif fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert len(rows) == len(records) and list(rows[0]) == list(records[0])
        assert [row["events"] for row in rows] == [str(r["events"]) for r in records]
    elif fmt == "markdown":
        assert out.startswith("| ") and len(out.splitlines()) == len(records) + 2
    elif fmt == "table":
        assert len(out.splitlines()) == len(records) + 2
        assert out.splitlines()[0].split()[-1] == "Events"


def test_csv_joins_aliases_and_a_table_names_a_projects_country(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("list", "countries", "--format", "csv").stdout)))
    assert next(r for r in rows if r["id"] == "russia")["aliases"] == "ru; russian-federation"
    table = run("list", "projects").stdout
    challenge = next(line for line in table.splitlines() if line.startswith("the-challenge "))
    assert challenge.split()[-2:] == ["Russia", "18"] and "Вызов" in challenge


def test_a_dataset_that_declares_nothing_lists_what_its_events_use(
    run: Run, write_dataset: Callable[..., Path]
) -> None:
    data = str(write_dataset([event("a", "2021", country="mars"), event("b", "2022", country="mars", project="x")]))
    assert listed(run, "countries", "--data", data) == [{"id": "mars", "name": "mars", "aliases": [], "events": 2}]
    assert listed(run, "projects", "--data", data) == [
        {"id": "x", "name": "x", "aliases": [], "country": None, "events": 1}
    ]
    empty = run("list", "races", "--data", data)
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert empty.stderr.endswith("The dataset has no races.\n")  # (after the note that it declares no names)
    assert listed(run, "races", "--data", data) == []


def test_the_list_name_is_a_choice(run: Run) -> None:
    assert run("list", "COUNTRIES", "--json").stdout == run("list", "countries", "--json").stdout
    result = run("list", "contries")
    assert result.exit_code == 2 and "'contries' is not one of 'countries'" in result.stderr
    assert run("list").exit_code == 2


def test_a_bad_dataset_is_a_data_error(run: Run, write_dataset: Callable[..., Path]) -> None:
    result = run("--data", str(write_dataset("{")), "list", "countries")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("spacefilm list ", set(LISTS)),
        ("spacefilm list p", {"projects", "people"}),
        ("spacefilm l", {"list"}),
        ("spacefilm list kinds --f", {"--format"}),
    ],
)
def test_completion_of_list(words: str, expected: set[str]) -> None:
    env = {
        **os.environ,
        "_SPACEFILM_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = subprocess.run([sys.executable, "-m", "spacefilm"], env=env, capture_output=True, text=True, check=False)
    assert {line.split(",", 1)[1] for line in result.stdout.splitlines()} == expected
