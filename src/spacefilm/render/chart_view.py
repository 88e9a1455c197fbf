"""`spacefilm chart` drawn with Rich: a label column, then the plot laid out by spacefilm.chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from ..chart import BAR, PLAN_POINT, PLAN_SPAN, POINT, SPAN, Item, axis, axis_line, row, tick_line
from ..model import Catalog, Event
from .plain import one_line, width

LABEL_SHARE = 0.35  # of the columns, at most, for the labels


def items_of(events: Sequence[Event]) -> list[Item]:
    """The marks of the events; an open end (`2021/..`) runs to the last day any event reaches."""
    ends = [date.fromisoformat(e.latest or e.earliest or "") for e in events]
    last = max(ends)
    found = []
    for event in events:
        earliest = date.fromisoformat(event.earliest or "")
        latest = date.fromisoformat(event.latest) if event.latest else last
        planned = event.status != "happened"
        found.append(Item(one_line(event.title), earliest, latest, event.precision == "day", planned, event.country))
    return found


def rows_of(catalog: Catalog, events: Sequence[Event], by_project: bool) -> list[tuple[str, list[Item]]]:
    """(label, items) per row: one row per event, or per project (events of no project keep a row each)."""
    items = items_of(events)
    if not by_project:
        return [(item.label, [item]) for item in items]
    rows: dict[str, list[Item]] = {}
    for event, item in zip(events, items, strict=True):
        key = catalog.project_title(event.project) if event.project else item.label
        rows.setdefault(key, []).append(item)
    return list(rows.items())


def chart(
    catalog: Catalog,
    events: Sequence[Event],
    columns: int,
    by_project: bool,
    styles: dict[str, str],
    whole_labels: bool = False,
) -> Text:
    """The picture: ticks, axis, a row per event (or project), the legend. whole_labels: never cut a label."""
    rows = rows_of(catalog, events, by_project)
    longest = max(width(label) for label, _ in rows)
    label_width = longest if whole_labels else min(longest, max(int(columns * LABEL_SHARE), 12))
    plot = axis([item for _, items in rows for item in items], max(columns - label_width - 2, 24))
    picture = Text(no_wrap=True, overflow="ignore")
    indent = " " * (label_width + 2)
    picture.append(indent + tick_line(plot) + "\n", style="bold")
    picture.append(indent + axis_line(plot) + "\n", style="dim")
    for label, items in rows:
        picture.append(_fit(label, label_width) + "  ")
        _draw(picture, row(items, plot), styles)
        picture.append("\n")
    picture.append_text(legend(catalog, events, styles, label_width + 2 + plot.width))
    return picture


def _fit(label: str, columns: int) -> str:
    if width(label) <= columns:
        return label + " " * (columns - width(label))
    cut = label
    while width(cut) > columns - 1:
        cut = cut[:-1]
    return cut + "\u2026" + " " * (columns - 1 - width(cut))


def _draw(picture: Text, cells: list[tuple[str, Item | None]], styles: dict[str, str]) -> None:
    line = "".join(char for char, _ in cells).rstrip()
    picture.append(line)
    start = len(picture) - len(line)
    for position, (_, item) in enumerate(cells[: len(line)]):
        if item is not None:
            style = styles.get(item.group, "")
            picture.stylize(f"{style} dim" if item.planned else style, start + position, start + position + 1)


def legend(catalog: Catalog, events: Sequence[Event], styles: dict[str, str], columns: int) -> Text:
    """What the marks and colours mean, wrapped to the picture's width."""
    entries = [
        (f"{POINT} a day", "dim"),
        (f"{BAR} days", "dim"),
        (f"{SPAN} a month or year (uncertain)", "dim"),
        (f"{PLAN_POINT} {PLAN_SPAN} planned or never happened", "dim"),
    ]
    entries += [
        (f"\u25a0 {catalog.country_name(c)}", styles.get(c, "")) for c in dict.fromkeys(e.country for e in events)
    ]
    text, used = Text("\n"), 0
    for entry, style in entries:
        if used and used + 3 + width(entry) > columns:
            text.append("\n")
            used = 0
        if used:
            text.append("   ")
            used += 3
        text.append(entry, style=style)
        used += width(entry)
    return text
