"""`spacefilm chart`: layout arithmetic on synthetic data, and the picture as the user gets it."""

from __future__ import annotations

import itertools
import json
import math
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import event
from spacefilm.render.chart import (
    BAR,
    BREAK,
    MIN_SEGMENT,
    PLAN_POINT,
    POINT,
    SPAN,
    Item,
    axis,
    column,
    marks,
    placed,
    ticks,
)
from spacefilm.render.chart_view import distinct_labels
from spacefilm.render.plain import truncate, width
from spacefilm.render.timescale import Scale, Starts, Stretch, fit

Run = Callable[..., Result]


def item(start: date, end: date | None = None, precise: bool = True, planned: bool = False) -> Item:
    return Item("x", start, end or start, precise, planned, "us")


def test_crowded_years_get_more_columns_than_their_length_alone() -> None:
    crowded = [item(date(2020, 5, day)) for day in range(1, 29)]
    plot = axis([item(date(1960, 1, 1)), item(date(1975, 1, 1)), *crowded], 100)
    last = plot.stretches[-1]
    assert last.start == date(2020, 5, 1) and last.x1 - last.x0 > 40
    assert plot.enlarged() and plot.enlarged()[-1][0] == last  # and it is said to be drawn larger


def test_positions_are_proportional_within_a_stretch() -> None:
    items = [item(date(2020, 1, 1)), item(date(2020, 12, 31))]
    plot = axis(items, 101)
    assert len(plot.stretches) == 1 and plot.x1 == 101
    assert column(plot, date(2020, 1, 1)) == 0
    assert column(plot, date(2020, 12, 31)) == 100
    assert column(plot, date(2020, 7, 1)) == int(182 * 101 / 366)


def test_a_long_gap_is_cut_and_both_ends_stay_legible() -> None:
    items = [
        item(date(1984, 4, 6), date(1984, 4, 13)),
        item(date(1985, 6, 1)),
        item(date(2020, 5, 4)),
        item(date(2021, 10, 5), date(2021, 10, 17)),
    ]
    plot = axis(items, 80)
    assert len(plot.stretches) == 2
    early, late = plot.stretches
    assert early.end < date(2000, 1, 1) < late.start
    assert early.x1 - early.x0 >= MIN_SEGMENT and late.x1 - late.x0 >= MIN_SEGMENT
    assert late.x0 == early.x1 + len(BREAK)
    assert plot.x1 == 80
    # May 2020 and Oct 2021 do not share a column: the race is not squashed.
    assert column(plot, date(2021, 10, 5)) - column(plot, date(2020, 5, 4)) >= 10


def test_no_break_when_the_gap_is_short() -> None:
    assert len(axis([item(date(2020, 1, 1)), item(date(2021, 6, 1))], 60).stretches) == 1


DAYS = st.lists(st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)), min_size=1, max_size=30)


@given(DAYS, st.integers(min_value=40, max_value=200))
def test_ticks_never_overlap_and_stay_inside_their_stretch(days: list[date], width: int) -> None:
    plot = axis([item(day) for day in days], width)
    placed = ticks(plot)
    for tick, after in itertools.pairwise(placed):
        assert tick.right + 1 <= after.x
    for tick in placed:
        stretch = plot.of(tick.day)
        assert stretch.x0 <= tick.x and tick.right <= stretch.x1
    assert all(0 <= column(plot, day) < plot.x1 for day in days)


@given(DAYS, st.integers(min_value=40, max_value=200))
def test_every_cut_is_named_on_both_sides(days: list[date], width: int) -> None:
    """Each stretch's first tick names where it starts, at its left edge; and where there is room for both, its
    last tick names the year (or month) it ends in, where that begins, or against its right edge when the label does
    not fit there (unless the next stretch joins it, with no cut: the next one's first tick names that place)."""
    plot = axis([item(day) for day in days], width)
    placed = ticks(plot)
    for stretch, after in itertools.zip_longest(plot.stretches, plot.stretches[1:]):
        own = [tick for tick in placed if stretch.x0 <= tick.x < stretch.x1]
        assert own and own[0].x == stretch.x0 and own[0].edge
        assert own[0].label.split("\u2013")[0].split(" ")[-1] in (str(stretch.start.year), own[0].label.split(" ")[0])
        if len(own) > 1 and not (after and after.joined):
            last = own[-1]
            assert str(stretch.end.year) in last.label and last.right <= stretch.x1
            begins = min(stretch.at(last.day), stretch.x1 - last.width)
            assert last.x == begins or (begins < own[0].right + 1 and last.right == stretch.x1)  # (1: the gap)
            assert last.day <= stretch.end and (last.day.year, last.day.month) >= (stretch.end.year, 1)


@given(DAYS, st.integers(min_value=40, max_value=200))
def test_every_tick_can_be_read_as_its_date(days: list[date], width: int) -> None:
    """A year reads as itself; a month names its year, or follows a tick of its stretch that named that year (a
    stretch's first month may leave its year to its last, when both are in one year)."""
    plot = axis([item(day) for day in days], width)
    for stretch in plot.stretches:
        own = [tick for tick in ticks(plot) if stretch.x0 <= tick.x < stretch.x1]
        year_in_force = str(stretch.end.year) if stretch.start.year == stretch.end.year else None
        for tick in own:
            first, _, year = tick.label.partition(" ")
            if first.isdigit():
                assert int(first) == tick.day.year
                continue
            if "\u2013" in tick.label:  # a stretch named as a range where only one label fits
                continue
            assert first == f"{tick.day:%b}"
            year_in_force = year or year_in_force
            assert year_in_force == str(tick.day.year), tick


# (a joined stretch started 2e-14 before the one before ended: a gap added to x, then taken off again)
@example(
    [(date(2000, 1, 1), 0)] * 2
    + [(date(1974, 1, 1), 0)] * 5
    + [(date(year, 1, 1), 0) for year in (1972, 1960, 1947, 1934, 1922, 2086)],
    200,
)
@given(
    st.lists(st.tuples(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400)),
             min_size=1, max_size=40),
    st.integers(min_value=200, max_value=2000),
)  # fmt: skip
def test_one_rate_but_for_the_stretches_said_to_be_larger(spans: list[tuple[date, int]], length: int) -> None:
    """Every stretch is drawn at the scale's rate or larger, and those drawn larger are the ones named, with by how
    much; the stretches fill the length, in order, a gap apart (or joined, with no gap, to the day), each `least`
    long at least."""
    days = [(start, date.fromordinal(start.toordinal() + extra)) for start, extra in spans]
    scale = fit(days, 10.0, 10.0 + length, gap=30, least=90)
    named = {stretch: times for stretch, times in scale.enlarged()}
    for stretch in scale.stretches:
        times = stretch.per_day / scale.per_day
        assert times >= 1 - 1e-9
        assert (stretch in named) == (times > 1.05)
        assert stretch.x1 - stretch.x0 >= 90 - 1e-6
    assert scale.x0 == 10.0 and abs(scale.x1 - (10.0 + length)) < 1e-6
    for before, after in itertools.pairwise(scale.stretches):
        if after.joined:
            assert after.start == before.end + timedelta(days=1) and after.x0 == before.x1
        else:
            assert before.end < after.start and abs(after.x0 - before.x1 - 30) < 1e-6
    for start, end in days:  # every day of every span is drawn inside the stretch that holds it
        stretch = scale.of(start)
        assert stretch.start <= start and end <= scale.of(end).end


def test_a_year_without_room_for_january_is_named_on_a_later_month() -> None:
    plot = Scale((Stretch(date(2021, 11, 1), date(2022, 8, 31), 0, 40),))
    assert [t.label for t in ticks(plot)][:2] == ["Nov 2021", "Feb 2022"]


def test_marks_by_precision_and_status() -> None:
    plot = axis([item(date(2021, 1, 1)), item(date(2021, 12, 31))], 100)
    assert marks(item(date(2021, 10, 5)), plot)[2] == POINT
    start, end, char = marks(item(date(2021, 10, 5), date(2021, 10, 17)), plot)
    assert (char, end > start) == (BAR, True)
    assert marks(item(date(2021, 5, 1), date(2021, 5, 31), precise=False), plot)[2] == SPAN
    assert marks(item(date(2021, 10, 5), planned=True), plot)[2] == PLAN_POINT


def test_the_chart_says_which_stretches_are_drawn_larger(run: Run) -> None:
    out = run("chart", "--width", "100").stdout
    said = " ".join(out.split("\n\n")[-1].split())
    assert "Time is drawn at a column \u2248" in said and "crowded or short stretches larger: " in said
    assert re.search(r"\d{4}\u2013\d{4} \d+(\.\d)?\u00d7", said)  # (which stretches: the data decides)


def test_past_300_rows_the_chart_shows_density_per_country(run: Run, write_dataset: Callable[..., Path]) -> None:
    events = [
        event(f"e{i}", f"{2000 + i % 20}-0{1 + i % 9}-1{i % 10}", country="ru" if i % 3 else "us") for i in range(301)
    ]
    out = run("--data", str(write_dataset({"events": events})), "chart", "--width", "100").stdout
    lines = out.splitlines()
    assert lines[0].startswith("301 events, too many for a row each: a row per country")
    rows = [line for line in lines if line.startswith(("ru ", "us "))]
    assert len(rows) == 2 and all(
        set(line[4:].strip()) <= set(" \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588\u250a") for line in rows
    )
    assert "\u2588" in out  # the fullest column
    assert all(len(line) <= 100 for line in lines)
    fewer = run("--data", str(write_dataset({"events": events[:300]})), "chart", "--width", "100").stdout
    assert "too many for a row each" not in fewer


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
    rows = lines[2 : 2 + len(json.loads(run("timeline", "--json").stdout))]
    # (a label runs on to the country's letter before its row's mark)
    labels = [re.split(r" *\u250a? *[A-Z][\u25cf\u2501\u2591\u25cb\u2504]", row)[0] for row in rows]
    assert all(labels) and len(labels) == len(set(labels))


def test_distinct_labels_keep_the_end_or_a_number() -> None:
    labels = ["Peresild and Shipenko film aboard the ISS", "Peresild and Shipenko land in Kazakhstan", "Same", "Same"]
    assert distinct_labels(labels, 20) == ["Peresild and\u2026", "Peresild\u2026Kazakhstan", "Same", "Same #2"]
    emmy = ["Space Explorers: The ISS Experience, filmed", "Space Explorers: The ISS Experience wins a Primetime Emmy"]
    assert distinct_labels(emmy, 27) == ["Space Explorers: The ISS\u2026", "Space\u2026a Primetime Emmy"]  # whole words


def test_without_colour_each_country_has_its_own_letter(run: Run) -> None:
    legend = run("chart").stdout.split("\n\n")[-1]  # a pipe: no colour
    entries = re.findall(r"(?:^|   )(\S) ([^\n]+?)(?=   |$)", legend, re.M)
    countries = dict((name, letter) for letter, name in entries if letter.isalpha())
    assert {"Russia", "United States", "Soviet Union"} <= set(countries)
    assert len(set(countries.values())) == len(countries)  # one letter each, none shared
    assert f"{countries['Russia']}\u25cf" in run("chart", "--country", "russia").stdout  # beside the marks too
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


def test_the_crowded_years_of_the_race_get_room(run: Run) -> None:
    """At 80 columns the race (2020 on, over half the events) is a stretch of its own, drawn larger, named where it
    starts, with no cut before it; the words under the chart say so."""
    lines = run("chart", env={"COLUMNS": "80"}).stdout.splitlines()
    said = " ".join(" ".join(lines[-3:]).split())
    assert re.search(r"larger: .*2020\u20132025 \d(\.\d)?\u00d7", said), said
    ticks_line, axis_line = lines[0], lines[1]
    race = len(ticks_line) - ticks_line.index("2020")  # from 2020 to the last column
    assert race >= 12 and "\u2248" not in axis_line[ticks_line.index("2020") - 3 :]


def test_a_label_runs_on_to_its_mark_and_is_cut_at_the_end_of_a_word(run: Run) -> None:
    events = json.loads(run("timeline", "--json").stdout)
    lines = run("chart", env={"COLUMNS": "80"}).stdout.splitlines()[2 : 2 + len(events)]
    cut = 0  # labels cut
    for line, each in zip(lines, events, strict=True):
        letter = re.search(r"[A-Z](?=[\u25cf\u2501\u2591\u25cb\u2504])", line)
        assert letter, line  # a country's letter, always just before its mark
        label = line[: letter.start()].rstrip(" \u250a")
        assert letter.start() - len(label) >= 1  # a space between a label and its letter
        title = each["title"]
        if label.endswith("\u2026"):
            cut += 1
            kept = label[:-1]
            assert title.startswith(kept) and title[len(kept)] in " ,;:", (kept, title)  # at the end of a word
            longer = title[: len(kept) + len(re.match(r"\W*\s*\S+", title[len(kept) :]).group())]
            assert len(longer.rstrip(",;:")) + 1 > letter.start() - 1  # the next word has no room
        else:
            assert label == title
    assert cut
    shown = [len(re.split(r" *\u250a? *[A-Z][\u25cf\u2501\u2591\u25cb\u2504]", line)[0]) for line in lines]
    assert sum(shown) / len(shown) > 45  # (all cut to 27 columns, when labels had a column of their own)


def test_the_legend_says_what_a_light_span_means(run: Run) -> None:
    words = " ".join(run("chart", "--width", "200").stdout.split("\n\n")[-1].split())
    assert "\u2591 a month or a year (date not known to the day)" in words and "uncertain" not in words


def test_a_crowded_run_of_years_is_a_stretch_of_its_own_with_no_cut() -> None:
    sparse = [item(date(year, 6, 1)) for year in range(1990, 2020)]
    crowded = [item(date(2020 + i % 2, 1 + i % 12, 1 + i % 28)) for i in range(40)]
    plot = axis([*sparse, *crowded], 100)
    assert not plot.cuts
    before, race = plot.stretches
    assert race.joined and (race.start, race.end) == (date(2020, 1, 1), date(2021, 12, 31))
    assert race.per_day > 3 * before.per_day and race.x0 == before.x1
    assert [stretch for stretch, _ in plot.enlarged()] == [race]
    assert any(tick.x == race.x0 and tick.label.endswith("2020") for tick in ticks(plot))  # where it begins


SPANS = st.lists(
    st.tuples(st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 1, 1)), st.integers(0, 900), st.integers(1, 5)),
    min_size=1,
    max_size=30,
)


@given(SPANS, st.integers(min_value=30, max_value=300), st.booleans())
def test_spans_that_stand_for_several_events_fit_as_those_events_would(
    drawn: list[tuple[date, int, int]], width: int, integral: bool
) -> None:
    """A span weighed by the events it stands for (a density chart's dates, counted) is fitted as the span given that
    many times; and the spans placed at once are where each alone is placed: the same floats, the same columns."""
    spans = [(start, date.fromordinal(start.toordinal() + extra)) for start, extra, _ in drawn]
    weights = [times for _, _, times in drawn]
    every = [span for span, times in zip(spans, weights, strict=True) for _ in range(times)]
    scale = fit(spans, 0, width, gap=3, least=10, integral=integral, weights=weights)
    assert scale == fit(every, 0, width, gap=3, least=10, integral=integral)
    starts = Starts(spans, weights)
    for stretch in scale.stretches:
        assert starts.between(stretch.start, stretch.end) == sum(stretch.start <= s <= stretch.end for s, _ in every)
    assert starts.total == len(every)
    # Days before the first stretch, in a cut, at a stretch's last day and after the last are placed as span() does.
    outside = [(date(1940, 1, 1), date(1940, 1, 1)), (date(1945, 5, 1), date(2070, 1, 1)), (date(2070, 1, 1),) * 2]
    ends = [(stretch.end, stretch.end) for stretch in scale.stretches] + [(s.start, s.end) for s in scale.stretches]
    asked = spans + outside + ends
    begins = scale.at(earliest.toordinal() for earliest, _ in asked)
    finishes = scale.at((latest.toordinal() for _, latest in asked), end=True)
    for earliest, latest in asked:
        x0, x1 = scale.span(earliest, latest)
        assert begins[earliest.toordinal()] == x0 and max(x0, finishes[latest.toordinal()]) == x1
    for (earliest, latest), found in placed(scale, {span: span for span in asked}).items():
        x0, x1 = scale.span(earliest, latest)
        last = int(scale.of(latest).x1) - 1
        start = min(int(x0), last)
        assert found == (start, min(max(start, math.ceil(x1) - 1), last))


@pytest.mark.parametrize("count", [3, 301])
@pytest.mark.parametrize("when", ["9999-12-31", "9999-12-31/.."])
def test_events_on_the_last_day_a_date_can_name_are_drawn(
    run: Run, write_dataset: Callable[..., Path], tmp_path: Path, count: int, when: str
) -> None:
    data = write_dataset({"events": [event(f"e{i}", when, country="ru" if i % 2 else "us") for i in range(count)]})
    result = run("--data", str(data), "chart", "--width", "80")
    assert result.exit_code == 0 and "9999" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    svg = tmp_path / "late.svg"
    assert run("--data", str(data), "chart", "--svg", str(svg)).exit_code == 0
    assert "9999" in "".join(ElementTree.parse(svg).getroot().itertext())


def test_the_last_year_is_named_where_it_begins(run: Run) -> None:
    """A year's label stands where the year begins, so a mark left of it is of the years before: here the axis runs
    on into 2023, and the first trailer of The Challenge (Jan 1, 2023) is drawn under the label, not left of it."""
    lines = run("chart", "--since", "2022", "--until", "2023-04", "--width", "80").stdout.splitlines()
    trailer = next(line for line in lines if line.startswith("The first trailer of The Challenge"))
    label, mark = lines[0].index("2023"), trailer.index("R\u25cf") + 1
    assert label - 1 <= mark < label + 4  # (within the column a label's place rounds to)


def test_a_date_that_ends_on_the_last_day_there_is_is_no_open_end(
    run: Callable[..., Result], write_dataset: Callable[..., Path]
) -> None:
    """Dec 31, 9999 is the day an open end stands for when dates are sorted: the chart took an event on it for one
    with an open end, drew it back in 2021 (where the open end of another ended) and labelled the axis out of order."""
    dates = {"first": "0001-01-01", "mid": "1984", "open": "2021-10-05/..", "last": "9999-12-31"}
    path = write_dataset({"events": [event(name, day) for name, day in dates.items()]})
    lines = run("--data", str(path), "chart", "--width", "100").stdout.splitlines()
    ticks = [int(year) for year in re.findall(r"\b\d{4}\b", lines[0])]
    assert ticks == sorted(ticks) and ticks[-1] == 9999
    ends = {line.split()[2]: len(line.rstrip()) for line in lines[2:6]}  # (each row: "Title of NAME  ...marks")
    assert list(ends) == list(dates)  # (in date order)
    # Dec 31, 9999 is the last column; the open end runs to it, the last day any event reaches.
    assert ends["last"] == ends["open"] == max(map(len, lines[:6]))
