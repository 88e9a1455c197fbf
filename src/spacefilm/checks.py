"""Validation: one list of rules, run over a whole dataset or a slice of events at a time.

Each rule about single events has two halves: a gate, a few passes at C speed over a batch of events that tell
whether any of them may break the rule (Tally.add, on every batch), and a walk that names each event and field that
does (check, only for the rules whose gate opened). Both paths, whole and streamed, gate with Tally, and
tests/test_checks.py holds each gate to its walk: the gated check finds exactly what walking every rule finds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import NamedTuple

from .dates import DateError, derive
from .dates import check as check_date
from .model import DERIVED_FIELDS, Dataset, Derived, Event

Labeller = Callable[[int, Event], str]
# Fields that must hold more than white space (the JSON Schema says so too).
NOT_BLANK = ("id", "title", "country")
_ID, _DATE, _TITLE, _COUNTRY, _PROJECT = map(attrgetter, ("id", "date", "title", "country", "project"))
_DERIVED = tuple(map(attrgetter, DERIVED_FIELDS))
_GIVEN = attrgetter(*DERIVED_FIELDS)


class Facts(NamedTuple):
    """What one event is checked against."""

    dates: Mapping[str, Derived]  # what each good date derives to
    bad_dates: Mapping[str, str]  # why each bad date is bad
    countries: set[str] | None  # the ids declared (None: none declared)
    projects: set[str] | None


def _blank(event: Event, facts: Facts) -> Iterator[str]:
    for name in NOT_BLANK:
        if not getattr(event, name).strip():
            yield f"{name}: is empty"


def _country(event: Event, facts: Facts) -> Iterator[str]:
    if facts.countries is not None and event.country not in facts.countries:
        yield f"country: {event.country!r} is not a declared country"


def _project(event: Event, facts: Facts) -> Iterator[str]:
    if facts.projects is not None and event.project is not None and event.project not in facts.projects:
        yield f"project: {event.project!r} is not a declared project"


def _date(event: Event, facts: Facts) -> Iterator[str]:
    reason = facts.bad_dates.get(event.date)
    if reason is not None:
        yield f"date: {reason}"


def _derived(event: Event, facts: Facts) -> Iterator[str]:
    derived = facts.dates.get(event.date)
    if derived is None:
        return  # a bad date: said once, by _date
    for name, given, value in zip(DERIVED_FIELDS, _GIVEN(event), derived, strict=True):
        if given is not None and given != value:
            yield f"{name}: is {given!r} but the date {event.date!r} gives {value!r}"


# The rules about single events, in the order their problems are listed for an event. Each name is a gate of Tally.
EVENT_RULES: dict[str, Callable[[Event, Facts], Iterator[str]]] = {
    "blank": _blank,
    "country": _country,
    "project": _project,
    "date": _date,
    "derived": _derived,
}


class Tally:
    """What a dataset's events use, gathered a batch of events at a time, and the rules whose gates opened.

    A few passes at C speed over each batch: the ids, as hashes of their lower case (two equal keys mean an id used
    twice, two ids that differ only in case, or, rarely, two hashes that collide); each distinct date, derived once
    (or, with nothing to filter or show, only checked); the countries and projects named (held against the declared
    ones by `undeclared`, once those are known); and the gates of the rules: a blank id, title or country; a bad
    date; a derived field that its date does not give.
    """

    def __init__(self, keyed: bool = True, deriving: bool = True) -> None:
        self.count = 0
        self.keyed = keyed  # False: the keys are only given (another process holds them to account)
        self.deriving = deriving  # False: dates are only checked (nothing will filter or show the events)
        self.keys: set[int] = set()
        self.elsewhere = 0  # keys added of events tallied elsewhere (add_keys)
        self.dates: dict[str, Derived] = {}
        self.bad_dates: dict[str, str] = {}  # the reason each wrong date is wrong
        self._seen: set[str] = set()  # the dates of both (a set's lookups are quicker than a dict's)
        self.countries: set[str] = set()
        self.projects: set[str] = set()
        self.suspect: set[str] = set()  # the rules whose gate opened

    def add(self, events: Sequence[Event], derived: bool = True) -> list[int]:
        """Tally the events, and give their ids' keys. `derived=False`: their type has no room for derived fields."""
        self.count += len(events)
        ids = list(map(_ID, events))
        joined = "\n".join(ids)
        keys = list(map(hash, ids if joined == joined.lower() else map(str.lower, ids)))
        if self.keyed:
            self.keys.update(keys)
        dates = set(map(_DATE, events))
        new = dates - self._seen
        self._seen |= new
        for text in new:
            try:
                if self.deriving:
                    self.dates[text] = derive(text)
                else:
                    check_date(text)
            except DateError as error:
                self.bad_dates[text] = str(error)
        countries = set(map(_COUNTRY, events))
        self.countries |= countries
        self.projects.update(project for project in set(map(_PROJECT, events)) if project is not None)
        titles = map(_TITLE, events)
        if not (all(map(str.strip, ids)) and all(map(str.strip, titles)) and all(map(str.strip, countries))):
            self.suspect.add("blank")
        if not dates.isdisjoint(self.bad_dates):
            self.suspect.add("date")
        given = derived and any(not {None}.issuperset(map(getter, events)) for getter in _DERIVED)
        if given and not all(map(self._agrees, events)):
            self.suspect.add("derived")
        return keys

    def _agrees(self, event: Event) -> bool:
        """Whether the derived fields an event gives, if any, are what its date derives to (a bad date: no)."""
        derived = self.dates.get(event.date)
        if derived is None and event.date not in self.bad_dates:
            derived = self.dates[event.date] = derive(event.date)  # (a date only checked: not `deriving`)
        return derived is not None and all(
            given is None or given == value for given, value in zip(_GIVEN(event), derived, strict=True)
        )

    def add_keys(self, keys: Collection[int]) -> None:
        """The keys of the ids of events tallied elsewhere (by a Tally that is not `keyed`, in another process)."""
        self.keys.update(keys)
        self.elsewhere += len(keys)

    @property
    def unique(self) -> bool:
        """Whether every id is distinct, case aside (False can also be a collision of hashes: check the ids)."""
        return len(self.keys) == self.count + self.elsewhere

    def undeclared(self, countries: set[str] | None, projects: set[str] | None) -> set[str]:
        """The reference rules whose gate opens: events name a country or project that is not declared."""
        opened = set()
        if countries is not None and not countries.issuperset(self.countries):
            opened.add("country")
        if projects is not None and not projects.issuperset(self.projects):
            opened.add("project")
        return opened


def declared_ids(dataset: Dataset) -> tuple[set[str] | None, set[str] | None]:
    """The ids of the countries and of the projects the dataset declares (None where it declares none)."""
    countries = None if dataset.countries is None else {c.id for c in dataset.countries}
    projects = None if dataset.projects is None else {p.id for p in dataset.projects}
    return countries, projects


class Checked(NamedTuple):
    problems: list[str]
    dates: dict[str, Derived]  # what each date of the dataset derives to
    countries: set[str]  # the countries and projects the events name
    projects: set[str]


def check(dataset: Dataset, origin: str, label: Labeller, walk_all: bool = False) -> Checked:
    """Every problem of a decoded dataset, and what its events use.

    The gates run over all the events at C speed; the events are walked one by one only for the rules whose gate
    opened (every rule with `walk_all`, which the tests use to hold the gates to account).
    """
    events = dataset.events
    countries, projects = declared_ids(dataset)
    problems = list(_dataset_problems(dataset, origin, countries, projects))
    tally = Tally()
    tally.add(events)
    if walk_all or not tally.unique:
        problems += _duplicates(origin, "event", map(_ID, events))
        problems += _case_twins(origin, set(map(_ID, events)))
    opened = set(EVENT_RULES) if walk_all else tally.suspect | tally.undeclared(countries, projects)
    if opened:
        walks = [walk for name, walk in EVENT_RULES.items() if name in opened]
        facts = Facts(tally.dates, tally.bad_dates, countries, projects)
        for index, event in enumerate(events):
            found = [problem for walk in walks for problem in walk(event, facts)]
            if found:
                where = label(index, event)
                problems += (f"{where}: {problem}" for problem in found)
    return Checked(problems, tally.dates, tally.countries, tally.projects)


def _dataset_problems(
    dataset: Dataset, origin: str, countries: set[str] | None, projects: set[str] | None
) -> Iterator[str]:
    """Problems of the declared countries, projects and races."""
    if dataset.countries is not None:
        yield from _duplicates(origin, "country", (c.id for c in dataset.countries))
        yield from _duplicates(
            origin, "country alias", (a.lower() for c in dataset.countries for a in {c.id, *c.aliases})
        )
        yield from _predecessors(origin, {c.id: c.predecessor for c in dataset.countries})
    if dataset.projects is not None:
        yield from _duplicates(origin, "project", (p.id for p in dataset.projects))
        for project in dataset.projects:
            if countries is not None and project.country is not None and project.country not in countries:
                yield f"{origin}: project {project.id!r}: country: {project.country!r} is not a declared country"
    yield from _duplicates(origin, "race", (r.id for r in dataset.races))
    for race in dataset.races:
        for project_id in race.projects:
            if projects is not None and project_id not in projects:
                yield f"{origin}: race {race.id!r}: projects: {project_id!r} is not a declared project"


def _predecessors(origin: str, predecessors: Mapping[str, str | None]) -> Iterator[str]:
    """Each predecessor a declared country, and no country its own predecessor, however far back."""
    for country, predecessor in predecessors.items():
        if predecessor is None:
            continue
        if predecessor not in predecessors:
            yield f"{origin}: country {country!r}: predecessor: {predecessor!r} is not a declared country"
            continue
        seen = {country}
        while predecessor is not None and predecessor not in seen:
            seen.add(predecessor)
            predecessor = predecessors.get(predecessor)
        if predecessor == country:
            yield f"{origin}: country {country!r}: predecessor: leads back to {country!r}"


def _case_twins(origin: str, ids: Iterable[str]) -> Iterator[str]:
    """Ids that differ only in case: `show` and a shell would take one for the other."""
    by_lower: dict[str, list[str]] = {}
    for value in ids:
        by_lower.setdefault(value.lower(), []).append(value)
    for twins in by_lower.values():
        if len(twins) > 1:
            yield f"{origin}: event ids {', '.join(repr(t) for t in sorted(twins))} differ only in case"


def _duplicates(origin: str, kind: str, ids: Iterable[str]) -> Iterator[str]:
    for value, count in Counter(ids).items():
        if count > 1:
            yield f"{origin}: {kind} id {value!r} is used {count} times"
