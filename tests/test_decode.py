"""No answer depends on msgspec's wording: each form of message decode.py reads, and a form it does not know, give
the same file:line:col (tests/test_layouts.py and test_loader.py read real files with the installed msgspec)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
import pytest

from spacefilm.load import decode
from spacefilm.model import Event
from spacefilm.problems import field_name

BROKEN = [
    (b'{"events": [1,]}', "data.json:1:15: "),
    (b'{"events": [\n{"id": "a"', "data.json:2:11: the JSON ends early (truncated)"),
    (b'{"events": [\n{"id": "a', "data.json:2:10: the JSON ends early (truncated)"),
    (b'{"events": [NaN]}', "data.json:1:13: NaN and Infinity are not JSON (use null, or a string)"),
    (b'{"events": [-Infinity]}', "data.json:1:13: NaN and Infinity are not JSON (use null, or a string)"),
    (b'{"events": [{"id": "\xff"}]}', "data.json:1:21: not valid UTF-8 (byte 0xff)"),
    (b'{"events": [{"id": "ok\xc3"}]}', "data.json:1:23: not valid UTF-8 (byte 0xc3)"),
    (b'{"events": [{"id": "caf\xc3\xa9"}, 1,]}\n', "data.json:1:32: "),  # (columns count bytes)
    (b'{"events": []} x', "data.json:1:16: more text after the end of the JSON value"),
    # Numbers past what Python reads (an int of more than 4,300 digits; a float past its range): placed, not a crash.
    (b'{"events": [' + b"1" * 4301 + b"]}", "data.json:1:13: a number too large to read"),
    (b'{"events": [{"id": "a", "x": -' + b"9" * 5000 + b"}]}", "data.json:1:30: a number too large to read"),
    (b'{"events": [\n{"id": 1e999}]}', "data.json:2:8: a number too large to read"),
]


@pytest.mark.parametrize(("data", "expected"), BROKEN)
def test_problems_read_as_file_line_column(data: bytes, expected: str) -> None:
    """With the installed msgspec: our own words in full; where the words are msgspec's, their place."""
    [problem] = decode.diagnose(data, "data.json").problems
    assert problem == expected if not expected.endswith(": ") else problem.startswith(expected)
    assert len(problem) > len("data.json:1:1: ")


# The forms msgspec has used for the same problems: each must give the same answer, and so must words we never saw.
UTF8 = "data.json:1:21: not valid UTF-8 (byte 0xff)"
NAN = "data.json:1:13: NaN and Infinity are not JSON (use null, or a string)"
FORMS = {
    b'{"events": [1,]}': [
        (
            msgspec.DecodeError("JSON is malformed: trailing comma in array (byte 14)"),
            "data.json:1:15: trailing comma in array",
        ),
        (msgspec.DecodeError("a new wording, and no byte"), "data.json:1:15: a new wording, and no byte"),
        (msgspec.DecodeError(""), "data.json:1:15: Expecting value"),
    ],
    b'{"events": [{"id": "\xff"}]}': [
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), UTF8),
        (msgspec.DecodeError("Invalid UTF-8 encoded string"), UTF8),
        (msgspec.DecodeError("JSON is malformed: invalid character (byte 20)"), UTF8),
        (msgspec.DecodeError("words we never saw"), UTF8),
    ],
    b'{"events": [\n{"id": "a"': [
        (msgspec.DecodeError("Input data was truncated"), "data.json:2:11: the JSON ends early (truncated)"),
        (msgspec.DecodeError("unexpected end"), "data.json:2:11: the JSON ends early (truncated)"),
    ],
    b'{"events": [NaN]}': [
        (msgspec.DecodeError("JSON is malformed: invalid character (byte 12)"), NAN),
        (msgspec.DecodeError("no number like that"), NAN),
    ],
    b'{"events": [1, 2e400]}': [
        (msgspec.DecodeError("Number out of range - at `$[0]`"), "data.json:1:16: a number too large to read"),
        (msgspec.DecodeError("words we never saw"), "data.json:1:16: a number too large to read"),
    ],
}


@pytest.mark.parametrize(
    ("data", "error", "expected"), [(data, *form) for data, forms in FORMS.items() for form in forms]
)
def test_every_message_form_names_the_same_place(data: bytes, error: Exception, expected: str) -> None:
    assert decode._syntax_problem(error, data, "data.json") == expected


def test_a_piece_of_a_sequence_is_placed_in_the_whole_file() -> None:
    data = b'{"id": "a"}\n{"id": 1,}\n'
    error = msgspec.DecodeError("some words")
    assert decode._syntax_problem(error, data, "data.jsonl", 12, 22) == "data.jsonl:2:10: some words"


@pytest.mark.parametrize("words", ["JSON is malformed: trailing characters (byte 12)", "new words (byte 3)", "none"])
def test_objects_one_after_another_are_told_by_their_shape_not_the_words(words: str) -> None:
    data = b'{\n  "id": "a"\n}\n{\n  "id": "b"\n}\n'
    assert isinstance(decode._not_a_document(msgspec.DecodeError(words), data, "d.json"), decode._Sequence)


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (1, str, "expected a string, got a number"),
        (True, str | None, "expected a string or null, got a boolean"),
        ("weekly", Literal["day", "month"] | None, "'weekly' is not a precision; the precisions are day, month"),
        ([], Annotated[tuple[str, ...], msgspec.Meta(min_length=1)], "needs at least one precision"),
        ({}, tuple[str, ...], "expected an array, got an object"),
        (["a", 2], list[str], "[1]: expected a string, got a number"),
        ("x", Event, "expected an object, got a string"),
        (1.5, int, "expected an integer, got a number"),
        (False, int | None, "expected an integer or null, got a boolean"),
    ],
)
def test_type_problems_are_in_our_own_words(value: object, kind: object, expected: str) -> None:
    """Whatever the type of a field (and whatever msgspec would say), the problem is worded here."""
    found = [
        (field_name(path[1:]) + ": " if path[1:] else "") + message + (f"; {fix}" if fix else "")
        for path, message, fix in decode._value_problems(value, kind, ("precision",), "precision")
    ]
    assert found == [expected]


def test_a_type_error_in_a_real_file_names_event_and_field() -> None:
    problems = decode.diagnose(b'{"events": [{"id": "a", "title": 1}]}', "data.json").problems
    assert "data.json:1:25: event #1 'a': title: expected a string, got a number" in problems
