"""One time scale for every picture: the terminal chart counts in columns, the SVG in pixels, both through this.

Time runs left to right over a length. Long empty stretches of time are cut out (a gap of `gap` units shows the
cut). Inside a kept stretch, the run of years most crowded with events (twice as crowded as the picture is, or more)
becomes a stretch of its own, joined to its neighbours with no cut: only the rate changes there. A stretch's width
follows half its share of the time, half its share of the events (crowded years get room to be read), and never
under `least` units: so stretches may differ in rate (units a day). `Scale.per_day` is
the slowest, `Scale.enlarged` names the stretches drawn faster and by how much, and every picture says so in words
and on its axis. Ticks come from one function too: each kept stretch is named at both ends (so a
cut is labelled on both sides), then years or months inside it where their labels have room.

Knows nothing of events, Rich or SVG: spans of days in, positions and labels out.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from itertools import accumulate, pairwise, repeat
from operator import add, itemgetter, mul, sub

from ..dates import MONTH_ABBR, OPEN_END, days_in_month

MOST_CUTS = 6
_FIRST, _LAST = itemgetter(0), itemgetter(1)


def day_spans(derived: Mapping[str, tuple[str, str | None, str, str]]) -> dict[str, tuple[date, date]]:
    """The days each date covers (its derived fields: earliest, latest, ...); an open end (latest None) runs to the
    last day any date reaches. Told by None, not by a day: a date that ends on Dec 31, 9999 is no open end. Dates
    that derive alike share one span (a million events have some thousands), each text read once."""
    earliest = list(map(_FIRST, derived.values()))
    latest = list(map(_LAST, derived.values()))
    texts = set(earliest).union(latest) - {None}
    days: dict[str | None, date] = dict(zip(texts, map(date.fromisoformat, texts), strict=True))
    days[None] = max(days.values(), default=OPEN_END)  # (none starts after it)
    return dict(
        zip(derived, zip(map(days.__getitem__, earliest), map(days.__getitem__, latest), strict=True), strict=True)
    )


@dataclass(frozen=True)
class Stretch:
    """A kept stretch of time (its first and last day) and where it is drawn: from x0 to x1 (x1 is the end of its
    last day)."""

    start: date
    end: date
    x0: float
    x1: float
    joined: bool = False  # follows the stretch before it with no cut (only the rate changes)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def per_day(self) -> float:
        return (self.x1 - self.x0) / self.days

    def at(self, day: date) -> float:
        """Where a day of the stretch begins (a day before it or after it: the stretch's edge)."""
        if day <= self.start:
            return self.x0
        if day > self.end:
            return self.x1
        return self.x0 + (day - self.start).days * self.per_day


@dataclass(frozen=True)
class Scale:
    stretches: tuple[Stretch, ...]

    @property
    def per_day(self) -> float:
        """The rate of the stretch drawn smallest: every other is drawn at this or larger."""
        return min(stretch.per_day for stretch in self.stretches)

    @property
    def x0(self) -> float:
        return self.stretches[0].x0

    @property
    def cuts(self) -> list[tuple[Stretch, Stretch]]:
        """The stretches on either side of each cut (time left out)."""
        return [(before, after) for before, after in pairwise(self.stretches) if not after.joined]

    @property
    def x1(self) -> float:
        return self.stretches[-1].x1

    @cached_property
    def _table(self) -> tuple[list[int], list[int], list[float], list[float], list[float]]:
        """Each stretch's last and first days (as ordinals), x0, x1 and rate: what span() looks up."""
        stretches = self.stretches
        return (
            [stretch.end.toordinal() for stretch in stretches],
            [stretch.start.toordinal() for stretch in stretches],
            [stretch.x0 for stretch in stretches],
            [stretch.x1 for stretch in stretches],
            [stretch.per_day for stretch in stretches],
        )

    def of(self, day: date) -> Stretch:
        """The stretch a day falls in; a day in a cut, the stretch after it (before the first, the first; after the
        last, the last)."""
        return self.stretches[min(bisect_left(self._table[0], day.toordinal()), len(self.stretches) - 1)]

    def span(self, earliest: date, latest: date) -> tuple[float, float]:
        """From the beginning of the first day to the end of the last (a binary search: a million spans are
        placed in a second)."""
        ends, starts, x0s, x1s, rates = self._table
        last = len(ends) - 1
        first_day, last_day = earliest.toordinal(), latest.toordinal()
        i = min(bisect_left(ends, first_day), last)
        start = x0s[i] + max(0, first_day - starts[i]) * rates[i] if first_day <= ends[i] else x1s[i]
        j = min(bisect_left(ends, last_day), last)
        end = x1s[j] if last_day >= ends[j] else x0s[j] + max(0, last_day + 1 - starts[j]) * rates[j]
        return start, max(start, end)

    def at(self, days: Iterable[int], end: bool = False) -> dict[int, float]:
        """Where each day begins (as span() places its first day), or ends (`end`: as it places its last), the days
        as ordinals: each distinct day once, a stretch at a time at C speed (a million spans have some thousands)."""
        distinct = sorted(set(days))
        return dict(zip(distinct, self._at(distinct, end), strict=True))

    def stretch_ends(self, days: Iterable[int]) -> dict[int, float]:
        """Where the stretch each day (an ordinal) falls in ends: `of(day).x1`, each distinct day once."""
        distinct = list(set(days))
        ends, x1s = self._table[0], self._table[3]
        found = map(min, map(bisect_left, repeat(ends), distinct), repeat(len(ends) - 1))
        return dict(zip(distinct, map(x1s.__getitem__, found), strict=True))

    def _at(self, days: list[int], end: bool) -> list[float]:
        """Where each day begins (or, `end`, ends), the days as ordinals in order: those of a stretch (or of the cut
        before it) at once, as span() places them one by one."""
        ends, starts, x0s, x1s, rates = self._table
        last = len(ends) - 1
        found: list[float] = []
        low = 0
        for i in range(last + 1):
            high = bisect_right(days, ends[i], low) if i < last else len(days)
            inside = bisect_left(days, ends[i], low, high) if end else bisect_right(days, ends[i], low, high)
            part = days[low:inside]  # (the others: x1, as span() places the end of the stretch's last day, or after)
            found += map(
                add,
                repeat(x0s[i]),
                map(mul, map(max, repeat(0), map(sub, part, repeat(starts[i] - end))), repeat(rates[i])),
            )
            found += repeat(x1s[i], high - inside)
            low = high
        return found

    def enlarged(self) -> list[tuple[Stretch, float]]:
        """The stretches drawn larger than the smallest rate (crowded, or too short to read otherwise), each with how
        many times larger."""
        found = []
        for stretch in self.stretches:
            times = stretch.per_day / self.per_day
            if times > 1.05:
                found.append((stretch, times))
        return found


def cut_stretches(
    spans: Iterable[tuple[date, date]], cuts: int, min_gap: int, touching: int = 0
) -> list[tuple[date, date]]:
    """The stretches of time the spans cover (spans `touching` days apart or less count as one), split at the
    `cuts` longest empty gaps that exceed min_gap days."""
    merged: list[list[date]] = []
    for start, end in sorted(set(spans)):
        if merged and (start - merged[-1][1]).days <= touching:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    gaps = sorted(((merged[i + 1][0] - merged[i][1]).days, i) for i in range(len(merged) - 1))
    split_after = {i for days, i in gaps[::-1][:cuts] if days > min_gap}
    kept: list[tuple[date, date]] = []
    for index, (start, end) in enumerate(merged):
        if kept and index - 1 not in split_after:
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))
    return kept


def whole(start: date, end: date) -> tuple[date, date]:
    """A stretch widened to whole months, or to whole years when it lasts ten years or more."""
    if (end - start).days >= 3652:
        return date(start.year, 1, 1), date(end.year, 12, 31)
    return start.replace(day=1), date(end.year, end.month, days_in_month(end.year, end.month))


class Starts:
    """The first days of the spans, each as many times as the events its span stands for: how many fall between two
    days, by binary search."""

    def __init__(self, spans: Sequence[tuple[date, date]], weights: Sequence[int] | None = None) -> None:
        days = list(map(date.toordinal, map(_FIRST, spans)))
        order = sorted(range(len(days)), key=days.__getitem__)
        self.days = list(map(days.__getitem__, order))  # (as ordinals; a day as often as spans start on it)
        weighed = map(weights.__getitem__, order) if weights is not None else repeat(1, len(days))
        self.before = list(accumulate(weighed, initial=0))  # (of each, those before it)
        self.total = self.before[-1]

    def between(self, first: date, last: date) -> int:
        """How many start from first to last (both included)."""
        days = self.days
        return self.before[bisect_right(days, last.toordinal())] - self.before[bisect_left(days, first.toordinal())]


def fit(
    spans: Sequence[tuple[date, date]],
    x0: float,
    x1: float,
    *,
    gap: float,
    least: float,
    integral: bool = False,
    weights: Sequence[int] | None = None,
) -> Scale:
    """Fit the spans' time between x0 and x1: the longest empty gaps (over two years and a twelfth of the whole)
    cut, as many as leave each kept stretch `least` units; one rate for every stretch that is not then shorter
    than `least`; each stretch as wide as half its share of the time and half its share of the events, but never
    under `least`. integral: stretches start and end on whole units (terminal columns). weights: how many events
    each span stands for (else one)."""
    room = x1 - x0
    first = min(map(_FIRST, spans))
    last = max(map(_LAST, spans))
    min_gap = max((last - first).days // 12, 730)
    cuts = max(min(MOST_CUTS, int((room + gap) // (least + gap)) - 1), 0)
    kept = [whole(start, end) for start, end in cut_stretches(spans, cuts, min_gap, touching=1)]
    starts = Starts(spans, weights)
    pieces = _crowded_runs(kept, starts, room - gap * (len(kept) - 1), least)
    lengths = [(end - start).days + 1 for start, end, _ in pieces]
    counts = [starts.between(start, end) for start, end, _ in pieces]
    shares = [(length / sum(lengths) + count / starts.total) / 2 for length, count in zip(lengths, counts, strict=True)]
    widths = _widths(shares, room - gap * (len(kept) - 1), least)
    if integral:
        widths = _whole_units(widths)
    stretches: list[Stretch] = []
    for (start, end, joined), width in zip(pieces, widths, strict=True):
        # (a joined stretch starts where the one before ends, exactly: not a gap added and taken off again)
        x = x0 if not stretches else stretches[-1].x1 + (0 if joined else gap)
        stretches.append(Stretch(start, end, x, x + width, joined))
    return Scale(tuple(stretches))


CROWDED = 2.0  # a run of years with this many times the picture's events a day, or more, gets a rate of its own
CROWD = 10  # and with this many events at least
LEAST_YEARS = 5  # a kept stretch shorter than this is not split


def _crowded_runs(
    kept: list[tuple[date, date]], starts: Starts, room: float, least: float
) -> list[tuple[date, date, bool]]:
    """The kept stretches, each (start, end, joined to the one before); in each kept stretch of whole years, the run
    of years with the most events beyond its share of the time, when it is CROWDED and not the whole stretch, split
    out (and the years before and after it), as long as every piece still gets `least` units: the most crowded
    first."""
    total_days = sum((end - start).days + 1 for start, end in kept)
    found: list[tuple[float, int, tuple[date, date]]] = []
    for index, (start, end) in enumerate(kept):
        run = _most_crowded(start, end, starts, total_days)
        if run is not None:
            found.append((run[0], index, run[1]))
    pieces = len(kept)
    splits: dict[int, tuple[date, date]] = {}
    for _, index, (a, b) in sorted(found, reverse=True):
        start, end = kept[index]
        more = (a > start) + (b < end)
        if (pieces + more) * least <= room:
            splits[index] = (a, b)
            pieces += more
    result: list[tuple[date, date, bool]] = []
    for index, (start, end) in enumerate(kept):
        if index not in splits:
            result.append((start, end, False))
            continue
        a, b = splits[index]
        if start < a:
            result.append((start, a - timedelta(days=1), False))
        result.append((a, b, start < a))
        if b < end:
            result.append((b + timedelta(days=1), end, True))
    return result


def _most_crowded(start: date, end: date, starts: Starts, total_days: int) -> tuple[float, tuple[date, date]] | None:
    """The run of whole years in a stretch whose share of the events most exceeds its share of the time (Kadane's
    maximum run), with that excess, if it is CROWDED times as dense as the picture and shorter than the stretch."""
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or end.year - start.year + 1 < LEAST_YEARS:
        return None
    count = starts.total
    best, best_run = 0.0, None
    running, run_start = 0.0, start.year
    for year in range(start.year, end.year + 1):
        first, last = date(year, 1, 1), date(year, 12, 31)
        events = starts.between(first, last)
        value = events / count - ((last - first).days + 1) / total_days
        if running <= 0:
            running, run_start = value, year
        else:
            running += value
        if running > best:
            best, best_run = running, (run_start, year)
    if best_run is None or best_run == (start.year, end.year):
        return None
    a, b = date(best_run[0], 1, 1), date(best_run[1], 12, 31)
    events = starts.between(a, b)
    if events < CROWD or events / count < CROWDED * ((b - a).days + 1) / total_days:
        return None
    return best, (a, b)


def _widths(shares: list[float], room: float, least: float) -> list[float]:
    """Widths in proportion to shares, none under `least` (when there is room for that), summing to room."""
    fixed: set[int] = set()
    while len(fixed) < len(shares):
        free = room - least * len(fixed)
        total = sum(share for i, share in enumerate(shares) if i not in fixed)
        widths = [least if i in fixed else free * share / total for i, share in enumerate(shares)]
        short = {i for i, width in enumerate(widths) if width < least - 1e-9} - fixed
        if not short:
            return widths
        fixed |= short
    if room >= least * len(shares) - 1e-9:
        return [room / len(shares)] * len(shares)
    return [room * share / sum(shares) for share in shares]


def _whole_units(widths: list[float]) -> list[float]:
    """Widths rounded to whole units with the same sum (the largest remainders rounded up)."""
    floors = [math.floor(width) for width in widths]
    spare = round(sum(widths)) - sum(floors)
    order = sorted(range(len(widths)), key=lambda i: floors[i] - widths[i])
    for i in order[:spare]:
        floors[i] += 1
    return [float(width) for width in floors]


# Ticks


@dataclass(frozen=True)
class Tick:
    """A label on the axis: its text spans x to x + width; `at` is where the date it names begins (where a tick
    line stands), `day` that date."""

    x: float
    width: float
    label: str
    day: date
    at: float
    edge: bool  # names a stretch's first or last year (or month)

    @property
    def right(self) -> float:
        return self.x + self.width


MONTH_STEPS = (1, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def ticks(scale: Scale, width_of: Callable[[str], float], space: float) -> list[Tick]:
    """The labels of the axis, none closer than `space` to another, each inside its stretch.

    Each stretch is named where it starts, and by the year it ends in (or month, when it lasts under two years),
    standing where that year begins if its label fits there before the end, else against the end: a cut is labelled
    on both sides. Where a stretch is joined to the next (no cut, only the rate changes), the next one's start names
    the place. Between, every year (or month, or every 2, 5, 10... years)
    whose label has room, standing where it begins.
    """
    found: list[Tick] = []
    for index, stretch in enumerate(scale.stretches):
        followed = index + 1 < len(scale.stretches) and scale.stretches[index + 1].joined
        found += _stretch_ticks(stretch, width_of, space, followed)
    return found


def in_months(stretch: Stretch) -> bool:
    """Whether a stretch is named in months (it lasts under two years), else in years."""
    return (stretch.end.year - stretch.start.year) * 12 + stretch.end.month - stretch.start.month < 24


def _stretch_ticks(
    stretch: Stretch, width_of: Callable[[str], float], space: float, followed: bool = False
) -> list[Tick]:
    months = in_months(stretch)

    def name(day: date, with_year: bool) -> str:
        if not months:
            return str(day.year)
        return f"{MONTH_ABBR[day.month]} {day.year}" if with_year else MONTH_ABBR[day.month]

    start, end = stretch.start, stretch.end
    same = (start.year, start.month) == (end.year, end.month) if months else start.year == end.year
    end_label = name(end, True)
    start_label = name(start, not (months and start.year == end.year))
    start_tick = Tick(stretch.x0, width_of(start_label), start_label, start, stretch.x0, True)
    end_width = width_of(end_label)
    end_day = date(end.year, end.month, 1) if months else date(end.year, 1, 1)
    # The last year (or month) named where it begins, if its label fits there; else against the stretch's end.
    end_x = min(stretch.at(end_day), stretch.x1 - end_width)
    if end_x < start_tick.right + space:
        end_x = stretch.x1 - end_width
    end_tick = Tick(end_x, end_width, end_label, end_day, stretch.at(end_day), True)
    limit = stretch.x1 - space if followed else stretch.x1
    if followed:  # the next stretch's first tick names where this one ends
        placed, end_day = [start_tick], date.max
        if same:
            placed = [Tick(stretch.x0, width_of(name(start, True)), name(start, True), start, stretch.x0, True)]
    elif same or start_tick.right + space > end_tick.x:
        only = name(start, True) if same else start_label
        if not same and width_of(f"{start_label}\u2013{end_label}") <= stretch.x1 - stretch.x0:
            only = f"{start_label}\u2013{end_label}"
        return [Tick(stretch.x0, width_of(only), only, start, stretch.x0, True)]
    else:
        placed = [start_tick, end_tick]
    shown_year = start.year if (not months or start.year != end.year) else None
    inner: list[Tick] = []
    for _, day in _candidates(stretch, width_of, months, space):
        if day <= start or day >= end_day:
            continue
        label = name(day, day.year != shown_year)
        x = stretch.at(day)
        tick = Tick(x, width_of(label), label, day, x, False)
        if any(tick.x < other.right + space and other.x < tick.right + space for other in (*placed, *inner)):
            continue
        if tick.right > limit:
            continue
        inner.append(tick)
        shown_year = day.year
    return sorted([*placed, *inner], key=lambda tick: tick.x)


def _candidates(
    stretch: Stretch, width_of: Callable[[str], float], months: bool, space: float
) -> list[tuple[int, date]]:
    """The dates that may be named inside a stretch, at the smallest step whose labels have room."""
    if months:
        per_month = stretch.per_day * 30.44
        step = next((s for s in MONTH_STEPS if s * per_month >= width_of("May") + space), 12)
        found = []
        year, month = stretch.start.year, stretch.start.month
        while (year, month) <= (stretch.end.year, stretch.end.month):
            if (month - 1) % step == 0:
                found.append((step, date(year, month, 1)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    per_year = stretch.per_day * 365.25
    step = next((s for s in YEAR_STEPS if s * per_year >= width_of("2000") + space), 10_000)
    first = stretch.start.year + (-stretch.start.year % step)
    return [(1, date(year, 1, 1)) for year in range(first, stretch.end.year + 1, step)]
