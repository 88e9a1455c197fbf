"""Every layout people write a dataset in gives the same answer, and garbage is reported at its first bad byte.

A JSON document, an array, JSON Lines, objects one after another pretty-printed as `jq '.events[]'` writes them,
two objects on a line, a carriage return inside an object; standard input; devices and endless streams.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from spacefilm.cli import cli
from spacefilm.load import decode, read
from spacefilm.load.read import DataError, builtin_path
from spacefilm.model import KINDS

Run = Callable[..., Result]
EVENTS: list[dict[str, Any]] = json.loads(Path(builtin_path()).read_text(encoding="utf-8"))["events"]
LAYOUTS = {
    "compact lines": lambda evs: "\n".join(json.dumps(e, ensure_ascii=False) for e in evs) + "\n",
    "pretty objects (jq)": lambda evs: "\n".join(json.dumps(e, indent=2, ensure_ascii=False) for e in evs) + "\n",
    "two a line": lambda evs: "\n".join(" ".join(json.dumps(e) for e in evs[i : i + 2]) for i in range(0, len(evs), 2)),
    "carriage returns inside": lambda evs: "\n".join(json.dumps(e).replace(', "', ',\r"') for e in evs),
    "no line breaks at all": lambda evs: "".join(json.dumps(e) for e in evs),
    "an array": lambda evs: json.dumps(evs, indent=1),
}


def answer(run: Run, *args: str, input: str | None = None) -> tuple[int, str]:
    result = run(*args, input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".txt"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_answers_as_the_document(
    run: Run, write_dataset: Callable[..., Path], layout: str, suffix: str
) -> None:
    path = write_dataset(LAYOUTS[layout](EVENTS), name=f"data{suffix}")
    expected = answer(run, "timeline", "--json")
    assert answer(run, "--data", str(path), "timeline", "--json") == expected
    assert answer(run, "validate", str(path))[0] == 0
    assert answer(run, "--data", "-", "timeline", "--json", input=path.read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize("layout", ["compact lines", "pretty objects (jq)", "two a line"])
def test_one_fault_gets_one_line(run: Run, write_dataset: Callable[..., Path], layout: str) -> None:
    text = LAYOUTS[layout](EVENTS)
    pretty = layout == "pretty objects (jq)"
    fault = text.index('"kind": "filming"')
    line_of = lambda offset: text[:offset].count("\n") + 1  # noqa: E731
    # A missing comma is found where the next key stands (on the next line when pretty-printed); a wrong value is
    # named by the line and column of its field.
    missing_comma = text.replace('"kind": "filming",', '"kind": "filming"', 1)
    bad_kind = text.replace('"kind": "filming"', '"kind": "filmin"', 1)
    column = fault - text.rfind("\n", 0, fault)
    for broken, expected in (
        (missing_comma, f"data.jsonl:{line_of(fault) + pretty}:"),
        (bad_kind, f"data.jsonl:{line_of(fault)}:{column}: event #6 'cruise-planned-shoot': kind: "),
    ):
        code, out = answer(run, "validate", str(write_dataset(broken, name="data.jsonl")))
        assert code == 1
        [line] = out.splitlines()
        assert expected in line
        if broken is missing_comma:
            assert line.endswith("expected ',' or '}'")
        else:
            kinds = ", ".join(KINDS)
            assert line.endswith(f"kind: 'filmin' is not a kind; did you mean 'filming'? (the kinds are {kinds})")


def test_something_between_objects_is_named(run: Run, write_dataset: Callable[..., Path]) -> None:
    text = LAYOUTS["pretty objects (jq)"](EVENTS[:3])
    first_end = text.index("\n}\n") + 3
    broken = text[:first_end] + "oops\n" + text[first_end:]
    code, out = answer(run, "validate", str(write_dataset(broken, name="data.jsonl")))
    assert code == 1
    assert out.splitlines()[0].endswith(
        f"data.jsonl:{text[:first_end].count(chr(10)) + 1}:1: event #2: expected an event (a JSON object)"
    )


@pytest.mark.parametrize(
    ("garbage", "where"),
    [
        (b"\x00" * 5000, "1:1"),
        (b'{"events": [\n  {"id": "a",\x01', "2:14"),
        (b"\xff\xd8\xff\xe0 a JPEG", "1:1"),
        (b'{"events": []}\n' * 3 + b"\x1b[31m", "4:1"),
    ],
)
def test_garbage_is_reported_at_its_first_bad_byte(run: Run, garbage: bytes, where: str) -> None:
    result = CliRunner().invoke(cli, ["--data", "-", "validate"], input=garbage, catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"<stdin>:{where}: not JSON text (byte 0x")


class Endless(io.RawIOBase):
    """A device that never ends (as /dev/zero or /dev/urandom): counts what was read from it."""

    def __init__(self, byte: bytes) -> None:
        self.byte = byte
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = self.byte * len(buffer)
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("byte", [b"\x00", b"\xff", b"\x1b"])
def test_an_endless_stream_of_garbage_is_refused_in_bounded_memory(byte: bytes) -> None:
    endless = Endless(byte)
    with pytest.raises(DataError) as raised:
        read._checked(io.BufferedReader(endless), "/dev/zero")
    assert raised.value.problems[0].startswith("/dev/zero:1:1: not JSON text")
    assert endless.given <= 2 * read.CHUNK


def test_a_memory_error_is_one_line(
    run: Run, write_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_memory(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr("spacefilm.load.stream.batch_decoder", no_memory)
    result = run("validate", str(write_dataset({"events": []})))
    assert result.exit_code == 1
    assert result.stdout.endswith("too big to load in this machine's memory\n")


@given(st.binary(max_size=64), st.binary(max_size=64), st.integers(min_value=0, max_value=20))
def test_the_first_bad_utf8_byte_is_found_a_piece_at_a_time(head: bytes, tail: bytes, text: int) -> None:
    data = "é€😀".encode() * text + head + tail
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        assert decode._first_bad_utf8(data, 0, len(data)) == error.start


@pytest.mark.parametrize("text", ['{"":', '{"id": 1,', '{"title": "a"} {', '{"x": [1, 2}'])
def test_a_broken_piece_whose_first_fault_is_its_type_gets_one_line(
    run: Run, write_dataset: Callable[..., Path], text: str
) -> None:
    """The typed decode stops at the type; the untyped one must then report the syntax, not raise (found by fuzzing)."""
    code, out = answer(run, "validate", str(write_dataset(text, name="data.jsonl")))
    assert code == 1 and out.count("\n") >= 1 and "data.jsonl:1" in out
