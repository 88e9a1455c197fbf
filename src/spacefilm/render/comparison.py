"""The words of `compare`: leads, cells and the verdict, the JSON document and the rows of its Markdown table.

race.py compares and returns data; every sentence is made here. No Rich: `compare --json` never pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..dates import days_in_month
from ..model import Event, date_order
from ..race import Comparison, Result, Side, part_of


def months_and_days(earlier: date, later: date) -> str:
    """Calendar distance in words: May 4 to Sep 22, 2020 is "4 months 18 days"."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    anchor = _add_months(earlier, months)
    if anchor > later:
        months -= 1
        anchor = _add_months(earlier, months)
    days = (later - anchor).days
    parts = []
    if months >= 12:
        parts.append(_plural(months // 12, "year"))
    if months % 12:
        parts.append(_plural(months % 12, "month"))
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


def lead_words(result: Result) -> str:
    if result.lead_days is None or result.first is None:
        return ""
    least, most = result.lead_days
    if least != most:
        return f"{least}\u2013{most} days"
    winner, loser = result.events[result.first], result.events[1 - result.first]
    assert winner is not None and loser is not None
    start = part_of(winner, result.part)
    end = part_of(loser, result.part)
    assert start is not None and end is not None
    words = months_and_days(start.latest, end.earliest)
    return f"{least} days" if words == _plural(least, "day") else f"{least} days ({words})"



def verdict(comparison: Comparison) -> str:
    """One or two sentences built from the data: who filmed first, what the other did, and the precedent."""
    sides, results = comparison.sides, comparison.results
    by_name = {r.milestone: r for r in results}
    filming = by_name["filming began"]
    sentences = []
    if filming.first is not None and filming.outcome in ("first", "only"):
        winner, other = sides[filming.first], sides[1 - filming.first]
        done = filming.events[filming.first]
        assert done is not None
        text = f"{winner.name} filmed first: {done.title} ({done.display})"
        rival = filming.events[1 - filming.first]
        if rival is None:
            text += f"; {other.name} has no filming in these events."
        elif rival.status == "unrealized":
            text += f"; {other.name} planned it for {rival.display} and it never happened."
        elif rival.status == "planned":
            text += f"; {other.name} plans it for {rival.display}."
        else:
            text += f", {lead_words(filming)} before {other.name} ({rival.display})."
        sentences.append(text)
    elif filming.outcome == "undetermined":
        sentences.append("Who filmed first cannot be told: the two sides' filming dates overlap.")
    else:
        sentences.append("Neither side filmed in these events.")
    precedent = _earliest_precedent(sides)
    if precedent is not None:
        side, event = precedent
        text = f"Before the race, {side.name} had filmed in orbit: {event.title} ({event.display})"
        if event.claims:
            text += f"; {event.claims[0].by} says \u201c{event.claims[0].claim}\u201d"
        sentences.append(text + ".")
    return " ".join(sentences)


def _earliest_precedent(sides: Sequence[Side]) -> tuple[Side, Event] | None:
    found = [(side, e) for side in sides for e in side.precedents if e.kind == "filming" and e.status == "happened"]
    return min(found, key=lambda pair: date_order(pair[1]), default=None)


def event_cell(event: Event | None) -> str:
    """A side's event for a milestone, in words: its date and title, or the plan that never happened."""
    if event is None:
        return "\u2014"
    if event.status == "unrealized":
        return f"planned {event.display}, never happened: {event.title}"
    if event.status == "planned":
        return f"planned for {event.display}: {event.title}"
    return f"{event.display}: {event.title}"


def first_cell(result: Result, sides: tuple[Side, Side]) -> str:
    if result.outcome == "undetermined":
        return "undetermined (dates overlap)"
    if result.outcome == "neither" or result.first is None:
        return "neither"
    name = sides[result.first].name
    return f"only {name}" if result.outcome == "only" else name




def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The JSON of `compare`: the sides, each milestone with both events, who was first and the lead range."""
    a, b = (side.id for side in comparison.sides)
    milestones = []
    for result in comparison.results:
        lead = None if result.lead_days is None else {"min": result.lead_days[0], "max": result.lead_days[1]}
        milestones.append(
            {
                "milestone": result.milestone,
                a: result.events[0],
                b: result.events[1],
                "first": None if result.first is None else (a, b)[result.first],
                "outcome": result.outcome,
                "lead_days": lead,
                "lead": lead_words(result) or None,
            }
        )
    return {
        comparison.side_kind: [a, b],
        "race": comparison.race.id if comparison.race else None,
        "milestones": milestones,
        "precedents": {side.id: side.precedents for side in comparison.sides},
        "verdict": verdict(comparison),
    }


def comparison_rows(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the comparison as text, for Markdown."""
    a, b = comparison.sides
    headers = ["Milestone", a.name, b.name, "First", "Lead"]
    rows = [
        [r.milestone, event_cell(r.events[0]), event_cell(r.events[1]), first_cell(r, comparison.sides), lead_words(r)]
        for r in comparison.results
    ]
    return headers, rows
