"""`spacefilm compare` and `spacefilm firsts`: the race told honestly."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import event
from spacefilm.cli import cli
from spacefilm.render.comparison import months_and_days
from spacefilm.render.output import UNBOUNDED, Output

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
    assert [(s["id"], [p["id"] for p in s["projects"]], s["rule"]) for s in doc["sides"]] == [
        ("us", ["cruise-iss-film"], "race"),
        ("russia", ["the-challenge"], "race"),
    ]
    announced = milestone(doc, "announced")
    assert (announced["first"], announced["lead_days"]) == ("us", {"min": 141, "max": 141})
    assert announced["lead"] == "141 days (4 months 18 days)"
    assert announced["us"]["id"] == "cruise-film-reported" and announced["russia"]["id"] == "challenge-announced"
    assert milestone(doc, "cast and crew")["lead"] == "159\u2013188 days (5\u20136 months)"
    for name in ("filming began", "filming ended", "returned to Earth", "released"):
        assert milestone(doc, name)["first"] == "russia", name
    filming = milestone(doc, "filming began")
    assert filming["us"]["status"] == "unrealized" and filming["lead_days"] is None
    ended = milestone(doc, "filming ended")
    assert ended["russia"]["latest"] == "2021-10-17"
    assert ended["when"]["russia"] == {"earliest": "2021-10-17", "latest": "2021-10-17", "display": "Oct 17, 2021"}
    assert filming["when"]["russia"]["display"] == "Oct 5, 2021"


def test_no_event_of_no_project_fills_a_milestone(run: Run) -> None:
    """Ax-1 flew in 2022 with no film aboard: it is no step of the race, whichever way the race is named."""
    for args in (("us", "russia"), ("russia", "us"), ("the-challenge", "cruise-iss-film"), ("us", "ussr")):
        doc = compare_json(run, *args)
        used = {m[side]["id"] for m in doc["milestones"] for side in args if m.get(side)}
        assert "axiom-ax1-launch" not in used and "axiom-ax1-crew" not in used, args
        assert all(m[side]["project"] for m in doc["milestones"] for side in args if m.get(side)), args


def test_russia_us_is_the_race_with_the_sides_swapped(run: Run) -> None:
    forward, backward = compare_json(run, "us", "russia"), compare_json(run, "russia", "usa")
    assert backward["countries"] == ["russia", "us"] and backward["race"] == forward["race"]
    for there, back in zip(forward["milestones"], backward["milestones"], strict=True):
        assert (back["first"], back["lead_days"]) == (there["first"], there["lead_days"])
        assert (back["us"], back["russia"]) == (there["us"], there["russia"])


def test_precedents_never_win_a_milestone_and_a_predecessor_counts(run: Run) -> None:
    doc = compare_json(run, "russia", "usa")
    race_ids = {m[side]["id"] for m in doc["milestones"] for side in ("us", "russia") if m[side]}
    assert not race_ids & {"dream-sts-41-c", "dream-release", "apogee-of-fear-filmed", "return-from-orbit-filming"}
    assert [e["id"] for e in doc["precedents"]["us"]][:3] == ["dream-sts-41-c", "dream-sts-41-d", "dream-sts-41-g"]
    russian = [(e["id"], e["country"]) for e in doc["precedents"]["russia"]]
    assert russian[:2] == [("return-from-orbit-filming", "ussr"), ("pepsi-on-mir", "russia")]
    assert doc["sides"][0]["predecessors"] == ["ussr"]
    earliest = doc["earliest_precedents"]
    assert (earliest["russia"]["id"], earliest["us"]["id"], earliest["first"]) == (
        "return-from-orbit-filming",
        "dream-sts-41-c",
        "russia",
    )


def test_the_verdict_is_fair_to_both_sides(run: Run) -> None:
    """Who filmed first in the race, and the earliest filming in orbit of each side before it, each dated and
    sourced: the Soviet Union's in 1983 for Russia, the United States' in 1984."""
    for args in (("us", "russia"), ("russia", "us")):
        verdict = compare_json(run, *args)["verdict"]
        assert verdict.startswith("Russia filmed first: Peresild and Shipenko film aboard the ISS (Oct 5\u201317")
        assert "the United States planned its filming for Oct 2021, and it never happened" in verdict
        assert "the Soviet Union (the predecessor of Russia) had filmed in orbit in 1983" in verdict
        assert "Wiki2, \u201cReturn from Orbit\u201d" in verdict
        assert "before the United States on Apr 6\u201313, 1984" in verdict
        assert "redOrbit, \u201cSTS-41-C\u201d" in verdict
        assert "97\u2013461 days (3\u201315 months)" in verdict


def test_table_and_markdown(run: Run) -> None:
    table = run("compare", "United States", "RU").stdout
    assert "The race to shoot the first feature film in orbit" in table
    assert "United States: Untitled Tom Cruise space film (the race's project)" in table
    assert "planned Oct 2021, never happened" in table and "Russia (the United States' project never did)" in table
    assert "Russia (the United States' plan never happened)" in table
    assert "Oct 17, 2021 (end of Oct 5\u201317, 2021): Peresild and Shipenko film aboard the ISS" in table
    assert "141 days (4 months 18 days)" in table and "only Russia" not in table
    assert "Before the race, Russia (and the Soviet Union, its predecessor) filmed in orbit:" in table
    markdown = run("compare", "us", "russia", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| Milestone | United States | Russia | First | Lead |"
    assert markdown[2].startswith("| announced | May 4, 2020: ") and markdown[2].endswith(
        " | United States | 141 days (4 months 18 days) |"
    )


def test_one_milestone_a_row_in_csv_tsv_and_jsonl(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("compare", "us", "russia", "--format", "csv").stdout)))
    assert [r["milestone"] for r in rows][:2] == ["announced", "cast and crew"] and len(rows) == 8
    ended = rows[5]
    assert (ended["milestone"], ended["russia_event"], ended["russia_date"]) == (
        "filming ended",
        "challenge-iss-shoot",
        "Oct 17, 2021",
    )
    assert (ended["us_status"], ended["first"], ended["outcome"]) == ("unrealized", "russia", "only")
    assert (rows[1]["lead_min_days"], rows[1]["lead_max_days"]) == ("159", "188")
    tsv = run("compare", "us", "russia", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["milestone", "us_event", "us_date"] and len(tsv) == 9
    lines = [json.loads(line) for line in run("compare", "us", "russia", "--format", "jsonl").stdout.splitlines()]
    assert lines == compare_json(run, "us", "russia")["milestones"]


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pytest.mark.parametrize("args", [("us", "russia"), ("russia", "us"), ("us", "ussr"), ("japan", "china")], ids=" ".join)
def test_stacked_to_80_columns_side_by_side_above_and_never_a_word_cut(width: int, args: tuple[str, str]) -> None:
    result = CliRunner().invoke(cli, ["compare", *args], obj=Output(terminal=True, width=width), catch_exceptions=False)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    # Stacked to 80 columns, side by side at 200; between, side by side only where each side's events get room
    # (at 120, the race's events would take 3 to 5 lines each: stacked).
    stacked = re.search(r"^\S.*  first: ", result.stdout, re.M) is not None
    assert ("Milestone" in result.stdout) is not stacked
    assert stacked if width <= 80 else (not stacked if width >= 200 else True)
    # Every word drawn is a word of the data or of the interface (the text of the renderers): none is cut in two.
    renderers = Path(__file__).resolve().parents[1] / "src" / "spacefilm" / "render"
    interface = " ".join((renderers / name).read_text(encoding="utf-8") for name in ("comparison.py", "race_view.py"))
    known = set(WORD.findall(json.dumps(compare_json_of(args), ensure_ascii=False) + interface))
    for word in WORD.findall(result.stdout):
        assert word in known, (word, width)


WORD = re.compile(r"\w[\w'\u2019.-]*\w|\w")


def compare_json_of(args: tuple[str, str]) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["compare", *args, "--json"], catch_exceptions=False)
    return dict(json.loads(result.stdout))


def test_a_pipe_with_no_width_gives_each_milestone_a_line(run: Run) -> None:
    out = run("compare", "russia", "us").stdout
    row = next(line for line in out.splitlines() if line.startswith("filming ended"))
    assert "Oct 17, 2021 (end of Oct 5\u201317, 2021): Peresild and Shipenko film aboard the ISS" in row
    assert row.rstrip().endswith("Russia (the United States' plan never happened)")


def test_compare_projects_of_the_race(run: Run) -> None:
    doc = compare_json(run, "the-challenge", "cruise-iss-film")
    assert doc["projects"] == ["the-challenge", "cruise-iss-film"] and doc["race"] == "first-feature-in-orbit"
    assert milestone(doc, "filming began")["first"] == "the-challenge"
    assert doc["precedents"]["cruise-iss-film"][0]["id"] == "dream-sts-41-c"
    table = run("compare", "the-challenge", "cruise-iss-film").stdout
    assert table.startswith("The race to shoot the first feature film in orbit\n") and "all events" not in table
    assert "The Challenge (Russia): the race's project" in table


def test_us_ussr_compares_the_first_project_of_each_to_film_in_orbit(run: Run) -> None:
    doc = compare_json(run, "us", "ussr")
    assert doc["race"] is None
    assert [(s["projects"][0]["id"], s["rule"]) for s in doc["sides"]] == [
        ("the-dream-is-alive", "filmed"),
        ("return-from-orbit", "filmed"),
    ]
    filming = milestone(doc, "filming began")
    assert (filming["first"], filming["lead"]) == ("ussr", "97\u2013461 days (3\u201315 months)")
    assert milestone(doc, "announced")["us"] is None  # the Cruise film of 2020 is no part of this
    assert milestone(doc, "released")["first"] == "ussr"
    assert doc["verdict"].startswith("The Soviet Union filmed first: Scenes for Return from Orbit")
    table = run("compare", "us", "ussr").stdout
    assert "no race declared: its first project to film in orbit" in table
    assert "training began" not in table  # a milestone neither side reached is left out of the drawing
    chosen = compare_json(run, "us", "ussr", "--project", "apogee-of-fear")
    assert [s["rule"] for s in chosen["sides"]] == ["chosen", "filmed"]
    assert milestone(chosen, "filming began")["us"]["id"] == "apogee-of-fear-filmed"


def test_a_side_of_no_project_still_has_its_history(run: Run) -> None:
    doc = compare_json(run, "japan", "china")
    assert [s["rule"] for s in doc["sides"]] == ["none", "filmed"]
    assert milestone(doc, "filming began")["first"] == "china"
    assert doc["verdict"].startswith("China filmed first: The Shenzhou-13 crew films the 8K documentary")
    assert "Japan had filmed in orbit on Dec 2, 1990" in doc["verdict"] and "Wikipedia" in doc["verdict"]


def test_a_side_of_no_project_shows_all_its_filming_in_orbit(run: Run) -> None:
    """Japan has no project: there is no "before", so both sides' filming in orbit outside the projects compared is
    shown, all of it, alike (the US's too); and no milestone says Japan "never did" what the same output lists."""
    doc = compare_json(run, "japan", "us")
    assert doc["precedents"]["japan"][0]["id"] == "akiyama-reports-from-mir"
    us = [e["id"] for e in doc["precedents"]["us"]]
    assert "blue-planet-sts-29" in us and "apogee-of-fear-filmed" in us  # after 1984, outside The Dream Is Alive
    assert not any(e["project"] == "the-dream-is-alive" for e in doc["precedents"]["us"])
    # The earliest of each, compared: the US's Destiny in Space (1989-1993) began before Akiyama's flight (1990).
    assert (doc["earliest_precedents"]["japan"]["id"], doc["earliest_precedents"]["first"]) == (
        "akiyama-reports-from-mir",
        "us",
    )
    table = run("compare", "japan", "us").stdout
    assert "Japan has no project to compare with the United States; its filming in orbit:" in table
    assert "Outside the projects compared, the United States filmed in orbit:" in table
    assert "never did" not in table and "United States (Japan has no project compared)" in table
    assert "Dec 2, 1990" in table and "Before the projects compared" not in table
    assert "Japan has no project to compare." in doc["verdict"]
    assert "Outside the projects compared, the United States had filmed in orbit in 1989" in doc["verdict"]


def synthetic(write_dataset: Callable[..., Path], *events: dict[str, Any], **extra: Any) -> str:
    return str(write_dataset({"events": list(events), **extra}))


def test_overlapping_dates_are_undetermined(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("a", "2021-10", "mars", "filming", project="m"),
        event("b", "2021-10-05", "venus", "filming", project="v"),
    )
    m = milestone(compare_json(run, "--data", data, "mars", "venus"), "filming began")
    assert (m["first"], m["outcome"], m["lead_days"]) == (None, "undetermined", None)
    assert "undetermined (dates overlap)" in run("compare", "--data", data, "mars", "venus").stdout


def test_a_plan_wins_nothing(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("plan", "2020", "mars", "launch", status="unrealized", project="m"),
        event("m-film", "2020", "mars", "filming", status="unrealized", project="m"),
        event("done", "2022-03-01", "venus", "launch", project="v"),
        event("v-film", "2022-03", "venus", "filming", project="v"),
    )
    doc = compare_json(run, "--data", data, "mars", "venus")
    m = milestone(doc, "reached orbit")
    assert (m["first"], m["outcome"], m["mars"]["id"]) == ("venus", "only", "plan")
    assert [s["rule"] for s in doc["sides"]] == ["planned", "filmed"]
    assert "venus (mars' plan never happened)" in run("compare", "--data", data, "mars", "venus").stdout


def test_plans_on_both_sides_win_nothing_and_a_plan_ahead_is_said_so(
    run: Run, write_dataset: Callable[..., Path]
) -> None:
    data = synthetic(
        write_dataset,
        event("m-plan", "2020", "mars", "filming", status="unrealized", project="m"),
        event("v-plan", "2099", "venus", "filming", status="planned", project="v"),
        event("v-flight", "2021-01-01", "venus", "launch", project="v"),
        event("m-flight", "2098", "mars", "launch", status="planned", project="m"),
    )
    doc = compare_json(run, "--data", data, "mars", "venus")
    filming = milestone(doc, "filming began")
    assert (filming["first"], filming["outcome"]) == (None, "neither")
    assert doc["verdict"] == (
        "Neither side's projects have a dated filming in orbit that happened; "
        "mars planned its filming for 2020, and it never happened; venus plans its filming for 2099."
    )
    table = run("compare", "--data", data, "mars", "venus").stdout
    assert "neither (plans only)" in table and "planned for 2099: Title of v-plan" in table
    assert "venus (mars' plan is still ahead)" in table  # reached orbit: a flight against a plan still ahead


def test_precedents_of_overlapping_dates_are_not_ordered(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("m-old", "1990", "mars", "precedent"),
        event("v-old", "1990-06", "venus", "precedent"),
        event("m-film", "2000-01-01", "mars", "filming", project="m"),
        event("v-film", "2000-02-01", "venus", "filming", project="v"),
    )
    verdict = compare_json(run, "--data", data, "mars", "venus")["verdict"]
    assert verdict.endswith(
        "Before the projects compared, both sides had filmed in orbit: mars in 1990 (Title of m-old; Example, "
        "\u201cA source\u201d) and venus in Jun 1990 (Title of v-old; Example, \u201cA source\u201d); "
        "which was first cannot be told (dates overlap)."
    )


def test_a_happened_event_is_preferred_to_an_earlier_plan(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("early-plan", "2019", "mars", "launch", status="planned", project="m"),
        event("late-flight", "2023-01-01", "mars", "launch", project="m"),
        event("venus-flight", "2022-01-01", "venus", "launch", project="v"),
        races=[{"id": "r", "title": "R", "projects": ["m", "v"]}],
    )
    m = milestone(compare_json(run, "--data", data, "mars", "venus"), "reached orbit")
    assert (m["mars"]["id"], m["first"], m["lead_days"]) == ("late-flight", "venus", {"min": 365, "max": 365})


def test_one_side_missing(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("t", "2021-05-24", "mars", "training", project="m"),
        event("x", "2020", "venus", project="v"),
        races=[{"id": "r", "title": "R", "projects": ["m", "v"]}],
    )
    m = milestone(compare_json(run, "--data", data, "mars", "venus"), "training began")
    assert (m["first"], m["outcome"], m["venus"], m["lead_days"]) == ("mars", "only", None, None)
    assert "mars (venus' project never did)" in run("compare", "--data", data, "mars", "venus").stdout


@pytest.mark.parametrize(
    ("a", "b", "lead", "words"),
    [
        ("2020-05", "2020-09", {"min": 93, "max": 152}, "93\u2013152 days (3\u20134 months)"),
        ("2020-05-04", "2020-09", {"min": 120, "max": 149}, "120\u2013149 days (3\u20134 months)"),
        ("2020-05-26", "2020-11", {"min": 159, "max": 188}, "159\u2013188 days (5\u20136 months)"),
        ("2020", "2021-01-01", {"min": 1, "max": 366}, "1\u2013366 days (up to 12 months)"),
        ("2020-05-01", "2020-05-20/2020-05-28", {"min": 19, "max": 19}, "19 days"),
        ("2020-05", "2020-06-03", {"min": 3, "max": 33}, "3\u201333 days (up to 1 month)"),
        ("1984-04-13", "2021-09-11/2021-10-10", {"min": 13665, "max": 13665}, "13665 days (37 years 4 months 29 days)"),
        ("1984-04", "2021-10", {"min": 13668, "max": 13727}, "13668\u201313727 days (about 37 years 6 months)"),
        ("1983", "1984-04-06", {"min": 97, "max": 461}, "97\u2013461 days (3\u201315 months)"),
        ("2020-01-01", "2020-06", {"min": 152, "max": 181}, "152\u2013181 days (about 5 months)"),
        ("1900", "2000", {"min": 36160, "max": 36889}, "36160\u201336889 days (99\u2013100 years)"),
    ],
)
def test_leads_are_ranges_when_dates_are_imprecise_and_said_in_words(
    run: Run, write_dataset: Callable[..., Path], a: str, b: str, lead: dict[str, int], words: str
) -> None:
    data = synthetic(write_dataset, event("a", a, "mars", project="m"), event("b", b, "venus", project="v"))
    m = milestone(compare_json(run, "--data", data, "venus", "mars", "--project", "m", "--project", "v"), "announced")
    assert (m["first"], m["lead_days"], m["lead"]) == ("mars", lead, words)


def test_an_interval_gives_its_start_and_its_end(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("a", "2021-05-01/2021-05-09", "mars", "filming", project="m"),
        event("b", "2021-05-10/2021-05-20", "venus", "filming", project="v"),
    )
    doc = compare_json(run, "--data", data, "mars", "venus")
    assert milestone(doc, "filming began")["lead_days"] == {"min": 9, "max": 9}
    assert milestone(doc, "filming ended")["lead_days"] == {"min": 11, "max": 11}
    assert doc["verdict"].startswith("mars filmed first: Title of a (May 1\u20139, 2021), 9 days before venus")
    table = run("compare", "--data", data, "mars", "venus").stdout
    assert "May 9, 2021 (end of May 1\u20139, 2021): Title of a" in table
    assert "May 10, 2021 (start of May 10\u201320, 2021): Title of b" in table


def test_with_no_race_each_side_is_its_first_project_to_film(run: Run, write_dataset: Callable[..., Path]) -> None:
    """Projects of several kinds and an event of no project: only the project that filmed first is compared, and
    the other filming in orbit before it is a precedent, never a milestone."""
    data = synthetic(
        write_dataset,
        event("stunt", "1980", "mars", "precedent"),  # footage of no project
        event("flight", "1981-03-01", "mars", "launch"),  # a flight of no project
        event("old-film", "1984-06", "mars", "filming", project="old"),
        event("old-out", "1985-02-01", "mars", "release", project="old"),
        event("new-news", "1983-01-01", "mars", project="new"),  # announced first, filmed later
        event("new-film", "1990", "mars", "filming", project="new"),
        event("talk", "1970", "mars", project="talk-show"),  # news of a project that never films
        event("v-news", "1999-01-01", "venus", project="v"),
        event("v-plan", "2030", "venus", "filming", status="planned", project="v"),
        event("v-shown", "2001-01-01", "venus", "release", project="w"),
        countries=[{"id": "mars", "name": "Mars"}, {"id": "venus", "name": "Venus"}],
        projects=[
            {"id": "talk-show", "title": "A talk show", "country": "mars"},
            {"id": "new", "title": "New film", "country": "mars"},
            {"id": "old", "title": "Old film", "country": "mars"},
            {"id": "v", "title": "Venus plan", "country": "venus"},
            {"id": "w", "title": "Venus documentary", "country": "venus"},
        ],
    )
    doc = compare_json(run, "--data", data, "mars", "venus")
    assert doc["race"] is None
    assert [([p["id"] for p in s["projects"]], s["rule"]) for s in doc["sides"]] == [
        (["old"], "filmed"),
        (["v"], "planned"),  # w was shown in 2001, but a release says nothing of where it was shot
    ]
    assert milestone(doc, "announced")["mars"] is None and milestone(doc, "reached orbit")["mars"] is None
    assert milestone(doc, "released")["first"] == "mars"
    assert [e["id"] for e in doc["precedents"]["mars"]] == ["stunt"]
    table = run("compare", "--data", data, "mars", "venus").stdout
    assert "Mars: Old film (no race declared: its first project to film in orbit)" in table
    assert "Venus: Venus plan (no race declared, and none filmed: its first project planned to film in orbit)" in table
    chosen = compare_json(run, "--data", data, "mars", "venus", "--project", "new", "--project", "v")
    assert [[p["id"] for p in s["projects"]] for s in chosen["sides"]] == [["new"], ["v"]]
    assert milestone(chosen, "announced")["first"] == "mars"
    assert milestone(chosen, "filming began")["venus"]["id"] == "v-plan"


def test_a_race_declared_by_its_projects(run: Run, write_dataset: Callable[..., Path]) -> None:
    films = [("m1", "2020-01-01", "mars", "red"), ("v1", "2020-03-01", "venus", "gold"), ("m2", "2010", "mars", "old")]
    data = synthetic(
        write_dataset,
        *(event(id, date, country, "filming", project=project) for id, date, country, project in films),
        races=[{"id": "dash", "title": "The dash", "projects": ["gold", "red"]}],
    )
    for args in (("red", "gold"), ("gold", "red"), ("mars", "venus")):
        doc = compare_json(run, "--data", data, *args)
        assert doc["race"] == "dash", args
        assert milestone(doc, "filming began")["first"] in ("red", "mars"), args
        assert milestone(doc, "filming began")["lead_days"] == {"min": 60, "max": 60}
    assert run("compare", "--data", data, "red", "gold").stdout.startswith("The dash\n")
    assert [e["id"] for e in compare_json(run, "--data", data, "red", "gold")["precedents"]["red"]] == ["m2"]


def test_a_predecessors_filming_is_the_successors_history(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = synthetic(
        write_dataset,
        event("old-film", "1970", "empire", "filming", project="old"),
        event("new-film", "2020-01-01", "republic", "filming", project="new"),
        event("rival-film", "2020-02-01", "rival", "filming", project="rival"),
        event("rival-old", "1975", "rival", "precedent"),
        countries=[
            {"id": "empire", "name": "Empire"},
            {"id": "republic", "name": "Republic of Mars", "predecessor": "empire"},
            {"id": "rival", "name": "Rival"},
        ],
    )
    doc = compare_json(run, "--data", data, "republic", "rival")
    assert [(e["id"], e["country"]) for e in doc["precedents"]["republic"]] == [("old-film", "empire")]
    assert doc["sides"][0]["predecessors"] == ["empire"]
    assert milestone(doc, "filming began")["first"] == "republic"  # its own film, never its predecessor's
    before = "Before the projects compared, Empire (the predecessor of the Republic of Mars) had filmed in orbit"
    assert f"{before} in 1970" in doc["verdict"]
    assert "before Rival in 1975 (Title of rival-old; Example, \u201cA source\u201d)" in doc["verdict"]
    table = run("compare", "--data", data, "republic", "rival").stdout
    assert "the Republic of Mars (and Empire, its predecessor) filmed in orbit:" in table
    assert "1970: Title of old-film (Empire)" in " ".join(table.split())
    # The other way round, the predecessor has no successor's history.
    assert compare_json(run, "--data", data, "empire", "rival")["precedents"]["empire"] == []


@pytest.mark.parametrize(
    ("countries", "problem"),
    [
        (
            [{"id": "a", "name": "A", "predecessor": "atlantis"}],
            "country #1 'a': predecessor: 'atlantis' is not a declared",
        ),
        ([{"id": "a", "name": "A", "predecessor": "a"}], "country #1 'a': predecessor: leads back to 'a'"),
        (
            [{"id": "a", "name": "A", "predecessor": "b"}, {"id": "b", "name": "B", "predecessor": "a"}],
            "country #2 'b': predecessor: leads back to 'b'",
        ),
    ],
)
def test_a_predecessor_is_declared_and_never_leads_back(
    run: Run, write_dataset: Callable[..., Path], countries: list[dict[str, Any]], problem: str
) -> None:
    result = run("validate", synthetic(write_dataset, event("x", "2021", "a"), countries=countries))
    assert result.exit_code == 1 and problem in result.stdout


def test_the_schema_has_predecessors_and_kinds_of_claim(run: Run) -> None:
    schema = json.loads(run("schema").stdout)["$defs"]
    assert schema["Country"]["properties"]["predecessor"]["anyOf"][0] == {"type": "string"}
    assert schema["Claim"]["properties"]["kind"] == {"enum": ["first", "statement"], "default": "first"}


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
        (["us", "russia", "--project", "the-dream-is-alive", "--race", "x"], "--race and --project"),
        (["us", "russia", "--project", "shenzhou-13"], "project 'shenzhou-13' is of neither us nor russia"),
        (["us", "russia", "--project", "shenzou"], "Did you mean 'shenzhou-13'"),
        (["the-challenge", "cruise-iss-film", "--project", "see-1"], "these two sides are projects already"),
        (["p", "empty", "--data", "{data}"], "project 'empty' has no events to compare"),
    ],
)
def test_usage_errors(run: Run, write_dataset: Callable[..., Path], args: list[str], message: str) -> None:
    data = synthetic(
        write_dataset,
        event("x", "2021", project="p"),
        countries=[{"id": "us", "name": "US", "aliases": ["usa"]}, {"id": "uk", "name": "UK"}],
        projects=[{"id": "p", "title": "P"}, {"id": "empty", "title": "Empty"}],
    )
    result = run("compare", *(a.replace("{data}", data) for a in args))
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


@settings(deadline=None)  # (its first example imports dateutil: on a loaded machine, past hypothesis's 200 ms)
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
    assert list(rows[0]) == [
        "claim",
        "by",
        "translation",
        "disputed",
        "event",
        "country",
        "date",
        "earliest",
        "latest",
        "display",
        "status",
        "sources",
    ]
    assert [r["earliest"] for r in rows] == sorted(r["earliest"] for r in rows)
    by_event = {r["event"]: r for r in rows}
    assert by_event["dream-sts-41-c"]["claim"] == "the first use of the IMAX camera"
    assert by_event["apogee-of-fear-filmed"]["claim"] == "the first narrative fiction film made completely in space"
    assert by_event["challenge-iss-shoot"]["display"] == "Oct 5\u201317, 2021"


def test_firsts_lists_only_claims_of_a_first(run: Run) -> None:
    """A source's statement that claims no first ("featured scenes filmed in orbit") stays on its event, as kind
    "statement", and is not listed; `timeline --json` gives it as written."""
    claims = [r["claim"] for r in json.loads(run("firsts", "--json").stdout)]
    assert not any(c.startswith(("featured scenes filmed in orbit", "In Apr. 1984")) for c in claims)
    events = {e["id"]: e for e in json.loads(run("timeline", "--json").stdout)}
    assert events["return-from-orbit-filming"]["claims"][0]["kind"] == "statement"
    assert "kind" not in events["apogee-of-fear-filmed"]["claims"][0]  # a first, as given


def test_a_first_claimed_for_a_plan_that_never_happened_says_so(run: Run) -> None:
    rows = {r["event"]: r for r in json.loads(run("firsts", "--json").stdout)}
    plan = rows["cruise-planned-shoot"]
    assert plan["claim"] == "the first narrative feature film to be shot in space ever on the ISS"
    assert (plan["status"], plan["display"]) == ("unrealized", "Oct 2021")
    assert rows["challenge-iss-shoot"]["status"] == "happened"
    line = next(line for line in run("firsts").stdout.splitlines() if "cruise-planned-shoot" in line)
    assert "\u201cthe first narrative feature film to be shot in space ever on the ISS\u201d (never happened)" in line


def test_firsts_filters_and_formats(run: Run) -> None:
    russian = json.loads(run("firsts", "--country", "russia", "--since", "2021", "--json").stdout)
    assert {r["event"] for r in russian} == {
        "challenge-iss-shoot",
        "challenge-putin-first",
        "nezhnost-broadcast",
        "challenge-putin-prize",
    }
    rows = list(csv.DictReader(io.StringIO(run("firsts", "--format", "csv", "--until", "1990").stdout)))
    assert [(r["event"], r["status"]) for r in rows] == [
        ("dream-sts-41-c", "happened"),
        ("akiyama-reports-from-mir", "happened"),
    ]
    table = run("firsts").stdout
    assert "\u201cthe first narrative fiction film made completely in space\u201d" in table


def test_with_no_race_a_series_released_before_the_flight_is_not_taken_for_the_film(
    run: Run, write_dataset: Callable[..., Path]
) -> None:
    """The built-in dataset without its races (as a file of `timeline --json` has none): Russia's first project to
    film in orbit is The Challenge, not Channel One's series on the crew's training, released a month before."""
    export = json.loads(run("export").stdout)
    del export["races"]
    doc = compare_json(run, "--data", str(write_dataset(json.dumps(export))), "us", "russia")
    assert [(s["projects"][0]["id"], s["rule"]) for s in doc["sides"]] == [
        ("the-dream-is-alive", "filmed"),
        ("the-challenge", "filmed"),
    ]
    assert milestone(doc, "filming began")["russia"]["id"] == "challenge-iss-shoot"


def test_with_no_milestone_on_either_side_the_precedents_are_drawn_at_any_width(
    run: Run, write_dataset: Callable[..., Path]
) -> None:
    """Neither side has a project: no milestone to draw, and a terminal of any width still gets the comparison (the
    empty table of milestones once had no columns to lay out, and raised)."""
    data = synthetic(
        write_dataset,
        event("m-old", "1990", "mars", "precedent"),
        event("v-old", "1995", "venus", "filming"),
    )
    for width in (30, 80, 200):
        result = run("compare", "--data", data, "mars", "venus", env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert "  1990: Title of m-old" in lines and "  1995: Title of v-old" in lines
        assert max(map(len, lines)) <= width
        # The milestones' headings, side by side where they fit (narrower, stacked: no milestone, no line).
        assert ("Milestone" in result.stdout) is (width >= 80)


def test_precedents_wrap_beside_their_dates(run: Run, write_dataset: Callable[..., Path]) -> None:
    """Each title beside its date, wrapped between words in the column the dates leave, a word too long for it
    folded, wide characters taking two columns; a wrapped title's next lines under the title, not the date."""
    titles = {
        "1990": "Short title",
        "1991-05-02": "Words that go on past the edge of the column",
        "1992": "A" * 30,
        "1993": "\u4e2d\u6587\u6807\u9898\u5f88\u957f\u5f88\u957f\u7684\u6807\u9898\u4e2d\u6587\u6807\u9898",
    }
    data = synthetic(
        write_dataset,
        *(dict(event(f"m{n}", day, "mars", "precedent"), title=title) for n, (day, title) in enumerate(titles.items())),
        event("v-old", "1995", "venus", "filming"),
    )
    out = run("compare", "--data", data, "mars", "venus", env={"COLUMNS": "40"}).stdout
    lines = out.splitlines()
    start = lines.index("venus; its filming in orbit:") + 1
    assert lines[start : start + 8] == [
        "  1990:        Short title",
        "  May 2, 1991: Words that go on past the",
        "               edge of the column",
        "  1992:        " + "A" * 25,
        "               AAAAA",
        "  1993:        \u4e2d\u6587\u6807\u9898\u5f88\u957f\u5f88\u957f\u7684\u6807\u9898\u4e2d",
        "               \u6587\u6807\u9898",
        "",
    ]
    # In a pipe with no width, nothing is wrapped: each precedent is a line.
    piped = run("compare", "--data", data, "mars", "venus").stdout.splitlines()
    assert "  May 2, 1991: Words that go on past the edge of the column" in piped


# Titles as data has them: words (one space apart, or not), long words, wide and combining characters, a variation
# selector, tabs and line breaks.
TITLE_WORDS = st.lists(st.text("abcdefghij", min_size=1, max_size=14), min_size=1, max_size=12).map(" ".join)
PIECES = ["a", "b", "Z", " ", "  ", "\t", "\n", "\u00e9", "e\u0301", "\u4e2d", "\u2764\ufe0f", "\u0416", "-"]
TITLE_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
PRECEDENT_DATES = ("  1990:", "  May 2, 1991:", "  Jan 11 \u2013 Aug 26, 1960:", "  c. 1962:", "  1961?:")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(PRECEDENT_DATES), TITLE_WORDS | TITLE_TEXT), min_size=1, max_size=8),
    st.integers(1, 90) | st.just(UNBOUNDED),
    st.booleans(),
)
def test_precedents_are_drawn_as_richs_grid_draws_them(rows: list[tuple[str, str]], width: int, colour: bool) -> None:
    """The precedents are laid out a row at a time, not by Rich's grid, which is slow for thousands of rows: what
    a reader sees is the same, whatever the titles and the width."""
    from spacefilm.render.race_view import Precedents

    drawn = []
    for renderable in (precedents := Precedents(rows), precedents.grid()):
        stream = io.StringIO()
        Output(terminal=colour, colour=colour, width=width, stream=stream).draw(renderable)
        drawn.append(stream.getvalue())
    assert drawn[0] == drawn[1]
