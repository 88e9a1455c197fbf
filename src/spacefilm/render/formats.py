"""One dispatcher for every format: a command builds a view (a Listing of records, or a Document), `emit` writes it
in the format chosen, to the Output. Every command speaks every format it offers the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import msgspec

from .output import Output

if TYPE_CHECKING:
    from .plain import Shape

T = TypeVar("T")


class Columns(msgspec.Struct, Generic[T], frozen=True):
    """How a table shows a record: headers, the text of each cell, and a Rich style per cell for colour.

    On a width too narrow for every column at its narrowest, columns give way in `drop` order: a header is left out
    (and a line on standard error says which), after its `short` text is tried, where it has one (a country's id for
    its name); a pair (header, host) is shown under the host's text instead (an id under its title: still there to
    copy). `whole` columns (ids) are never wrapped or cut, `words` columns (lists of
    ids) wrap only between them, `flex` (a title) takes what the others leave.
    """

    headers: Sequence[str]
    cells: Callable[[T], Sequence[str]]
    styles: Callable[[T], Sequence[str]] | None = None
    whole: frozenset[str] = frozenset()  # headers
    flex: str | None = None
    drop: Sequence[str | tuple[str, str]] = ()
    short: Mapping[str, Callable[[T], str]] = {}  # (a header's shorter text, tried before it is left out)
    dates: frozenset[str] = frozenset({"Date"})
    words: frozenset[str] = frozenset()


class Listing(msgspec.Struct, Generic[T], frozen=True):
    """Records a command lists, and how each format shows them."""

    records: Sequence[T]  # json and jsonl: each encoded whole
    flat_headers: Sequence[str]  # csv and tsv: one flat row a record
    flat: Callable[[T], dict[str, str]]
    table: Columns[T]
    markdown: Columns[T] | None = None  # default: the table's columns
    empty: str = "No events match."
    # Formats that are one JSON document made of all the records (timelinejs), made when asked for, as the parts of
    # its bytes: each needs a writer registered under its name.
    documents: Mapping[str, Callable[[], Iterable[bytes]]] = {}  # (never changed: one empty mapping serves all)


class Document(msgspec.Struct, frozen=True):
    """One thing shown whole (an event, a comparison): a JSON value, a drawing, and Markdown lines if it has them;
    and, if it has parts that are records (a comparison's milestones), a Listing of them for jsonl, csv and tsv."""

    value: Any
    draw: Callable[[Output], None]
    markdown: Callable[[], Iterable[str]] | None = None
    records: Listing[Any] | None = None


class Writer(msgspec.Struct, frozen=True):
    """How one format is written: a Listing; and a Document, or None when a Document gives this format through its
    records (one a line or a row)."""

    listing: Callable[[Output, Listing[Any]], None]
    document: Callable[[Output, Document], None] | None = None


# Every format, registered once (`register`): `emit` writes only these, and a format without a writer is an error.
WRITERS: dict[str, Writer] = {}


def register(
    name: str, listing: Callable[[Output, Listing[Any]], None], document: Callable[..., None] | None = None
) -> None:
    if name in WRITERS:
        raise ValueError(f"format {name!r} has a writer already")
    WRITERS[name] = Writer(listing, document)


def emit(output: Output, fmt: str, view: Listing[Any] | Document) -> None:
    """Write the view in the format chosen (the command offers only the formats its view has). A format with no
    writer, or one the view cannot be written in, raises LookupError: never a table instead."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise LookupError(f"no writer is registered for the format {fmt!r}")
    if isinstance(view, Listing):
        writer.listing(output, view)
    elif writer.document is not None:
        writer.document(output, view)
    elif view.records is not None:
        writer.listing(output, view.records)
    else:
        raise LookupError(f"this view cannot be written as {fmt!r}")


def _json(output: Output, view: Listing[Any]) -> None:
    from . import records

    records.write_json_array(output.binary, view.records)


def _json_document(output: Output, view: Document) -> None:
    from . import records

    records.write_json(output.binary, view.value)


def _jsonl(output: Output, view: Listing[Any]) -> None:
    from . import records

    records.write_jsonl(output.binary, view.records)


def _delimited(delimiter: str) -> Callable[[Output, Listing[Any]], None]:
    def write(output: Output, view: Listing[Any]) -> None:
        from . import records
        from .rows import LINE, made

        lines = made(view.records, "csv" if delimiter == "," else "tsv")
        if lines is not None:  # (the records made as they were read: rows.py)
            records.write_delimited(output, (), view.flat_headers, delimiter)
            records.write_lines(output, lines, LINE)
            return
        flat = (view.flat(item) for item in view.records)
        records.write_delimited(output, flat, view.flat_headers, delimiter)

    return write


def _markdown(output: Output, view: Listing[Any]) -> None:
    from . import records
    from .rows import made

    columns = view.markdown or view.table
    lines = made(view.records, "markdown")
    if lines is not None:  # (the rows made as they were read: rows.py)
        output.lines(records.markdown_table(columns.headers, ()))
        records.write_lines(output, lines)
        return
    output.lines(records.markdown_table(columns.headers, map(columns.cells, view.records)))


def _markdown_document(output: Output, view: Document) -> None:
    if view.markdown is None:
        raise LookupError("this view has no Markdown")
    output.lines(view.markdown())


def _table(output: Output, view: Listing[Any]) -> None:
    from .rows import made

    rows = made(view.records, "table")
    if not view.records:
        output.note(view.empty)
    elif rows is not None:  # (made as they were read, for a plain table of no set width: rows.py)
        from . import records
        from .plain import aligned_made

        records.write_lines(output, aligned_made(view.table.headers, rows, rows.summary))
    else:
        table(output, view.table, view.records)


def _drawn(output: Output, view: Document) -> None:
    view.draw(output)


def _timelinejs(output: Output, view: Listing[Any]) -> None:
    if "timelinejs" not in view.documents:
        raise LookupError("this view has no TimelineJS document")
    for part in view.documents["timelinejs"]():
        output.binary.write(part)


register("table", _table, _drawn)
register("json", _json, _json_document)
register("jsonl", _jsonl)
register("csv", _delimited(","))
register("tsv", _delimited("\t"))
register("markdown", _markdown, _markdown_document)
register("timelinejs", _timelinejs)


def table(output: Output, columns: Columns[Any], items: Sequence[Any]) -> None:
    """An aligned table fitted to the output's width, painted in Rich's styles when colour is on (Output.painter)."""
    from .plain import Shape, aligned, measure, narrowest, one_line

    headers = list(columns.headers)
    rows = [list(columns.cells(item)) for item in items]
    styles = [list(columns.styles(item)) for item in items] if output.colour and columns.styles else None
    folded: list[tuple[str, str]] = []

    def shape() -> Shape:
        def indices(names: frozenset[str]) -> frozenset[int]:
            return frozenset(headers.index(name) for name in names if name in headers)

        flex = headers.index(columns.flex) if columns.flex in headers else None
        under = tuple((headers.index(f), headers.index(h)) for f, h in folded if f in headers and h in headers)
        return Shape(indices(columns.whole), flex, indices(columns.dates), under, indices(columns.words))

    dropped = []
    needed = 0
    if output.width is not None:
        measures = measure([[one_line(cell) for cell in row] for row in rows], shape())
        for step in columns.drop:
            if narrowest(headers, measures, shape()) <= output.width:
                break
            if isinstance(step, tuple):
                folded.append(step)
                continue
            needed = needed or narrowest(headers, measures, shape())  # (every column, each id under its title)
            column = headers.index(step)
            if step in columns.short:
                shorter = columns.short[step]
                for row, item in zip(rows, items, strict=True):
                    row[column] = shorter(item)
                measures = measure([[one_line(cell) for cell in row] for row in rows], shape())
                if narrowest(headers, measures, shape()) <= output.width:
                    break
            dropped.append(headers.pop(column))
            del measures[column]
            for row in (*rows, *(styles or ())):
                del row[column]
    if styles is None:
        output.lines(aligned(headers, rows, output.width, shape()))
    else:
        output.lines(_painted(output, headers, rows, styles, shape()), painted=True)
    if dropped:
        from .plain import wrap

        *others, last = dropped  # (named by their headers: a header such as "Also" is no noun of its own)
        names = f"the {', '.join(others)} and {last} columns do" if others else f"the {last} column does"
        note = f"({names} not fit in {output.width} columns: the whole table needs {needed})"  # (COLUMNS too)
        output.note("\n".join(wrap(note, output.width or len(note))))


def _painted(
    output: Output, headers: Sequence[str], rows: Sequence[Sequence[str]], styles: Sequence[Sequence[str]], shape: Shape
) -> Iterable[str]:
    """The plain table's lines (render/plain.py's layout), each cell painted in its style: bold headers, a dim rule."""
    from .plain import GAP, layout, rule

    paint = output.painter()
    widths, lines = layout(headers, rows, output.width, shape)
    for index, cells in lines:
        yield GAP.join(paint(cell, "bold" if index < 0 else styles[index][column]) for cell, column in cells).rstrip()
        if index < 0:
            yield paint(rule(widths), "dim")
