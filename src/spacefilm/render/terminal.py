"""Rich output for people: coloured tables, and one event in full. Imported only when something is drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..model import Event, Names, Source
from ..vocab import STATUS_MARK
from .claims import dispute_words, translation_words
from .output import Output, neutralise

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.style import Style

# A panel drawn for a pipe with no width wraps prose at this width.
READING_WIDTH = 100


def text(value: str | None, style: str | Style = "") -> Text:
    """Data as Rich text: never parsed as markup, control characters made visible."""
    return Text(neutralise(value or ""), style=style)


# Below this width, a field's label stands on a line of its own, above its value.
NARROW = 40


def event_view(names: Names, event: Event, output: Output) -> RenderableType:
    """One event in full, as wide as the output (READING_WIDTH in a pipe with no width): the title and id, then a
    label and a value a line; each source's address whole on a line of its own (never wrapped, so it can be
    copied or clicked; a terminal hyperlink where the terminal takes them)."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.style import Style
    from rich.table import Table

    width = output.width or READING_WIDTH
    narrow = width < NARROW
    label_width = max(len(label) for label, _ in _fields(names, event))
    event_id = text(event.id, "dim")
    event_id.no_wrap, event_id.overflow = True, "ignore"  # (an id is never cut, however narrow)
    parts: list[RenderableType] = [text(event.title, "bold"), event_id, Text("")]
    grid: Table | None = None
    for label, value in _fields(names, event):
        if isinstance(value, str):  # an address
            grid = None
            link = Style(underline=True, link=output.link(value))
            indent = "  " if narrow else " " * (label_width + 2)
            parts.append(Text(indent, no_wrap=True, overflow="ignore").append_text(text(value, link)))
            continue
        if narrow:
            if label:
                parts.append(Text(label, style="bold"))
            parts.append(Padding(value, (0, 0, 0, 2)))
            continue
        if grid is None:
            grid = Table.grid(padding=(0, 2, 0, 0))  # (the gap on the right: Rich before 14.3 put it on both sides)
            grid.add_column(style="bold", no_wrap=True, width=label_width)
            grid.add_column(overflow="fold")
            parts.append(grid)
        grid.add_row(label, value)
    return Group(*parts)


def _fields(names: Names, event: Event) -> list[tuple[str, Text | str]]:
    """Label and value of each line of `show`, in order; a value that is a str is a source's address."""
    bounds = f"{event.earliest} to {event.latest or 'open'}"
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
    fields: list[tuple[str, Text | str]] = [(label, text(value)) for label, value in rows if value]
    for claim in event.claims:
        fields.append(("Claim" if claim.is_first else "Statement", text(f"\u201c{claim.claim}\u201d, by {claim.by}")))
        if claim.english:
            fields.append(("", text(translation_words(claim.english), "dim")))
        for dispute in claim.disputed:  # (what contradicts the claim, with the sources that say so)
            fields.append(("", text(dispute_words(dispute), "bold")))
            for source in dispute.sources:
                fields += _source_lines(source, "")
    for number, source in enumerate(event.sources, start=1):
        fields.append(("", Text("")))
        fields += _source_lines(source, f"Source {number}")
    return fields


def _source_lines(source: Source, label: str) -> list[tuple[str, Text | str]]:
    """A source: its title and publisher, its address, its quote and our translation of it."""
    heading = text(source.title)
    if source.publisher:
        heading.append_text(text(f" ({source.publisher})", "dim"))
    lines: list[tuple[str, Text | str]] = [(label, heading)]
    if source.url:
        lines.append(("", source.url))
    if source.quote:
        lines.append(("", text(f"\u201c{source.quote}\u201d", "italic")))
    if source.translation:
        lines.append(("", text(f"(our translation) {source.translation}", "dim")))
    return lines


def _project_line(names: Names, project_id: str | None) -> str:
    if project_id is None:
        return ""
    project = names.projects.get(project_id)
    if project is not None and project.original_title:
        return f"{project.title} ({project.original_title})"
    return names.project_title(project_id)
