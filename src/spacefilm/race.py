"""The race: two sides compared milestone by milestone, as data (the words are render/comparison.py's).

"A before B" holds only when A's latest day is before B's earliest. Overlapping dates leave the order undetermined;
a plan (planned, unrealized) is not an occurrence and wins nothing. Leads are ranges of days.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

from .dates import EventDate, parse_edtf
from .model import Catalog, Event, Race, bounds
from .query import UnknownName, country_names, project_names

Part = Literal["began", "ended"]


@dataclass(frozen=True)
class Milestone:
    name: str
    kinds: frozenset[str]
    part: Part = "began"


# Story order. An interval gives its start to a "began" milestone and its end to an "ended" one.
MILESTONES = (
    Milestone("announced", frozenset({"announcement"})),
    Milestone("cast and crew", frozenset({"casting"})),
    Milestone("training began", frozenset({"training"})),
    Milestone("reached orbit", frozenset({"launch"})),
    Milestone("filming began", frozenset({"filming"})),
    Milestone("filming ended", frozenset({"filming"}), "ended"),
    Milestone("returned to Earth", frozenset({"landing"})),
    Milestone("released", frozenset({"release"})),
)
PRECEDENT_KINDS = frozenset({"filming", "precedent"})

Outcome = Literal["first", "only", "undetermined", "neither"]


@dataclass
class Side:
    id: str
    name: str
    events: list[Event]
    precedents: list[Event] = field(default_factory=list)


@dataclass
class Result:
    """One milestone: each side's event (or its plan), who was first, and by how many days."""

    milestone: str
    part: Part
    events: tuple[Event | None, Event | None]
    first: int | None  # 0 or 1: which side
    outcome: Outcome
    lead_days: tuple[int, int] | None


@dataclass
class Comparison:
    side_kind: Literal["countries", "projects"]
    sides: tuple[Side, Side]
    race: Race | None
    results: list[Result]


def part_of(event: Event, part: Part) -> EventDate | None:
    """The interval a milestone compares: the start of an event, or its end (None for an open end)."""
    when = parse_edtf(event.date)
    return when.began if part == "began" else when.ended


def _pick(events: Sequence[Event], milestone: Milestone) -> Event | None:
    """The earliest event of the milestone that happened; failing that, the earliest plan."""
    candidates = []
    for event in events:
        if event.kind not in milestone.kinds:
            continue
        when = part_of(event, milestone.part)
        if when is not None:
            candidates.append((event.status != "happened", when.sort_key, event.id, event))
    return min(candidates)[3] if candidates else None


def lead(first: EventDate, second: EventDate) -> tuple[int, int] | None:
    """Days by which `first` came before `second` as (least, most), or None when the order is undetermined."""
    if not first.latest < second.earliest:
        return None
    return (second.earliest - first.latest).days, (second.latest - first.earliest).days


def judge(milestone: Milestone, a: Event | None, b: Event | None) -> Result:
    happened = [e is not None and e.status == "happened" for e in (a, b)]
    first: int | None = None
    lead_days = None
    if happened[0] and happened[1]:
        assert a is not None and b is not None
        when_a, when_b = part_of(a, milestone.part), part_of(b, milestone.part)
        assert when_a is not None and when_b is not None
        for index, (x, y) in enumerate(((when_a, when_b), (when_b, when_a))):
            lead_days = lead(x, y)
            if lead_days is not None:
                first = index
                break
        outcome: Outcome = "first" if first is not None else "undetermined"
    elif happened[0] or happened[1]:
        first = 0 if happened[0] else 1
        outcome = "only"
    else:
        outcome = "neither"
    return Result(milestone.name, milestone.part, (a, b), first, outcome, lead_days)


def races_between(catalog: Catalog, side_of: Callable[[Event], str | None], ids: tuple[str, str]) -> list[Race]:
    """The races in which both sides have a project."""
    found = []
    for race in catalog.races:
        members = set(race.projects)
        sides = {side_of(e) for e in catalog.events if e.project in members}
        if set(ids) <= sides:
            found.append(race)
    return found


def _compare(
    catalog: Catalog,
    side_kind: Literal["countries", "projects"],
    ids: tuple[str, str],
    names: tuple[str, str],
    side_of: Callable[[Event], str | None],
    race: Race | None,
) -> Comparison:
    """Compare two sides (countries or projects) over a race's events, or over all their events if no race."""
    members = set(race.projects) if race else None
    sides = []
    for side_id, name in zip(ids, names, strict=True):
        own = [e for e in catalog.events if side_of(e) == side_id]
        in_race = own if members is None else [e for e in own if e.project in members]
        side = Side(side_id, name, in_race)
        if members is not None and in_race:
            start = min(bounds(e)[0] for e in in_race)
            side.precedents = [
                e for e in own if e.project not in members and e.kind in PRECEDENT_KINDS and bounds(e)[1] < start
            ]
        sides.append(side)
    pair = (sides[0], sides[1])
    results = [judge(m, _pick(pair[0].events, m), _pick(pair[1].events, m)) for m in MILESTONES]
    return Comparison(side_kind, pair, race, results)


class RaceError(ValueError):
    """A comparison that cannot be made as asked (a usage error)."""


def between(catalog: Catalog, given: tuple[str, str], race_id: str | None = None) -> Comparison:
    """Resolve two countries or two projects as typed, choose the race, and compare."""
    countries = country_names(catalog)
    projects = project_names(catalog)
    resolved = []
    for name in given:
        key = name.strip().lower()
        if key in countries:
            resolved.append(("country", countries[key]))
        elif key in projects:
            resolved.append(("project", projects[key]))
        else:
            raise UnknownName("country or project", name, [*sorted(catalog.countries), *sorted(catalog.projects)])
    (kind_a, a), (kind_b, b) = resolved
    if kind_a != kind_b:
        raise RaceError(f"compare two countries or two projects, not a {kind_a} ({a}) and a {kind_b} ({b})")
    if a == b:
        raise RaceError(f"both sides are {a!r}: name two different {kind_a} ids")
    side_of: Callable[[Event], str | None]
    name_of: Callable[[str], str]
    side_kind: Literal["countries", "projects"]
    if kind_a == "country":
        side_of, name_of, side_kind = attrgetter("country"), catalog.country_name, "countries"
    else:
        side_of, name_of, side_kind = attrgetter("project"), catalog.project_title, "projects"
    for side_id in (a, b):
        if not any(side_of(e) == side_id for e in catalog.events):
            raise RaceError(f"{kind_a} {side_id!r} has no events to compare")
    race = _choose_race(catalog, side_of, (a, b), race_id) if kind_a == "country" else None
    return _compare(catalog, side_kind, (a, b), (name_of(a), name_of(b)), side_of, race)


def _choose_race(
    catalog: Catalog, side_of: Callable[[Event], str | None], ids: tuple[str, str], race_id: str | None
) -> Race | None:
    shared = races_between(catalog, side_of, ids)
    if race_id is not None:
        chosen = next((r for r in shared if r.id == race_id), None)
        if chosen is None:
            raise UnknownName("race", race_id, [r.id for r in shared])
        return chosen
    if len(shared) > 1:
        raise RaceError(
            f"{ids[0]} and {ids[1]} meet in several races; pick one with --race: " + ", ".join(r.id for r in shared)
        )
    return shared[0] if shared else None
