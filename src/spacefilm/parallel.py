"""A big dataset on two cores: each of two processes decodes and checks half the events, then selects from its half.

Used for files of MAP_FROM bytes and more (some 180,000 events) when the machine has two cores and can fork.
The parent maps the file and finds where to cut it: JSON Lines at a line near the middle; a JSON document between
two events near the middle (see _cut). It forks; the child takes the second half. Each decodes and checks its half
as load() does. The parent then checks what spans the halves (an id in both, ids that differ only in case, the
declared countries, projects and races against what the events name), resolves the query with the names of both
halves and sends it to the child; each selects from its own half, and the parent orders the two selections.

Anything unusual (a problem in either half, no place to cut, a child that fails) gives None, and the caller runs
load() as usual, which reports every problem: errors read the same however big the file.
"""

from __future__ import annotations

import mmap
import os
import re
import struct
from collections.abc import Callable
from itertools import chain
from typing import IO, NamedTuple

import msgspec

from .loader import MAP_FROM, check, collector_paused, is_json_lines, read_data
from .model import Catalog, Country, Dataset, Derived, Event, Project, date_order
from .query import Filters, select


class Query(NamedTuple):
    filters: Filters
    reverse: bool = False
    limit: int | None = None


class Answer(NamedTuple):
    catalog: Catalog  # the dataset's countries, projects and races; its events are the ones selected
    events: list[Event]  # selected, in order
    total: int  # events in the file


class _Cut(NamedTuple):
    """Where the file divides: the first half is data[:end], the second data[start:], each made a whole JSON text
    by writing `closing` over its last bytes or `opening` just before it (in this process's view of the file)."""

    lines: bool
    end: int
    start: int
    closing: bytes = b""
    opening: bytes = b""


class _Half(msgspec.Struct):
    """What the child says of its half once decoded and checked: whether it is sound, and what it names."""

    sound: bool
    ids: list[str] = []
    capitals: bool = False
    countries: list[str] = []
    projects: list[str] = []
    declared: Dataset | None = None  # the countries, projects and races its part of the document declares


# One event ends and the next begins: `}`, a comma, `{` and a key only an event has first. In valid JSON this
# cannot be inside a string (a quote would end the string), nor inside an event (a source or claim has no such key).
_BETWEEN_EVENTS = re.compile(
    rb'\}\s*(,)\s*(\{)\s*"(?:id|date|country|kind|status|project|people|organizations|sources|claims|summary|notes)"'
)
_SEARCH_AHEAD = 4 * 2**20
_NOT_SPACE = re.compile(rb"\S")
_LENGTH = struct.Struct("<Q")
# The parent's half, referenced until the process ends: freeing half a million events one by one (as the caller
# returns) would cost a good part of a second for nothing. (The command line ends with os._exit.)
_HELD: list[list[Event]] = []


def select_in_halves(path: str | None, make_query: Callable[[Catalog], Query] | None) -> Answer | None:
    """The events a query selects (none without one), or None: a small file, one core, or a problem to report."""
    if path is None or not hasattr(os, "fork") or _cores() < 2:
        return None
    try:
        if os.stat(path).st_size < MAP_FROM:
            return None
    except OSError:
        return None  # load() says what is wrong with the path
    with collector_paused():
        return _in_halves(os.fspath(path), make_query)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover (platforms without affinity)


def _in_halves(origin: str, make_query: Callable[[Catalog], Query] | None) -> Answer | None:
    import threading

    data = read_data(origin, access=mmap.ACCESS_COPY)
    if not isinstance(data, mmap.mmap):
        return None  # not a regular file, or one that needed a copy
    cut = _cut(data, origin)
    if cut is None:
        return None
    to_parent = os.pipe()
    to_child = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child: never returns, never writes but to the pipe; os._exit drops its
        # coverage data, and test_parallel runs its part in-process)
        status = 1
        try:
            os.close(to_parent[0])
            os.close(to_child[1])
            with open(to_parent[1], "wb") as out, open(to_child[0], "rb") as inbox:
                _child(_decode(data, cut, first=False), origin, out, inbox)
            status = 0
        finally:
            os._exit(status)
    os.close(to_parent[1])
    os.close(to_child[0])
    try:
        with open(to_parent[0], "rb") as inbox, open(to_child[1], "wb") as out:
            return _parent(data, cut, origin, make_query, inbox, out)
    finally:
        # The child ends when the pipes close, and handing back its memory takes it a few tenths of a second:
        # reaped in the background, it costs this process nothing.
        threading.Thread(target=os.waitpid, args=(pid, 0), daemon=True).start()


def _cut(data: mmap.mmap, origin: str) -> _Cut | None:
    middle = len(data) // 2
    if is_json_lines(data, origin):
        after = data.find(b"\n", middle) + 1
        return _Cut(True, after, after) if after else None
    found = _BETWEEN_EVENTS.search(data, middle, middle + _SEARCH_AHEAD)
    if found is None:
        return None  # events whose first key is "title", say: load() reads them whole
    comma, brace = found.start(1), found.start(2)
    first = _NOT_SPACE.search(data)
    if first is not None and first.group() == b"[":  # a bare array of events
        return _Cut(False, comma + 1, brace - 1, b"]", b"[")
    return _Cut(False, comma + 2, brace - 11, b"]}", b'{"events":[')


def _decode(data: mmap.mmap, cut: _Cut, first: bool) -> Dataset:
    """One half, as a dataset (raises msgspec errors). The file's pages are then let go, to keep memory down."""
    if first:
        data[cut.end - len(cut.closing) : cut.end] = cut.closing
        part = memoryview(data)[: cut.end]
    else:
        data[cut.start : cut.start + len(cut.opening)] = cut.opening
        part = memoryview(data)[cut.start :]
    if cut.lines:
        dataset = Dataset(events=msgspec.json.Decoder(Event).decode_lines(part))
    else:
        decoded = msgspec.json.decode(part, type=Dataset | list[Event])
        dataset = Dataset(events=decoded) if isinstance(decoded, list) else decoded
    part.release()
    if hasattr(mmap, "MADV_DONTNEED"):
        data.madvise(mmap.MADV_DONTNEED)
    return dataset


def _alone(dataset: Dataset) -> Dataset:
    """The events without the names declared: what spans the halves is checked once both are known."""
    return Dataset(events=dataset.events)


def _child(dataset: Dataset, origin: str, out: IO[bytes], inbox: IO[bytes]) -> None:
    checked = check(_alone(dataset), origin, _unnamed)
    if checked.problems:
        _send(out, msgspec.msgpack.encode(_Half(sound=False)))
        return
    declared = Dataset(events=[], countries=dataset.countries, projects=dataset.projects, races=dataset.races)
    half = _Half(True, list(checked.ids), checked.capitals, list(checked.countries), list(checked.projects), declared)
    _send(out, msgspec.msgpack.encode(half))
    message = _receive(inbox)
    if not message:
        return  # the parent needs no selection (validate), or stopped
    import pickle

    query: Query = pickle.loads(message)
    catalog = Catalog(_alone(dataset), origin, checked.dates, checked.countries, checked.projects)
    chosen = select(catalog, query.filters, reverse=query.reverse, limit=query.limit)
    _send(out, msgspec.msgpack.encode((chosen, {e.date: checked.dates[e.date] for e in chosen})))


def _parent(
    data: mmap.mmap,
    cut: _Cut,
    origin: str,
    make_query: Callable[[Catalog], Query] | None,
    inbox: IO[bytes],
    out: IO[bytes],
) -> Answer | None:
    try:
        dataset = _decode(data, cut, first=True)
    except (msgspec.DecodeError, UnicodeDecodeError):  # (a ValidationError is a DecodeError)
        return None
    events = dataset.events
    _HELD.append(events)
    mine = check(_alone(dataset), origin, _unnamed)
    if mine.problems:
        return None
    message = _receive(inbox)
    if message is None:
        return None
    theirs = msgspec.msgpack.decode(message, type=_Half)
    total = len(events) + len(theirs.ids)
    if not theirs.sound or not mine.ids.isdisjoint(theirs.ids):
        return None
    if (mine.capitals or theirs.capitals) and len(set(map(str.lower, chain(mine.ids, theirs.ids)))) != total:
        return None  # two ids that differ only in case
    # Fresh memory is dear (each page faulted in, then handed back at exit): the ids go, and what comes next
    # reuses their room.
    del message
    theirs.ids.clear()
    mine.ids.clear()
    countries = mine.countries.union(theirs.countries)
    projects = mine.projects.union(theirs.projects)
    names = _declared(dataset, theirs.declared or Dataset(events=[]))
    if check(names, origin, _unnamed).problems:
        return None
    if not (_declares(names.countries, countries) and _declares(names.projects, projects)):
        return None
    whole = Catalog(
        Dataset(events, names.countries, names.projects, names.races), origin, mine.dates, countries, projects
    )
    if make_query is None:
        return Answer(whole, [], total)
    import pickle

    query = make_query(whole)
    _send(out, pickle.dumps(query))
    chosen = select(whole, query.filters, reverse=query.reverse, limit=query.limit)
    reply = _receive(inbox)
    if reply is None:
        return None
    their_events, their_dates = msgspec.msgpack.decode(reply, type=tuple[list[Event], dict[str, Derived]])
    mine.dates.update(their_dates)
    # Two runs already in order: the sort merges them in one pass.
    chosen = sorted(chosen + their_events, key=date_order, reverse=query.reverse)[: query.limit]
    selected = Dataset(chosen, names.countries, names.projects, names.races)
    return Answer(Catalog(selected, origin, mine.dates, countries, projects), chosen, total)


def _declared(mine: Dataset, theirs: Dataset) -> Dataset:
    """The names the document declares, before its events (in the first half) or after them (in the second)."""
    return Dataset(
        events=[],
        countries=theirs.countries if theirs.countries is not None else mine.countries,
        projects=theirs.projects if theirs.projects is not None else mine.projects,
        races=theirs.races or mine.races,
    )


def _declares(declared: list[Country] | list[Project] | None, used: set[str]) -> bool:
    return declared is None or {d.id for d in declared}.issuperset(used)


def _unnamed(index: int, event: Event) -> str:
    return ""  # a problem in a half sends the file to load(), which names every event


def _send(out: IO[bytes], payload: bytes) -> None:
    out.write(_LENGTH.pack(len(payload)))
    out.write(payload)
    out.flush()


def _receive(inbox: IO[bytes]) -> bytes | None:
    """A message, or None when the other process has gone (or sent nothing)."""
    header = inbox.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(header)
    payload = inbox.read(length)
    return payload if len(payload) == length else None
