from __future__ import annotations

import calendar
import re
import warnings
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from spacefilm.dates import DateError, EventDate, Point, check, derive, parse_edtf, parse_user_date

MONTH_NAMES = list(calendar.month_name)[1:]


@st.composite
def points(draw: st.DrawFn, qualifiers: bool = True) -> str:
    year = draw(st.integers(1, 9999))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    text = f"{year:04d}"
    if precision != "year":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if precision == "day":
            text += f"-{draw(st.integers(1, calendar.monthrange(year, month)[1])):02d}"
    return text + (draw(st.sampled_from(["", "~", "?", "%"])) if qualifiers else "")


@st.composite
def edtf_dates(draw: st.DrawFn) -> str:
    start = draw(points())
    shape = draw(st.sampled_from(["single", "interval", "open"]))
    if shape == "open":
        return f"{start}/.."
    if shape == "single":
        return start
    end = draw(points())
    if parse_edtf(end).latest < parse_edtf(start).earliest:
        start, end = end, start
    return f"{start}/{end}"


@given(edtf_dates())
def test_edtf_round_trips(text: str) -> None:
    parsed = parse_edtf(text)
    assert parsed.edtf() == text
    assert parse_edtf(parsed.edtf()) == parsed


@given(edtf_dates())
def test_bounds_are_ordered(text: str) -> None:
    parsed = parse_edtf(text)
    assert parsed.earliest <= parsed.latest
    assert parsed.precision in ("year", "month", "day")


@given(edtf_dates(), edtf_dates())
def test_ordering_agrees_with_bounds(a: str, b: str) -> None:
    first, second = parse_edtf(a), parse_edtf(b)
    if first.sort_key < second.sort_key:
        assert (first.earliest, first.latest) <= (second.earliest, second.latest)
    if first.latest < second.earliest:
        assert first.sort_key < second.sort_key


def derived_slowly(text: str) -> tuple[str, str | None, str, str]:
    parsed = parse_edtf(text)
    return parsed.earliest.isoformat(), parsed.iso_latest(), parsed.precision, parsed.display()


@given(edtf_dates())
def test_derive_agrees_with_the_parsed_date(text: str) -> None:
    assert derive(text) == derived_slowly(text)
    check(text)


def assert_derives_as_parsed(text: str) -> None:
    """derive gives what parse_edtf gives, or the same error; check refuses what they refuse, with that error."""
    try:
        expected = derived_slowly(text)
    except DateError as error:
        for function in (derive, check):
            with pytest.raises(DateError, match=f"^{re.escape(str(error))}$"):
                function(text)
    else:
        assert derive(text) == expected
        check(text)  # (raises nothing)


plain_day = st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32))


@given(plain_day, st.one_of(st.none(), plain_day))
def test_derive_of_plain_days_agrees_even_when_invalid(start: str, end: str | None) -> None:
    """The fast path for days and day intervals: the same answer as parse_edtf, or the same error."""
    text = start if end is None else f"{start}/{end}"
    assert_derives_as_parsed(text)


plain_month = st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13))


@given(plain_month)
def test_derive_of_plain_months_agrees_even_when_invalid(text: str) -> None:
    """The fast path for months: the same answer as parse_edtf (the last day of February too), or the same error."""
    assert_derives_as_parsed(text)


@example("{}", ["20211005  ", ""])  # what fromisoformat takes: a day in ISO's basic form, then spaces
@example("{}", ["2021-W40-1", ""])  # a week's day
@example("{}/2021-10-05", ["2021W401  ", ""])
@given(
    st.sampled_from(["{}", "{}/{}", "{}/2021-10-05", "2021-10-05/{}"]),
    st.lists(st.text(alphabet="0123456789-+/ W:T.\u0662\uff11", min_size=10, max_size=10), min_size=2, max_size=2),
)
def test_derive_of_anything_shaped_like_a_day_agrees(form: str, texts: list[str]) -> None:
    """Ten characters that are no plain day (a sign, a week, a space, digits of other scripts) leave the fast path
    with the same answer or error as parse_edtf."""
    text = form.format(*texts)
    assert_derives_as_parsed(text)


@example("2021-1 ")
@example("+2021-1")
@example("2021-\u0661\u0660")  # Arabic-Indic digits
@given(st.text(alphabet="0123456789-+/ ~?%\u0662\uff11", min_size=7, max_size=7))
def test_derive_of_anything_shaped_like_a_month_agrees(text: str) -> None:
    """Seven characters that are no plain month leave the fast path with the same answer or error as parse_edtf."""
    assert_derives_as_parsed(text)


@given(points(qualifiers=False))
def test_display_of_a_plain_date_reads_back_as_the_same_interval(text: str) -> None:
    parsed = parse_edtf(text)
    if parsed.earliest.year < 1000:
        return  # dateutil reads a 3-digit year in words differently; typed dates of that age are out of scope
    again = parse_user_date(parsed.display())
    assert (again.earliest, again.latest, again.precision) == (parsed.earliest, parsed.latest, parsed.precision)


@given(st.integers(1000, 9999), st.integers(1, 12))
def test_typed_month_keeps_month_precision(year: int, month: int) -> None:
    for typed in (f"{MONTH_NAMES[month - 1]} {year}", f"{calendar.month_abbr[month]} {year}"):
        parsed = parse_user_date(typed)
        assert parsed.precision == "month"
        assert parsed.earliest == date(year, month, 1)
        assert parsed.latest == date(year, month, calendar.monthrange(year, month)[1])


@given(st.dates(min_value=date(1000, 1, 1)))
def test_typed_day_in_every_common_form(day: date) -> None:
    forms = [
        day.isoformat(),
        f"{calendar.month_abbr[day.month]}. {day.day}, {day.year}",
        f"{day.day} {calendar.month_name[day.month]} {day.year}",
        f"{calendar.month_name[day.month]} {day.day}, {day.year}",
    ]
    for typed in forms:
        parsed = parse_user_date(typed)
        assert (parsed.earliest, parsed.latest, parsed.precision) == (day, day, "day"), typed


@pytest.mark.parametrize("today", [date(2026, 11, 24), date(2024, 2, 29), date(2021, 1, 31)])
def test_typed_dates_ignore_today(monkeypatch: pytest.MonkeyPatch, today: date) -> None:
    """dateutil fills missing fields from today; the precision typed must win whatever today is."""
    import datetime as real

    from dateutil.parser import _parser

    class Today(real.datetime):
        @classmethod
        def now(cls, tz: real.tzinfo | None = None) -> Today:
            return cls(today.year, today.month, today.day)

    fake = type("FakeDatetimeModule", (), {"datetime": Today})
    monkeypatch.setattr(_parser, "datetime", fake)
    assert _parser.parser().parse("May 2020").day == today.day  # the patch is live: dateutil alone would guess
    parsed = parse_user_date("May 2020")
    assert (parsed.earliest, parsed.latest) == (date(2020, 5, 1), date(2020, 5, 31))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2020-05", "May 2020"),
        ("2020-09-22", "Sep 22, 2020"),
        ("2021-10-05/2021-10-17", "Oct 5\u201317, 2021"),
        ("1984-08-30/1984-09-05", "Aug 30 \u2013 Sep 5, 1984"),
        ("2021-05/2021-06", "May\u2013Jun 2021"),
        ("1983/1984", "1983\u20131984"),
        ("1996~", "c. 1996"),
        ("2021?", "2021?"),
        ("2021-10%", "c. Oct 2021?"),
        ("2021-10/..", "since Oct 2021"),
        ("2021-12-30/2022-01-02", "Dec 30, 2021 \u2013 Jan 2, 2022"),
    ],
)
def test_display(text: str, shown: str) -> None:
    assert parse_edtf(text).display() == shown


def test_interval_bounds_and_precision() -> None:
    shoot = parse_edtf("2021-10-05/2021-10-17")
    assert (shoot.earliest, shoot.latest) == (date(2021, 10, 5), date(2021, 10, 17))
    assert shoot.latest - shoot.earliest == timedelta(days=12)
    assert parse_edtf("2020-05").latest == date(2020, 5, 31)
    assert parse_edtf("2020-02").latest == date(2020, 2, 29)
    assert parse_edtf("2021-05/2021-06-03").precision == "month"
    assert parse_edtf("2021-10/..").iso_latest() is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-02-30", "Feb 2021 has no day 30"),
        ("2021-02-29", "Feb 2021 has no day 29"),
        ("2021-13", "month 13 does not exist"),
        ("0000", "year 0000 is out of range"),
        ("Octember", "is not a date"),
        ("2021-10-17/2021-10-05", "ends (2021-10-05) before it starts (2021-10-17)"),
        ("21-10-05", "is not a date of the form"),
        ("", "is not a date of the form"),
    ],
)
def test_invalid_stored_dates_are_errors(text: str, message: str) -> None:
    with pytest.raises(DateError, match=re.escape(message)):
        parse_edtf(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("05/10/2021", "day first or month first"),
        ("2021-02-30", "no day 30"),
        ("2021-13", "month 13"),
        ("Octember 2021", "not a date I can read"),
        ("Oct 5", "has no year"),
        ("", "empty"),
    ],
)
def test_invalid_typed_dates_are_errors(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_user_date(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # dateutil reads each of these as a date, skipping what it cannot place: the user meant something else
        ("1999 Oct 5 2021", "'2021' is left over"),
        ("Oct 5 2021 at 10 pm", "'at' is left over"),
        ("Oct 5, 2021, 7", "not a date I can read"),
        ("Monday, Oct 5, 2021", "October 5, 2021 was a Tuesday, not a Monday"),
        ("Monday Oct 2021", "a weekday without its day"),
        ("Oct 5 21", "write the year with all four digits (2021, not 21)"),
        ("Sunday, 2021", "a weekday without its day"),
        ("Oct 5 2021 Tuesday Tuesday", "'Tuesday' is left over"),
        ("Oct 5 2021 th th", "'th' is left over"),
        ("2021 st", "'st' is left over"),
        ("of 2021", "'of' is left over"),
        ("Oct 5 2021 of", "'of' is left over"),
        ("Oct 2021 of 5", "'of' is left over"),
        ("October 5st, 2021", "'st' is left over"),
        ("October 1th, 2021", "'th' is left over"),
        ("October 5 th 2021", "'th' is left over"),
    ],
)
def test_a_date_in_words_read_only_in_part_is_refused(text: str, message: str) -> None:
    with pytest.raises(DateError, match=re.escape(message)):
        parse_user_date(text)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("5th of October 2021", "2021-10-05"),
        ("October of 2021", "2021-10"),
        ("Tuesday, October 5th, 2021", "2021-10-05"),
        ("Tue., Oct. 5, 2021", "2021-10-05"),
        ("Sept. 5, 2021", "2021-09-05"),
        ("2021, October 5", "2021-10-05"),
        ("5-Oct-2021", "2021-10-05"),
        ("may 2021", "2021-05"),
        ("October 5th of 2021", "2021-10-05"),
        ("Oct 22nd 2021", "2021-10-22"),
        ("Oct 11th 2021", "2021-10-11"),
    ],
)
def test_a_date_in_words_as_people_write_it_is_read(text: str, read: str) -> None:
    assert parse_user_date(text).edtf() == read


@given(st.dates(min_value=date(1000, 1, 1)), st.integers(0, 6), st.integers(0, 9999))
def test_a_date_in_words_is_read_whole_or_refused(day: date, weekday: int, extra: int) -> None:
    """The day's own weekday is taken, any other refused; a number more, anywhere a date has none, is refused."""
    name = calendar.day_name[weekday]
    typed = f"{name}, {calendar.month_name[day.month]} {day.day}, {day.year}"
    if weekday == day.weekday():
        assert parse_user_date(typed).edtf() == day.isoformat()
    else:
        with pytest.raises(DateError, match=f"was a {calendar.day_name[day.weekday()]}, not a {name}"):
            parse_user_date(typed)
    with pytest.raises(DateError):
        parse_user_date(f"{calendar.month_abbr[day.month]} {day.day}, {day.year} {extra}")


@pytest.mark.parametrize("text", ["2:5T653", "Oct 5 2:5T653"])
def test_what_dateutil_half_understands_is_refused_without_a_warning(text: str) -> None:
    """A letter dateutil takes for a time zone it does not know: it warned (a Python warning on the terminal) and
    read `2:5T653` as the year 653."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DateError, match="not a date I can read"):
            parse_user_date(text)


def test_typed_year_is_the_whole_year() -> None:
    parsed = parse_user_date("2021")
    assert (parsed.earliest, parsed.latest, parsed.precision) == (date(2021, 1, 1), date(2021, 12, 31), "year")


def test_began_and_ended_of_an_interval() -> None:
    shoot = parse_edtf("2021-10-05/2021-10-17")
    assert shoot.began == EventDate(Point(2021, 10, 5))
    ended = shoot.ended
    assert ended is not None and ended.earliest == date(2021, 10, 17)
    assert parse_edtf("2021/..").ended is None


@given(edtf_dates(), st.one_of(st.none(), edtf_dates()), st.one_of(st.none(), edtf_dates()))
@example("2020-02", "2020-02-29", None)  # (the window opens on a month's last day, or shuts on its first)
@example("2021-04", "2021-04-30", None)
@example("2021-04", None, "2021-04-01")
@example("2021", "2021-12-31", "2021-01-01")
@example("2021-10-05/2021-10-17", "2021-10-17", "2021-10-05")
def test_a_window_reads_a_date_as_its_derivation_does(text: str, since: str | None, until: str | None) -> None:
    """A filter by dates decides most dates from their text alone (never deriving those outside the window): the
    same as from what the date derives to, for every form and window."""
    from spacefilm.query import Filters, Keep

    window = Filters(since=parse_edtf(since) if since else None, until=parse_edtf(until) if until else None)
    keep = Keep(window, {text: derive(text)})
    earliest, latest, *_ = derive(text)
    assert keep._in_window(text) == ((latest or "9999-12-31") >= keep.low and earliest <= keep.high)


@given(st.integers(1000, 9999), st.integers(1, 12), st.integers(29, 31))
def test_a_day_its_month_has_not_is_said_alike_in_words_and_in_digits(year: int, month: int, day: int) -> None:
    """`Feb 30, 2021` was "not a date I can read"; `2021-02-30` says Feb 2021 has no day 30: now both do."""
    if day <= calendar.monthrange(year, month)[1]:
        return
    with pytest.raises(DateError) as in_digits:
        parse_user_date(f"{year}-{month:02d}-{day}")
    said = str(in_digits.value).split(": ", 1)[1]
    assert said.endswith(f"has no day {day} (it has {calendar.monthrange(year, month)[1]} days)")
    for typed in (
        f"{calendar.month_abbr[month]} {day}, {year}",
        f"{day} {calendar.month_name[month]} {year}",
        f"{calendar.month_name[month]} {day}th, {year}",
    ):
        with pytest.raises(DateError) as in_words:
            parse_user_date(typed)
        assert str(in_words.value) == f"{typed!r}: {said}"


def test_a_year_before_1000_typed_in_words_is_its_year() -> None:
    """The check that every number is read took the year's text as Python writes it: `0999` was left over."""
    assert parse_user_date("Oct 5, 0999").edtf() == "0999-10-05"
