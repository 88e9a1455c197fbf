"""`spacefilm chart` in the terminal: a label column, then the plot laid out by spacefilm.render.chart, line by line.

Each line is a list of (text, style) segments: written plain, or coloured with Rich's styles turned into escape
codes once per style. No Rich layout per line: a chart of a million events is a million lines written as strings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from itertools import compress, repeat
from operator import attrgetter, is_

from ..model import Event, Names, groups_of
from .axis_words import DENSITY_ROWS, density_words, scale_words
from .chart import (
    BAR,
    PLAN_POINT,
    PLAN_SPAN,
    POINT,
    SPAN,
    Item,
    axis,
    axis_line,
    axis_of,
    density,
    density_line,
    marks,
    placed,
    row,
    tick_line,
    width_of,
)
from .cutting import at_word_end, word_start
from .output import Output
from .plain import country_styles, one_line, truncate, width
from .timescale import Scale, day_spans

LABEL_SHARE = 0.35  # of the columns, at most, for the labels
# A chart drawn for a pipe with no width is this wide.
PIPE_CHART_WIDTH = 100
Line = list[tuple[str, str]]  # (text, Rich style) segments


def items_of(events: Sequence[Event]) -> list[Item]:
    """The marks of the events; an open end (`2021/..`) runs to the last day any event reaches."""
    found = []
    for event, (earliest, latest) in zip(events, _spans(events), strict=True):
        planned = event.status != "happened"
        found.append(Item(one_line(event.title), earliest, latest, event.precision == "day", planned, event.country))
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
    letters: dict[str, str] | None = None,
) -> Iterator[Line]:
    """The picture, a line at a time: ticks, axis, a row per event (or project), the legend.

    letters: without colour, the letter that marks each country's events (beside each mark, and in the legend).
    """
    if dense(events, by_project):
        yield from density_chart(names, events, columns, by_project, styles)
        return
    rows = rows_of(names, events, by_project)
    longest = max(width(label) for label, _ in rows)
    label_width = min(longest, max(int(columns * LABEL_SHARE), 12))
    plot = axis([item for _, items in rows for item in items], max(columns - label_width - 2, 24))
    indent = " " * (label_width + 2)
    yield [(indent + tick_line(plot), "bold")]
    yield [(indent, ""), (axis_line(plot), "dim")]
    blank = " " + _blank_row(plot)  # a gutter column (a letter before a mark in the first column goes there), the plot
    # A label runs on over the empty plot before its row's first mark: one column short of it (and of its letter).
    firsts = [min(marks(item, plot)[0] for item in items) for _, items in rows]
    rooms = [max(label_width, label_width + 1 + first - bool(letters)) for first in firsts]
    for label, (_, items) in zip(distinct_labels([label for label, _ in rows], rooms), rows, strict=True):
        shown = max(label_width + 1, width(label) + 1)
        yield [
            (label + " " * (shown - width(label)), ""),
            *_drop(_plot(items, plot, blank, styles, letters), shown - label_width - 1),
        ]
    yield []
    yield from legend(names, events, styles, label_width + 2 + width_of(plot), letters)
    yield from _wrapped([(scale_words(plot, "column"), "dim")], label_width + 2 + width_of(plot))


def dense(events: Sequence[Event], by_project: bool) -> bool:
    """Too many rows to draw one an event (or project): the chart shows density, and needs only sketches (counted
    sketches too: the same sketch may stand for several events, see load/sketchbook.py)."""
    if not by_project:
        return len(events) > DENSITY_ROWS
    groups = groups_of(events)
    alone = sum(compress(groups.counts, map(is_, groups.projects, repeat(None))))  # (no project: a row each)
    return len(set(groups.projects) - {None}) + alone > DENSITY_ROWS


def _lane_of(names: Names, by_project: bool) -> Callable[[str | None], str]:
    """The name of the lane of a country (or project), each name worked out once."""
    found: dict[str | None, str] = {}

    def lane(key: str | None) -> str:
        if key not in found:
            if by_project:
                found[key] = one_line(names.project_title(key)) if key else "No project"
            else:
                found[key] = one_line(names.country_name(key or ""))
        return found[key]

    return lane


def density_chart(
    names: Names, events: Sequence[Event], columns: int, by_project: bool, styles: dict[str, str]
) -> Iterator[Line]:
    """Too many rows to draw one an event: a row per country (or project), each column as tall as the events that
    fall in it; and a line that says so. Read a group of events at a time (model.groups_of), each date placed once."""
    groups = groups_of(events)
    keys = groups.projects if by_project else groups.countries
    lane_of = _lane_of(names, by_project)
    named = {key: lane_of(key) for key in groups.appear("projects" if by_project else "countries")}
    lanes = list(dict.fromkeys(named.values()))
    country: dict[str, str] = {}  # a lane's colour: the country of its last event
    if by_project:
        sizes = dict.fromkeys(lanes, 0)
        for key, events_of_group in zip(keys, groups.counts, strict=True):
            sizes[named[key]] += events_of_group
        lanes.sort(key=lambda label: (label == "No project", -sizes[label]))
    elif len(lanes) == len(named):
        country = {label: key for key, label in named.items() if key is not None}
    else:  # (two countries of one name)
        for key in groups.appear_last("countries"):
            country[named[key]] = key
    label_width = min(max(width(label) for label in lanes), max(int(columns * LABEL_SHARE), 12))
    spans = day_spans(groups.derived)
    by_day = groups.by_day
    plot = axis_of(list(map(spans.__getitem__, by_day)), max(columns - label_width - 2, 24), list(by_day.values()))
    columns_of = placed(plot, spans)  # each date's first and last column
    found = {label: defaultdict[tuple[int, int], int](int) for label in lanes}  # each lane's events by columns
    lane_of_group = map(found.__getitem__, map(named.__getitem__, keys))
    for lane, columns_of_group, events_of_group in zip(
        lane_of_group, map(columns_of.__getitem__, groups.days), groups.counts, strict=True
    ):
        lane[columns_of_group] += events_of_group
    counts = {label: density(found[label].items(), width_of(plot)) for label in lanes}
    most = max(max(found) for found in counts.values())
    indent = " " * (label_width + 2)
    full = label_width + 2 + width_of(plot)
    yield from _wrapped(
        [(density_words(len(events), "country" if not by_project else "project", most, "column"), "")], full
    )
    yield []
    yield [(indent + tick_line(plot), "bold")]
    yield [(indent, ""), (axis_line(plot), "dim")]
    cuts = [int(stretch.x1) + 1 for stretch, _ in plot.cuts]
    for label, label_cut in zip(counts, distinct_labels(list(counts), label_width), strict=True):
        cells = list(density_line(counts[label], most))
        for cut in cuts:
            cells[cut] = "\u250a"
        style = styles.get(country.get(label, ""), "")
        yield [(label_cut + " " * (label_width - width(label_cut)) + "  ", ""), ("".join(cells).rstrip(), style)]
    yield []
    yield from _wrapped([(scale_words(plot, "column"), "dim")], full)


def _spans(events: Sequence[Event]) -> list[tuple[date, date]]:
    """Each event's first and last day; an open end runs to the last day any event reaches (timescale.day_spans)."""
    spans = day_spans(groups_of(events).derived)
    return list(map(spans.__getitem__, map(attrgetter("date"), events)))


def _wrapped(entries: list[tuple[str, str]], columns: int) -> Iterator[Line]:
    """Entries (text, style) as lines of at most `columns`, broken between words."""
    for text, style in entries:
        line = ""
        for word in text.split(" "):
            if line and width(line) + 1 + width(word) > columns:
                yield [(line, style)]
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            yield [(line, style)]


def distinct_labels(labels: list[str], columns: int | Sequence[int]) -> list[str]:
    """The labels cut to `columns` (one number for all, or one for each; in one step, however long), at the end of
    a word, no two alike: a cut that reads like an earlier one keeps the label's end too (`Peresild and…in
    Kazakhstan`), and failing that, a number."""
    rooms = [columns] * len(labels) if isinstance(columns, int) else columns
    seen: set[str] = set()
    fitted = []
    for label, room in zip(labels, rooms, strict=True):
        cut = cut_label(label, room)
        if cut in seen and cut != label:
            cut = _head_and_tail(label, room)
        number = 2
        while cut in seen:
            suffix = f" #{number}"
            cut = cut_label(label, room - len(suffix)) + suffix
            number += 1
        seen.add(cut)
        fitted.append(cut)
    return fitted


def cut_label(label: str, columns: int, least: float = 0.5) -> str:
    """The label cut to `columns` at the end of a word, with an ellipsis (inside a word only when the last word
    boundary would leave less than `least` of the room)."""
    cut = truncate(label, columns)
    if cut == label:
        return label
    return at_word_end(label, cut[:-1], least) + "\u2026"


def _head_and_tail(label: str, columns: int) -> str:
    head = cut_label(label, (columns + 1) // 2, least=0)[:-1]
    room = columns - width(head) - 1
    tail = ""
    for char in reversed(label):
        if width(tail) + width(char) > room:
            break
        tail = char + tail
    return head + "\u2026" + (word_start(tail) if tail != label else tail).lstrip()


def _blank_row(plot: Scale) -> str:
    return "".join(char for char, _ in row([], plot))


def _plot(items: list[Item], plot: Scale, blank: str, styles: dict[str, str], letters: dict[str, str] | None) -> Line:
    """A row's gutter column and plot, as segments: the common single mark cut into the blank row in one step.
    letters: each mark's country letter just before it (in the gutter for the first column), always that side."""
    if len(items) == 1 and letters is None:
        item = items[0]
        start, end, char = marks(item, plot)
        return [
            (blank[: start + 1], ""),
            (char * (end - start + 1), _style(item, styles)),
            (blank[end + 2 :].rstrip(), ""),
        ]
    cells: list[tuple[str, Item | None]] = [(" ", None), *row(items, plot)]
    said = None  # a row's marks of one country need its letter once, before the first
    for item in sorted(items, key=lambda i: i.earliest) if letters is not None else ():
        start = marks(item, plot)[0]  # its mark's first cell is start + 1, after the gutter
        if item.group != said and cells[start][1] is None:
            cells[start] = ((letters or {}).get(item.group, "?"), item)
            said = item.group
    line: Line = []
    for char, drawn in cells:
        style = "" if drawn is None else _style(drawn, styles)
        if line and line[-1][1] == style:
            line[-1] = (line[-1][0] + char, style)
        else:
            line.append((char, style))
    if line and not line[-1][1]:
        line[-1] = (line[-1][0].rstrip(), "")
    return line


def _drop(line: Line, count: int) -> Line:
    """The line without its first `count` characters (blank ones, where a long label runs on)."""
    kept: Line = []
    for text, style in line:
        if count >= len(text):
            count -= len(text)
            continue
        kept.append((text[count:], style))
        count = 0
    return kept


def _style(item: Item, styles: dict[str, str]) -> str:
    style = styles.get(item.group, "")
    return f"{style} dim" if item.planned else style


def legend(
    names: Names, events: Sequence[Event], styles: dict[str, str], columns: int, letters: dict[str, str] | None
) -> Iterator[Line]:
    """What the marks mean, then what the colours (or letters) mean, from a line of their own; each wrapped to the
    picture's width."""
    marks = [
        (f"{POINT} a day", "dim"),
        (f"{BAR} days", "dim"),
        (f"{SPAN} a month or a year (date not known to the day)", "dim"),
        (f"{PLAN_POINT} {PLAN_SPAN} planned or never happened", "dim"),
    ]
    countries = dict.fromkeys(e.country for e in events)
    key = letters or {}
    square = "\u25a0"
    named = [(f"{key.get(c, square)} {one_line(names.country_name(c))}", styles.get(c, "")) for c in countries]
    for entries in (marks, named):
        line: Line = []
        used = 0
        for entry, style in entries:
            if used and used + 3 + width(entry) > columns:
                yield line
                line, used = [], 0
            if used:
                line.append(("   ", ""))
                used += 3
            line.append((entry, style))
            used += width(entry)
        yield line


def columns_for(output: Output, asked: int | None) -> int:
    """The columns a chart fills: as asked, else the output's width (a terminal's, or COLUMNS), else 100."""
    return asked or output.width or PIPE_CHART_WIDTH


def country_letters(names: Names, events: Sequence[Event]) -> dict[str, str]:
    """A letter for each country the events name, told apart without colour: its name's first free letter."""
    letters: dict[str, str] = {}
    for country in groups_of(events).appear("countries"):
        name = names.country_name(country).upper()
        free = [c for c in (*name, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ") if c.isalpha() and c not in letters.values()]
        letters[country] = free[0] if free else "?"
    return letters


def draw(output: Output, names: Names, events: Sequence[Event], by_project: bool, columns: int) -> None:
    letters = None if output.colour else country_letters(names, events)
    lines = chart(names, events, columns, by_project, country_styles(names.countries), letters)
    paint = output.painter()
    output.lines(("".join(paint(text, style) for text, style in line) for line in lines), painted=True)


def save_pictures(
    names: Names,
    events: Sequence[Event],
    by_project: bool,
    svg: str | None,
    html: str | None,
    *,
    title: str | None = None,
    svg_width: int = 1200,
) -> list[str]:
    """The timeline drawn for the page (render/svg.py) and/or as a self-contained web page (render/page.py),
    written to the paths given; the paths written. Raises OSError (its filename the path given) when a file cannot
    be written, and then no file is changed."""
    drawings = []
    if svg is not None:
        from .svg import svg_timeline

        drawings.append((svg, svg_timeline(names, events, by_project=by_project, title=title, width=svg_width)))
    if html is not None:
        from .page import html_page

        drawings.append((html, html_page(names, events, by_project=by_project, title=title)))
    _write_all(drawings)
    return [path for path, _ in drawings]


def _write_all(files: list[tuple[str, str]]) -> None:
    from ..write import write_files

    write_files(files)
