"""The dataset's types. msgspec decodes JSON straight into them, checking types as it goes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import cached_property
from itertools import chain, compress, repeat
from operator import add, attrgetter
from typing import Annotated, Any, Literal, overload

import msgspec

from .dates import OPEN_END_ISO, Precision
from .vocab import KINDS, STATUSES, Kind, Status

__all__ = [
    "KINDS",
    "STATUSES",
    "Catalog",
    "ClaimRow",
    "Counted",
    "Country",
    "Dataset",
    "Dispute",
    "Event",
    "Groups",
    "Names",
    "Project",
    "Race",
    "Source",
    "StoredEvent",
]


class Source(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    title: str
    url: str | None = None
    publisher: str | None = None
    quote: str | None = None
    translation: str | None = None  # our English rendering of a quote in another language


# What a claim says: "first", that the event was a first of its kind (what `firsts` lists); "statement", a source's
# words about what the event was that claim no first (they qualify a first claimed elsewhere).
ClaimKind = Literal["first", "statement"]


class Dispute(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """What contradicts a claim: who does, what they say (a sentence for readers), and the sources that say it."""

    by: str
    note: str
    sources: Annotated[tuple[Source, ...], msgspec.Meta(min_length=1)]


class Claim(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    claim: str
    by: str
    # A claim is written as it was given: `kind` and `translation` only when given (UNSET, never written, when not).
    # Not given, a claim is "first" (`is_first`).
    kind: ClaimKind | msgspec.UnsetType = msgspec.UNSET
    translation: str | msgspec.UnsetType | None = msgspec.UNSET  # our English rendering of a claim in another language
    # A claim a source contradicts says so, with that source: no output shows it plainer than the evidence allows.
    disputed: tuple[Dispute, ...] = ()

    @property
    def is_first(self) -> bool:
        return self.kind != "statement"

    @property
    def english(self) -> str | None:
        """The claim's translation, if it has one."""
        return self.translation if isinstance(self.translation, str) else None


# gc=False: an event holds only strings and tuples of Structs, never a cycle, so the collector need not track it.
# Tuples, not lists: an absent field shares the one empty tuple, where a list default is a new list each event.
class Event(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, gc=False):
    """One dated event, with its sources. Field order is the order of JSON output."""

    id: str
    date: str
    # Derived from `date`; accepted in input (so output is a dataset) and checked against it.
    earliest: str | None = None
    latest: str | None = None
    precision: Precision | None = None
    display: str | None = None
    title: str
    summary: str | None = None
    country: str
    kind: Kind
    status: Status = "happened"
    project: str | None = None
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    sources: Annotated[tuple[Source, ...], msgspec.Meta(min_length=1)]
    claims: tuple[Claim, ...] = ()
    notes: str | None = None


class StoredEvent(Event, omit_defaults=True):
    """An event as a dataset stores it (`spacefilm export`): no derived field, no field left at its default."""


# Names are written without their empty fields (`spacefilm export`): a country with no predecessor says nothing of one.
class Country(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    id: str
    name: str
    aliases: list[str] = []
    predecessor: str | None = None  # a declared country whose earlier events are this one's history (ussr, russia)


class Project(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    id: str
    title: str
    country: str | None = None
    original_title: str | None = None


class Race(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    title: str
    projects: list[str]


class Dataset(msgspec.Struct, forbid_unknown_fields=True):
    events: list[Event]
    countries: list[Country] | None = None
    projects: list[Project] | None = None
    races: list[Race] = []


DERIVED_FIELDS = ("earliest", "latest", "precision", "display")


# What a date string derives to: earliest, latest (None for an open end), precision, display.
Derived = tuple[str, str | None, Precision, str]


def date_order(event: Event) -> tuple[str, str, str]:
    """Earliest, then latest, then id: ISO dates order correctly as text. Needs the derived fields set."""
    return event.earliest or "", event.latest or OPEN_END_ISO, event.id


def with_derived(events: Iterable[Event], dates: Mapping[str, Derived]) -> list[Event]:
    """The events, their derived fields set from what their dates derive to."""
    chosen = list(events)
    for event in chosen:
        event.earliest, event.latest, event.precision, event.display = dates[event.date]
    return chosen


# What a density chart reads of an event (render/chart_view.py, render/svg.py): its dates, lane, status and id (which
# orders events of the same dates). A sketch is an Event with these fields and nothing else: no title, no sources.
# (With no limit, the reader counts sketches instead, one standing for many events: load/sketchbook.py.)
SKETCHED = ("id", "date", "earliest", "latest", "precision", "display", "country", "kind", "status", "project")


def sketch(row: Sequence[Any], strings: dict[str, str]) -> Event:
    """The sketch of an event from its SKETCHED fields; its date, country and project the same objects as other
    sketches' (`strings` holds them; the derived fields are shared already)."""
    event_id, day, earliest, latest, precision, display, country, kind, status, project = row
    share = strings.setdefault
    return Event(
        id=event_id,
        date=share(day, day),
        earliest=earliest,
        latest=latest,
        precision=precision,
        display=display,
        title="",
        country=share(country, country),
        kind=kind,
        status=status,
        project=share(project, project) if project else None,
        sources=(),
    )


def sketches(events: Iterable[Event], strings: dict[str, str]) -> list[Event]:
    """The events as sketches (see SKETCHED): a few hundred bytes of titles, sources and notes each left out."""
    return [sketch(sketch_row(event), strings) for event in events]


def is_sketch(event: Event) -> bool:
    """A sketch has no sources (an event read from a dataset has one or more)."""
    return not event.sources


class Groups:
    """What a density picture reads of events (render/chart_view.py, render/svg.py): the events in groups, each
    standing for events of one date, country and project, with how many there are; and the order in which the
    groups' dates, countries and projects first and last appear among the events. Any sequence of events is groups
    of one event each (`groups_of`); a Counted is its groups already."""

    def __init__(
        self,
        days: list[str],
        countries: list[str],
        projects: list[str | None],
        counts: list[int],
        derived: Mapping[str, Derived],
    ) -> None:
        self.days = days  # each group's date
        self.countries = countries
        self.projects = projects
        self.counts = counts  # each group's events
        self.derived = derived  # what each date derives to

    @cached_property
    def lanes(self) -> list[tuple[str | None, str]]:
        """Each group's project and country."""
        return list(zip(self.projects, self.countries, strict=True))

    @cached_property
    def by_day(self) -> dict[str, int]:
        """How many events each date has."""
        found: defaultdict[str, int] = defaultdict(int)
        for day, count in zip(self.days, self.counts, strict=True):
            found[day] += count
        return found

    def appear(self, column: Column) -> list[Any]:
        """The distinct values of a column in the order they first appear in."""
        return list(dict.fromkeys(getattr(self, column)))

    def appear_last(self, column: Column) -> list[Any]:
        """The distinct values of a column in the order they last appear in."""
        last = dict(zip(getattr(self, column), range(len(self.days)), strict=True))
        return sorted(last, key=last.__getitem__)

    def first_of(self, days: Collection[str]) -> str:
        """Of these dates, the one whose events appear first."""
        return next(filter(days.__contains__, self.days))


Column = Literal["days", "countries", "projects", "lanes"]


def groups_of(events: Sequence[Event] | Groups) -> Groups:
    """The events as groups (Groups): a Counted's, or an event each (derived fields set)."""
    if isinstance(events, Groups):
        return events
    days = list(map(_DATE, events))
    derived = dict(zip(days, map(_DERIVED, events), strict=True))
    return Groups(days, list(map(_COUNTRY, events)), list(map(_PROJECT, events)), [1] * len(events), derived)


class Counted(Groups, Sequence[Event]):
    """Events in date order (date_order) counted in groups of one date, country and project (load/sketchbook.py),
    with each group's least and greatest id: they place the group's first and last event among the other groups' as
    date_order places them. A group may come twice, counted by each of two processes (what a picture reads of them
    adds up, or takes the least or greatest: they are not merged first). Read as a sequence, it is the events in
    that order, a sketch (see SKETCHED) of each group standing for each of its events: each group's first where its
    least id falls, for all its events but one, and again where its greatest falls."""

    def __init__(
        self,
        days: list[str],
        countries: list[str],
        projects: list[str | None],
        counts: list[int],
        derived: Mapping[str, Derived],
        least: list[str],
        greatest: list[str],
        reverse: bool = False,
    ) -> None:
        super().__init__(days, countries, projects, counts, derived)
        self.least = least
        self.greatest = greatest
        self.reverse = reverse
        self.total = sum(counts)
        self._appear: dict[tuple[str, bool], list[Any]] = {}

    @cached_property
    def _dates(self) -> dict[str, str]:
        """Each date's first and last day as one text: ISO, ten characters each (an open end the last of all)."""
        return {day: earliest + (latest or OPEN_END_ISO) for day, (earliest, latest, _, _) in self.derived.items()}

    def _places(self, days: Iterable[str], ids: Iterable[str]) -> list[str]:
        """Where the events of these dates and ids fall in date order, as one text each (which compare quickest): its
        dates, then its id."""
        return list(map(add, map(self._dates.__getitem__, days), ids))

    @cached_property
    def _firsts(self) -> list[str]:
        """Where each group first appears (in date order, or reversed)."""
        return self._places(self.days, self.greatest if self.reverse else self.least)

    def _appearing(self, column: Column, last: bool) -> list[Any]:
        """The distinct values of a column in the order they first (or last) appear in: where the first (last) of
        their groups does, in one pass over the groups (not a sort of them), by their dates and then their ids."""
        if (column, last) not in self._appear:
            later = last != self.reverse  # (the group that wins: the one later in date order)
            ids = self.greatest if later else self.least
            places = zip(map(self._dates.__getitem__, self.days), ids, strict=True)  # (its dates, then its id)
            found: dict[Any, tuple[str, str]] = {}  # each value's winning place
            get = found.get
            if later:
                for value, place in zip(getattr(self, column), places, strict=True):
                    if place > get(value, _NOWHERE):
                        found[value] = place
            else:
                for value, place in zip(getattr(self, column), places, strict=True):
                    if place < get(value, _NEVER):
                        found[value] = place
            self._appear[column, last] = sorted(found, key=found.__getitem__, reverse=self.reverse)
        return self._appear[column, last]

    def appear(self, column: Column) -> list[Any]:
        return self._appearing(column, False)

    def appear_last(self, column: Column) -> list[Any]:
        return self._appearing(column, True)

    def first_of(self, days: Collection[str]) -> str:
        found = compress(zip(self._firsts, self.days, strict=True), map(days.__contains__, self.days))
        return (max if self.reverse else min)(found)[1]

    @cached_property
    def _merged(self) -> list[tuple[tuple[str, str, str | None], int, str, str]]:
        """Each group once (date, country, project), with its events and its least and greatest id."""
        found: dict[tuple[str, str, str | None], tuple[int, str, str]] = {}
        columns = (self.days, self.countries, self.projects, self.counts, self.least, self.greatest)
        for day, country, project, count, least, greatest in zip(*columns, strict=True):
            before = found.get((day, country, project))
            if before is not None:
                count, least, greatest = count + before[0], min(least, before[1]), max(greatest, before[2])
            found[day, country, project] = count, least, greatest
        return [(group, *counted) for group, counted in found.items()]

    @cached_property
    def _runs(self) -> tuple[list[int], list[int]]:
        """The events as runs: each run's group (of _merged), and how many events in a row it stands for."""
        merged = self._merged
        days = [group[0] for group, *_ in merged]
        several = [number for number, (_, count, _, _) in enumerate(merged) if count > 1]
        lasts = self._places(map(days.__getitem__, several), (merged[number][3] for number in several))
        places = self._places(days, (least for _, _, least, _ in merged)) + lasts
        marks = list(range(len(merged))) + several
        times = [count - 1 if count > 1 else 1 for _, count, _, _ in merged] + [1] * len(several)
        order = sorted(range(len(places)), key=places.__getitem__, reverse=self.reverse)
        return list(map(marks.__getitem__, order)), list(map(times.__getitem__, order))

    @cached_property
    def sketches(self) -> list[Event]:
        """A sketch of each group (of _merged; its least id for an id)."""
        found = []
        for (day, country, project), _, least, _ in self._merged:
            earliest, latest, precision, display = self.derived[day]
            found.append(
                Event(
                    id=least,
                    date=day,
                    earliest=earliest,
                    latest=latest,
                    precision=precision,
                    display=display,
                    title="",
                    country=country,
                    kind=UNKEPT_KIND,
                    status=UNKEPT_STATUS,
                    project=project,
                    sources=(),
                )
            )
        return found

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Event]:
        groups, times = self._runs
        return chain.from_iterable(map(repeat, map(self.sketches.__getitem__, groups), times))

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        return list(self)[index]  # (no picture indexes the events: one that did would read them all)


# A place before every group's, and one after every group's (their dates are ISO digits).
_NOWHERE: tuple[str, str] = ("", "")
_NEVER: tuple[str, str] = ("\uffff", "")

# A density chart does not read an event's kind or status: a counted sketch keeps neither, and says these.
UNKEPT_KIND: Kind = "precedent"
UNKEPT_STATUS: Status = "happened"


def in_date_order(events: list[Event], reverse: bool = False) -> list[Event]:
    """The events sorted by date_order (derived fields set), the keys made at C speed unless an end is open."""
    return sorted(events, key=_BOUNDS if all(map(_LATEST, events)) else date_order, reverse=reverse)


class Names:
    """The countries, projects and races of a dataset, and how to name them.

    Where a dataset declares no countries (or projects), the ids its events use name themselves.
    """

    def __init__(self, dataset: Dataset, countries: Iterable[str], projects: Iterable[str]) -> None:
        """`countries` and `projects`: the ids the events use."""
        self.races = dataset.races
        # Which names the dataset declares: an events-only file (an array, JSON Lines) declares none.
        self.declares_countries = dataset.countries is not None
        self.declares_projects = dataset.projects is not None
        self.used_countries = frozenset(countries)  # (a declared country may have no events)
        if dataset.countries is None:
            self.countries = {c: Country(id=c, name=c) for c in sorted(countries)}
        else:
            self.countries = {c.id: c for c in dataset.countries}
        if dataset.projects is None:
            self.projects = {p: Project(id=p, title=p) for p in sorted(projects)}
        else:
            self.projects = {p.id: p for p in dataset.projects}

    def country_name(self, country_id: str) -> str:
        country = self.countries.get(country_id)
        return country.name if country else country_id

    def project_title(self, project_id: str | None) -> str:
        if project_id is None:
            return ""
        project = self.projects.get(project_id)
        return project.title if project else project_id


class Catalog(Names):
    """A whole loaded, validated dataset: its names and every event.

    Events get their derived fields and their date order only when asked for: a query over a million events
    derives and sorts just the ones it keeps.
    """

    def __init__(
        self, dataset: Dataset, origin: str, dates: dict[str, Derived], countries: set[str], projects: set[str]
    ) -> None:
        """`dates`: what each date derives to; `countries` and `projects`: the ids the events use."""
        super().__init__(dataset, countries, projects)
        self.origin = origin
        self.loaded = dataset.events  # in file order, derived fields not yet set
        self.dates = dates

    @cached_property
    def events(self) -> list[Event]:
        """Every event, in date order."""
        return self.ordered(self.loaded)

    @cached_property
    def by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def ordered(self, events: Iterable[Event]) -> list[Event]:
        """The events with their derived fields set, in date order."""
        return in_date_order(with_derived(events, self.dates))


def bounds(event: Event) -> tuple[date, date]:
    """The first and last day an event can fall on (derived fields set); an open end's last day is OPEN_END."""
    return date.fromisoformat(event.earliest or ""), date.fromisoformat(event.latest or OPEN_END_ISO)


_LATEST = attrgetter("latest")
_BOUNDS = attrgetter("earliest", "latest", "id")
_DATE, _COUNTRY, _PROJECT = attrgetter("date"), attrgetter("country"), attrgetter("project")
_DERIVED = attrgetter(*DERIVED_FIELDS)
sketch_row = attrgetter(*SKETCHED)  # an event's SKETCHED fields


class ClaimRow(msgspec.Struct):
    """A "first" claimed for an event, as `firsts` lists it: the event's status says whether it happened."""

    claim: str
    by: str
    translation: str | None
    disputed: tuple[Dispute, ...]
    event: str
    country: str
    date: str
    earliest: str | None
    latest: str | None
    display: str | None
    status: Status
    sources: tuple[Source, ...]
