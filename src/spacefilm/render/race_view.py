"""The race drawn with Rich: side by side on a wide terminal, stacked at 80 columns and narrower."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
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
    parts.append(_stacked(comparison) if widths is None else _side_by_side(comparison, widths))
    for side in comparison.sides:
        if side.precedents:
            parts.append(text(f"\n{precedents_heading(comparison, side)}", "bold"))
            parts.append(_precedents(comparison, side))
    parts.append(text(f"\n{verdict(comparison)}"))
    return Group(*parts)


def _precedents(comparison: Comparison, side: Side) -> Table:
    """A side's precedents, indented, each title wrapped beside its date."""
    grid = Table.grid(padding=(0, 1, 0, 0))  # (as in terminal.event_view)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for when, what in precedent_lines(comparison, side):
        grid.add_row(text(f"  {when}"), text(what))
    return grid


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
