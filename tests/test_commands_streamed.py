"""Every command that reads a dataset reads it through the one reader, keeping only what it shows (issue 31): read
in slices of a few events, by one process or two, each answers exactly as it does on the file read as one slice,
whatever the layout; its errors too."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from spacefilm.cli import cli
from spacefilm.load import stream
from spacefilm.model import Event
from spacefilm.problems import Closest

# What a person would type, right and wrong: every command that reads events, in the formats it has.
COMMANDS = [
    ["show", "challenge-iss-shoot"],
    ["show", "CHALLENGE-ISS-SHOOT", "--json"],
    ["show", "challenge-iss-shot"],  # a typo: the ids close to it
    ["show", "cruise"],  # part of ids: the earliest that hold it
    ["show", "zzzz"],
    ["list", "countries"],
    ["list", "projects", "--format", "csv"],
    ["list", "kinds", "--json"],
    ["list", "races"],
    ["list", "people", "--format", "markdown"],
    ["compare", "us", "russia"],
    ["compare", "russia", "usa", "--json"],
    ["compare", "us", "ussr", "--project", "the-dream-is-alive"],
    ["compare", "the-challenge", "cruise-iss-film", "--format", "markdown"],
    ["compare", "japan", "china", "--format", "csv"],
    ["compare", "us", "nowhere"],
    ["compare", "us", "the-challenge"],
    ["firsts"],
    ["firsts", "--country", "russia", "--json"],
    ["firsts", "--search", "feature", "--reverse", "--limit", "1"],
    ["timeline"],
    ["timeline", "--format", "markdown", "--reverse"],
    ["timeline", "--search", "iss", "--limit", "3"],
    ["timeline", "--format", "csv", "--search", "orbit"],
    ["timeline", "--country", "rusia"],
]


def answer(args: list[str]) -> tuple[int, str, str]:
    result: Result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built-in dataset as a document, as JSON Lines (a line of names first), and as events only."""
    folder = tmp_path_factory.mktemp("layouts")
    paths = {}
    for name, args in (
        ("document.json", ["export"]),
        ("names-first.jsonl", ["export", "--format", "jsonl"]),
        ("events.jsonl", ["timeline", "--format", "jsonl"]),
    ):
        paths[name] = folder / name
        paths[name].write_bytes(CliRunner().invoke(cli, args, catch_exceptions=False).stdout_bytes)
    return paths


@pytest.mark.parametrize("layout", ["document.json", "names-first.jsonl", "events.jsonl"])
@pytest.mark.parametrize("cores", [1, 2])
def test_every_command_answers_the_same_read_in_slices(
    layouts: dict[str, Path], layout: str, cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(layouts[layout])
    whole = [answer(["--data", path, *command]) for command in COMMANDS]
    assert whole[0][0] == 0 and whole[0][1]  # (the file is a dataset: show finds its event)
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 600)
    monkeypatch.setattr(stream, "_cores", lambda: cores)
    for command, expected in zip(COMMANDS, whole, strict=True):
        assert answer(["--data", path, *command]) == expected, command


def test_show_reads_standard_input_once(layouts: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """An id that names no event is answered with the ids close to it from the one reading of standard input."""
    data = layouts["names-first.jsonl"].read_text(encoding="utf-8")
    expected = answer(["--data", str(layouts["names-first.jsonl"]), "show", "challenge-iss-shot"])
    assert expected[0] == 2 and "Did you mean 'challenge-iss-shoot'" in expected[2]
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 600)
    piped = CliRunner().invoke(cli, ["--data", "-", "show", "challenge-iss-shot"], input=data, catch_exceptions=False)
    assert (piped.exit_code, piped.stdout, piped.stderr) == expected


@pytest.mark.parametrize("typed", ["challenge-iss-shot", "Challenge-ISS-Shoot"])
def test_show_reads_a_file_once(typed: str, layouts: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The event an id names, or, when it names none, the ids close to it, from one reading of the file (by two
    processes, a slice at a time): a second reading cost a second at 300,000 events."""
    reads = []
    load = stream.load

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(args)
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stream, "load", counted)
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 600)
    monkeypatch.setattr(stream, "_cores", lambda: 2)
    code, out, err = answer(["--data", str(layouts["names-first.jsonl"]), "show", typed])
    assert len(reads) == 1
    if typed == "challenge-iss-shot":
        assert (code, out) == (2, "")
        assert "unknown event id 'challenge-iss-shot'. Did you mean 'challenge-iss-shoot'?" in err
    else:
        assert code == 0 and "challenge-iss-shoot" in out.splitlines()[1] and err == ""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("ab-1x\x00", min_size=1, max_size=9), unique=True, max_size=60),
    st.text("ab-1x\x00", max_size=9),
    st.integers(1, 20),
)
def test_the_closest_ids_of_slices_are_the_closest_of_all(names: list[str], key: str, size: int) -> None:
    """The ids close to one typed are found a slice at a time, matching only those that could be among the best:
    the best are difflib's best of all, and each is kept from its slice."""
    closest, kept = Closest(key), set()
    for start in range(0, len(names), size):
        kept.update(closest.add(names[start : start + size]))
    best = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
    assert [name for _, name in closest.best] == best
    assert kept >= set(best)


def whole(event: Event) -> bool:
    return bool(event.sources and event.sources[0].title)


# What each command keeps of each event it keeps, and of which events.
KEPT: dict[str, Callable[[Event], bool]] = {
    "show": lambda e: e.id == "challenge-iss-shoot" and whole(e),
    "compare": lambda e: whole(e)
    and (e.project is not None or (e.country in ("us", "russia", "ussr") and e.kind in ("filming", "precedent"))),
    "firsts": lambda e: whole(e) and any(c.is_first for c in e.claims),
    "timeline": lambda e: e.title != "" and not whole(e) and e.summary is None and not e.people,
}


def test_a_table_to_a_terminal_keeps_only_the_fields_it_shows(
    layouts: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table fitted to a width keeps the events (its layout needs them all), but only the fields it shows."""
    path = str(layouts["document.json"])
    every = answer(["--data", path, "timeline", "--format", "jsonl"])[1].splitlines()
    kept: list[Event] = []
    original = stream._Reader._keep

    def keep(self: stream._Reader, events: list[Event]) -> None:
        before = len(self.kept)
        original(self, events)
        kept.extend(self.kept[before:])

    monkeypatch.setattr(stream._Reader, "_keep", keep)
    monkeypatch.setenv("COLUMNS", "100")
    assert answer(["--data", path, "timeline"])[0] == 0
    assert len(kept) == len(every) and all(map(KEPT["timeline"], kept))


@pytest.mark.parametrize(
    "command",
    [["show", "challenge-iss-shoot"], ["list", "kinds"], ["compare", "us", "russia"], ["firsts"], ["timeline"]],
)
def test_what_a_command_keeps_of_a_dataset(
    command: list[str], layouts: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """show keeps one event, compare its projects' events and the sides' filming in orbit, firsts the events that
    claim one, a table of events written to a pipe their rows, list none: never every event whole."""
    path = str(layouts["document.json"])
    every = answer(["--data", path, "timeline", "--format", "jsonl"])[1].splitlines()
    kept: list[Event] = []
    made: list[object] = []
    original = stream._Reader._keep

    def keep(self: stream._Reader, events: list[Event]) -> None:
        before, rows = len(self.kept), len(self.made)
        original(self, events)
        kept.extend(self.kept[before:])
        made.extend(self.made[rows:])

    monkeypatch.setattr(stream._Reader, "_keep", keep)
    assert answer(["--data", path, *command])[0] == 0
    if command[0] in ("list", "timeline"):
        # (list: the events of each kind are counted as they are read; a table to a pipe: each one's row is made)
        assert kept == [] and len(made) == (len(every) if command[0] == "timeline" else 0)
        return
    assert kept and all(map(KEPT[command[0]], kept)) and not made
    assert len(kept) < len(every)


def test_timelinejs_written_in_parts_is_the_document() -> None:
    """A few slides at a time (at 300,000 events, the slides at once took a gigabyte), the same bytes."""
    import msgspec

    from spacefilm.load.source import catalog
    from spacefilm.render.timelinejs import timelinejs_document, timelinejs_parts

    names = catalog()
    for events in (names.events, names.events[:1], []):
        whole = msgspec.json.encode(timelinejs_document(names, events)) + b"\n"
        assert b"".join(timelinejs_parts(names, events, part=3)) == whole
        assert (b'"eras":' in whole) == (events == names.events)  # (the built-in race is an era of every event)


@pytest.mark.parametrize("layout", ["json", "jsonl"])
def test_an_export_written_in_parts_is_the_same_bytes(layout: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from spacefilm.load import source

    for args in (["export"], ["export", "--country", "russia"], ["export", "--search", "nothing-has-this"]):
        whole = CliRunner().invoke(cli, [*args, "--format", layout], catch_exceptions=False).stdout_bytes
        with monkeypatch.context() as patched:
            patched.setattr(source, "_PART", 2)
            parts = CliRunner().invoke(cli, [*args, "--format", layout], catch_exceptions=False).stdout_bytes
        assert parts == whole and whole.endswith(b"\n"), args
