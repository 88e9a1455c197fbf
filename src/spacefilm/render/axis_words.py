"""What the time scale of a picture means, in words: the terminal chart and the SVG say it the same way."""

from __future__ import annotations

from ..dates import MONTH_ABBR
from .timescale import Scale, Stretch, in_months

DENSITY_ROWS = 300  # more rows than this and a picture shows how many events fall where, a row per lane


def stretch_name(stretch: Stretch) -> str:
    """ "1983\u20131984", "Nov\u2013Dec 1990", "Apr 2002": the time a stretch covers."""
    start, end = stretch.start, stretch.end
    if not in_months(stretch):
        return str(start.year) if start.year == end.year else f"{start.year}\u2013{end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{MONTH_ABBR[start.month]} {start.year}"
    if start.year == end.year:
        return f"{MONTH_ABBR[start.month]}\u2013{MONTH_ABBR[end.month]} {end.year}"
    return f"{MONTH_ABBR[start.month]} {start.year}\u2013{MONTH_ABBR[end.month]} {end.year}"


def _amount(days: float) -> str:
    if days >= 365.25 * 1.5:
        return f"{days / 365.25:.0f} years"
    if days >= 30.44 * 1.5:
        return f"{days / 30.44:.0f} months"
    if days >= 1.5:
        return f"{days:.0f} days"
    return "a day"


def scale_words(scale: Scale, unit: str, cut: str = "\u2248") -> str:
    """One sentence: the rate time is drawn at (a column is so long, or a year so many pixels), the stretches
    drawn larger than that (crowded with events, or too short to see) and how many times, and the cuts."""
    if unit == "column":
        rate = f"a column \u2248 {_amount(1 / scale.per_day)}"
    else:
        rate = f"a year = {scale.per_day * 365.25:.0f} {unit}s"
    larger = [
        f"{stretch_name(stretch)} {times:.1f}\u00d7".replace(".0\u00d7", "\u00d7")
        for stretch, times in scale.enlarged()
    ]
    if larger:
        words = f"Time is drawn at {rate}, but crowded or short stretches larger: {', '.join(larger)}"
    else:
        words = f"Time is drawn to one scale, {rate}"
    if scale.cuts:
        words += f"; {cut} marks years with no events, cut out"
    return words + "."


def density_words(count: int, lane: str, most: int, unit: str) -> str:
    """Why a picture shows density, and how to read it."""
    return (
        f"{count:,} events, too many for a row each: a row per {lane}, each {unit} as tall as the events that fall "
        f"in it (the tallest, {most:,})."
    )
