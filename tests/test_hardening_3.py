"""The third hostile round: a user's files, terminal and streams are safe whatever the data or the command line.

Each test failed on the code before it (f090359) and holds the fix at its root: one writer for every file we create
(spacefilm/write.py), one neutralising way to a terminal (render/output.py's Output), one policy for the standard
streams (cli.main).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import stat
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import Result

from conftest import event

Run = Callable[..., Result]
HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture
def dataset(write_dataset: Callable[..., Path]) -> Path:
    return write_dataset({"events": [event("a", "2021-05-01", "us", "filming"), event("b", "2021-10", "ru")]})


@contextmanager
def umask(mask: int) -> Iterator[None]:
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


# --- One writer for every file we create -------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--svg", "--html"])
@pytest.mark.parametrize("name", ["the file", "a symlink to it", "a hard link to it"])
def test_a_picture_is_never_written_over_the_dataset_read(
    run: Run, dataset: Path, option: str, name: str, tmp_path: Path
) -> None:
    target = dataset
    if name == "a symlink to it":
        target = tmp_path / "link.json"
        target.symlink_to(dataset)
    elif name == "a hard link to it":
        target = tmp_path / "hard.json"
        os.link(dataset, target)
    before = dataset.read_bytes()
    result = run("--data", str(dataset), "chart", option, str(target))
    assert result.exit_code == 2
    assert f"{option} would write over the dataset being read" in result.stderr
    assert dataset.read_bytes() == before
    assert target.is_symlink() == (name == "a symlink to it")


def test_the_same_file_for_svg_and_html_is_a_usage_error(run: Run, dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("--data", str(dataset), "chart", "--svg", str(out), "--html", str(out))
    assert result.exit_code == 2
    assert "--svg and --html name the same file" in result.stderr
    assert not out.exists()


def test_a_symlink_is_written_through_and_stays_a_link(run: Run, dataset: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    result = run("--data", str(dataset), "chart", "--svg", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "<svg" in real.read_text()


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(run: Run, dataset: Path, tmp_path: Path, mask: int, mode: int) -> None:
    out = tmp_path / "new.html"
    with umask(mask):
        result = run("--data", str(dataset), "chart", "--html", str(out))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_an_existing_file_keeps_its_mode_and_its_hard_links(run: Run, dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    out.write_text("old")
    out.chmod(0o640)
    other = tmp_path / "published.html"
    os.link(out, other)
    result = run("--data", str(dataset), "chart", "--html", str(out))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.stat().st_nlink == 2 and os.path.samefile(out, other)
    assert other.read_text().startswith("<!DOCTYPE html>")


def test_a_file_we_may_not_write_is_left_as_it_is(
    run: Run, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only file was replaced (written beside it and renamed over it, which its folder allows) where `>`
    refuses it. (Root may write any file, as `>` does for root: the test asks the way a user's process is answered.)"""
    out = tmp_path / "published.svg"
    out.write_text("mine")
    out.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: real_access(path, mode, **kw) and path != str(out))
    result = run("--data", str(dataset), "chart", "--svg", str(out))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: cannot write '{out}': Permission denied\n")
    assert out.read_text() == "mine" and stat.S_IMODE(out.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["published.svg", dataset.name])


def test_a_fifo_is_written_in_place(run: Run, dataset: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.svg"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("--data", str(dataset), "chart", "--svg", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and b"</svg>" in received[0]


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A device that refuses every write (ENOSPC): a node of our own where we may make one, never the system's
    /dev/full, which the code before this replaced when run as root."""
    if os.geteuid() != 0:
        return Path("/dev/full")
    node = tmp_path / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    return node


def test_a_device_is_written_in_place_and_a_failure_changes_no_other_file(
    run: Run, dataset: Path, tmp_path: Path, full_device: Path
) -> None:
    svg = tmp_path / "kept.svg"
    svg.write_text("old")
    result = run("--data", str(dataset), "chart", "--svg", str(svg), "--html", str(full_device))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: cannot write '{full_device}': No space left on device\n")
    assert stat.S_ISCHR(full_device.stat().st_mode)
    assert svg.read_text() == "old"
    assert sorted(p.name for p in svg.parent.iterdir() if p.name.endswith(".part")) == []


def test_a_failed_write_leaves_no_half_written_file(
    run: Run, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "page.html"
    out.write_text("old")

    def replace_fails(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", replace_fails)
    result = run("--data", str(dataset), "chart", "--html", str(out))
    assert result.exit_code == 1
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


# --- One neutralising way to a terminal ---------------------------------------------------------------------------

ESCAPES = "\x1b]52;c;SGVsbG8=\x07\x9b31m\x9d0;title\x07\u202eevil"


def _hostile_event(**extra: object) -> dict[str, object]:
    return event("x", "2021", title=f"Title {ESCAPES}", **extra)


def _terminal_output(run: Run, path: Path, *args: str, colour: bool = True, stdout_only: bool = False) -> str:
    from click.testing import CliRunner

    from spacefilm.cli import cli
    from spacefilm.render.output import Output

    output = Output(terminal=True, colour=colour, width=80, hyperlinks=colour)
    result = CliRunner().invoke(cli, ["--data", str(path), *args], obj=output, catch_exceptions=False)
    return result.stdout if stdout_only else result.output


def _raw_controls(text: str) -> list[str]:
    """What would drive a terminal: escape sequences other than colour (SGR) and our own hyperlinks, C1 controls,
    bidirectional controls."""
    import re

    allowed = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^;\x07\x1b]*;[!-~]*\x1b\\")
    rest = allowed.sub("", text)
    return re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]", rest)


@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["timeline", "--format", "csv"],
        ["timeline", "--format", "tsv"],
        ["timeline", "--format", "markdown"],
        ["timeline", "--json"],
        ["timeline", "--format", "jsonl"],
        ["timeline", "--format", "timelinejs"],
        ["show", "x"],
        ["show", "x", "--json"],
        ["firsts", "--format", "csv"],
        ["list", "people", "--format", "tsv"],
        ["export"],
        ["chart"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("colour", [True, False], ids=["colour", "no colour"])
def test_nothing_from_data_drives_a_terminal_in_any_format(
    run: Run, write_dataset: Callable[..., Path], args: list[str], colour: bool
) -> None:
    claim = {"claim": f"first {ESCAPES}", "by": f"by {ESCAPES}"}
    path = write_dataset({"events": [_hostile_event(people=[f"P {ESCAPES}"], claims=[claim])]})
    shown = _terminal_output(run, path, *args, colour=colour)
    assert "Title" in shown or "title" in shown
    assert _raw_controls(shown) == []


def test_json_on_a_terminal_is_the_same_json_value(write_dataset: Callable[..., Path], run: Run) -> None:
    path = write_dataset({"events": [_hostile_event()]})
    shown = _terminal_output(run, path, "timeline", "--json", stdout_only=True)
    assert "\\u009b" in shown and "\\u202e" in shown
    [value] = json.loads(shown)
    assert value["title"] == f"Title {ESCAPES}"


def test_compare_markdown_verdict_reaches_a_terminal_inert(write_dataset: Callable[..., Path], run: Run) -> None:
    hostile = f"P{ESCAPES}"
    path = write_dataset(
        {
            "projects": [{"id": "p", "title": hostile}, {"id": "q", "title": "Q"}],
            "events": [
                event("a", "2021-01-01", "us", "filming", project="p"),
                event("b", "2021-05-01", "ru", "filming", project="q"),
            ],
        }
    )
    shown = _terminal_output(run, path, "compare", "p", "q", "--format", "markdown")
    assert "filming" in shown.lower()
    assert _raw_controls(shown) == []


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("https://example.org/Вызов fr", None),  # a space: shown, not linked
        ("https://example.org/Вызов", "https://example.org/%D0%92%D1%8B%D0%B7%D0%BE%D0%B2"),
        ("https://example.org/\x1b]52;c;SGVsbG8=\x07", None),
        ("https://example.org/\u202eevil", None),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
    ],
)
def test_a_hyperlink_only_for_a_clean_web_address(
    write_dataset: Callable[..., Path], run: Run, url: str, linked: str | None
) -> None:
    source = {"title": "S", "url": url}
    path = write_dataset({"events": [event("x", "2021", sources=[source])]})
    shown = _terminal_output(run, path, "show", "x")
    import re

    links = [target for target in re.findall(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\", shown) if target]
    assert links == ([linked] if linked else [])
    assert _raw_controls(shown) == []


def test_notes_and_problems_go_through_the_output_below_what_it_wrote(
    write_dataset: Callable[..., Path],
) -> None:
    import io

    from spacefilm.render.output import Output

    out, err = io.StringIO(), io.StringIO()
    output = Output(terminal=True, width=80, stream=out, err=err)
    output.write("table\n")
    output.note(f"a note {ESCAPES}\nsecond line")
    assert out.getvalue() == "table\n"
    assert err.getvalue() == "a note \\x1b]52;c;SGVsbG8=\\x07\\x9b31m\\x9d0;title\\x07\\u202eevil\nsecond line\n"


# --- Formats by registry ------------------------------------------------------------------------------------------


def test_every_format_offered_has_one_writer_and_an_unknown_format_raises() -> None:
    from spacefilm.load.source import catalog
    from spacefilm.render.formats import WRITERS, Listing, emit, register
    from spacefilm.render.output import Output
    from spacefilm.render.views import timeline
    from spacefilm.vocab import FORMATS

    assert set(FORMATS) | {"timelinejs"} <= set(WRITERS)
    view = timeline(catalog(), [])
    assert isinstance(view, Listing)
    with pytest.raises(LookupError, match="yaml"):
        emit(Output(), "yaml", view)
    with pytest.raises(ValueError, match="already"):
        register("json", WRITERS["json"].listing)


def test_a_format_named_without_a_writer_fails_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from spacefilm.load.source import catalog
    from spacefilm.render import formats
    from spacefilm.render.output import Output
    from spacefilm.render.views import timeline

    monkeypatch.delitem(formats.WRITERS, "markdown")
    with pytest.raises(LookupError, match="markdown"):
        formats.emit(Output(), "markdown", timeline(catalog(), []))


# --- One policy for the standard streams --------------------------------------------------------------------------

SPACEFILM = [sys.executable, "-m", "spacefilm"]
EVERY_COMMAND = [
    ["--help"],
    ["timeline", "--help"],
    ["timeline"],
    ["timeline", "--json"],
    ["timeline", "--format", "csv"],
    ["firsts"],
    ["show", "challenge-iss-shoot"],
    ["compare", "us", "russia"],
    ["chart"],
    ["list", "countries"],
    ["export"],
    ["schema"],
    ["validate"],
    ["--version"],
]


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=" ".join)
def test_a_full_disk_on_standard_output_is_one_line_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(SPACEFILM + args, stdout=full, stderr=subprocess.PIPE, check=False)
    assert result.returncode == 1
    assert result.stderr.decode() == "Error: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("args", [["timeline"], ["--help"], ["timeline", "--json"], ["validate"]], ids=" ".join)
def test_a_closed_standard_output_is_one_line_and_exit_1(args: list[str]) -> None:
    result = subprocess.run(SPACEFILM + args, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), check=False)
    assert result.returncode == 1
    assert result.stderr.decode() == "Error: cannot write to standard output: Bad file descriptor\n"


def test_a_closed_standard_output_is_never_a_file_we_write(dataset: Path, tmp_path: Path) -> None:
    """A picture opened while descriptor 1 is closed would take its number, and the chart would be printed in it."""
    svg = tmp_path / "out.svg"
    result = subprocess.run(
        [*SPACEFILM, "--data", str(dataset), "chart", "--svg", str(svg)],
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        check=False,
    )
    assert result.returncode == 1
    assert svg.read_text().rstrip().endswith("</svg>")


def test_a_closed_standard_input_is_one_line_and_exit_1() -> None:
    result = subprocess.run(
        [*SPACEFILM, "--data", "-", "timeline"], capture_output=True, preexec_fn=lambda: os.close(0), check=False
    )
    assert result.returncode == 1
    assert result.stderr.decode() == "Error: <stdin>: standard input is closed\n"


@pytest.mark.parametrize("command", [["timeline"], ["validate"], ["list", "countries"]])
def test_standard_input_that_is_a_terminal_says_it_waits_for_a_dataset(command: list[str]) -> None:
    """`--data -` with nothing piped seemed to hang: a terminal on standard input is told what it is waiting for."""
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [*SPACEFILM, "--data", "-", *command], stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        os.write(leader, b'{"events": []}\n\x04')  # (the dataset, then Ctrl-D: the end of the terminal's input)
        _, err = process.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert err.decode().startswith("Reading a dataset from standard input: type or paste it, then press Ctrl-D.\n")
    assert process.returncode == 0, err


def test_a_piped_standard_input_is_read_without_a_word() -> None:
    result = subprocess.run([*SPACEFILM, "--data", "-", "validate"], input=b'{"events": []}', capture_output=True)
    assert b"Reading a dataset" not in result.stderr and result.returncode == 0


def test_a_full_standard_error_is_exit_1_and_no_traceback() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [*SPACEFILM, "timeline", "--country", "nowhere"], stdout=subprocess.PIPE, stderr=full, check=False
        )
    assert result.returncode == 1
    assert result.stdout == b""


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_quietly_with_the_shells_status(tmp_path: Path, signum: int, status: int) -> None:
    fifo = tmp_path / "slow.json"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [*SPACEFILM, "--data", str(fifo), "timeline"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with open(fifo, "wb"):  # (open returns once the command has opened it: it is running, its policy set)
        process.send_signal(signum)
        out, err = process.communicate(timeout=60)
    assert process.returncode == status
    assert (out, err) == (b"", b"")


def test_a_non_blocking_standard_input_is_read_to_its_end() -> None:
    """Many parents leave standard input non-blocking: a read that finds nothing yet is not the end."""
    data = (Path(__file__).parents[1] / "data" / "events.json").read_bytes()
    reading, writing = os.pipe()
    os.set_blocking(reading, False)
    process = subprocess.Popen(
        [*SPACEFILM, "--data", "-", "export"], stdin=reading, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    os.close(reading)
    os.write(writing, data[:4096])
    waiting = bytearray(4)
    while True:  # until the command has taken the first part: its next read finds the pipe empty
        fcntl.ioctl(writing, termios.FIONREAD, waiting)
        if int.from_bytes(waiting, sys.byteorder) == 0:
            break
        time.sleep(0.01)
    time.sleep(0.2)
    with os.fdopen(writing, "wb") as rest:
        rest.write(data[4096:])
    out, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (0, b"")
    assert len(json.loads(out)["events"]) == len(json.loads(data)["events"])


# --- Smaller: each a wrong answer or a misleading line ------------------------------------------------------------


def test_an_empty_events_only_export_in_json_lines_loads_again(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = write_dataset([])
    first = run("--data", str(data), "export", "--format", "jsonl")
    assert first.exit_code == 0 and first.stdout
    again = write_dataset(first.stdout, name="again.jsonl")
    second = run("--data", str(again), "export", "--format", "jsonl")
    assert second.exit_code == 0, second.stderr
    assert second.stdout == first.stdout
    assert json.loads(run("--data", str(again), "timeline", "--json").stdout) == []


def test_two_projects_sharing_a_precedent_share_it(run: Run) -> None:
    result = run("compare", "cruise-iss-film", "countdown-inspiration4", "--json")
    document = json.loads(result.stdout)
    assert document["earliest_precedents"]["outcome"] == "shared"
    assert "both sides share their earliest filming in orbit" in document["verdict"]
    assert "cannot be told" not in document["verdict"]


def _race_dataset(write_dataset: Callable[..., Path], **extra: object) -> Path:
    return write_dataset(
        {
            "countries": [{"id": "us", "name": "United States"}, {"id": "ru", "name": "Russia"}],
            "projects": [
                {"id": "p", "title": "P", "country": "us"},
                {"id": "q", "title": "Q", "country": "ru"},
                {"id": "z", "title": "Z", "country": "us"},
            ],
            "events": [
                event("a", "2021-01-01", "us", "filming", project="p"),
                event("b", "2021-01-02", "ru", "filming", project="q"),
                event("c", "2021-03", "us", "filming", project="z"),
            ],
            **extra,
        }
    )


def test_a_lead_of_one_day_is_one_day(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = _race_dataset(write_dataset)
    document = json.loads(run("--data", str(data), "compare", "p", "q", "--json").stdout)
    [began] = [m for m in document["milestones"] if m["milestone"] == "filming began"]
    assert began["lead"] == "1 day"
    assert "1 days" not in run("--data", str(data), "compare", "p", "q").stdout


def test_an_interval_of_one_day_reads_as_that_day(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = write_dataset([event("x", "1983-01-01/1983-01-01"), event("y", "1983-05/1983-05")])
    displays = [e["display"] for e in json.loads(run("--data", str(data), "timeline", "--json").stdout)]
    assert displays == ["Jan 1, 1983", "May 1983"]


def test_a_race_that_does_not_hold_both_sides_says_so(run: Run, write_dataset: Callable[..., Path]) -> None:
    races = [{"id": "r1", "title": "R1", "projects": ["p", "q"]}, {"id": "r3", "title": "R3", "projects": ["p", "z"]}]
    data = _race_dataset(write_dataset, races=races)
    result = run("--data", str(data), "compare", "us", "ru", "--race", "r3")
    assert result.exit_code == 2
    assert "race 'r3' is not one of both us and ru: they meet in r1" in result.stderr
    assert "unknown" not in result.stderr


def test_a_race_when_the_sides_meet_in_none_lists_no_empty_valid(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = _race_dataset(write_dataset)
    result = run("--data", str(data), "compare", "us", "ru", "--race", "r9")
    assert result.exit_code == 2
    assert "there is no race 'r9', and us and ru meet in no race" in result.stderr
    assert "Valid:" not in result.stderr


@pytest.mark.parametrize(
    "cell",
    [
        *("=1+1", " =1+1", "\u00a0=1+1", "\u200b=1+1", "\ufeff=1+1", "\uff1d1+1", "\uff0bcmd", "\uff0d1"),
        *("\uff20SUM(A1)", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  \u00a0@x", "\u2212 1"),
    ],
)
def test_a_csv_cell_that_could_start_a_formula_is_quoted(
    run: Run, write_dataset: Callable[..., Path], cell: str
) -> None:
    data = write_dataset([event("x", "2021", title=cell)])
    for fmt in ("csv", "tsv"):
        result = run("--data", str(data), "timeline", "--format", fmt)
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
        assert rows[0]["title"] == "'" + cell


@pytest.mark.parametrize("cell", ["1983-01-01", "2021-10-05/2021-10-17", "1,000", "3.5", "50%", "a-b", "?", "<b>"])
def test_a_csv_cell_that_cannot_start_a_formula_is_left_as_it_is(
    run: Run, write_dataset: Callable[..., Path], cell: str
) -> None:
    """Dates and numbers stay dates and numbers in a spreadsheet: no quote before a digit (a character class
    '+-@' once took every character from + to @, digits included)."""
    import csv
    import io

    data = write_dataset([event("x", "2021-10-05/2021-10-17", title=cell)])
    rows = list(csv.DictReader(io.StringIO(run("--data", str(data), "timeline", "--format", "csv").stdout)))
    assert (rows[0]["title"], rows[0]["earliest"], rows[0]["date"]) == (cell, "2021-10-05", "2021-10-05/2021-10-17")


# --- The hostile corpus (tests/hostile/), through every format on a terminal --------------------------------------

TERMINAL_FORMATS = [
    ["timeline"],
    ["timeline", "--format", "csv"],
    ["timeline", "--format", "tsv"],
    ["timeline", "--format", "markdown"],
    ["timeline", "--json"],
    ["timeline", "--format", "timelinejs"],
    ["firsts", "--format", "csv"],
    ["chart"],
    ["validate"],
]


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.iterdir()))
@pytest.mark.parametrize("args", TERMINAL_FORMATS, ids=" ".join)
def test_no_hostile_file_drives_a_terminal(run: Run, name: str, args: list[str]) -> None:
    """Every file of the corpus, in every format a person may send to a terminal: its answer or its problems, and
    nothing that would drive the terminal, whatever the file holds."""
    shown = _terminal_output(run, HOSTILE / name, *args)
    assert shown
    assert _raw_controls(shown) == [], name


def test_every_event_of_the_escapes_file_is_shown_inert(run: Run) -> None:
    path = HOSTILE / "terminal-escapes.json"
    for event_id in ("osc52-title", "url-with-escape", "url-bidi", "url-not-web", "url-unicode"):
        shown = _terminal_output(run, path, "show", event_id)
        assert _raw_controls(shown) == [], event_id
    links = re.findall(r"\x1b\]8;[^;]*;([^\x1b]+)\x1b\\", _terminal_output(run, path, "show", "url-unicode"))
    assert links == ["https://ru.wikipedia.org/wiki/%D0%92%D1%8B%D0%B7%D0%BE%D0%B2_(%D1%84%D0%B8%D0%BB%D1%8C%D0%BC)"]


def test_every_cell_of_the_formula_file_is_quoted(run: Run) -> None:
    import csv
    import io

    original = {e["id"]: e["title"] for e in json.loads((HOSTILE / "formula-cells.json").read_text())}
    out = run("--data", str(HOSTILE / "formula-cells.json"), "timeline", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {row["id"]: row["title"] for row in rows} == {i: "'" + title for i, title in original.items()}
    assert all(row["people"].startswith("'") and row["notes"].startswith("'") for row in rows)


def test_invisible_characters_in_the_data_hide_no_word(run: Run) -> None:
    path = str(HOSTILE / "invisible.json")
    found = json.loads(run("--data", path, "timeline", "--search", "peresild", "--json").stdout)
    assert [e["id"] for e in found] == ["soft-hyphen", "zero-width"]
    assert [e["id"] for e in json.loads(run("--data", path, "timeline", "--search", "filming", "--json").stdout)] == [
        "ligature"
    ]
    arabic = json.loads(run("--data", path, "timeline", "--search", "\u0645\u062d\u0645\u062f", "--json").stdout)
    assert [e["id"] for e in arabic] == ["arabic"]
    [one_day] = json.loads(run("--data", path, "timeline", "--search", "interval", "--json").stdout)
    assert one_day["display"] == "Jan 1, 1983"


@pytest.mark.parametrize(
    ("option", "path", "stream"),
    [("--svg", "/dev/stdout", 1), ("--html", "/dev/stderr", 2), ("--svg", "/proc/self/fd/1", 1)],
)
def test_a_descriptor_named_as_an_output_is_written_where_it_stands(
    dataset: Path, tmp_path: Path, option: str, path: str, stream: int
) -> None:
    """`chart --svg /dev/stdout >> log` replaced the log by a new file holding the picture alone (the path led to
    the log, and a file is written beside its place and renamed over it): the log keeps its lines, and its inode."""
    if not Path(path).exists():
        pytest.skip(f"no {path} here")
    log = tmp_path / "log.txt"
    log.write_text("line 1 of my log\n")
    before = log.stat().st_ino
    with open(log, "ab") as appended:
        redirected = {"stdout": appended} if stream == 1 else {"stderr": appended, "stdout": subprocess.DEVNULL}
        done = subprocess.run([*SPACEFILM, "--data", str(dataset), "chart", option, path], **redirected, check=False)
    assert done.returncode == 0
    assert log.stat().st_ino == before
    written = log.read_text()
    assert written.startswith("line 1 of my log\n")
    assert ("<svg" if option == "--svg" else "<html") in written


@pytest.mark.parametrize(("option", "ending"), [("--svg", "</svg>\n"), ("--html", "</html>\n")])
def test_a_picture_to_standard_output_is_the_picture_alone(
    dataset: Path, tmp_path: Path, option: str, ending: str
) -> None:
    """`chart --svg -` wrote a file named `-`, and `--svg /dev/stdout` the SVG with the terminal's drawing after it,
    which no SVG reader takes: `-` is standard output, and what goes there is the picture alone."""
    done = subprocess.run(
        [*SPACEFILM, "--data", str(dataset), "chart", option, "-"], cwd=tmp_path, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    written = done.stdout.decode()
    assert written.startswith("<?xml" if option == "--svg" else "<!DOCTYPE html>")
    assert written.endswith(ending)
    assert written.count(ending) == 1
    assert not (tmp_path / "-").exists()
    assert b"Saved" not in done.stderr  # (nothing to say: what was written is what came out)
    if option == "--svg":
        ElementTree.fromstring(done.stdout)  # (a whole SVG: nothing after it)
    same = tmp_path / "picture.svg"
    with open(same, "wb") as out:  # `chart --svg picture.svg > picture.svg`
        subprocess.run([*SPACEFILM, "--data", str(dataset), "chart", "--svg", str(same)], stdout=out, check=True)
    ElementTree.fromstring(same.read_bytes())


def test_a_link_to_standard_output_is_standard_output(dataset: Path, tmp_path: Path) -> None:
    """`ln -s /dev/stdout picture.svg`: the link led through /dev/stdout to a pipe's name, which no file has (it
    failed: No such file or directory); and a closed standard output is said as for any command."""
    link = tmp_path / "picture.svg"
    link.symlink_to("/dev/stdout")
    done = subprocess.run([*SPACEFILM, "--data", str(dataset), "chart", "--svg", str(link)], capture_output=True)
    assert done.returncode == 0, done.stderr
    ElementTree.fromstring(done.stdout)  # (the picture alone)
    closed = subprocess.run(
        [*SPACEFILM, "--data", str(dataset), "chart", "--svg", "-"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # (standard output closed, as `>&-` leaves it)
    )
    assert closed.returncode == 1
    assert closed.stderr.decode().endswith("Error: cannot write to standard output: Bad file descriptor\n")


@pytest.mark.parametrize("mode", ["appended", "read and written", "emptied", "standard input"])
@pytest.mark.parametrize("command", [["export"], ["timeline", "--json"], ["validate"]])
def test_standard_output_that_is_the_dataset_is_refused(dataset: Path, mode: str, command: list[str]) -> None:
    """`spacefilm --data a.json export >> a.json` appended a second document to the dataset (and `1<>` wrote over
    its start): a usage error now, before anything is written; `>`, which empties it first, says why it is empty."""
    original = dataset.read_bytes()
    flags = {"appended": "ab", "read and written": "r+b", "emptied": "wb", "standard input": "ab"}[mode]
    data = ["--data", "-"] if mode == "standard input" else ["--data", str(dataset)]
    with open(dataset, flags) as out, open(dataset, "rb") as given:
        done = subprocess.run(
            [*SPACEFILM, *data, *command], stdin=given, stdout=out, stderr=subprocess.PIPE, check=False
        )
    assert done.returncode == 2
    said = done.stderr.decode()
    assert "standard output is the dataset being read" in said
    assert "Traceback" not in said
    assert dataset.read_bytes() == (b"" if mode == "emptied" else original)
