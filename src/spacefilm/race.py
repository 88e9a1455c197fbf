"""The race: two sides compared milestone by milestone, as data (the words are render/comparison.py's).

A comparison is between film projects: each side is one project, or a country's projects, and only their events
fill milestones (an event of no project never does). Which projects: a declared race's, when the two sides meet in
one; otherwise each side's first project to film in orbit (or, if none did, to plan to); or those `--project` names.

"A before B" holds only when A's latest day is before B's earliest. Overlapping dates leave the order undetermined;
a plan (planned, unrealized) is not an occurrence and wins nothing. Leads are ranges of days.

A side's precedents are its other filming in orbit before the comparison begins, its predecessor's (the Soviet
Union's for Russia) included: they never fill a milestone, and the earliest of each side is compared on its own.
When a side has no project to compare, there is no "before": both sides' filming in orbit outside the projects
compared is shown, all of it, alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .dates import EventDate, parse_edtf
from .model import Catalog, Event, Names, Race, bounds
from .query import Filters, Query, UnknownName, country_names, project_names, resolve_project

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
# Footage shot in orbit: a production's filming, or footage of no production (a stunt, an advert, live reports).
PRECEDENT_KINDS = frozenset({"filming", "precedent"})
# The earliest filming in orbit of each side before the comparison, compared as its first filming.
HISTORY = Milestone("filmed in orbit before", PRECEDENT_KINDS)

Outcome = Literal["first", "only", "undetermined", "neither", "shared"]  # shared: the same event, both sides
# How a side's projects were chosen: a declared race's; with no race, the project named, or a country's first
# project to film in orbit (failing that, its first planned to; or none); or those named with --project.
Rule = Literal["race", "named", "filmed", "planned", "none", "chosen"]


@dataclass
class Side:
    id: str  # a country id, or a project id
    name: str
    country: str | None  # its country (a project's, for a project)
    projects: list[str]  # the projects compared, in the dataset's order
    rule: Rule
    events: list[Event]  # the events of those projects, in date order
    precedents: list[Event] = field(default_factory=list)  # in date order; a predecessor's have its country
    history: list[str] = field(default_factory=list)  # the predecessors whose events count: ["ussr"] for Russia


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
    start: date | None  # the first day of the projects compared
    history: Result  # each side's earliest precedent, compared
    names: Names
    # Precedents end before this day: the start, when both sides have a project to compare; else None (all of it).
    before: date | None = None


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
    if a is not None and b is not None and a.id == b.id:  # (two projects of one country share its precedents)
        return Result(milestone.name, milestone.part, (a, b), None, "shared", None)
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


class RaceError(ValueError):
    """A comparison that cannot be made as asked (a usage error)."""


def project_countries(catalog: Names, events: Iterable[Event]) -> dict[str, str | None]:
    """Each project's country: as declared, or else that of its first event (one pass over the events)."""
    found: dict[str, str | None] = {}
    for event in events:
        if event.project is not None:
            found.setdefault(event.project, event.country)
    for project_id, project in catalog.projects.items():
        if project.country is not None or project_id not in found:
            found[project_id] = project.country
    return found


def predecessors(catalog: Names, country_id: str | None) -> list[str]:
    """The countries whose history a country continues, nearest first (checks.py forbids a loop)."""
    found: list[str] = []
    country = catalog.countries.get(country_id or "")
    while country is not None and country.predecessor is not None and country.predecessor not in found:
        found.append(country.predecessor)
        country = catalog.countries.get(country.predecessor)
    return found


def wanted(names: Names, given: tuple[str, str]) -> Query:
    """What a comparison of two sides reads of a dataset: every event of a project (the milestones, and the
    projects each side has), and the filming in orbit of the sides' countries and their predecessors (every
    country's, for a project whose country only its events tell). Raises UnknownName as `between` does."""
    countries: set[str] = set()
    every = False
    for name in given:
        kind, found = _resolve(names, name)
        country: str | None = found
        if kind == "project":
            project = names.projects.get(found)
            country = project.country if project is not None else None
            every = every or country is None
        if country is not None:
            countries.update((country, *predecessors(names, country)))
    precedents = Filters(countries=set() if every else countries, kinds=set(PRECEDENT_KINDS), statuses={"happened"})
    return Query(Filters(either=(Filters(of_a_project=True), precedents)))


def between(
    catalog: Names,
    given: tuple[str, str],
    race_id: str | None = None,
    chosen: Sequence[str] = (),
    events: Sequence[Event] | None = None,
) -> Comparison:
    """Resolve two countries or two projects as typed, choose the projects of each side, and compare.

    `events`: in date order, the dataset's events, or at least those `wanted` selects; a Catalog's, when not given.
    """
    if events is None:
        assert isinstance(catalog, Catalog)
        events = catalog.events
    (kind, a), (kind_b, b) = (_resolve(catalog, name) for name in given)
    if kind != kind_b:
        raise RaceError(f"compare two countries or two projects, not a {kind} ({a}) and a {kind_b} ({b})")
    if a == b:
        raise RaceError(f"both sides are {a!r}: name two different {kind} ids")
    if race_id is not None and chosen:
        raise RaceError("--race and --project both choose the projects: give one of them")
    ids = (a, b)
    country_of = project_countries(catalog, events)
    if kind == "project":
        if chosen:
            raise RaceError("--project chooses the projects of two countries; these two sides are projects already")
        for project_id in ids:
            if not any(e.project == project_id for e in events):
                raise RaceError(f"project {project_id!r} has no events to compare")
        race = _choose_race(catalog, ids, race_id, lambda race: set(ids) <= set(race.projects))
        countries = (country_of.get(a), country_of.get(b))
        projects = ([a], [b])
        rules: tuple[Rule, Rule] = ("race", "race") if race else ("named", "named")
        names = (catalog.project_title(a), catalog.project_title(b))
    else:
        for country_id in ids:
            if country_id not in catalog.used_countries:
                raise RaceError(f"country {country_id!r} has no events to compare")
        countries = ids
        race = None if chosen else _choose_race(catalog, ids, race_id, lambda race: _meets(country_of, race, ids))
        projects, rules = _projects_of_countries(catalog, events, country_of, ids, race, chosen)
        names = (catalog.country_name(a), catalog.country_name(b))
    sides = tuple(
        Side(
            side_id,
            name,
            country,
            side_projects,
            rule,
            [e for e in events if e.project in side_projects],  # (in date order)
            history=predecessors(catalog, country),
        )
        for side_id, name, country, side_projects, rule in zip(ids, names, countries, projects, rules, strict=True)
    )
    pair = (sides[0], sides[1])
    start = min((bounds(e)[0] for side in pair for e in side.events), default=None)
    compared = {p for side in pair for p in side.projects}
    # A side with no project to compare has no "before" (Japan's, beside the US): then both sides' filming in orbit
    # outside the projects compared is shown, all of it, the same for each.
    before = start if all(side.events for side in pair) else None
    for side in pair:
        side.precedents = _precedents(events, [side.country or "", *side.history], compared, before)
    results = [judge(m, _pick(pair[0].events, m), _pick(pair[1].events, m)) for m in MILESTONES]
    history = judge(HISTORY, *(side.precedents[0] if side.precedents else None for side in pair))
    side_kind: Literal["countries", "projects"] = "countries" if kind == "country" else "projects"
    return Comparison(side_kind, pair, race, results, start, history, catalog, before)


def _resolve(catalog: Names, name: str) -> tuple[Literal["country", "project"], str]:
    key = name.strip().lower()
    countries, projects = country_names(catalog), project_names(catalog)
    if key in countries:
        return "country", countries[key]
    if key in projects:
        return "project", projects[key]
    raise UnknownName("country or project", name, [*sorted(catalog.countries), *sorted(catalog.projects)])


def _meets(country_of: dict[str, str | None], race: Race, countries: tuple[str, str]) -> bool:
    """Whether both countries have a project in the race."""
    return set(countries) <= {country_of.get(p) for p in race.projects}


def _choose_race(
    catalog: Names, ids: tuple[str, str], race_id: str | None, meets: Callable[[Race], bool]
) -> Race | None:
    """The race the two sides meet in: the one there is, or the one --race names."""
    shared = [race for race in catalog.races if meets(race)]
    if race_id is not None:
        chosen = next((r for r in shared if r.id == race_id), None)
        if chosen is not None:
            return chosen
        meet = f"they meet in {', '.join(r.id for r in shared)}" if shared else "they meet in no race"
        if any(r.id == race_id for r in catalog.races):
            raise RaceError(f"race {race_id!r} is not one of both {ids[0]} and {ids[1]}: {meet}")
        if not shared:
            raise RaceError(
                f"there is no race {race_id!r}, and {ids[0]} and {ids[1]} meet in no race: leave --race out"
            )
        raise UnknownName("race", race_id, [r.id for r in shared])
    if len(shared) > 1:
        raise RaceError(
            f"{ids[0]} and {ids[1]} meet in several races; pick one with --race: " + ", ".join(r.id for r in shared)
        )
    return shared[0] if shared else None


def _projects_of_countries(
    catalog: Names,
    events: Sequence[Event],
    country_of: dict[str, str | None],
    countries: tuple[str, str],
    race: Race | None,
    chosen: Sequence[str],
) -> tuple[tuple[list[str], list[str]], tuple[Rule, Rule]]:
    """Each country's projects to compare, and the rule that chose them."""
    picked: tuple[list[str], list[str]] = ([], [])
    if chosen:
        for name in chosen:
            project_id = resolve_project(catalog, name)
            if country_of.get(project_id) not in countries:
                raise RaceError(f"project {project_id!r} is of neither {countries[0]} nor {countries[1]}")
            side = picked[countries.index(country_of[project_id] or "")]
            if project_id not in side:
                side.append(project_id)
    rules: list[Rule] = []
    for index, country in enumerate(countries):
        if picked[index]:
            rules.append("chosen")
            continue
        if race is not None:
            picked[index].extend(p for p in race.projects if country_of.get(p) == country)
            rules.append("race")
        else:
            first, rule = first_to_film(events, {p for p, c in country_of.items() if c == country})
            picked[index].extend([first] if first else [])
            rules.append(rule)
    return picked, (rules[0], rules[1])


def first_to_film(events: Iterable[Event], projects: set[str]) -> tuple[str | None, Rule]:
    """Of these projects, the one that filmed in orbit first, by its filming (a release says nothing of where a
    production was shot: a series about the training of a crew is released before the crew flies). With none, the
    first planned to: by its filming planned, or never realised."""
    planned = None
    for event in events:  # (in date order)
        if event.project not in projects:
            continue
        if event.status == "happened" and event.kind == "filming":
            return event.project, "filmed"
        if event.kind == "filming" and planned is None:
            planned = event.project
    return planned, "planned" if planned else "none"


def _precedents(
    events: Iterable[Event], countries: Sequence[str], compared: set[str], before: date | None
) -> list[Event]:
    """A side's filming in orbit outside the projects compared, ended before `before` (all of it, if None), its
    predecessors' included; in date order."""
    history = set(countries)
    return [
        e
        for e in events
        if e.country in history
        and e.kind in PRECEDENT_KINDS
        and e.status == "happened"
        and e.project not in compared
        and (before is None or bounds(e)[1] < before)
    ]

