"""The comparison as plain data: the JSON document of `compare` and the rows of its Markdown table."""

from __future__ import annotations

from typing import Any

from ..race import Comparison, event_cell, first_cell, lead_words


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
        "verdict": comparison.verdict,
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
