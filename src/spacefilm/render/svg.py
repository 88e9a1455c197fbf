"""`chart --svg`: the timeline drawn for the page, as plain SVG written with xml.etree.

Drawn for the width it is shown at (1200 pixels, or an article column's 680): no text under 12 pixels at that
width, and under NARROW pixels the lane names go above their lanes rather than beside them. Time runs left to right
on the scale of render/timescale.py (the terminal chart's): long empty stretches cut out and the cut drawn and named on
both sides; a stretch drawn larger than the slowest says by how much. One lane per country (or per project); inside
a lane, events are packed into rows so that no label touches another label or mark. A mark's shape says the date's
precision: a dot for a day, a bar for days, a soft band for a month or a year (when in it is not known); hollow or
dashed for a plan, and its label says "planned" or "never happened". Each label starts with the date, so nothing
needs hovering. Past DENSITY_ROWS events, a lane shows how many events fall where, and the picture says so.

For screen readers: a <desc> says what the picture shows; the marks are a list, in date order, each a link named by
its date and title.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import add, itemgetter, sub, truediv
from urllib.parse import quote

from ..model import Event, Groups, Names, groups_of
from . import timescale
from .axis_words import DENSITY_ROWS, density_words, scale_words
from .markup import default_title, extent, first_link, fit, one_line, status_words, text_width, xml_text
from .timescale import Scale

WIDTH = 1200
NARROW = 900  # narrower than this, a lane's name is drawn above it, not in a column beside it
SMALLEST = 12.0  # no text is drawn smaller (at the width the picture is drawn for)
MARGIN = 24
# Labels are measured in DejaVu Sans (render/markup.py), so it comes first: where it is installed a label fills
# exactly the room it was cut to; elsewhere the fonts after it are narrower, and a label still fits.
FONT = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif"
# Okabe and Ito's colour-blind-safe hues, darkened where needed so that every mark has 3:1 contrast or more on the
# lanes' grey. Beyond them, a country's marks are drawn in ink and its letter starts each label: no colour repeats.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#B8438A", "#A6761D", "#6A3D9A", "#555555", "#8B5A2B")
INK, MUTED, RULE, GRID, LANE_FILL = "#1a1a1a", "#5a5a5a", "#c8c8c8", "#b4b4b4", "#f3f3f3"
KEY = "#8c8c8c"  # the legend's shapes: a neutral no country is drawn in (the palette's grey is darker, ink darkest)
LABEL_SIZE = AXIS_SIZE = NOTE_SIZE = SMALLEST
LANE_SIZE = 13.0
BOLD = 1.08  # bold text is about this much wider
ROW = 22  # height of a row of marks
LANE_PAD = 6
BREAK = 30  # pixels between two kept stretches of time
MIN_STRETCH = 120  # pixels a kept stretch gets at least
MIN_LABEL = 120  # pixels a label gets at least on the side it is drawn
LABEL_GAP = 6  # between a mark and its label
ROW_GAP = 10  # between two things sharing a row
TICK_SPACE = 8  # between two labels of the axis
MIN_BAR, MIN_SOFT = 4.0, 8.0  # narrowest drawn widths of a day interval and of a month or year
BIN = 2.0  # pixels of time a bar of a density lane counts
DENSITY_HEIGHT = 40.0
STATUS_LABEL = {"planned": "planned: ", "unrealized": "never happened: "}


@dataclass(frozen=True)
class Mark:
    """An event's mark and label, placed: shape is point, bar or soft; x0-x1 the mark, lo-hi all it covers."""

    event: Event
    shape: str
    x0: float
    x1: float
    open_end: bool
    when: str  # the date, drawn bold at the start of the label
    label: str  # what follows it (cut to the room)
    label_x: float
    anchor: str  # start: the label is right of the mark; end: left of it
    lo: float
    hi: float


class Skyline:
    """How deep a lane's rows are filled at each x: a step function kept as sorted breakpoints. A mark goes in the
    first row below every mark already placed that it would come near; asking and filling cost a binary search and
    the steps under the mark (not a scan of every mark placed)."""

    def __init__(self) -> None:
        self.xs: list[float] = [float("-inf")]
        self.depths: list[int] = [0]

    def depth(self, lo: float, hi: float) -> int:
        """The first row free over [lo, hi)."""
        i = bisect_right(self.xs, lo) - 1
        deepest = 0
        while i < len(self.xs) and self.xs[i] < hi:
            deepest = max(deepest, self.depths[i])
            i += 1
        return deepest

    def fill(self, lo: float, hi: float, depth: int) -> None:
        """Rows down to depth - 1 taken over [lo, hi)."""
        after = self.depths[bisect_right(self.xs, hi) - 1]
        first, last = bisect_left(self.xs, lo), bisect_right(self.xs, hi)
        self.xs[first:last] = [lo, hi]
        self.depths[first:last] = [depth, after]


@dataclass(frozen=True)
class Lane:
    name: str
    lines: tuple[str, ...]  # the name, wrapped to the label column (one line above the lane when narrow)
    note: str  # how many events, or the project's country
    rows: tuple[tuple[Mark, ...], ...]
    country: str | None  # the lane's country (for a density lane's colour)
    counts: tuple[int, ...] = ()  # density: events in each BIN of the plot


@dataclass(frozen=True)
class Layout:
    width: int
    narrow: bool
    label_column: float
    plot: tuple[float, float]


def _layout(catalog: Names, groups: Groups, by_project: bool, width: int) -> Layout:
    if width < NARROW:
        return Layout(width, True, 0.0, (float(MARGIN), width - MARGIN - 8.0))
    column = _label_column(catalog, groups, by_project)
    return Layout(width, False, column, (MARGIN + column + 16.0, width - MARGIN - 8.0))


def label_text(event: Event, letter: str | None) -> tuple[str, str]:
    """The date, and what follows it: a letter (a country beyond the palette), the status in words, the title."""
    prefix = f"{letter} \u00b7 " if letter else ""
    return one_line(event.display or event.date), prefix + STATUS_LABEL.get(event.status, "") + one_line(event.title)


def _label_width(when: str, rest: str) -> float:
    return text_width(when, LABEL_SIZE) * BOLD + text_width(" " + rest, LABEL_SIZE)


def _fit_label(when: str, rest: str, room: float) -> str | None:
    """What follows the date, cut to the room; None when not even the date fits."""
    date_width = text_width(when, LABEL_SIZE) * BOLD
    if date_width > room:
        return None
    left = room - date_width - text_width(" ", LABEL_SIZE)
    if text_width(rest, LABEL_SIZE) <= left:
        return rest
    return fit(rest, left, LABEL_SIZE, words=True) if left >= text_width("Ab\u2026", LABEL_SIZE) else ""


def _placements(
    event: Event, span: tuple[date, date], scale_: Scale, plot: tuple[float, float], letter: str | None
) -> list[Mark]:
    """Where an event's mark goes, with its label right of it or left of it (each as long as the room that side
    has, up to the whole title; a side with too little room left out): the side that shows more first, right on a
    tie."""
    x0, x1 = scale_.span(*span)
    if event.precision == "day" and span[0] == span[1] and event.latest:
        shape, x0, x1 = "point", (x0 + x1) / 2 - 5.5, (x0 + x1) / 2 + 5.5
    else:
        shape = "bar" if event.precision == "day" else "soft"
        least = MIN_BAR if shape == "bar" else MIN_SOFT
        if x1 - x0 < least:
            middle = (x0 + x1) / 2
            x0, x1 = middle - least / 2, middle + least / 2
    right = x1 + (12 if event.latest is None else 0)  # an open end's arrow
    when, rest = label_text(event, letter)
    after, before = plot[1] - right - LABEL_GAP, x0 - LABEL_GAP - plot[0]
    found = []
    if after >= MIN_LABEL or after >= before:
        label = _fit_label(when, rest, after)
        if label is not None:
            hi = right + LABEL_GAP + _label_width(when, label)
            found.append(
                Mark(event, shape, x0, x1, event.latest is None, when, label, right + LABEL_GAP, "start", x0, hi)
            )
    if before >= MIN_LABEL or before > after:
        label = _fit_label(when, rest, before)
        if label is not None:
            lo = x0 - LABEL_GAP - _label_width(when, label)
            found.append(
                Mark(event, shape, x0, x1, event.latest is None, when, label, x0 - LABEL_GAP, "end", lo, right)
            )
    if not found:  # no room for a date on either side: the mark alone
        found.append(Mark(event, shape, x0, x1, event.latest is None, "", "", right, "start", x0, right))
    return sorted(found, key=lambda mark: -len(mark.label))


def _pack(candidates: Sequence[list[Mark]]) -> tuple[tuple[Mark, ...], ...]:
    """Rows in which no two marks (with their labels) come closer than ROW_GAP, read down in date order: events are
    packed in date order, each in the first row below every earlier mark it would come near, so that of two marks
    one above the other the upper is never the later. Each is placed with its label at its longest (the side with
    more room), then in the higher row, then right of its mark: a label is cut only by the picture's edge, never to
    share a row. Past DENSITY_ROWS events no packing is done at all."""
    skyline = Skyline()
    rows: list[list[Mark]] = []
    ordered = sorted(candidates, key=lambda marks: (marks[0].event.earliest or "", marks[0].event.latest or "9999"))
    for placements in ordered:
        longest = max(len(mark.label) for mark in placements)
        row, mark = min(
            ((skyline.depth(mark.lo, mark.hi + ROW_GAP), mark) for mark in placements if len(mark.label) == longest),
            key=lambda found: (found[0], found[1].anchor != "start"),
        )
        skyline.fill(mark.lo, mark.hi + ROW_GAP, row + 1)
        if row == len(rows):
            rows.append([])
        rows[row].append(mark)
    return tuple(tuple(sorted(row, key=lambda mark: mark.lo)) for row in rows)


def _lane_keys(catalog: Names, groups: Groups, by_project: bool) -> list[str | None]:
    """The lanes: per country in the order the dataset declares them, or per project (events of none last); any
    other after them, in the order they first appear."""
    present = groups.appear("projects" if by_project else "countries")
    order: list[str | None] = [*catalog.projects, None] if by_project else list(catalog.countries)
    declared = set(order)
    return [key for key in order if key in present] + [key for key in present if key not in declared]


def _lanes(
    catalog: Names,
    groups: Groups,
    placements: list[list[Mark]] | None,
    counts: list[list[int]] | None,
    by_project: bool,
    layout: Layout,
) -> list[Lane]:
    """A lane per country or per project: its marks packed in rows (a group an event, `placements` of each), or
    (density) its counts."""
    keys = groups.projects if by_project else groups.countries
    lane_keys = _lane_keys(catalog, groups, by_project)
    members: dict[str | None, list[int]] = {key: [] for key in lane_keys}
    if placements is not None:
        for index, key in enumerate(keys):
            members[key].append(index)
    # Every country of a project's events, in the order they first appear; how many events a country has.
    countries_of: dict[str | None, list[str]] = {}
    if by_project:
        for project, country in groups.appear("lanes"):
            countries_of.setdefault(project, []).append(country)
    sizes = dict.fromkeys(lane_keys, 0)  # (a country's events)
    for key, events_of_group in zip(keys, groups.counts, strict=True) if not by_project else ():
        sizes[key] += events_of_group
    lanes = []
    for number, key in enumerate(lane_keys):
        if by_project:
            name = catalog.project_title(key) if key is not None else "No project"
            countries = countries_of[key]
            note = ", ".join(dict.fromkeys(map(catalog.country_name, countries)))
            country = countries[0] if len(countries) == 1 else None
        else:
            name = catalog.country_name(key or "")
            count = sizes[key]
            note = f"{count:,} event{'s' if count != 1 else ''}"
            country = key
        name = one_line(name)
        lines = (
            (fit(f"{name} \u00b7 {one_line(note)}", layout.plot[1] - MARGIN, LANE_SIZE),)
            if layout.narrow
            else _wrap(name, layout.label_column, LANE_SIZE)
        )
        rows = _pack([placements[i] for i in members[key]]) if placements is not None else ()
        found = tuple(counts[number]) if counts is not None else ()
        lanes.append(Lane(name, lines, one_line(note), rows, country, found))
    return lanes


def country_colours(catalog: Names, events: Sequence[Event] | Groups) -> tuple[dict[str, str], dict[str, str]]:
    """A colour per country, in the order the dataset declares them (stable whatever the filters keep), none used
    twice; countries beyond the palette are drawn in ink, each with a letter of its own."""
    appearing = groups_of(events).appear("countries")
    present = set(appearing)
    order = [c for c in dict.fromkeys([*catalog.countries, *appearing]) if c in present]
    colours, letters = {}, {}
    for index, country in enumerate(order):
        colours[country] = PALETTE[index] if index < len(PALETTE) else INK
    taken: set[str] = set()
    for country in order[len(PALETTE) :]:
        name = catalog.country_name(country).upper()
        free = [c for c in (*name, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ") if c.isalpha() and c not in taken]
        letters[country] = free[0] if free else str(len(taken) + 1)
        taken.add(letters[country])
    return colours, letters


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _element(
    parent: ElementTree.Element, tag: str, content: str | None = None, /, **attributes: object
) -> ElementTree.Element:
    """A child element; attribute names use _ for - (font_size is font-size), values are numbers or text."""
    element = ElementTree.SubElement(
        parent,
        tag,
        {
            name.rstrip("_").replace("_", "-"): _number(value) if isinstance(value, float | int) else str(value)
            for name, value in attributes.items()
        },
    )
    if content is not None:
        element.text = xml_text(content)
    return element


def tooltip(catalog: Names, event: Event) -> str:
    """What pointing at a mark says: date as displayed, title, country, project, kind, status."""
    about = [catalog.country_name(event.country)]
    if event.project:
        about.append(catalog.project_title(event.project))
    about += [event.kind, status_words(event)]
    return f"{event.display}: {one_line(event.title)}\n" + " \u00b7 ".join(one_line(part) for part in about)


def svg_timeline(
    catalog: Names,
    events: Sequence[Event],
    *,
    by_project: bool = False,
    title: str | None = None,
    width: int = WIDTH,
) -> str:
    """The events as a standalone SVG document drawn for `width` pixels; each mark links to its first source."""
    root = svg_element(catalog, events, by_project=by_project, title=title, width=width)
    indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def svg_element(
    catalog: Names,
    events: Sequence[Event],
    *,
    by_project: bool = False,
    title: str | None = None,
    link_to_entries: bool = False,
    headed: bool = True,
    width: int = WIDTH,
) -> ElementTree.Element:
    """The picture as an <svg> element. link_to_entries: a mark links to #id (the page's entry), not its source;
    headed: the title and a line on what is shown are drawn above the axis (a page says them itself)."""
    # What the picture reads of the events, a group of them at a time (model.groups_of: an event each, or counted).
    groups = groups_of(events)
    heading = one_line(title) if title is not None else default_title(catalog, groups)
    root = ElementTree.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "font-family": FONT,
            "role": "graphics-document",
            "class": "spacefilm-timeline",
        },
    )
    _element(root, "title", heading)
    if not events:
        _element(root, "desc", "No events to draw.")
        _element(root, "rect", width=width, height=120, fill="#ffffff")
        _heading(root, heading, width, 40)
        _element(root, "text", "No events to draw.", x=MARGIN, y=76, font_size=14, fill=MUTED)
        _size(root, width, 120)
        return root
    described = _element(root, "desc")
    colours, letters = country_colours(catalog, groups)
    spans = timescale.day_spans(groups.derived)  # each date's
    layout = _layout(catalog, groups, by_project, width)
    by_day = groups.by_day
    scale_ = timescale.fit(
        list(map(spans.__getitem__, by_day)), *layout.plot, gap=BREAK, least=MIN_STRETCH, weights=list(by_day.values())
    )
    dense = len(events) > DENSITY_ROWS
    if dense:
        placements = None
        counts = _density(groups, _lane_keys(catalog, groups, by_project), spans, scale_, by_project, layout)
    else:
        placements = [
            _placements(event, spans[event.date], scale_, layout.plot, letters.get(event.country)) for event in events
        ]
        counts = None
    lanes = _lanes(catalog, groups, placements, counts, by_project, layout)
    lanes_are = "a lane per project" if by_project else "a lane per country"
    most = max(max(lane.counts, default=0) for lane in lanes) or 1
    said_density = density_words(len(events), "project" if by_project else "country", most, "bar") if dense else ""
    spread = extent(events, groups)
    described.text = xml_text(
        f"{spread}; {lanes_are} ("
        + "; ".join(f"{lane.name}: {lane.note}" for lane in lanes)
        + f"). Time runs left to right. {scale_words(scale_, 'pixel', '//')} "
        + (said_density or "Each event is a mark with its date and title beside it, listed in date order.")
    )

    background = _element(root, "rect", width=width, fill="#ffffff")
    header = 0.0
    if headed:
        _heading(root, heading, width, 36)
        subtitle = fit(f"{spread}; {lanes_are}", width - 2 * MARGIN, 13)
        _element(root, "text", subtitle, x=MARGIN, y=58, font_size=13, fill=MUTED)
        header = 60.0
    axis_y = header + 34.0
    zoom = bool(scale_.enlarged())
    top = axis_y + (26.0 if zoom else 8.0)
    heights = [_lane_height(lane, layout) for lane in lanes]
    bottom = top + sum(heights)
    lane_tops = list(itertools.accumulate([top, *heights]))[:-1]
    for index, (y, height) in enumerate(zip(lane_tops, heights, strict=True)):
        if index % 2 == 0:
            _element(root, "rect", x=MARGIN, y=y, width=width - 2 * MARGIN, height=height, fill=LANE_FILL)
    _grid(root, scale_, axis_y, top, bottom)
    _breaks(root, scale_, list(spans.values()), axis_y, top, bottom)
    names = _element(root, "g", class_="lanes")
    for index, (lane, y) in enumerate(zip(lanes, lane_tops, strict=True)):
        _lane(names, lane, y, LANE_FILL if index % 2 == 0 else "#ffffff", layout)
    if dense:
        for lane, y, height in zip(lanes, lane_tops, heights, strict=True):
            _draw_density(root, lane, y + height - LANE_PAD, most, layout, colours)
    else:
        _draw_marks(root, catalog, lanes, lane_tops, layout, colours, link_to_entries)
    _element(root, "line", x1=MARGIN, x2=width - MARGIN, y1=bottom, y2=bottom, stroke=RULE, aria_hidden="true")
    height = _legend(root, catalog, events, colours, letters, bottom + 30, scale_, layout, said_density) + 16
    background.set("height", _number(height))
    _size(root, width, height)
    return root


def indent(root: ElementTree.Element) -> None:
    """An element a line (a change to the picture reads as a diff), but a label's text as it is: its parts are
    tspans, and indenting them would put line breaks into what is drawn."""
    ElementTree.indent(root, space=" ")
    for text in root.iter("text"):  # (written without a namespace: the root declares it)
        if len(text):
            text.text = None
            for part in text:
                part.tail = None


def _heading(root: ElementTree.Element, heading: str, width: float, y: float) -> None:
    """The picture's title, in bold, cut to the width."""
    _element(
        root, "text", fit(heading, width - 2 * MARGIN, 20), x=MARGIN, y=y, font_size=20, font_weight="bold", fill=INK
    )


def _size(root: ElementTree.Element, width: int, height: float) -> None:
    root.set("width", str(width))
    root.set("height", _number(height))
    root.set("viewBox", f"0 0 {width} {_number(height)}")


def _label_column(catalog: Names, groups: Groups, by_project: bool) -> float:
    """Room for the lane names: the longest, between 90 and 190 pixels."""
    if by_project:
        names = {catalog.project_title(p) if p else "No project" for p in set(groups.projects)}
    else:
        names = {catalog.country_name(c) for c in set(groups.countries)}
    longest = max(text_width(one_line(name), LANE_SIZE) for name in names)
    return min(max(longest + 8, 90.0), 190.0)


def _wrap(text: str, room: float, size: float, most: int = 2) -> tuple[str, ...]:
    """Words in lines that fit `room`, at most `most` lines, the last cut with an ellipsis if need be."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines[most - 1 :] = [" ".join(lines[most - 1 :])]
    return tuple(fit(line, room, size) for line in lines)


def _lane_height(lane: Lane, layout: Layout) -> float:
    content = DENSITY_HEIGHT if lane.counts else len(lane.rows) * ROW
    if layout.narrow:
        return 24 + content + 2 * LANE_PAD
    return max(content + 2 * LANE_PAD, 28 + 16 * len(lane.lines))


def _content_top(lane: Lane, y: float, layout: Layout) -> float:
    return y + (24 if layout.narrow else 0) + LANE_PAD


def _lane(parent: ElementTree.Element, lane: Lane, y: float, halo: str, layout: Layout) -> None:
    """A lane's name and note: beside it, or (narrow) over it, on a halo of the lane's colour where it crosses a
    cut."""
    group = _element(parent, "g", class_="lane")
    _element(group, "title", lane.name)
    if layout.narrow:
        _element(
            group,
            "text",
            lane.lines[0],
            x=MARGIN + 6,
            y=y + 18,
            font_size=LANE_SIZE,
            font_weight="bold",
            fill=INK,
            stroke=halo,
            stroke_width=4,
            stroke_linejoin="round",
            paint_order="stroke",
        )
        return
    for number, line in enumerate(lane.lines):
        _element(
            group, "text", line, x=MARGIN + 6, y=y + 18 + 16 * number, font_size=LANE_SIZE, font_weight="bold", fill=INK
        )
    note_y = y + 34 + 16 * (len(lane.lines) - 1)
    note = fit(lane.note, layout.label_column, NOTE_SIZE)
    _element(group, "text", note, x=MARGIN + 6, y=note_y, font_size=NOTE_SIZE, fill=MUTED)


def _grid(root: ElementTree.Element, scale_: Scale, axis_y: float, top: float, bottom: float) -> None:
    """The axis: each stretch named at both ends, years or months between where their names have room, a light
    rule down the lanes at each; under a stretch drawn larger than the slowest, how many times."""
    rules = _element(root, "g", class_="grid", aria_hidden="true")
    axis = _element(root, "g", class_="axis", fill=INK, font_size=AXIS_SIZE, aria_hidden="true")
    for stretch in scale_.stretches:
        _element(axis, "line", x1=stretch.x0, x2=stretch.x1, y1=axis_y, y2=axis_y, stroke=INK)
    # The ends of the picture and the sides of each cut (a joined stretch's start is a year like any other).
    edges = [scale_.x0, scale_.x1, *(x for before, after in scale_.cuts for x in (before.x1, after.x0))]
    for tick in timescale.ticks(scale_, lambda text: text_width(text, AXIS_SIZE) * BOLD, TICK_SPACE):
        _element(axis, "text", tick.label, x=tick.x, y=axis_y - 9, font_weight="bold")
        edge = any(abs(tick.at - x) < 0.5 for x in edges)
        if not edge:
            _element(axis, "line", x1=tick.at, x2=tick.at, y1=axis_y - 5, y2=axis_y + 4, stroke=INK)
            _element(rules, "line", x1=tick.at, x2=tick.at, y1=top, y2=bottom, stroke=GRID, stroke_width=0.8)
    for stretch, times in scale_.enlarged():
        words = f"\u00d7{times:.1f}".removesuffix(".0")
        if text_width(words, AXIS_SIZE) + 4 < stretch.x1 - stretch.x0:
            _element(
                axis,
                "text",
                words,
                x=(stretch.x0 + stretch.x1) / 2,
                y=axis_y + 17,
                text_anchor="middle",
                fill=MUTED,
                class_="zoom",
            )


def _breaks(
    root: ElementTree.Element,
    scale_: Scale,
    spans: Sequence[tuple[date, date]],
    axis_y: float,
    top: float,
    bottom: float,
) -> None:
    """Where time is cut: a white gap down the lanes, a double slash across the axis, and what was left out."""
    for before, after in scale_.cuts:
        x0, x1 = before.x1, after.x0
        last_before = max(end for _, end in spans if end <= before.end)
        first_after = min(start for start, _ in spans if start >= after.start)
        group = _element(root, "g", class_="cut", aria_hidden="true")
        _element(group, "title", f"Time cut: no events between {last_before:%b %Y} and {first_after:%b %Y}")
        _element(group, "rect", x=x0 + 2, y=axis_y - 6, width=x1 - x0 - 4, height=bottom - axis_y + 6, fill="#ffffff")
        for x in (x0 + 2, x1 - 2):
            _element(group, "line", x1=x, x2=x, y1=top, y2=bottom, stroke=MUTED, stroke_dasharray="2 3")
        middle = (x0 + x1) / 2
        for dx in (-4, 4):
            _element(
                group,
                "line",
                x1=middle + dx - 4,
                x2=middle + dx + 4,
                y1=axis_y + 7,
                y2=axis_y - 7,
                stroke=INK,
                stroke_width=1.5,
            )


def _draw_marks(
    root: ElementTree.Element,
    catalog: Names,
    lanes: Sequence[Lane],
    lane_tops: Sequence[float],
    layout: Layout,
    colours: dict[str, str],
    link_to_entries: bool,
) -> None:
    """Every mark, in date order (the order a keyboard and a screen reader go through them), as a list."""
    placed = []
    for lane, y, index in zip(lanes, lane_tops, itertools.count(), strict=False):
        content = _content_top(lane, y, layout)
        fill = LANE_FILL if index % 2 == 0 else "#ffffff"
        for number, row in enumerate(lane.rows):
            middle = content + number * ROW + ROW / 2
            placed += [(mark, middle, fill) for mark in row]
    placed.sort(key=lambda found: (found[0].event.earliest or "", found[0].event.latest or "9999", found[1]))
    marks = _element(root, "g", class_="events", role="list", aria_label="The events, in date order")
    for mark, middle, fill in placed:
        item = _element(marks, "g", role="listitem")
        _draw_mark(item, catalog, mark, middle, colours[mark.event.country], link_to_entries, fill)


def _draw_mark(
    parent: ElementTree.Element,
    catalog: Names,
    mark: Mark,
    middle: float,
    colour: str,
    link_to_entries: bool,
    halo: str,
) -> None:
    event = mark.event
    url = "#" + fragment(event.id) if link_to_entries else first_link(event.sources)
    planned = event.status != "happened"
    attributes = {
        "class": "event",
        "data-event": xml_text(event.id),
        "data-precision": event.precision or "",
        "data-status": event.status,
        "aria-label": xml_text(tooltip(catalog, event).replace("\n", ". ")),
    }
    group = ElementTree.SubElement(parent, "a" if url else "g", attributes)
    if url:
        group.set("href", url)
    _element(group, "title", tooltip(catalog, event))
    _shape(group, mark.shape, mark.x0, mark.x1, middle, colour, planned)
    if mark.open_end:
        tip = mark.x1 + 11
        points = f"{_number(mark.x1 + 1)},{_number(middle - 6)} {_number(tip)},{_number(middle)} "
        points += f"{_number(mark.x1 + 1)},{_number(middle + 6)}"
        _element(group, "polygon", points=points, fill=colour, class_="open-end")
    if not mark.when:
        return
    text = _element(
        group,
        "text",
        None,
        x=mark.label_x,
        y=middle + 4,
        font_size=LABEL_SIZE,
        text_anchor=mark.anchor,
        fill=INK,
        class_="label",
        stroke=halo,
        stroke_width=3,
        stroke_linejoin="round",
        paint_order="stroke",
    )
    _element(text, "tspan", mark.when, font_weight="bold")
    if mark.label:
        tail = _element(text, "tspan", " " + mark.label)
        if planned:
            tail.set("font-style", "italic")


def _shape(
    parent: ElementTree.Element, shape: str, x0: float, x1: float, middle: float, colour: str, planned: bool
) -> None:
    """Dot, bar or soft band; a plan hollow (dot) or dashed (bar, band), in the country's colour."""
    hollow = {"fill": "#ffffff", "stroke": colour, "stroke_width": 2}
    if shape == "point":
        fill = hollow if planned else {"fill": colour, "stroke": "#ffffff", "stroke_width": 1}
        _element(parent, "circle", cx=(x0 + x1) / 2, cy=middle, r=(x1 - x0) / 2, class_="mark point", **fill)
    elif shape == "bar":
        fill = {**hollow, "stroke_dasharray": "4 2"} if planned else {"fill": colour}
        _element(parent, "rect", x=x0, y=middle - 5, width=x1 - x0, height=10, rx=2, class_="mark bar", **fill)
    else:
        # A soft band: a half-tone fill inside an outline of full colour: somewhere in this month or year. A plan's
        # band is hollow, its outline dashed, so that it never reads as a light month.
        fill = (
            {**hollow, "stroke_dasharray": "4 3"}
            if planned
            else {"fill": colour, "fill_opacity": 0.45, "stroke": colour, "stroke_width": 1.5}
        )
        _element(parent, "rect", x=x0, y=middle - 7, width=x1 - x0, height=14, rx=7, class_="mark soft", **fill)


def fragment(event_id: str) -> str:
    """An id as a URL fragment: what a fragment cannot hold, percent-encoded (a browser decodes it to match)."""
    return quote(xml_text(event_id), safe="-._~!$&'()*+,;=:@/?")


def _density(
    groups: Groups,
    lanes: list[str | None],
    spans: Mapping[str, tuple[date, date]],
    scale_: Scale,
    by_project: bool,
    layout: Layout,
) -> list[list[int]]:
    """Per lane, how many events cover each BIN pixels of the plot (from a list of changes: one pass over the
    groups of events, each span placed once)."""
    left = layout.plot[0]
    bins = int((layout.plot[1] - left) / BIN) + 1
    firsts = list(map(date.toordinal, map(_FIRST, spans.values())))
    lasts = list(map(date.toordinal, map(_LAST, spans.values())))
    begins, finishes = scale_.at(firsts), scale_.at(lasts, end=True)
    # As int((x0 - left) / BIN) and, for the last, int((x1 - left - 1e-6) / BIN), no less than the first: x1 is the
    # later of where the span begins and where it ends, and the later of the two gives the later bin.
    first_bin = dict(
        zip(begins, map(int, map(truediv, map(sub, begins.values(), repeat(left)), repeat(BIN))), strict=True)
    )
    end_bin = map(truediv, map(sub, map(sub, finishes.values(), repeat(left)), repeat(1e-6)), repeat(BIN))
    last_bin = dict(zip(finishes, map(int, end_bin), strict=True))
    starts = list(map(first_bin.__getitem__, firsts))
    ends = map(max, starts, map(last_bin.__getitem__, lasts))
    after = map(add, map(min, ends, repeat(bins - 1)), repeat(1))
    binned = dict(zip(spans, zip(map(min, starts, repeat(bins - 1)), after, strict=True), strict=True))
    changes = {key: [0] * (bins + 1) for key in lanes}
    for key, day, count in zip(
        groups.projects if by_project else groups.countries, groups.days, groups.counts, strict=True
    ):
        lane, (first, after) = changes[key], binned[day]
        lane[first] += count
        lane[after] -= count
    return [list(itertools.accumulate(changes[key][:-1])) for key in lanes]


def _draw_density(
    root: ElementTree.Element, lane: Lane, base: float, most: int, layout: Layout, colours: dict[str, str]
) -> None:
    """A lane's counts as bars rising from its foot, as tall as the events in them (the tallest of all lanes fills
    DENSITY_HEIGHT: lanes compare), in one path."""
    steps = []
    for index, count in enumerate(lane.counts):
        if count:
            height = _number(max(1.0, count * DENSITY_HEIGHT / most))
            steps.append(f"M{_number(layout.plot[0] + index * BIN)} {_number(base)}v-{height}h{_number(BIN)}v{height}z")
    colour = colours.get(lane.country or "", INK)
    _element(root, "path", d="".join(steps), fill=colour, class_="density", aria_hidden="true")


def _legend(
    root: ElementTree.Element,
    catalog: Names,
    events: Sequence[Event],
    colours: dict[str, str],
    letters: dict[str, str],
    y: float,
    scale_: Scale,
    layout: Layout,
    said_density: str,
) -> float:
    """What shapes and colours mean, then the scale in words, in lines that wrap; returns the y below it."""
    entries: list[tuple[str, str, str | None]] = []
    if not said_density:
        entries += [
            ("point", "a day", None),
            ("bar", "several days", None),
            ("soft", "a month or a year (the day is not known)", None),
            ("planned", "planned, or never happened", None),
        ]
        if any(e.latest is None for e in events):
            entries.append(("open", "no end yet", None))
    if scale_.cuts:
        entries.append(("cut", "years with no events, cut", None))
    entries.append(("newline", "", None))
    for country in colours:  # in the lanes' order
        letter = letters.get(country)
        name = catalog.country_name(country)
        entries.append(
            ("letter" if letter else "swatch", f"{letter} \u00b7 {name}" if letter else name, colours[country])
        )
    legend = _element(root, "g", class_="legend", font_size=LABEL_SIZE, fill=INK, aria_hidden="true")
    right = layout.width - MARGIN
    x = float(MARGIN)
    for shape, words, colour in entries:
        if shape == "newline":
            if x > MARGIN:
                x, y = MARGIN, y + 24
            continue
        words = fit(one_line(words), right - MARGIN - 30, LABEL_SIZE)
        width = 30 + text_width(words, LABEL_SIZE) + 22
        if x + width - 22 > right and x > MARGIN:
            x, y = MARGIN, y + 24
        _legend_sample(legend, shape, x, y, colour or KEY)
        _element(legend, "text", words, x=x + 30, y=y + 4)
        x += width
    y += 24
    for line in _wrap_all(f"{said_density} {scale_words(scale_, 'pixel', '//')}".strip(), right - MARGIN, LABEL_SIZE):
        _element(legend, "text", line, x=MARGIN, y=y + 4, fill=MUTED, class_="scale")
        y += 18
    return y


def _wrap_all(text: str, room: float, size: float) -> list[str]:
    """Words in as many lines as they need to fit `room`."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(fit(word, room, size))
    return lines


def _legend_sample(legend: ElementTree.Element, shape: str, x: float, y: float, colour: str) -> None:
    if shape in ("point", "bar", "soft"):
        widths = {"point": (x + 7, x + 18), "bar": (x, x + 24), "soft": (x, x + 24)}
        _shape(legend, shape, *widths[shape], y, colour, planned=False)
    elif shape == "planned":
        _shape(legend, "point", x, x + 9, y, colour, planned=True)
        _shape(legend, "soft", x + 13, x + 25, y, colour, planned=True)
    elif shape == "open":
        _shape(legend, "bar", x, x + 14, y, colour, planned=False)
        _element(legend, "polygon", points=f"{x + 15},{y - 6} {x + 25},{y} {x + 15},{y + 6}", fill=colour)
    elif shape == "cut":
        for dx in (8, 16):
            _element(legend, "line", x1=x + dx - 4, x2=x + dx + 4, y1=y + 7, y2=y - 7, stroke=INK, stroke_width=1.5)
    else:
        _element(legend, "rect", x=x + 6, y=y - 6, width=12, height=12, fill=colour)


_FIRST, _LAST = itemgetter(0), itemgetter(1)
