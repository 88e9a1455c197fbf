"""Rows made as the events are read (render/rows.py): every format writes the same bytes from them as from the
events, whatever the text holds, however the file is cut and by how many processes it is read; and no event is kept
for them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import msgspec
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SOURCE, event
from spacefilm.load import source, stream
from spacefilm.model import Event
from spacefilm.query import Request
from spacefilm.render import plain, records, rows
from spacefilm.render.plain import one_line, one_line_column

Run = Callable[..., Result]

# Text a row must carry exactly, or make inert exactly as the writer given events does: the delimiters and quotes
# of CSV, Markdown's pipes and backslashes, formulas, line breaks, controls, NUL, wide and combining characters,
# white space of every kind, bidirectional controls.
ODD = [
    "plain words",
    'a "quoted", comma',
    "line\nbreak and\r\nCR LF",
    "=SUM(A1)",
    "+1 -2 @x",
    "\tTab first",
    " leading and trailing ",
    "double  space",
    "pipe | and back\\slash",
    "NUL \x00 inside",
    "escape \x1b[31m red",
    "\u202eright-to-left",
    "\u00a0no-break first",
    "\u4e2d\u6587\u6807\u9898 wide",
    "e\u0301 combining",
    "~ tilde ~",
    "",
]
COUNTRIES = ("us", "russia", "japan")


def events(count: int) -> list[dict[str, Any]]:
    found = []
    for i in range(count):
        odd = ODD[i % len(ODD)]
        extra: dict[str, Any] = {"summary": odd} if odd else {}
        if i % 3 == 0:
            extra |= {"notes": ODD[(i + 5) % len(ODD)], "people": [odd or "Someone", "Another, Person"]}
        if i % 4 == 0:
            extra["sources"] = [SOURCE, {"title": ODD[(i + 3) % len(ODD)] or "Title", "publisher": "P"}]
        if i % 5 == 0:
            extra["status"] = "planned"
        if i % 7 == 0:
            extra["claims"] = [{"claim": f"the first {odd}", "by": "Someone | else"}]
        found.append(
            event(
                f"e{i:04d}" if i % 11 else f"E{i:04d}|odd",
                f"{1980 + i * 7 % 45}-{1 + i % 12:02d}" if i % 6 else f"{1990 + i % 30}-03-0{1 + i % 9}/{2021}",
                COUNTRIES[i % 3],
                **extra,
                title=odd or "Untitled",
            )
        )
    return found


NAMES = {
    "countries": [
        {"id": "us", "name": "United States"},
        {"id": "russia", "name": "Russia | \u0420\u043e\u0441\u0441\u0438\u044f"},
        {"id": "japan", "name": "  Japan\t"},
    ]
}


def layouts(count: int) -> dict[str, str]:
    evs = events(count)
    return {
        "events.jsonl": "".join(json.dumps(e) + "\n" for e in evs),
        "names-first.jsonl": json.dumps(NAMES) + "\n" + "".join(json.dumps(e) + "\n" for e in evs),
        # (names declared after the events: the first slice's rows name countries by id, so it is read again)
        "names-last.json": json.dumps({"events": evs, **NAMES}),
    }


@pytest.fixture(params=[1, 2], ids=["one core", "two cores"])
def sliced(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Files read as big ones are: in slices, by one process or two."""
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 2_000)
    monkeypatch.setattr(stream, "_cores", lambda: request.param)


@pytest.mark.parametrize("layout", ["events.jsonl", "names-first.jsonl", "names-last.json"])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "markdown", "table", "timelinejs"])
@pytest.mark.parametrize("options", [[], ["--since", "1995", "--reverse"], ["--search", "the"]])
def test_rows_made_as_read_are_what_the_events_would_write(
    run: Run,
    write_dataset: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    sliced: None,
    layout: str,
    fmt: str,
    options: list[str],
) -> None:
    path = write_dataset(layouts(200)[layout], name=layout)
    args = ["--data", str(path), "timeline", "--format", fmt, *options]
    made = run(*args)
    asked: list[object] = []
    monkeypatch.setattr(rows, "row_format", lambda fmt, output: asked.append(fmt))  # (None: the events are kept)
    kept = run(*args)
    assert asked == [fmt] and made.exit_code == kept.exit_code == 0
    assert made.stdout == kept.stdout and made.stderr == kept.stderr
    assert made.stdout.count("e0") > 10  # (rows of events were written)


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "markdown", "table", "timelinejs"])
def test_no_event_is_kept_for_rows(write_dataset: Callable[..., Path], sliced: None, fmt: rows.RowFormat) -> None:
    """Every event's row, in order, and no event; with a limit, the events (a few rows, made at the end)."""
    path = write_dataset(layouts(200)["names-first.jsonl"], name="data.jsonl")
    every = source.select(path, Request(rows=fmt))
    assert isinstance(every.events, rows.Made) and rows.made(every.events, fmt) is every.events
    assert len(every.events) == every.total == 200
    ordered = source.select(path, Request()).events
    if fmt == "json":
        assert list(every.events) == [msgspec.json.encode(e) for e in ordered]
    else:  # (each row holds its event's id: as it is, or escaped in Markdown)
        shown = [e.id.replace("|", "\\|") if fmt == "markdown" else e.id for e in ordered]
        texts = [row.decode() if isinstance(row, bytes) else row for row in every.events]  # (slides are bytes)
        assert all(map(str.__contains__, texts, shown))
    limited = source.select(path, Request(rows=fmt, limit=5)).events
    assert not isinstance(limited, rows.Made) and [e.id for e in limited] == [e.id for e in ordered[:5]]
    assert rows.made([], fmt) is None and rows.made(every.events, "json" if fmt != "json" else "csv") is None


def test_an_unfiltered_timeline_of_rows_is_read_by_both_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every event whole is read by one process (a second would hold half of them again to send them); their rows
    by both, the second sending the rows it makes."""
    alone: list[bool] = []
    load = stream.load
    monkeypatch.setattr(stream, "load", lambda *args: alone.append(args[4]) or load(*args))
    every = source.select(None, Request(reverse=True))
    made = source.select(None, Request(rows="json", reverse=True))
    assert alone == [True, False]
    assert not isinstance(every.events, rows.Made) and isinstance(made.events, rows.Made)
    assert list(made.events) == [msgspec.json.encode(e) for e in every.events]


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12) | st.sampled_from(ODD)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=8))
def test_a_column_made_at_once_is_each_cell_made_alone(texts: list[str]) -> None:
    assert one_line_column(texts) == [one_line(t) for t in texts]
    assert records.markdown_column(texts) == [records._markdown_cell(t) for t in texts]
    assert records.inert_column(texts) == [records.inert_cell(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(TEXT, min_size=2, max_size=12), delimiter=st.sampled_from([",", "\t"]))
def test_records_are_what_the_csv_module_writes(texts: list[str], delimiter: str) -> None:
    """Each event's record as the csv module writes it, from its cells made inert."""
    evs = [
        msgspec.convert(
            {
                **event(f"e{i}", "2020", title=t, summary=t or None, notes=t or None),
                "earliest": "2020-01-01",
                "latest": "2020-12-31",
                "precision": "year",
                "display": "2020",
            },
            Event,
        )
        for i, t in enumerate(texts)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=rows.LINE)
    writer.writerows([records.inert_cell(value) for value in records.event_row(e).values()] for e in evs)
    made = rows.make(rows.RowSpec("csv" if delimiter == "," else "tsv"), evs)[0]
    assert "".join(line + rows.LINE for line in made) == buffer.getvalue()


@pytest.mark.parametrize("layout", ["events.jsonl", "names-first.jsonl", "names-last.json"])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("countries", [(), ("russia",)])
def test_an_export_of_rows_is_the_export_of_the_events(
    run: Run,
    write_dataset: Callable[..., Path],
    sliced: None,
    layout: str,
    fmt: Literal["json", "jsonl"],
    countries: tuple[str, ...],
) -> None:
    """The events as a dataset stores them (derived fields left behind, even those a file gives), with the names
    they use: the same bytes as an export of the events."""
    evs = events(200)
    for e in evs[::9]:
        e.update(earliest="1980-01-01", latest="1980-01-31", precision="month", display="Jan 1980", date="1980-01")
    text = layouts(200)[layout].replace(json.dumps(events(200)[0]), json.dumps(evs[0]))
    path = write_dataset(text, name=layout)
    selection = source.select(path, Request(countries=countries))
    assert not isinstance(selection.events, rows.Made)
    expected = b"".join(source.export(selection, bool(countries), fmt))
    args = ["--data", str(path), "export", "--format", fmt, *(f"--country={c}" for c in countries)]
    exported = run(*args)
    assert exported.exit_code == 0 and exported.stdout_bytes == expected
    assert exported.stdout.count('"e0') > 10 and '"earliest"' not in exported.stdout


_CELL = st.text(alphabet="ab Z-|\u4e2d\u0301", max_size=6)


@settings(deadline=None)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda columns: st.lists(st.lists(_CELL, min_size=columns, max_size=columns), max_size=12)
    )
)
def test_a_table_of_rows_made_as_read_is_padded_as_the_plain_table_is(cells: list[list[str]]) -> None:
    """Rows made as read (each row's cells joined, a row with a wide character marked), padded at the end: the lines
    `aligned` makes of the same cells."""
    cells = [list(map(one_line, row)) for row in cells]  # (as rows.py makes each cell)
    columns = len(cells[0]) if cells else 2
    headers = [f"H{i}" for i in range(columns)]
    made = [
        ("" if all(plain.width(c) == len(c) for c in row) else rows.WIDE) + rows.CELLS.join(row) for row in cells
    ]
    widths = [max((plain.width(row[i]) for row in cells), default=0) for i in range(columns)]
    assert list(plain.aligned_made(headers, made, widths)) == list(plain.aligned(headers, cells))
