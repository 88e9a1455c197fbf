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

# Wider than this, the sides go side by side; at this width and narrower, each milestone is stacked.
STACKED_UP_TO = 80


def comparison_view(comparison: Comparison, width: int | None) -> Group:
    """The projects of each side; each milestone, first mover highlighted; then precedents and the verdict."""
    a, b = comparison.sides
    title = comparison.race.title if comparison.race else f"{a.name} and {b.name}"
    wide = width is None or width > STACKED_UP_TO
    parts: list[RenderableType] = [text(title, "bold")]
    parts += [text(projects_line(comparison, side)) for side in comparison.sides]
    parts.append(_side_by_side(comparison, width) if wide else _stacked(comparison))
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


def _side_by_side(comparison: Comparison, width: int | None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("Milestone", no_wrap=True)
    for side in comparison.sides:
        table.add_column(text(side.name), overflow="fold")
    # Who was first and by how much are short phrases: on a width, the room goes to the events (a pipe with no
    # width never wraps a cell).
    table.add_column("First", overflow="fold", max_width=26 if width else None)
    table.add_column("Lead", overflow="fold", max_width=27 if width else None)
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
