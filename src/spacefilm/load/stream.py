"""The one reader: every dataset, small or big, read, decoded, checked and selected a slice at a time.

Only source.py calls this module (`load`). One loop, `_Reader.read`, takes each slice through the steps in order:

    read    the slice's bytes (pread into a buffer reused from slice to slice; a pipe's are read whole first)
    decode  into counted types (decode.batch_decoder; keys.py says whether an object may give a key twice)
    check   the gates of the rules (checks.Tally): a slice that opens one stops the loop, before anything is derived
            or kept from it
    select  what the query keeps, its derived fields set, while the slice is in the CPU's cache (every event, for
            a catalog; none, for validate)

What needs the whole is checked once every slice is read: ids used twice, the names declared and those the events
name, the keys of a document's own object (its first and last slices hold them). A problem is never worded here:
the loop stops, and decode.diagnose reads the text and words every problem, whichever process met it. The garbage a
text's first bytes show is refused before any slice is read (decode.refuse_garbage), in memory that does not grow
with the text.

A file smaller than STREAM_FROM is one slice (a sequence's object that declares names is a slice of its own); a
bigger one is cut into slices of about SLICE bytes, between two events: of a sequence (JSON Lines, or pretty-printed
objects one after another; see _BETWEEN_VALUES) or of a JSON document (see _BETWEEN_EVENTS), each made a whole JSON
text by writing brackets over its ends. A million events decoded at once fill a gibibyte of fresh memory, and on a
virtual machine each fresh page costs microseconds to fault in and again to hand back: a slice's events that the
query does not keep are freed, and the next slice reuses their memory.

With two cores, a forked child reads slices too: after the first, each process takes the next slice whenever it is
free (_queue), so both end together. The child sends the keys of its ids (checks.Tally: of its slices out of order;
those in order, at the end) as it reads them, and the
events it keeps (unless a limit or sketches are asked for), or their rows (render/rows.py: every event kept, written
in one format, is its row, made while it is in the cache), and this process adds them to its own between its
slices, so that no pass over them is left for the end but one sort. The query (the names
typed, resolved to ids) is made once the first slice is read, from the names the document declares before its
events, or else those the slice uses; once every slice is read it is made again from the whole file, and if it comes
out different the slices are read again with it.
"""

from __future__ import annotations

import os
import re
import struct
from array import array
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import pairwise
from operator import add, attrgetter
from typing import IO, TYPE_CHECKING, Literal

import msgspec

from ..dates import OPEN_END_ISO
from ..model import SKETCHED, Dataset, Derived, Event, Names, in_date_order, sketch, sketch_row, sketches, with_derived
from ..query import Keep, Query, UnknownName
from ..render.rows import Made, RowSpec, make, merged, sent_type
from . import read
from .checks import Run, Tally, check, declared_ids
from .decode import (
    BETWEEN_VALUES,
    NOT_SPACE,
    Mode,
    batch_decoder,
    diagnose,
    empty_problem,
    is_json_lines,
    names_first,
    refuse_garbage,
    too_big_problem,
    too_deep_problem,
)
from .read import Changed, DataError, File, Text, collector_paused, first_chunk, keep_until_exit, open_text

if TYPE_CHECKING:
    from .sketchbook import Sketchbook

SLICE = 2**18  # some 700 events: a slice's objects stay in the CPU's cache while they are checked and filtered
# Smaller files (some 25,000 events: every dataset written by hand) are one slice, read by one process.
STREAM_FROM = 8 * 2**20 + 1

MakeQuery = Callable[[Names], Query]  # may raise UnknownName
EVERY: Literal["every"] = "every"  # what a catalog wants: every event, in file order
Want = MakeQuery | Literal["every"] | None  # None: no event (validate)


class Found(msgspec.Struct, frozen=True):
    """What a dataset holds, read and checked: its names, and the events wanted."""

    declared: Dataset  # the names it declares (no events)
    names: Names  # those, and the countries and projects its events use
    events: Sequence[Event]  # selected, in order, derived fields set (or model.Counted); EVERY: every event, underived
    total: int  # events in the dataset
    tally: Tally  # what its events use: what each date derives to (Tally.dates), the countries and projects named
    counts: dict[str, int]  # what a query that counts counted (query.Filters.counted), by both processes


def load(path: str, origin: str, want: Want, counting: bool = True, alone: bool = False) -> Found:
    """A dataset read by the one loop, or DataError with every problem; UnknownName for a name of the query that
    matches nothing. `counting`: look for keys given twice in one object (the built-in dataset is checked by tests).
    `alone`: by this process only (the query keeps every event whole: a second process would hold half of them
    twice, as it sends them)."""
    with collector_paused():
        text = open_text(path, origin, STREAM_FROM, lambda beginning: refuse_garbage(beginning, origin))
        try:
            return _load(text, origin, want, counting, alone)
        except RecursionError:
            raise DataError([too_deep_problem(origin)]) from None
        except MemoryError:
            raise DataError([too_big_problem(origin)]) from None
        finally:
            text.close()


class _Slice(msgspec.Struct, frozen=True):
    """text[start:end], read as `mode` once `opening` is written over its first bytes and `closing` over its last."""

    start: int
    end: int
    mode: Mode
    opening: bytes = b""
    closing: bytes = b""


def _start(text: Text, origin: str) -> int:
    """Where the dataset's first value begins in the text, its first bytes checked (read.first_chunk and
    decode.refuse_garbage); DataError for a text of white space only."""
    if not isinstance(text, File):
        found = NOT_SPACE.search(text.data)
        if found is None:
            raise DataError([empty_problem(origin)])
        return found.start()
    window = text.read(0, min(text.size, read.CHUNK))
    skip = len(window) - len(first_chunk(window, origin))  # (a byte-order mark)
    start = end = len(window)
    while True:  # (a gibibyte of spaces is read a chunk at a time, never held)
        rest = len(window[skip:].lstrip(b" \t\n\r"))
        if rest:
            start = end - rest
            break
        if end >= text.size:
            raise DataError([empty_problem(origin)])
        window, skip = text.read(end, min(text.size, end + read.CHUNK)), 0
        end += len(window)
    if text.size > start + _BEGINNING:
        refuse_garbage(text.read(start, start + _BEGINNING), origin)
    return start


# One event ends and the next begins: `}`, a comma, `{` and a key only an event has first. In valid JSON this
# cannot be inside a string (a quote would end the string), nor inside an event (a source or claim has no such key).
# It can be between two declared countries, projects or races, if they come after the events: so the last slice is
# never cut shorter than SLICE (a wrong cut would not decode, and the file would be read again as one slice).
_BETWEEN_EVENTS = (
    rb"\}[ \t\n\r]*(,)[ \t\n\r]*(\{)[ \t\n\r]*"
    rb'"(?:id|date|country|kind|status|project|people|organizations|sources|claims|summary|notes)"'
)
_SEARCH_AHEAD = 4 * 2**20
# A file's layout is told from its beginning: a sequence's first value (an event, or the object that declares names)
# ends within it. (A sequence whose first value is longer is taken for a document; decode.diagnose finds otherwise,
# and the file is read again as one slice.) A document has no end of a value to find: the longer the beginning, the
# longer the search.
_BEGINNING = 2**18
# One value of a sequence (JSON Lines, or objects one after another) ends and the next begins: `}`, white space with
# a line break (which no string holds), `{`. Only white space can stand between two values of a sequence, and in a
# JSON document `}` is never followed by `{` without a comma: so this is never inside a value, whatever the layout.
_BETWEEN_VALUES = BETWEEN_VALUES
_compiled = cache(re.compile)  # (patterns compiled when a file first needs them, not at every start)
_LENGTH = struct.Struct("<Q")
_EARLIEST, _LATEST, _ID = map(attrgetter, ("earliest", "latest", "id"))


def _order(chosen: list[Event]) -> list[str]:
    """Each event's place in date order (derived fields set): one text, its first and last days and its id, which
    orders as model.date_order does (each day ISO, ten characters). Sorting these is quicker than sorting events."""
    latest = list(map(_LATEST, chosen))
    if None in latest:
        latest = [day or OPEN_END_ISO for day in latest]
    return list(map(add, map(add, map(_EARLIEST, chosen), latest), map(_ID, chosen)))


def _slices(text: Text, origin: str, start: int, lines: bool | None = None, cut: bool = True) -> list[_Slice]:
    """Where to cut the text (from `start`, its first value): one slice below STREAM_FROM, or with `cut` False.
    `lines`: the layout, when known (else told from the beginning)."""
    cut = cut and text.size >= STREAM_FROM
    beginning = text.view(start, min(text.size, start + _BEGINNING) if cut else text.size)  # (uncut: the whole)
    if lines is None:
        lines = is_json_lines(beginning, origin) or _compiled(_BETWEEN_VALUES).search(beginning) is not None
    if lines:
        events_from = start + names_first(beginning)
        starts = []  # of an event, after a line break after the one before
        at = events_from + SLICE
        between = _compiled(_BETWEEN_VALUES)
        while cut and at < text.size and (found := text.search(between, at, text.size)) is not None:
            starts.append(found[1])
            at = found[1] + SLICE
        names = [_Slice(start, events_from, "names")] if events_from > start else []
        return names + [_Slice(s, e, "lines") for s, e in pairwise([events_from, *starts, text.size])]
    cuts = []  # (comma, brace) between two events
    at = start + SLICE
    cutting = _compiled(_BETWEEN_EVENTS) if cut else None  # (a small file is one slice: no pattern to compile)
    while cutting and at < text.size - SLICE and (found := text.search(cutting, at, _SEARCH_AHEAD)) is not None:
        cuts.append((found[1], found[2]))
        at = found[2] + SLICE
    if not cuts:
        return [_Slice(start, text.size, "document")]  # (events whose first key is "title", say: one slice)
    bare = beginning[:1] == b"["  # an array of events, not an object
    (comma, _), (_, brace) = cuts[0], cuts[-1]
    # The first and last slices are read as a document (the first holds its start, the last its end).
    head, tail = (b"]", b"[") if bare else (b"]}", b'{"events":[')
    return [
        _Slice(start, comma + len(head), "document", closing=head),
        *(_Slice(brace - 1, comma + 1, "events", b"[", b"]") for (_, brace), (comma, _) in pairwise(cuts)),
        _Slice(brace - len(tail), text.size, "document", opening=tail),
    ]


class _Problem(Exception):
    """Something to diagnose: a slice with a problem, or what the whole shows (ids, names, a document's keys)."""


class _Requery(Exception):
    """The whole file resolves the query otherwise than its first slice did: read it again with this one."""

    def __init__(self, query: Query) -> None:
        self.query = query


class _Alone(Exception):
    """The child failed (not the data): the slices are read again by this process alone."""


def _load(text: Text, origin: str, want: Want, counting: bool, alone: bool = False) -> Found:
    """The loop over the slices, and what follows a problem: its diagnosis; or, with none found (a cut that was no
    place to cut, a layout the beginning did not tell, a file that changed), the text read again as one slice, in
    the layout diagnosed."""
    fixed: Query | None = None
    lines: bool | None = None
    for _ in range(4):
        try:
            start = _start(text, origin)
            slices = _slices(text, origin, start, lines, cut=lines is None)
            return _read(text, slices, origin, want, counting, fixed, alone)
        except _Requery as again:
            fixed = again.query
            continue
        except _Alone:
            alone = True
            continue
        except (_Problem, Changed):
            pass
        whole = text.whole(origin)
        diagnosis = diagnose(whole, origin)
        if diagnosis.problems:
            raise DataError(diagnosis.problems)
        lines = diagnosis.lines
        text = Text(whole, text.path)
    raise DataError([f"{origin}: cannot be read"])  # pragma: no cover (a problem the diagnosis does not word)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover (platforms without affinity)


def _read(
    text: Text, slices: list[_Slice], origin: str, want: Want, counting: bool, fixed: Query | None, alone: bool
) -> Found:
    import threading

    queue = None
    if want is not EVERY and not alone and _cores() >= 2 and len(slices) >= 2 and hasattr(os, "fork"):
        queue = _queue(len(slices))
    if queue is None:
        return _parent(text, slices[0], iter(slices[1:]), origin, want, counting, fixed, None)
    to_parent = os.pipe()
    to_child = os.pipe()
    keys = os.pipe()
    _widen(keys[1])
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child: never returns, never writes but to the pipes; os._exit drops its
        # coverage data, and test_stream runs its part in-process)
        status = 1
        try:
            for end in (to_parent[0], to_child[1], keys[0]):
                os.close(end)
            with open(to_parent[1], "wb") as out, open(to_child[0], "rb") as inbox, open(keys[1], "wb") as sent:
                _child(text, _taken(queue, slices), out, inbox, sent, counting)
            status = 0
        finally:
            os._exit(status)
    for end in (to_parent[1], to_child[0], keys[1]):
        os.close(end)
    try:
        with open(to_parent[0], "rb") as inbox, open(to_child[1], "wb") as out:
            child = _Child(inbox, out, _Keys(keys[0]))
            return _parent(text, slices[0], _taken(queue, slices), origin, want, counting, fixed, child)
    finally:
        os.close(keys[0])
        while os.read(queue, 2**16):
            pass  # (the slices left, when this process stopped: the child finds none, and stops)
        os.close(queue)
        # The child ends when the pipes close, and handing back its memory takes it a moment: reaped in the
        # background, it costs this process nothing.
        threading.Thread(target=os.waitpid, args=(pid, 0), daemon=True).start()


def _widen(pipe: int) -> None:
    """Let the child write what it sends of a slice (some 60 KiB when it sends the events it keeps) some slices ahead
    of this process's reading it, between its own slices: in a pipe of the usual 64 KiB, it would wait for each."""
    import fcntl
    from contextlib import suppress

    with suppress(OSError):  # (a system whose pipes keep their size, or allow less: the child waits, as before)
        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE)  # (1031: Linux's, before Python named it)


_PIPE = 2**20


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


class _Stop(Exception):
    """A slice has a problem, or cannot be read as it was cut: nothing of it is kept, and the loop stops."""


# What stops the loop at a slice (a ValidationError is a DecodeError).
_UNREADABLE = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)


class _Reader:
    """One process's slices, read in order: what their events use, the names they declare, and what is kept."""

    def __init__(self, text: Text, every: bool, counting: bool, keys: IO[bytes] | None = None) -> None:
        """`every`: keep every event (a catalog); `counting`: look for keys given twice; `keys`: see Tally.add."""
        self.text = text
        self.every = every
        self.counting = counting
        self.tally = Tally(keyed=keys is None)
        self.keys = keys  # where the keys of the ids go, when this process does not hold them to account
        self.declared = Dataset(events=[])
        self.top: list[str] = []  # the document's own keys, in order
        self.kept: list[Event] = []
        self.order: list[str] = []  # of each event kept (no sketch asked): its place in date order (take)
        self.rows: RowSpec | None = None  # what is kept of each event instead of it, when the query asks (rows.py)
        self.made: list[object] = []  # those rows (take_rows), and what sums them up (rows.make)
        self.summary: list[object] = []
        self.sketching = False  # past the query's sketch_past, what is kept is sketches (model.sketches)
        self.strings: dict[str, str] = {}  # what sketches share
        self.book: Sketchbook | None = None  # or, with no limit, sketches counted (see sketchbook)
        self.ask(None)

    def ask(self, query: Query | None) -> None:
        """Keep what `query` selects from now on."""
        self.query = query
        self.keep = Keep(query.filters, self.tally.dates) if query is not None else None
        # The child sends what it keeps as it keeps it, where the parent will want all of it (no limit, no sketch):
        # so little is left for the end, when the parent waits. It sends the events, or their rows when the query
        # asks for rows (rows.py), made as they are kept.
        whole = query is not None and query.limit is None and not query.sketch_past
        self.sending = self.keys is not None and whole
        self.rows = query.rows if whole and query is not None else None

    def read(self, part: _Slice) -> list[Event]:
        """A slice's events: read, decoded, checked, and what is wanted of them kept (raises _Stop, read.Changed)."""
        if self.counting:  # (keys.py is imported only to count: the built-in dataset's keys are held by tests)
            from . import keys
        view, holder, at = self.text.slice(part.start, part.end, part.opening, part.closing)
        size = len(view)
        quotes = keys.quotes(holder, at, at + size) if self.counting else 0  # (while in the CPU's cache)
        try:
            # Counted, as plain events first (see decode._BATCH_TYPES); not counted (the built-in dataset), as
            # events at once: their decoder is made sooner.
            derived = not self.counting
            batch = batch_decoder(part.mode, derived, self.counting)
            before = keys.snapshot(batch.counted) if self.counting else None
            try:
                decoded = batch.decode(view)
            except msgspec.ValidationError:
                if derived:
                    raise
                derived = True
                batch = batch_decoder(part.mode, True, self.counting)
                before = keys.snapshot(batch.counted)
                decoded = batch.decode(view)
        except _UNREADABLE:
            raise _Stop from None
        finally:
            view.release()
        if before is not None and keys.given_twice(quotes, decoded, before, memoryview(holder)[at : at + size]):
            raise _Stop
        if not isinstance(decoded, list):  # a document's own object, or the object that declares a sequence's names
            self.declared = _declared(self.declared, keys.plain_names(decoded) if self.counting else decoded)
            if part.mode == "document" and before is not None:  # (the last slice's `events` is its brackets')
                self.top += [key for key in keys.given(decoded, before) if not (part.opening and key == "events")]
            decoded = getattr(decoded, "events", [])
        events: list[Event] = decoded
        ids = self.tally.add(events, derived)
        if self.tally.suspect:
            raise _Stop  # (a gate opened: nothing of this slice is derived or kept)
        chosen = self._keep(events)
        if self.keys is not None:
            kept = b""
            if self.sending and chosen:
                if self.rows is not None:  # (the order of each, its row, and the widest cells: see take_rows)
                    kept = msgspec.msgpack.encode((_order(chosen), *make(self.rows, chosen)))
                else:
                    kept = msgspec.msgpack.encode(chosen)
            self.keys.write(_FRAME.pack(len(ids), len(kept)) + ids.tobytes() + kept)
        return events

    def _keep(self, events: list[Event]) -> list[Event]:
        """Keep what is wanted of a slice's events; what the query chose of them (none, for a catalog)."""
        if self.every:
            self.kept += events
        elif self.keep is not None and self.query is not None:
            if self.book is not None:  # (counted: each date derived once, not set on each event)
                chosen = self.keep(events)
                self.book.add(chosen)
                return chosen
            chosen = with_derived(self.keep(events), self.tally.dates)  # (while the events are in the cache)
            if self.sending:
                return chosen
            if self.rows is not None:
                self.take_rows(_order(chosen), *make(self.rows, chosen))
                return chosen
            past = self.query.sketch_past
            if past is not None and not self.sketching and len(self.kept) + len(chosen) > past:
                if self.query.limit is None:  # (with a limit, which events are kept needs every id)
                    from .sketchbook import Sketchbook  # (only for a chart: not at every start)

                    # (the child's book is merged into this process's, which derives the dates)
                    self.book = Sketchbook(self.tally.dates if self.keys is None else None)
                    self.book.add(self.kept + chosen)
                    self.kept, self.order = [], []
                    return chosen
                self.kept, self.sketching = sketches(self.kept, self.strings), True
            if self.sketching:
                self.kept += sketches(chosen, self.strings)
            else:
                self.take(chosen)
            return chosen
        return []

    def take(self, chosen: list[Event]) -> None:
        """Keep events chosen (derived fields set), each with its place in date order (_order), made while it is in
        the CPU's cache."""
        self.kept += chosen
        self.order += _order(chosen)

    def take_rows(self, order: list[str], rows: list[object], summary: list[object]) -> None:
        """Keep, of events chosen, their places in date order (_order) and their rows (rows.make), not the events."""
        self.order += order
        self.made += rows
        assert self.rows is not None
        self.summary = merged(self.rows, self.summary, summary)

    @property
    def sound(self) -> bool:
        """No id repeated among those this process holds to account (references are held to account at the end)."""
        return self.keys is not None or self.tally.unique

    def names(self, declared: Dataset) -> Names:
        """The names declared, and those the events read so far use."""
        return Names(declared, self.tally.countries, self.tally.projects)

    def selected(self) -> list[Event]:
        """What the query selects, in order."""
        query = self.query
        if query is None:
            return []
        if self.book is not None:
            return list(self.book.events(query.reverse))
        if self.sketching:
            return in_date_order(self.kept, reverse=query.reverse)[: query.limit]
        # Sorted by the texts made as the events were kept, not by the events: a sort of texts compares them
        # quickest, and one that reads each event, where the kept ones lie far apart in memory, takes several times
        # as long. What is sorted is each text's index (no two texts are equal: each names its event's id), so no
        # text is looked up again to find its event or its row.
        order = sorted(range(len(self.order)), key=self.order.__getitem__, reverse=query.reverse)
        if self.rows is not None:
            return Made(map(self.made.__getitem__, order), self.rows, self.summary, query.reverse)
        return list(map(self.kept.__getitem__, order[: query.limit]))


class _Part(msgspec.Struct):
    """What the child made of its slices."""

    sound: bool
    count: int = 0  # (the keys of the ids of its slices out of order were sent as they were read: _Keys)
    runs: list[Run] = []  # those of its slices in order (Tally.runs)
    countries: list[str] = []
    projects: list[str] = []
    declared: Dataset | None = None  # the countries, projects and races its part of the document declares
    chosen: list[Event] = []  # what the query selects, in order, derived fields set
    # Or, sketching, their SKETCHED fields: the ids, and each other field's code in `values` (a few hundred of them,
    # not a million strings to decode).
    ids: list[str] = []
    codes: bytes = b""
    values: list[str | None] = []
    book: bytes = b""  # or, sketches counted (with no limit): a sketchbook.Packed, encoded
    top: list[str] = []  # the document's own keys its slices hold (the first and last slices hold them all)
    counts: dict[str, int] = {}  # what its Keep counted


def _child(
    text: Text, parts: Iterator[_Slice], out: IO[bytes], inbox: IO[bytes], keys: IO[bytes], counting: bool
) -> None:
    """Read the slices `parts` gives; send the keys of their ids to `keys` as they come, and the rest to `out`."""
    message = _receive(inbox)
    if message is None:
        return  # the parent stopped
    import pickle

    query = pickle.loads(message)
    reader = _Reader(text, False, counting, keys)
    reader.ask(query)
    try:
        for part in parts:
            reader.read(part)
    except (_Stop, Changed):
        keys.close()
        _send(out, msgspec.msgpack.encode(_Part(sound=False)))
        return
    keys.close()  # (before the part is sent: the parent reads every key first)
    tally = reader.tally
    chosen = [] if reader.book is not None or reader.sending else reader.selected()  # (sent as read)
    mine = _Part(
        True,
        tally.count,
        tally.runs,
        list(tally.countries),
        list(tally.projects),
        reader.declared,
        [] if reader.sketching else chosen,
        book=msgspec.msgpack.encode(reader.book.pack()) if reader.book is not None else b"",
        top=reader.top,
        counts=reader.keep.counts if reader.keep is not None else {},
    )
    if reader.sketching:
        values: dict[str | None, int] = {}
        codes = array("I", (values.setdefault(v, len(values)) for e in chosen for v in sketch_row(e)[1:]))
        mine.ids, mine.codes, mine.values = [e.id for e in chosen], codes.tobytes(), list(values)
    _send(out, msgspec.msgpack.encode(mine))


def _parent(
    text: Text,
    first: _Slice,
    parts: Iterator[_Slice],
    origin: str,
    want: Want,
    counting: bool,
    fixed: Query | None,
    child: _Child | None,
) -> Found:
    """The first slice, then the slices `parts` gives; with the child's part, the answer (see load)."""
    reader = _Reader(text, want is EVERY, counting)
    try:
        events = reader.read(first)
        query = fixed or _first_query(want, reader)
        if child is not None:
            import pickle

            _send(child.out, pickle.dumps(query))
        reader.ask(query)
        if query is not None:
            reader._keep(events)  # (checked, before the query was known)
        del events
        for part in parts:
            reader.read(part)
            if child is not None:
                child.keys.take(reader)
    except _Stop:
        raise _Problem from None  # (the child stops when the pipes close)
    keep_until_exit(reader.tally)  # (the keys of a million ids, and the dates: freeing them costs more than a slice)
    theirs = _Part(True)
    if child is not None:
        child.keys.take(reader, wait=True)
        message = _receive(child.inbox)
        if message is None:
            raise _Alone
        theirs = msgspec.msgpack.decode(message, type=_Part)
        del message  # (a million events' sketches hold tens of megabytes)
        if not theirs.sound:
            raise _Problem
        reader.tally.add_runs(theirs.runs)
        if reader.tally.elsewhere != theirs.count:
            raise _Alone  # (a child that failed half-way)
    return _whole(reader, theirs, origin, want, query)


def _whole(reader: _Reader, theirs: _Part, origin: str, want: Want, query: Query | None) -> Found:
    """Every slice read, by this process and the child (`theirs`): what needs the whole, checked (the document's own
    keys, ids, the names declared and those the events use), then the answer."""
    top = reader.top + theirs.top  # (the keys of the document's own object, given in its first and last slices)
    if len(set(top)) != len(top) or not reader.sound:
        raise _Problem  # a key the document gives twice; an id used twice (or two that differ only in case)
    tally = reader.tally
    tally.countries.update(theirs.countries)
    tally.projects.update(theirs.projects)
    declared = _declared(reader.declared, theirs.declared or Dataset(events=[]))
    if check(declared, origin).problems or tally.opened(*declared_ids(declared)):
        raise _Problem
    names = Names(declared, tally.countries, tally.projects)
    total = tally.count + theirs.count
    if not callable(want):
        return Found(declared, names, reader.kept, total, tally, {})
    final = want(names)  # (raises UnknownName: a usage error)
    if final != query:
        raise _Requery(final)  # the first slice resolved a name otherwise than the whole file does
    assert query is not None
    if reader.book is not None or theirs.book:  # (counted: no limit)
        from .sketchbook import Packed, Sketchbook

        book = reader.book or Sketchbook(tally.dates)
        book.add(theirs.chosen if reader.book is not None else reader.kept + theirs.chosen)
        if theirs.book:
            book.merge(msgspec.msgpack.decode(theirs.book, type=Packed))
            theirs.book = b""
        return Found(declared, names, book.events(query.reverse), total, tally, {})  # (a chart counts nothing)
    chosen = reader.selected()  # (with what the child sent as it read, when it sent it then)
    rest = theirs.chosen or _sketches(theirs)
    if rest:  # two runs already in order: the sort merges them in one pass
        chosen = in_date_order(chosen + rest, reverse=query.reverse)[: query.limit]
    counts = reader.keep.counts if reader.keep is not None else {}
    for value, count in theirs.counts.items():
        counts[value] = counts.get(value, 0) + count
    return Found(declared, names, chosen, total, tally, counts)


def _sketches(part: _Part) -> list[Event]:
    """The sketches the child sent."""
    codes = memoryview(part.codes).cast("I")
    width = len(SKETCHED) - 1
    values = part.values
    shared: dict[str, str] = {}
    return [
        sketch((event_id, *map(values.__getitem__, codes[at : at + width])), shared)
        for event_id, at in zip(part.ids, range(0, len(codes), width), strict=True)
    ]


# What the child sends of each slice it reads, as it reads it: how many keys of ids (Tally.add), and how many bytes
# of what it kept (when _Reader.sending: the events, or their rows); then each.
_FRAME = struct.Struct("<II")


class _Keys:
    """What the child sends of each slice, read from the pipe it writes them to: the keys of its ids (of a slice out
    of order), into this process's Tally; the events it kept, with those this process kept."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        os.set_blocking(fd, False)
        # What was read of the frames not yet taken whole: read onto its end, taken from its start (a bytearray
        # drops its first bytes without moving the rest), so a frame of some hundreds of KiB (the rows of a slice)
        # is not copied again at each read of it.
        self.rest = bytearray()

    def take(self, reader: _Reader, wait: bool = False) -> None:
        """What was sent so far; `wait`: all of it, until the child closes the pipe."""
        if wait:
            os.set_blocking(self.fd, True)
        rest = self.rest
        while True:
            try:
                chunk = os.read(self.fd, 2**16)  # (a bigger one costs fresh memory at each read)
            except BlockingIOError:
                return
            if not chunk:
                return
            rest += chunk
            at = 0
            with memoryview(rest) as data:
                while len(data) - at >= _FRAME.size:
                    count, size = _FRAME.unpack_from(data, at)
                    keys_end = at + _FRAME.size + 8 * count
                    kept_end = keys_end + size
                    if kept_end > len(data):
                        break
                    keys = array("q")
                    keys.frombytes(data[at + _FRAME.size : keys_end])
                    reader.tally.add_keys(keys)
                    if size and reader.rows is not None:
                        reader.take_rows(*msgspec.msgpack.decode(data[keys_end:kept_end], type=sent_type(reader.rows)))
                    elif size:
                        reader.take(msgspec.msgpack.decode(data[keys_end:kept_end], type=list[Event]))
                    at = kept_end
            del rest[:at]


class _Child(msgspec.Struct, frozen=True):
    """The pipes to and from the child."""

    inbox: IO[bytes]  # its part (_Part)
    out: IO[bytes]  # the query
    keys: _Keys


def _first_query(want: Want, reader: _Reader) -> Query | None:
    """The query, resolved with the names known after the first slice (None: no query, or not yet resolved).

    A name that is unknown among names the document declares up front is a usage error now, before the file is read
    further; one unknown among the names the first slice's events use may yet appear later (resolved at the end).
    """
    if not callable(want):
        return None
    try:
        return want(reader.names(reader.declared))
    except UnknownName as error:
        declared = {"country": reader.declared.countries, "project": reader.declared.projects}.get(error.what)
        if declared is not None:
            raise
        return None


def _declared(before: Dataset, after: Dataset | object) -> Dataset:
    """The names a document declares, before its events or after them."""
    countries = getattr(after, "countries", None)
    projects = getattr(after, "projects", None)
    races = getattr(after, "races", [])
    return Dataset(
        events=[],
        countries=countries if countries is not None else before.countries,
        projects=projects if projects is not None else before.projects,
        races=list(races) or before.races,
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


__all__ = ["EVERY", "Derived", "Found", "Want", "load"]
