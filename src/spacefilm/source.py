"""The one way in to a dataset: whole or streamed, read, decoded and checked here; callers get plain answers.

    catalog(path)           -> Catalog     the whole dataset, validated
    select(path, request)   -> Selection   the events a request selects, with the dataset's names
    validate(path)          -> Report      every problem, or what the dataset holds

Errors: DataError (the data: exit 1) and query.UnknownName (a name typed that matches nothing: a usage error). A
name of the format (kind, status) is checked before anything is read; a country or project, as soon as the names a
file declares are read, before its events. Which path a file takes never changes an answer.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from .checks import check
from .decode import decode
from .model import Catalog
from .query import Request, Selection, resolve_fixed, resolve_request
from .query import select as select_events
from .read import DataError, builtin_path, collector_paused, read_data

STDIN = "<stdin>"

__all__ = ["DataError", "Report", "Request", "Selection", "catalog", "origin_of", "select", "validate"]

# What this process loaded stays referenced until it exits (cli.main ends it with os._exit): freeing a million
# events object by object as the call stack unwinds would cost seconds for nothing.
_KEPT: list[Catalog | Selection] = []


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


def catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """The whole dataset, validated, or DataError listing every problem. (Its events are ordered lazily.)"""
    with collector_paused():
        whole = _load(path_of(path), origin_of(path))
    _KEPT.append(whole)
    return whole


def _load(path: str, origin: str) -> Catalog:
    try:
        decoded = decode(read_data(path, origin), origin)
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
            _KEPT.append(found)
            return found
    whole = catalog(path)
    return Selection(whole, select_events(whole, resolve_request(whole, request)), len(whole.loaded))


def validate(path: str | os.PathLike[str] | None = None) -> Report:
    """Every problem of a dataset, or what it holds."""
    from . import stream

    origin = origin_of(path)
    try:
        found = stream.select_in_slices(os.fspath(path) if path else None, None)
        names, total = (found.names, found.total) if found else (whole := catalog(path), len(whole.loaded))
    except DataError as error:
        return Report(origin, error.problems)
    return Report(origin, [], total, len(names.countries), len(names.projects), len(names.races))
