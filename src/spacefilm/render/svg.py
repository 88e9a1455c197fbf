"""`chart --svg`: the timeline drawn for the page, as plain SVG written with xml.etree.

Time runs left to right over a fixed 1200-pixel canvas. Long empty stretches of time are cut out of the axis (and
the cut drawn), and each kept stretch gets a width that follows both its length and how many events it holds, so
that 1984 and 2020-2021 both stay legible. One lane per country (or per project); inside a lane, events are packed
into rows so that no label touches another label or mark. A mark's shape says the date's precision: a dot for a
day, a bar for days, a soft band for a month or a year (when in it is not known); hollow or dashed for a plan.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from ..chart import cut_stretches
from ..dates import MONTH_ABBR, days_in_month
from ..model import Event, Names
from .markup import default_title, extent, first_link, fit, one_line, status_words, text_width, xml_text

WIDTH = 1200
MARGIN = 24
FONT = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
# Okabe and Ito's palette, safe for colour-blind readers; marks also differ in shape, for greyscale print.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555", "#8C6D00")
INK, MUTED, RULE, LANE_FILL = "#1a1a1a", "#5a5a5a", "#c8c8c8", "#f3f3f3"
LABEL_SIZE, AXIS_SIZE, LANE_SIZE = 12.0, 12.0, 13.0
ROW = 22  # height of a row of marks
LANE_PAD = 6
BREAK = 30  # pixels between two kept stretches of time
MIN_STRETCH = 90  # pixels a kept stretch gets at least
MAX_CUTS = 6
MAX_LABEL = 330  # pixels of an event's label at most (the tooltip and the page have the whole title)
MIN_LABEL = 120  # pixels a label gets at least on the side it is drawn
LABEL_GAP = 6  # between a mark and its label
ROW_GAP = 10  # between two things sharing a row
MIN_BAR, MIN_SOFT = 4.0, 8.0  # narrowest drawn widths of a day interval and of a month or year


@dataclass(frozen=True)
class Stretch:
    """A kept stretch of time (first and last day shown) and where it is drawn."""

    start: date
    end: date
    x0: float
    x1: float

    def left(self, day: date) -> float:
        """Where a day (within the stretch) begins."""
        days = (self.end - self.start).days + 1
        return self.x0 + (day - self.start).days / days * (self.x1 - self.x0)

    @property
    def per_day(self) -> float:
        return (self.x1 - self.x0) / ((self.end - self.start).days + 1)


@dataclass(frozen=True)
class Scale:
    stretches: tuple[Stretch, ...]

    def of(self, day: date) -> Stretch:
        """The stretch a day falls in (or the last)."""
        return next((stretch for stretch in self.stretches if day <= stretch.end), self.stretches[-1])

    def span(self, earliest: date, latest: date) -> tuple[float, float]:
        """From the beginning of the first day to the end of the last."""
        first, last = self.of(earliest), self.of(latest)
        start = first.left(max(earliest, first.start))
        end = last.x1 if latest >= last.end else last.left(latest + timedelta(days=1))
        return start, end


def kept_stretches(spans: Sequence[tuple[date, date]], cuts: int) -> list[tuple[date, date]]:
    """The stretches of time the spans cover, split at the `cuts` longest empty gaps of over two years and a
    twelfth of the whole, each stretch widened to whole months (to whole years when it lasts ten years or more)."""
    min_gap = max((max(end for _, end in spans) - min(start for start, _ in spans)).days // 12, 730)
    kept = cut_stretches(spans, cuts, min_gap, touching=1)
    return [_whole(start, end) for start, end in kept]


def _whole(start: date, end: date) -> tuple[date, date]:
    if (end - start).days >= 3652:
        return date(start.year, 1, 1), date(end.year, 12, 31)
    return start.replace(day=1), _month_end(end.year, end.month)


def _month_end(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


def scale(spans: Sequence[tuple[date, date]], x0: float, x1: float) -> Scale:
    """Fit the spans' time between x0 and x1: a stretch's width is 40% its share of time, 60% its share of events."""
    room = x1 - x0
    cuts = max(min(MAX_CUTS, int((room + BREAK) // (MIN_STRETCH + BREAK)) - 1), 0)
    kept = kept_stretches(spans, cuts)
    room -= BREAK * (len(kept) - 1)
    lengths = [(end - start).days + 1 for start, end in kept]
    counts = [sum(start <= s <= end for s, _ in spans) for start, end in kept]
    shares = [
        0.4 * length / sum(lengths) + 0.6 * count / len(spans) for length, count in zip(lengths, counts, strict=True)
    ]
    widths = _widths(shares, room)
    stretches, x = [], x0
    for (start, end), width in zip(kept, widths, strict=True):
        stretches.append(Stretch(start, end, x, x + width))
        x += width + BREAK
    return Scale(tuple(stretches))


def _widths(shares: list[float], room: float) -> list[float]:
    """Widths in proportion to shares, none under MIN_STRETCH, summing to room."""
    fixed: set[int] = set()
    while True:
        free = room - MIN_STRETCH * len(fixed)
        total = sum(share for i, share in enumerate(shares) if i not in fixed)
        widths = [MIN_STRETCH if i in fixed else free * share / total for i, share in enumerate(shares)]
        short = {i for i, width in enumerate(widths) if width < MIN_STRETCH} - fixed
        if not short:
            return widths
        fixed |= short


@dataclass(frozen=True)
class Mark:
    """An event's mark and label, placed: shape is point, bar or soft; x0-x1 the mark, lo-hi all it covers."""

    event: Event
    shape: str
    x0: float
    x1: float
    open_end: bool
    label: str
    label_x: float
    anchor: str  # start: the label is right of the mark; end: left of it
    lo: float
    hi: float


@dataclass(frozen=True)
class Lane:
    name: str
    lines: tuple[str, ...]  # the name, wrapped to the label column
    note: str  # under the name: how many events, or the project's country
    rows: tuple[tuple[Mark, ...], ...]


def _placements(event: Event, scale_: Scale, last: date, plot: tuple[float, float]) -> list[Mark]:
    """Where an event's mark goes, with its label right of it or left of it (each cut to the room that side has,
    a side with too little room left out): the side that shows more of the title first, right on a tie."""
    earliest = date.fromisoformat(event.earliest or "")
    latest = date.fromisoformat(event.latest) if event.latest else max(last, earliest)
    x0, x1 = scale_.span(earliest, latest)
    if event.precision == "day" and earliest == latest and event.latest:
        shape, x0, x1 = "point", (x0 + x1) / 2 - 5.5, (x0 + x1) / 2 + 5.5
    else:
        shape = "bar" if event.precision == "day" else "soft"
        least = MIN_BAR if shape == "bar" else MIN_SOFT
        if x1 - x0 < least:
            middle = (x0 + x1) / 2
            x0, x1 = middle - least / 2, middle + least / 2
    right = x1 + (12 if event.latest is None else 0)  # an open end's arrow
    title = one_line(event.title)
    after, before = plot[1] - right - LABEL_GAP, x0 - LABEL_GAP - plot[0]
    found = []
    if after >= MIN_LABEL or after >= before:
        label = fit(title, min(after, MAX_LABEL), LABEL_SIZE)
        hi = right + LABEL_GAP + text_width(label, LABEL_SIZE)
        found.append(Mark(event, shape, x0, x1, event.latest is None, label, right + LABEL_GAP, "start", x0, hi))
    if before >= MIN_LABEL or before > after:
        label = fit(title, min(before, MAX_LABEL), LABEL_SIZE)
        lo = x0 - LABEL_GAP - text_width(label, LABEL_SIZE)
        found.append(Mark(event, shape, x0, x1, event.latest is None, label, x0 - LABEL_GAP, "end", lo, right))
    return sorted(found, key=lambda mark: -len(mark.label))


def _pack(candidates: Sequence[list[Mark]]) -> tuple[tuple[Mark, ...], ...]:
    """Rows in which no two marks (with their labels) come closer than ROW_GAP. Each event goes in the first row
    with room for its label shown at its longest; else in the first with room for it cut shorter; else in a new
    row."""
    rows: list[list[Mark]] = []
    for placements in candidates:
        longest = [mark for mark in placements if len(mark.label) == len(placements[0].label)]
        placed = next(
            (
                (row, mark)
                for choices in (longest, placements)
                for row in rows
                for mark in choices
                if all(mark.lo >= other.hi + ROW_GAP or mark.hi + ROW_GAP <= other.lo for other in row)
            ),
            None,
        )
        if placed is None:
            rows.append([placements[0]])
        else:
            placed[0].append(placed[1])
    return tuple(tuple(row) for row in rows)


def _lanes(
    catalog: Names, events: Sequence[Event], marks: dict[str, list[Mark]], by_project: bool, column: float
) -> list[Lane]:
    """A lane per country, in the order the dataset declares them, or per project (events of none last)."""
    groups: dict[str | None, list[Event]] = {}
    if by_project:
        order: list[str | None] = [*catalog.projects, None]
        for event in events:
            groups.setdefault(event.project, []).append(event)
    else:
        order = list(catalog.countries)
        for event in events:
            groups.setdefault(event.country, []).append(event)
    keys = [key for key in order if key in groups] + [key for key in groups if key not in order]
    lanes = []
    for key in keys:
        members = groups[key]
        if by_project:
            name = catalog.project_title(key) if key is not None else "No project"
            note = ", ".join(dict.fromkeys(catalog.country_name(e.country) for e in members))
        else:
            name = catalog.country_name(key or "")
            note = f"{len(members)} event{'s' if len(members) != 1 else ''}"
        name = one_line(name)
        lanes.append(Lane(name, _wrap(name, column, LANE_SIZE), one_line(note), _pack([marks[e.id] for e in members])))
    return lanes


def _colours(catalog: Names, events: Sequence[Event]) -> dict[str, str]:
    """A colour per country, in the order the dataset declares them (stable whatever the filters keep)."""
    order = list(dict.fromkeys([*catalog.countries, *(e.country for e in events)]))
    return {country: PALETTE[index % len(PALETTE)] for index, country in enumerate(order)}


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
    catalog: Names, events: Sequence[Event], *, by_project: bool = False, title: str | None = None
) -> str:
    """The events as a standalone SVG document; each mark links to its first source."""
    root = svg_element(catalog, events, by_project=by_project, title=title)
    ElementTree.indent(root, space=" ")  # an element a line: a change to the picture reads as a diff
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def svg_element(
    catalog: Names,
    events: Sequence[Event],
    *,
    by_project: bool = False,
    title: str | None = None,
    link_to_entries: bool = False,
    headed: bool = True,
) -> ElementTree.Element:
    """The picture as an <svg> element. link_to_entries: a mark links to #id (the page's entry), not its source;
    headed: the title and a line on what is shown are drawn above the axis (a page says them itself)."""
    heading = one_line(title) if title is not None else default_title(catalog, events)
    root = ElementTree.Element(
        "svg",
        {"xmlns": "http://www.w3.org/2000/svg", "font-family": FONT, "role": "img", "class": "spacefilm-timeline"},
    )
    _element(root, "title", heading)
    if not events:
        _element(root, "rect", width=WIDTH, height=120, fill="#ffffff")
        _element(root, "text", heading, x=MARGIN, y=40, font_size=20, font_weight="bold", fill=INK)
        _element(root, "text", "No events to draw.", x=MARGIN, y=76, font_size=14, fill=MUTED)
        _size(root, 120)
        return root
    colours = _colours(catalog, events)
    spans = [_days(event, events) for event in events]
    label_column = _label_column(catalog, events, by_project)
    plot = (MARGIN + label_column + 16.0, WIDTH - MARGIN - 8.0)
    scale_ = scale(spans, *plot)
    last = max(end for _, end in spans)
    marks = {event.id: _placements(event, scale_, last, plot) for event in events}
    lanes = _lanes(catalog, events, marks, by_project, label_column)

    background = _element(root, "rect", width=WIDTH, fill="#ffffff")
    header = 0.0
    if headed:
        lanes_are = "a lane per project" if by_project else "a lane per country"
        _element(root, "text", heading, x=MARGIN, y=36, font_size=20, font_weight="bold", fill=INK)
        subtitle = f"{extent(events)}; {lanes_are}"
        _element(root, "text", subtitle, x=MARGIN, y=58, font_size=13, fill=MUTED)
        header = 60.0
    axis_y = header + (44.0 if any(map(_months_shown, scale_.stretches)) else 32.0)
    top = axis_y + 8
    bottom = top + sum(_lane_height(lane) for lane in lanes)
    _grid(root, scale_, axis_y, top, bottom)
    y = top
    for index, lane in enumerate(lanes):
        height = _lane_height(lane)
        _lane(root, lane, index, y, height, label_column, plot)
        y += height
    _breaks(root, scale_, spans, axis_y, top, bottom)
    y = top
    for lane in lanes:
        _draw_lane(root, catalog, lane, y, colours, link_to_entries)
        y += _lane_height(lane)
    _element(root, "line", x1=MARGIN, x2=WIDTH - MARGIN, y1=bottom, y2=bottom, stroke=RULE)
    height = _legend(root, catalog, events, colours, bottom + 30, scale_) + 16
    background.set("height", _number(height))
    _size(root, height)
    return root


def _size(root: ElementTree.Element, height: float) -> None:
    root.set("width", str(WIDTH))
    root.set("height", _number(height))
    root.set("viewBox", f"0 0 {WIDTH} {_number(height)}")


def _days(event: Event, events: Sequence[Event]) -> tuple[date, date]:
    """The days an event covers; an open end runs to the last day any event reaches."""
    earliest = date.fromisoformat(event.earliest or "")
    if event.latest:
        return earliest, date.fromisoformat(event.latest)
    reached = max(date.fromisoformat(e.latest or e.earliest or "") for e in events)
    return earliest, max(reached, earliest)


def _label_column(catalog: Names, events: Sequence[Event], by_project: bool) -> float:
    """Room for the lane names: the longest, between 90 and 190 pixels."""
    if by_project:
        names = [catalog.project_title(e.project) if e.project else "No project" for e in events]
    else:
        names = [catalog.country_name(e.country) for e in events]
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


def _lane_height(lane: Lane) -> float:
    return max(len(lane.rows) * ROW + 2 * LANE_PAD, 28 + 16 * len(lane.lines))


def _lane(
    root: ElementTree.Element,
    lane: Lane,
    index: int,
    y: float,
    height: float,
    label_column: float,
    plot: tuple[float, float],
) -> None:
    if index % 2 == 0:
        _element(root, "rect", x=MARGIN, y=y, width=WIDTH - 2 * MARGIN, height=height, fill=LANE_FILL)
    group = _element(root, "g", class_="lane")
    _element(group, "title", lane.name)
    for number, line in enumerate(lane.lines):
        _element(
            group,
            "text",
            line,
            x=MARGIN + 6,
            y=y + 18 + 16 * number,
            font_size=LANE_SIZE,
            font_weight="bold",
            fill=INK,
        )
    note_y = y + 33 + 16 * (len(lane.lines) - 1)
    _element(group, "text", fit(lane.note, label_column, 11), x=MARGIN + 6, y=note_y, font_size=11, fill=MUTED)


def _grid(root: ElementTree.Element, scale_: Scale, axis_y: float, top: float, bottom: float) -> None:
    """The axis: years above, months below where there is room, and a light rule down the lanes at each year
    named on its tick."""
    axis = _element(root, "g", class_="axis", fill=INK, font_size=AXIS_SIZE)
    for stretch in scale_.stretches:
        _element(axis, "line", x1=stretch.x0, x2=stretch.x1, y1=axis_y, y2=axis_y, stroke=INK)
        shown = _months_shown(stretch)
        _years(root, axis, stretch, axis_y - (22 if shown else 8), axis_y, (top, bottom))
        if shown:
            _months(axis, stretch, axis_y, stretch.per_day * 365.25 / 12)


def _months_shown(stretch: Stretch) -> bool:
    """Months are named where three months have room for a name."""
    return stretch.per_day * 365.25 / 12 >= 9


def _years(
    root: ElementTree.Element,
    axis: ElementTree.Element,
    stretch: Stretch,
    label_y: float,
    axis_y: float,
    lanes: tuple[float, float],
) -> None:
    """Every year named in the middle of its part of the stretch; where years are crowded, every 2, 5, 10... (and
    the first) named just after the tick where it begins."""
    per_year = stretch.per_day * 365.25
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if s * per_year >= 44), 1000)
    named_to = stretch.x0 - 4  # where the last name ends
    for year in range(stretch.start.year, stretch.end.year + 1):
        start = max(date(year, 1, 1), stretch.start)
        x = stretch.left(start)
        name = str(year)
        if start == date(year, 1, 1) and year % step == 0:
            _element(root, "line", x1=x, x2=x, y1=lanes[0], y2=lanes[1], stroke=RULE, stroke_width=0.8)
            _element(axis, "line", x1=x, x2=x, y1=axis_y - 6, y2=axis_y + 4, stroke=INK)
        if step == 1:
            # Over the middle of the year's part of the stretch, moved inside the stretch if need be.
            _, end = Scale((stretch,)).span(start, min(date(year, 12, 31), stretch.end))
            half = text_width(name, AXIS_SIZE) / 2
            middle = min(max((x + end) / 2, stretch.x0 + half), stretch.x1 - half)
            if middle - half >= named_to + 6:
                _element(axis, "text", name, x=middle, y=label_y, text_anchor="middle", font_weight="bold")
                named_to = middle + half
        elif _named(year, step, stretch) and x + text_width(name, AXIS_SIZE) + 3 < stretch.x1:
            _element(axis, "text", name, x=x + 3, y=label_y, font_weight="bold")


def _named(year: int, step: int, stretch: Stretch) -> bool:
    """Where every few years are named: those on the step, and the stretch's first when it has room before the
    next, so that each stretch says where it starts."""
    if year % step == 0:
        return stretch.start <= date(year, 1, 1)
    if year != stretch.start.year:
        return False
    following = year + step - year % step
    room = (stretch.left(date(following, 1, 1)) if following <= stretch.end.year else stretch.x1) - stretch.x0
    return room >= text_width(str(year), AXIS_SIZE) + 8


def _months(axis: ElementTree.Element, stretch: Stretch, axis_y: float, per_month: float) -> None:
    """Month ticks, and their names: each where a month has room for one, else January, April, July, October."""
    every = 1 if per_month >= 26 else 3
    year, month = stretch.start.year, stretch.start.month
    while (year, month) <= (stretch.end.year, stretch.end.month):
        x0, x1 = Scale((stretch,)).span(date(year, month, 1), _month_end(year, month))
        if month != 1:
            _element(axis, "line", x1=x0, x2=x0, y1=axis_y - 3, y2=axis_y, stroke=INK)
        if (month - 1) % every == 0:
            _element(
                axis,
                "text",
                MONTH_ABBR[month],
                x=(x0 + x1) / 2,
                y=axis_y - 6,
                text_anchor="middle",
                font_size=10.5,
                fill=MUTED,
            )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _breaks(
    root: ElementTree.Element,
    scale_: Scale,
    spans: Sequence[tuple[date, date]],
    axis_y: float,
    top: float,
    bottom: float,
) -> None:
    """Where time is cut: a white gap down the lanes, a double slash across the axis, and what was left out."""
    for before, after in itertools.pairwise(scale_.stretches):
        x0, x1 = before.x1, after.x0
        last_before = max(end for _, end in spans if end <= before.end)
        first_after = min(start for start, _ in spans if start >= after.start)
        group = _element(root, "g", class_="cut")
        _element(group, "title", f"Time cut: no events between {last_before:%b %Y} and {first_after:%b %Y}")
        _element(group, "rect", x=x0 + 2, y=axis_y - 12, width=x1 - x0 - 4, height=bottom - axis_y + 12, fill="#ffffff")
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


def _draw_lane(
    root: ElementTree.Element,
    catalog: Names,
    lane: Lane,
    y: float,
    colours: dict[str, str],
    link_to_entries: bool,
) -> None:
    for number, row in enumerate(lane.rows):
        middle = y + LANE_PAD + number * ROW + ROW / 2
        for mark in row:
            _draw_mark(root, catalog, mark, middle, colours[mark.event.country], link_to_entries)


def _draw_mark(
    root: ElementTree.Element, catalog: Names, mark: Mark, middle: float, colour: str, link_to_entries: bool
) -> None:
    event = mark.event
    url = "#" + _fragment(event.id) if link_to_entries else first_link(event.sources)
    planned = event.status != "happened"
    attributes = {
        "class": "event",
        "data-event": xml_text(event.id),
        "data-precision": event.precision or "",
        "data-status": event.status,
    }
    group = ElementTree.SubElement(root, "a" if url else "g", attributes)
    if url:
        group.set("href", url)
    _element(group, "title", tooltip(catalog, event))
    _shape(group, mark.shape, mark.x0, mark.x1, middle, colour, planned)
    if mark.open_end:
        tip = mark.x1 + 11
        points = f"{_number(mark.x1 + 1)},{_number(middle - 6)} {_number(tip)},{_number(middle)} "
        points += f"{_number(mark.x1 + 1)},{_number(middle + 6)}"
        _element(group, "polygon", points=points, fill=colour, class_="open-end")
    _element(
        group,
        "text",
        mark.label,
        x=mark.label_x,
        y=middle + 4,
        font_size=LABEL_SIZE,
        text_anchor=mark.anchor,
        fill=MUTED if planned else INK,
        font_style="italic" if planned else "normal",
        class_="label",
    )


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
        # A soft band: light, with faded ends: somewhere in this month or year.
        fill = (
            {"fill": colour, "fill_opacity": 0.08, "stroke": colour, "stroke_width": 1.5, "stroke_dasharray": "3 2"}
            if planned
            else {"fill": colour, "fill_opacity": 0.3, "stroke": colour, "stroke_opacity": 0.6, "stroke_width": 1}
        )
        _element(parent, "rect", x=x0, y=middle - 7, width=x1 - x0, height=14, rx=7, class_="mark soft", **fill)


def _fragment(event_id: str) -> str:
    """An id as a URL fragment: what a fragment cannot hold, percent-encoded (a browser decodes it to match)."""
    return quote(xml_text(event_id), safe="-._~!$&'()*+,;=:@/?")


def _legend(
    root: ElementTree.Element,
    catalog: Names,
    events: Sequence[Event],
    colours: dict[str, str],
    y: float,
    scale_: Scale,
) -> float:
    """What shapes and colours mean, in lines that wrap; returns the y below it."""
    entries: list[tuple[str, str, str | None]] = [
        ("point", "a day", None),
        ("bar", "several days", None),
        ("soft", "a month or a year (the day is not known)", None),
        ("planned", "planned, or never happened", None),
    ]
    if any(e.latest is None for e in events):
        entries.append(("open", "no end yet", None))
    if len(scale_.stretches) > 1:
        entries.append(("cut", "years with no events, cut", None))
    entries.append(("newline", "", None))
    present = {e.country for e in events}
    for country in (c for c in colours if c in present):  # in the lanes' order
        entries.append(("swatch", catalog.country_name(country), colours[country]))
    legend = _element(root, "g", class_="legend", font_size=LABEL_SIZE, fill=INK)
    x = float(MARGIN)
    for shape, words, colour in entries:
        if shape == "newline":
            x, y = MARGIN, y + 24
            continue
        words = fit(one_line(words), 300, LABEL_SIZE)
        width = 30 + text_width(words, LABEL_SIZE) + 22
        if x + width > WIDTH - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 24
        _legend_sample(legend, shape, x, y, colour or MUTED)
        _element(legend, "text", words, x=x + 30, y=y + 4)
        x += width
    return y + 12


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
