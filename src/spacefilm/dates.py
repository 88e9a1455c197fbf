"""Dates as intervals of days: an EDTF subset for stored dates, and the dates people type.

Knows nothing of events. A date is the interval of days it can mean: ``2020-05`` is May 1-31, 2020,
``2021-10-05/2021-10-17`` those 13 days. The precision written is the precision meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any, Literal

Precision = Literal["year", "month", "day"]

MONTH_NAMES = (
    "",
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
_QUALIFIERS = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}
_QUALIFIER_OF = {flags: mark for mark, flags in _QUALIFIERS.items()}
# ASCII digits only: `\d` would take Arabic-Indic or fullwidth digits, which no schema or reader expects.
_POINT = r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)"
EDTF_PATTERN = rf"{_POINT}(?:/(?:{_POINT}|(\.\.)))?"
_EDTF = re.compile(EDTF_PATTERN)
EN_DASH = "\u2013"
# The last day of an interval with an open end (`2021/..`): unbounded, yet every comparison stays total. Its ISO
# form orders after every real date as text too.
OPEN_END = date.max
OPEN_END_ISO = OPEN_END.isoformat()


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class DateError(ValueError):
    """A date that cannot be read, with a message fit to show the user, and how to write it where we know."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(f"{message}; {suggestion}" if suggestion else message)
        self.message = message
        self.suggestion = suggestion


class Point:
    """One EDTF date (year, month or day precision, optionally approximate or uncertain)."""

    __slots__ = ("approximate", "day", "earliest", "latest", "month", "uncertain", "year")

    def __init__(
        self,
        year: int,
        month: int | None = None,
        day: int | None = None,
        approximate: bool = False,
        uncertain: bool = False,
    ) -> None:
        if not 1 <= year <= 9999:
            raise DateError(f"year {year:04d} is out of range (0001-9999)")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"month {month:02d} does not exist")
        if day is not None:
            if month is None:
                raise DateError("a day needs a month")
            last = days_in_month(year, month)
            if not 1 <= day <= last:
                raise DateError(f"{MONTH_ABBR[month]} {year:04d} has no day {day:02d} (it has {last} days)")
        self.year = year
        self.month = month
        self.day = day
        self.approximate = approximate
        self.uncertain = uncertain
        if day is not None and month is not None:
            self.earliest = self.latest = date(year, month, day)
        elif month is not None:
            self.earliest = date(year, month, 1)
            self.latest = date(year, month, days_in_month(year, month))
        else:
            self.earliest = date(year, 1, 1)
            self.latest = date(year, 12, 31)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def qualifier(self) -> str:
        return _QUALIFIER_OF[(self.approximate, self.uncertain)]

    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + self.qualifier

    def display(self, with_year: bool = True) -> str:
        year = f"{self.year}" if with_year else ""
        if self.day is not None and self.month is not None:
            text = f"{MONTH_ABBR[self.month]} {self.day}" + (f", {year}" if with_year else "")
        elif self.month is not None:
            text = f"{MONTH_ABBR[self.month]} {year}".rstrip()
        else:
            text = year
        return self._qualify(text)

    def _qualify(self, text: str) -> str:
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text = f"{text}?"
        return text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and self.edtf() == other.edtf()

    def __hash__(self) -> int:
        return hash(self.edtf())

    def __repr__(self) -> str:
        return f"Point({self.edtf()!r})"


class EventDate:
    """A stored date: one point, or an interval START/END, or START/.. with an open end."""

    __slots__ = ("earliest", "end", "latest", "open_end", "sort_key", "start")

    def __init__(self, start: Point, end: Point | None = None, open_end: bool = False) -> None:
        if end is not None and end.latest < start.earliest:
            raise DateError(f"the interval ends ({end.edtf()}) before it starts ({start.edtf()})")
        self.start = start
        self.end = end
        self.open_end = open_end
        self.earliest: date = start.earliest
        self.latest: date = OPEN_END if open_end else (end or start).latest
        self.sort_key = (self.earliest.toordinal(), self.latest.toordinal())

    @property
    def is_interval(self) -> bool:
        return self.end is not None or self.open_end

    @property
    def precision(self) -> Precision:
        """The coarsest precision of the points written."""
        points = [self.start] if self.end is None else [self.start, self.end]
        return min((p.precision for p in points), key=_PRECISION_RANK.__getitem__)

    @property
    def began(self) -> EventDate:
        """The interval of the start alone (what a "began" milestone compares)."""
        return EventDate(self.start) if self.is_interval else self

    @property
    def ended(self) -> EventDate | None:
        """The interval of the end alone, or None when the end is open."""
        if self.open_end:
            return None
        return EventDate(self.end) if self.end is not None else self

    def edtf(self) -> str:
        if self.open_end:
            return f"{self.start.edtf()}/.."
        if self.end is not None:
            return f"{self.start.edtf()}/{self.end.edtf()}"
        return self.start.edtf()

    def iso_latest(self) -> str | None:
        return None if self.open_end else self.latest.isoformat()

    def display(self) -> str:
        start, end = self.start, self.end
        if self.open_end:
            return f"since {start.display()}"
        if end is None:
            return start.display()
        return _display_range(start, end)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EventDate) and self.edtf() == other.edtf()

    def __hash__(self) -> int:
        return hash(self.edtf())

    def __repr__(self) -> str:
        return f"EventDate({self.edtf()!r})"


def _display_range(start: Point, end: Point) -> str:
    """Shared parts said once: Oct 5-17, 2021; Aug 30 - Sep 5, 1984; May-Jun 2021; 1983-1984 (en dashes)."""
    if start == end:  # (an interval of one day, month or year is that day, month or year: never "Jan 1-1")
        return start.display()
    plain = not (start.qualifier or end.qualifier)
    if plain and start.precision == end.precision and start.year == end.year:
        if start.precision == "day" and start.month == end.month:
            return f"{MONTH_ABBR[start.month or 0]} {start.day}{EN_DASH}{end.day}, {start.year}"
        if start.precision == "day":
            return f"{start.display(with_year=False)} {EN_DASH} {end.display()}"
        if start.precision == "month":
            return f"{MONTH_ABBR[start.month or 0]}{EN_DASH}{end.display()}"
    if plain and start.precision == end.precision == "year":
        return f"{start.year}{EN_DASH}{end.year}"
    return f"{start.display()} {EN_DASH} {end.display()}"


def _point(groups: tuple[str | None, ...]) -> Point:
    year, month, day, qualifier = groups
    approximate, uncertain = _QUALIFIERS[qualifier or ""]
    return Point(int(year or 0), int(month) if month else None, int(day) if day else None, approximate, uncertain)


@lru_cache(maxsize=65536)
def parse_edtf(text: str) -> EventDate:
    """Parse a stored date (the EDTF subset of DESIGN.md) into an EventDate, or raise DateError."""
    match = _EDTF.fullmatch(text)
    if match is None:
        written = stored_form(text)
        raise DateError(
            f"{text!r} is not a date of the form YYYY, YYYY-MM, YYYY-MM-DD "
            "(optionally ending in ~ ? or %), START/END or START/..",
            f"write it as {written!r}" if written else None,
        )
    groups = match.groups()
    start = _point(groups[0:4])
    if groups[8] is not None:
        return EventDate(start, open_end=True)
    if groups[4] is not None:
        return EventDate(start, _point(groups[4:8]))
    return EventDate(start)


def derive(text: str) -> tuple[str, str | None, Precision, str]:
    """What a stored date gives: earliest and latest (ISO; latest None for an open end), precision and display.

    Raises DateError. A plain day, an interval of two or a plain month, most of the distinct dates of a big
    dataset, is worked out directly, two to ten times faster than through parse_edtf and its objects; the tests
    check that both ways agree.
    """
    if len(text) == 10:
        day = _plain_day(text)
        if day is not None:
            return text, text, "day", f"{MONTH_ABBR[day.month]} {day.day}, {day.year}"
    elif len(text) == 7:
        month = _plain_month(text)
        if month is not None:
            year, number = month
            last = days_in_month(year, number)
            return f"{text}-01", f"{text}-{last}", "month", f"{MONTH_ABBR[number]} {year}"
    elif len(text) == 21:
        days = _plain_days(text)
        if days is not None:
            start, end = days
            first = f"{MONTH_ABBR[start.month]} {start.day}"
            if start == end:
                shown = f"{first}, {start.year}"
            elif start.year != end.year:
                shown = f"{first}, {start.year} {EN_DASH} {MONTH_ABBR[end.month]} {end.day}, {end.year}"
            elif start.month != end.month:
                shown = f"{first} {EN_DASH} {MONTH_ABBR[end.month]} {end.day}, {end.year}"
            else:
                shown = f"{first}{EN_DASH}{end.day}, {end.year}"
            return text[:10], text[11:], "day", shown
    when = parse_edtf(text)  # every other form, and the exact reason a plain-looking date is wrong
    return when.earliest.isoformat(), when.iso_latest(), when.precision, when.display()


def check(text: str) -> None:
    """Raise DateError where derive would, with the same message; twice as fast, as it works nothing out."""
    size = len(text)
    if size == 10:
        if _plain_day(text) is not None:
            return
    elif size == 21:
        if _plain_days(text) is not None:
            return
    elif size == 7 and _plain_month(text) is not None:
        return
    parse_edtf(text)


def plain_day(text: str) -> bool:
    """Whether a text is a plain day, YYYY-MM-DD: an interval of two of them in order is a good date (`check`)."""
    return len(text) == 10 and _plain_day(text) is not None


def _plain_day(text: str) -> date | None:
    """A date from YYYY-MM-DD in ASCII digits (ten characters), or None."""
    if not (text.isascii() and text[4] == "-" == text[7]):
        return None  # (of ten ASCII characters with these dashes, fromisoformat takes only YYYY-MM-DD in digits)
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _plain_days(text: str) -> tuple[date, date] | None:
    """The first and last days of YYYY-MM-DD/YYYY-MM-DD (ASCII digits, in order), or None."""
    if text[10] != "/":
        return None
    start, end = _plain_day(text[:10]), _plain_day(text[11:])
    return (start, end) if start is not None and end is not None and start <= end else None


def _plain_month(text: str) -> tuple[int, int] | None:
    """The year and month of YYYY-MM in ASCII digits (seven characters), or None."""
    if not (text.isascii() and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit()):
        return None
    year, month = int(text[:4]), int(text[5:])
    return (year, month) if year >= 1 and 1 <= month <= 12 else None


# Typed dates in digits, each part separated by one of - / . or a space, the same one throughout (compiled when a
# date is typed, not at every start).
_compiled = cache(re.compile)
_YEAR_FIRST = r"([0-9]{4})(?:([-/. ])([0-9]{1,2})(?:\2([0-9]{1,2}))?)?"  # 2021, 2021/10, 2021-10-5
_COMPACT = r"([0-9]{4})([0-9]{2})([0-9]{2})"  # 20211005 (ISO 8601's basic form)
_YEAR_LAST = r"([0-9]{1,2})([-/. ])(?:([0-9]{1,2})\2)?([0-9]{4})"  # 10/2021, 31/12/2021, 12/31/2021
_SHORT_YEAR = r"[0-9]{1,4}([-/. ])[0-9]{1,2}\1[0-9]{1,2}"  # 05/10/21, 21-10-05
_LIKE = "write it like 2021, Oct 2021, 2021-10-05 or 5 October 2021"
# Two defaults that differ in every field: a field that changes with the default was not typed.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def parse_user_date(text: str) -> EventDate:
    """Parse a date a person typed, kept at the precision typed: ``May 2021`` is May 1-31 whatever today is.

    Digits: ``2021``, ``2021-10``, ``2021-10-05``, ``2021/10/5``, ``20211005``, ``10/2021``, ``31/12/2021`` (day
    first, as 31 is no month), ``12/31/2021``; words: ``Oct 2021``, ``Oct. 5, 2021``, ``October 5th, 2021``,
    ``5 October 2021``; the stored forms too (``2021-10~``, ``2021-10-05/2021-10-17``). Refused, as DateError with
    a message for people: a day and month that could be either (``05/10/2021``), with both readings.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise DateError(f"an empty date; {_LIKE}")
    if _EDTF.fullmatch(cleaned):
        return _checked(cleaned, parse_edtf, cleaned)
    digits = _in_digits(cleaned)
    if digits is not None:
        return digits
    if not any(map(str.isalpha, cleaned)):
        raise DateError(f"{cleaned!r} is not a date I can read; {_LIKE}")
    if any(char.isdigit() and not char.isascii() for char in cleaned):
        raise DateError(f"{cleaned!r}: write its digits as 0-9")
    return _parse_words(cleaned)


def _checked(text: str, parse: Callable[..., EventDate], *args: Any) -> EventDate:
    """What `parse` makes of `text`; a day or month that does not exist said with the date as typed."""
    try:
        return parse(*args)
    except DateError as error:
        raise DateError(f"{text!r}: {error}") from None


def _day(year: str, month: str | None, day: str | None) -> EventDate:
    return EventDate(Point(int(year), int(month) if month else None, int(day) if day else None))


def _in_digits(text: str) -> EventDate | None:
    """A date written in digits, or None when `text` is not one; DateError when it is one but wrong or ambiguous."""
    if found := _compiled(_YEAR_FIRST).fullmatch(text):
        year, _, month, day = found.groups()
        return _checked(text, _day, year, month, day)
    if found := _compiled(_COMPACT).fullmatch(text):
        return _checked(text, _day, *found.groups())
    if found := _compiled(_YEAR_LAST).fullmatch(text):
        first, _, second, year = found.groups()
        if second is None:
            return _checked(text, _day, year, first, None)
        return _day_and_month(text, int(first), int(second), year)
    if _compiled(_SHORT_YEAR).fullmatch(text):
        raise DateError(f"{text!r}: write the year with all four digits (2021, not 21)")
    return None


def _day_and_month(text: str, first: int, second: int, year: str) -> EventDate:
    """31/12/2021 is day first (31 is no month), 12/31/2021 month first; 05/10/2021 could be either: refused."""
    if first > 12 or first == second:
        return _checked(text, _day, year, str(second), str(first))
    if second > 12:
        return _checked(text, _day, year, str(first), str(second))
    day_first, month_first = (EventDate(Point(int(year), m, d)) for d, m in ((first, second), (second, first)))
    raise DateError(
        f"{text!r} could be day first or month first: write {day_first.edtf()} for {_long(day_first)} "
        f"or {month_first.edtf()} for {_long(month_first)}"
    )


def _long(day: EventDate) -> str:
    when = day.earliest
    return f"{when.day} {MONTH_NAMES[when.month]} {when.year}"


def _parse_words(cleaned: str) -> EventDate:
    import warnings

    from dateutil import parser  # costs ~20 ms: only typed dates in words need it

    try:
        with warnings.catch_warnings():
            # dateutil warns of what it half understood (a letter taken for a time zone: `2:5T653`): not a date.
            warnings.simplefilter("error")
            first, second = (parser.parse(cleaned, default=default) for default in _DEFAULTS)
    except (ValueError, OverflowError, parser.ParserError, Warning):
        _no_such_day(cleaned)  # (`Feb 30, 2021`: said as `2021-02-30` is, not as a date not read)
        raise DateError(f"{cleaned!r} is not a date I can read; {_LIKE}") from None
    if first.year != second.year:
        raise DateError(f"{cleaned!r} has no year; add one, e.g. {cleaned} 2021")
    has_month = first.month == second.month
    has_day = first.day == second.day
    if has_day and not has_month:
        raise DateError(f"{cleaned!r} has a day but no month; {_LIKE}")
    _each_word_read(cleaned, first, has_day)
    return EventDate(Point(first.year, first.month if has_month else None, first.day if has_day else None))


def _no_such_day(cleaned: str) -> None:
    """Raise the DateError of a day its month does not have, when that is what a date in words is: a month's name, a
    day and a year, each once (read by us, not by dateutil, which says only that it cannot)."""
    month = day = year = None
    for token in _compiled(r"[^\W\d_]+|\d+").findall(cleaned.lower()):
        named = _MONTH_WORDS.get(token)
        if named is not None and month is None:
            month = str(named)
        elif token.isdigit() and len(token) <= 2 and day is None:
            day = token
        elif token.isdigit() and len(token) == 4 and year is None:
            year = token
        elif token not in _ORDINALS and token != "of":
            return
    if month and day and year:
        _checked(cleaned, _day, year, month, day)


# The words of months and weekdays, as dateutil takes them (`oct`, `october`, `sept`; `tue`, `tuesday`): ours.
_MONTH_WORDS = {word: n for n, name in enumerate(MONTH_NAMES) if n for word in (name.lower(), name[:3].lower())}
_MONTH_WORDS["sept"] = 9
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_WORDS = {word: n for n, name in enumerate(_WEEKDAYS) for word in (name, name[:3])}
_ORDINALS = {"st", "nd", "rd", "th"}
_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}  # (every other day: th)


def _each_word_read(cleaned: str, read: datetime, has_day: bool) -> None:
    """Refuse a date in words of which dateutil read only part: every number is its year or its day, every word its
    month, its day's own weekday, the day's ordinal suffix (`5th`, right after it), or `of` between the day or the
    month and what follows it, each once; dateutil skips the rest (`1999 Oct 5 2021` was Oct 5, 2021;
    `Monday, Oct 5, 2021` too, a Tuesday; `Oct 5 2021 at 10 pm` the same day; `Sunday, 2021` the year). Our own
    names, not dateutil's."""
    year, day, month = str(read.year), read.day if has_day else None, MONTH_NAMES[read.month].lower()
    month_words = {word for word, number in _MONTH_WORDS.items() if number == read.month}
    found = list(_compiled(r"[^\W\d_]+|\d+|[^\w\s]").finditer(cleaned))
    words = [match.group().lower() for match in found]
    unread: list[str] = []
    weekday = of = False
    for at, (match, word) in enumerate(zip(found, words, strict=True)):
        before, after = words[at - 1] if at else "", words[at + 1] if at + 1 < len(words) else ""
        if year and word.isdigit() and len(word) >= 3 and int(word) == read.year:  # (0999 too)
            year = ""
        elif word.isdigit() and len(word) <= 2 and int(word) == day:
            day = None
        elif month and word in month_words:
            month = ""
        elif word in ",.-/'":
            pass
        elif word == _ORDINAL.get(read.day, "th") and before.isdigit() and int(before) == read.day and day is None:
            if cleaned[match.start() - 1].isspace():  # (`5 th`: not a suffix)
                unread.append(match.group())
        elif word == "of" and not of and (
            ((before.isdigit() or before in _ORDINALS) and day is None and (after in month_words or not month))
            or (before in month_words and not month)
        ) and after in (*month_words, str(read.year)):
            of = True  # (`5th of October`, `October of 2021`, `October 5th of 2021`)
        elif word in _WEEKDAY_WORDS and not weekday:
            weekday = True
            named = _WEEKDAYS[_WEEKDAY_WORDS[word]]
            if not has_day:
                raise DateError(f"{cleaned!r}: a weekday without its day; {_LIKE}")
            if named != _WEEKDAYS[read.weekday()]:
                was = f"{MONTH_NAMES[read.month]} {read.day}, {read.year} was a {_WEEKDAYS[read.weekday()].title()}"
                raise DateError(f"{cleaned!r}: {was}, not a {named.title()}")
        else:
            unread.append(match.group())
    if unread:
        if unread[0].isdigit() and len(unread[0]) == 2 and int(unread[0]) == read.year % 100:
            raise DateError(f"{cleaned!r}: write the year with all four digits ({read.year}, not {unread[0]})")
        left = f"{unread[0]!r} is left over: a date in words is a day, a month and a year"
        raise DateError(f"{cleaned!r} is not a date I can read ({left}); {_LIKE}")
    if day is not None:  # (dateutil made up a day from a weekday: `Monday Oct 2021`)
        raise DateError(f"{cleaned!r}: a weekday without its day; {_LIKE}")


def stored_form(text: str) -> str | None:
    """The stored form of a date written another way, when it has one reading (`Oct 2021` gives `2021-10`)."""
    try:
        return parse_user_date(text).edtf()
    except DateError:
        return None
