"""Past DENSITY_ROWS events, `chart` reads a sketch of each event (model.sketches), not the whole event: the pictures
it draws are the same, byte for byte, as those drawn from every event (as `chart --html` reads them, for its page)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import event
from spacefilm.load import source, stream
from spacefilm.model import is_sketch
from spacefilm.query import Request

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


def test_the_reader_keeps_sketches_only_past_the_count_asked(write_dataset: Callable[..., Path], sliced: None) -> None:
    path = write_dataset(dataset(3000, projects=900))
    whole = source.select(path, Request()).events
    sketched = source.select(path, Request(sketch_past=300)).events
    assert [e.id for e in sketched] == [e.id for e in whole]
    assert all(map(is_sketch, sketched)) and not any(map(is_sketch, whole))
    fields = ("date", "earliest", "latest", "precision", "display", "country", "kind", "status", "project")
    assert [[getattr(e, f) for f in fields] for e in sketched] == [[getattr(e, f) for f in fields] for e in whole]
    # Each process counts what it keeps: sketches and whole events may come together.
    us = Request(countries=("us",))
    assert [e.id for e in source.select(path, Request(sketch_past=300, countries=("us",))).events] == [
        e.id for e in source.select(path, us).events
    ]
    small = source.select(path, Request(sketch_past=3000)).events
    assert not any(map(is_sketch, small))  # (3,000 events, not past 3,000)


def test_many_events_in_few_rows_are_drawn_a_row_each_as_before(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path, sliced: None
) -> None:
    """By project, 1,000 events in 40 rows (the projects and the events of none): no density, each row drawn from its
    events' titles; and --limit 50 of many."""
    path = write_dataset(dataset(1000, projects=30))
    sketched = pictures(run, path, tmp_path, "--by", "project", whole=False)
    assert "too many for a row each" not in sketched[0] and "Title of e00000" in sketched[0]
    assert sketched == pictures(run, path, tmp_path, "--by", "project", whole=True)
    limited = ("--limit", "50")
    assert pictures(run, path, tmp_path, *limited, whole=False) == pictures(run, path, tmp_path, *limited, whole=True)


def test_many_events_in_few_rows_from_standard_input(run: Run, write_dataset: Callable[..., Path]) -> None:
    """Standard input is read once: a chart of it never reads it again for whole events (it read nothing the second
    time: "is empty")."""
    path = write_dataset(dataset(1000, projects=30))
    piped = run("--data", "-", "chart", "--width", "120", "--by", "project", input=path.read_bytes())
    from_file = run("--data", str(path), "chart", "--width", "120", "--by", "project")
    assert piped.exit_code == 0 and "Title of e00000" in piped.stdout
    assert piped.stdout == from_file.stdout
