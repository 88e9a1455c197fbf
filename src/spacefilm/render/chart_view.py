"""`spacefilm chart` drawn with Rich: a label column, then the plot laid out by spacefilm.chart."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ..chart import BAR, PLAN_POINT, PLAN_SPAN, POINT, SPAN, Item, axis, axis_line, row, tick_line
from ..dates import OPEN_END
from ..model import Event, Names, bounds
from .output import Output
from .plain import country_styles, one_line, width

LABEL_SHARE = 0.35  # of the columns, at most, for the labels


def items_of(events: Sequence[Event]) -> list[Item]:
    """The marks of the events; an open end (`2021/..`) runs to the last day any event reaches."""
    spans = [bounds(event) for event in events]
    last = max(day for span in spans for day in span if day != OPEN_END)
    found = []
    for event, (earliest, latest) in zip(events, spans, strict=True):
        planned = event.status != "happened"
        end = last if latest == OPEN_END else latest
        found.append(Item(one_line(event.title), earliest, end, event.precision == "day", planned, event.country))
    return found


def rows_of(names: Names, events: Sequence[Event], by_project: bool) -> list[tuple[str, list[Item]]]:
    """(label, items) per row: one row per event, or per project (events of no project keep a row each)."""
    items = items_of(events)
    if not by_project:
        return [(item.label, [item]) for item in items]
    rows: dict[str, list[Item]] = {}
    for event, item in zip(events, items, strict=True):
        key = one_line(names.project_title(event.project)) if event.project else item.label
        rows.setdefault(key, []).append(item)
    return list(rows.items())


def chart(
    names: Names,
    events: Sequence[Event],
    columns: int,
    by_project: bool,
    styles: dict[str, str],
    whole_labels: bool = False,
) -> Text:
    """The picture: ticks, axis, a row per event (or project), the legend. whole_labels: never cut a label."""
    rows = rows_of(names, events, by_project)
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
    picture.append_text(legend(names, events, styles, label_width + 2 + plot.width))
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


def legend(names: Names, events: Sequence[Event], styles: dict[str, str], columns: int) -> Text:
    """What the marks and colours mean, wrapped to the picture's width."""
    entries = [
        (f"{POINT} a day", "dim"),
        (f"{BAR} days", "dim"),
        (f"{SPAN} a month or year (uncertain)", "dim"),
        (f"{PLAN_POINT} {PLAN_SPAN} planned or never happened", "dim"),
    ]
    countries = dict.fromkeys(e.country for e in events)
    entries += [(f"\u25a0 {one_line(names.country_name(c))}", styles.get(c, "")) for c in countries]
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


# A chart drawn for a pipe with no width is this wide.
PIPE_CHART_WIDTH = 100


def columns_for(output: Output, asked: int | None) -> int:
    """The columns a chart fills: as asked, else the output's width (a terminal's, or COLUMNS), else 100."""
    return asked or output.width or PIPE_CHART_WIDTH


def draw(output: Output, names: Names, events: Sequence[Event], by_project: bool, columns: int) -> None:
    picture = chart(names, events, columns, by_project, country_styles(names.countries))
    output.console().print(picture, soft_wrap=True)


def save_picture(
    names: Names, events: Sequence[Event], by_project: bool, columns: int, svg: str | None, html: str | None
) -> list[str]:
    """The chart with every label whole, recorded by Rich and written as SVG and/or HTML; the paths written.

    Raises OSError when a file cannot be written.
    """
    import io

    from rich.console import Console

    picture = chart(names, events, columns, by_project, country_styles(names.countries), whole_labels=True)
    columns = max(width(line) for line in picture.plain.splitlines())
    recorder = Console(record=True, width=columns, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    recorder.print(picture, soft_wrap=True)
    written = []
    for path, save in ((svg, recorder.save_svg), (html, recorder.save_html)):
        if path is not None:
            save(path, clear=False)
            written.append(path)
    return written
