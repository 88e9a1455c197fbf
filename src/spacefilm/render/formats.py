"""One dispatcher for every format: a command builds a view (a Listing of records, or a Document), `emit` writes it
in the format chosen, to the Output. Every command speaks every format it offers the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from .output import Output

if TYPE_CHECKING:
    from .plain import Shape

T = TypeVar("T")


class Columns(NamedTuple, Generic[T]):
    """How a table shows a record: headers, the text of each cell, and a Rich style per cell for colour.

    On a width too narrow for every column at its narrowest, columns are left out in `drop` order (and a line on
    standard error says which): `whole` columns (ids) are never wrapped or cut, `flex` (a title) takes what the
    others leave.
    """

    headers: Sequence[str]
    cells: Callable[[T], Sequence[str]]
    styles: Callable[[T], Sequence[str]] | None = None
    whole: frozenset[str] = frozenset()  # headers
    flex: str | None = None
    drop: Sequence[str] = ()
    dates: frozenset[str] = frozenset({"Date"})


class Listing(NamedTuple, Generic[T]):
    """Records a command lists, and how each format shows them."""

    records: Sequence[T]  # json and jsonl: each encoded whole
    flat_headers: Sequence[str]  # csv and tsv: one flat row a record
    flat: Callable[[T], dict[str, str]]
    table: Columns[T]
    markdown: Columns[T] | None = None  # default: the table's columns
    empty: str = "No events match."
    # Formats that are one JSON document made of all the records (timelinejs), made when asked for.
    documents: Mapping[str, Callable[[], Any]] = {}  # (never changed: one empty mapping serves every listing)


class Document(NamedTuple):
    """One thing shown whole (an event, a comparison): a JSON value, a drawing, and Markdown lines if it has them;
    and, if it has parts that are records (a comparison's milestones), a Listing of them for jsonl, csv and tsv."""

    value: Any
    draw: Callable[[Output], None]
    markdown: Callable[[], Iterable[str]] | None = None
    records: Listing[Any] | None = None


# The formats of one record a line or a row: a Document gives them through its records.
RECORD_FORMATS = ("jsonl", "csv", "tsv")


def emit(output: Output, fmt: str, view: Listing[Any] | Document) -> None:
    """Write the view in the format chosen (the command offers only the formats its view has)."""
    from . import records

    if isinstance(view, Document) and fmt in RECORD_FORMATS and view.records is not None:
        view = view.records
    if isinstance(view, Document):
        if fmt == "json":
            records.write_json(output.binary, view.value)
        elif fmt == "markdown" and view.markdown is not None:
            output.lines(view.markdown())
        else:
            view.draw(output)
        return
    items = view.records
    if fmt in view.documents:
        records.write_json(output.binary, view.documents[fmt]())
    elif fmt == "json":
        records.write_json_array(output.binary, items)
    elif fmt == "jsonl":
        records.write_jsonl(output.binary, items)
    elif fmt in ("csv", "tsv"):
        flat = (view.flat(item) for item in items)
        records.write_delimited(output.out, flat, view.flat_headers, "," if fmt == "csv" else "\t")
    elif fmt == "markdown":
        columns = view.markdown or view.table
        output.lines(records.markdown_table(columns.headers, map(columns.cells, items)))
    elif not items:
        import click

        click.echo(view.empty, err=True)
    else:
        table(output, view.table, items)


def table(output: Output, columns: Columns[Any], items: Sequence[Any]) -> None:
    """An aligned table fitted to the output's width, painted in Rich's styles when colour is on (Output.painter)."""
    from .plain import Shape, aligned, minimum_widths, one_line, table_width

    headers = list(columns.headers)
    rows = [list(columns.cells(item)) for item in items]
    styles = [list(columns.styles(item)) for item in items] if output.colour and columns.styles else None

    def shape() -> Shape:
        def indices(names: frozenset[str]) -> frozenset[int]:
            return frozenset(headers.index(name) for name in names if name in headers)

        flex = headers.index(columns.flex) if columns.flex in headers else None
        return Shape(indices(columns.whole), flex, indices(columns.dates))

    dropped = []
    if output.width is not None:
        inert = [[one_line(cell) for cell in row] for row in rows]
        for header in columns.drop:
            if table_width(minimum_widths(headers, inert, shape())) <= output.width:
                break
            column = headers.index(header)
            dropped.append(headers.pop(column))
            for row in (*rows, *inert, *(styles or ())):
                del row[column]
    if styles is None:
        output.lines(aligned(headers, rows, output.width, shape()))
    else:
        output.lines(_painted(output, headers, rows, styles, shape()))
    if dropped:
        import click

        from .plain import wrap

        *others, last = (name.lower() for name in dropped)
        names = f"{', '.join(others)} and {last}" if others else last
        note = f"({names} not shown at {output.width} columns: widen the terminal, or use --format csv)"
        click.echo("\n".join(wrap(note, output.width or len(note))), err=True)


def _painted(
    output: Output, headers: Sequence[str], rows: Sequence[Sequence[str]], styles: Sequence[Sequence[str]], shape: Shape
) -> Iterable[str]:
    """The plain table's lines (render/plain.py's layout), each cell painted in its style: bold headers, a dim rule."""
    from .plain import GAP, layout, rule

    paint = output.painter()
    widths, lines = layout(headers, rows, output.width, shape)
    for index, cells in lines:
        yield GAP.join(
            paint(cell, "bold" if index < 0 else styles[index][column]) for column, cell in enumerate(cells)
        ).rstrip()
        if index < 0:
            yield paint(rule(widths), "dim")
