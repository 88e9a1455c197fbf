"""Where each problem is in its file: the line and column of the object it names, and of its field in that object.

Found only once there is a problem (a sound file is never scanned): where each object of the dataset's lists starts
(for a JSON document, by one scan of its brackets outside strings; for a sequence, by its pieces: decode.py says),
then, for each problem, its field within its object.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

import msgspec

from ..problems import SECTIONS, Problem, Step, ordered

Starts = dict[str, list[int]]  # the offset where each object of each list starts, in the file's order

# A string (skipped whole) or a byte of structure.
_TOKEN = rb'"(?:[^"\\]|\\.)*"|[\[\]{},:]'
_STRING = rb'"(?:[^"\\]|\\.)*"'
_NOT_SPACE = rb"[^ \t\n\r]"
_compiled = cache(re.compile)


class Locator:
    """Gives problems their line and column, and an event found by a check its place in the file.

    `numbers`: the place (from 1) in the file of each event that was read, when some could not be (None: every one
    was). `starts`: where the objects start, found when first needed.
    """

    def __init__(
        self,
        data: bytes | None = None,
        starts: Callable[[], Starts] | None = None,
        numbers: Sequence[int] | None = None,
    ) -> None:
        self.data = data
        self._find = starts
        self._starts: Starts | None = None
        self.numbers = numbers

    def __call__(self, problems: Iterable[str]) -> list[str]:
        """The problems located, in the order they are listed (problems.ordered)."""
        placed = [self._numbered(p) if isinstance(p, Problem) else p for p in problems]
        if self.data is not None and self._find is not None and any(isinstance(p, Problem) for p in placed):
            placed = self._positioned(placed)
        return ordered(placed)

    def _numbered(self, problem: Problem) -> Problem:
        if problem.at is None or problem.section != "events" or self.numbers is None:
            return problem
        return problem.evolve(number=self.numbers[problem.at], at=None)

    def _positioned(self, problems: list[str]) -> list[str]:
        assert self.data is not None and self._find is not None
        if self._starts is None:
            self._starts = self._find()
        offsets: dict[int, int] = {}  # problem's place in the list -> offset
        scanned: dict[int, Members | None] = {}  # (each object and list scanned once, however many problems it has)
        for at, problem in enumerate(problems):
            if not isinstance(problem, Problem) or problem.line is not None:
                continue  # (a problem of the text says where it is)
            if problem.section is None:
                objects, number = (self._starts.get("", []) if problem.path else []), 1  # (a key of the file's object)
            else:
                objects, number = self._starts.get(problem.section, []), problem.number or 0
            if not 0 < number <= len(objects):
                continue
            start = objects[number - 1]
            offset = field_at(self.data, start, problem.path, scanned) if problem.path else None
            offsets[at] = start if offset is None else offset
        positions = line_columns(self.data, sorted(set(offsets.values())))
        return [
            problem.evolve(line=positions[offsets[at]][0], column=positions[offsets[at]][1])
            if at in offsets and isinstance(problem, Problem)
            else problem
            for at, problem in enumerate(problems)
        ]


def line_columns(data: bytes, offsets: Sequence[int]) -> dict[int, tuple[int, int]]:
    """The line and column (from 1; a column counts bytes) of each offset, given in order: one pass over the data."""
    found: dict[int, tuple[int, int]] = {}
    line, at = 1, 0
    raw = data
    for offset in offsets:
        line += raw.count(b"\n", at, offset)
        at = offset
        found[offset] = (line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1)
    return found


def document_starts(data: bytes, start: int = 0, end: int | None = None) -> Starts:
    """Where each object of the lists of a JSON document (data[start:end], valid JSON) starts: the lists of an
    object (`{"events": [...], "countries": [...]}`), or the events of an array.

    Found from the length of each value, read at C speed (msgspec.Raw keeps a value's bytes as they are written),
    which leaves a pass in Python over the values of the lists only; a document that is not what that expects (a key
    given twice in its object) is scanned, bracket by bracket.
    """
    try:
        return _starts_by_length(data, start, len(data) if end is None else end)
    except _Unexpected:
        return _starts_by_scan(data, start, end)


class _Unexpected(Exception):
    """The text is not where the lengths of the values put it."""


def _starts_by_length(data: bytes, start: int, end: int) -> Starts:
    text = data if (start, end) == (0, len(data)) else data[start:end]
    top = msgspec.json.decode(text, type=dict[str, msgspec.Raw] | list[msgspec.Raw])
    starts: Starts = {section: [] for section in SECTIONS}
    at = _after_space(data, start)
    starts[""] = [at]
    if isinstance(top, list):
        _elements(data, at, top, starts["events"])
        return starts
    at = _after_space(data, at + 1)
    string = _compiled(_STRING)
    while data[at : at + 1] == b'"':
        key = string.match(data, at)
        if key is None:
            raise _Unexpected
        at = _after_space(data, key.end())
        if data[at : at + 1] != b":":
            raise _Unexpected
        at = _after_space(data, at + 1)
        value = top.get(_key(key.group()))
        if value is None:
            raise _Unexpected
        if _key(key.group()) in SECTIONS and data[at : at + 1] == b"[":
            _elements(data, at, msgspec.json.decode(value, type=list[msgspec.Raw]), starts[_key(key.group())])
        at = _after_space(data, at + len(memoryview(value)))
        if data[at : at + 1] == b",":
            at = _after_space(data, at + 1)
        elif data[at : at + 1] != b"}":
            raise _Unexpected
    if data[at : at + 1] != b"}":
        raise _Unexpected
    return starts


def _elements(data: bytes, at: int, items: list[Any], found: list[int]) -> None:
    """The start of each element of the list at `at`, from their lengths."""
    at = _after_space(data, at + 1)
    for item in items:
        found.append(at)
        at = _after_space(data, at + len(memoryview(item)))
        if data[at : at + 1] == b",":
            at = _after_space(data, at + 1)
    if data[at : at + 1] != b"]":
        raise _Unexpected


def _after_space(data: bytes, at: int) -> int:
    match = _compiled(_NOT_SPACE).search(data, at)
    if match is None:
        raise _Unexpected
    return match.start()


def _starts_by_scan(data: bytes, start: int = 0, end: int | None = None) -> Starts:
    raw = data
    end = len(raw) if end is None else end
    starts: Starts = {section: [] for section in SECTIONS}
    first = _compiled(_NOT_SPACE).search(raw, start, end)
    starts[""] = [first.start()] if first is not None else []  # the document's own object
    depth, key, current, inside = 0, "", None, 0  # current: the list being read, at depth `inside`
    not_space = _compiled(_NOT_SPACE)
    for match in _compiled(_TOKEN).finditer(raw, start, end):
        char = raw[match.start()]
        if char == ord('"'):
            if depth == 1:
                key = _key(match.group())
            continue
        if char in b"[{":
            depth += 1
            if char == ord("[") and (depth == 1 or (depth == 2 and key in starts)):
                current, inside = ("events" if depth == 1 else key), depth
                _element(raw, match.end(), end, starts[current], not_space)
        elif char in b"]}":
            if depth == inside:
                current = None
            depth -= 1
        elif char == ord(",") and current is not None and depth == inside:
            _element(raw, match.end(), end, starts[current], not_space)
    return starts


def _element(data: bytes, after: int, end: int, found: list[int], not_space: re.Pattern[bytes]) -> None:
    """The start of the element after `[` or `,` (none before a `]`)."""
    match = not_space.search(data, after, end)
    if match is not None and data[match.start()] != ord("]"):
        found.append(match.start())


def _key(token: bytes) -> str:
    try:
        value = msgspec.json.decode(token)
    except msgspec.DecodeError:
        return ""
    return value if isinstance(value, str) else ""


# What a container holds, scanned once (many problems in one object are placed without scanning it again each):
# an object's keys (the last given of each: the one read) with where each is named and where its value starts; or a
# list's elements, where each starts.
Members = dict[str, tuple[int, int | None]] | list[int]


def field_at(data: bytes, start: int, path: Sequence[Step], scanned: dict[int, Members | None]) -> int | None:
    """Where the field at `path` is in the object at `start`: its key (the last one given, which is the one read),
    or, for an element of a list, the element. None if it is not there (a field that is missing). `scanned`: the
    containers of this text scanned so far, kept for the next call."""
    at: int | None = start
    found: int | None = None
    for step in path:
        if at is None:
            return None
        if at not in scanned:
            scanned[at] = _members(data, at)
        members = scanned[at]
        if isinstance(step, int):
            at = found = members[step] if isinstance(members, list) and step < len(members) else None
        else:
            found, at = members.get(step, (None, None)) if isinstance(members, dict) else (None, None)
    return found


def _members(data: bytes, start: int) -> Members | None:
    """The members of the object or list at `start` (None: neither starts there)."""
    opening = data[start : start + 1]
    if opening not in (b"[", b"{"):
        return None
    not_space = _compiled(_NOT_SPACE)
    keys: dict[str, tuple[int, int | None]] = {}
    elements: list[int] = []
    depth, expecting_key = 0, False
    last_key: tuple[str, int] | None = None
    for match in _compiled(_TOKEN).finditer(data, start):
        char = data[match.start()]
        if char == ord('"'):
            if depth == 1 and expecting_key:
                last_key, expecting_key = (_key(match.group()), match.start()), False
            continue
        if char == ord(":") and depth == 1 and last_key is not None:
            value = not_space.search(data, match.end())
            keys[last_key[0]] = (last_key[1], value.start() if value else None)  # (the last given: the one read)
        elif char in b"[{":
            depth += 1
            if depth == 1:
                expecting_key = True
                element = not_space.search(data, match.end())
                if element is not None and data[element.start()] != ord("]"):
                    elements.append(element.start())
        elif char in b"]}":
            depth -= 1
            if depth == 0:
                break
        elif char == ord(",") and depth == 1:
            expecting_key = True
            element = not_space.search(data, match.end())
            if element is not None:
                elements.append(element.start())
    return keys if opening == b"{" else elements
