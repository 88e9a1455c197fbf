"""Big files on two cores: the same answers, and the same errors, as loading them whole.

The size at which a file is split is lowered to a byte here, so that small datasets take the two-process path.
"""

from __future__ import annotations

import io
import json
import mmap
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import Result

from conftest import event
from spacefilm import loader, parallel
from spacefilm.dates import parse_edtf
from spacefilm.loader import load
from spacefilm.model import Derived, Event
from spacefilm.query import build_filters

Run = Callable[..., Result]
COUNTRIES = [{"id": "us", "name": "United States", "aliases": ["usa"]}, {"id": "russia", "name": "Russia"}]
NAMES = {"countries": COUNTRIES, "projects": [{"id": "film", "title": "A film"}]}


def events(count: int = 40) -> list[dict[str, Any]]:
    return [
        event(f"e{i:03d}", f"20{10 + i % 15}-{1 + i % 12:02d}", country=("us", "russia")[i % 2], people=[f"P{i}"])
        | ({"project": "film"} if i % 3 == 0 else {})
        for i in range(count)
    ]


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every file is big enough to split; records, for each command, whether it ran in two halves."""
    monkeypatch.setattr(loader, "MAP_FROM", 1)
    monkeypatch.setattr(parallel, "MAP_FROM", 1)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    taken: list[bool] = []
    original = parallel.select_in_halves

    def spy(*args: Any) -> parallel.Answer | None:
        answer = original(*args)
        taken.append(answer is not None)
        return answer

    monkeypatch.setattr(parallel, "select_in_halves", spy)
    return taken


def as_jsonl(items: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


LAYOUTS: dict[str, Callable[[list[dict[str, Any]]], tuple[str, str]]] = {
    "names before the events": lambda evs: ("data.json", json.dumps({**NAMES, "events": evs})),
    "names after the events": lambda evs: ("data.json", json.dumps({"events": evs, **NAMES})),
    "a bare array": lambda evs: ("data.json", json.dumps(evs)),
    "JSON Lines": lambda evs: ("data.jsonl", as_jsonl(evs)),
}
QUERIES = [
    ["timeline", "--json"],
    ["timeline", "--country", "US", "--since", "2015", "--format", "jsonl"],
    ["timeline", "--reverse", "--limit", "7", "--format", "csv"],
    ["timeline", "--search", "p13", "--json"],
    ["firsts", "--json"],
    ["validate"],
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_two_halves_answer_as_one_load(
    run: Run, write_dataset: Callable[..., Path], split: list[bool], layout: str, query: list[str]
) -> None:
    name, text = LAYOUTS[layout](events())
    path = str(write_dataset(text, name=name))
    args = [*query, path] if query == ["validate"] else ["--data", path, *query]
    in_halves = run(*args)
    assert split == [True], "the file was not split"
    loader.MAP_FROM = parallel.MAP_FROM = 2**62  # (the fixture restores them)
    whole = run(*args)
    assert split == [True, False]
    assert (in_halves.exit_code, in_halves.stdout) == (whole.exit_code, whole.stdout)
    assert in_halves.exit_code == 0
    assert in_halves.stdout.strip()


def test_validate_counts_every_event(run: Run, write_dataset: Callable[..., Path], split: list[bool]) -> None:
    path = write_dataset(as_jsonl(events(41)), name="data.jsonl")
    assert run("validate", str(path)).stdout.startswith(f"OK: {path}: 41 events, 2 countries")
    assert split == [True]


BROKEN: dict[str, Callable[[list[dict[str, Any]]], None]] = {
    "an id in both halves": lambda evs: evs[-1].update(id="e000"),
    "ids that differ only in case": lambda evs: evs[-1].update(id="E000"),
    "a bad date in the first half": lambda evs: evs[0].update(date="2021-13"),
    "a bad date in the second half": lambda evs: evs[-1].update(date="2021-02-30"),
    "a bad kind in the first half": lambda evs: evs[0].update(kind="filmin"),
    "an undeclared country": lambda evs: evs[-1].update(country="mars"),
    "an undeclared project": lambda evs: evs[-1].update(project="nope"),
    "derived fields that disagree": lambda evs: evs[-1].update(earliest="1999-01-01"),
}


@pytest.mark.parametrize("layout", ["names after the events", "JSON Lines"])
@pytest.mark.parametrize("broken", BROKEN)
def test_problems_read_as_they_do_loading_whole(
    run: Run, write_dataset: Callable[..., Path], split: list[bool], layout: str, broken: str
) -> None:
    if layout == "JSON Lines" and broken.startswith("an undeclared"):
        pytest.skip("JSON Lines declares no countries or projects")
    evs = events()
    BROKEN[broken](evs)
    name, text = LAYOUTS[layout](evs)
    path = str(write_dataset(text, name=name))
    in_halves = run("validate", path)
    assert split == [False]  # a problem sends the file to load(), which names every one
    loader.MAP_FROM = parallel.MAP_FROM = 2**62
    whole = run("validate", path)
    assert in_halves.exit_code == whole.exit_code == 1
    assert in_halves.stdout == whole.stdout != ""
    assert "Traceback" not in in_halves.output


def test_an_unknown_name_is_a_usage_error(run: Run, write_dataset: Callable[..., Path], split: list[bool]) -> None:
    path = write_dataset(as_jsonl(events()), name="data.jsonl")
    result = run("--data", str(path), "timeline", "--country", "rusia")
    assert result.exit_code == 2
    assert "Did you mean 'russia'?" in result.stderr


def test_no_place_to_cut_reads_the_file_whole(run: Run, write_dataset: Callable[..., Path], split: list[bool]) -> None:
    """Events that begin with "title" cannot be told from sources between two events: load() reads the file."""
    evs = [{"title": e["title"], **{k: v for k, v in e.items() if k != "title"}} for e in events()]
    path = write_dataset(json.dumps({"events": evs}), name="data.json")
    result = run("--data", str(path), "timeline", "--json")
    assert split == [False]
    assert [e["id"] for e in json.loads(result.stdout)] == sorted(
        (e["id"] for e in evs), key=lambda i: (next(e["date"] for e in evs if e["id"] == i), i)
    )


def test_one_core_reads_the_file_whole(
    run: Run, write_dataset: Callable[..., Path], split: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: 1)
    path = write_dataset(as_jsonl(events()), name="data.jsonl")
    assert run("--data", str(path), "timeline", "--json").exit_code == 0
    assert split == [False]


def test_the_file_is_left_unchanged(run: Run, write_dataset: Callable[..., Path], split: list[bool]) -> None:
    """Each half is made whole by writing into a private view of the file, never into the file."""
    path = write_dataset(json.dumps({"events": events(), "countries": COUNTRIES}), name="data.json")
    before = path.read_bytes()
    assert run("--data", str(path), "timeline", "--json").exit_code == 0
    assert split == [True]
    assert path.read_bytes() == before


def test_the_childs_part(write_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """What the child does with the second half, run here (a forked child's coverage is lost when it exits)."""
    monkeypatch.setattr(loader, "MAP_FROM", 1)
    evs = events()
    path = write_dataset(json.dumps({"events": evs, **NAMES}), name="data.json")
    data = loader.read_data(str(path), access=mmap.ACCESS_COPY)
    assert isinstance(data, mmap.mmap)
    cut = parallel._cut(data, str(path))
    assert cut is not None
    second = parallel._decode(data, cut, first=False)
    query = parallel.Query(build_filters(load(path), countries=["russia"]), reverse=True, limit=3)
    inbox = io.BytesIO()
    parallel._send(inbox, pickle.dumps(query))
    inbox.seek(0)
    out = io.BytesIO()
    parallel._child(second, str(path), out, inbox)
    out.seek(0)
    half = msgspec.msgpack.decode(parallel._receive(out) or b"", type=parallel._Half)
    ids = [e["id"] for e in evs]
    assert sorted(half.ids) == ids[ids.index(second.events[0].id) :]
    assert half.declared is not None and half.declared.projects is not None  # declared after the events
    chosen, dates = msgspec.msgpack.decode(parallel._receive(out) or b"", type=tuple[list[Event], dict[str, Derived]])
    theirs = [e for e in second.events if e.country == "russia"]
    expected = sorted(theirs, key=lambda e: (parse_edtf(e.date).sort_key, e.id), reverse=True)[:3]
    assert [e.id for e in chosen] == [e.id for e in expected]
    assert all(dates[e.date][0] == e.earliest for e in chosen)
