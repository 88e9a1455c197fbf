"""Big files, read a slice at a time on two cores: the same answers, and the same errors, as loading them whole.

The size from which a file is streamed is lowered to a byte here, and a slice to a few events, so that small
datasets take that path in many slices.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import pickle
import re
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import event
from spacefilm.dates import parse_edtf
from spacefilm.load import read, stream
from spacefilm.load.checks import Tally
from spacefilm.load.source import catalog as load
from spacefilm.model import Event, with_derived
from spacefilm.query import Request, resolve_request
from spacefilm.render.rows import RowFormat, RowSpec, make

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
def sliced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file is cut into slices of a few events; records how each read of a file gave its answer: "slices"
    (the loop, over several slices), "one slice", or "diagnosed" (a problem, or what the loop could not read)."""
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 600)
    monkeypatch.setattr(stream, "_cores", lambda: 2)
    answered: list[str] = []
    seen: list[str] = []
    original_load, original_read, original_diagnose = stream.load, stream._read, stream.diagnose

    def load(*args: Any) -> Any:
        seen.clear()
        try:
            return original_load(*args)
        finally:
            answered.append("diagnosed" if "diagnosed" in seen else seen[-1] if seen else "refused")

    def read(text: Any, slices: list[Any], *args: Any) -> Any:
        seen.append("slices" if len(slices) > 1 else "one slice")
        return original_read(text, slices, *args)

    def diagnose(*args: Any) -> Any:
        seen.append("diagnosed")
        return original_diagnose(*args)

    monkeypatch.setattr(stream, "load", load)
    monkeypatch.setattr(stream, "_read", read)
    monkeypatch.setattr(stream, "diagnose", diagnose)
    return answered


def whole(run: Run, *args: str) -> Result:
    """The same command, the file read as one slice."""
    stream.STREAM_FROM = 2**62  # (the fixture restores it)
    return run(*args)


def pretty(items: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(item, indent=2, ensure_ascii=False) for item in items) + "\n"


def as_jsonl(items: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


LAYOUTS: dict[str, Callable[[list[dict[str, Any]]], tuple[str, str]]] = {
    "names before the events": lambda evs: ("data.json", json.dumps({**NAMES, "events": evs})),
    "names after the events": lambda evs: ("data.json", json.dumps({"events": evs, **NAMES})),
    "no spaces": lambda evs: ("data.json", json.dumps({**NAMES, "events": evs}, separators=(",", ":"))),
    "a bare array": lambda evs: ("data.json", json.dumps(evs)),
    "JSON Lines": lambda evs: ("data.jsonl", as_jsonl(evs)),
    "JSON Lines, CRLF and blank lines": lambda evs: ("data.jsonl", as_jsonl(evs).replace("\n", "\r\n\r\n")),
    "JSON Lines pretty-printed, as jq writes them": lambda evs: ("data.jsonl", pretty(evs)),
    "pretty-printed objects one after another, .json": lambda evs: ("data.json", pretty(evs)),
    "two events a line": lambda evs: (
        "data.jsonl",
        "\n".join(" ".join(map(json.dumps, evs[i : i + 2])) for i in range(0, len(evs), 2)),
    ),
    "a bare carriage return inside each event": lambda evs: ("data.jsonl", as_jsonl(evs).replace(', "', ',\r"')),
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
    sliced: list[str],
    monkeypatch: pytest.MonkeyPatch,
    layout: str,
    query: list[str],
    cores: int,
) -> None:
    monkeypatch.setattr(stream, "_cores", lambda: cores)
    name, text = LAYOUTS[layout](events())
    args = command(query, write_dataset(text, name=name))
    streamed = run(*args)
    assert sliced == ["slices"], "the file was not cut"
    loaded = whole(run, *args)
    assert sliced == ["slices", "one slice"]
    assert (streamed.exit_code, streamed.stdout) == (loaded.exit_code, loaded.stdout)
    assert streamed.exit_code == 0
    assert streamed.stdout.strip()


@contextmanager
def opened(path: Path | str) -> Iterator[read.File]:
    fd = os.open(path, os.O_RDONLY)
    data = read.File(fd, os.fstat(fd).st_size, str(path))
    try:
        yield data
    finally:
        data.close()


def cut(data: read.Text, path: Path | str) -> list[stream._Slice]:
    return stream._slices(data, str(path), 0)


def reader(data: read.Text) -> stream._Reader:
    """A reader that keeps nothing (as validate's), counting keys."""
    return stream._Reader(data, every=False, counting=True)


def test_a_file_is_cut_into_many_slices(write_dataset: Callable[..., Path], sliced: list[str]) -> None:
    for layout in LAYOUTS:
        name, text = LAYOUTS[layout](events())
        path = str(write_dataset(text, name=name))
        with opened(path) as data:
            slices = cut(data, path)
            assert len(slices) > 5, layout
            each = reader(data)
            for part in slices:
                each.read(part)
        assert each.tally.count == 40, layout


def test_derived_fields_given_are_read_and_checked(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str]
) -> None:
    """Events that give their derived fields (as our own output does) are read as such, not refused."""
    evs = events()
    for item in evs[::7]:
        when = parse_edtf(item["date"])
        item |= {"earliest": when.earliest.isoformat(), "latest": when.iso_latest(), "precision": when.precision}
    path = write_dataset(as_jsonl(evs), name="data.jsonl")
    streamed = run("--data", str(path), "timeline", "--json")
    assert sliced == ["slices"]
    assert streamed.stdout == whole(run, "--data", str(path), "timeline", "--json").stdout


def test_validate_counts_every_event(run: Run, write_dataset: Callable[..., Path], sliced: list[str]) -> None:
    path = write_dataset(as_jsonl(events(41)), name="data.jsonl")
    assert run("validate", str(path)).stdout.startswith(f"OK: {path}: 41 events, 2 countries")
    assert sliced == ["slices"]


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


@pytest.mark.parametrize(
    ("layout", "broken"),
    [
        (layout, broken)
        for layout in ["names after the events", "JSON Lines"]
        for broken in BROKEN
        if not (layout == "JSON Lines" and broken.startswith("an undeclared"))  # (JSON Lines declares no names)
    ],
)
def test_problems_read_as_they_do_loading_whole(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str], layout: str, broken: str
) -> None:
    evs = events()
    BROKEN[broken](evs)
    name, text = LAYOUTS[layout](evs)
    path = str(write_dataset(text, name=name))
    streamed = run("validate", path)
    assert sliced == ["diagnosed"]  # a problem stops the loop: decode.diagnose names every one
    loaded = whole(run, "validate", path)
    assert streamed.exit_code == loaded.exit_code == 1
    assert streamed.stdout == loaded.stdout != ""
    assert "Traceback" not in streamed.output


@pytest.mark.parametrize("where", ["before the events", "after the events"])
def test_a_name_of_two_countries_is_found_in_a_streamed_file(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str], where: str
) -> None:
    """The names declared are checked once every slice is read, as in a file read whole: two countries of one name
    stop the loop, and the diagnosis says where."""
    names = {**NAMES, "countries": [*COUNTRIES, {"id": "ru2", "name": COUNTRIES[1]["name"]}]}
    text = json.dumps({**names, "events": events()} if where == "before the events" else {"events": events(), **names})
    path = str(write_dataset(text, name="data.json"))
    streamed = run("validate", path)
    assert sliced == ["diagnosed"]
    assert streamed.exit_code == 1
    assert f"country #3 'ru2': name: {COUNTRIES[1]['name']!r} is also the name of country #2" in streamed.stdout
    assert streamed.stdout == whole(run, "validate", path).stdout


def test_an_unknown_name_is_a_usage_error(run: Run, write_dataset: Callable[..., Path], sliced: list[str]) -> None:
    path = write_dataset(as_jsonl(events()), name="data.jsonl")
    result = run("--data", str(path), "timeline", "--country", "rusia")
    assert result.exit_code == 2
    assert "Did you mean 'russia'?" in result.stderr


@pytest.mark.parametrize("option", [("--country", "atlantis"), ("--project", "no-such-film"), ("--kind", "filmin")])
def test_a_name_declared_up_front_is_refused_before_the_events_are_read(
    run: Run,
    write_dataset: Callable[..., Path],
    sliced: list[str],
    monkeypatch: pytest.MonkeyPatch,
    option: tuple[str, str],
) -> None:
    """A typo costs no load of a big file: the names it declares before its events settle it."""
    read: list[int] = []
    original = stream._Reader.read
    monkeypatch.setattr(stream._Reader, "read", lambda self, part: read.append(part.start) or original(self, part))
    monkeypatch.setattr(stream, "diagnose", lambda *args: pytest.fail("the file was read whole"))
    path = write_dataset(json.dumps({**NAMES, "events": events()}), name="data.json")
    result = run("--data", str(path), "timeline", *option)
    assert result.exit_code == 2
    assert f"unknown {option[0][2:]} {option[1]!r}" in result.stderr
    assert len(read) <= 1  # at most the first slice, which holds the declared names


def test_a_name_declared_after_the_events(run: Run, write_dataset: Callable[..., Path], sliced: list[str]) -> None:
    """The first slice cannot resolve "United States" (declared at the end): once the whole file has resolved it,
    the slices are read again with it."""
    path = write_dataset(json.dumps({"events": events(), **NAMES}), name="data.json")
    args = ["--data", str(path), "timeline", "--country", "United States", "--json"]
    streamed = run(*args)
    assert sliced == ["slices"]
    assert [e["country"] for e in json.loads(streamed.stdout)] == ["us"] * 20
    assert streamed.stdout == whole(run, *args).stdout


def test_a_name_the_whole_file_resolves_otherwise(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str]
) -> None:
    """ "film" is a project's id in the first slice, and, declared at the end, another project's title: the first
    slice's answer is not taken (it was read again with the whole file's; a name of two projects is a problem of the
    data now, said as for the file read whole)."""
    projects = [{"id": "film", "title": "A film"}, {"id": "other", "title": "film"}]
    path = write_dataset(json.dumps({"events": events(), "projects": projects}), name="data.json")
    args = ["--data", str(path), "timeline", "--project", "film", "--json"]
    streamed = run(*args)
    assert sliced == ["diagnosed"]
    assert streamed.exit_code == whole(run, *args).exit_code == 1
    assert "project #2 'other': title: 'film' is also the id of project #1" in streamed.stderr
    assert streamed.stderr == whole(run, *args).stderr


def test_no_place_to_cut_is_read_whole(run: Run, write_dataset: Callable[..., Path], sliced: list[str]) -> None:
    """Events that begin with "title" cannot be told from sources between two events: the file is one slice."""
    evs = [{"title": e["title"], **{k: v for k, v in e.items() if k != "title"}} for e in events()]
    path = write_dataset(json.dumps({"events": evs}), name="data.json")
    with opened(path) as data:
        assert len(cut(data, path)) == 1
    streamed = run("--data", str(path), "timeline", "--json")
    assert sliced == ["one slice"]
    assert streamed.stdout == whole(run, "--data", str(path), "timeline", "--json").stdout


def test_the_file_is_left_unchanged(run: Run, write_dataset: Callable[..., Path], sliced: list[str]) -> None:
    """Each slice is made whole by writing brackets into this process's copy of it, never into the file."""
    path = write_dataset(json.dumps({"events": events(), "countries": COUNTRIES}), name="data.json")
    before = path.read_bytes()
    assert run("--data", str(path), "timeline", "--json").exit_code == 0
    assert sliced == ["slices"]
    assert path.read_bytes() == before


class Sent(io.BytesIO):
    """What a process wrote to a pipe it then closed."""

    def close(self) -> None:
        self.sent = self.getvalue()
        super().close()


def sent(data: bytes, rows: bool = False) -> tuple[list[int], list[Any]]:
    """What the child sent of each slice as it read it: the keys of its ids, and what it kept of each (its events,
    or, `rows`, the places in date order, rows and widths of their rows)."""
    keys: list[int] = []
    kept: list[Any] = []
    at = 0
    while at < len(data):
        count, size = stream._FRAME.unpack_from(data, at)
        at += stream._FRAME.size
        keys += array("q", data[at : at + 8 * count])
        at += 8 * count
        if size:
            part = data[at : at + size]
            kept.append(msgspec.msgpack.decode(part) if rows else msgspec.msgpack.decode(part, type=list[Event]))
        at += size
    return keys, kept


@pytest.mark.parametrize(("limit", "rows"), [(3, "json"), (None, None), (None, "json"), (None, "csv")])
def test_the_childs_part(
    write_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, limit: int | None, rows: RowFormat | None
) -> None:
    """What the child does with the second half, run here (a forked child's coverage is lost when it exits): with no
    limit, it sends the events it keeps as it reads (or their rows, asked for them: never the events then); with
    one, the first it keeps, at the end (never rows)."""
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 600)
    evs = events()
    path = write_dataset(json.dumps({"events": evs, **NAMES}), name="data.json")
    query = resolve_request(load(path), Request(countries=("russia",), reverse=True, limit=limit, rows=rows))
    inbox = io.BytesIO()
    stream._send(inbox, pickle.dumps(query))
    inbox.seek(0)
    out, pipe = io.BytesIO(), Sent()
    with opened(path) as data:
        slices = cut(data, path)
        second = slices[len(slices) // 2 :]
        read = [e.id for part in second for e in reader(data).read(part)]
        stream._child(data, iter(second), out, inbox, pipe, True)
    ids = set(read)
    assert pipe.closed  # (before the part is sent: the parent reads every key first)
    made = rows is not None and limit is None
    keys, kept = sent(pipe.sent, rows=made)
    out.seek(0)
    part = msgspec.msgpack.decode(stream._receive(out) or b"", type=stream._Part)
    assert part.sound
    # The keys of the ids of a slice out of order are sent as it is read; those of a slice in order, at the end.
    in_order = [key for run in part.runs for key in run[3].split("\n")]
    assert sorted([*keys, *map(hash, in_order)]) == sorted(hash(id.lower()) for id in read)
    assert part.declared is not None and part.declared.projects is not None  # declared after the events
    assert part.count == len(ids) < 30
    theirs = [e for e in load(path).loaded if e.id in ids and e.country == "russia"]
    expected = sorted(theirs, key=lambda e: (parse_edtf(e.date).sort_key, e.id), reverse=True)[:limit]
    assert (len(kept), bool(part.chosen)) == ((0, True) if limit else (len(second), False))
    if made:  # each slice's events' places in date order, and their rows (the events' own, made as rows.make does)
        order = [place for places, _, _ in kept for place in places]
        assert [place[20:] for place in sorted(order, reverse=True)] == [e.id for e in expected]
        derived = with_derived(theirs, load(path).dates)
        by_id = dict(zip([e.id for e in derived], make(RowSpec(rows or "json"), derived)[0], strict=True))
        assert [row for _, slice_rows, _ in kept for row in slice_rows] == [by_id[place[20:]] for place in order]
        return
    chosen = part.chosen if limit else sorted(itertools.chain(*kept), key=lambda e: (e.earliest, e.latest, e.id))[::-1]
    assert [e.id for e in chosen] == [e.id for e in expected]
    assert all(parse_edtf(e.date).earliest.isoformat() == e.earliest for e in chosen)  # derived fields set


@settings(max_examples=50, deadline=None)
@given(count=st.sampled_from([2, 3, 1025, 1026, 5000]), turns=st.lists(st.booleans(), min_size=1))
def test_every_slice_after_the_first_is_taken_once(count: int, turns: list[bool]) -> None:
    """Two readers take slices from the queue in any order of turns (a group at a time past 1,024 slices): each
    slice after the first is taken by one of them, once, and each gets its slices in order."""
    numbers = list(range(count))
    queue = stream._queue(count)
    assert queue is not None
    try:
        takers = [stream._taken(queue, numbers), stream._taken(queue, numbers)]  # type: ignore[arg-type]
        taken: list[list[int]] = [[], []]
        for turn in itertools.chain(turns, itertools.cycle([False, True])):
            got = next(takers[turn], None)
            if got is None:
                break
            taken[turn].append(got)  # type: ignore[arg-type]
        taken[not turn] += takers[not turn]  # (what is left of the group the other one took)
    finally:
        os.close(queue)
    assert sorted(taken[0] + taken[1]) == numbers[1:]
    assert all(mine == sorted(mine) for mine in taken)


@settings(max_examples=60, deadline=None)
@given(
    theirs=st.lists(st.sampled_from(["e1", "E2", "e3", "x4", "X5"]), max_size=8),
    cuts=st.lists(st.integers(0, 64), max_size=4),
)
def test_the_keys_the_child_sends_are_held_to_account_here(theirs: list[str], cuts: list[int]) -> None:
    """The keys of the child's ids, however the pipe cuts them, are added to this process's Tally: an id both
    processes read (case aside) is found, and so is one the child read twice."""
    mine = Tally()
    mine.add([msgspec.convert(event(id, "2021"), Event) for id in ("e1", "e2")])
    child = Tally(keyed=False)
    keys = array("q", child.add([msgspec.convert(event(id, "2021"), Event) for id in theirs]))
    halves = keys[: len(keys) // 2], keys[len(keys) // 2 :]  # (two slices')
    data = b"".join(stream._FRAME.pack(len(half), 0) + half.tobytes() for half in halves)
    here = stream._Reader(read.Text(b"", ""), False, True)
    here.tally = mine
    reading, writing = os.pipe()
    try:
        taken = stream._Keys(reading)
        taken.take(here)  # (nothing sent yet)
        at = 0
        for cut in sorted(cuts):
            os.write(writing, data[at:cut])
            at = max(at, cut)
            taken.take(here)
        os.write(writing, data[at:])
        os.close(writing)
        writing = -1
        taken.take(here, wait=True)
    finally:
        os.close(reading)
        if writing >= 0:
            os.close(writing)
    mine.add_runs(child.runs)  # (ids in order are not sent as they are read: their runs come at the end)
    ids = ["e1", "e2", *(id.lower() for id in theirs)]
    assert mine.elsewhere == len(theirs)
    assert mine.unique == (len(set(ids)) == len(ids))


def test_the_child_stops_with_the_parent(write_dataset: Callable[..., Path]) -> None:
    path = write_dataset(as_jsonl(events()), name="data.jsonl")
    out = io.BytesIO()
    with opened(path) as data:
        stream._child(data, iter(cut(data, path)), out, io.BytesIO(), io.BytesIO(), True)
    assert out.getvalue() == b""


def test_a_file_of_many_slices(run: Run, write_dataset: Callable[..., Path], sliced: list[str]) -> None:
    """Hundreds of slices, each read into the buffer the last one used: the same answer as a load."""
    path = write_dataset(as_jsonl(events(1500)), name="data.jsonl")
    assert path.stat().st_size > 400 * stream.SLICE
    args = ["--data", str(path), "timeline", "--country", "russia", "--format", "jsonl"]
    streamed = run(*args)
    assert sliced == ["slices"]
    assert streamed.stdout == whole(run, *args).stdout
    assert len(streamed.stdout.splitlines()) == 750


@pytest.mark.parametrize("layout", ["names before the events", "JSON Lines"])
def test_a_file_that_shrinks_while_it_is_read_is_an_error_not_a_signal(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str], monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    name, text = LAYOUTS[layout](events(400))
    path = write_dataset(text, name=name)
    original = read.File.slice
    reads: list[int] = []

    def shrink_then_read(self: read.File, start: int, *args: Any) -> Any:
        reads.append(start)
        if len(reads) == 3:
            os.truncate(path, path.stat().st_size // 2)
        return original(self, start, *args)

    monkeypatch.setattr(read.File, "slice", shrink_then_read)
    monkeypatch.setattr(stream, "_cores", lambda: 1)
    with pytest.raises(read.Changed), opened(path) as data:
        slices = cut(data, path)
        each = reader(data)
        for part in slices:
            each.read(part)
    path.write_text(text, encoding="utf-8")
    reads.clear()
    result = run("--data", str(path), "timeline", "--json")
    assert sliced == ["diagnosed"]  # the loop stopped; the file, now short, is read whole and its problem named
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:")


@pytest.mark.parametrize("key", ["events", "races", "countries", "projects given as null"])
@pytest.mark.parametrize("cores", [1, 2])
def test_a_key_the_document_gives_twice_is_refused_at_any_size(
    run: Run,
    write_dataset: Callable[..., Path],
    sliced: list[str],
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    cores: int,
) -> None:
    """A second `events` (or `races`...) after the events: the streamed read says what a small file's check says."""
    monkeypatch.setattr(stream, "_cores", lambda: cores)
    evs = events()
    first = {**NAMES, "races": [], "events": evs}
    if key == "projects given as null":  # (given before the events as null, then after them as a list)
        key, first = "projects", {"projects": None, "countries": COUNTRIES, "races": [], "events": evs}
    second = {"events": evs[:2], "races": [], "countries": COUNTRIES, "projects": NAMES.get("projects", [])}[key]
    text = json.dumps(first)[:-1] + f', "{key}": {json.dumps(second)}}}'
    path = write_dataset(text, name="data.json")
    expected = f"{path}: key {key!r} appears twice in one object; only the last would count"
    for args in (["validate", str(path)], ["--data", str(path), "timeline", "--json"]):
        streamed, loaded = run(*args), whole(run, *args)
        assert (streamed.exit_code, loaded.exit_code) == (1, 1)
        assert expected in streamed.output and expected in loaded.output


TWICE = {  # the key, its value, and the value given first (hidden)
    "a key of an event": ("notes", '"N20"', json.dumps('hidden: "a"')),
    "a key of a source": ("url", '"https://example.org/20"', '"x:y"'),
    "a key of a claim": ("kind", '"statement"', '"first"'),
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("where", TWICE)
def test_a_key_an_event_gives_twice_is_refused_at_any_size(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str], layout: str, where: str
) -> None:
    """A key given twice inside an event, in any layout, at any size: streamed, the file is refused as loaded whole."""
    evs = events()
    evs[20] |= {"notes": "N20", "sources": [{"title": "S", "url": "https://example.org/20"}]}
    evs[20]["claims"] = [{"claim": "a first", "by": "someone", "kind": "statement"}]
    name, text = LAYOUTS[layout](evs)
    key, value, hidden = TWICE[where]

    def twice(found: re.Match[str]) -> str:
        return f'"{key}":{found[1]}{hidden}, "{key}":{found[1]}{value}'

    given_twice = re.sub(rf'"{key}":(\s*){value}', twice, text, count=1)
    assert given_twice != text
    path = write_dataset(given_twice, name=name)
    for args in (["validate", str(path)], ["--data", str(path), "timeline", "--json"]):
        sliced.clear()
        streamed = run(*args)
        assert sliced == ["diagnosed"], "the loop did not stop"
        loaded = whole(run, *args)
        assert (streamed.exit_code, streamed.output) == (loaded.exit_code, loaded.output)
        assert streamed.exit_code == 1
        assert f"key {key!r} appears twice in one object (inside the object with id 'e020')" in streamed.output or (
            f"key {key!r} appears twice in one object (the object with id 'e020')" in streamed.output
        )
        stream.STREAM_FROM = 1


@pytest.mark.parametrize("space", ["\f", "\v", "\u00a0"])
def test_white_space_json_does_not_have_is_refused_at_a_slice_cut(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str], space: str
) -> None:
    """A form feed after the comma between two events is not JSON: never taken for a place to cut (it was, and
    the file validated streamed while a whole load refused it)."""
    text = json.dumps({**NAMES, "events": events()}).replace('}, {"id"', "}," + space + ' {"id"')
    path = write_dataset(text, name="data.json")
    streamed, loaded = run("validate", str(path)), whole(run, "validate", str(path))
    assert (streamed.exit_code, loaded.exit_code) == (1, 1)
    assert streamed.stdout == loaded.stdout


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    layout=st.sampled_from(sorted(LAYOUTS)),
    position=st.floats(min_value=0, max_value=1),
    junk=st.sampled_from([b"x", b"\x00", b"}", b"{", b"]", b",", b"\n", b'"', b"\xff", b"\x0c", b'"id": "e001", ']),
)
def test_a_file_with_one_fault_anywhere_reads_the_same_streamed_and_whole(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str], layout: str, position: float, junk: bytes
) -> None:
    """Fuzzed: a byte (or a key) put anywhere, at a slice cut or not, in every layout: validate says the same."""
    name, text = LAYOUTS[layout](events())
    data = text.encode()
    at = int(position * len(data))
    path = write_dataset(data[:at] + junk + data[at:], name=name)
    streamed = run("validate", str(path))
    stream_from = stream.STREAM_FROM
    stream.STREAM_FROM = 2**62
    try:
        loaded = run("validate", str(path))
    finally:
        stream.STREAM_FROM = stream_from
    assert (streamed.exit_code, streamed.stdout) == (loaded.exit_code, loaded.stdout)


@pytest.mark.parametrize("where", [0, 7, 19])
@pytest.mark.parametrize("number", [b"1" * 4301, b"-" + b"2" * 5000, b"3e999"])
def test_a_number_too_large_to_read_is_one_line_at_any_size(
    run: Run, write_dataset: Callable[..., Path], sliced: list[str], where: int, number: bytes
) -> None:
    """A number Python cannot read (an int of more than 4,300 digits) was a traceback: now a line naming its place,
    streamed or not, in any field."""
    lines = [msgspec.json.encode(e) for e in events()[:20]]
    lines[where] = lines[where].replace(b'"title":', b'"title":' + number + b',"was":', 1)
    path = write_dataset(b"\n".join(lines) + b"\n", name="big.jsonl")
    for args in (["validate"], ["timeline", "--json"], ["show", "e001"]):
        result = run("--data", str(path), *args)
        assert result.exit_code == 1
        said = result.stdout if args == ["validate"] else result.stderr  # (validate's findings are its output)
        assert args == ["validate"] or result.stdout == ""
        assert f"big.jsonl:{where + 1}:" in said
        assert "a number too large to read" in said
        assert "Traceback" not in result.stdout + result.stderr
