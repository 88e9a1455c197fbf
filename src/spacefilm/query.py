"""Queries: resolving the names people type, and filtering events. Returns plain data, never sentences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import compress
from operator import attrgetter
from typing import NamedTuple

import msgspec

from .dates import OPEN_END_ISO, EventDate
from .model import KINDS, STATUSES, Catalog, ClaimRow, Derived, Event, Names

_COUNTRY, _KIND, _STATUS, _PROJECT, _DATE = map(attrgetter, ("country", "kind", "status", "project", "date"))


class UnknownName(LookupError):
    """A name that matches nothing; carries the close matches and the valid values."""

    def __init__(self, what: str, given: str, valid: Sequence[str]) -> None:
        self.what = what
        self.given = given
        self.valid = list(valid)
        import difflib

        self.suggestions = difflib.get_close_matches(given.lower(), [v.lower() for v in valid], n=3, cutoff=0.6)
        super().__init__(self.message())

    def message(self, list_valid: bool = True) -> str:
        text = f"unknown {self.what} {self.given!r}."
        if self.suggestions:
            text += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        if not list_valid:
            return text
        shown = self.valid if len(self.valid) <= 20 else [*self.valid[:20], "..."]
        return f"{text} Valid: {', '.join(shown)}"


def country_names(catalog: Names) -> dict[str, str]:
    """Every way to name a country (id, alias, name; lower case) mapped to its id."""
    names: dict[str, str] = {}
    for country in catalog.countries.values():
        for name in (country.name, *country.aliases, country.id):
            names[name.lower()] = country.id
    return names


def project_names(catalog: Names) -> dict[str, str]:
    names: dict[str, str] = {}
    for project in catalog.projects.values():
        for name in (project.title, project.original_title, project.id):
            if name:
                names[name.lower()] = project.id
    return names


def resolve(what: str, given: str, names: dict[str, str], valid: Sequence[str]) -> str:
    """The id that `given` names (case-insensitive), or UnknownName."""
    found = names.get(given.strip().lower())
    if found is None:
        raise UnknownName(what, given, valid)
    return found


def resolve_country(catalog: Names, given: str) -> str:
    return resolve("country", given, country_names(catalog), sorted(catalog.countries))


def resolve_project(catalog: Names, given: str) -> str:
    return resolve("project", given, project_names(catalog), sorted(catalog.projects))


def resolve_choice(what: str, given: str, valid: Sequence[str]) -> str:
    return resolve(what, given, {v: v for v in valid}, valid)


class Filters(msgspec.Struct, kw_only=True):
    """What `timeline` (and the commands that share its filters) keep. Empty means no filter."""

    since: EventDate | None = None
    until: EventDate | None = None
    countries: set[str] = set()
    kinds: set[str] = set()
    projects: set[str] = set()
    statuses: set[str] = set()
    search: str | None = None


class Request(NamedTuple):
    """What a person asked for, names as typed: resolved against a dataset's names by `resolve_request`."""

    since: EventDate | None = None
    until: EventDate | None = None
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    search: str | None = None
    reverse: bool = False
    limit: int | None = None


class Query(NamedTuple):
    """A request resolved: the filters, in ids, and the order and number of events wanted."""

    filters: Filters
    reverse: bool = False
    limit: int | None = None


def resolve_request(names: Names, request: Request) -> Query:
    """The query a request means with these names; raises UnknownName for any name that matches nothing."""
    return Query(
        Filters(
            since=request.since,
            until=request.until,
            countries={resolve_country(names, c) for c in request.countries},
            kinds=resolve_fixed(request),
            projects={resolve_project(names, p) for p in request.projects},
            statuses={resolve_choice("status", s.lower(), STATUSES) for s in request.statuses},
            search=request.search,
        ),
        request.reverse,
        request.limit,
    )


def resolve_fixed(request: Request) -> set[str]:
    """The kinds a request names, and a check of its statuses: words of the format, known before any data is read."""
    for status in request.statuses:
        resolve_choice("status", status.lower(), STATUSES)
    return {resolve_choice("kind", k.lower(), KINDS) for k in request.kinds}


def _haystack(event: Event) -> str:
    parts = [event.title, event.summary or "", event.notes or "", *event.people, *event.organizations]
    parts += [source.translation for source in event.sources if source.translation]
    return "\n".join(parts).casefold()


def select(catalog: Catalog, query: Query) -> list[Event]:
    """The events that pass every filter, in date order (or reversed), at most `limit` of them.

    Only the events kept are given their derived fields and sorted, never a million a query does not keep.
    """
    ordered = catalog.ordered(Keep(query.filters, catalog.dates)(catalog.loaded))
    if query.reverse:
        ordered.reverse()
    return ordered if query.limit is None else ordered[: query.limit]


class Keep:
    """The events that pass every filter, in the order given; called on a whole catalog or a slice at a time.

    Dates are intervals: an event is kept when it can fall in the window, `latest >= since.earliest` and
    `earliest <= until.latest`, so `--until 2021` reaches Dec 31, 2021. Bounds are ISO dates, which order
    correctly as text. Each filter is one pass at C speed over what the last kept, the window decided once per
    distinct date (`dates` says what each derives to).
    """

    def __init__(self, filters: Filters, dates: Mapping[str, Derived]) -> None:
        self.filters = filters
        self.dates = dates
        self.low = filters.since.earliest.isoformat() if filters.since else ""
        self.high = filters.until.latest.isoformat() if filters.until else OPEN_END_ISO
        self.decided: set[str] = set()  # the dates seen, and those in the window
        self.inside: set[str] = set()

    def __call__(self, events: list[Event]) -> list[Event]:
        filters = self.filters
        kept = events
        for wanted, field in (
            (filters.countries, _COUNTRY),
            (filters.kinds, _KIND),
            (filters.statuses, _STATUS),
            (filters.projects, _PROJECT),
        ):
            if wanted:
                kept = list(compress(kept, map(wanted.__contains__, map(field, kept))))
        if filters.since or filters.until:
            dates, low, high = self.dates, self.low, self.high
            new = set(map(_DATE, kept)).difference(self.decided)
            self.decided |= new
            self.inside.update(t for t in new if (dates[t][1] or OPEN_END_ISO) >= low and dates[t][0] <= high)
            kept = list(compress(kept, map(self.inside.__contains__, map(_DATE, kept))))
        if filters.search:
            needle = filters.search.casefold()
            kept = [event for event in kept if needle in _haystack(event)]
        return kept


class Selection(NamedTuple):
    """What a query selects from a dataset: the events, with the dataset's names."""

    names: Names
    events: list[Event]  # selected, in order, derived fields set
    total: int  # events in the dataset


def claims_of(events: Iterable[Event]) -> list[ClaimRow]:
    """Every claim of a first made for the events (not a statement that claims none), in the events' (date) order."""
    return [
        ClaimRow(c.claim, c.by, e.id, e.country, e.date, e.earliest, e.latest, e.display, e.status, e.sources)
        for e in events
        for c in e.claims
        if c.kind == "first"
    ]
