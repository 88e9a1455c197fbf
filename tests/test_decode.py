"""decode.py reads msgspec's error messages (the version pinned in pyproject.toml): these hold it to their wording."""

from __future__ import annotations

import msgspec
import pytest

from spacefilm import decode
from spacefilm.model import Dataset, Event
from spacefilm.read import DataError

TYPED = Dataset | list[Event]


def error_of(data: bytes) -> Exception:
    with pytest.raises(msgspec.DecodeError) as raised:  # (a ValidationError is a DecodeError)
        msgspec.json.decode(data, type=TYPED)
    return raised.value


def test_a_syntax_error_names_its_byte() -> None:
    message = str(error_of(b'{"events": []} x')).removeprefix("JSON is malformed: ")
    match = decode._compiled(decode._AT_BYTE).search(message)
    assert match is not None and message[: match.start()].strip() == "trailing characters"
    assert int(match.group(1)) == 16  # (msgspec counts trailing characters from one past the first: the x is 15)


def test_a_type_error_names_its_path() -> None:
    match = decode._compiled(decode._AT_PATH).match(str(error_of(b'{"events": [{"id": 1}]}')).replace("`", ""))
    assert match is not None and match.groups() == ("Expected str, got int", ".events[0].id")


def test_truncation_has_its_own_message() -> None:
    assert str(error_of(b'[{"id": "a"')) == "Input data was truncated"


def test_the_one_length_bound_has_its_message() -> None:
    sources = next(f.type for f in msgspec.structs.fields(Event) if f.name == "sources")
    with pytest.raises(msgspec.ValidationError) as raised:
        msgspec.convert([], sources)
    assert str(raised.value).replace("`", "") == "Expected array of length >= 1"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"events": [1,]}', "data.json:1:15: trailing comma in array"),
        (b'{"events": [\n{"id": "a"', "data.json:2:11: the JSON ends early (truncated)"),
        (b'{"events": [NaN]}', "data.json:1:13: NaN and Infinity are not JSON (use null, or a string)"),
        (b'{"events": [{"id": "\xff"}]}', "data.json:1:21: not valid UTF-8 (byte 0xff)"),
    ],
)
def test_problems_read_as_file_line_column(data: bytes, expected: str) -> None:
    with pytest.raises(DataError) as raised:
        decode.decode(data, "data.json")
    assert raised.value.problems == [expected]
