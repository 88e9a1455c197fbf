"""Rows made as the events are read: when every event a query keeps is written in one format, to a pipe or a file.

The reader (load/stream.py) makes each kept event's row of the format while the slice it came in is in the CPU's
cache, in whichever of the two processes read it, and keeps the row instead of the event: what is left for the end
is one sort of short texts and the writing of text already made, with no event held (a whole timeline of a million
events in JSON is its text, not a gigabyte of objects). Made once at the end instead, in date order, every event
would be read from far apart in memory, by one process, when nothing else can run beside it.

A row is what the format's writer (render/formats.py) writes for one event, made here a batch of events at a time
with passes at C speed over each column where the writer makes one call a cell:

    json       the event's JSON text (bytes), as records.write_json_array and write_jsonl write it
    csv, tsv   the event's record as a delimited line, cells made inert as records.write_delimited makes them
    markdown   the event's row of the Markdown table (records.markdown_table)
    table      the plain table's cells (plain.aligned with no width: one line a row), joined by CELLS; the widest
               cell of each column is measured here too (the rows' summary), and the writer pads each row to those
               widths
    export     the event as a dataset stores it (model.StoredEvent), pretty-printed in the dataset's document as
               source.export writes it; export-jsonl, on one line; with, as their summary, the countries and
               projects the events use (an export narrowed by a filter declares only those)
    timelinejs the event's slide (render/slides.py), with, as the rows' summary, what the title slide and the eras
               need of the events (slides.Summary)

Only what a row shows is asked for (RowSpec): the names of countries and the titles of projects the dataset
declares (a document that declares them after its events is read again, as for any name its first slice could not
resolve). Rows of text are exact text: a terminal, where text is made inert as it is written, is given events
instead; JSON and TimelineJS are made inert as bytes, wherever they go (`row_format`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal, cast

import msgspec

if TYPE_CHECKING:
    from ..model import Event
    from .output import Output

RowFormat = Literal["json", "csv", "tsv", "markdown", "table", "export", "export-jsonl", "timelinejs"]
CELLS = "\x1f"  # between a table row's cells (no cell holds it: plain.one_line writes a control as an escape)
WIDE = "\x1e"  # before a table row whose cells' widths are not their lengths (nor does a cell hold this)
LINE = "\r\n"  # what ends a CSV or TSV record (records.write_delimited)


class RowSpec(msgspec.Struct, frozen=True):
    """The row the reader makes of each event kept: the format's, and the names it shows."""

    format: RowFormat
    countries: tuple[tuple[str, str], ...] = ()  # (id, name) of each country the dataset declares (table, markdown)
    projects: tuple[tuple[str, str], ...] = ()  # (id, title) of each project the dataset declares (timelinejs)


class Made(list[Any]):
    """The rows of the events a query kept, in its order (bytes for JSON, text otherwise), and what `make` sums up
    of them all (`summary`)."""

    def __init__(
        self, rows: Iterable[Any], spec: RowSpec, summary: Sequence[Any] = (), newest_first: bool = False
    ) -> None:
        super().__init__(rows)
        self.spec = spec
        self.summary = list(summary)
        self.newest_first = newest_first


def row_format(fmt: str, output: Output) -> RowFormat | None:
    """The rows to make as the events are read, for a format written to this output; None: keep the events. JSON is
    made inert for a terminal as it is written (Output.binary); text is not, so a terminal is given events, as is a
    table that fits a width or is painted."""
    if fmt in ("json", "jsonl"):
        return "json"
    if fmt == "timelinejs":
        return "timelinejs"
    if output.terminal:
        return None
    if fmt in ("csv", "tsv", "markdown"):
        return cast("RowFormat", fmt)
    if fmt == "table" and output.width is None and not output.colour:
        return "table"
    return None


def made(items: Sequence[Any], fmt: RowFormat) -> Made | None:
    """The rows of this format, when the items are rows made as they were read (else None: the items are events)."""
    return items if isinstance(items, Made) and items.spec.format == fmt else None


def make(spec: RowSpec, events: list[Event]) -> tuple[list[Any], list[Any]]:
    """Each event's row, and what sums them up (see the formats above; merged by `merged`)."""
    if not events:
        return [], []
    if spec.format == "json":
        return _JSON.encode_lines(events).split(b"\n")[:-1], []  # (no JSON text holds a line break)
    if spec.format in ("export", "export-jsonl"):
        return _stored(events, spec.format == "export")
    if spec.format == "timelinejs":
        from .slides import Summary

        return _slides(spec)(events), [Summary.of(events)]
    if spec.format in ("csv", "tsv"):
        return _delimited(events, "," if spec.format == "csv" else "\t"), []
    names = dict(spec.countries)
    if spec.format == "markdown":
        return _markdown(events, names), []
    return _table(events, names)


def merged(spec: RowSpec, before: Sequence[Any], after: Sequence[Any]) -> list[Any]:
    """What two sets of rows sum up to: the widest of their widest cells (a table), the two summaries of a TimelineJS
    document merged, or the names either uses (an export)."""
    if not (before and after):
        return list(before or after)
    if spec.format == "table":
        return list(map(max, before, after))
    if spec.format == "timelinejs":
        return [before[0].merge(after[0])]
    return sorted({*before, *after})


def sent_type(spec: RowSpec) -> Any:
    """The type of what a process sends of a slice's rows (the places of its events, their rows, the summary), to
    decode it with: a TimelineJS summary is a struct of its own."""
    if spec.format != "timelinejs":
        return Any
    from .slides import Summary

    return tuple[list[str], list[bytes], list[Summary]]


@cache
def _slides(spec: RowSpec) -> Callable[[list[Event]], list[bytes]]:
    """What makes the slides of a batch (one for every batch: it keeps what it made of a date or a country)."""
    from .slides import Slides

    return Slides(dict(spec.countries), dict(spec.projects))


def _stored(events: list[Event], pretty: bool) -> tuple[list[bytes], list[str]]:
    """Each event as a dataset stores it (no derived field, no field at its default), and the countries and
    projects they use ("c" or "p", then the id)."""
    stored, kept = _storing()
    texts = _JSON.encode_lines([stored(*kept(event)) for event in events]).split(b"\n")[:-1]
    if pretty:  # (as in the document: an event a level deeper than in an array of its own)
        texts = [b"    " + msgspec.json.format(text, indent=2).replace(b"\n", b"\n    ") for text in texts]
    used = {"c" + e.country for e in events} | {"p" + e.project for e in events if e.project is not None}
    return texts, sorted(used)


@cache
def _storing() -> tuple[type[msgspec.Struct], Callable[[Event], tuple[Any, ...]]]:
    """StoredEvent without its derived fields, made from an event's other fields in order (what the second gives),
    so an event leaves them behind however it had them. Every field has a default, so it is made from them in order:
    a required field's is UNSET, which no event has (and which would not be written)."""
    from ..model import DERIVED_FIELDS, StoredEvent

    fields = [field for field in msgspec.structs.fields(StoredEvent) if field.name not in DERIVED_FIELDS]
    stored = msgspec.defstruct(
        "Stored",
        [(f.name, f.type, msgspec.UNSET if f.required else f.default) for f in fields],
        omit_defaults=True,
    )
    return stored, attrgetter(*(field.name for field in fields))


_JSON = msgspec.json.Encoder()  # (as records.py encodes an event)


def _delimited(events: list[Event], delimiter: str) -> list[str]:
    """Each event as a CSV (or TSV) record, without its line ending (LINE), as the csv module writes it (its excel
    dialect): a cell that holds the delimiter, a quote or a line break in quotes, its quotes doubled; the cells
    joined by the delimiter. A record with a NUL (which some versions of the module refuse) is written by it."""
    from .records import EVENT_HEADERS, PLAIN_FIELDS, event_columns, inert_column

    columns = event_columns(events)
    columns = [c if name in PLAIN_FIELDS else inert_column(c) for name, c in zip(EVENT_HEADERS, columns, strict=True)]
    special = (delimiter, '"', "\r", "\n")
    odd: list[int] = []
    for column in columns:
        joined = "".join(column)  # (a pass over the column says which cells to look at, if any)
        present = [char for char in special if char in joined]
        if len(present) == 1:
            (char,) = present
            column[:] = [_quoted(cell) if char in cell else cell for cell in column]
        elif present:
            column[:] = [_quoted(cell) if any(map(cell.__contains__, present)) else cell for cell in column]
        if "\0" in joined:
            odd += (at for at, cell in enumerate(column) if "\0" in cell)
    lines = list(map(delimiter.join, zip(*columns, strict=True)))
    if odd:
        import csv
        import io

        for at in set(odd):
            buffer = io.StringIO()
            row = [column[0] for column in map(inert_column, event_columns([events[at]]))]
            csv.writer(buffer, delimiter=delimiter, lineterminator=LINE).writerow(row)
            lines[at] = buffer.getvalue().removesuffix(LINE)
    return lines


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def _markdown(events: list[Event], countries: dict[str, str]) -> list[str]:
    """Each event's row of the Markdown table (records.markdown_table of views.timeline's markdown cells)."""
    from .records import markdown_column

    columns = _columns(events, countries, title=_TITLE, status=True)
    cells = [markdown_column(column) for column in columns]
    return ["| " + line + " |" for line in map(" | ".join, zip(*cells, strict=True))]


def _table(events: list[Event], countries: dict[str, str]) -> tuple[list[str], list[int]]:
    """Each event's cells of the plain table (views.timeline's table cells, each on one line), joined by CELLS, and
    the width of each column's widest cell. A row with a character that does not take one column (a wide one, a
    combining mark) starts with WIDE: the writer pads its cells by their width, not their length."""
    from .plain import WIDTHS, one_line_column, width
    from .views import marked_title

    cells = [one_line_column(column) for column in _columns(events, countries, title=marked_title, status=False)]
    widths = []
    wide: set[int] = set()
    for column in cells:
        joined = "".join(column)  # (each distinct character looked at once, and only when not plain ASCII)
        if joined.isascii() or all(WIDTHS[char] == 1 for char in set(joined)):
            widths.append(max(map(len, column)))
            continue
        measured = list(map(width, column))
        widths.append(max(measured))
        wide.update(at for at, (cell, size) in enumerate(zip(column, measured, strict=True)) if size != len(cell))
    rows = list(map(CELLS.join, zip(*cells, strict=True)))
    for at in wide:
        rows[at] = WIDE + rows[at]
    return rows, widths


_TITLE = attrgetter("title")


def _columns(
    events: list[Event], countries: dict[str, str], title: Callable[[Event], str], status: bool
) -> list[list[str]]:
    """The columns of a timeline's table (views.timeline): date, country, kind, [status], title, id."""
    country = [e.country for e in events]
    shown = list(map(countries.get, country, country)) if countries else country
    statuses: list[list[str]] = [[e.status for e in events]] if status else []
    return [
        [e.display or "" for e in events],
        shown,
        [e.kind for e in events],
        *statuses,
        list(map(title, events)),
        [e.id for e in events],
    ]
