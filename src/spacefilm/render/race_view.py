"""The race drawn with Rich: side by side on a wide terminal, stacked at 80 columns and narrower."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..race import Comparison, Result, Side
from .comparison import (
    event_cell,
    first_cell,
    lead_words,
    precedent_lines,
    precedents_heading,
    projects_line,
    shown,
    verdict,
)
from .output import neutralise
from .terminal import text

# Side by side, each side's events are given at least this many columns (or all they need): narrower, each event
# takes three to five lines beside the other, and a milestone stacked (the sides one under the other) reads better.
SIDE_MIN = 36


def comparison_view(comparison: Comparison, width: int | None) -> Group:
    """The projects of each side; each milestone, first mover highlighted; then precedents and the verdict."""
    a, b = comparison.sides
    title = comparison.race.title if comparison.race else f"{a.name} and {b.name}"
    widths = _side_widths(comparison, width)
    parts: list[RenderableType] = [text(title, "bold")]
    parts += [text(projects_line(comparison, side)) for side in comparison.sides]
    if widths is None:
        parts.append(_stacked(comparison))  # (each milestone's heading begins with a blank line)
    else:
        parts += [text(""), _side_by_side(comparison, widths)]  # (a blank line under the headings, as stacked)
    for side in comparison.sides:
        if side.precedents:
            parts.append(text(f"\n{precedents_heading(comparison, side)}", "bold"))
            parts.append(_precedents(comparison, side))
    parts.append(text(f"\n{verdict(comparison)}"))
    return Group(*parts)


def _precedents(comparison: Comparison, side: Side) -> Precedents:
    """A side's precedents, indented, each title wrapped beside its date."""
    return Precedents([(f"  {when}", what) for when, what in precedent_lines(comparison, side)])


class Precedents:
    """Dates, each with its title beside it, drawn as Rich draws them in a grid (`grid`: the date never wrapped, a
    gap of one, the title wrapped at spaces and a word too long for its column folded), but laid out here a row at a
    time. Rich lays out every cell of a grid, measuring it twice (150 microseconds a row: 3.5 s for the 22,000
    precedents of 300,000 events), where nearly every row is a line of plain text, or a few lines of words.

    The widths are Rich's (Table._calculate_column_widths, for these two columns). A title that needs more than a
    line and is not plain ASCII words one space apart (a tab, a line break, a wide character; or a word longer
    than the column) is drawn by Rich, as its grid draws a cell. Where the dates leave no column for the titles,
    Rich draws the whole grid.
    """

    def __init__(self, rows: Sequence[tuple[str, str]]) -> None:
        self.rows = [(neutralise(when), neutralise(what)) for when, what in rows]

    def grid(self) -> Table:
        """Rich's own grid of these rows."""
        grid = Table.grid(padding=(0, 1, 0, 0))  # (as in terminal.event_view)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for when, what in self.rows:
            grid.add_row(Text(when), Text(what))
        return grid

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.grid())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths(options.max_width)
        if widths is None:
            yield self.grid()
            return
        dates, titles = widths
        # How the grid draws a title (Table._render), for the titles Rich draws.
        cell = options.update(width=titles, justify="left", no_wrap=False, overflow="fold", height=None)
        under, new_line = Segment(" " * dates), Segment.line()
        for when, what in self.rows:
            plain = title_lines(what, titles)
            if plain is None:
                lines = Segment.set_shape(console.render_lines(Text(what), cell, pad=True), titles)
            else:
                lines = [[Segment(line)] for line in plain]
            for number, line in enumerate(lines):
                yield under if number else Segment(when + " " * (dates - cell_len(when)))
                yield from line
                yield new_line

    def widths(self, max_width: int) -> tuple[int, int] | None:
        """The columns of the dates (the gap after them included) and of the titles, as Rich's grid gives them in
        `max_width`: each its widest cell, the titles narrowed to what the dates leave. None when the dates leave
        no column."""
        dates = max(cell_len(when) for when, _ in self.rows) + 1
        if dates >= max_width:
            return None
        widest = max(map(_text_width, (what for _, what in self.rows)))
        return dates, min(max(widest, 1), max_width - dates)


def _text_width(text: str) -> int:
    """The columns Rich measures a text at: its widest line."""
    if text.isascii() and text.isprintable():
        return len(text)
    return max(map(cell_len, text.splitlines()), default=0)


def title_lines(text: str, width: int) -> list[str] | None:
    """A title's lines in `width` columns, each padded to it, as Rich wraps a text: one line if it fits, else
    broken before each word that would not fit. None where this might not be Rich's: a tab or a line break (Rich
    expands, or breaks at, them), a joiner or variation selector (Rich measures them with their neighbours); and, to
    wrap, anything but printable ASCII words one space apart, or a word longer than the width (Rich folds it)."""
    plain = text.isascii() and text.isprintable()
    if not plain and any(char in text for char in "\t\n\u200d\ufe0f"):
        return None
    size = len(text) if plain else cell_len(text)
    if size <= width:
        return [text + " " * (width - size)]
    words = text.split(" ")
    if not plain or "" in words or max(map(len, words)) > width:
        return None
    lines, line = [], words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line.ljust(width))
            line = word
    lines.append(line.ljust(width))
    return lines


def _event_cells(result: Result) -> list[Text]:
    cells = []
    for index, event in enumerate(result.events):
        plain = event is None or event.status != "happened"
        style = "bold green" if result.first == index else ("dim" if plain else "")
        cells.append(text(event_cell(event, result), style))
    return cells


def _first_text(comparison: Comparison, result: Result) -> Text:
    return text(first_cell(result, comparison), "yellow" if result.outcome == "undetermined" else "bold")


def _side_cells(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    headers = ["Milestone", *(side.name for side in comparison.sides), "First", "Lead"]
    cells = [
        [result.milestone, *(event_cell(e, result) for e in result.events), first_cell(result, comparison), lead]
        for result in shown(comparison)
        for lead in [lead_words(result)]
    ]
    return headers, cells


def _side_widths(comparison: Comparison, width: int | None) -> list[int | None] | None:
    """The width of each column side by side, given room by what it holds (render/plain.py's layout: the room
    goes where it saves the most lines, so a long "who was first" is not wrapped beside an empty lead); None when
    the sides are better stacked. A pipe with no width never wraps a cell."""
    headers, cells = _side_cells(comparison)
    if width is None:
        return [None] * len(headers)
    from .plain import Shape, layout, table_width
    from .plain import width as columns

    widths = layout(headers, cells, width, Shape(whole=frozenset({0})))[0]
    natural = [max([columns(h)] + [columns(row[i]) for row in cells]) for i, h in enumerate(headers)]
    cramped = any(widths[i] < min(SIDE_MIN, natural[i]) for i in (1, 2))
    # (Rich's table, without edges, puts three columns between two: the plain table's gap.)
    return None if cramped or table_width(widths) > width else list(widths)


def _side_by_side(comparison: Comparison, widths: list[int | None]) -> Table:
    """Each milestone a row: the milestone, each side's event, who was first and by how much."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("Milestone", no_wrap=True, width=widths[0])
    for side, column_width in zip(comparison.sides, widths[1:3], strict=True):
        table.add_column(text(side.name), overflow="fold", width=column_width)
    table.add_column("First", overflow="fold", width=widths[3])
    table.add_column("Lead", overflow="fold", width=widths[4])
    for result in shown(comparison):
        table.add_row(
            text(result.milestone),
            *_event_cells(result),
            _first_text(comparison, result),
            text(lead_words(result)),
        )
    return table


def _stacked(comparison: Comparison) -> Table:
    """For 80 columns and fewer: each milestone as a heading with who was first, then one line per side."""
    grid = Table.grid(padding=(0, 2, 0, 0))  # (a gap on the right only, as Rich 14.3 on puts it)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for result in shown(comparison):
        heading = text(f"\n{result.milestone}", "bold")
        outcome = text("\nfirst: ").append_text(_first_text(comparison, result))
        if result.lead_days is not None:
            outcome.append(f", by {lead_words(result)}")
        grid.add_row(heading, outcome)
        for side, cell in zip(comparison.sides, _event_cells(result), strict=True):
            grid.add_row(text(f"  {side.name}"), cell)
    return grid
