"""The race drawn with Rich: side by side on a wide terminal, stacked on a narrow one."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..race import Comparison, Result
from .comparison import event_cell, first_cell, lead_words, verdict
from .terminal import text

SIDE_BY_SIDE_WIDTH = 100


def comparison_view(comparison: Comparison, width: int | None) -> Group:
    """Both sides side by side (stacked when narrow), first mover highlighted; then precedents and the verdict."""
    a, b = comparison.sides
    title = comparison.race.title if comparison.race else f"{a.name} and {b.name}: all events"
    wide = width is None or width >= SIDE_BY_SIDE_WIDTH
    table = _side_by_side(comparison) if wide else _stacked(comparison)
    parts: list[RenderableType] = [text(title, "bold"), table]
    for side in comparison.sides:
        if side.precedents:
            parts.append(text(f"\nBefore the race, {side.name}:", "bold"))
            for event in side.precedents:
                parts.append(text(f"  {event.display}: {event.title}"))
    parts.append(text(f"\n{verdict(comparison)}"))
    return Group(*parts)


def _event_cells(result: Result) -> list[Text]:
    cells = []
    for index, event in enumerate(result.events):
        plain = event is None or event.status != "happened"
        cells.append(text(event_cell(event), "bold green" if result.first == index else ("dim" if plain else "")))
    return cells


def _first_text(comparison: Comparison, result: Result) -> Text:
    return text(first_cell(result, comparison.sides), "yellow" if result.outcome == "undetermined" else "bold")


def _side_by_side(comparison: Comparison) -> Table:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("Milestone", no_wrap=True)
    for side in comparison.sides:
        table.add_column(text(side.name), overflow="fold")
    table.add_column("First", overflow="fold")
    table.add_column("Lead", overflow="fold")
    for result in comparison.results:
        table.add_row(
            text(result.milestone),
            *_event_cells(result),
            _first_text(comparison, result),
            text(lead_words(result)),
        )
    return table


def _stacked(comparison: Comparison) -> Table:
    """For narrow terminals: each milestone as a heading, then one line per side."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for result in comparison.results:
        heading = text(f"\n{result.milestone}", "bold")
        outcome = text("\nfirst: ").append_text(_first_text(comparison, result))
        if result.lead_days is not None:
            outcome.append(f", by {lead_words(result)}")
        grid.add_row(heading, outcome)
        for side, cell in zip(comparison.sides, _event_cells(result), strict=True):
            grid.add_row(text(f"  {side.name}"), cell)
    return grid
