"""The timeline as a picture: layout arithmetic only (columns, breaks, ticks, marks). Rich draws it elsewhere.

Time runs left to right. Long empty stretches are cut out of the axis and shown as a break, so that 1984 and
2020-2021 both stay legible on one line: each kept stretch of time gets columns in proportion to its length, but
never fewer than MIN_SEGMENT.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

BREAK = " \u2248 "  # what a cut in the axis looks like
MIN_SEGMENT = 12
POINT, BAR, SPAN, PLAN_POINT, PLAN_SPAN = "\u25cf", "\u2501", "\u2591", "\u25cb", "\u2504"


@dataclass(frozen=True)
class Item:
    """One row's mark: a day-precise date is a point, a day interval a bar, a vaguer date a light span."""

    label: str
    earliest: date
    latest: date
    precise: bool  # day precision at both ends
    planned: bool  # planned or unrealized: drawn hollow or dashed
    group: str  # the country, for colour


@dataclass(frozen=True)
class Segment:
    start: date
    end: date
    offset: int  # first column
    width: int

    def column(self, day: date) -> int:
        span = (self.end - self.start).days
        if span == 0:
            return self.offset
        return self.offset + round((day - self.start).days / span * (self.width - 1))


@dataclass(frozen=True)
class Axis:
    segments: tuple[Segment, ...]
    width: int

    def column(self, day: date) -> int:
        for segment in self.segments:
            if day <= segment.end:
                return segment.column(max(day, segment.start))
        return self.segments[-1].column(self.segments[-1].end)


def stretches(items: Iterable[Item], cuts: int, min_gap: int) -> list[tuple[date, date]]:
    """The stretches of time the items cover, split at the `cuts` longest empty gaps that exceed min_gap days."""
    return cut_stretches(((item.earliest, item.latest) for item in items), cuts, min_gap)


def cut_stretches(
    spans: Iterable[tuple[date, date]], cuts: int, min_gap: int, touching: int = 0
) -> list[tuple[date, date]]:
    """The stretches of time the spans cover (spans `touching` days apart or less count as one), split at the
    `cuts` longest empty gaps that exceed min_gap days. (The terminal chart and the SVG both cut time this way.)"""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if merged and (start - merged[-1][1]).days <= touching:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    gaps = sorted(((merged[i + 1][0] - merged[i][1]).days, i) for i in range(len(merged) - 1))
    split_after = {i for days, i in gaps[::-1][:cuts] if days > min_gap}
    kept: list[tuple[date, date]] = []
    for index, (start, end) in enumerate(merged):
        if kept and index - 1 not in split_after:
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))
    return kept


def axis(items: Sequence[Item], width: int) -> Axis:
    """Fit the items' time into `width` columns, cutting the longest empty gaps (over 2 years and a tenth of it all).

    As many gaps are cut as leave every kept stretch MIN_SEGMENT columns; within a stretch, columns are in
    proportion to time, and a stretch's width follows both its length and how many events it holds.
    """
    first = min(i.earliest for i in items)
    last = max(i.latest for i in items)
    total = max((last - first).days, 1)
    most_cuts = max((width + len(BREAK)) // (MIN_SEGMENT + len(BREAK)) - 1, 0)
    kept = stretches(items, most_cuts, max(total // 10, 730))
    room = width - len(BREAK) * (len(kept) - 1)
    lengths = [max((end - start).days, 1) for start, end in kept]
    counts = [sum(start <= i.earliest <= end for i in items) for start, end in kept]
    # A stretch's columns follow half its share of time, half its share of events: crowded years get room.
    shares = [(length / sum(lengths) + count / len(items)) / 2 for length, count in zip(lengths, counts, strict=True)]
    widths = [max(MIN_SEGMENT, int(room * share)) for share in shares]
    while sum(widths) > room and max(widths) > MIN_SEGMENT:  # the minimums took columns: give them back
        widths[widths.index(max(widths))] -= 1
    segments, offset = [], 0
    for (start, end), columns in zip(kept, widths, strict=True):
        segments.append(Segment(start, end, offset, columns))
        offset += columns + len(BREAK)
    return Axis(tuple(segments), offset - len(BREAK))


@dataclass(frozen=True)
class Tick:
    column: int
    label: str
    day: date  # where it stands


def ticks(axis_: Axis) -> list[Tick]:
    """Labelled ticks that do not collide: years, or months where a segment is under two years.

    A month is named with its year when it is the first labelled in its segment or its year differs from the last
    labelled month's (January, or the month after a January that had no room).
    """
    chosen: list[Tick] = []
    for segment in axis_.segments:
        months, candidates = _tick_dates(segment)
        year_shown = None
        for day in candidates:
            label = _label(day, months, year_shown)
            column = segment.column(day)
            if column > segment.offset + segment.width - 1:
                continue
            if chosen and column <= chosen[-1].column + len(chosen[-1].label):
                continue  # would touch the previous label
            if column + len(label) > axis_.width:
                continue
            chosen.append(Tick(column, label, day))
            year_shown = day.year
    return _with_end(chosen, axis_)


def _with_end(chosen: list[Tick], axis_: Axis) -> list[Tick]:
    """The ticks, the axis's last year (or month) named at its right end: a reader sees where the time runs to."""
    last = axis_.segments[-1]
    months, _ = _tick_dates(last)
    end = last.end
    label = f"{end:%b} {end.year}" if months else str(end.year)
    named = chosen[-1] if chosen and chosen[-1].column >= last.offset else None
    if named is not None and named.day.year == end.year and (not months or named.day.month == end.month):
        return chosen
    column = axis_.width - len(label)
    if column < last.offset:
        return chosen  # (no room in the last stretch)
    kept = [tick for tick in chosen if tick.column + len(tick.label) < column]
    return [*kept, Tick(column, label, end)]


def _label(day: date, months: bool, year_shown: int | None) -> str:
    if not months:
        return str(day.year)
    return f"{day:%b}" if day.year == year_shown else f"{day:%b} {day.year}"


def _tick_dates(segment: Segment) -> tuple[bool, list[date]]:
    """Whether the ticks of a segment are months (else years), and where they stand."""
    months = (segment.end.year - segment.start.year) * 12 + segment.end.month - segment.start.month
    if months < 24:
        found: list[date] = []
        year, month = segment.start.year, segment.start.month
        while (year, month) <= (segment.end.year, segment.end.month):
            found.append(max(date(year, month, 1), segment.start))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return True, found
    step = 1 if months < 12 * 12 else 5 if months < 12 * 60 else 10
    first = segment.start.year + (-segment.start.year % step)
    years = [segment.start.year, *range(first, segment.end.year + 1, step)]  # (a stretch names the year it starts)
    return False, [max(date(year, 1, 1), segment.start) for year in dict.fromkeys(years)]


def marks(item: Item, axis_: Axis) -> tuple[int, int, str]:
    """Where an item's mark starts and ends (columns, inclusive) and the character it is drawn with."""
    start, end = axis_.column(item.earliest), axis_.column(item.latest)
    if item.precise and item.earliest == item.latest:
        return start, start, PLAN_POINT if item.planned else POINT
    if item.precise:
        return start, end, PLAN_SPAN if item.planned else BAR
    return start, end, PLAN_SPAN if item.planned else SPAN


def row(items: Sequence[Item], axis_: Axis) -> list[tuple[str, Item | None]]:
    """The plot line of a row, as (character, the item drawn there or None): marks at their columns, breaks shown."""
    cells: list[tuple[str, Item | None]] = [(" ", None)] * axis_.width
    for segment in axis_.segments[1:]:
        cells[segment.offset - 2] = ("\u250a", None)
    # Vaguer marks first, so that a precise point drawn over a span stays visible.
    for item in sorted(items, key=lambda i: (i.precise, i.earliest)):
        start, end, char = marks(item, axis_)
        for position in range(start, end + 1):
            cells[position] = (char, item)
    return cells


def axis_line(axis_: Axis) -> str:
    cells = ["\u2500"] * axis_.width
    for segment in axis_.segments[1:]:
        cells[segment.offset - len(BREAK) : segment.offset] = list(BREAK)
    return "".join(cells)


def tick_line(axis_: Axis) -> str:
    cells = [" "] * axis_.width
    for tick in ticks(axis_):
        cells[tick.column : tick.column + len(tick.label)] = list(tick.label)
    return "".join(cells).rstrip()
