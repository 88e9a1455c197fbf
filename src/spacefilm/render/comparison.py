"""The words of `compare`: leads, cells and the verdict, the JSON document, and its rows for CSV, TSV and Markdown.

race.py compares and returns data; every sentence is made here. No Rich: `compare --json` never pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..dates import EventDate, days_in_month, parse_edtf
from ..model import Event, date_order
from ..race import Comparison, Result, Side, part_of

EM_DASH, EN_DASH = "\u2014", "\u2013"
# Country names read with "the" in a sentence: the United States, the Soviet Union, the United Kingdom.
_TAKES_THE = re.compile(r"\b(United|Union|Kingdom|Republic|Federation|Emirates|Islands|Netherlands)\b")
RULES = {
    "race": "the race's project",
    "named": "the project named",
    "planned": "no race declared, and none filmed: its first project planned to film in orbit",
    "none": "no race declared, and none of its projects filmed in orbit or planned to",
    "filmed": "no race declared: its first project to film in orbit",
    "chosen": "chosen with --project",
}


def calendar_distance(earlier: date, later: date) -> tuple[int, int]:
    """Whole months from `earlier` to `later`, and the days left over: May 4 to Sep 22 is (4, 18)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    anchor = _add_months(earlier, months)
    if anchor > later:
        months -= 1
        anchor = _add_months(earlier, months)
    return months, (later - anchor).days


def months_and_days(earlier: date, later: date) -> str:
    """Calendar distance in words: May 4 to Sep 22, 2020 is "4 months 18 days"."""
    months, days = calendar_distance(earlier, later)
    parts = [_years_and_months(months)] if months else []
    if days or not parts:
        parts.append(_plural(days, "day"))
    return " ".join(parts)


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (Aug 30 + 6 months is Feb 28 or 29)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _years_and_months(months: int) -> str:
    parts = []
    if months >= 12:
        parts.append(_plural(months // 12, "year"))
    if months % 12:
        parts.append(_plural(months % 12, "month"))
    return " ".join(parts)


def _range_in_words(ahead: EventDate, behind: EventDate) -> str:
    """A lead that is a range of days, in months and years: "5-6 months", "3-15 months", "about 37 years 5 months".

    Each end in whole months; past two years, a month either way is said as "about" the middle.
    """
    low = calendar_distance(ahead.latest, behind.earliest)[0]
    high = calendar_distance(ahead.earliest, behind.latest)[0]
    if low == high:
        return f"about {_years_and_months(low)}" if low else ""  # (under a month: the days say it)
    if high < 24:
        return f"up to {_plural(high, 'month')}" if low == 0 else f"{low}{EN_DASH}{high} months"
    if high - low == 1 or low // 12 == high // 12:
        middle = calendar_distance(_middle(ahead), _middle(behind))[0]
        return f"about {_years_and_months(middle)}"
    return f"{low // 12}{EN_DASH}{high // 12} years"


def _middle(when: EventDate) -> date:
    return when.earliest + (when.latest - when.earliest) / 2


def lead_words(result: Result) -> str:
    """How far ahead the first side was: "141 days (4 months 18 days)", "159-188 days (5-6 months)"."""
    if result.lead_days is None or result.first is None:
        return ""
    least, most = result.lead_days
    winner, loser = result.events[result.first], result.events[1 - result.first]
    assert winner is not None and loser is not None
    ahead, behind = part_of(winner, result.part), part_of(loser, result.part)
    assert ahead is not None and behind is not None
    if least == most:
        words = months_and_days(ahead.latest, behind.earliest)
        days = _plural(least, "day")
        return days if words == days else f"{days} ({words})"
    words = _range_in_words(ahead, behind)
    days = f"{least}{EN_DASH}{most} days"
    return f"{days} ({words})" if words else days


def in_sentence(comparison: Comparison, side: Side, start: bool = False) -> str:
    """A side's name inside a sentence: a country's with "the" where English puts it (the United States)."""
    name = side.name
    if comparison.side_kind == "countries":
        name = country_in_sentence(name, start)
    return name


def country_in_sentence(name: str, start: bool = False) -> str:
    if _TAKES_THE.search(name) and not name.lower().startswith("the "):
        return f"{'The' if start else 'the'} {name}"
    return name


def when_cell(event: Event, result: Result) -> str:
    """The date a milestone compares, an interval's start or end said so: "Oct 17, 2021 (end of Oct 5-17, 2021)"."""
    when = part_of(event, result.part)
    if when is None or not parse_edtf(event.date).is_interval:
        return event.display or event.date
    which = "start" if result.part == "began" else "end"
    return f"{when.display()} ({which} of {event.display})"


def event_cell(event: Event | None, result: Result) -> str:
    """A side's event for a milestone, in words: the date it compares and the title, or the plan."""
    if event is None:
        return EM_DASH
    when = when_cell(event, result)
    if event.status == "unrealized":
        return f"planned {when}, never happened: {event.title}"
    if event.status == "planned":
        return f"planned for {when}: {event.title}"
    return f"{when}: {event.title}"


def first_cell(result: Result, comparison: Comparison) -> str:
    """Who was first: "Russia", "Russia (the United States' project never did)", "undetermined (dates overlap)"."""
    if result.outcome == "undetermined":
        return "undetermined (dates overlap)"
    if result.outcome == "shared":
        return "both (the same event)"
    if result.first is None:
        return "neither (plans only)" if any(result.events) else "neither"
    sides = comparison.sides
    winner = sides[result.first].name
    if result.outcome == "first":
        return winner
    other = in_sentence(comparison, sides[1 - result.first])
    rival = result.events[1 - result.first]
    if rival is None:
        return f"{winner} ({never_did(comparison, sides[1 - result.first])})"
    if rival.status == "unrealized":
        return f"{winner} ({possessive(other)} plan never happened)"
    return f"{winner} ({possessive(other)} plan is still ahead)"


def never_did(comparison: Comparison, side: Side) -> str:
    """A side that has no event for a milestone, said of what is compared: a project, or a country's projects (the
    country itself may well have done it outside them: the United States reached orbit, though not for Cruise)."""
    name = in_sentence(comparison, side)
    if comparison.side_kind == "projects":
        return f"{name} never did"
    if not side.projects:
        return f"{name} has no project compared"
    return f"{possessive(name)} {'project' if len(side.projects) == 1 else 'projects'} never did"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def source_of(event: Event) -> str:
    """An event's first source, as a reader would look it up: publisher and title."""
    source = event.sources[0]
    return f"{source.publisher}, \u201c{source.title}\u201d" if source.publisher else f"\u201c{source.title}\u201d"


def country_of(comparison: Comparison, side: Side) -> str:
    """A side's country in a sentence (precedents are a country's): the side itself, or a project's country."""
    if comparison.side_kind == "countries" or side.country is None:
        return in_sentence(comparison, side)
    return country_in_sentence(comparison.names.country_name(side.country))


def whose(comparison: Comparison, side: Side, event: Event) -> str:
    """Who filmed a precedent: the side's country, or its predecessor, said as such."""
    if event.country == side.country or side.country is None:
        return country_of(comparison, side)
    predecessor = country_in_sentence(comparison.names.country_name(event.country))
    return f"{predecessor} (the predecessor of {country_of(comparison, side)})"


def before_words(comparison: Comparison) -> str:
    """What the precedents came before: the race, or the projects compared; or, when a side has none to compare,
    what they are outside of."""
    if comparison.before is None:
        return "Outside the projects compared"
    return "Before the race" if comparison.race is not None else "Before the projects compared"


def verdict(comparison: Comparison) -> str:
    """Sentences built from the data: who filmed first and what the other did; then each side's earliest filming in
    orbit before, with its date and source, and which came first."""
    return " ".join([_race_verdict(comparison), *_history_verdict(comparison)])


def _race_verdict(comparison: Comparison) -> str:
    sides = comparison.sides
    filming = next(r for r in comparison.results if r.milestone == "filming began")
    plans = [
        f"{in_sentence(comparison, side)} {_plan_words(event)}"
        for side, event in zip(sides, filming.events, strict=True)
        if event is not None and event.status != "happened"
    ]
    if filming.outcome in ("first", "only") and filming.first is not None:
        winner, other = sides[filming.first], sides[1 - filming.first]
        done, rival = filming.events[filming.first], filming.events[1 - filming.first]
        assert done is not None
        text = f"{in_sentence(comparison, winner, start=True)} filmed first: {done.title} ({done.display})"
        if rival is None and not other.projects:
            return f"{text}; {in_sentence(comparison, other)} has no project to compare."
        if rival is None:
            return f"{text}; {in_sentence(comparison, other)} has no filming in the projects compared."
        if plans:
            return f"{text}; {plans[0]}."
        return f"{text}, {lead_words(filming)} before {in_sentence(comparison, other)} ({rival.display})."
    if filming.outcome == "undetermined":
        a, b = filming.events
        assert a is not None and b is not None
        return f"Who filmed first cannot be told: the two sides' filming dates overlap ({a.display}; {b.display})."
    text = "Neither side's projects have a dated filming in orbit that happened"
    shown = [
        (side, event)
        for side in sides
        if not any(e.kind == "filming" and e.status == "happened" for e in side.events)
        for event in side.events
        if event.kind == "release" and event.status == "happened"
    ]
    if shown:
        side, event = min(shown, key=lambda pair: date_order(pair[1]))
        text += f"; {in_sentence(comparison, side)} released footage filmed there: {event.title} ({event.display})"
    return "; ".join([text, *plans]) + "."


def _plan_words(event: Event) -> str:
    if event.status == "unrealized":
        return f"planned its filming for {event.display}, and it never happened"
    return f"plans its filming for {event.display}"


def _history_verdict(comparison: Comparison) -> list[str]:
    """Each side's earliest filming in orbit before the projects compared, with its date and source."""
    history, sides = comparison.history, comparison.sides
    found = [(side, event) for side, event in zip(sides, history.events, strict=True) if event is not None]
    if not found:
        return []
    before = before_words(comparison)

    def described(side: Side, event: Event) -> str:
        return f"{whose(comparison, side, event)} {dated(event)} ({event.title}; {source_of(event)})"

    if len(found) == 1:
        side, event = found[0]
        other = country_of(comparison, sides[1 - sides.index(side)])
        none = "no earlier filming in orbit"
        if comparison.before is None:
            none = "no filming in orbit outside the projects compared"
        return [
            f"{before}, {whose(comparison, side, event)} had filmed in orbit {dated(event)} "
            f"({event.title}; {source_of(event)}); {other} has {none} in these events."
        ]
    if history.outcome == "shared":
        return [f"{before}, both sides share their earliest filming in orbit: {described(*found[0])}."]
    if history.first is None:
        both = " and ".join(described(*pair) for pair in found)
        return [f"{before}, both sides had filmed in orbit: {both}; which was first cannot be told (dates overlap)."]
    (first_side, first), second = found[history.first], found[1 - history.first]
    return [
        f"{before}, {whose(comparison, first_side, first)} had filmed in orbit {dated(first)} "
        f"({first.title}; {source_of(first)}), {lead_words(history)} before {described(*second)}."
    ]


def dated(event: Event) -> str:
    """An event's date after a verb: "on Oct 5, 2021", "in 1983"."""
    return f"{'on' if event.precision == 'day' else 'in'} {event.display}"


def _when_value(event: Event | None, result: Result) -> dict[str, str | None] | None:
    """The bounds and display of the date a milestone compares."""
    if event is None:
        return None
    when = part_of(event, result.part)
    assert when is not None  # (an event with no end is never picked for an "ended" milestone)
    return {"earliest": when.earliest.isoformat(), "latest": when.iso_latest(), "display": when.display()}


def milestone_value(comparison: Comparison, result: Result) -> dict[str, Any]:
    """One milestone as JSON: each side's event, the date compared, who was first, the lead."""
    a, b = (side.id for side in comparison.sides)
    lead = None if result.lead_days is None else {"min": result.lead_days[0], "max": result.lead_days[1]}
    return {
        "milestone": result.milestone,
        a: result.events[0],
        b: result.events[1],
        "when": {a: _when_value(result.events[0], result), b: _when_value(result.events[1], result)},
        "first": None if result.first is None else (a, b)[result.first],
        "outcome": result.outcome,
        "lead_days": lead,
        "lead": lead_words(result) or None,
    }


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The JSON of `compare`: the sides and their projects, each milestone, the precedents and the verdict."""
    names = comparison.names
    return {
        comparison.side_kind: [side.id for side in comparison.sides],
        "race": comparison.race.id if comparison.race else None,
        "sides": [
            {
                "id": side.id,
                "name": side.name,
                "country": side.country,
                "predecessors": side.history,
                "projects": [{"id": p, "title": names.project_title(p)} for p in side.projects],
                "rule": side.rule,
            }
            for side in comparison.sides
        ],
        "milestones": [milestone_value(comparison, result) for result in comparison.results],
        "precedents": {side.id: side.precedents for side in comparison.sides},
        "earliest_precedents": milestone_value(comparison, comparison.history),
        "verdict": verdict(comparison),
    }


def projects_line(comparison: Comparison, side: Side) -> str:
    """Which projects a side compares, and the rule that chose them."""
    names = comparison.names
    if comparison.side_kind == "projects":
        country = f" ({names.country_name(side.country)})" if side.country else ""
        return f"{side.name}{country}: {RULES[side.rule]}"
    titles = ", ".join(names.project_title(p) for p in side.projects) or "no project"
    return f"{side.name}: {titles} ({RULES[side.rule]})"


def shown(comparison: Comparison) -> list[Result]:
    """The milestones either side has an event for: what a reader is shown (JSON, CSV and TSV keep every one)."""
    return [result for result in comparison.results if result.events != (None, None)]


def comparison_rows(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the comparison as text, for Markdown."""
    a, b = comparison.sides
    headers = ["Milestone", a.name, b.name, "First", "Lead"]
    rows = [
        [
            r.milestone,
            event_cell(r.events[0], r),
            event_cell(r.events[1], r),
            first_cell(r, comparison),
            lead_words(r),
        ]
        for r in shown(comparison)
    ]
    return headers, rows


def flat_headers(comparison: Comparison) -> list[str]:
    """CSV and TSV: one row a milestone, each side's event id, the date compared, its title and status."""
    headers = ["milestone"]
    for side in comparison.sides:
        headers += [f"{side.id}_event", f"{side.id}_date", f"{side.id}_title", f"{side.id}_status"]
    return [*headers, "first", "outcome", "lead_min_days", "lead_max_days", "lead"]


def flat_row(side_ids: Sequence[str], value: dict[str, Any]) -> dict[str, str]:
    """A milestone's JSON value (milestone_value) as flat text fields."""
    row = {"milestone": value["milestone"]}
    for side_id in side_ids:
        event, when = value[side_id], value["when"][side_id]
        row[f"{side_id}_event"] = event.id if event else ""
        row[f"{side_id}_date"] = when["display"] if when else ""
        row[f"{side_id}_title"] = event.title if event else ""
        row[f"{side_id}_status"] = event.status if event else ""
    lead = value["lead_days"]
    row.update(
        first=value["first"] or "",
        outcome=value["outcome"],
        lead_min_days="" if lead is None else str(lead["min"]),
        lead_max_days="" if lead is None else str(lead["max"]),
        lead=value["lead"] or "",
    )
    return row


def precedents_heading(comparison: Comparison, side: Side) -> str:
    """What a side's precedents are: "Before the race, Russia (and the Soviet Union, its predecessor) filmed in
    orbit"."""
    others = sorted({e.country for e in side.precedents if e.country != side.country}, key=side.history.index)
    names = [country_in_sentence(comparison.names.country_name(c)) for c in others]
    also = f" (and {' and '.join(names)}, {'its predecessor' if len(names) == 1 else 'its predecessors'})"
    who = f"{country_of(comparison, side)}{also if names else ''}"
    if not side.projects and comparison.side_kind == "countries":
        other = in_sentence(comparison, comparison.sides[1 - comparison.sides.index(side)])
        return f"{country_in_sentence(who, start=True)} has no project to compare with {other}; its filming in orbit:"
    return f"{before_words(comparison)}, {who} filmed in orbit:"


def precedent_lines(comparison: Comparison, side: Side) -> list[tuple[str, str]]:
    """A side's precedents, each its date and what it was, a predecessor's named."""
    lines = []
    for event in side.precedents:
        by = "" if event.country == side.country else f" ({comparison.names.country_name(event.country)})"
        lines.append((f"{event.display}:", f"{event.title}{by}"))
    return lines
