"""The one way in to a dataset: whole or streamed, read, decoded and checked here; callers get plain answers.

    catalog(path)           -> Catalog     the whole dataset, validated
    select(path, request)   -> Selection   the events a request selects, with the dataset's names
    validate(path)          -> Report      every problem, or what the dataset holds
    export(selection, ...)  -> bytes       a selection as a dataset file (JSON or JSON Lines), checked

Errors: DataError (the data: exit 1) and query.UnknownName (a name typed that matches nothing: a usage error). A
name of the format (kind, status) is checked before anything is read; a country or project, as soon as the names a
file declares are read, before its events. Which path a file takes never changes an answer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal, NamedTuple

import msgspec

from .checks import check
from .decode import decode
from .model import DERIVED_FIELDS, Catalog, Country, Dataset, Event, Names, Project, StoredEvent
from .query import Request, Selection, resolve_fixed, resolve_request
from .query import select as select_events
from .read import DataError, builtin_path, collector_paused, keep_until_exit, read_data

STDIN = "<stdin>"

__all__ = [
    "DataError",
    "Report",
    "Request",
    "Selection",
    "catalog",
    "export",
    "origin_of",
    "select",
    "validate",
]

class Report(NamedTuple):
    """What `validate` found: every problem, or (with none) what the dataset holds."""

    origin: str
    problems: list[str]
    events: int = 0
    countries: int = 0
    projects: int = 0
    races: int = 0


def path_of(path: str | os.PathLike[str] | None) -> str:
    """The file a path names: the built-in dataset when none is given; "-" is standard input."""
    return os.fspath(path) if path else builtin_path()


def origin_of(path: str | os.PathLike[str] | None) -> str:
    """How problems name the dataset."""
    text = path_of(path)
    return STDIN if text == "-" else text


def catalog(path: str | os.PathLike[str] | None = None, thorough: bool = False) -> Catalog:
    """The whole dataset, validated, or DataError listing every problem. (Its events are ordered lazily.)

    The built-in dataset is not parsed a second time for keys given twice (a millisecond or two of every start):
    the test suite checks it, and so does `validate` (`thorough`).
    """
    with collector_paused():
        whole = _load(path_of(path), origin_of(path), thorough or path is not None)
    keep_until_exit(whole)
    return whole


def _load(path: str, origin: str, thorough: bool) -> Catalog:
    try:
        decoded = decode(read_data(path, origin), origin, thorough)
        checked = check(decoded.dataset, origin, decoded.label)
        if decoded.problems or checked.problems:
            raise DataError(decoded.problems + checked.problems)
        return Catalog(decoded.dataset, origin, checked.dates, checked.countries, checked.projects)
    except RecursionError:
        raise DataError([f"{origin}: is nested too deeply to read (more than about a thousand levels)"]) from None
    except MemoryError:
        raise DataError([f"{origin}: too big to load in this machine's memory"]) from None


def select(path: str | os.PathLike[str] | None, request: Request) -> Selection:
    """The events a request selects, in order, with the dataset's names: a big file streamed, a small one loaded.

    (Whichever way a file is read, the answer is the same: tests/test_stream.py compares the two.)
    """
    resolve_fixed(request)
    if path is not None:
        from . import stream  # (only a file of the user's can be big)

        found = stream.select_in_slices(os.fspath(path), lambda names: resolve_request(names, request))
        if found is not None:
            keep_until_exit(found)
            return found
    whole = catalog(path)
    return Selection(whole, select_events(whole, resolve_request(whole, request)), len(whole.loaded))


def validate(path: str | os.PathLike[str] | None = None) -> Report:
    """Every problem of a dataset, or what it holds."""
    from . import stream

    origin = origin_of(path)
    try:
        found = stream.select_in_slices(os.fspath(path) if path else None, None)
        names, total = (found.names, found.total) if found else (whole := catalog(path, True), len(whole.loaded))
    except DataError as error:
        return Report(origin, error.problems)
    return Report(origin, [], total, len(names.countries), len(names.projects), len(names.races))


def export(selection: Selection, narrowed: bool, layout: Literal["json", "jsonl"]) -> bytes:
    """A dataset as a file to load again: its countries, projects and races, and the events selected (`select`).
    `narrowed` (a filter chose the events): only the names those events use (and the names those name: a
    project's country, a country's predecessor); every name otherwise, used or not.

    Events are in date order, without the fields derived from their dates or left at their defaults; names in the
    dataset's order; a list of names the dataset does not declare is left out, as it was. So an export of an export
    is the same bytes, and every command answers the same on it. It is checked by the rules a file is read with,
    and is never written if it would not load (DataError).
    """
    dataset = _exported(selection.names, selection.events, narrowed)
    problems = check(dataset, "the export").problems
    if problems:
        raise DataError(problems)
    return _encoded(dataset, layout)


_STORED = [name for name in Event.__struct_fields__ if name not in DERIVED_FIELDS]


def _exported(names: Names, events: Sequence[Event], narrowed: bool) -> Dataset:
    countries = list(names.countries.values()) if names.declares_countries else None
    projects = list(names.projects.values()) if names.declares_projects else None
    races = list(names.races)
    if narrowed:
        used = {e.project for e in events if e.project is not None}
        projects = None if projects is None else [p for p in projects if p.id in used]
        races = [race for race in races if set(race.projects) <= used]
        if countries is not None:
            countries = _with_references(countries, {e.country for e in events}, projects or [])
    stored: list[Event] = [StoredEvent(**{name: getattr(event, name) for name in _STORED}) for event in events]
    return Dataset(events=stored, countries=countries, projects=projects, races=races)


def _with_references(countries: list[Country], used: set[str], projects: list[Project]) -> list[Country]:
    """The countries used, with those they name: the country of a project kept, a country's predecessors."""
    by_id = {c.id: c for c in countries}
    wanted = used | {p.country for p in projects if p.country is not None}
    waiting = list(wanted)
    while waiting:
        country = by_id.get(waiting.pop())
        if country is not None and country.predecessor is not None and country.predecessor not in wanted:
            wanted.add(country.predecessor)
            waiting.append(country.predecessor)
    return [c for c in countries if c.id in wanted]


def _encoded(dataset: Dataset, layout: Literal["json", "jsonl"]) -> bytes:
    """JSON: one object, pretty-printed as the built-in dataset is. JSON Lines: an event a line, after a first line
    that declares the names (when there are any)."""
    names: dict[str, object] = {}
    if dataset.countries is not None:
        names["countries"] = dataset.countries
    if dataset.projects is not None:
        names["projects"] = dataset.projects
    if layout == "json":
        document = msgspec.json.encode({**names, "races": dataset.races, "events": dataset.events})
        return msgspec.json.format(document, indent=2) + b"\n"
    if dataset.races or not (names or dataset.events):  # (an empty file is no dataset: a line of names says it is)
        names["races"] = dataset.races
    head = msgspec.json.encode(names) + b"\n" if names else b""
    return head + msgspec.json.Encoder().encode_lines(dataset.events)
