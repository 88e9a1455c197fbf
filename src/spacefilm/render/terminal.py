"""Rich output for people: tables and panels. Imported only when something is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from ..model import Event, Names
from .output import Output, neutralise
from .plain import GAP, STATUS_MARK, Shape, layout, rule

if TYPE_CHECKING:
    from rich.panel import Panel
    from rich.style import Style

# A panel drawn for a pipe with no width wraps prose at this width.
READING_WIDTH = 100


def text(value: str | None, style: str | Style = "") -> Text:
    """Data as Rich text: never parsed as markup, control characters made visible."""
    return Text(neutralise(value or ""), style=style)


def print_rows(
    output: Output,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[Sequence[str]],
    shape: Shape,
) -> None:
    """A table laid out by render.plain (the layout pipes get), coloured by Rich, fitted to the terminal.

    One Text for the whole table: Rich's own Table costs about 12 ms for 40 rows, most of a fast start-up.
    """
    widths, lines = layout(headers, rows, output.width, shape)
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
    output.console().print(table, soft_wrap=True)


def event_panel(names: Names, event: Event, output: Output) -> Panel:
    """One event in full, as wide as the output (READING_WIDTH in a pipe with no width)."""
    from rich.panel import Panel
    from rich.style import Style
    from rich.table import Table

    bounds = f"{event.earliest} to {event.latest or 'open'}"
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    status = event.status + (f" ({STATUS_MARK[event.status]})" if event.status in STATUS_MARK else "")
    rows = [
        ("Date", f"{event.display}  ({event.date}; {event.precision} precision; {bounds})"),
        ("Country", names.country_name(event.country)),
        ("Kind", event.kind),
        ("Status", status),
        ("Project", _project_line(names, event.project)),
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
            link = Style(underline=True, link=source.url if output.hyperlinks else None)
            grid.add_row("", text(source.url, link))
        if source.quote:
            grid.add_row("", text(f"\u201c{source.quote}\u201d", "italic"))
        if source.translation:
            grid.add_row("", text(f"(our translation) {source.translation}", "dim"))
    title = text(event.title, "bold")
    return Panel(grid, title=title, subtitle=text(event.id), width=output.width or READING_WIDTH)


def _project_line(names: Names, project_id: str | None) -> str:
    if project_id is None:
        return ""
    project = names.projects.get(project_id)
    if project is not None and project.original_title:
        return f"{project.title} ({project.original_title})"
    return names.project_title(project_id)
