"""`spacefilm compare` and `spacefilm firsts`: the race told honestly."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import event
from spacefilm.render.comparison import months_and_days

Run = Callable[..., Result]


def compare_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("compare", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def milestone(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(m for m in document["milestones"] if m["milestone"] == name)


def test_builtin_race(run: Run) -> None:
    doc = compare_json(run, "us", "russia")
    assert doc["countries"] == ["us", "russia"] and doc["race"] == "first-feature-in-orbit"
    announced = milestone(doc, "announced")
    assert (announced["first"], announced["lead_days"]) == ("us", {"min": 141, "max": 141})
    assert announced["lead"] == "141 days (4 months 18 days)"
    assert announced["us"]["id"] == "cruise-film-reported" and announced["russia"]["id"] == "challenge-announced"
    for name in ("filming began", "filming ended", "returned to Earth", "released"):
        assert milestone(doc, name)["first"] == "russia", name
    filming = milestone(doc, "filming began")
    assert filming["us"]["status"] == "unrealized" and filming["lead_days"] is None
    assert milestone(doc, "filming ended")["russia"]["latest"] == "2021-10-17"


def test_precedents_never_win_a_milestone(run: Run) -> None:
    doc = compare_json(run, "russia", "usa")
    race_ids = {m[side]["id"] for m in doc["milestones"] for side in ("us", "russia") if m[side]}
    assert not race_ids & {"dream-sts-41-c", "dream-release", "apogee-of-fear-filmed"}
    assert [e["id"] for e in doc["precedents"]["us"]][:3] == ["dream-sts-41-c", "dream-sts-41-d", "dream-sts-41-g"]
    assert "1984" in doc["verdict"] and "never happened" in doc["verdict"]


def test_table_and_markdown(run: Run) -> None:
    table = run("compare", "United States", "RU").stdout
    assert "The race to shoot the first feature film in orbit" in table
    assert "planned Oct 2021, never happened" in table and "only Russia" in table
    assert "141 days (4 months 18 days)" in table
    markdown = run("compare", "us", "russia", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| Milestone | United States | Russia | First | Lead |"
    assert markdown[2].startswith("| announced | May 4, 2020: ") and markdown[2].endswith(
        " | United States | 141 days (4 months 18 days) |"
    )


def test_compare_projects(run: Run) -> None:
    doc = compare_json(run, "the-challenge", "cruise-iss-film")
    assert doc["projects"] == ["the-challenge", "cruise-iss-film"]
    assert milestone(doc, "filming began")["first"] == "the-challenge"


def synthetic(write_dataset: Callable[..., Path], *events: dict[str, Any], **extra: Any) -> str:
    return str(write_dataset({"events": list(events), **extra}))


def test_overlapping_dates_are_undetermined(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset, event("a", "2021-10", "mars", "filming"), event("b", "2021-10-05", "venus", "filming")
    )
    m = milestone(compare_json(run, "--data", data, "mars", "venus"), "filming began")
    assert (m["first"], m["outcome"], m["lead_days"]) == (None, "undetermined", None)
    assert "undetermined (dates overlap)" in run("compare", "--data", data, "mars", "venus").stdout


def test_a_plan_wins_nothing(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("plan", "2020", "mars", "launch", status="unrealized"),
        event("done", "2022-03-01", "venus", "launch"),
    )
    m = milestone(compare_json(run, "--data", data, "mars", "venus"), "reached orbit")
    assert (m["first"], m["outcome"], m["mars"]["id"]) == ("venus", "only", "plan")


def test_a_happened_event_is_preferred_to_an_earlier_plan(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("early-plan", "2019", "mars", "launch", status="planned"),
        event("late-flight", "2023-01-01", "mars", "launch"),
        event("venus-flight", "2022-01-01", "venus", "launch"),
    )
    m = milestone(compare_json(run, "--data", data, "mars", "venus"), "reached orbit")
    assert (m["mars"]["id"], m["first"], m["lead_days"]) == ("late-flight", "venus", {"min": 365, "max": 365})


def test_one_side_missing(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(write_dataset, event("t", "2021-05-24", "mars", "training"), event("x", "2020", "venus"))
    m = milestone(compare_json(run, "--data", data, "mars", "venus"), "training began")
    assert (m["first"], m["outcome"], m["venus"], m["lead_days"]) == ("mars", "only", None, None)


@pytest.mark.parametrize(
    ("a", "b", "lead"),
    [
        ("2020-05", "2020-09", {"min": 93, "max": 152}),
        ("2020-05-04", "2020-09", {"min": 120, "max": 149}),
        ("2020", "2021-01-01", {"min": 1, "max": 366}),
    ],
)
def test_leads_are_ranges_when_dates_are_imprecise(
    run: Run, write_dataset: Callable[..., Path], a: str, b: str, lead: dict[str, int]
) -> None:
    data = synthetic(write_dataset, event("a", a, "mars"), event("b", b, "venus"))
    m = milestone(compare_json(run, "--data", data, "venus", "mars"), "announced")
    assert (m["first"], m["lead_days"]) == ("mars", lead)
    assert m["lead"] == f"{lead['min']}\u2013{lead['max']} days"


def test_an_interval_gives_its_start_and_its_end(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("a", "2021-05-01/2021-05-09", "mars", "filming"),
        event("b", "2021-05-10/2021-05-20", "venus", "filming"),
    )
    doc = compare_json(run, "--data", data, "mars", "venus")
    assert milestone(doc, "filming began")["lead_days"] == {"min": 9, "max": 9}
    assert milestone(doc, "filming ended")["lead_days"] == {"min": 11, "max": 11}
    assert doc["verdict"].startswith("mars filmed first: Title of a (May 1\u20139, 2021), 9 days before venus")


def test_with_no_race_all_events_of_each_country_count(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(write_dataset, event("a", "1984", "mars", "filming"), event("b", "2021", "venus", "filming"))
    doc = compare_json(run, "--data", data, "mars", "venus")
    assert doc["race"] is None and milestone(doc, "filming began")["first"] == "mars"


def test_race_choice(run: Run, write_dataset: Callable[..., Path]) -> None:
    events = [
        event("a", "2020", "mars", project="m1"),
        event("b", "2021", "venus", project="v1"),
        event("c", "2022", "mars", project="m2"),
        event("d", "2019", "venus", project="v2"),
    ]
    races = [
        {"id": "one", "title": "One", "projects": ["m1", "v1"]},
        {"id": "two", "title": "Two", "projects": ["m2", "v2"]},
    ]
    data = synthetic(write_dataset, *events, races=races)
    several = run("compare", "--data", data, "mars", "venus")
    assert several.exit_code == 2 and "pick one with --race: one, two" in several.stderr
    assert (
        milestone(compare_json(run, "--data", data, "mars", "venus", "--race", "two"), "announced")["first"] == "venus"
    )
    assert (
        milestone(compare_json(run, "--data", data, "mars", "venus", "--race", "one"), "announced")["first"] == "mars"
    )
    unknown = run("compare", "--data", data, "mars", "venus", "--race", "tow")
    assert (
        unknown.exit_code == 2
        and "Invalid value for '--race': unknown race 'tow'. Did you mean 'two'" in unknown.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["us", "usa"], "both sides are 'us'"),
        (["us", "rusia"], "Did you mean 'russia'"),
        (["us", "the-challenge"], "compare two countries or two projects"),
        (["us", "uk", "--data", "{data}"], "country 'uk' has no events to compare"),
    ],
)
def test_usage_errors(run: Run, write_dataset: Callable[..., Path], args: list[str], message: str) -> None:
    data = synthetic(
        write_dataset,
        event("x", "2021"),
        countries=[{"id": "us", "name": "US", "aliases": ["usa"]}, {"id": "uk", "name": "UK"}],
    )
    result = run("compare", *(a.replace("{data}", data) for a in args))
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 4000))
@example(date(2001, 8, 30), 3835)  # to Feb 29, 2012: six whole months, the day clamped to the month's end
def test_months_and_days_agrees_with_relativedelta(start: date, days: int) -> None:
    from datetime import timedelta

    from dateutil.relativedelta import relativedelta

    end = start + timedelta(days=days)
    expected = relativedelta(end, start)
    words = months_and_days(start, end).split()
    counts = {unit.rstrip("s"): int(n) for n, unit in zip(words[0::2], words[1::2], strict=True)}
    assert (counts.get("year", 0), counts.get("month", 0), counts.get("day", 0)) == (
        expected.years,
        expected.months,
        expected.days,
    )


def test_firsts_in_date_order_with_qualifiers(run: Run) -> None:
    rows = json.loads(run("firsts", "--json").stdout)
    assert list(rows[0]) == ["claim", "by", "event", "country", "date", "earliest", "latest", "display", "sources"]
    assert [r["earliest"] for r in rows] == sorted(r["earliest"] for r in rows)
    by_event = {r["event"]: r for r in rows}
    assert by_event["return-from-orbit-filming"]["display"] == "1983"
    assert by_event["apogee-of-fear-filmed"]["claim"] == "the first narrative fiction film made completely in space"
    assert by_event["challenge-iss-shoot"]["display"] == "Oct 5\u201317, 2021"


def test_firsts_filters_and_formats(run: Run) -> None:
    russian = json.loads(run("firsts", "--country", "russia", "--since", "2021", "--json").stdout)
    assert {r["event"] for r in russian} == {"challenge-iss-shoot", "challenge-putin-first"}
    rows = list(csv.DictReader(io.StringIO(run("firsts", "--format", "csv", "--until", "1984").stdout)))
    assert [r["event"] for r in rows] == ["return-from-orbit-filming", "dream-sts-41-c", "dream-sts-41-c"]
    table = run("firsts").stdout
    assert "“the first narrative fiction film made completely in space”" in table
