"""`spacefilm browse`, driven as a person drives it: keys and clicks through Textual's own harness (App.run_test and
its Pilot), screens compared with the text kept in tests/snapshots/, and one run in a real terminal (tmux)."""

from __future__ import annotations

import asyncio
import gc
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import event
from spacefilm.browse import (
    KEYS,
    Browser,
    DatePrompt,
    Picker,
    Shown,
    choices,
    claim_fields,
    disputed_words,
    filter_words,
)
from spacefilm.cli import cli
from spacefilm.load.source import catalog
from spacefilm.query import Request
from spacefilm.render.output import Output

HERE = Path(__file__).parent
DATA = HERE / "data" / "browse.json"  # 17 events of the built-in dataset, kept as they were (screens stay put)
SNAPSHOTS = HERE / "snapshots"
FILM, FIRST = "Вызов", "первый"  # The Challenge's Russian title; "first"
UPDATE = os.environ.get("SPACEFILM_UPDATE_SNAPSHOTS") == "1"  # to write the screens anew after a change meant


def drive(
    test: Callable[[Browser, Any], Awaitable[None]],
    size: tuple[int, int] = (80, 24),
    data: Path = DATA,
    wanted: Request | None = None,
) -> Browser:
    """Run the browser on a dataset (the test data) at a size, and hand it and its Pilot to `test`."""
    app = Browser(catalog(data), wanted)

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await test(app, pilot)

    asyncio.run(run())
    return app


def screen_text(app: Browser) -> str:
    """What the terminal shows, as text: the screen Textual composes, printed by Rich and read back."""
    from rich.console import Console

    columns, rows = app.size
    console = Console(width=columns, height=rows, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def shown_ids(app: Browser) -> list[str]:
    return [event.id for event in app.shown]


def timeline_ids(*args: str, data: Path = DATA) -> list[str]:
    result = CliRunner().invoke(cli, ["--data", str(data), "timeline", "--json", *args], catch_exceptions=False)
    return [event["id"] for event in json.loads(result.stdout or "[]")]


# The command


def test_refuses_a_pipe_with_a_hint_to_use_timeline() -> None:
    result = CliRunner().invoke(cli, ["browse"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: browse draws on a terminal, and standard output is not one: use spacefilm timeline"
    ]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Browser]]:
    """Standard output and input as terminals; the browser built but not run (it is recorded)."""
    started: list[Browser] = []
    monkeypatch.setattr("spacefilm.render.output.interactive", lambda: True)
    monkeypatch.setattr(Browser, "run", lambda self: started.append(self))
    yield started


def test_a_session_runs_with_the_garbage_collector_on(terminal: list[Browser], monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry point turns the collector off for a command's moment (spacefilm/start.py); a session lasts longer."""
    collecting: list[bool] = []
    monkeypatch.setattr(Browser, "run", lambda self: collecting.append(gc.isenabled()))
    gc.disable()
    try:
        result = CliRunner().invoke(cli, ["browse"], obj=Output(terminal=True, colour=False), catch_exceptions=False)
    finally:
        gc.enable()
    assert result.exit_code == 0, result.output
    assert collecting == [True]


def test_refuses_keys_from_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(cli, ["browse"], obj=Output(terminal=True), catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "Error: browse reads keys from standard input and draws on standard error" in result.stderr


def test_starts_with_the_filters_typed(terminal: list[Browser], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    args = ["--data", str(DATA), "browse", "--country", "ru", "--search", "Вызов"]
    result = CliRunner().invoke(cli, args, obj=Output(terminal=True, colour=False), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [app] = terminal
    assert app.wanted == Request(countries=("ru",), search=("Вызов",))
    assert os.environ.pop("NO_COLOR") == "1"  # no colour asked for: Textual draws in black and white


def test_a_name_that_matches_nothing_is_a_usage_error(terminal: list[Browser]) -> None:
    args = ["--data", str(DATA), "browse", "--country", "rusia"]
    result = CliRunner().invoke(cli, args, obj=Output(terminal=True, colour=True), catch_exceptions=False)
    assert result.exit_code == 2
    assert "unknown country 'rusia'. Did you mean 'russia'?" in result.stderr
    assert terminal == []


# The screen


def test_first_screen_lists_the_timeline_and_shows_the_first_event() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        assert shown_ids(app) == timeline_ids()
        screen = screen_text(app)
        assert "17 of 17 events" in screen
        assert "Date" in screen and "Country" in screen and "Title" in screen
        assert "Soviet Union" in screen
        assert "return-from-orbit-filming" in screen  # the event in full: its id, dates and bounds
        assert "1983  (1983; year precision; 1983-01-01 to 1983-12-31)" in screen

    drive(test)


def test_arrows_move_and_the_event_follows() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("down", "down")
        assert app.current is not None and app.current.id == timeline_ids()[2]
        assert app.current.id in screen_text(app)
        await pilot.press("end")
        assert app.current.id == timeline_ids()[-1]

    drive(test)


def test_tab_moves_to_the_event_and_its_keys_scroll_it() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("tab")
        assert app.focused is app.detail
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.detail.scroll_y > 0
        assert app.current is not None and app.current.id == timeline_ids()[0]  # the table did not move
        await pilot.press("tab")
        assert app.focused is app.table

    drive(test)


def test_ctrl_c_quits() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running

    drive(test)


def test_a_click_highlights_a_row() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.click("#events", offset=(5, 4))  # the header is row 0: this is the fourth event
        await pilot.pause()
        assert app.current is not None and app.current.id == timeline_ids()[3]

    drive(test)


@pytest.mark.parametrize("typed", ["Вызов", "вызов", "ВЫЗОВ", "peresild", '"soyuz ms-19"', "пересильд шипенко"])
def test_search_as_you_type_is_the_search_of_timeline(typed: str) -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("slash")
        await pilot.press(*typed)
        await pilot.pause()
        assert shown_ids(app) == timeline_ids("--search", typed)
        assert shown_ids(app)  # (each finds something in the test data)
        assert f"search: \u201c{typed}\u201d" in screen_text(app)
        assert f"{len(app.shown)} of 17 events" in screen_text(app)

    drive(test)


def test_the_filters_typed_on_the_command_line_are_in_force_and_shown() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        assert shown_ids(app) == timeline_ids("--country", "ru", "--search", FILM)
        assert app.search.has_class("shown") and app.search.value == FILM
        assert f"country: Russia; search: \u201c{FILM}\u201d  (x clears)" in screen_text(app)

    drive(test, wanted=Request(countries=("ru",), search=(FILM,)))


def test_enter_goes_back_to_the_table_keeping_the_search_and_x_clears_it() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("slash", *"shipenko", "enter")
        found = shown_ids(app)
        assert found == timeline_ids("--search", "shipenko")
        await pilot.press("down")  # the table has the keys again
        assert app.current is not None and app.current.id == found[1]
        await pilot.press("x")
        assert len(app.shown) == 17
        assert "search" not in screen_text(app).splitlines()[0]

    drive(test)


def test_escape_in_an_empty_search_closes_it() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("slash", "escape")
        assert app.focused is app.table
        assert not app.search.has_class("shown")

    drive(test)


def test_a_search_that_finds_nothing_says_how_to_get_back() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("slash", *"zzzz")
        await pilot.pause()
        assert app.shown == []
        assert "No events match. Press x to clear the filters" in screen_text(app)
        await pilot.press("escape", "o", "i", "r")  # nothing to open, copy or compare: nothing happens
        await pilot.press("x")
        assert len(app.shown) == 17

    drive(test)


def pick(key: str, label: str) -> Callable[[Browser, Any], Awaitable[None]]:
    """Open a picker with `key` and choose the option that starts with `label` with the arrows and Enter."""

    async def choose(app: Browser, pilot: Any) -> None:
        await pilot.press(key)
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, Picker)
        labels = [label for _, label in picker.options]
        wanted = next(i for i, text in enumerate(labels) if text.startswith(label))
        await pilot.press("home", *["down"] * wanted, "enter")
        await pilot.pause()

    return choose


@pytest.mark.parametrize(
    ("key", "label", "option", "words"),
    [
        ("c", "Russia", "--country", "country: Russia"),
        ("k", "filming", "--kind", "kind: filming"),
        ("s", "unrealized", "--status", "status: unrealized"),
    ],
)
def test_keys_filter_by_country_kind_and_status(
    key: str, label: str, option: str, words: str, write_dataset: Callable[..., Path]
) -> None:
    # (the test data has only events that happened: the statuses are tried on events made up for it)
    planned = [event("a", "2020"), event("b", "2021", status="planned"), event("c", "2019", status="unrealized")]
    data = write_dataset({"events": planned}) if key == "s" else DATA

    async def test(app: Browser, pilot: Any) -> None:
        everything = len(app.shown)
        await pick(key, label)(app, pilot)
        assert shown_ids(app) == timeline_ids(option, label.lower(), data=data)
        assert 0 < len(app.shown) < everything
        assert words in screen_text(app).splitlines()[0]
        await pick(key, "all")(app, pilot)
        assert len(app.shown) == everything

    drive(test, data=data)


def test_escape_leaves_a_picker_choosing_nothing() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("c", "down", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, Picker)
        assert app.wanted == Request()

    drive(test)


def test_a_country_and_a_year_together_then_cleared() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pick("c", "Russia")(app, pilot)
        await pilot.press("y", *"2021", "enter")
        await pilot.pause()
        assert shown_ids(app) == timeline_ids("--country", "russia", "--since", "2021", "--until", "2021")
        assert "country: Russia; in 2021  (x clears)" in screen_text(app).splitlines()[0]
        await pilot.press("x")
        assert app.wanted == Request() and len(app.shown) == 17

    drive(test)


def test_a_year_prompt_says_what_it_cannot_read_and_empty_means_every_year() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("y", *"05/10/2021", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DatePrompt)
        problem = str(app.screen.query_one("#problem").render())
        assert "2021-10-05" in problem  # the date typed could be read two ways: the hint says how to write it
        await pilot.press(*["backspace"] * 10, *"Oct 2021", "enter")
        await pilot.pause()
        assert shown_ids(app) == timeline_ids("--since", "Oct 2021", "--until", "Oct 2021")
        await pilot.press("y", "enter")
        await pilot.pause()
        assert len(app.shown) == 17
        await pilot.press("y", "escape")
        assert not isinstance(app.screen, DatePrompt)

    drive(test)


def test_g_goes_to_the_first_event_of_a_year() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("g", *"2021", "enter")
        await pilot.pause()
        ids = timeline_ids()
        assert app.current is not None and app.current.id == timeline_ids("--since", "2021")[0]
        assert len(app.shown) == len(ids)  # a jump, not a filter
        notes: list[str] = []
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("g", *"2090", "enter")
        await pilot.pause()
        assert notes == ["No event shown falls in 2090 or after."]
        await pilot.press("g", "enter")  # empty: stays where it is
        await pilot.pause()
        assert app.current.id == timeline_ids("--since", "2021")[0]

    drive(test)


# The event's sources, id and race


class FakeBrowser:
    def __init__(self, opens: bool = True) -> None:
        self.opened: list[str] = []
        self.opens = opens

    def open(self, url: str) -> bool:
        self.opened.append(url)
        return self.opens


def go_to(app: Browser, event_id: str) -> None:
    app.table.move_cursor(row=shown_ids(app).index(event_id))


def test_o_opens_the_only_source_with_an_address(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeBrowser()
    monkeypatch.setattr("webbrowser.get", lambda: fake)

    async def test(app: Browser, pilot: Any) -> None:
        go_to(app, "pepsi-on-mir")
        await pilot.press("o")
        await pilot.pause()
        [source] = app.current.sources if app.current else []
        assert fake.opened == [source.url]

    drive(test)


def test_o_asks_which_source_when_there_are_several(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeBrowser()
    monkeypatch.setattr("webbrowser.get", lambda: fake)

    async def test(app: Browser, pilot: Any) -> None:
        go_to(app, "challenge-announced")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        linked = [s for s in app.current.sources if s.url] if app.current else []
        assert len(app.screen.options) == len(linked) > 1
        await pilot.press("down", "enter")
        await pilot.pause()
        assert fake.opened == [linked[1].url]

    drive(test)


def test_with_no_browser_the_address_is_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    def no_browser() -> None:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr("webbrowser.get", no_browser)

    async def test(app: Browser, pilot: Any) -> None:
        copied: list[str] = []
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        go_to(app, "pepsi-on-mir")
        await pilot.press("o")
        assert app.current is not None and copied == [app.current.sources[0].url]

    drive(test)


def test_a_browser_that_fails_leaves_the_address_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeBrowser(opens=False)
    monkeypatch.setattr("webbrowser.get", lambda: fake)

    async def test(app: Browser, pilot: Any) -> None:
        copied: list[str] = []
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        go_to(app, "pepsi-on-mir")
        await pilot.press("o")
        assert copied == fake.opened and len(copied) == 1

    drive(test)


def test_a_browser_in_the_terminal_gets_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    import webbrowser

    class Lynx(webbrowser.GenericBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    opened: list[str] = []
    suspended: list[bool] = []
    monkeypatch.setattr("webbrowser.get", lambda: Lynx("lynx"))

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        suspended.append(True)
        yield

    async def test(app: Browser, pilot: Any) -> None:
        app.suspend = suspend  # type: ignore[method-assign]
        go_to(app, "pepsi-on-mir")
        await pilot.press("o")
        assert suspended == [True] and len(opened) == 1

    drive(test)


def test_i_copies_the_id() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        copied: list[str] = []
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await pilot.press("down", "i")
        assert copied == [timeline_ids()[1]]

    drive(test)


def test_r_shows_the_race_of_the_events_project() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        go_to(app, "challenge-cast-named")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, Shown)
        shown = screen_text(app)
        assert "The race to shoot the first feature film in orbit" in shown
        assert "announced" in shown and "first" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, Shown)

    drive(test, size=(160, 48))


def test_r_says_why_there_is_no_race() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        notes: list[str] = []
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        go_to(app, "pepsi-on-mir")
        await pilot.press("r")
        go_to(app, "dream-sts-41-c")
        await pilot.press("r")
        assert notes == [
            "This event is of no project: a race compares film projects.",
            "No race in the dataset includes The Dream Is Alive.",
        ]
        assert not isinstance(app.screen, Shown)

    drive(test)


def test_question_mark_lists_every_key_and_q_closes_it_then_quits() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, Shown)
        shown = screen_text(app)
        for key in KEYS:
            assert key.key in shown
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, Shown)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(test)


# Sizes and colours


def test_narrow_terminals_stack_the_event_below_and_leave_out_the_country() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        assert app.main.has_class("stacked")
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        header = screen_text(app).splitlines()[1]
        assert "Title" in header and "Country" not in header
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert not app.main.has_class("stacked")
        assert "Country" in screen_text(app).splitlines()[1]
        assert all(len(line) <= 160 for line in screen_text(app).splitlines())

    drive(test)


def test_the_highlighted_event_stays_through_a_filter_that_keeps_it() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        go_to(app, "challenge-cast-named")
        await pick("c", "Russia")(app, pilot)
        assert app.current is not None and app.current.id == "challenge-cast-named"

    drive(test)


def test_no_color_draws_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def test(app: Browser, pilot: Any) -> None:
        assert app.no_color
        assert "17 of 17 events" in screen_text(app)

    drive(test)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_screen_snapshot(size: tuple[int, int]) -> None:
    """The first screen as text (its layout, not its colours), at 80x24 and 160x48."""
    path = SNAPSHOTS / f"browse_{size[0]}x{size[1]}.txt"
    screens: list[str] = []

    async def test(app: Browser, pilot: Any) -> None:
        await pilot.press("down", "down")
        screens.append(screen_text(app))

    drive(test, size)
    if UPDATE:
        path.write_text(screens[0] + "\n", encoding="utf-8")
    assert screens[0] + "\n" == path.read_text(encoding="utf-8"), f"{path} differs (SPACEFILM_UPDATE_SNAPSHOTS=1)"


# The words, apart from the screen


def test_filter_words_name_every_filter_in_force() -> None:
    from spacefilm.dates import parse_user_date

    names = catalog(DATA)
    wanted = Request(
        since=parse_user_date("2020"),
        until=parse_user_date("2021"),
        countries=("usa",),
        kinds=("filming",),
        statuses=("planned",),
        projects=("the challenge",),
        search=(FILM.lower(),),
    )
    assert filter_words(names, wanted) == [
        "country: United States",
        "kind: filming",
        "status: planned",
        "project: The Challenge",
        "since 2020",
        "until 2021",
        f"search: \u201c{FILM.lower()}\u201d",
    ]
    assert filter_words(names, Request()) == []


def test_choices_count_the_events_of_each() -> None:
    names = catalog(DATA)
    countries = choices(names, "country")
    assert countries[0] == ("", "all countries")
    assert ("russia", f"Russia  ({len(timeline_ids('--country', 'russia'))})") in countries
    assert choices(names, "status")[0] == ("", "all statuses")
    assert ("kinds" in choices(names, "kind")[0][1]) and len(choices(names, "kind")) > 2


def test_a_disputed_claim_is_marked_and_a_translated_one_translated() -> None:
    claims: Any = [
        SimpleNamespace(claim=FIRST, by="Roscosmos", is_first=True, translation="the first", disputed=None),
        SimpleNamespace(claim="first advert", by="Guinness", is_first=True, disputed={"by": "Pepsi", "note": "1996"}),
        SimpleNamespace(claim="what it was", by="a critic", is_first=False),
    ]
    lines = [(label, value.plain) for label, value in claim_fields(claims)]
    assert lines == [
        ("Claim", f"\u201c{FIRST}\u201d, by Roscosmos"),
        ("", "(our translation) the first"),
        ("Claim", "\u201cfirst advert\u201d, by Guinness"),
        ("", "disputed: by Pepsi; 1996"),
        ("Statement", "\u201cwhat it was\u201d, by a critic"),
    ]
    assert disputed_words(True) == "a source in the dataset contradicts it"
    assert disputed_words("contradicted by the Pepsi advert of 1996") == "contradicted by the Pepsi advert of 1996"
    assert disputed_words({"by": "X", "source": {"title": "T", "url": None}}) == "by X; T"


def test_the_datasets_disputes_are_worded_as_every_other_output_words_them() -> None:
    """A claim of the data with disputes (a tuple of them, each with its sources) is shown, never a crash: each dispute
    a line, "disputed: NOTE (BY)", as `show` and `firsts` word it."""
    announced = catalog().by_id["challenge-announced"]  # (the built-in dataset)
    lines = [value.plain for _, value in claim_fields(announced.claims)]
    disputed = [line for line in lines if line.startswith("disputed: Return from Orbit")]
    assert disputed and disputed[0].endswith("(Wiki2 and Wiki4 (a copy of Russian Wikipedia))")


def test_the_event_shows_its_claims() -> None:
    async def test(app: Browser, pilot: Any) -> None:
        go_to(app, "tnuva-advert")
        await pilot.pause()
        event = app.current
        assert event is not None and event.claims
        assert f"\u201c{event.claims[0].claim}\u201d"[:40] in " ".join(screen_text(app).split())

    drive(test, size=(160, 48))


def test_readme_lists_every_key() -> None:
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Browse") :]
    for key in KEYS:
        assert f"| {key.key} |" in section.replace("`", ""), key.key


# A real terminal


class Tmux:
    """`spacefilm browse` in a terminal of its own (a tmux server on a socket of this test), typed at and read."""

    def __init__(self, done: Path, columns: int, rows: int, term: str) -> None:
        self.command = ["tmux", "-L", f"spacefilm-test-{os.getpid()}-{columns}", "-f", "/dev/null"]
        self.done = done
        program = f"TERM={term} COLORTERM= {sys.executable} -m spacefilm browse; echo exited $? > {done}; sleep 60"
        self.run("new-session", "-d", "-x", str(columns), "-y", str(rows), program)

    def run(self, *args: str) -> str:
        return subprocess.run([*self.command, *args], capture_output=True, text=True, check=True).stdout

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + 30
        while text not in (shown := self.run("capture-pane", "-p")) and time.monotonic() < deadline:
            time.sleep(0.2)
        return shown

    def exit_status(self) -> str:
        deadline = time.monotonic() + 20
        while not self.done.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.done.read_text().strip()

    def close(self) -> None:
        subprocess.run([*self.command, "kill-server"], capture_output=True)


needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@needs_tmux
def test_in_a_real_terminal_a_search_in_russian_finds_the_film(tmp_path: Path) -> None:
    """On the built-in data at 100x30: / and a Russian word typed, the screen read, then q."""
    terminal = Tmux(tmp_path / "done", 100, 30, "xterm-256color")
    try:
        assert " events" in terminal.wait_for(" events  (? for the keys)")
        terminal.run("send-keys", "/")
        terminal.wait_for('"a phrase"')  # the search line, open
        terminal.run("send-keys", "-l", FILM)
        shown = terminal.wait_for(f"search: \u201c{FILM}\u201d")
        assert re.search(f"\\d+ of \\d+ events  search: \u201c{FILM}\u201d  \\(x clears\\)", shown), shown
        assert f"\u00ab{FILM}\u00bb" in shown  # the announcement of «Вызов» (The Challenge)
        terminal.run("send-keys", "Enter")  # back to the table (Esc then q at once would read as Alt+q)
        time.sleep(0.5)
        terminal.run("send-keys", "q")
        assert terminal.exit_status() == "exited 0"
    finally:
        terminal.close()


@needs_tmux
def test_a_16_colour_terminal_gets_16_colours(tmp_path: Path) -> None:
    """TERM=xterm at 80x24: the screen is drawn, and with none of the 256 or 24-bit colours such a terminal lacks."""
    terminal = Tmux(tmp_path / "done", 80, 24, "xterm")
    try:
        assert "events  (? for the keys)" in terminal.wait_for(" events  (? for the keys)")
        time.sleep(0.5)
        codes = re.findall(r"\x1b\[([0-9;:]*)m", terminal.run("capture-pane", "-p", "-e"))
        assert codes
        assert not [code for code in codes if re.search(r"(^|;)[34]8[;:]", code)], codes
        terminal.run("send-keys", "q")
        assert terminal.exit_status() == "exited 0"
    finally:
        terminal.close()


def test_a_long_date_is_shown_whole_where_the_screen_has_room(tmp_path: Path) -> None:
    """The Date column was 22 columns at any width: a date across two years lost its end's year even at 200."""
    path = tmp_path / "long.json"
    long, short = "Dec 21, 2012 \u2013 May 13, 2013", "Oct 5\u201317, 2021"
    events = [event("across", "2012-12-21/2013-05-13"), event("filmed", "2021-10-05/2021-10-17")]
    path.write_text(json.dumps({"events": events}), encoding="utf-8")

    async def test(app: Browser, pilot: Any) -> None:
        await pilot.resize_terminal(220, 40)
        await pilot.pause()
        wide = screen_text(app)
        assert re.search(rf"{long}\s+us\s+Title of across", wide) and short in wide
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        narrow = screen_text(app)
        # (22 columns, as before: the title needs the room)
        assert re.search("Dec 21, 2012 \u2013 May 13\u2026\\s+(us\\s+)?Title of across", narrow)
        assert all(len(line) <= 60 for line in narrow.splitlines())

    drive(test, data=path)
