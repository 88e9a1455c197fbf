"""Rich output for people: tables and panels. Imported only when something is drawn."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.text import Text

from ..dates import parse_edtf
from ..model import Catalog, Event
from .plain import GAP, STATUS_MARK, layout, neutralise, rule

if TYPE_CHECKING:
    from rich.panel import Panel

# A pipe has no width: lines are as long as their content, never cut at 80 columns.
PIPE_WIDTH = 100_000
READING_WIDTH = 100


def make_console(colour: bool | None, file: IO[str] | None = None) -> Console:
    stream = file or sys.stdout
    is_terminal = stream.isatty() if colour is None else colour
    return Console(
        file=stream,
        force_terminal=is_terminal,
        color_system="auto" if is_terminal else None,
        no_color=colour is False,
        width=None if stream.isatty() else PIPE_WIDTH,
        highlight=False,
        emoji=False,
        markup=False,
    )


def text(value: str | None, style: str = "") -> Text:
    """Data as Rich text: never parsed as markup, control characters made visible."""
    return Text(neutralise(value or ""), style=style)


def print_rows(
    console: Console, headers: Sequence[str], rows: Sequence[Sequence[str]], styles: Sequence[Sequence[str]]
) -> None:
    """A table laid out by render.plain (the layout pipes get), coloured by Rich, fitted to the terminal.

    One Text for the whole table: Rich's own Table costs about 12 ms for 40 rows, most of a fast start-up.
    """
    widths, lines = layout(headers, rows, console.width)
    table = Text(no_wrap=True, overflow="ignore")
    for index, cells in lines:
        for column, cell in enumerate(cells):
            if column:
                table.append(GAP)
            table.append(cell, style="bold" if index < 0 else styles[index][column])
        table.append("\n")
        if index < 0:
            table.append(rule(widths) + "\n", style="dim")
    table.rstrip()
    console.print(table, soft_wrap=True)


def emit(console: Console, renderable: RenderableType) -> None:
    """Print; off a terminal, without the padding Rich adds to the end of each line."""
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def event_panel(catalog: Catalog, event: Event, width: int) -> Panel:
    """One event in full, at most READING_WIDTH wide so notes and quotes wrap like prose."""
    from rich.panel import Panel
    from rich.table import Table

    when = parse_edtf(event.date)
    bounds = f"{when.earliest.isoformat()} to {when.iso_latest() or 'open'}"
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    status = event.status + (f" ({STATUS_MARK[event.status]})" if event.status in STATUS_MARK else "")
    rows = [
        ("Date", f"{event.display}  ({event.date}; {event.precision} precision; {bounds})"),
        ("Country", catalog.country_name(event.country)),
        ("Kind", event.kind),
        ("Status", status),
        ("Project", _project_line(catalog, event.project)),
        ("People", ", ".join(event.people)),
        ("Organizations", ", ".join(event.organizations)),
        ("Summary", event.summary),
        ("Notes", event.notes),
    ]
    for label, value in rows:
        if value:
            grid.add_row(label, text(value))
    for claim in event.claims:
        grid.add_row("Claim", text(f"\u201c{claim.claim}\u201d, by {claim.by}"))
    for number, source in enumerate(event.sources, start=1):
        grid.add_row("", "")
        heading = text(source.title)
        if source.publisher:
            heading.append_text(text(f" ({source.publisher})", "dim"))
        grid.add_row(f"Source {number}", heading)
        if source.url:
            grid.add_row("", text(source.url, "underline"))
        if source.quote:
            grid.add_row("", text(f"\u201c{source.quote}\u201d", "italic"))
        if source.translation:
            grid.add_row("", text(f"(our translation) {source.translation}", "dim"))
    title = text(event.title, "bold")
    return Panel(grid, title=title, subtitle=text(event.id), width=min(width, READING_WIDTH))


def _project_line(catalog: Catalog, project_id: str | None) -> str:
    if project_id is None:
        return ""
    project = catalog.projects.get(project_id)
    if project is not None and project.original_title:
        return f"{project.title} ({project.original_title})"
    return catalog.project_title(project_id)
