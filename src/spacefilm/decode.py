"""Decoding a dataset's bytes into typed events: the layout sniffed (a JSON document or JSON Lines), msgspec's errors
turned into `file:line:col: message`, and, when the fast typed decode fails, every problem found field by field.

msgspec is pinned below its next major version in pyproject.toml: the messages parsed here (`_AT_BYTE`, `_AT_PATH`)
are its wording, and tests/test_decode.py checks them against the installed version.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple, NoReturn

import msgspec

from .checks import Labeller, check
from .model import Country, Dataset, Event, Project, Race
from .read import Buffer, DataError

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Duplicate keys need a second, slower parse (msgspec keeps the last silently): done for files up to this size,
# some 25,000 events, which is every dataset written by hand; past it the check costs more than the query itself.
DUPLICATE_KEY_CHECK_LIMIT = 8 * 2**20
_AT_BYTE = re.compile(r"\(byte (\d+)\)$")
_AT_PATH = re.compile(r"^(.*) - at \$(.*)$")
_NOT_SPACE = re.compile(rb"[^ \t\n\r]")  # (JSON's white space is these four; a form feed is not)
_TOP_TYPES: dict[str, Any] = {"countries": Country, "projects": Project, "races": Race}


class Decoded(NamedTuple):
    dataset: Dataset
    label: Labeller  # how to name its events in a problem
    problems: list[str]  # what decoding found that the checks cannot (keys given twice)


def decode(data: Buffer, origin: str) -> Decoded:
    """The typed dataset in `data`, or DataError with every problem found while decoding."""
    if _NOT_SPACE.search(data) is None:
        raise DataError([f"{origin}: is empty; a dataset is a JSON object with an `events` list"])
    lines = is_json_lines(data, origin)
    dataset, label = _decode_lines(data, origin) if lines else _decode(data, origin)
    problems = _duplicate_keys(bytes(data), origin, lines) if len(data) <= DUPLICATE_KEY_CHECK_LIMIT else []
    return Decoded(dataset, label, problems)


def _duplicate_keys(data: bytes, origin: str, lines: bool) -> list[str]:
    """A key given twice in one object, which a decoder would resolve silently by keeping the last."""
    import json

    found: list[str] = []
    where = origin

    def keep_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                owner = next((v for k, v in pairs if k == "id" and isinstance(v, str)), None)
                within = f" (the object with id {owner!r})" if owner is not None else ""
                found.append(f"{where}: key {key!r} appears twice in one object{within}; only the last would count")
            seen.add(key)
        return dict(pairs)

    if lines:
        for number, line in _nonblank_lines(data):
            where = f"{origin}:{number}"
            json.loads(line, object_pairs_hook=keep_pairs)
    else:
        json.loads(data, object_pairs_hook=keep_pairs)
    return found


def _line_col(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def _syntax_problem(error: Exception, buffer: Buffer, where: str) -> str:
    """A msgspec or UTF-8 decoding error as `where:line:col: message`."""
    data = bytes(buffer)
    if isinstance(error, UnicodeDecodeError):
        # msgspec's position is within the string it was reading; Python's decoder gives the file's.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as whole:
            error = whole
        return f"{where}:{_line_col(data, error.start)}: not valid UTF-8 (byte 0x{data[error.start]:02x})"
    message = str(error).removeprefix("JSON is malformed: ")
    if message == "Input data was truncated":
        return f"{where}:{_line_col(data, len(data.rstrip()))}: the JSON ends early (truncated)"
    match = _AT_BYTE.search(message)
    if match is None:
        return f"{where}: {message}"
    offset = int(match.group(1))
    if data[offset:].startswith((b"NaN", b"Infinity", b"-Infinity")):
        return f"{where}:{_line_col(data, offset)}: NaN and Infinity are not JSON (use null, or a string)"
    return f"{where}:{_line_col(data, offset)}: {message[: match.start()].strip()}"


def is_json_lines(data: Buffer, origin: str) -> bool:
    if os.path.splitext(origin)[1].lower() in JSONL_SUFFIXES:
        return True
    # A first line that is a whole JSON object, followed by more: one event a line. (No copy of a big buffer.)
    first = _NOT_SPACE.search(data)
    if first is None or data[first.start() : first.start() + 1] != b"{":
        return False
    newline = data.find(b"\n", first.start())
    if newline < 0 or _NOT_SPACE.search(data, newline) is None:
        return False
    try:
        msgspec.json.decode(data[first.start() : newline])
    except (msgspec.DecodeError, UnicodeDecodeError):
        return False
    return True


def _decode(data: Buffer, origin: str) -> tuple[Dataset, Labeller]:
    """The typed dataset (a JSON document) and how to name its events, or DataError with every problem."""
    try:
        decoded = msgspec.json.decode(data, type=Dataset | list[Event])
    except msgspec.ValidationError as error:
        _report_all(*_convert_dataset(_decode_untyped(data, origin), origin), origin, str(error))
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise DataError([_syntax_problem(error, data, origin)]) from None
    dataset = Dataset(events=decoded) if isinstance(decoded, list) else decoded
    return dataset, _numbered(origin, range(len(dataset.events)))


def _numbered(origin: str, positions: Sequence[int]) -> Labeller:
    return lambda index, event: f"{origin}: event #{positions[index] + 1} {event.id!r}"


def _on_line(origin: str, line_numbers: Sequence[int]) -> Labeller:
    return lambda index, event: f"{origin}:{line_numbers[index]}: event {event.id!r}"


def _on_counted_line(origin: str, data: Buffer) -> Labeller:
    """Names events by line, the lines counted only if a problem is found (blank lines make them differ)."""
    numbers: list[int] = []

    def label(index: int, event: Event) -> str:
        if not numbers:
            numbers.extend(number for number, _ in _nonblank_lines(bytes(data)))
        return f"{origin}:{numbers[index]}: event {event.id!r}"

    return label


def _report_all(dataset: Dataset, label: Labeller, problems: list[str], origin: str, fallback: str) -> NoReturn:
    """Type problems, then the checks a type cannot see on everything that did convert."""
    problems += check(dataset, origin, label).problems
    raise DataError(problems or [f"{origin}: {fallback}"])


def _decode_untyped(data: Buffer, origin: str) -> Any:
    try:
        return msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise DataError([_syntax_problem(error, data, origin)]) from None


def _decode_lines(buffer: Buffer, origin: str) -> tuple[Dataset, Labeller]:
    try:
        events = msgspec.json.Decoder(Event).decode_lines(buffer)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        pass
    else:
        return Dataset(events=events), _on_counted_line(origin, buffer)
    data = bytes(buffer)
    problems: list[str] = []
    events, converted_lines = [], []
    for number, line in _nonblank_lines(data):
        where = f"{origin}:{number}"
        try:
            obj = msgspec.json.decode(line)
        except (msgspec.DecodeError, UnicodeDecodeError) as error:
            problems.append(_syntax_problem(error, line, where).replace(f"{where}:1:", f"{where}:", 1))
            continue
        event, event_problems = _convert(obj, Event, f"{where}: {_label(obj, None)}")
        problems += event_problems
        if event is not None:
            events.append(event)
            converted_lines.append(number)
    _report_all(Dataset(events=events), _on_line(origin, converted_lines), problems, origin, "invalid JSON Lines")


def _nonblank_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Each line that holds something, with its number (from 1)."""
    return ((number, line) for number, line in enumerate(data.splitlines(), start=1) if line.strip())


def _label(obj: Any, index: int | None, kind: str = "event") -> str:
    position = "" if index is None else f" #{index + 1}"
    if isinstance(obj, dict) and isinstance(obj.get("id"), str):
        return f"{kind}{position} {obj['id']!r}"
    return f"{kind}{position}"


def _convert(obj: Any, struct: Any, label: str) -> tuple[Any, list[str]]:
    """Convert one object to `struct`, reporting each bad field on a line of its own."""
    if not isinstance(obj, dict):
        return None, [f"{label}: expected an object, got {_json_type(obj)}"]
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
    match = _AT_PATH.match(text)
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
            value, item_problems = _convert(item, struct, f"{origin}: {_label(item, index, key.rstrip('s'))}")
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
