"""Every command read where people read it: on a terminal and in a pipe, at 60, 80, 120 and 200 columns.

The Output is built directly (tests/conftest.py's `draw`), so the narrow layouts run here as they run on a terminal.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from spacefilm.cli import cli
from spacefilm.render.output import INERT, Output, json_for_terminal, neutralise
from spacefilm.render.plain import needs_one_line, one_line_column, width

WIDTHS = (60, 80, 120, 200)
ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
COMMANDS = [
    ("timeline",),
    ("timeline", "--reverse", "--status", "unrealized"),
    ("firsts",),
    ("show", "challenge-iss-shoot"),
    ("show", "cruise-planned-shoot"),
    ("compare", "us", "russia"),
    ("compare", "the-challenge", "cruise-iss-film"),
    ("chart",),
    ("chart", "--by", "project", "--since", "2020"),
    *(("list", what) for what in ("countries", "projects", "kinds", "races", "people")),
]
SRC = Path(__file__).resolve().parents[1] / "src" / "spacefilm"


def draw(args: tuple[str, ...], output: Output) -> Result:
    result = CliRunner().invoke(cli, list(args), obj=output, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def columns(text: str) -> int:
    """The widest line, but for lines that are one web address: those are never cut (they run past the width)."""
    lines = [ANSI.sub("", line) for line in text.splitlines()]
    return max(width(line) for line in lines if not line.strip().startswith(("https://", "http://")))


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "pipe"])
@pytest.mark.parametrize("columns_", WIDTHS)
def test_every_command_fits_the_width_it_is_given(args: tuple[str, ...], terminal: bool, columns_: int) -> None:
    """(Standard error too: the line that says which columns a narrow table left out.)"""
    out = draw(args, Output(terminal=terminal, width=columns_)).output
    assert out.strip()
    assert columns(out) <= columns_


# (Without colour, the chart tells countries apart by letters beside their marks: test_chart.py checks it.)
@pytest.mark.parametrize("args", [args for args in COMMANDS if args[0] != "chart"], ids=" ".join)
def test_colour_only_styles_what_is_drawn(args: tuple[str, ...]) -> None:
    plain = draw(args, Output(terminal=True, width=80)).stdout
    coloured = draw(args, Output(terminal=True, colour=True, width=80)).stdout
    assert "\x1b[" in coloured
    assert [line.rstrip() for line in ANSI.sub("", coloured).splitlines()] == [
        line.rstrip() for line in plain.splitlines()
    ]


def test_show_uses_the_whole_width() -> None:
    for columns_ in (60, 200):
        out = draw(("show", "challenge-iss-shoot"), Output(terminal=True, width=columns_)).stdout
        assert columns_ - 12 < columns(out) <= columns_  # the notes are wrapped to the width, not to 100


@pytest.mark.parametrize("columns_", [10, 30, 60, 80, 200])
def test_show_prints_every_address_whole_on_a_line_of_its_own(columns_: int) -> None:
    out = draw(("show", "challenge-iss-shoot"), Output(terminal=True, width=columns_)).stdout
    lines = [line.strip() for line in out.splitlines()]
    addresses = [
        s["url"]
        for s in json.loads(draw(("show", "challenge-iss-shoot", "--json"), Output()).stdout)["sources"]
        if s["url"]
    ]
    assert addresses and all(address in lines for address in addresses)
    assert "challenge-iss-shoot" in lines  # the id, whole
    assert "Russia" in out  # values too, however narrow


def test_addresses_are_terminal_hyperlinks_only_on_a_terminal() -> None:
    link = "\x1b]8;"
    on_terminal = draw(("show", "challenge-iss-shoot"), Output(terminal=True, colour=True, width=100, hyperlinks=True))
    in_pipe = draw(("show", "challenge-iss-shoot"), Output(width=100))
    assert link in on_terminal.stdout and "https://www.russianspaceweb.com/soyuz-ms-19.html" in on_terminal.stdout
    assert link not in in_pipe.stdout


def test_a_pipe_with_no_width_never_wraps_a_record() -> None:
    out = draw(("timeline",), Output()).stdout
    ids = [line.split()[-1] for line in out.splitlines()[2:]]
    assert "challenge-iss-shoot" in ids and len(ids) == len(out.splitlines()) - 2


def test_the_narrow_compare_stacks_each_milestone() -> None:
    """Side by side at 120 columns, four narrow columns put each event on 3 to 5 lines: stacked, each is on one."""
    for columns_ in (80, 120):
        narrow = draw(("compare", "us", "russia"), Output(terminal=True, width=columns_)).stdout
        assert re.search(r"\bfirst: Russia \(the United States' project never did\)\s*$", narrow, re.M)
        assert "Milestone" not in narrow
        assert narrow.count("  Russia") >= 8  # a line per side under each milestone
    at_120 = draw(("compare", "us", "russia"), Output(terminal=True, width=120)).stdout
    assert "May 4, 2020: Deadline reports Tom Cruise, SpaceX and NASA plan a film in space" in at_120
    wide = draw(("compare", "us", "russia"), Output(terminal=True, width=200)).stdout
    assert "Milestone" in wide and not re.search(r"\s{2}first: ", wide)


def test_compare_side_by_side_gives_each_column_what_it_holds() -> None:
    """At 200 columns "First" wrapped "Russia (the United States / never did)" while the Lead cell beside it was
    empty: a short phrase is given its width, the events the rest."""
    wide = draw(("compare", "us", "russia"), Output(terminal=True, width=200)).stdout
    heading, table = wide.split("\n\n", 1)  # (a blank line between the race's headings and the table)
    assert len(heading.splitlines()) == 3
    widths = column_widths(table)
    assert widths["First"] >= width("Russia (the United States' project never did)")
    assert re.search(r"   Russia \(the United States' project never did\)$", wide, re.M)
    assert min(widths["United States"], widths["Russia"]) >= 36
    assert columns(wide) <= 200


def test_the_timeline_keeps_every_column_where_it_fits() -> None:
    wide = draw(("timeline",), Output(terminal=True, width=200)).stdout
    assert wide.splitlines()[0].split() == ["Date", "Country", "Kind", "Title", "ID"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "flag", "terminal", "colour"),
    [
        ({}, "auto", True, True),
        ({}, "auto", False, False),
        ({"NO_COLOR": "1"}, "auto", True, False),
        ({"NO_COLOR": "1"}, "always", True, True),
        ({"FORCE_COLOR": "1"}, "auto", False, True),
        ({"CLICOLOR_FORCE": "1"}, "auto", False, True),
        ({"CLICOLOR": "0"}, "auto", True, False),
        ({"FORCE_COLOR": "1"}, "never", False, False),
    ],
)
def test_detect_decides_colour_apart_from_layout(
    environ: dict[str, str], flag: str, terminal: bool, colour: bool
) -> None:
    stream = FakeTerminal() if terminal else io.StringIO()
    output = Output.detect(flag, {"COLUMNS": "77", **environ}, stream)
    assert (output.terminal, output.colour, output.width) == (terminal, colour, 77)
    assert output.hyperlinks == (terminal and colour)


def test_no_color_on_a_terminal_keeps_the_terminals_layout() -> None:
    terminal = FakeTerminal()
    draw(("timeline",), Output.detect("auto", {"NO_COLOR": "1", "COLUMNS": "80"}, terminal))
    out = terminal.getvalue()
    assert "\x1b[" not in out
    assert columns(out) <= 80
    coloured = FakeTerminal()
    draw(("timeline",), Output.detect("always", {"COLUMNS": "80"}, coloured))
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue())
    assert out.splitlines()[:2] == plain.splitlines()[:2]  # the terminal's layout at 80, in colour or not


def test_a_pipe_without_columns_has_no_width() -> None:
    assert Output.detect("auto", {}, io.StringIO()).width is None
    assert Output.detect("auto", {"COLUMNS": "abc"}, io.StringIO()).width is None


def test_columns_bounds_a_chart_in_a_pipe(run: Callable[..., Result]) -> None:
    out = run("chart", env={"COLUMNS": "60"}).stdout
    assert 50 < columns(out) <= 60


def test_neutralise_makes_controls_and_invisible_characters_visible() -> None:
    assert neutralise("a\x1b]52;c;SGVsbG8=\x07b") == "a\\x1b]52;c;SGVsbG8=\\x07b"
    assert neutralise("abc\u202edef\u2066\u200b\ufeff") == "abc\\u202edef\\u2066\\u200b\\ufeff"
    assert neutralise("«Вызов» 宇宙 e\u0301 🚀") == "«Вызов» 宇宙 e\u0301 🚀"


def test_what_shows_nothing_where_text_seems_to_be_is_made_visible() -> None:
    """Tag characters (text hidden in plain sight), Hangul fillers (a name that looks blank) and their kind passed
    raw to the terminal; on a column's quick path too, and in JSON shown on a terminal as valid JSON escapes."""
    hidden = "Filmed\U000e0069\U000e0067\U000e006e in orbit \u3164 \u034f\u115f\ufff9\u180e\u17b4"
    shown = neutralise(hidden)
    assert shown == "Filmed\\U000e0069\\U000e0067\\U000e006e in orbit \\u3164 \\u034f\\u115f\\ufff9\\u180e\\u17b4"
    for char in hidden:
        if neutralise(char) != char:
            assert needs_one_line(["plain", f"a{char}b"]), hex(ord(char))
            assert one_line_column(["plain", f"a{char}b"])[1] == f"a{neutralise(char)}b"
    text = json.dumps({"title": hidden}, ensure_ascii=False)
    safe = json_for_terminal(text)
    assert json.loads(safe) == {"title": hidden}
    assert neutralise(safe) == safe  # (nothing left to escape)


def test_every_character_made_visible_is_found_by_a_columns_quick_path() -> None:
    """needs_one_line looks for them at C speed: a character neutralise escapes that it missed would reach the
    terminal raw."""
    escaped = [chr(code) for code in range(0x110000) if re.fullmatch(INERT, chr(code))]
    assert len(escaped) > 200
    missed = [hex(ord(char)) for char in escaped if not needs_one_line(["plain", f"a{char}b"])]
    assert missed == []


def test_one_module_decides_terminal_or_pipe() -> None:
    asking = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if "isatty" in p.read_text(encoding="utf-8")]
    assert asking == ["render/output.py"]


def test_the_command_line_draws_nothing_and_chooses_no_reading_path() -> None:
    cli_source = (SRC / "cli.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) rich", cli_source, re.M)
    assert "stream" not in re.findall(r"from \.(\w+) import", cli_source)


WORDY = [("timeline",), ("timeline", "--status", "unrealized"), ("firsts",), ("show", "challenge-iss-shoot")]


def words(text: str) -> set[str]:
    """The words of the text, leaving out a table's rule (as wide as the table) and the slash of a header of two
    columns (an id shown under its title, "Title / ID")."""
    return {word for word in ANSI.sub("", text).split() if word.strip("\u2500") and word != "/"}


@pytest.mark.parametrize("args", WORDY, ids=" ".join)
@pytest.mark.parametrize("colour", [False, True], ids=["no colour", "colour"])
@pytest.mark.parametrize("columns_", WIDTHS)
def test_no_word_id_or_address_is_cut(args: tuple[str, ...], colour: bool, columns_: int) -> None:
    """Every word drawn at a width is a word of the same output drawn with no width: wrapping never splits one."""
    whole = words(draw(args, Output(terminal=True, width=None)).stdout)
    whole |= {c["id"] for c in json.loads(draw(("list", "countries", "--json"), Output()).stdout)}  # (narrow: ids)
    narrow = words(draw(args, Output(terminal=True, colour=colour, width=columns_)).stdout)
    cut = {word for word in narrow - whole if not word.endswith("\u2026")}
    assert not cut
    for word in narrow - whole:  # a word longer than a whole column: cut, and said so with an ellipsis
        assert any(w.startswith(word[:-1]) and width(w) >= columns_ // 8 for w in whole)


@pytest.mark.parametrize("environ", [{}, {"NO_COLOR": "1"}], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("columns_", [80, 120, 200])
def test_every_id_is_shown_whole_at_80_columns_and_wider(environ: dict[str, str], columns_: int) -> None:
    ids = {e["id"] for e in json.loads(draw(("timeline", "--json"), Output()).stdout)}
    terminal = FakeTerminal()
    draw(("timeline",), Output.detect("auto", {"COLUMNS": str(columns_), **environ}, terminal))
    assert ids <= words(terminal.getvalue())


@pytest.mark.parametrize("what", ["countries", "projects", "kinds", "races"])
@pytest.mark.parametrize("columns_", WIDTHS)
def test_a_list_shows_every_id_whole_at_every_width(what: str, columns_: int) -> None:
    """The ids are what `--country`, `--project` and `--race` take: a table of names leaves other columns out on a
    narrow terminal, and never cuts one (`first-feature-in-orb…` at 80 columns could not be copied)."""
    ids = {record.get("id") for record in json.loads(draw(("list", what, "--json"), Output()).stdout)}
    out = draw(("list", what), Output(terminal=True, width=columns_)).stdout
    first_column = {line.split()[0] for line in out.splitlines()[2:] if line[:1].strip()}
    assert ids == first_column
    assert columns(out) <= columns_


def column_widths(out: str) -> dict[str, int]:
    """Each column's width, read from where the table's headers start (the last column: the widest line)."""
    lines = [ANSI.sub("", line) for line in out.splitlines()]
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=   ))\S.*?(?=   |$)", header)]
    names = [header[a:b].strip() for a, b in zip(starts, [*starts[1:], len(header)], strict=True)]
    ends = [start - 3 for start in starts[1:]] + [max(width(line) for line in lines)]
    return {name: end - start for name, start, end in zip(names, starts, ends, strict=True)}


def column_text(out: str, name: str) -> list[str]:
    """The lines of one column (its cells' lines, in order, with blank ones where a row's other cells go on)."""
    lines = [ANSI.sub("", line) for line in out.splitlines()]
    start = lines[0].index(name)
    end = start + column_widths(out)[name]
    return [line[start:end].rstrip() for line in lines[2:]]


@pytest.mark.parametrize("columns_", [80, 120, 200])
def test_firsts_shows_who_makes_each_claim_readably(columns_: int) -> None:
    """Who claims a first matters as much as the claim: `By` is shown at 80 columns and wider, at least 14 wide (it
    wrapped one word a line at 80), and never wider than what it holds while the claim wraps (at 200 it sat 64
    wide and mostly empty, the claim wrapping at 60)."""
    result = draw(("firsts",), Output(terminal=True, width=columns_))
    widths = column_widths(result.stdout)
    assert "By" in widths and "not shown" not in result.stderr
    assert widths["By"] >= 14
    assert max(map(width, column_text(result.stdout, "By"))) == widths["By"]
    claim = next(name for name in widths if name.startswith("Claim"))
    assert widths[claim] >= widths["By"]


def test_a_narrow_timeline_shows_each_country_by_its_id_before_leaving_it_out() -> None:
    """At 60 columns the Country column was left out with Kind, and US and Russia could not be told apart: it shows
    the country's id (`us`, `russia`) first, and only the Kind column is said to be left out."""
    result = draw(("timeline",), Output(terminal=True, width=60))
    assert list(column_widths(result.stdout)) == ["Date", "Country", "Title / ID"]
    used = {e["country"] for e in json.loads(draw(("timeline", "--json"), Output()).stdout)}
    assert set(column_text(result.stdout, "Country")) - {""} == used
    said = " ".join(result.stderr.split())
    assert said == "(the Kind column does not fit in 60 columns: the whole table needs 80)"
    assert draw(("timeline",), Output(terminal=True, width=80)).stderr == ""  # (as it says)
    wide = draw(("timeline",), Output(terminal=True, width=120))
    assert "United States" in column_text(wide.stdout, "Country") and wide.stderr == ""


def test_a_narrow_firsts_leaves_out_country_before_who_claims() -> None:
    result = draw(("firsts", "--since", "2021", "--until", "2021"), Output(terminal=True, width=60))
    assert list(column_widths(result.stdout)) == ["Date", "Claim / Event", "By"]
    assert "The Race to" in result.stdout  # (not a word a line)
    assert {"challenge-iss-shoot", "cruise-planned-shoot"} <= words(result.stdout)
    said = " ".join(result.stderr.split())  # (the note is wrapped to the width)
    assert said.startswith("(the Country column does not fit in 60 columns: the whole table needs ")


@pytest.mark.parametrize(("columns_", "said"), [(80, "the Also column does"), (60, "the Also and Country columns do")])
def test_the_columns_a_narrow_list_leaves_out_are_named_by_their_headers(columns_: int, said: str) -> None:
    result = draw(("list", "projects"), Output(terminal=True, width=columns_))
    assert "Also" not in column_widths(result.stdout)
    note = " ".join(result.stderr.split())
    needed = re.fullmatch(rf"\({said} not fit in {columns_} columns: the whole table needs (\d+)\)", note)
    assert needed is not None, note

    def headers_at(columns_: int) -> dict[str, int]:
        return column_widths(draw(("list", "projects"), Output(terminal=True, width=columns_)).stdout)

    assert "Also" in headers_at(int(needed[1])) and "Also" not in headers_at(int(needed[1]) - 1)  # (as it says)


@pytest.mark.parametrize("args", [("timeline",), ("firsts",)], ids=" ".join)
@pytest.mark.parametrize("columns_", [60, 80, 120])
def test_a_date_range_is_whole_or_broken_at_its_dash(args: tuple[str, ...], columns_: int) -> None:
    """The Date column is as wide as the longer half of the widest range (not 27 columns that still wrap one):
    each range is on one line, or on two, broken after its en dash."""
    displays = {e["display"] for e in json.loads(draw((*args, "--json"), Output()).stdout)}
    halves = [part for d in displays for part in re.split(r"(?<= \u2013) ", d)]
    out = draw(args, Output(terminal=True, width=columns_)).stdout
    assert column_widths(out)["Date"] == max(map(width, halves))
    lines = [line for line in column_text(out, "Date") if line]
    assert set(lines) <= set(halves) | displays


@pytest.mark.parametrize("columns_", [80, 120])
def test_the_timeline_keeps_country_at_80_columns(columns_: int) -> None:
    """The main comparison of the product (the United States against Russia) is not what a narrow timeline drops."""
    result = draw(("timeline",), Output(terminal=True, width=columns_))
    assert {"Date", "Country"} <= set(column_widths(result.stdout))
    assert "not shown" not in result.stderr


@pytest.mark.parametrize("columns_", [60, 80])
def test_a_narrow_timeline_shows_each_id_under_its_title(columns_: int) -> None:
    """An id is what `show` needs: at 60 columns it is still there, whole, on a line of its own under the title."""
    ids = {e["id"] for e in json.loads(draw(("timeline", "--json"), Output()).stdout)}
    out = draw(("timeline",), Output(terminal=True, width=columns_)).stdout
    assert "Title / ID" in out.splitlines()[0]
    assert ids <= set(column_text(out, "Title / ID"))


def test_show_gives_a_day_once_and_the_bounds_only_where_they_say_more() -> None:
    """A single day was given three times ("Aug 22, 1997  (1997-08-22; day precision; 1997-08-22 to 1997-08-22)")."""

    def date_line(event_id: str) -> str:
        out = draw(("show", event_id), Output(terminal=True, width=120)).stdout
        return next(line for line in out.splitlines() if line.startswith("Date"))

    assert date_line("pepsi-on-mir").split(None, 1)[1] == "May 20, 1996  (1996-05-20; day precision)"
    assert date_line("challenge-iss-shoot").endswith("(2021-10-05/2021-10-17; day precision)")
    assert date_line("blue-planet-sts-29").endswith("(1989-03; month precision; 1989-03-01 to 1989-03-31)")


@pytest.mark.parametrize("colour", [False, True], ids=["no colour", "colour"])
@pytest.mark.parametrize("columns_", [None, 36, 80])
def test_no_line_of_show_ends_in_a_space(colour: bool, columns_: int | None) -> None:
    """Not the blank line between sources either (in colour, Rich padded it with spaces in a bold label's codes)."""
    ids = [e["id"] for e in json.loads(draw(("timeline", "--json"), Output()).stdout)]
    for event_id in ids:
        out = draw(("show", event_id), Output(terminal=True, colour=colour, width=columns_, hyperlinks=colour)).stdout
        assert not [line for line in out.splitlines() if ANSI.sub("", line).endswith(" ")], event_id


COMMAND_NAMES = ("timeline", "firsts", "chart", "compare", "show", "list", "browse", "export", "schema", "validate")


def help_at(columns_: int, *args: str) -> str:
    """Help as Click lays it out on a terminal of `columns_` columns (the test runner fixes its width at 80)."""
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=columns_, catch_exceptions=False)
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("columns_", [60, 80])
def test_bare_spacefilm_describes_every_command_whole(columns_: int) -> None:
    """Click shows each command's first sentence, cut with "..." where it runs past the line (5 of 9 were)."""
    out = help_at(columns_)
    described = out.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in described] == list(COMMAND_NAMES)
    assert not [line for line in described if "..." in line or width(line) > columns_]


@pytest.mark.parametrize("command", ["", *COMMAND_NAMES])
@pytest.mark.parametrize("columns_", [60, 80])
def test_help_is_wrapped_to_the_terminal(command: str, columns_: int) -> None:
    """Every paragraph wraps at the width (chart's --svg and --html paragraph ran 115 columns at 60); an example is
    a command to copy, never wrapped, and fits 80 columns."""
    out = help_at(columns_, *filter(None, [command]))
    for line in out.splitlines():
        limit = 80 if line.strip().startswith("spacefilm ") else columns_
        assert width(line) <= limit, line


@pytest.mark.parametrize(
    ("command", "contents"),
    [
        ("timeline", ("earliest", "latest", "precision", "display", '"In a pipe"')),
        ("firsts", ("claim", "by", "disputed", "sources")),
        ("compare", ("milestones", "lead", '"The race, milestone by milestone"')),
    ],
)
def test_format_help_says_what_the_formats_hold(command: str, contents: tuple[str]) -> None:
    """Not "json and jsonl follow the output contract", which a user cannot look up."""
    out = " ".join(help_at(200, command).split())
    described = out.split("--format [", 1)[1].split("--json", 1)[0]
    assert "contract" not in described
    assert all(word in described for word in contents)


def test_list_says_in_what_order_it_lists(run: Callable[..., Result]) -> None:
    """Countries came neither alphabetically nor by count (Israel, with no events, among them): in the order the
    dataset declares them, which the help says."""
    assert "in the order the dataset declares them" in " ".join(help_at(80, "list").split())
    declared = [c["id"] for c in json.loads(run("export").stdout)["countries"]]
    listed = [c["id"] for c in json.loads(run("list", "countries", "--json").stdout)]
    assert listed == declared


@pytest.mark.parametrize("columns_", [80, 90, 100])
def test_a_list_of_ids_in_a_cell_wraps_between_them_never_inside_one(columns_: int) -> None:
    """A race's projects (ids, which --project takes) are each whole, to be copied, however the column narrows."""
    result = draw(("list", "races"), Output(terminal=True, width=columns_))
    assert columns(result.stdout) <= columns_ and "Projects" in result.stdout
    assert {"cruise-iss-film", "the-challenge"} <= {word.rstrip(";") for word in words(result.stdout)}
    assert "\u2026" not in result.stdout
