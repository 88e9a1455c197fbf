"""One reader: a dataset with one fault, in any layout, at any size, gives the same answer or the same problems.

Each generated dataset holds one fault (or none): a rule of checks.py broken by one event or one declared name, a
type, a key given twice, a syntax error. It is written in every layout people use, and read as one slice (a small
file) and cut into slices of a few events (a big file: the size from which a file is cut is lowered to a byte, as
stream.STREAM_FROM and stream.SLICE allow), by one process and by two (the fault in either one's share), through
the three ways a command asks for data: validate, a query (timeline), and the whole catalog (list).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import event
from spacefilm.cli import cli
from spacefilm.load import decode, read, source, stream
from spacefilm.load.decode import refuse_garbage
from spacefilm.load.read import DataError
from spacefilm.query import Request
from spacefilm.render.output import inert_line

COUNTRIES = [
    {"id": "us", "name": "United States", "aliases": ["usa"]},
    {"id": "russia", "name": "Russia", "predecessor": "ussr"},
    {"id": "ussr", "name": "Soviet Union"},
]
PROJECTS = [{"id": "film", "title": "A film", "country": "us"}, {"id": "other", "title": "Another"}]
RACES = [{"id": "race", "title": "The race", "projects": ["film", "other"]}]
COUNT = 24


def events() -> list[dict[str, Any]]:
    return [
        event(f"e{i:02d}", f"20{10 + i % 15}-{1 + i % 12:02d}", country=("us", "russia")[i % 2], people=[f"P{i}"])
        | ({"project": ("film", "other")[i % 2]} if i % 3 == 0 else {})
        for i in range(COUNT)
    ]


def names() -> dict[str, Any]:
    return {"countries": json.loads(json.dumps(COUNTRIES)), "projects": PROJECTS[:], "races": RACES[:]}


def lines(items: list[Any]) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


# Each layout: the file's name and text, from the declared names and the events.
LAYOUTS: dict[str, Callable[[dict[str, Any], list[dict[str, Any]]], tuple[str, str]]] = {
    "a document, names first": lambda ns, evs: ("data.json", json.dumps({**ns, "events": evs})),
    "a document, names after the events": lambda ns, evs: ("data.json", json.dumps({"events": evs, **ns})),
    "a pretty-printed document": lambda ns, evs: ("data.json", json.dumps({**ns, "events": evs}, indent=2)),
    "an array": lambda ns, evs: ("data.json", json.dumps(evs)),
    "JSON Lines": lambda ns, evs: ("data.jsonl", lines(evs)),
    "objects one after another": lambda ns, evs: ("data.json", "".join(json.dumps(e, indent=2) + "\n" for e in evs)),
    "JSON Lines, names declared first": lambda ns, evs: ("data.jsonl", lines([ns, *evs])),
}
DECLARES = {"a document, names first", "a document, names after the events", "a pretty-printed document"}
DECLARES_IN_LINES = {"JSON Lines, names declared first"}


def set_field(name: str, value: Any) -> Callable[[dict[str, Any], list[dict[str, Any]], int], None]:
    return lambda ns, evs, at: evs[at].update({name: value})


# Faults of one event (at the position drawn), each a rule of checks.py or a type the decoder refuses.
EVENT_FAULTS: dict[str, Callable[[dict[str, Any], list[dict[str, Any]], int], None]] = {
    "a blank title": set_field("title", " "),
    "a blank id": set_field("id", ""),
    "an invalid date (Feb 30)": set_field("date", "2021-02-30"),
    "a date in words": set_field("date", "Oct 2021"),
    "an empty date": set_field("date", ""),
    "a derived field that disagrees": set_field("earliest", "1999-01-01"),
    "a derived field that agrees": lambda ns, evs, at: evs[at].update(earliest=None),  # (no fault: given as null)
    "an id used twice": lambda ns, evs, at: evs[at].update(id=evs[(at + 1) % COUNT]["id"]),
    "ids that differ only in case": lambda ns, evs, at: evs[at].update(id=evs[(at + 5) % COUNT]["id"].upper()),
    "a kind that does not exist": set_field("kind", "filmin"),
    "a status of the wrong type": set_field("status", 3),
    "no sources": set_field("sources", []),
    "an unknown field": set_field("colour", "red"),
    "a missing title": lambda ns, evs, at: evs[at].pop("title"),
    "an undeclared country": set_field("country", "mars"),
    "an undeclared project": set_field("project", "nope"),
}
# Faults of the declared names.
NAME_FAULTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "a country declared twice": lambda ns: ns["countries"].append(COUNTRIES[0]),
    "an alias that is another's id": lambda ns: ns["countries"][0]["aliases"].append("Russia"),
    "a predecessor that leads back": lambda ns: ns["countries"][2].update(predecessor="russia"),
    "a project of an undeclared country": lambda ns: ns["projects"].append({"id": "p", "title": "P", "country": "x"}),
    "a race of an undeclared project": lambda ns: ns["races"].append({"id": "r", "title": "R", "projects": ["x"]}),
}
REFERENCES = {"an undeclared country", "an undeclared project"}
FAULTLESS = {"none", "a derived field that agrees"}


def text_fault(kind: str, text: str, at: int) -> str:
    """A fault written into the text: a key given twice, or a comma missing, in event `at`."""
    title = json.dumps(f"Title of e{at:02d}")
    if kind == "a key given twice":
        changed = re.sub(rf'"title": ({re.escape(title)})', r'"title": "hidden", "title": \1', text, count=1)
    else:  # "a comma missing"
        changed = text.replace(title + ",", title, 1)
    assert changed != text
    return changed


@st.composite
def datasets(draw: st.DrawFn) -> tuple[str, bool, str, str]:
    """A dataset with one fault (or none): what it is, whether it has a fault, its file name and text."""
    layout = draw(st.sampled_from(sorted(LAYOUTS)))
    declared = layout in DECLARES or layout in DECLARES_IN_LINES
    kinds = ["none", "a key given twice", "a comma missing", *EVENT_FAULTS]
    kinds += list(NAME_FAULTS) if declared else []
    kind = draw(st.sampled_from([k for k in kinds if declared or k not in REFERENCES]))
    # Where: the first event, the last, either side of a slice's cut, in either process's share.
    at = draw(st.sampled_from([0, 1, COUNT // 2, COUNT - 2, COUNT - 1]) | st.integers(0, COUNT - 1))
    ns = names()
    evs = [{"id": e["id"], "title": e["title"], **e} for e in events()]  # (a key after the title: see text_fault)
    if kind in EVENT_FAULTS:
        EVENT_FAULTS[kind](ns, evs, at)
    elif kind in NAME_FAULTS:
        NAME_FAULTS[kind](ns)
    name, text = LAYOUTS[layout](ns if declared else {}, evs)
    if kind in ("a key given twice", "a comma missing"):
        text = text_fault(kind, text, at)
    return f"{layout}: {kind} at event {at}", kind not in FAULTLESS, name, text


@contextmanager
def reading(stream_from: int, cores: int) -> Iterator[None]:
    saved = stream.STREAM_FROM, stream.SLICE, stream._cores
    stream.STREAM_FROM, stream.SLICE, stream._cores = stream_from, 300, lambda: cores
    try:
        yield
    finally:
        stream.STREAM_FROM, stream.SLICE, stream._cores = saved


COMMANDS = [
    ["validate", "{path}"],
    ["--data", "{path}", "timeline", "--since", "2015", "--country", "russia", "--json"],
    ["--data", "{path}", "list", "countries", "--format", "csv"],
]
SIZES = {"one slice, one process": (2**62, 1), "slices, one process": (1, 1), "slices, two processes": (1, 2)}


def answers(path: Path) -> dict[str, list[tuple[int, str, str]]]:
    """What each command says, for each way of reading the file."""
    found = {}
    for size, (stream_from, cores) in SIZES.items():
        with reading(stream_from, cores):
            results = [
                CliRunner().invoke(cli, [a.format(path=path) for a in args], catch_exceptions=False)
                for args in COMMANDS
            ]
        found[size] = [(r.exit_code, r.stdout, r.stderr) for r in results]
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=datasets())
def test_one_fault_gives_the_same_answer_at_every_size(tmp_path: Path, dataset: tuple[str, bool, str, str]) -> None:
    what, faulty, name, text = dataset
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    found = answers(path)
    one = found["one slice, one process"]
    for size, said in found.items():
        assert said == one, f"{what}: {size} differs"
    validated = one[0]
    assert "Traceback" not in validated[1] + validated[2]
    assert validated[0] == (1 if faulty else 0), what
    if faulty:
        assert all(code == 1 for code, _, _ in one), what  # (every command refuses it)


BAD_DATES = ["2021-02-30", "Oct 2021", ""]


@pytest.mark.parametrize("date", BAD_DATES)
@pytest.mark.parametrize("command", [["timeline"], ["firsts"], ["chart"], ["export"], ["timeline", "--json"]])
def test_a_big_file_with_one_bad_date_gives_one_line(
    tmp_path: Path, date: str, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue: a file over the streaming threshold with one invalid date gave a KeyError traceback about half the
    time (it depended on which process read the bad slice). Every slice holds it in turn, in either process's share,
    and the answer is always the one line a small file gives."""
    evs = events()
    path = tmp_path / "big.jsonl"
    expected = None
    for at in range(0, COUNT, 3):
        faulty = [dict(e) for e in evs]
        faulty[at]["date"] = date
        path.write_text(lines(faulty), encoding="utf-8")
        with reading(2**62, 1):
            small = CliRunner().invoke(cli, ["--data", str(path), *command], catch_exceptions=False)
        for _ in range(3):
            with reading(1, 2):
                big = CliRunner().invoke(cli, ["--data", str(path), *command], catch_exceptions=False)
            assert (big.exit_code, big.stdout, big.stderr) == (small.exit_code, small.stdout, small.stderr)
        assert big.exit_code == 1
        [line] = big.stderr.splitlines()
        assert re.match(rf"Error: {re.escape(str(path))}:{at + 1}:\d+: event #{at + 1} 'e{at:02d}': date: ", line)
        expected = expected or line
    assert expected


class Endless(io.RawIOBase):
    """A pipe that never ends (`yes '['`): counts what was read from it."""

    def __init__(self, pattern: bytes) -> None:
        self.pattern = pattern
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer)
        buffer[:] = (self.pattern * (size // len(self.pattern) + 1))[:size]
        self.given += size
        return size


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (b"[\n", "<stdin>: is nested too deeply to read (more than about a thousand levels)"),
        (b'{"a":', "<stdin>: is nested too deeply to read (more than about a thousand levels)"),
        (b"x{{{", "<stdin>:1:1: "),
        (b"{{{{", "<stdin>:1:2: "),
    ],
)
def test_an_endless_stream_of_json_bytes_is_refused_at_its_first_bytes(pattern: bytes, problem: str) -> None:
    """As jq does: the first bytes decide, and what is read stays within a chunk of them."""
    endless = Endless(pattern)
    with pytest.raises(DataError) as raised:
        read._checked(io.BufferedReader(endless), "<stdin>", early=lambda text: refuse_garbage(text, "<stdin>"))
    [said] = raised.value.problems
    assert said == problem if problem.endswith(")") else said.startswith(problem) and len(said) > len(problem)
    assert endless.given <= read.EARLY + 2 * read.CHUNK


def test_white_space_before_a_stream_is_not_held() -> None:
    """Leading white space is read and dropped (its line breaks kept, so lines are still counted right)."""
    spaces = io.BytesIO(b" " * (5 * read.CHUNK) + b"\n\n  " + b'{"events": []}')
    text = read._checked(spaces, "<stdin>")
    assert text == b"\n\n  " + b'{"events": []}'


@pytest.mark.parametrize(
    ("start", "problem"),
    [
        (b"x", ":1:1: invalid character"),
        (b"{", ":1:2: "),
        (b'{"events": [', ": is nested too deeply to read (more than about a thousand levels)"),
    ],
)
def test_a_big_file_of_garbage_is_refused_having_read_its_beginning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: bytes, problem: str
) -> None:
    """A file of `x{{{`, `{{{{`, or nesting (a gibibyte in the issue; eight mebibytes here) is refused from its first
    bytes: no read of more than a chunk, and not the whole file."""
    path = tmp_path / "garbage.json"
    path.write_bytes(start + (b"{" if start != b'{"events": [' else b"[") * (8 * 2**20))
    monkeypatch.setattr(stream, "STREAM_FROM", 2**20)
    reads: list[int] = []
    original = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, size, at: reads.append(size) or original(fd, size, at))
    monkeypatch.setattr(stream, "diagnose", lambda *args: pytest.fail("the file was read whole"))
    result = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{path}{problem}")
    assert sum(reads) <= read.CHUNK + stream._BEGINNING


def test_a_big_file_of_white_space_is_empty_read_a_window_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "spaces.json"
    path.write_bytes(b" \n" * 2**21)
    monkeypatch.setattr(stream, "STREAM_FROM", 2**20)
    monkeypatch.setattr(read, "CHUNK", 2**16)
    reads: list[int] = []
    original = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, size, at: reads.append(size) or original(fd, size, at))
    result = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
    assert result.stdout == f"{path}: is empty; a dataset is a JSON object with an `events` list\n"
    assert max(reads) <= 2**16 and sum(reads) == 2**22


STEPS = {"read": 0, "decode": 1, "keys": 1, "checks": 2, "dates": 2, "query": 3, "model": 3}
UTILITIES = {"keep_until_exit", "collector_paused", "close"}  # (memory, and the file closed: not a step)


@pytest.mark.parametrize("layout", ["a document, names first", "JSON Lines", "JSON Lines, names declared first"])
@pytest.mark.parametrize("stream_from", [1, 2**62])
def test_following_the_path_each_batch_goes_read_decode_check_select(
    tmp_path: Path, layout: str, stream_from: int
) -> None:
    """source.select(path) hands the path to the one reader (stream.load), which opens and cuts the text, then takes
    each slice through read → decode → check → select, each step once and in order, never back to an earlier one;
    then the whole (the document's own keys, ids, names, the query) is checked and selected in the same order."""
    name, text = LAYOUTS[layout](names(), events())
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    segments: list[list[int]] = [[]]
    marks = {stream._Reader.read.__code__: ("call", "return"), stream._whole.__code__: ("call",)}

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event in marks.get(frame.f_code, ()):
            segments.append([])  # (a slice begins or ends; the whole begins)
            return
        caller = frame.f_back.f_globals.get("__name__") if frame.f_back is not None else None
        module = frame.f_globals.get("__name__", "").rpartition(".")[2]
        stepped = event == "call" and caller == "spacefilm.load.stream" and module in STEPS
        if stepped and frame.f_code.co_name not in UTILITIES:
            segments[-1].append(STEPS[module])

    with reading(stream_from, 1):
        sys.setprofile(profile)
        try:
            found = source.select(path, Request(countries=("us",), since=None))
        finally:
            sys.setprofile(None)
    assert len(found.events) == COUNT // 2
    prologue, *slices, whole = segments
    # Each slice, and what follows it (the first's: the query resolved from the names it gave, and what it selects).
    batches = [inside + after for inside, after in zip(slices[::2], slices[1::2], strict=True)]
    assert len(batches) > (2 if stream_from == 1 else 0)
    # Before the first slice: the text opened and cut (reading and the layout's syntax: where its values end).
    assert prologue[0] == STEPS["read"] and set(prologue) <= {STEPS["read"], STEPS["decode"], STEPS["checks"]}
    for steps in [*batches, whole]:
        assert steps == sorted(steps), steps  # never back to an earlier step
    for steps in batches:
        assert [step for step, _ in itertools.groupby(steps)][:3] == [0, 1, 2]  # read, decode, check: once each
    assert whole and whole[-1] == STEPS["query"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    layout=st.sampled_from(["a pretty-printed document", "an array", "JSON Lines", "objects one after another"]),
    position=st.floats(min_value=0, max_value=1),
    junk=st.sampled_from([b"x", b"}", b"{", b"]", b",", b'"', b"tru", b" 1", b"\\", b":", b"[" * 1200, b"\n"]),
    piped=st.booleans(),
)
def test_what_the_first_bytes_refuse_is_what_the_whole_text_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, position: float, junk: bytes, piped: bool
) -> None:
    """A fault within the first bytes, refused there (decode.refuse_garbage, the beginning made small here), reads
    as decode.diagnose words it reading the whole text: the first bytes decide only what the whole would say."""
    monkeypatch.setattr(stream, "_BEGINNING", 2048)
    monkeypatch.setattr(read, "EARLY", 2048)
    monkeypatch.setattr(read, "CHUNK", 512)
    name, text = LAYOUTS[layout](names(), events())
    data = text.encode()
    at = int(position * 2048)
    faulty = data[:at] + junk + data[at:]
    path = tmp_path / name
    path.write_bytes(faulty)
    origin = "<stdin>" if piped else str(path)
    args = ["--data", "-", "timeline"] if piped else ["--data", str(path), "timeline"]
    with reading(1, 1):
        result = CliRunner().invoke(cli, args, input=faulty if piped else None, catch_exceptions=False)
    problems = decode.diagnose(faulty, origin).problems
    if not problems:
        assert result.exit_code == 0
        return
    said = [line.removeprefix("Error: ") for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert result.exit_code == 1
    assert said == [inert_line(problem) for problem in problems[:20]]  # (the first 20, made inert for a terminal)


HOSTILE = Path(__file__).parent / "hostile"
HOSTILE_COMMANDS = [
    ["validate", "{path}"],
    ["--data", "{path}", "timeline", "--json"],
    ["--data", "{path}", "timeline", "--format", "csv"],
    ["--data", "{path}", "firsts", "--json"],
    ["--data", "{path}", "list", "countries", "--format", "csv"],
    ["--data", "{path}", "export"],
]


@pytest.mark.parametrize("name", sorted(path.name for path in HOSTILE.iterdir()))
def test_every_hostile_file_reads_the_same_in_one_slice_or_many(name: str) -> None:
    """The hostile corpus (tests/hostile/) through the one reader: read as one slice by one process, and in slices of
    300 bytes by two, every command gives the same bytes, the same problems and the same exit status."""
    path = str(HOSTILE / name)
    for command in HOSTILE_COMMANDS:
        args = [arg.format(path=path) for arg in command]
        answers = []
        for stream_from, cores in ((2**62, 1), (1, 1), (1, 2)):
            with reading(stream_from, cores):
                result = CliRunner().invoke(cli, args, catch_exceptions=False)
            answers.append((result.exit_code, result.stdout, result.stderr))
        assert answers[0] == answers[1] == answers[2], (name, command)
        assert answers[0][0] in (0, 1, 2)
