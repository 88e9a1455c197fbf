"""The dataset's types. msgspec decodes JSON straight into them, checking types as it goes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import Annotated, Any, Literal

import msgspec

from .dates import OPEN_END_ISO, Precision
from .vocab import KINDS, STATUSES, Kind, Status

__all__ = [
    "KINDS",
    "STATUSES",
    "Catalog",
    "ClaimRow",
    "Country",
    "Dataset",
    "Dispute",
    "Event",
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
