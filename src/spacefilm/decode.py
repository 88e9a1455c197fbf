"""Decoding: what a batch of the reader needs (its layout, its types), and the diagnostics of a problem.

The reader (stream.py) decodes every file a slice at a time into the types below (`batch_decoder`). When a slice
has a problem, the reader stops and calls `diagnose`, which reads the dataset's text and words every problem, once,
here or in checks.py: syntax as `file:line:col: message`, types field by field, then the rules. No problem is
worded anywhere else, whichever process found it.

No answer depends on msgspec's wording: where a problem is, is found by our own scans (invalid UTF-8, a text that
ends early, objects one after another); the byte and path its messages name (`_AT_BYTE`, `_AT_PATH`) are read where
they are given, and a message of any other form still gets a line and column (tests/test_decode.py feeds each form).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Literal, NamedTuple, NoReturn

import msgspec

from . import keys
from .checks import Labeller, check
from .model import Country, Dataset, Event, Project, Race
from .read import DataError

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_AT_BYTE = r"\(byte (\d+)\)$"
_AT_PATH = r"^(.*) - at \$(.*)$"
NOT_SPACE = re.compile(rb"[^ \t\n\r]")  # (JSON's white space is these four; a form feed is not)
_NOT_SPACE = NOT_SPACE
# One value of a sequence ends and the next begins: `}`, white space with a line break, `{` (see stream.py).
BETWEEN_VALUES = rb"\}[ \t\r]*\n[ \t\n\r]*(\{)"
# Patterns of the rarer paths (a problem, a sequence) are compiled when first used, not at every start.
_compiled = cache(re.compile)
_TOP_TYPES: dict[str, Any] = {"countries": Country, "projects": Project, "races": Race}
_SINGULAR = {"events": "event", "countries": "country", "projects": "project", "races": "race"}


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


class Batch(NamedTuple):
    counted: Any  # the type it reads into, made by keys.counted (None: keys are not counted)
    decode: Callable[[Any], Any]  # of `counted`: list[Event] | Dataset | NamesFirst (a PlainEvent is an Event)


@cache
def batch_decoder(mode: Mode, typed: bool, counting: bool = True) -> Batch:
    """A slice's decoder, made when a file first needs it (each costs some start-up). `typed`: the second try (nulls
    and derived fields taken); `counting`: into counted types (keys.py), to find keys given twice."""
    kind = _BATCH_TYPES[mode][typed]
    counted = keys.counted(kind, nulls=typed) if counting else None
    decoder = msgspec.json.Decoder(counted if counting else kind)
    return Batch(counted, decoder.decode_lines if mode == "lines" else decoder.decode)


# The diagnostics of a problem.


def empty_problem(origin: str) -> str:
    return f"{origin}: is empty; a dataset is a JSON object with an `events` list"


def too_deep_problem(origin: str) -> str:
    return f"{origin}: is nested too deeply to read (more than about a thousand levels)"


def too_big_problem(origin: str) -> str:
    return f"{origin}: too big to load in this machine's memory"


class Diagnosis(NamedTuple):
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
        if _NOT_SPACE.search(data) is None:
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
            raise DataError([_syntax_problem(error, beginning, origin, 0, at + 1)]) from None


class _Read(NamedTuple):
    dataset: Dataset
    label: Labeller  # how to name its events in a problem
    twice: bool  # whether some object may give a key twice (keys.given_twice)


class _Sequence(Exception):
    """The text holds several objects one after another: a sequence of events, not one document."""


def given_twice_problem(where: str, key: str, whose: str = "") -> str:
    return f"{where}: key {key!r} appears twice in one object{whose}; only the last would count"


def _duplicate_keys(data: bytes, origin: str, lines: bool) -> list[str]:
    """Each key given twice in one object (keys.pairs_given_twice finds them), worded: where, and which object."""
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


# What stands outside strings that JSON does not allow but Python's json module reads.
_NOT_A_NUMBER = rb'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)'
TRUNCATED = "the JSON ends early (truncated)"


def _located(data: bytes, base: int, end: int, message: str) -> tuple[int, str]:
    """Where data[base:end] (valid UTF-8) stops being JSON, by Python's json module, and what to say there: for a
    text that ends early, its end; else `message` (msgspec's words), or failing all else its first byte."""
    import json

    text = data[base:end].decode("utf-8")
    decoder, at = json.JSONDecoder(), 0
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
    nan = next((m for m in _compiled(_NOT_A_NUMBER).finditer(data, base, end) if m.group(1)), None)
    return (nan.start() if nan else base), message


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
    first = _NOT_SPACE.search(data)
    if first is None or data[first.start() : first.start() + 1] != b"{":
        return False  # (an array is a document, whatever the file is called)
    if os.path.splitext(origin)[1].lower() in JSONL_SUFFIXES:
        return True
    # A first line that is a whole JSON object, followed by more: one event a line.
    line_break = _compiled(rb"\n").search(data, first.start())  # (data may be a view of a file's text)
    newline = -1 if line_break is None else line_break.start()
    if newline < 0 or _NOT_SPACE.search(data, newline) is None:
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
    kind = keys.counted(Dataset | list[Event])
    before = keys.snapshot(kind)
    try:
        decoded = msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as error:
        _report_all(*_convert_dataset(_decode_untyped(data, origin), origin), origin, str(error), data, False)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise _not_a_document(error, data, origin) from None
    twice = keys.given_twice(keys.quotes(data, 0, len(data)), decoded, before, data)
    dataset = Dataset(events=decoded) if isinstance(decoded, list) else keys.plain_names(decoded)
    return _Read(dataset, _numbered(origin, range(len(dataset.events))), twice)


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


def _numbered(origin: str, positions: Sequence[int]) -> Labeller:
    return lambda index, event: f"{origin}: event #{positions[index] + 1} {event.id!r}"


def _on_line(origin: str, line_numbers: Sequence[int]) -> Labeller:
    return lambda index, event: f"{origin}:{line_numbers[index]}: event {event.id!r}"


def _on_counted_line(origin: str, data: bytes, skip: int = 0) -> Labeller:
    """Names events by the line each starts on, the lines counted only if a problem is found (after `skip` pieces
    that are no events)."""
    numbers: list[int] = []

    def label(index: int, event: Event) -> str:
        if not numbers:
            for start, end, line in _numbered_pieces(data)[skip:]:
                numbers.extend([line] * len(_decoder().decode_lines(data[start:end])))  # (a line may hold several)
        return f"{origin}:{numbers[index]}: event {event.id!r}"

    return label


def _report_all(
    dataset: Dataset, label: Labeller, problems: list[str], origin: str, fallback: str, data: bytes, lines: bool
) -> NoReturn:
    """Type problems, then the checks a type cannot see on everything that did convert.

    With none, the typed decoder refused a value that an untyped read does not see: one a key given twice hides.
    """
    problems += check(dataset, origin, label).problems
    raise DataError(problems or _duplicate_keys(data, origin, lines) or [f"{origin}: {fallback}"])


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
    first = _NOT_SPACE.search(data)
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
    return declared, problems


def _decode_lines(data: bytes, origin: str) -> _Read:
    """A sequence of events, perhaps after an object that declares names: decoded in one call at C speed; failing
    that, piece by piece, to report each problem. Counted as _decode is (the object that declares names is small,
    and Python's json module reads it)."""
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
            return _Read(_named(declared, events), _on_counted_line(origin, data, skip), twice)
    events, converted_lines = [], []
    for start, end, line in _numbered_pieces(data)[skip:]:
        where = f"{origin}:{line}"
        if data[start] != ord("{"):
            problems.append(f"{origin}:{_line_col(data, start)}: expected an event (a JSON object)")
            continue
        piece = data[start:end]
        try:
            typed = _decoder(Event).decode_lines(piece)  # (most pieces are good: read them at C speed)
        except (msgspec.DecodeError, UnicodeDecodeError):  # (a ValidationError is a DecodeError)
            pass
        else:
            events += typed
            converted_lines += [line] * len(typed)
            continue
        try:
            objects = _decoder().decode_lines(piece)
        except (msgspec.DecodeError, UnicodeDecodeError) as error:
            problems.append(_syntax_problem(error, data, origin, start, end))
            continue
        for obj in objects:
            event, event_problems = _convert(obj, Event, f"{where}: {_label(obj, None)}")
            problems += event_problems
            if event is not None:
                events.append(event)
                converted_lines.append(line)
    labels = _on_line(origin, converted_lines)
    _report_all(_named(declared, events), labels, problems, origin, "invalid JSON Lines", data, True)


def _named(declared: Dataset, events: list[Event]) -> Dataset:
    return Dataset(events=events, countries=declared.countries, projects=declared.projects, races=declared.races)


# Strings (skipped whole) and brackets: enough to find where each top-level value of a sequence begins and ends.
_STRUCTURE = rb'"(?:[^"\\\n]|\\.)*"|[\[\]{}]'
_JSON_SPACE = r"[ \t\n\r]*"
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
        if depth == 0 and (gap := _NOT_SPACE.search(data, at, match.start())) is not None:
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
    elif (gap := _NOT_SPACE.search(data, at)) is not None:
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


def _label(obj: Any, index: int | None, kind: str = "event") -> str:
    position = "" if index is None else f" #{index + 1}"
    if isinstance(obj, dict) and isinstance(obj.get("id"), str):
        return f"{kind}{position} {obj['id']!r}"
    return f"{kind}{position}"


def _convert(obj: Any, struct: Any, label: str) -> tuple[Any, list[str]]:
    """Convert one object to `struct`, reporting each bad field on a line of its own.

    Most objects of a file with a problem are good: each is tried whole at C speed first, and only one that fails is
    taken field by field (a hundred-megabyte file with one bad event reads in seconds, not minutes).
    """
    if not isinstance(obj, dict):
        return None, [f"{label}: expected an object, got {_json_type(obj)}"]
    try:
        return msgspec.convert(obj, struct), []
    except msgspec.ValidationError:
        pass
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
    problems = [f"{label}: unknown field {key!r}" for key in obj if key not in fields]
    for name, field in fields.items():
        if name not in obj:
            if field.required:
                problems.append(f"{label}: {name}: missing (required)")
            continue
        try:
            msgspec.convert(obj[name], field.type)
        except msgspec.ValidationError as error:
            problems.append(f"{label}: {name}{_field_error(error, name)}")
    if problems:
        return None, problems
    return msgspec.convert(obj, struct), []


def _field_error(error: msgspec.ValidationError, name: str) -> str:
    text = str(error).replace("`", "")
    match = _compiled(_AT_PATH).match(text)
    if match is None:
        if text == "Expected array of length >= 1":  # the one length bound of the types: sources
            text = f"needs at least one {name.removesuffix('s')}"
        return f": {text}"
    message, path = match.groups()
    return f"{path}: {message}"


def _json_type(obj: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(obj), "a number")


def _convert_dataset(obj: Any, origin: str) -> tuple[Dataset, Labeller, list[str]]:
    """What converts of an untyped dataset, how to name its events, and every type problem."""
    if isinstance(obj, list):
        obj = {"events": obj}
    if not isinstance(obj, dict):
        problem = f"expected a JSON object with an `events` list, or an array of events; got {_json_type(obj)}"
        raise DataError([f"{origin}: {problem}"])
    problems = [f"{origin}: unknown top-level field {key!r}" for key in obj if key not in Dataset.__struct_fields__]
    if "events" not in obj:
        problems.append(f"{origin}: missing the `events` list")
    converted: dict[str, list[Any] | None] = {}
    positions: list[int] = []
    for key, struct in (("events", Event), *_TOP_TYPES.items()):
        items = obj.get(key)
        if items is None:
            converted[key] = None
            continue
        if not isinstance(items, list):
            problems.append(f"{origin}: {key}: expected an array, got {_json_type(items)}")
            converted[key] = None
            continue
        good: list[Any] = []
        for index, item in enumerate(items):
            value, item_problems = _convert(item, struct, f"{origin}: {_label(item, index, _SINGULAR[key])}")
            problems += item_problems
            if value is not None:
                good.append(value)
                if key == "events":
                    positions.append(index)
        # A list with a bad entry cannot be trusted for references: check none rather than report false ones.
        converted[key] = good if len(good) == len(items) or key == "events" else None
    dataset = Dataset(
        events=converted["events"] or [],
        countries=converted["countries"],
        projects=converted["projects"],
        races=converted["races"] or [],
    )
    return dataset, _numbered(origin, positions), problems
