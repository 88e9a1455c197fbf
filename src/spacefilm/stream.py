"""Big datasets, streamed: read, checked and queried a slice at a time, on two cores when there are two.

Only source.py calls this module; it decides when to stream.

A million events decoded at once fill a gibibyte of fresh memory, and on a virtual machine each fresh page costs
microseconds to fault in and again to hand back. So a file bigger than STREAM_FROM is cut into slices of about SLICE
bytes, between two events: of a sequence (JSON Lines, or pretty-printed objects one after another; see
_BETWEEN_VALUES) or of a JSON document (see _BETWEEN_EVENTS). Each slice is read (pread, into a buffer reused from
slice to slice; the file is never mapped, so a file that shrinks is an error and not a bus error), made a whole JSON
text by writing brackets over its ends, decoded into counted types and checked for keys given twice (keys.py),
tallied (checks.Tally) and filtered while its events are still in the CPU's cache: the events the query keeps are
kept, and the rest are freed, so the next slice reuses their memory.

With two cores, a forked child reads slices too: after the first, each process takes the next slice whenever it is
free (_queue), so both end together. The child sends the keys of its ids (checks.Tally) as it reads them, and this
process adds them to its own between its slices, so that no pass over them is left for the end. The query (the names
typed, resolved to ids) is made once the first slice is read, from the names the document declares before its
events, or else those the slice uses; once every slice is read it is made again from the whole file, and if it comes
out different, the answer is dropped.

Anything unusual (a problem in a slice, a key it may give twice, ids or names that clash between the processes, a query
resolved differently, a child that fails) gives None, and the caller loads the file whole as usual, which reports
every problem: errors read the same however big the file.
"""

from __future__ import annotations

import os
import re
import stat
import struct
from array import array
from collections.abc import Callable, Iterator
from functools import cache
from itertools import pairwise
from typing import IO, Any, Literal, NamedTuple

import msgspec

from . import keys
from .checks import Tally, check, declared_ids
from .decode import BETWEEN_VALUES, given_twice_problem, is_json_lines, names_first
from .model import Country, Dataset, Event, Names, Project, Race, in_date_order, with_derived
from .query import Keep, Query, Selection, UnknownName
from .read import DataError, collector_paused, keep_until_exit

SLICE = 2**18  # some 700 events: a slice's objects stay in the CPU's cache while they are checked and filtered
# Smaller files (some 25,000 events: every dataset written by hand) are loaded whole, with no second process.
STREAM_FROM = 8 * 2**20 + 1


MakeQuery = Callable[[Names], Query]  # may raise UnknownName


class _Slice(NamedTuple):
    """data[start:end], read as `mode` once `opening` is written over its first bytes and `closing` over its last."""

    start: int
    end: int
    mode: Literal["names", "lines", "events", "document"]
    opening: bytes = b""
    closing: bytes = b""


class _Part(msgspec.Struct):
    """What the child made of its slices."""

    sound: bool
    count: int = 0  # (the keys of their ids were sent as they were read: _Keys)
    countries: list[str] = []
    projects: list[str] = []
    declared: Dataset | None = None  # the countries, projects and races its part of the document declares
    chosen: list[Event] = []  # what the query selects, in order, derived fields set
    top: list[str] = []  # the document's own keys its slices hold (the first and last slices hold them all)


# One event ends and the next begins: `}`, a comma, `{` and a key only an event has first. In valid JSON this
# cannot be inside a string (a quote would end the string), nor inside an event (a source or claim has no such key).
# It can be between two declared countries, projects or races, if they come after the events: so the last slice is
# never cut shorter than SLICE (a wrong cut would not decode, and the file would go to load()).
_BETWEEN_EVENTS = re.compile(
    rb"\}[ \t\n\r]*(,)[ \t\n\r]*(\{)[ \t\n\r]*"
    rb'"(?:id|date|country|kind|status|project|people|organizations|sources|claims|summary|notes)"'
)
_SEARCH_AHEAD = 4 * 2**20
# A file's layout is told from its beginning: a sequence's first value (an event, or the object that declares names)
# ends within it. (A sequence whose first value is longer is taken for a document: it cannot be cut as one, and is
# read whole.) A document has no end of a value to find: the longer the beginning, the longer the search.
_BEGINNING = SLICE
# One value of a sequence (JSON Lines, or objects one after another) ends and the next begins: `}`, white space with
# a line break (which no string holds), `{`. Only white space can stand between two values of a sequence, and in a
# JSON document `}` is never followed by `{` without a comma: so this is never inside a value, whatever the layout.
_BETWEEN_VALUES = re.compile(BETWEEN_VALUES)
_NOT_SPACE = re.compile(rb"[^ \t\n\r]")  # (JSON's white space is these four; a form feed is not)
_LENGTH = struct.Struct("<Q")


class _Plain(Event, forbid_unknown_fields=True, kw_only=True, gc=False):
    """An event that gives no derived field (as files almost never do): decoding checks that, not a pass of ours.

    Its derived fields are UNSET (not None: keys.given_twice need not count an UNSET field) until with_derived sets
    them, on the events a query keeps; no check reads them before (Tally.add: `derived=False`).
    """

    earliest: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]
    latest: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]
    precision: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]
    display: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]


class _PlainDataset(Dataset, forbid_unknown_fields=True):
    events: list[_Plain]  # type: ignore[assignment]


class _Names(msgspec.Struct, forbid_unknown_fields=True):
    """The object that declares names before a sequence's events (`spacefilm export --format jsonl`)."""

    countries: list[Country] | None = None
    projects: list[Project] | None = None
    races: list[Race] = []


class _Decoder(NamedTuple):
    counted: Any  # the type it reads into (keys.counted)
    decode: Callable[[memoryview], Any]  # list[Event] | Dataset | _Names (a _Plain is an Event), of counted types


# How to read a slice, into counted types (keys.py): first as plain events that give no null (as `spacefilm export`
# writes them, and the count of keys is quickest), then (if that fails: a derived field or a null given, or a
# problem) as events.
_KINDS: dict[str, tuple[Any, Any]] = {
    "names": (_Names, _Names),
    "lines": (_Plain, Event),
    "events": (list[_Plain], list[Event]),
    "document": (_PlainDataset | list[_Plain], Dataset | list[Event]),
}


@cache
def _decoder(mode: str, typed: bool) -> _Decoder:
    """A slice's decoder, made when a file first needs it (each costs some start-up)."""
    counted = keys.counted(_KINDS[mode][typed], nulls=typed)
    decoder = msgspec.json.Decoder(counted)
    return _Decoder(counted, decoder.decode_lines if mode == "lines" else decoder.decode)


class _GivenTwice(Exception):
    """A slice may give a key twice in one object: the file is read whole, which names the key and the object."""


# What makes a process give up its slices (a ValidationError is a DecodeError).
_GIVE_UP = (msgspec.DecodeError, UnicodeDecodeError, _GivenTwice)


def select_in_slices(path: str | None, make_query: MakeQuery | None) -> Selection | None:
    """The events a query selects (none without one), or None: a small file, or anything to report or resolve.

    Raises UnknownName for a name the document's declared names do not have.
    """
    if path is None or path == "-":
        return None
    try:
        if os.stat(path).st_size < STREAM_FROM:
            return None
    except OSError:
        return None  # load() says what is wrong with the path
    with collector_paused():
        try:
            return _in_slices(os.fspath(path), make_query)
        except _Unknown as unknown:
            raise unknown.error from None
        except _Problem as problem:
            raise DataError([str(problem)]) from None


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover (platforms without affinity)


def _in_slices(origin: str, make_query: MakeQuery | None) -> Selection | None:
    try:
        fd = os.open(origin, os.O_RDONLY)
    except OSError:
        return None  # the whole-file path says what is wrong
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return None  # a pipe or a device: read whole, a chunk at a time
        return _read(_File(fd, status.st_size), origin, make_query)
    finally:
        os.close(fd)


class _Changed(Exception):
    """The file got shorter while it was being read."""


class _File:
    """A regular file read with pread, never mapped: one that shrinks while it is read is an error, not a bus error."""

    def __init__(self, fd: int, size: int) -> None:
        self.fd = fd
        self.size = size
        self.buffer = bytearray()

    def read(self, start: int, end: int) -> bytes:
        data = os.pread(self.fd, end - start, start)
        if len(data) != end - start:
            raise _Changed
        return data

    def search(self, pattern: re.Pattern[bytes], at: int, limit: int) -> tuple[int, ...] | None:
        """Where the first match of `pattern` within [at, at + limit) starts, and each of its groups."""
        end_of_search = min(self.size, at + limit)
        window = 2**12  # (a cut is most often an event or two on: a bigger first read costs more than it saves)
        while True:
            end = min(at + window, end_of_search)
            found = pattern.search(self.read(at, end))
            if found is not None:
                return tuple(at + found.start(group) for group in range(pattern.groups + 1))
            if end >= end_of_search:
                return None
            window *= 4

    def slice(self, part: _Slice) -> memoryview:
        """A slice's bytes, its brackets written over its ends, in a buffer reused from slice to slice."""
        size = part.end - part.start
        if len(self.buffer) < size:
            self.buffer = bytearray(size)
        view = memoryview(self.buffer)[:size]
        if os.preadv(self.fd, [view], part.start) != size:
            view.release()
            raise _Changed
        view[: len(part.opening)] = part.opening
        view[size - len(part.closing) :] = part.closing
        return view


def _read(data: _File, origin: str, make_query: MakeQuery | None) -> Selection | None:
    import threading

    slices = _slices(data, origin)
    if slices is None:
        return None
    queue = None
    if _cores() >= 2 and len(slices) >= 2 and hasattr(os, "fork"):
        queue = _queue(len(slices))
    if queue is None:
        return _parent(data, slices[0], iter(slices[1:]), origin, make_query, None)
    to_parent = os.pipe()
    to_child = os.pipe()
    keys = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child: never returns, never writes but to the pipes; os._exit drops its
        # coverage data, and test_stream runs its part in-process)
        status = 1
        try:
            for end in (to_parent[0], to_child[1], keys[0]):
                os.close(end)
            with open(to_parent[1], "wb") as out, open(to_child[0], "rb") as inbox, open(keys[1], "wb") as sent:
                _child(data, _taken(queue, slices), out, inbox, sent)
            status = 0
        finally:
            os._exit(status)
    for end in (to_parent[1], to_child[0], keys[1]):
        os.close(end)
    try:
        with open(to_parent[0], "rb") as inbox, open(to_child[1], "wb") as out:
            child = _Child(inbox, out, _Keys(keys[0]))
            return _parent(data, slices[0], _taken(queue, slices), origin, make_query, child)
    finally:
        os.close(keys[0])
        while os.read(queue, 2**16):
            pass  # (the slices left, when this process gave up: the child finds none, and stops)
        os.close(queue)
        # The child ends when the pipes close, and handing back its memory takes it a moment: reaped in the
        # background, it costs this process nothing.
        threading.Thread(target=os.waitpid, args=(pid, 0), daemon=True).start()


def _slices(data: _File, origin: str) -> list[_Slice] | None:
    """Where to cut the file, or None when it cannot be cut (it is read whole instead)."""
    beginning = data.read(0, min(data.size, _BEGINNING))
    first = _NOT_SPACE.search(beginning)
    if first is None or first.group() not in (b"{", b"["):
        return None  # not JSON, or a byte-order mark: the whole-file path says what it is
    if is_json_lines(beginning, origin) or _BETWEEN_VALUES.search(beginning) is not None:
        events_from = names_first(beginning)  # (0: no object declaring names comes first)
        starts = []  # of an event, after a line break after the one before
        at = events_from + SLICE
        while at < data.size and (found := data.search(_BETWEEN_VALUES, at, data.size)) is not None:
            starts.append(found[1])
            at = found[1] + SLICE
        names = [_Slice(0, events_from, "names")] if events_from else []
        return names + [_Slice(start, end, "lines") for start, end in pairwise([events_from, *starts, data.size])]
    cuts = []  # (comma, brace) between two events
    at = SLICE
    while at < data.size - SLICE and (found := data.search(_BETWEEN_EVENTS, at, _SEARCH_AHEAD)) is not None:
        cuts.append((found[1], found[2]))
        at = found[2] + SLICE
    if not cuts:
        return None  # events whose first key is "title", say
    bare = first.group() == b"["  # an array of events, not an object
    (comma, _), (_, brace) = cuts[0], cuts[-1]
    # The first and last slices are read as a document (the first holds its start, the last its end).
    head, tail = (b"]", b"[") if bare else (b"]}", b'{"events":[')
    return [
        _Slice(0, comma + len(head), "document", closing=head),
        *(_Slice(brace - 1, comma + 1, "events", b"[", b"]") for (_, brace), (comma, _) in pairwise(cuts)),
        _Slice(brace - len(tail), data.size, "document", opening=tail),
    ]


# The slices after the first are taken in order by whichever process is free, a group at a time: each reads the
# number of the next group's first slice from a pipe both share. A read of a few bytes from a pipe is whole, and no
# two readers get the same bytes; so each slice is read once, and the two processes end within a group of each other
# however unevenly the machine runs them. At most _GROUPS numbers, which fit in the smallest pipe (one page).
_GROUPS = 1024
_NUMBER = struct.Struct("=I")


def _group(count: int) -> int:
    """How many slices a number in the queue stands for: as few as keep the numbers within _GROUPS."""
    return -(-(count - 1) // _GROUPS)


def _queue(count: int) -> int | None:
    """A pipe that holds the numbers of the groups of slices after the first, closed for writing; None if they do
    not fit (and the slices are read by one process)."""
    numbers = b"".join(map(_NUMBER.pack, range(1, count, _group(count))))
    reading, writing = os.pipe()
    try:
        os.set_blocking(writing, False)
        written = os.write(writing, numbers)
    except BlockingIOError:  # pragma: no cover (a pipe smaller than a page)
        written = 0
    finally:
        os.close(writing)
    if written != len(numbers):  # pragma: no cover
        os.close(reading)
        return None
    return reading


def _taken(queue: int, slices: list[_Slice]) -> Iterator[_Slice]:
    """The slices this process takes from the queue, in order."""
    group = _group(len(slices))
    while len(number := os.read(queue, _NUMBER.size)) == _NUMBER.size:
        (first,) = _NUMBER.unpack(number)
        yield from slices[first : first + group]


class _Reader:
    """One process's slices, read in order: what their events use, the names they declare, and what is kept."""

    def __init__(self, data: _File, query: Query | None, keys: IO[bytes] | None = None, deriving: bool = True) -> None:
        """`deriving=False`: no query will come (the dates are only checked)."""
        self.data = data
        self.tally = Tally(keyed=keys is None, deriving=deriving)
        self.keys = keys  # where the keys of the ids go, when this process does not hold them to account
        self.declared = Dataset(events=[])
        self.top: list[str] = []  # the document's own keys, in order
        self.ask(query, [])

    def ask(self, query: Query | None, events: list[Event]) -> None:
        """Keep what `query` selects from now on, and of `events` (read before it was known)."""
        self.query = query
        self.keep = Keep(query.filters, self.tally.dates) if query is not None else None
        self.kept: list[Event] = []
        self._keep(events)

    def _keep(self, events: list[Event]) -> None:
        if self.keep is not None:
            self.kept += with_derived(self.keep(events), self.tally.dates)  # (while the events are in the cache)

    def read(self, part: _Slice) -> list[Event]:
        """A slice's events, tallied and filtered (raises _GIVE_UP and _Changed)."""
        view = self.data.slice(part)
        quotes = keys.quotes(self.data.buffer, 0, len(view))  # (while the slice is in the CPU's cache)
        plain = _decoder(part.mode, False)
        try:
            derived = False
            before = keys.snapshot(plain.counted)
            try:
                decoded = plain.decode(view)
            except msgspec.ValidationError:
                derived = True
                typed = _decoder(part.mode, True)
                before = keys.snapshot(typed.counted)
                decoded = typed.decode(view)
            if keys.given_twice(quotes, decoded, before):
                raise _GivenTwice
        finally:
            view.release()
        if not isinstance(decoded, list):  # a document's own object, or the object that declares a sequence's names
            self.declared = _declared(self.declared, keys.plain_names(decoded))
            if part.mode == "document":  # (the last slice's `events` key is the one its brackets wrote)
                self.top += [key for key in keys.given(decoded, before) if not (part.opening and key == "events")]
            decoded = getattr(decoded, "events", [])
        events: list[Event] = decoded
        ids = self.tally.add(events, derived)
        if self.keys is not None:
            self.keys.write(array("q", ids))
        self._keep(events)
        return events

    @property
    def sound(self) -> bool:
        """No gate opened, and no id repeated among those this process holds to account (references are held to
        account at the end)."""
        return not self.tally.suspect and (self.keys is not None or self.tally.unique)

    def names(self, declared: Dataset) -> Names:
        """The names declared, and those the events read so far use."""
        return Names(declared, self.tally.countries, self.tally.projects)

    def selected(self) -> list[Event]:
        """What the query selects, in order."""
        query = self.query
        if query is None:
            return []
        return in_date_order(self.kept, reverse=query.reverse)[: query.limit]


def _child(data: _File, parts: Iterator[_Slice], out: IO[bytes], inbox: IO[bytes], keys: IO[bytes]) -> None:
    """Read the slices `parts` gives; send the keys of their ids to `keys` as they come, and the rest to `out`."""
    message = _receive(inbox)
    if message is None:
        return  # the parent stopped
    import pickle

    query = pickle.loads(message)
    reader = _Reader(data, query, keys, deriving=query is not None)
    try:
        for part in parts:
            reader.read(part)
    except (*_GIVE_UP, _Changed):
        keys.close()
        _send(out, msgspec.msgpack.encode(_Part(sound=False)))
        return
    keys.close()  # (before the part is sent: the parent reads every key first)
    tally = reader.tally
    chosen = reader.selected()
    mine = _Part(
        reader.sound,
        tally.count,
        list(tally.countries),
        list(tally.projects),
        reader.declared,
        chosen,
        reader.top,
    )
    _send(out, msgspec.msgpack.encode(mine))


def _parent(
    data: _File,
    first: _Slice,
    parts: Iterator[_Slice],
    origin: str,
    make_query: MakeQuery | None,
    child: _Child | None,
) -> Selection | None:
    """The first slice, then the slices `parts` gives; with the child's part, the answer (see select_in_slices)."""
    try:
        reader = _Reader(data, None, deriving=make_query is not None)
        events = reader.read(first)
        # The query is resolved with the names the document declares before its events, or the slice uses.
        query = _first_query(make_query, reader)
        if child is not None:
            import pickle

            _send(child.out, pickle.dumps(query))
        reader.ask(query, events)
        del events
        for part in parts:
            reader.read(part)
            if child is not None:
                child.keys.take(reader.tally)
    except (*_GIVE_UP, UnknownName, _Changed):
        return None  # (the child stops when the pipes close)
    tally = reader.tally
    keep_until_exit(tally)  # (the keys of a million ids, and the dates: freeing them costs more than a slice)
    chosen = reader.selected()
    theirs = _Part(True)
    if child is not None:
        child.keys.take(tally, wait=True)
        message = _receive(child.inbox)
        if message is None:
            return None
        theirs = msgspec.msgpack.decode(message, type=_Part)
        if tally.elsewhere != theirs.count:
            return None  # (a child that failed half-way)
    twice = _given_twice(reader.top + theirs.top)
    if twice:
        raise _Problem(given_twice_problem(origin, twice))
    if not (reader.sound and theirs.sound):
        return None  # a problem, an id used twice, or two that differ only in case
    tally.countries.update(theirs.countries)
    tally.projects.update(theirs.projects)
    declared = _declared(reader.declared, theirs.declared or Dataset(events=[]))
    if check(declared, origin).problems or tally.opened(*declared_ids(declared)):
        return None
    total = tally.count + theirs.count
    names = reader.names(declared)
    if make_query is None:
        return Selection(names, [], total)
    try:
        if make_query(names) != query:
            return None  # the first slice resolved a name otherwise than the whole file does
    except UnknownName:
        return None
    assert query is not None
    # Two runs already in order: the sort merges them in one pass.
    chosen = in_date_order(chosen + theirs.chosen, reverse=query.reverse)[: query.limit]
    return Selection(names, chosen, total)


class _Keys:
    """The keys of the child's ids (Tally.add), read from the pipe it writes them to, into this process's Tally."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        os.set_blocking(fd, False)
        self.rest = b""  # (the first bytes of a key not read whole)

    def take(self, tally: Tally, wait: bool = False) -> None:
        """The keys sent so far; `wait`: every key, until the child closes the pipe."""
        if wait:
            os.set_blocking(self.fd, True)
        while True:
            try:
                chunk = os.read(self.fd, 2**16)
            except BlockingIOError:
                return
            if not chunk:
                return
            data = self.rest + chunk
            whole = len(data) - len(data) % 8
            tally.add_keys(array("q", data[:whole]))
            self.rest = data[whole:]


class _Child(NamedTuple):
    """The pipes to and from the child."""

    inbox: IO[bytes]  # its part (_Part)
    out: IO[bytes]  # the query
    keys: _Keys


def _first_query(make_query: MakeQuery | None, reader: _Reader) -> Query | None:
    """The query, resolved with the names known after the first slice.

    A name that is unknown among names the document declares up front is a usage error now, before the file is read;
    one unknown among the names the first slice's events use may yet appear later: the file goes to load().
    """
    if make_query is None:
        return None
    try:
        return make_query(reader.names(reader.declared))
    except UnknownName as error:
        declared = {"country": reader.declared.countries, "project": reader.declared.projects}.get(error.what)
        if declared is not None:
            raise _Unknown(error) from None
        raise


def _given_twice(keys: list[str]) -> str | None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            return key
        seen.add(key)
    return None


class _Problem(Exception):
    """A problem a whole load of a file this size would not see (a key given twice in the document's object)."""


class _Unknown(Exception):
    """An UnknownName that must reach the caller (not be taken as "send the file to load()")."""

    def __init__(self, error: UnknownName) -> None:
        self.error = error


def _declared(before: Dataset, after: Dataset) -> Dataset:
    """The names a document declares, before its events or after them."""
    return Dataset(
        events=[],
        countries=after.countries if after.countries is not None else before.countries,
        projects=after.projects if after.projects is not None else before.projects,
        races=after.races or before.races,
    )


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
