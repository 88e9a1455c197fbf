"""Big files, read a slice at a time on two cores: the same answers, and the same errors, as loading them whole.

The size from which a file is streamed is lowered to a byte here, and a slice to a few events, so that small
datasets take that path in many slices.
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
from spacefilm import parallel
from spacefilm.dates import parse_edtf
from spacefilm.loader import load, read_data
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
def sliced(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every file is streamed, in slices of a few events; records, for each command, whether that gave the answer."""
    monkeypatch.setattr(parallel, "STREAM_FROM", 1)
    monkeypatch.setattr(parallel, "SLICE", 600)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    answered: list[bool] = []
    original = parallel.select_in_slices

    def spy(*args: Any) -> parallel.Answer | None:
        answer = original(*args)
        answered.append(answer is not None)
        return answer

    monkeypatch.setattr(parallel, "select_in_slices", spy)
    return answered


def whole(run: Run, *args: str) -> Result:
    """The same command, the file loaded whole."""
    parallel.STREAM_FROM = 2**62  # (the fixture restores it)
    return run(*args)


def as_jsonl(items: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


LAYOUTS: dict[str, Callable[[list[dict[str, Any]]], tuple[str, str]]] = {
    "names before the events": lambda evs: ("data.json", json.dumps({**NAMES, "events": evs})),
    "names after the events": lambda evs: ("data.json", json.dumps({"events": evs, **NAMES})),
    "no spaces": lambda evs: ("data.json", json.dumps({**NAMES, "events": evs}, separators=(",", ":"))),
    "a bare array": lambda evs: ("data.json", json.dumps(evs)),
    "JSON Lines": lambda evs: ("data.jsonl", as_jsonl(evs)),
    "JSON Lines, CRLF and blank lines": lambda evs: ("data.jsonl", as_jsonl(evs).replace("\n", "\r\n\r\n")),
}
QUERIES = [
    ["timeline", "--json"],
    ["timeline", "--country", "US", "--since", "2015", "--format", "jsonl"],
    ["timeline", "--reverse", "--limit", "7", "--format", "csv"],
    ["timeline", "--search", "p13", "--until", "2020", "--json"],
    ["firsts", "--json"],
    ["validate"],
]


def command(query: list[str], path: Path) -> list[str]:
    return [*query, str(path)] if query == ["validate"] else ["--data", str(path), *query]


@pytest.mark.parametrize("cores", [1, 2])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_slices_answer_as_one_load(
    run: Run,
    write_dataset: Callable[..., Path],
    sliced: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    layout: str,
    query: list[str],
    cores: int,
) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: cores)
    name, text = LAYOUTS[layout](events())
    args = command(query, write_dataset(text, name=name))
    streamed = run(*args)
    assert sliced == [True], "the file was not streamed"
    loaded = whole(run, *args)
    assert sliced == [True, False]
    assert (streamed.exit_code, streamed.stdout) == (loaded.exit_code, loaded.stdout)
    assert streamed.exit_code == 0
    assert streamed.stdout.strip()


def test_a_file_is_cut_into_many_slices(write_dataset: Callable[..., Path], sliced: list[bool]) -> None:
    for layout in LAYOUTS:
        name, text = LAYOUTS[layout](events())
        path = str(write_dataset(text, name=name))
        data = read_data(path, access=mmap.ACCESS_COPY, map_from=0)
        assert isinstance(data, mmap.mmap)
        slices = parallel._slices(data, path)
        assert len(slices) > 5, layout
        reader = parallel._Reader(data, None)
        for part in slices:
            reader.read(part)
        assert reader.tally.count == 40, layout


def test_derived_fields_given_are_read_and_checked(
    run: Run, write_dataset: Callable[..., Path], sliced: list[bool]
) -> None:
    """Events that give their derived fields (as our own output does) are read as such, not refused."""
    evs = events()
    for item in evs[::7]:
        when = parse_edtf(item["date"])
        item |= {"earliest": when.earliest.isoformat(), "latest": when.iso_latest(), "precision": when.precision}
    path = write_dataset(as_jsonl(evs), name="data.jsonl")
    streamed = run("--data", str(path), "timeline", "--json")
    assert sliced == [True]
    assert streamed.stdout == whole(run, "--data", str(path), "timeline", "--json").stdout


def test_validate_counts_every_event(run: Run, write_dataset: Callable[..., Path], sliced: list[bool]) -> None:
    path = write_dataset(as_jsonl(events(41)), name="data.jsonl")
    assert run("validate", str(path)).stdout.startswith(f"OK: {path}: 41 events, 2 countries")
    assert sliced == [True]


BROKEN: dict[str, Callable[[list[dict[str, Any]]], None]] = {
    "an id in both halves": lambda evs: evs[-1].update(id="e000"),
    "an id twice in one half": lambda evs: evs[3].update(id="e001"),
    "ids that differ only in case": lambda evs: evs[-1].update(id="E000"),
    "ids out of order, one twice": lambda evs: (evs.reverse(), evs[0].update(id="e000")),
    "a bad date in the first slice": lambda evs: evs[0].update(date="2021-13"),
    "a bad date in the last slice": lambda evs: evs[-1].update(date="2021-02-30"),
    "a bad kind in the first half": lambda evs: evs[0].update(kind="filmin"),
    "a blank title": lambda evs: evs[20].update(title=" "),
    "an undeclared country": lambda evs: evs[-1].update(country="mars"),
    "an undeclared project": lambda evs: evs[-1].update(project="nope"),
    "derived fields that disagree": lambda evs: evs[-1].update(earliest="1999-01-01"),
}


@pytest.mark.parametrize("layout", ["names after the events", "JSON Lines"])
@pytest.mark.parametrize("broken", BROKEN)
def test_problems_read_as_they_do_loading_whole(
    run: Run, write_dataset: Callable[..., Path], sliced: list[bool], layout: str, broken: str
) -> None:
    if layout == "JSON Lines" and broken.startswith("an undeclared"):
        pytest.skip("JSON Lines declares no countries or projects")
    evs = events()
    BROKEN[broken](evs)
    name, text = LAYOUTS[layout](evs)
    path = str(write_dataset(text, name=name))
    streamed = run("validate", path)
    assert sliced == [False]  # a problem sends the file to load(), which names every one
    loaded = whole(run, "validate", path)
    assert streamed.exit_code == loaded.exit_code == 1
    assert streamed.stdout == loaded.stdout != ""
    assert "Traceback" not in streamed.output


def test_an_unknown_name_is_a_usage_error(run: Run, write_dataset: Callable[..., Path], sliced: list[bool]) -> None:
    path = write_dataset(as_jsonl(events()), name="data.jsonl")
    result = run("--data", str(path), "timeline", "--country", "rusia")
    assert result.exit_code == 2
    assert "Did you mean 'russia'?" in result.stderr


def test_a_name_declared_after_the_events(run: Run, write_dataset: Callable[..., Path], sliced: list[bool]) -> None:
    """The first slice cannot resolve "United States" (declared at the end): the file is loaded whole."""
    path = write_dataset(json.dumps({"events": events(), **NAMES}), name="data.json")
    args = ["--data", str(path), "timeline", "--country", "United States", "--json"]
    streamed = run(*args)
    assert sliced == [False]
    assert [e["country"] for e in json.loads(streamed.stdout)] == ["us"] * 20
    assert streamed.stdout == whole(run, *args).stdout


def test_a_name_the_whole_file_resolves_otherwise(
    run: Run, write_dataset: Callable[..., Path], sliced: list[bool]
) -> None:
    """"film" is a project's id in the first slice, and, declared at the end, another project's title."""
    projects = [{"id": "film", "title": "A film"}, {"id": "other", "title": "film"}]
    path = write_dataset(json.dumps({"events": events(), "projects": projects}), name="data.json")
    args = ["--data", str(path), "timeline", "--project", "film", "--json"]
    streamed = run(*args)
    assert sliced == [False]
    assert streamed.stdout == whole(run, *args).stdout == "[]\n"


def test_no_place_to_cut_reads_one_slice(run: Run, write_dataset: Callable[..., Path], sliced: list[bool]) -> None:
    """Events that begin with "title" cannot be told from sources between two events: the file is one slice."""
    evs = [{"title": e["title"], **{k: v for k, v in e.items() if k != "title"}} for e in events()]
    path = write_dataset(json.dumps({"events": evs}), name="data.json")
    data = read_data(str(path), access=mmap.ACCESS_COPY, map_from=0)
    assert isinstance(data, mmap.mmap)
    assert len(parallel._slices(data, str(path))) == 1
    streamed = run("--data", str(path), "timeline", "--json")
    assert sliced == [True]
    assert streamed.stdout == whole(run, "--data", str(path), "timeline", "--json").stdout


def test_the_file_is_left_unchanged(run: Run, write_dataset: Callable[..., Path], sliced: list[bool]) -> None:
    """Each slice is made whole by writing into a private view of the file, never into the file."""
    path = write_dataset(json.dumps({"events": events(), "countries": COUNTRIES}), name="data.json")
    before = path.read_bytes()
    assert run("--data", str(path), "timeline", "--json").exit_code == 0
    assert sliced == [True]
    assert path.read_bytes() == before


def test_the_childs_part(write_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """What the child does with the second half, run here (a forked child's coverage is lost when it exits)."""
    monkeypatch.setattr(parallel, "SLICE", 600)
    evs = events()
    path = write_dataset(json.dumps({"events": evs, **NAMES}), name="data.json")
    data = read_data(str(path), access=mmap.ACCESS_COPY, map_from=0)
    assert isinstance(data, mmap.mmap)
    slices = parallel._slices(data, str(path))
    second = slices[len(slices) // 2 :]
    ids = {e.id for part in second for e in parallel._Reader(data, None).read(part)}
    query = parallel.Query(build_filters(load(path), countries=["russia"]), reverse=True, limit=3)
    inbox = io.BytesIO()
    parallel._send(inbox, pickle.dumps(query))
    inbox.seek(0)
    out = io.BytesIO()
    parallel._child(data, second, out, inbox)
    out.seek(0)
    part = msgspec.msgpack.decode(parallel._receive(out) or b"", type=parallel._Part)
    assert part.sound
    assert part.declared is not None and part.declared.projects is not None  # declared after the events
    assert part.count == len(ids) < 30
    theirs = [e for e in load(path).loaded if e.id in ids and e.country == "russia"]
    expected = sorted(theirs, key=lambda e: (parse_edtf(e.date).sort_key, e.id), reverse=True)[:3]
    assert [e.id for e in part.chosen] == [e.id for e in expected]
    assert all(part.dates[e.date][0] == e.earliest for e in part.chosen)


def test_the_child_stops_with_the_parent(write_dataset: Callable[..., Path]) -> None:
    path = write_dataset(as_jsonl(events()), name="data.jsonl")
    data = read_data(str(path), access=mmap.ACCESS_COPY, map_from=0)
    assert isinstance(data, mmap.mmap)
    out = io.BytesIO()
    parallel._child(data, parallel._slices(data, str(path)), out, io.BytesIO())
    assert out.getvalue() == b""


def test_pages_already_read_are_let_go(run: Run, write_dataset: Callable[..., Path], sliced: list[bool]) -> None:
    """A file of many pages: those behind the slice being read are dropped from memory, and nothing changes."""
    path = write_dataset(as_jsonl(events(1500)), name="data.jsonl")
    assert path.stat().st_size > 64 * mmap.PAGESIZE
    args = ["--data", str(path), "timeline", "--country", "russia", "--format", "jsonl"]
    streamed = run(*args)
    assert sliced == [True]
    assert streamed.stdout == whole(run, *args).stdout
    assert len(streamed.stdout.splitlines()) == 750
