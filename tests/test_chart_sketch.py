"""Past DENSITY_ROWS events, `chart` reads sketches of the events, not the whole events: counted (load/sketchbook.py),
or with a limit, a sketch of each event (model.sketches). The pictures it draws are the same, byte for byte, as those
drawn from every event (as `chart --html` reads them, for its page)."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import Result

from conftest import event
from spacefilm.load import source, stream
from spacefilm.model import Event, is_sketch
from spacefilm.query import Request
from test_sketchbook import appearances

Run = Callable[..., Result]
DATES = ["1984", "2020-05", "2021-10-05", "2021-10-05/2021-10-17", "2021-10~", "2021/..", "1983-06/1984-08"]
COUNTRIES = ["us", "russia", "japan", "esa", "china"]


def dataset(count: int, projects: int) -> dict[str, object]:
    """`count` events of every kind of date, in five countries and `projects` projects (every fourth in none)."""
    events = []
    for i in range(count):
        day = DATES[i % len(DATES)] if i % 5 == 0 else f"{1961 + i % 64}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        extra = {"project": f"p{i % projects}"} if i % 4 else {}
        status = ("happened", "planned", "unrealized")[i % 7 % 3]
        events.append(event(f"e{i:05d}", day, COUNTRIES[i // 3 % 5], status=status, **extra))
    return {"events": events}


@pytest.fixture
def sliced(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of a few thousand events read as a big one is: in slices, by two processes."""
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 20_000)


def pictures(run: Run, path: Path, tmp_path: Path, *args: str, whole: bool) -> tuple[str, str]:
    """The terminal chart and the SVG; `whole`: drawn from every event (a page is saved too)."""
    svg = tmp_path / ("whole.svg" if whole else "sketched.svg")
    page = ("--html", str(tmp_path / "page.html")) if whole else ()
    out = run("--data", str(path), "chart", "--width", "120", "--svg", str(svg), *page, *args).stdout
    return out, svg.read_text(encoding="utf-8")


@pytest.mark.parametrize("by", ["event", "project"])
def test_density_from_sketches_is_the_density_from_events(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path, sliced: None, by: str
) -> None:
    path = write_dataset(dataset(3000, projects=900))
    sketched = pictures(run, path, tmp_path, "--by", by, whole=False)
    assert sketched[0].startswith("3,000 events, too many for a row each")
    assert sketched == pictures(run, path, tmp_path, "--by", by, whole=True)
    filtered = ("--since", "1990", "--status", "happened", "--by", by)
    assert pictures(run, path, tmp_path, *filtered, whole=False) == pictures(run, path, tmp_path, *filtered, whole=True)


def drawn_alike(sketched: Sequence[Event], whole: Sequence[Event]) -> bool:
    """What a density chart reads of the events is the same: each event's dates, country and project, in date order
    by dates, and where each group of one date, country and project first and last appears."""
    fields = ("date", "earliest", "latest", "precision", "display", "country", "project")

    def read(events: Sequence[Event]) -> Counter[tuple[object, ...]]:
        return Counter(tuple(getattr(e, f) for f in fields) for e in events)

    return (
        [(e.earliest, e.latest) for e in sketched] == [(e.earliest, e.latest) for e in whole]
        and read(sketched) == read(whole)
        and appearances(sketched) == appearances(whole)
    )


def test_the_reader_keeps_sketches_only_past_the_count_asked(write_dataset: Callable[..., Path], sliced: None) -> None:
    path = write_dataset(dataset(3000, projects=900))
    whole = source.select(path, Request()).events
    counted = source.select(path, Request(sketch_past=300)).events
    assert len(counted) == 3000 and all(map(is_sketch, counted)) and not any(map(is_sketch, whole))
    assert drawn_alike(counted, whole)
    assert len({id(e) for e in counted}) < 3000  # (a sketch stands for the events of its date, country and project)
    reverse = Request(reverse=True)
    assert drawn_alike(
        source.select(path, Request(sketch_past=300, reverse=True)).events, source.select(path, reverse).events
    )
    # With a limit, which events come first needs every id: a sketch of each event.
    limited = source.select(path, Request(sketch_past=300, limit=2500)).events
    assert [e.id for e in limited] == [e.id for e in whole][:2500] and all(map(is_sketch, limited))
    fields = ("date", "earliest", "latest", "precision", "display", "country", "kind", "status", "project")
    assert [[getattr(e, f) for f in fields] for e in limited] == [[getattr(e, f) for f in fields] for e in whole][:2500]
    # Each process counts what it keeps: sketches and whole events may come together.
    us = Request(countries=("us",))
    assert drawn_alike(
        source.select(path, Request(sketch_past=300, countries=("us",))).events, source.select(path, us).events
    )
    small = source.select(path, Request(sketch_past=3000)).events
    assert not any(map(is_sketch, small))  # (3,000 events, not past 3,000)


@pytest.mark.parametrize("child_reads", ["none", "one", "half", "all but two", "all"])
def test_counted_sketches_of_either_process_or_both(
    write_dataset: Callable[..., Path], sliced: None, monkeypatch: pytest.MonkeyPatch, child_reads: str
) -> None:
    """Each process counts sketches past the count asked, or keeps whole events: every pairing gives what the
    events would (the child reads as many of the slices after the first as `child_reads` says; this process, the
    others)."""
    path = write_dataset(dataset(3000, projects=900))
    expected = {past: source.select(path, Request(countries=past[1])).events for past in [(300, ()), (100, ("us",))]}
    parent = os.getpid()

    def taken(queue: int, slices: list[stream._Slice]) -> Iterator[stream._Slice]:
        assert len(slices) > 30
        rest = len(slices) - 1
        child = {"none": 0, "one": 1, "half": rest // 2, "all but two": rest - 2, "all": rest}[child_reads]
        return iter(slices[len(slices) - child :] if os.getpid() != parent else slices[1 : len(slices) - child])

    monkeypatch.setattr(stream, "_taken", taken)
    for (past, countries), whole in expected.items():
        counted = source.select(path, Request(countries=countries, sketch_past=past)).events
        assert any(map(is_sketch, counted)) and drawn_alike(counted, whole)


def test_density_of_json_lines_with_names_declared_and_ids_interleaved(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path, sliced: None
) -> None:
    """Counted sketches where the order says most: JSON Lines that declare their names first, each date shared by
    events of every country, ids interleaved. (Two countries of one name, drawn in one lane, are a problem of the
    data now: test_validate.)"""
    names = {"countries": [{"id": c, "name": f"The {c.title()}"} for c in COUNTRIES]}
    events = [{**e, "id": f"x{(i * 7919) % 3000:05d}"} for i, e in enumerate(dataset(3000, projects=40)["events"])]
    path = write_dataset("\n".join(json.dumps(x) for x in [names, *events]) + "\n", "data.jsonl")
    for args in [(), ("--by", "project"), ("--country", "esa", "--country", "japan"), ("--colour", "always")]:
        assert pictures(run, path, tmp_path, *args, whole=False) == pictures(run, path, tmp_path, *args, whole=True)
    assert "\x1b[" in pictures(run, path, tmp_path, "--colour", "always", whole=False)[0]


def test_many_events_in_few_rows_are_drawn_a_row_each_as_before(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path, sliced: None
) -> None:
    """By project, 1,000 events in 40 rows (the projects and the events of none): no density, each row drawn from its
    events' titles; and --limit 50 of many."""
    path = write_dataset(dataset(1000, projects=30))
    sketched = pictures(run, path, tmp_path, "--by", "project", whole=False)
    assert "too many for a row each" not in sketched[0] and "Title of e00000" in sketched[0]
    assert sketched == pictures(run, path, tmp_path, "--by", "project", whole=True)
    for limited in [("--limit", "50"), ("--limit", "700")]:  # (700 of 1,000: a sketch of each event)
        sketched = pictures(run, path, tmp_path, *limited, whole=False)
        assert sketched == pictures(run, path, tmp_path, *limited, whole=True)


def test_many_events_in_few_rows_from_standard_input(run: Run, write_dataset: Callable[..., Path]) -> None:
    """Standard input is read once: a chart of it never reads it again for whole events (it read nothing the second
    time: "is empty")."""
    path = write_dataset(dataset(1000, projects=30))
    piped = run("--data", "-", "chart", "--width", "120", "--by", "project", input=path.read_bytes())
    from_file = run("--data", str(path), "chart", "--width", "120", "--by", "project")
    assert piped.exit_code == 0 and "Title of e00000" in piped.stdout
    assert piped.stdout == from_file.stdout


def test_a_project_lane_names_every_country_of_its_events(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path, sliced: None
) -> None:
    """A lane of 1,500 events of one project, the last 20 of them in Japan: the SVG says the lane is of the US and
    Japan, drawn from sketches as from every event."""
    big = [
        event(f"b{i:04d}", f"{1970 + i // 30}-01-01", "japan" if i >= 1480 else "us", project="big")
        for i in range(1500)
    ]
    alone = [event(f"a{i:04d}", f"{1970 + i % 50}-06-01", "russia") for i in range(400)]
    path = write_dataset({"events": big + alone})
    sketched = pictures(run, path, tmp_path, "--by", "project", whole=False)
    assert sketched[0].startswith("1,900 events, too many for a row each")
    assert "big: us, japan; No project: russia" in sketched[1]
    assert sketched == pictures(run, path, tmp_path, "--by", "project", whole=True)
