"""`spacefilm chart`: layout arithmetic on synthetic data, and the picture as the user gets it."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from conftest import event
from spacefilm.chart import BAR, BREAK, MIN_SEGMENT, PLAN_POINT, POINT, SPAN, Axis, Item, Segment, axis, marks, ticks
from spacefilm.render.chart_view import distinct_labels
from spacefilm.render.plain import truncate, width

Run = Callable[..., Result]


def item(start: date, end: date | None = None, precise: bool = True, planned: bool = False) -> Item:
    return Item("x", start, end or start, precise, planned, "us")


def test_crowded_years_get_more_columns_than_their_length_alone() -> None:
    crowded = [item(date(2020, 5, day)) for day in range(1, 29)]
    plot = axis([item(date(1960, 1, 1)), item(date(1975, 1, 1)), *crowded], 100)
    last = plot.segments[-1]
    assert last.start == date(2020, 5, 1) and last.width > 40


def test_positions_are_proportional_within_a_segment() -> None:
    items = [item(date(2020, 1, 1)), item(date(2020, 12, 31))]
    plot = axis(items, 101)
    assert len(plot.segments) == 1 and plot.width == 101
    assert plot.column(date(2020, 1, 1)) == 0
    assert plot.column(date(2020, 12, 31)) == 100
    assert plot.column(date(2020, 7, 1)) == round(182 / 365 * 100)


def test_a_long_gap_is_cut_and_both_ends_stay_legible() -> None:
    items = [
        item(date(1984, 4, 6), date(1984, 4, 13)),
        item(date(1985, 6, 1)),
        item(date(2020, 5, 4)),
        item(date(2021, 10, 5), date(2021, 10, 17)),
    ]
    plot = axis(items, 80)
    assert len(plot.segments) == 2
    early, late = plot.segments
    assert early.end < date(2000, 1, 1) < late.start
    assert early.width >= MIN_SEGMENT and late.width >= MIN_SEGMENT
    assert late.offset == early.offset + early.width + len(BREAK)
    assert plot.width <= 80
    # May 2020 and Oct 2021 do not share a column: the race is not squashed.
    assert plot.column(date(2021, 10, 5)) - plot.column(date(2020, 5, 4)) >= 10


def test_no_break_when_the_gap_is_short() -> None:
    assert len(axis([item(date(2020, 1, 1)), item(date(2021, 6, 1))], 60).segments) == 1


@given(
    st.lists(st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)), min_size=1, max_size=30),
    st.integers(min_value=40, max_value=200),
)
def test_ticks_never_overlap_and_stay_inside(days: list[date], width: int) -> None:
    plot = axis([item(day) for day in days], width)
    placed = ticks(plot)
    for tick, after in itertools.pairwise(placed):
        assert tick.column + len(tick.label) < after.column
    assert all(tick.column >= 0 and tick.column + len(tick.label) <= plot.width for tick in placed)
    assert all(0 <= plot.column(day) < plot.width for day in days)


@given(
    st.lists(st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)), min_size=1, max_size=30),
    st.integers(min_value=40, max_value=200),
)
def test_every_tick_can_be_read_as_its_date(days: list[date], width: int) -> None:
    """A year reads as itself; a month names its year, or follows a tick of its segment that named that year."""
    plot = axis([item(day) for day in days], width)
    year_in_force: dict[int, str] = {}  # segment offset -> the last year its ticks named
    for tick in ticks(plot):
        segment = max((s for s in plot.segments if s.offset <= tick.column), key=lambda s: s.offset)
        month, _, year = tick.label.partition(" ")
        if month.isdigit():
            assert int(month) == tick.day.year
            continue
        assert month == f"{tick.day:%b}"
        year_in_force[segment.offset] = year or year_in_force[segment.offset]
        assert year_in_force[segment.offset] == str(tick.day.year), tick


def test_a_year_without_room_for_january_is_named_on_a_later_month() -> None:
    plot = Axis((Segment(date(2021, 11, 1), date(2022, 8, 31), 0, 30),), 30)
    assert [t.label for t in ticks(plot)][:2] == ["Nov 2021", "Feb 2022"]


def test_marks_by_precision_and_status() -> None:
    plot = axis([item(date(2021, 1, 1)), item(date(2021, 12, 31))], 100)
    assert marks(item(date(2021, 10, 5)), plot)[2] == POINT
    start, end, char = marks(item(date(2021, 10, 5), date(2021, 10, 17)), plot)
    assert (char, end > start) == (BAR, True)
    assert marks(item(date(2021, 5, 1), date(2021, 5, 31), precise=False), plot)[2] == SPAN
    assert marks(item(date(2021, 10, 5), planned=True), plot)[2] == PLAN_POINT


def test_chart_of_the_builtin_dataset(run: Run) -> None:
    out = run("chart", "--width", "160").stdout
    assert "\x1b" not in out
    assert all(len(line) <= 160 for line in out.splitlines())
    ticks_line = out.splitlines()[0]
    assert "1983" in ticks_line and "2020" in ticks_line
    russia = run("chart", "--width", "160", "--country", "russia").stdout
    assert "\u2248" in russia  # the empty years (2006 to 2019) are cut
    assert "Peresild and Shipenko film aboard the ISS" in out


@pytest.mark.parametrize("columns", ["60", "200"])
def test_chart_fits_the_width(run: Run, columns: str) -> None:
    out = run("chart", "--width", columns, "--by", "project").stdout
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    assert "The Challenge" in out and "Untitled Tom Cruise" in out


def test_svg_is_well_formed_and_has_every_label(run: Run, tmp_path: Path, write_dataset: Callable[..., Path]) -> None:
    data = write_dataset(
        {
            "events": [
                event("a", "1984-04-06/1984-04-13", title="Alpha & <first>"),
                event("b", "2021-10", country="ru", title="Bravo"),
                event("c", "2021-10-05", title="Charlie", status="unrealized"),
            ]
        }
    )
    svg, html = tmp_path / "c.svg", tmp_path / "c.html"
    result = run("--data", str(data), "chart", "--svg", str(svg), "--html", str(html))
    assert result.exit_code == 0 and f"Saved {svg}" in result.stderr
    root = ElementTree.parse(svg).getroot()
    drawn = "".join(root.itertext()).replace("\xa0", " ")
    for label in ("Alpha & <first>", "Bravo", "Charlie"):
        assert label in drawn
    assert "Bravo" in html.read_text(encoding="utf-8")


def test_svg_in_no_folder_is_a_usage_error_before_drawing(run: Run, tmp_path: Path) -> None:
    result = run("chart", "--svg", str(tmp_path / "no" / "such" / "dir.svg"))
    assert result.exit_code == 2 and "there is no folder" in result.stderr and result.stdout == ""


def test_an_open_end_runs_to_the_last_day_shown(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = write_dataset({"events": [event("open", "2021/..", title="Still going"), event("b", "2023-06-01")]})
    lines = run("--data", str(data), "chart", "--width", "80").stdout.splitlines()
    open_row = next(line for line in lines if line.startswith("Still going"))
    point_row = next(line for line in lines if line.startswith("Title of b"))
    assert len(open_row) == len(point_row)  # the span reaches the column of the last event


@given(st.text(min_size=0, max_size=60), st.integers(min_value=1, max_value=40))
def test_a_label_is_cut_to_its_columns_with_an_ellipsis(text: str, columns: int) -> None:
    cut = truncate(text, columns)
    assert width(cut) <= columns
    if cut != text:
        assert cut.endswith("\u2026") and text.startswith(cut[:-1])
        assert width(cut[:-1]) >= columns - 2  # nothing more was given up than a wide character


def test_a_title_of_megabytes_is_drawn(run: Run, write_dataset: Callable[..., Path]) -> None:
    """The label column is cut in one step (it was cut a character at a time: a 3 MB title never finished)."""
    title = "Вызов " * 500_000
    path = write_dataset({"events": [event("a", "2021-10-05", title=title), event("b", "2022")]})
    out = run("--data", str(path), "chart", "--width", "80").stdout
    assert max(width(line) for line in out.splitlines()) <= 80
    assert "Вызов Вызов" in out and "\u2026" in out


@pytest.mark.parametrize("columns", ["60", "80", "100", "200"])
def test_the_axis_names_the_first_and_the_last_year(run: Run, columns: str) -> None:
    events = json.loads(run("timeline", "--json").stdout)
    first, last = events[0]["earliest"][:4], max(e["latest"] or e["earliest"] for e in events)[:4]
    ticks_line = run("chart", env={"COLUMNS": columns}).stdout.splitlines()[0].split()
    assert ticks_line[0] == first and ticks_line[-1].endswith(last)


@pytest.mark.parametrize("columns", ["60", "80"])
def test_no_two_rows_read_the_same(run: Run, columns: str) -> None:
    lines = run("chart", env={"COLUMNS": columns}).stdout.splitlines()
    plot_start = lines[1].index("\u2500")
    labels = [line[:plot_start].strip() for line in lines[2:] if line.strip() and line[:plot_start].strip()]
    rows = labels[: len(json.loads(run("timeline", "--json").stdout))]
    assert len(rows) == len(set(rows))


def test_distinct_labels_keep_the_end_or_a_number() -> None:
    labels = ["Peresild and Shipenko film aboard the ISS", "Peresild and Shipenko land in Kazakhstan", "Same", "Same"]
    assert distinct_labels(labels, 20) == ["Peresild and Shipen\u2026", "Peresild\u2026Kazakhstan", "Same", "Same #2"]


def test_without_colour_each_country_has_its_own_letter(run: Run) -> None:
    legend = run("chart").stdout.split("\n\n")[-1]  # a pipe: no colour
    entries = re.findall(r"(?:^|   )(\S) ([^\n]+?)(?=   |$)", legend, re.M)
    countries = dict((name, letter) for letter, name in entries if letter.isalpha())
    assert {"Russia", "United States", "Soviet Union"} <= set(countries)
    assert len(set(countries.values())) == len(countries)  # one letter each, none shared
    assert f"\u25cf{countries['Russia']}" in run("chart", "--country", "russia").stdout  # beside the marks too
    coloured = run("--color", "always", "chart").stdout
    assert "\u25a0 Russia" in coloured


@pytest.mark.parametrize("columns", ["60", "100", "200"])
def test_the_countries_of_the_legend_begin_a_line_of_their_own(run: Run, columns: str) -> None:
    """What the marks mean, then what the letters mean: never a country at the end of the marks' line."""
    lines = run("chart", env={"COLUMNS": columns}).stdout.split("\n\n")[-1].splitlines()
    last_of_marks = max(i for i, line in enumerate(lines) if "a day" in line or "never happened" in line)
    assert "never happened" in lines[last_of_marks]
    assert lines[last_of_marks + 1].startswith(("S Soviet Union", "U United States"))
    assert not any(country in " ".join(lines[: last_of_marks + 1]) for country in ("Russia", "United States"))
