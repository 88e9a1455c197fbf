"""The timeline as a picture in the terminal: layout arithmetic only (columns, cuts, ticks, marks). Rich draws it
elsewhere.

Time runs left to right on spacefilm.render.timescale's scale, counted in columns: the one the SVG uses in pixels. Long
empty stretches are cut out of the axis and shown as a break; every kept stretch has one rate (columns a day), but a
stretch too short to see gets MIN_SEGMENT columns, and the legend says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, repeat
from operator import itemgetter, sub
from typing import TypeVar

from . import timescale
from .timescale import Scale, Tick

BREAK = " \u2248 "  # what a cut in the axis looks like
MIN_SEGMENT = 10
POINT, BAR, SPAN, PLAN_POINT, PLAN_SPAN = "\u25cf", "\u2501", "\u2591", "\u25cb", "\u2504"
DENSITY = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"  # none, then eighths of the most in a column


@dataclass(frozen=True)
class Item:
    """One row's mark: a day-precise date is a point, a day interval a bar, a vaguer date a light span."""

    label: str
    earliest: date
    latest: date
    precise: bool  # day precision at both ends
    planned: bool  # planned or unrealized: drawn hollow or dashed
    group: str  # the country, for colour


def axis(items: Sequence[Item], width: int) -> Scale:
    """Fit the items' time into `width` columns (see spacefilm.render.timescale)."""
    return axis_of([(item.earliest, item.latest) for item in items], width)


def axis_of(spans: Sequence[tuple[date, date]], width: int, weights: Sequence[int] | None = None) -> Scale:
    """Fit the spans (each standing for `weights` events, or one) into `width` columns."""
    return timescale.fit(spans, 0, width, gap=len(BREAK), least=MIN_SEGMENT, integral=True, weights=weights)


def width_of(axis_: Scale) -> int:
    return int(axis_.x1)


def column(axis_: Scale, day: date) -> int:
    """The column a day is drawn in."""
    stretch = axis_.of(day)
    return min(int(stretch.at(day)), int(stretch.x1) - 1)


def ticks(axis_: Scale) -> list[Tick]:
    """Labelled ticks a column apart at least: each stretch named at both ends, years or months between."""
    return timescale.ticks(axis_, len, 1)


def marks(item: Item, axis_: Scale) -> tuple[int, int, str]:
    """Where an item's mark starts and ends (columns, inclusive) and the character it is drawn with."""
    start, end = columns(axis_, item.earliest, item.latest)
    if item.precise and item.earliest == item.latest:
        return start, start, PLAN_POINT if item.planned else POINT
    if item.precise:
        return start, end, PLAN_SPAN if item.planned else BAR
    return start, end, PLAN_SPAN if item.planned else SPAN


def columns(axis_: Scale, earliest: date, latest: date) -> tuple[int, int]:
    """The first and last columns (inclusive) of the days from earliest to latest."""
    x0, x1 = axis_.span(earliest, latest)
    last = int(axis_.of(latest).x1) - 1
    start = min(int(x0), last)
    return start, min(max(start, math.ceil(x1) - 1), last)


def row(items: Sequence[Item], axis_: Scale) -> list[tuple[str, Item | None]]:
    """The plot line of a row, as (character, the item drawn there or None): marks at their columns, breaks shown."""
    cells: list[tuple[str, Item | None]] = [(" ", None)] * width_of(axis_)
    for stretch, _ in axis_.cuts:
        cells[int(stretch.x1) + 1] = ("\u250a", None)
    # Vaguer marks first, so that a precise point drawn over a span stays visible.
    for item in sorted(items, key=lambda i: (i.precise, i.earliest)):
        start, end, char = marks(item, axis_)
        for position in range(start, end + 1):
            cells[position] = (char, item)
    return cells


def axis_line(axis_: Scale) -> str:
    cells = ["\u2500"] * width_of(axis_)
    for stretch, _ in axis_.cuts:
        cells[int(stretch.x1) : int(stretch.x1) + len(BREAK)] = list(BREAK)
    return "".join(cells)


def tick_line(axis_: Scale) -> str:
    cells = [" "] * width_of(axis_)
    for tick in ticks(axis_):
        start = round(tick.x)
        cells[start : start + len(tick.label)] = list(tick.label)
    return "".join(cells).rstrip()


def density(spans: Iterable[tuple[tuple[int, int], int]], width: int) -> list[int]:
    """How many events fall in each of `width` columns: `spans`, the first and last column of events (inclusive)
    with how many events have them (an event counts in every column it covers)."""
    changes = [0] * (width + 1)
    for (start, end), count in spans:
        changes[start] += count
        changes[end + 1] -= count
    return list(accumulate(changes[:-1]))


def placed(axis_: Scale, spans: Mapping[K, tuple[date, date]]) -> dict[K, tuple[int, int]]:
    """The first and last column (inclusive) of the days of each span, as `columns` finds them from span(): each
    distinct first and last day placed once, at C speed."""
    firsts = list(map(date.toordinal, map(_FIRST, spans.values())))
    lasts = list(map(date.toordinal, map(_LAST, spans.values())))
    begins, finishes = axis_.at(firsts), axis_.at(lasts, end=True)
    stretch_ends = axis_.stretch_ends(lasts)
    # ceil(x1) - 1, where x1 is the later of where the span begins and where it ends, is the later of the two ceilings
    first_ceiling = dict(zip(begins, map(math.ceil, begins.values()), strict=True))
    last_ceiling = dict(zip(finishes, map(math.ceil, finishes.values()), strict=True))
    begin = dict(zip(begins, map(int, begins.values()), strict=True))
    last = list(map(sub, map(int, map(stretch_ends.__getitem__, lasts)), repeat(1)))  # (of the stretch it ends in)
    starts = list(map(min, map(begin.__getitem__, firsts), last))
    reach = map(max, map(first_ceiling.__getitem__, firsts), map(last_ceiling.__getitem__, lasts))
    ends = map(min, map(max, starts, map(sub, reach, repeat(1))), last)
    return dict(zip(spans, zip(starts, ends, strict=True), strict=True))


K = TypeVar("K")


def density_line(counts: Sequence[int], most: int) -> str:
    """Counts as bars of eighths of `most` (a column with any event shows at least the lowest)."""
    steps = len(DENSITY) - 1
    return "".join(DENSITY[0 if not count else max(1, math.ceil(count * steps / most))] for count in counts)


_FIRST, _LAST = itemgetter(0), itemgetter(1)
