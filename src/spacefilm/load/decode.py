"""Decoding: what a batch of the reader needs (its layout, its types), and the diagnostics of a problem.

The reader (stream.py) decodes every file a slice at a time into the types below (`batch_decoder`). When a slice
has a problem, the reader stops and calls `diagnose`, which reads the dataset's text and words every problem, once,
here or in checks.py: syntax as `file:line:col: message`, types field by field, then the rules. No problem is
worded anywhere else, whichever process found it.

No answer depends on msgspec's wording: where a problem is, is found by our own scans (invalid UTF-8, a text that
ends early, objects one after another); the byte its messages name (`_AT_BYTE`) is read where it is given, and a
message of any other form still gets a line and column (tests/test_decode.py feeds each form).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, Union, get_args, get_origin

import msgspec

from ..model import Country, Dataset, Event, Project, Race
from ..problems import UNREADABLE, Problem, Step, Unreadable, did_you_mean, from_text, ordered
from .checks import Locate, check
from .read import DataError

if TYPE_CHECKING:
    from .locate import Locator

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_AT_BYTE = r"\(byte (\d+)\)$"
NOT_SPACE = re.compile(rb"[^ \t\n\r]")  # (JSON's white space is these four; a form feed is not)
# One value of a sequence ends and the next begins: `}`, white space with a line break, `{` (see stream.py).
BETWEEN_VALUES = rb"\}[ \t\r]*\n[ \t\n\r]*(\{)"
# Patterns of the rarer paths (a problem, a sequence) are compiled when first used, not at every start.
_compiled = cache(re.compile)
_TOP_TYPES: dict[str, Any] = {"countries": Country, "projects": Project, "races": Race}


# What a batch needs: the types a slice is read into.


class PlainEvent(Event, forbid_unknown_fields=True, kw_only=True, gc=False):
    """An event that gives no derived field (as files almost never do): decoding checks that, not a pass of ours.

    Its derived fields are UNSET (not None: keys.given_twice need not count an UNSET field) until with_derived sets
    them, on the events a query keeps; no check reads them before (Tally.add: `derived=False`).
    """

    earliest: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]
    latest: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]
    precision: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]
    display: msgspec.UnsetType = msgspec.UNSET  # type: ignore[assignment]


class PlainDataset(Dataset, forbid_unknown_fields=True):
    events: list[PlainEvent]  # type: ignore[assignment]


class NamesFirst(msgspec.Struct, forbid_unknown_fields=True):
    """The object that declares names before a sequence's events (`spacefilm export --format jsonl`)."""

    countries: list[Country] | None = None
    projects: list[Project] | None = None
    races: list[Race] = []


Mode = Literal["names", "lines", "events", "document"]
# How to read a slice of each mode: first as plain events (as `spacefilm export` writes them, and the count of keys
# is quickest: no null taken where a field's default is None), then (if that fails: a derived field or a null given,
# or a problem) as events.
_BATCH_TYPES: dict[str, tuple[Any, Any]] = {
    "names": (NamesFirst, NamesFirst),
    "lines": (PlainEvent, Event),
    "events": (list[PlainEvent], list[Event]),
    "document": (PlainDataset | list[PlainEvent], Dataset | list[Event]),
}


class Batch(msgspec.Struct, frozen=True):
    counted: Any  # the type it reads into, made by keys.counted (None: keys are not counted)
    decode: Callable[[Any], Any]  # of `counted`: list[Event] | Dataset | NamesFirst (a PlainEvent is an Event)


@cache
def batch_decoder(mode: Mode, typed: bool, counting: bool = True) -> Batch:
    """A slice's decoder, made when a file first needs it (each costs some start-up). `typed`: the second try (nulls
    and derived fields taken); `counting`: into counted types (keys.py), to find keys given twice."""
    kind = _BATCH_TYPES[mode][typed]
    counted = None
    if counting:  # (keys.py is imported only to count: not at the built-in dataset's start)
        from . import keys

        counted = keys.counted(kind, nulls=typed)
    decoder = msgspec.json.Decoder(counted if counting else kind)
    return Batch(counted, decoder.decode_lines if mode == "lines" else decoder.decode)


# The diagnostics of a problem.


def empty_problem(origin: str) -> str:
    return f"{origin}: is empty; a dataset is a JSON object with an `events` list"


def too_deep_problem(origin: str) -> str:
    return f"{origin}: is nested too deeply to read (more than about a thousand levels)"


def too_big_problem(origin: str) -> str:
    return f"{origin}: too big to load in this machine's memory"


class Diagnosis(msgspec.Struct, frozen=True):
    problems: list[str]  # every problem, in the order a user reads them
    lines: bool  # the layout the text has: a sequence of events (JSON Lines, objects one after another), or not


def diagnose(data: bytes, origin: str) -> Diagnosis:
    """Every problem of a dataset's text, worded: types field by field, then every rule (checks.check), and keys
    given twice. The reader calls it when a slice had a problem; with none found, `lines` says how to read the text.

    A JSON document (an object with `events`, or an array of events) or a sequence of event objects: one a line
    (JSON Lines), or concatenated and pretty-printed as `jq` writes them. The same events give the same problems in
    every layout.
    """
    try:
        if NOT_SPACE.search(data) is None:
            return Diagnosis([empty_problem(origin)], False)
        lines = is_json_lines(data, origin)
        if not lines:
            try:
                read = _decode(data, origin)
            except _Sequence:
                lines = True
        if lines:
            read = _decode_lines(data, origin)
        problems = _duplicate_keys(data, origin, lines) if read.twice else []
        return Diagnosis(problems + check(read.dataset, origin, read.label).problems, lines)
    except DataError as error:
        return Diagnosis(error.problems, False)
    except RecursionError:
        return Diagnosis([too_deep_problem(origin)], False)
    except MemoryError:
        return Diagnosis([too_big_problem(origin)], False)


def refuse_garbage(beginning: bytes, origin: str) -> None:
    """Refuse a text at its first bytes (DataError), as jq does, when they cannot begin a dataset: nested too deeply,
    or a syntax error inside the first value. `beginning`: the first bytes of a longer text (its first byte not white
    space); a text this says nothing of is read on as usual.

    So a gibibyte that starts `x{{{` or `[[[[`, or an endless stream of `[`, is refused having read its beginning.
    """
    try:
        msgspec.json.decode(beginning)
    except RecursionError:
        raise DataError([too_deep_problem(origin)]) from None
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        match = _compiled(_AT_BYTE).search(str(error))
        if match is None or int(match.group(1)) >= len(beginning) - 4:
            return  # (the beginning ends early, as it does; or a message of unknown form: read on)
        at = int(match.group(1))
        first = _values(beginning[:at])
        if len(first) > 1 or (first and first[0][1] < at):
            return  # (a fault after the first value: more text, or objects one after another)
        # Inside the first value: the text's first fault, unless a sequence's first object closes further on.
        if beginning[:1] != b"{" or len(_values(beginning)) == 1:
            problem = _syntax_problem(error, beginning, origin, 0, at + 1)
            if beginning[:1] == b"{" and os.path.splitext(origin)[1].lower() in JSONL_SUFFIXES:
                # (JSON Lines by its name: the first event's, as diagnose places it)
                problem = from_text(problem, origin).evolve(section="events", number=1)
            raise DataError([problem]) from None


class _Read(msgspec.Struct, frozen=True):
    dataset: Dataset
    label: Locate  # how to place its problems in the file
    twice: bool  # whether some object may give a key twice (keys.given_twice)


class _Sequence(Exception):
    """The text holds several objects one after another: a sequence of events, not one document."""


def given_twice_problem(where: str, key: str, whose: str = "") -> str:
    return f"{where}: key {key!r} appears twice in one object{whose}; only the last would count"


def _duplicate_keys(data: bytes, origin: str, lines: bool) -> list[str]:
    """Each key given twice in one object (keys.pairs_given_twice finds them), worded: where, and which object."""
    from . import keys

    problems = []
    for twice in keys.pairs_given_twice(data, lines):
        where = origin if twice.line is None else f"{origin}:{twice.line}"
        whose = "" if twice.owner is None else f" (the object with id {twice.owner!r})"
        if twice.inside:
            whose = f" (inside the object with id {twice.owner!r})"
        problems.append(given_twice_problem(where, twice.key, whose))
    return problems


def _after_space(text: str, at: int) -> int:
    match = _compiled(_JSON_SPACE).match(text, at)
    return match.end() if match else at


def _line_col(data: bytes, offset: int) -> str:
    """Where `offset` is in `data`, as line:column (counted at C speed, without a copy)."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def _syntax_problem(error: Exception, data: bytes, where: str, base: int = 0, end: int | None = None) -> str:
    """A decoding error of data[base:end] as `where:line:col: message`, line and column in data.

    The position is ours wherever we can find it: the first invalid UTF-8 byte by our own scan, the end of a text
    that ends early, a NaN. msgspec's message is read for the byte it names (`(byte N)`) and its words; a message of
    another form (another msgspec version) is located by Python's json module instead, so a problem always names its
    line and column, whatever msgspec's wording.
    """
    end = len(data) if end is None else end
    message = str(error).removeprefix("JSON is malformed: ")
    match = _compiled(_AT_BYTE).search(message)
    bad = _first_bad_utf8(data, base, end if match is None else min(base + int(match.group(1)) + 1, end))
    if bad is not None:
        return f"{where}:{_line_col(data, bad)}: not valid UTF-8 (byte 0x{data[bad]:02x})"
    if match is None:
        at, message = _located(data, base, end, message)
    else:
        at, message = base + int(match.group(1)), message[: match.start()].strip()
    if data.startswith(b"Infinity", at) and data[at - 1 : at] == b"-":
        at -= 1  # (msgspec names the byte after the sign)
    if data.startswith((b"NaN", b"Infinity", b"-Infinity"), at):
        return f"{where}:{_line_col(data, at)}: NaN and Infinity are not JSON (use null, or a string)"
    return f"{where}:{_line_col(data, at)}: {message}"


# What stands outside strings that JSON does not allow but Python's json module reads; and the numbers.
_NOT_A_NUMBER = rb'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)|(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)'
TOO_BIG = "a number too large to read"
TRUNCATED = "the JSON ends early (truncated)"


def _located(data: bytes, base: int, end: int, message: str) -> tuple[int, str]:
    """Where data[base:end] (valid UTF-8) stops being JSON, by Python's json module, and what to say there: for a
    text that ends early, its end; else `message` (msgspec's words), or failing all else its first byte."""
    import json

    text = data[base:end].decode("utf-8")
    decoder, at = json.JSONDecoder(parse_int=str), 0  # (where it stops, not what a number is: any length)
    try:
        while (at := _after_space(text, at)) < len(text):  # (one value or several: a line may hold several)
            _, at = decoder.raw_decode(text, at)
    except json.JSONDecodeError as error:
        if not text[error.pos :].strip(" \t\n\r") or message == "Input data was truncated":
            stop = end
            while stop > base and data[stop - 1] in b" \t\n\r":
                stop -= 1
            return stop, TRUNCATED
        return base + len(text[: error.pos].encode("utf-8")), message or error.msg
    for found in _compiled(_NOT_A_NUMBER).finditer(data, base, end):
        if found.group(1):
            return found.start(), message  # (worded by the caller)
        if found.group(2) and _too_big(found.group(2)):
            return found.start(), TOO_BIG
    return base, message


def _too_big(number: bytes) -> bool:
    """Whether a JSON number is past what Python reads: an integer of more digits than it turns into an int
    (sys.get_int_max_str_digits, 4,300 by default), or a number with a fraction or exponent past a float's range."""
    import math
    import sys

    if number.lstrip(b"-").isdigit():
        limit = sys.get_int_max_str_digits()
        return 0 < limit < len(number.lstrip(b"-"))
    return math.isinf(float(number))


def _first_bad_utf8(data: bytes, start: int, end: int) -> int | None:
    """The first byte of data[start:end] that is not valid UTF-8 (a sequence cut by `end` is not counted as
    invalid), looked for a megabyte at a time (never a copy of the whole); None if there is none."""
    view = memoryview(data)
    at = start
    while at < end:
        last = at + 2**20 >= end
        try:
            _, consumed = codecs.utf_8_decode(view[at : min(at + 2**20, end)], "strict", last)
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data" and end < len(data):
                return None  # (cut by `end`: the bytes after it may complete it)
            return at + error.start
        at += consumed
        if last or not consumed:
            break
    return None


def is_json_lines(data: bytes | memoryview, origin: str) -> bool:
    first = NOT_SPACE.search(data)
    if first is None or data[first.start() : first.start() + 1] != b"{":
        return False  # (an array is a document, whatever the file is called)
    if os.path.splitext(origin)[1].lower() in JSONL_SUFFIXES:
        return True
    # A first line that is a whole JSON object, followed by more: one event a line.
    line_break = _compiled(rb"\n").search(data, first.start())  # (data may be a view of a file's text)
    newline = -1 if line_break is None else line_break.start()
    if newline < 0 or NOT_SPACE.search(data, newline) is None:
        return False
    try:
        msgspec.json.decode(data[first.start() : newline])
    except (msgspec.DecodeError, UnicodeDecodeError):
        return False
    return True


def _decode(data: bytes, origin: str) -> _Read:
    """The typed dataset (a JSON document) and how to name its events, or DataError with every problem.

    Read into counted types, to say whether a key may be given twice. Raises _Sequence when the text is several
    objects one after another.
    """
    from . import keys

    kind = keys.counted(Dataset | list[Event])
    before = keys.snapshot(kind)
    try:
        decoded = msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as error:
        dataset, positions, problems = _convert_dataset(_decode_untyped(data, origin), origin)
        _report_all(dataset, _document_locator(data, positions), problems, origin, str(error), data, False)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise _not_a_document(error, data, origin) from None
    twice = keys.given_twice(keys.quotes(data, 0, len(data)), decoded, before, data)
    dataset = Dataset(events=decoded) if isinstance(decoded, list) else keys.plain_names(decoded)
    return _Read(dataset, _document_locator(data), twice)


def _not_a_document(error: Exception, data: bytes, origin: str) -> Exception:
    """What a syntax error means: objects one after another (_Sequence), or a problem to report (DataError). Told by
    the text's shape, not by msgspec's words."""
    pieces = _values(data)
    if len(pieces) > 1:
        if all(data[start] == ord("{") for start, _ in pieces):
            return _Sequence()
        start, end = pieces[0]
        try:
            msgspec.json.decode(data[start:end])
        except (msgspec.DecodeError, UnicodeDecodeError):
            pass
        else:
            return DataError([f"{origin}:{_line_col(data, pieces[1][0])}: more text after the end of the JSON value"])
    return DataError([_syntax_problem(error, data, origin)])


def _document_locator(data: bytes, positions: list[int] | None = None) -> Locator:
    """Places the problems of a JSON document; `positions`: each event read's place in its list (None: all were)."""
    from .locate import Locator, document_starts

    return Locator(data, lambda: document_starts(data), None if positions is None else [p + 1 for p in positions])


def _sequence_locator(data: bytes, events_from: int) -> Locator:
    """Places the problems of a sequence whose every piece was read: each event where its piece starts (or, for a
    line that holds several, where each of them starts), the names where the object that declares them has them."""
    from .locate import Locator, document_starts

    def starts() -> dict[str, list[int]]:
        found = document_starts(data, 0, events_from) if events_from else {}
        found["events"] = []
        for start, end, _ in _numbered_pieces(data)[1 if events_from else 0 :]:
            count = len(_decoder().decode_lines(data[start:end]))
            found["events"] += _starts_of(data, start, end, count)
        return found

    return Locator(data, starts)


def _starts_of(data: bytes, start: int, end: int, count: int) -> list[int]:
    """Where each of the `count` objects of a piece starts."""
    if count == 1:
        return [start]
    return [start + at for at, _ in _values(data[start:end])][:count]


def _report_all(
    dataset: Dataset, locate: Locator, problems: Sequence[str], origin: str, fallback: str, data: bytes, lines: bool
) -> NoReturn:
    """Every problem: of types, and of every check on the events as read (a field of the wrong type is left out of
    the checks, the rest of its event is not), and every key given twice; each in its place, in order.

    With none, the typed decoder refused a value that an untyped read does not see: one a key given twice hides.
    """
    found = ordered([*locate(problems), *check(dataset, origin, locate).problems])
    try:
        twice = _duplicate_keys(data, origin, lines)
    except ValueError:
        twice = []  # (a line that is not JSON: said already)
    raise DataError(found + twice or [f"{origin}: {fallback}"])


def _decode_untyped(data: bytes, origin: str) -> Any:
    try:
        return msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise _not_a_document(error, data, origin) from None


@cache
def _decoder(type: Any = Any) -> msgspec.json.Decoder[Any]:
    """A decoder, made once and only when a file needs it (making one for Event costs milliseconds at start-up)."""
    return msgspec.json.Decoder(type)


# The keys of a sequence's first object when it declares the dataset's names instead of being an event.
NAME_KEYS = frozenset({"countries", "projects", "races"})


def names_first(data: bytes | memoryview) -> int:
    """Where the events of a sequence begin: after its first object when that declares names (`{"countries": ...,
    "projects": ..., "races": ...}`, as `spacefilm export --format jsonl` writes first), else at the start."""
    first = NOT_SPACE.search(data)
    if first is None or data[first.start()] != ord("{"):
        return 0
    after = _compiled(BETWEEN_VALUES).search(data, first.start())
    end = after.start(1) if after is not None else len(data)
    try:
        head = msgspec.json.decode(data[first.start() : end])
    except (msgspec.DecodeError, UnicodeDecodeError):
        return 0
    return end if isinstance(head, dict) and head and NAME_KEYS.issuperset(head) else 0


def _declared_names(data: bytes, end: int, origin: str) -> tuple[Dataset, list[str]]:
    """The names a sequence's first object declares (checked as a document's are), and any problem of their type."""
    declared, _, problems = _convert_dataset({**msgspec.json.decode(data[:end]), "events": []}, origin)
    return declared, list(problems)


def _decode_lines(data: bytes, origin: str) -> _Read:
    """A sequence of events, perhaps after an object that declares names: decoded in one call at C speed; failing
    that, piece by piece, to report each problem. Counted as _decode is (the object that declares names is small,
    and Python's json module reads it)."""
    from . import keys
    from .locate import Locator, document_starts

    events_from = names_first(data)
    declared, problems = _declared_names(data, events_from, origin) if events_from else (Dataset(events=[]), [])
    skip = 1 if events_from else 0
    kind = keys.counted(Event)
    before = keys.snapshot(kind)
    try:
        events = _decoder(kind).decode_lines(memoryview(data)[events_from:])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        pass
    else:
        if not problems:
            quoted = keys.quotes(data, events_from, len(data))
            twice = keys.given_twice(quoted, events, before, memoryview(data)[events_from:]) or bool(
                events_from and _duplicate_keys(data[:events_from], origin, lines=True)
            )
            return _Read(_named(declared, events), _sequence_locator(data, events_from), twice)
    # Each piece is an event (or, for a line that holds several, each object of it): numbered as they come.
    events, numbers, starts = [], [], []
    for start, end, _ in _numbered_pieces(data)[skip:]:
        if data[start] != ord("{"):
            starts.append(start)
            problems.append(Problem(origin, "expected an event (a JSON object)", section="events", number=len(starts)))
            continue
        piece = data[start:end]
        try:
            typed = _decoder(Event).decode_lines(piece)  # (most pieces are good: read them at C speed)
        except (msgspec.DecodeError, UnicodeDecodeError):  # (a ValidationError is a DecodeError)
            pass
        else:
            for at in _starts_of(data, start, end, len(typed)):
                starts.append(at)
                numbers.append(len(starts))
            events += typed
            continue
        try:
            objects = _decoder().decode_lines(piece)
        except (msgspec.DecodeError, UnicodeDecodeError) as error:
            said = from_text(_syntax_problem(error, data, origin, start, end), origin)
            if not starts and not events_from and _compiled(_NAMES_FIRST).match(data, start):
                # (the object that declares the names, first, broken: it is not event #1, and the events after it
                # are numbered from 1 as they would be)
                problems.append(said.evolve(message=f"the object that declares the names: {said.message}"))
                continue
            starts.append(start)
            problems.append(said.evolve(section="events", number=len(starts)))
            continue
        for at, obj in zip(_starts_of(data, start, end, len(objects)), objects, strict=True):
            starts.append(at)
            event, event_problems = _convert(obj, Event, origin, "events", len(starts))
            problems += event_problems
            if event is not None:
                events.append(event)
                numbers.append(len(starts))
    names = document_starts(data, 0, events_from) if events_from else {}
    locate = Locator(data, lambda: {**names, "events": starts}, numbers)
    _report_all(_named(declared, events), locate, problems, origin, "invalid JSON Lines", data, True)


def _named(declared: Dataset, events: list[Event]) -> Dataset:
    return Dataset(events=events, countries=declared.countries, projects=declared.projects, races=declared.races)


# Strings (skipped whole) and brackets: enough to find where each top-level value of a sequence begins and ends.
_STRUCTURE = rb'"(?:[^"\\\n]|\\.)*"|[\[\]{}]'
_JSON_SPACE = r"[ \t\n\r]*"
# The first key of an object that declares names (names_first), before the object is known to be whole.
_NAMES_FIRST = rb'\{[ \t\n\r]*"(?:countries|projects|races)"[ \t\n\r]*:'
# A line that holds something and does not start with `{`: the text is not one event a line.
_NOT_LINE_SHAPED = rb"(?:^|\n)[ \t\r]*[^ \t\r\n{]"


def _pieces(data: bytes) -> list[tuple[int, int]]:
    """Where each piece of a sequence starts and ends, each to be decoded on its own.

    One event a line (every line that holds something starts with `{`): each line, so that a broken line stands
    alone. Otherwise each top-level value, found by its brackets outside strings; anything between values is a
    piece of its own (not an event). A value left open runs to the end.
    """
    if _compiled(_NOT_LINE_SHAPED).search(data) is None:
        pieces, at = [], 0
        for line in data.split(b"\n"):
            if line.strip(b" \t\r"):
                pieces.append((at, at + len(line)))
            at += len(line) + 1
        return pieces
    return _values(data)


def _values(data: bytes) -> list[tuple[int, int]]:
    """Where each top-level value starts and ends, found by its brackets outside strings; anything between values
    is a piece of its own. A value left open runs to the end."""
    pieces, depth, start, at = [], 0, 0, 0
    for match in _compiled(_STRUCTURE).finditer(data):
        char = data[match.start()]
        if depth == 0 and (gap := NOT_SPACE.search(data, at, match.start())) is not None:
            pieces.append((gap.start(), match.start()))  # something that is not a value
        if char == ord('"'):
            if depth == 0:
                pieces.append((match.start(), match.end()))  # a string at the top: not an event
                at = match.end()
            continue
        if depth == 0:
            start = match.start()
        depth += 1 if char in b"[{" else -1
        if depth <= 0:
            pieces.append((start if depth == 0 else match.start(), match.end()))
            depth, at = 0, match.end()
    if depth > 0:
        pieces.append((start, len(data)))
    elif (gap := NOT_SPACE.search(data, at)) is not None:
        pieces.append((gap.start(), len(data)))
    return pieces


def _numbered_pieces(data: bytes) -> list[tuple[int, int, int]]:
    """The pieces, each with the number of the line it starts on."""
    numbered, line, at = [], 1, 0
    for start, end in _pieces(data):
        line += data.count(b"\n", at, start)
        numbered.append((start, end, line))
        at = start
    return numbered


def _id(obj: Any) -> str | None:
    """An object's id, when it has one that is a string."""
    if isinstance(obj, dict) and isinstance(obj.get("id"), str):
        return str(obj["id"])
    return None


def _convert(obj: Any, struct: Any, origin: str, section: str, number: int) -> tuple[Any, list[Problem]]:
    """Convert one object (the `number`th of its list, `section`) to `struct`, with every problem of its fields.

    Most objects of a file with a problem are good: each is tried whole at C speed first, and only one that fails is
    taken field by field (a hundred-megabyte file with one bad event reads in seconds, not minutes). One that fails
    is still read, its fields of the wrong type made unreadable (problems.Unreadable, or their default), so that the
    checks look at everything else it holds. Not an object: nothing to read (None).
    """

    def problem(path: tuple[Step, ...], message: str, fix: str | None = None) -> Problem:
        return Problem(origin, message, section=section, number=number, id=_id(obj), path=path, suggestion=fix)

    if not isinstance(obj, dict):
        return None, [problem((), f"expected an object, got {_json_type(obj)}")]
    try:
        return msgspec.convert(obj, struct), []
    except msgspec.ValidationError:
        pass
    problems = [problem(*found) for found in _struct_problems(obj, struct, ())]
    values: dict[str, Any] = {}
    for field in msgspec.structs.fields(struct):
        bad = any(p.path[0] == field.encode_name for p in problems if p.path)
        if field.encode_name in obj and not bad:
            values[field.name] = msgspec.convert(obj[field.encode_name], field.type)
        elif not field.required:
            values[field.name] = _default(field)
        else:
            values[field.name] = _placeholder(field.type)
    if not problems:  # (a refusal our reading does not see: said in msgspec's words, the best we have)
        try:
            msgspec.convert(obj, struct)
        except msgspec.ValidationError as error:
            problems.append(problem((), str(error).replace("`", "")))
    return struct(**values), problems


def _default(field: msgspec.structs.FieldInfo) -> Any:
    if field.default_factory is not msgspec.NODEFAULT:
        return field.default_factory()
    return field.default


def _placeholder(kind: Any) -> Any:
    """What an unreadable required field holds: an empty list where a list goes, else problems.UNREADABLE."""
    if get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    return () if get_origin(kind) in (tuple, list) else UNREADABLE


Found = tuple[tuple[Step, ...], str, str | None]  # a path, what is wrong there, and the fix if there is one


def _struct_problems(obj: dict[str, Any], struct: Any, path: tuple[Step, ...]) -> Iterator[Found]:
    """Every problem of an object read as `struct`: fields unknown, missing, or of the wrong type (however deep)."""
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
    names = list(fields)
    for key in obj:
        if key not in fields:
            yield (*path, key), f"unknown field {key!r}", did_you_mean(key, names, "fields")
    for name, field in fields.items():
        if name in obj:
            yield from _value_problems(obj[name], field.type, (*path, name), name)
        elif field.required:
            yield (*path, name), "missing (required)", None


def _value_problems(value: Any, kind: Any, path: tuple[Step, ...], name: str) -> Iterator[Found]:
    """Every problem of a value read as `kind`, in our own words (never a dependency's)."""
    origin, args = get_origin(kind), get_args(kind)
    if origin is Annotated:
        inner = list(_value_problems(value, args[0], path, name))
        yield from inner
        least = max((getattr(meta, "min_length", None) or 0 for meta in args[1:]), default=0)
        if not inner and len(value) < least:
            yield path, f"needs at least {'one' if least == 1 else least} {name.removesuffix('s')}", None
    elif origin in (Union, UnionType):
        members = [member for member in args if member is not msgspec.UnsetType]
        if value is None and NoneType in members:
            return
        fitting = [member for member in members if member is not NoneType and _fits(value, member)]
        if fitting:
            yield from _value_problems(value, fitting[0], path, name)
        else:
            yield path, f"expected {_describe(kind)}, got {_json_type(value)}", _choices(kind, name)
    elif origin is Literal:
        plural = f"{name}es" if name.endswith("s") else f"{name}s"
        if not isinstance(value, str):
            yield path, f"expected a string, got {_json_type(value)}", did_you_mean("", args, plural)
        elif value not in args:
            yield path, f"{value!r} is not a {name}", did_you_mean(value, args, plural)
    elif origin in (tuple, list) or kind in (tuple, list):
        if not isinstance(value, list):
            yield path, f"expected an array, got {_json_type(value)}", None
        elif args:
            for index, item in enumerate(value):
                yield from _value_problems(item, args[0], (*path, index), name)
    elif isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        if isinstance(value, dict):
            yield from _struct_problems(value, kind, path)
        else:
            yield path, f"expected an object, got {_json_type(value)}", None
    elif not _fits(value, kind):
        yield path, f"expected {_describe(kind)}, got {_json_type(value)}", None
    else:
        try:
            msgspec.convert(value, kind)
        except msgspec.ValidationError:
            yield path, f"is not {_describe(kind)}", None


def _choices(kind: Any, name: str) -> str | None:
    """The values a field of a few values takes (a kind, a status), to say with a problem of its type."""
    literal = next((member for member in get_args(kind) if get_origin(member) is Literal), None)
    if literal is None:
        return None
    return did_you_mean("", get_args(literal), f"{name}es" if name.endswith("s") else f"{name}s")


# What a JSON value of each Python type is, and what each type reads (bool before int: True is an int in Python).
_SHAPES: dict[Any, tuple[type, ...]] = {str: (str,), bool: (bool,), int: (int,), float: (int, float), NoneType: ()}
_DESCRIBED: dict[Any, str] = {
    str: "a string",
    bool: "true or false",
    int: "an integer",
    float: "a number",
    NoneType: "null",
}


def _fits(value: Any, kind: Any) -> bool:
    """Whether a JSON value is of the shape `kind` reads (an object for a struct, an array for a list...)."""
    origin = get_origin(kind)
    if origin is Annotated:
        return _fits(value, get_args(kind)[0])
    if origin is Literal:
        return isinstance(value, str)
    if origin in (tuple, list) or kind in (tuple, list):
        return isinstance(value, list)
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return isinstance(value, dict)
    if kind is NoneType:
        return value is None
    shapes = _SHAPES.get(kind)
    if shapes is None:
        return True  # (a type we do not describe: msgspec says)
    return isinstance(value, shapes) and not (isinstance(value, bool) and bool not in shapes)


def _describe(kind: Any) -> str:
    """What a type reads, in words: `a string or null`."""
    origin = get_origin(kind)
    if origin is Annotated:
        return _describe(get_args(kind)[0])
    if origin in (Union, UnionType):
        words = [_describe(member) for member in get_args(kind) if member is not msgspec.UnsetType]
        return " or ".join(dict.fromkeys(words))
    if origin is Literal:
        return "a string"
    if origin in (tuple, list) or kind in (tuple, list):
        return "an array"
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return "an object"
    return _DESCRIBED.get(kind, getattr(kind, "__name__", str(kind)))


def _json_type(obj: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(obj), "a number")


_NOT_NULL = {"events", "races"}  # (the top-level lists that take no null: countries and projects may be null)


def _convert_dataset(obj: Any, origin: str) -> tuple[Dataset, list[int], list[Problem]]:
    """What converts of an untyped dataset, each event's place in its list (from 0), and every problem of types."""
    if isinstance(obj, list):
        obj = {"events": obj}
    if not isinstance(obj, dict):
        problem = f"expected a JSON object with an `events` list, or an array of events; got {_json_type(obj)}"
        raise DataError([f"{origin}: {problem}"])
    fields = list(Dataset.__struct_fields__)
    problems = [
        Problem(origin, f"unknown top-level field {key!r}", path=(key,), suggestion=did_you_mean(key, fields, "fields"))
        for key in obj
        if key not in fields
    ]
    if "events" not in obj:
        problems.append(Problem(origin, "missing the `events` list"))
    converted: dict[str, list[Any] | None] = {}
    positions: list[int] = []
    for key, struct in (("events", Event), *_TOP_TYPES.items()):
        items = obj.get(key)
        if items is None:
            if key in obj and key in _NOT_NULL:  # (a null where a list must be: said, as any other wrong type)
                problems.append(Problem(origin, "expected an array, got null", path=(key,)))
            converted[key] = None
            continue
        if not isinstance(items, list):
            problems.append(Problem(origin, f"expected an array, got {_json_type(items)}", path=(key,)))
            converted[key] = None
            continue
        good: list[Any] = []
        for index, item in enumerate(items):
            value, item_problems = _convert(item, struct, origin, key, index + 1)
            problems += item_problems
            if value is not None:
                good.append(value)
                if key == "events":
                    positions.append(index)
        # A list of names whose every id was read is held against the events; one with an id not read (or an item
        # that is no object) could hold any name: no event is said to name one it does not declare.
        readable = len(good) == len(items) and not any(isinstance(item.id, Unreadable) for item in good)
        converted[key] = good if readable or key == "events" else None
    dataset = Dataset(
        events=converted["events"] or [],
        countries=converted["countries"],
        projects=converted["projects"],
        races=converted["races"] or [],
    )
    return dataset, positions, problems
