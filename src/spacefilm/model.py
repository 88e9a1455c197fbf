"""The dataset's types. msgspec decodes JSON straight into them, checking types as it goes."""

from __future__ import annotations

from typing import Literal

import msgspec

from .vocab import KINDS, STATUSES, Kind, Status

__all__ = ["KINDS", "STATUSES", "Catalog", "ClaimRow", "Country", "Dataset", "Event", "Project", "Race", "Source"]


class Source(msgspec.Struct, forbid_unknown_fields=True):
    title: str
    url: str | None = None
    publisher: str | None = None
    quote: str | None = None


class Claim(msgspec.Struct, forbid_unknown_fields=True):
    claim: str
    by: str


class Event(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One dated event. Field order is the order of JSON output."""

    id: str
    date: str
    # Derived from `date`; accepted in input (so output is a dataset) and checked against it.
    earliest: str | None = None
    latest: str | None = None
    precision: Literal["year", "month", "day"] | None = None
    display: str | None = None
    title: str
    summary: str | None = None
    country: str
    kind: Kind
    status: Status = "happened"
    project: str | None = None
    people: list[str] = []
    organizations: list[str] = []
    sources: list[Source]
    claims: list[Claim] = []
    notes: str | None = None


class Country(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    aliases: list[str] = []


class Project(msgspec.Struct, forbid_unknown_fields=True):
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


class Catalog:
    """A loaded, validated dataset: events in date order and the names of the ids they use."""

    def __init__(self, dataset: Dataset, origin: str) -> None:
        self.origin = origin
        self.events = dataset.events
        self.races = dataset.races
        if dataset.countries is None:
            self.countries = {e.country: Country(id=e.country, name=e.country) for e in self.events}
        else:
            self.countries = {c.id: c for c in dataset.countries}
        if dataset.projects is None:
            self.projects = {e.project: Project(id=e.project, title=e.project) for e in self.events if e.project}
        else:
            self.projects = {p.id: p for p in dataset.projects}
        self.by_id = {e.id: e for e in self.events}

    def country_name(self, country_id: str) -> str:
        country = self.countries.get(country_id)
        return country.name if country else country_id

    def project_title(self, project_id: str | None) -> str:
        if project_id is None:
            return ""
        project = self.projects.get(project_id)
        return project.title if project else project_id


class ClaimRow(msgspec.Struct):
    """A "first" claimed for an event, as `firsts` lists it."""

    claim: str
    by: str
    event: str
    country: str
    date: str
    earliest: str | None
    latest: str | None
    display: str | None
    sources: list[Source]
