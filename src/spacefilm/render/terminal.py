"""Rich output for people: coloured tables, and one event in full. Imported only when something is drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text

from ..model import Event, Names, Source
from ..vocab import STATUS_MARK
from .claims import dispute_words, quote_translation_words, translation_words
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
# What a line under another is indented by: a dispute's sources under the dispute.
INDENT = 2


class Address(NamedTuple):
    """A source's address: drawn whole on a line of its own (never wrapped, so it can be copied or clicked)."""

    url: str
    indent: int = 0


class Field(NamedTuple):
    """A line of `show`: a label (or none, going on with the field above) and a value, indented under it or not."""

    label: str
    value: Text | Address
    indent: int = 0


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
    fields = _fields(names, event)
    label_width = max(len(field.label) for field in fields)
    event_id = text(event.id, "dim")
    event_id.no_wrap, event_id.overflow = True, "ignore"  # (an id is never cut, however narrow)
    parts: list[RenderableType] = [text(event.title, "bold"), event_id, Text("")]
    grid: Table | None = None
    for label, value, indent in fields:
        if isinstance(value, Address):
            grid = None
            link = Style(underline=True, link=output.link(value.url))
            margin = " " * ((INDENT if narrow else label_width + 2) + value.indent)
            parts.append(Text(margin, no_wrap=True, overflow="ignore").append_text(text(value.url, link)))
            continue
        if not value.plain:  # (a blank line between sources: no label, nor any space, on it)
            grid = None
            parts.append(Text(""))
            continue
        if narrow:
            if label:
                parts.append(Text(label, style="bold"))
            parts.append(Padding(value, (0, 0, 0, INDENT + indent)))
            continue
        if grid is None:
            grid = Table.grid(padding=(0, 2, 0, 0))  # (the gap on the right: Rich before 14.3 put it on both sides)
            grid.add_column(style="bold", no_wrap=True, width=label_width)
            grid.add_column(overflow="fold")
            parts.append(grid)
        grid.add_row(label, Padding(value, (0, 0, 0, indent)) if indent else value)
    return Group(*parts)


def _fields(names: Names, event: Event) -> list[Field]:
    """The lines of `show`, in order."""
    status = event.status + (f" ({STATUS_MARK[event.status]})" if event.status in STATUS_MARK else "")
    rows = [
        ("Date", _date_line(event)),
        ("Country", names.country_name(event.country)),
        ("Kind", event.kind),
        ("Status", status),
        ("Project", _project_line(names, event.project)),
        ("People", ", ".join(event.people)),
        ("Organizations", ", ".join(event.organizations)),
        ("Summary", event.summary),
        ("Notes", event.notes),
    ]
    fields = [Field(label, text(value)) for label, value in rows if value]
    for claim in event.claims:
        fields.append(
            Field("Claim" if claim.is_first else "Statement", text(f"\u201c{claim.claim}\u201d, by {claim.by}"))
        )
        if claim.english:
            fields.append(Field("", text(translation_words(claim.english), "dim")))
        for dispute in claim.disputed:  # (what contradicts the claim; under it, the sources that say so)
            fields.append(Field("", text(dispute_words(dispute), "bold")))
            for source in dispute.sources:
                fields += _source_lines(source, "", "source: ", INDENT)
    for number, source in enumerate(event.sources, start=1):
        fields.append(Field("", Text("")))
        fields += _source_lines(source, f"Source {number}")
    return fields


def _date_line(event: Event) -> str:
    """The date as people read it, then as written, its precision, and its first and last days where the date
    written does not give them already (a single day, or a range of days, is its own bounds)."""
    bounds = f"{event.earliest} to {event.latest or 'open'}"
    written = event.date.rstrip("~?%")
    own = written in (event.earliest, f"{event.earliest}/{event.latest}") and event.precision == "day"
    details = [event.date, f"{event.precision} precision", *([] if own else [bounds])]
    return f"{event.display}  ({'; '.join(details)})"


def _source_lines(source: Source, label: str, lead: str = "", indent: int = 0) -> list[Field]:
    """A source: its title and publisher, its address, its quote and our translation of it."""
    heading = text(lead + source.title)
    if source.publisher:
        heading.append_text(text(f" ({source.publisher})", "dim"))
    heading.overflow = "ellipsis"  # (a title that is one long word, a slug, is cut, not split: its address follows)
    lines = [Field(label, heading, indent)]
    if source.url:
        lines.append(Field("", Address(source.url, indent)))
    if source.quote:
        lines.append(Field("", text(f"\u201c{source.quote}\u201d", "italic"), indent))
    if source.translation:
        lines.append(Field("", text(quote_translation_words(source.translation), "dim"), indent))
    return lines


def _project_line(names: Names, project_id: str | None) -> str:
    if project_id is None:
        return ""
    project = names.projects.get(project_id)
    if project is not None and project.original_title:
        return f"{project.title} ({project.original_title})"
    return names.project_title(project_id)
