"""The one way in to a dataset: read, decoded and checked by the one reader (stream.py); callers get plain answers.

    catalog(path)           -> Catalog     the whole dataset, validated
    select(path, request)   -> Selection   the events a request selects, with the dataset's names
    gather(path, make)      -> Selection   the events a query selects, made from the dataset's names (show, list,
                                           compare: what each reads of a file, and no more)
    validate(path)          -> Report      every problem, or what the dataset holds
    export(selection, ...)  -> bytes       a selection as a dataset file (JSON or JSON Lines), checked

Errors: DataError (the data: exit 1) and query.UnknownName (a name typed that matches nothing: a usage error). A
name of the format (kind, status) is checked before anything is read; a country or project, as soon as the names a
file declares are read, before its events. However big a file is, and in whatever layout, it is read the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Literal

import msgspec

from ..model import DERIVED_FIELDS, Catalog, Country, Dataset, Event, Names, Project, StoredEvent
from ..query import Query, Request, Selection, resolve_fixed, resolve_request
from .checks import check
from .read import DataError, builtin_path, keep_until_exit

STDIN = "<stdin>"

__all__ = [
    "DataError",
    "Report",
    "Request",
    "Selection",
    "catalog",
    "export",
    "gather",
    "origin_of",
    "select",
    "validate",
]


class Report(msgspec.Struct, frozen=True):
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

    The built-in dataset is not looked at for keys given twice (a millisecond or two of every start): the test
    suite checks it, and so does `validate` (`thorough`).
    """
    from . import stream

    found = stream.load(path_of(path), origin_of(path), stream.EVERY, thorough or path is not None)
    dataset = Dataset(
        events=found.events,
        countries=found.declared.countries,
        projects=found.declared.projects,
        races=found.declared.races,
    )
    whole = Catalog(dataset, origin_of(path), found.tally.dates, found.tally.countries, found.tally.projects)
    keep_until_exit(whole)
    return whole


def select(path: str | os.PathLike[str] | None, request: Request) -> Selection:
    """The events a request selects, in order, with the dataset's names."""
    resolve_fixed(request)
    # Every event kept whole: read by one process (a second would hold half of them twice, as it sends them); not
    # when rows are made of them as they are read (rows.py), which is what the second process sends instead.
    every = msgspec.structs.replace(request, reverse=False, limit=None) == Request()
    return gather(path, lambda names: resolve_request(names, request), alone=every)


def gather(path: str | os.PathLike[str] | None, make: Callable[[Names], Query], alone: bool = False) -> Selection:
    """The events a query selects, in order, with the dataset's names: the query made from those names (`make` may
    raise UnknownName), by the one reader, a slice at a time. `alone`: the query keeps every event whole (stream.load
    reads them in one process)."""
    from . import stream

    found = stream.load(path_of(path), origin_of(path), make, path is not None, alone)
    keep_until_exit(found)
    return Selection(found.names, found.events, found.total, found.counts)


def validate(path: str | os.PathLike[str] | None = None) -> Report:
    """Every problem of a dataset, or what it holds."""
    from . import stream

    origin = origin_of(path)
    try:
        found = stream.load(path_of(path), origin, None)
    except DataError as error:
        return Report(origin, error.problems)
    names = found.names
    return Report(origin, [], found.total, len(names.countries), len(names.projects), len(names.races))


def export(selection: Selection, narrowed: bool, layout: Literal["json", "jsonl"]) -> Iterator[bytes]:
    """A dataset as a file to load again: its countries, projects and races, and the events selected (`select`).
    `narrowed` (a filter chose the events): only the names those events use (and the names those name: a
    project's country, a country's predecessor); every name otherwise, used or not.

    Events are in date order, without the fields derived from their dates or left at their defaults; names in the
    dataset's order; a list of names the dataset does not declare is left out, as it was. So an export of an export
    is the same bytes, and every command answers the same on it. It is checked by the rules a file is read with,
    and is never written if it would not load (DataError, before the first part). Given in parts (a few thousand
    events each), never one buffer of the whole.

    The events may come as their rows, made as they were read (rows.py: "export" or "export-jsonl", for the
    layout), each checked then, as part of the dataset it came from: the names are checked here, with the countries
    and projects the events use (the rows' summary).
    """
    from ..render.rows import made

    rows = made(selection.events, "export" if layout == "json" else "export-jsonl")
    if rows is None:
        dataset = _exported(selection.names, selection.events, narrowed)
        problems = check(dataset, "the export").problems
    else:
        countries = {name[1:] for name in rows.summary if name[0] == "c"}
        projects = {name[1:] for name in rows.summary if name[0] == "p"}
        dataset = _named(selection.names, countries, projects, narrowed)
        problems = check(dataset, "the export").problems + _undeclared(dataset, countries, projects)
    if problems:
        raise DataError(problems)
    return _encoded(dataset, layout, rows)


_STORED = [name for name in Event.__struct_fields__ if name not in DERIVED_FIELDS]


def _exported(names: Names, events: Sequence[Event], narrowed: bool) -> Dataset:
    used = {e.project for e in events if e.project is not None}
    dataset = _named(names, {e.country for e in events}, used, narrowed)
    dataset.events = [StoredEvent(**{name: getattr(event, name) for name in _STORED}) for event in events]
    return dataset


def _named(names: Names, countries_used: set[str], projects_used: set[str], narrowed: bool) -> Dataset:
    """The names an export declares (no events yet): every name, or, `narrowed`, those the events use."""
    countries = list(names.countries.values()) if names.declares_countries else None
    projects = list(names.projects.values()) if names.declares_projects else None
    races = list(names.races)
    if narrowed:
        projects = None if projects is None else [p for p in projects if p.id in projects_used]
        races = [race for race in races if set(race.projects) <= projects_used]
        if countries is not None:
            countries = _with_references(countries, countries_used, projects or [])
    return Dataset(events=[], countries=countries, projects=projects, races=races)


def _undeclared(dataset: Dataset, countries: set[str], projects: set[str]) -> list[str]:
    """What the events use that the export would not declare (the check of an event's references, for rows)."""
    problems = []
    for what, used, declared in (("countries", countries, dataset.countries), ("projects", projects, dataset.projects)):
        missing = sorted(used - {name.id for name in declared}) if declared is not None else []
        if missing:
            problems.append(f"the export: its events use {what} it does not declare: {', '.join(missing)}")
    return problems


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


_PART = 5000  # events encoded at once


def _encoded(dataset: Dataset, layout: Literal["json", "jsonl"], rows: Sequence[bytes] | None) -> Iterator[bytes]:
    """JSON: one object, pretty-printed as the built-in dataset is. JSON Lines: an event a line, after a first line
    that declares the names (when there are any). The events are `rows` when they come as rows."""
    names: dict[str, object] = {}
    if dataset.countries is not None:
        names["countries"] = dataset.countries
    if dataset.projects is not None:
        names["projects"] = dataset.projects
    events: Sequence[object] = dataset.events if rows is None else rows
    starts = range(0, len(events), _PART)
    if layout == "json":
        head = msgspec.json.format(msgspec.json.encode({**names, "races": dataset.races, "events": []}), indent=2)
        if not events:
            yield head + b"\n"
            return
        yield head.removesuffix(b"[]\n}") + b"[\n"
        for start in starts:
            if rows is not None:
                inner = b",\n".join(rows[start : start + _PART])
            else:
                # The part's events as they are in the whole document: one level deeper than in an array of their
                # own (no string holds a line break: JSON writes it \n).
                part = msgspec.json.format(msgspec.json.encode(events[start : start + _PART]), indent=2)[2:-2]
                inner = b"    " + part[2:].replace(b"\n", b"\n  ")
            yield (b",\n" if start else b"") + inner
        yield b"\n  ]\n}\n"
        return
    if dataset.races or not (names or events):  # (an empty file is no dataset: a line of names says it is)
        names["races"] = dataset.races
    if names:
        yield msgspec.json.encode(names) + b"\n"
    encoder = msgspec.json.Encoder()
    for start in starts:
        end = start + _PART
        yield encoder.encode_lines(events[start:end]) if rows is None else b"\n".join(rows[start:end]) + b"\n"
