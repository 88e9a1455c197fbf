"""Queries over a loaded catalog: resolving names people type, and filtering events. Returns plain data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from .dates import EventDate
from .model import KINDS, OPEN_END, STATUSES, Catalog, ClaimRow, Event


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


def country_names(catalog: Catalog) -> dict[str, str]:
    """Every way to name a country (id, alias, name; lower case) mapped to its id."""
    names: dict[str, str] = {}
    for country in catalog.countries.values():
        for name in (country.name, *country.aliases, country.id):
            names[name.lower()] = country.id
    return names


def project_names(catalog: Catalog) -> dict[str, str]:
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


def resolve_country(catalog: Catalog, given: str) -> str:
    return resolve("country", given, country_names(catalog), sorted(catalog.countries))


def resolve_project(catalog: Catalog, given: str) -> str:
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


def build_filters(
    catalog: Catalog,
    *,
    since: EventDate | None = None,
    until: EventDate | None = None,
    countries: Iterable[str] = (),
    kinds: Iterable[str] = (),
    projects: Iterable[str] = (),
    statuses: Iterable[str] = (),
    search: str | None = None,
) -> Filters:
    """Filters from names as typed; raises UnknownName for any that match nothing."""
    return Filters(
        since=since,
        until=until,
        countries={resolve_country(catalog, c) for c in countries},
        kinds={resolve_choice("kind", k.lower(), KINDS) for k in kinds},
        projects={resolve_project(catalog, p) for p in projects},
        statuses={resolve_choice("status", s.lower(), STATUSES) for s in statuses},
        search=search,
    )


def _haystack(event: Event) -> str:
    parts = [event.title, event.summary or "", event.notes or "", *event.people, *event.organizations]
    return "\n".join(parts).casefold()


def select(catalog: Catalog, filters: Filters, *, reverse: bool = False, limit: int | None = None) -> list[Event]:
    """The events that pass every filter, in date order (or reversed), at most `limit` of them.

    Dates are intervals: an event is kept when it can fall in the window, `latest >= since.earliest` and
    `earliest <= until.latest`, so `--until 2021` reaches Dec 31, 2021. Bounds are ISO dates, which order
    correctly as text; only the events kept are given their derived fields and sorted.
    """
    dates = catalog.dates
    since = filters.since.earliest.isoformat() if filters.since else None
    until = filters.until.iso_latest() if filters.until else None
    needle = filters.search.casefold() if filters.search else None
    kept = []
    for event in catalog.loaded:
        if filters.countries and event.country not in filters.countries:
            continue
        if filters.kinds and event.kind not in filters.kinds:
            continue
        if filters.statuses and event.status not in filters.statuses:
            continue
        if filters.projects and event.project not in filters.projects:
            continue
        if since is not None and (dates[event.date][1] or OPEN_END) < since:
            continue
        if until is not None and dates[event.date][0] > until:
            continue
        if needle is not None and needle not in _haystack(event):
            continue
        kept.append(event)
    ordered = catalog.ordered(kept)
    if reverse:
        ordered.reverse()
    return ordered if limit is None else ordered[:limit]


def claims_of(events: Iterable[Event]) -> list[ClaimRow]:
    """Every claim of the events, in the events' (date) order."""
    return [
        ClaimRow(c.claim, c.by, e.id, e.country, e.date, e.earliest, e.latest, e.display, e.sources)
        for e in events
        for c in e.claims
    ]
