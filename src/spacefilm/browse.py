"""`spacefilm browse`: the timeline explored in the terminal, with Textual. Imported only by that command.

The table is the timeline (date as displayed, country, title); beside it (or below it, on a narrow terminal) the
highlighted event in full, as `show` words it. The filters are a query.Request, changed by keys and resolved and
applied by query.py as `timeline`'s options are: the search is `--search`'s, words and "phrases", any case or accent.
"""

from __future__ import annotations

import os
import webbrowser
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import msgspec
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from .model import KINDS, STATUSES, Catalog, Event
from .query import Request, UnknownName, resolve_request, select
from .render.claims import dispute_words
from .render.output import Output, inert_line
from .render.plain import country_styles, truncate, width
from .render.terminal import event_view, text
from .render.views import marked_title
from .vocab import STATUS_MARK

if TYPE_CHECKING:
    from .dates import EventDate
    from .model import Claim
    from .state import State

# Wider than this, the event in full goes beside the table; at this width and narrower, below it.
BESIDE_FROM = 120
# Narrower than this, the table leaves out the country (the event in full names it).
COUNTRY_FROM = 60
DATE_MAX, COUNTRY_MAX, TITLE_MIN = 22, 16, 12
# With room to spare (a title of this many columns left), a date is shown whole up to DATE_WIDE columns.
DATE_WIDE, ROOMY_TITLE = 40, 40


class Key(NamedTuple):
    key: str  # as the help screen and the README show it
    what: str


# The keys, as `?` lists them (and the README's browse section: tests/test_browse.py holds the two together).
KEYS = (
    Key("↑ ↓ PgUp PgDn Home End", "move in the timeline (or click a row)"),
    Key("Tab", "move between the timeline, the event and the search"),
    Key("/", 'search: words and "phrases", any case or accent, in any alphabet (Enter: back to the table)'),
    Key("c", "filter by country"),
    Key("k", "filter by kind"),
    Key("s", "filter by status"),
    Key("y", "filter by a year (or a month, a day: 2021, Oct 2021)"),
    Key("g", "go to a year: the first event that can fall in it or after"),
    Key("x", "clear every filter and the search"),
    Key("o", "open a source of the event in the web browser"),
    Key("i", "copy the event's id to the clipboard"),
    Key("r", "the race of the event's project, milestone by milestone (compare)"),
    Key("?", "the keys (this list)"),
    Key("q", "quit (Ctrl+C too; Esc closes a window)"),
)


class Timeline(DataTable[Text]):
    """The table of events: Home and End go to the first and last event (a row a line: nothing to scroll across)."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]


class Browser(App[None]):
    """The timeline, the highlighted event in full, a line of the filters in force, and the keys."""

    TITLE = "spacefilm"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #filters { height: 1; padding: 0 1; background: $panel; }
    #main { height: 1fr; layout: horizontal; }
    #main.stacked { layout: vertical; }
    #events { width: 1fr; height: 1fr; }
    #detail { width: 1fr; height: 1fr; padding: 0 1; border-left: solid $primary; }
    #main.stacked #events, #main.stacked #detail { width: 100%; }
    #main.stacked #detail { border-left: none; border-top: solid $primary; }
    #search { display: none; height: 1; border: none; padding: 0 1; }
    #search.shown { display: block; }
    """
    BINDINGS: ClassVar[list[Any]] = [
        Binding("slash", "search", "Search"),
        Binding("c", "pick('country')", "Country"),
        Binding("k", "pick('kind')", "Kind"),
        Binding("s", "pick('status')", "Status"),
        Binding("y", "year", "Year"),
        Binding("g", "go_to_year", "Go to", show=False),
        Binding("x", "clear", "Clear"),
        Binding("o", "open_source", "Open"),
        Binding("i", "copy_id", "Copy id", show=False),
        Binding("r", "race", "Race"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False),  # (what a terminal program is left with)
    ]

    def __init__(self, catalog: Catalog, wanted: Request | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.wanted = wanted or Request()
        self.shown: list[Event] = []
        self.colours = country_styles(catalog.countries)
        displays = {event.display or "" for event in catalog.events}
        self.longest_date = min(max(map(width, displays), default=4), DATE_WIDE)
        self.date_width = min(self.longest_date, DATE_MAX)  # (widened where the screen has room: see show)
        self.country_width = min(max((width(c.name) for c in catalog.countries.values()), default=7), COUNTRY_MAX)
        self.laid_out_for = (0, False, 0)
        # The widgets, kept here: a query would look in the window on top (a picker), not the timeline's screen.
        self.filters = Static(id="filters")
        self.main = Container(id="main")
        self.table = Timeline(id="events", cursor_type="row")
        self.detail = VerticalScroll(id="detail")
        self.event = Static(id="event")
        self.search = Input(placeholder='search: words, "a phrase" (Enter: back to the table, Esc: close)', id="search")

    def compose(self) -> ComposeResult:
        yield self.filters
        with self.main:
            yield self.table
            with self.detail:
                yield self.event
        yield self.search
        yield Footer()

    def on_mount(self) -> None:
        if self.wanted.search:
            self.search.value = " ".join(self.wanted.search)
            self.search.add_class("shown")
        self.refill()
        self.table.focus()

    def on_resize(self, resized: events.Resize) -> None:
        self.refill(resized.size.width)

    # What is shown

    @property
    def current(self) -> Event | None:
        row = self.table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def refill(self, screen: int | None = None) -> None:
        """Apply the filters, and lay out the table for the screen's width, keeping the event highlighted."""
        keep = self.current.id if self.current else None
        self.shown = select(self.catalog, resolve_request(self.catalog, self.wanted))
        table = self.table
        screen = screen or self.size.width or 80
        beside = screen > BESIDE_FROM
        self.main.set_class(not beside, "stacked")
        table_width = screen // 2 if beside else screen
        with_country = table_width >= COUNTRY_FROM
        columns = 2 if with_country else 1
        others = (self.country_width if with_country else 0) + 2 * (columns + 1) + 2
        roomy = table_width - others - self.longest_date >= ROOMY_TITLE  # (a date across two years, whole)
        self.date_width = self.longest_date if roomy else min(self.longest_date, DATE_MAX)
        title_width = max(TITLE_MIN, table_width - others - self.date_width)
        if self.laid_out_for != (title_width, with_country, self.date_width):
            self.laid_out_for = (title_width, with_country, self.date_width)
            table.clear(columns=True)
            table.add_column("Date", width=self.date_width, key="date")
            if with_country:
                table.add_column("Country", width=self.country_width, key="country")
            table.add_column("Title", width=title_width, key="title")
        table.clear()
        for event in self.shown:
            table.add_row(*self.cells(event, with_country, title_width), key=event.id)
        at = next((i for i, event in enumerate(self.shown) if event.id == keep), 0)
        if self.shown:
            table.move_cursor(row=at)
        self.show_filters()
        self.show_event()

    def cells(self, event: Event, with_country: bool, title_width: int) -> list[Text]:
        plan = event.status != "happened"
        cells = [text(truncate(event.display or "", self.date_width), "dim" if plan else "")]
        if with_country:
            country = truncate(self.catalog.country_name(event.country), self.country_width)
            cells.append(text(country, self.colours.get(event.country, "")))
        cells.append(text(truncate(marked_title(event), title_width), "italic dim" if plan else ""))
        return cells

    def show_filters(self) -> None:
        words = filter_words(self.catalog, self.wanted)
        counted = f"{len(self.shown)} of {len(self.catalog.loaded)} events"
        line = Text(counted, style="bold")
        if words:
            line.append("  " + inert_line("; ".join(words)))
            line.append("  (x clears)", style="dim")
        else:
            line.append("  (? for the keys)", style="dim")
        self.filters.update(line)

    def show_event(self) -> None:
        event = self.current
        view: RenderableType
        if event is None:
            view = Text("No events match. Press x to clear the filters, or / to change the search.")
        else:
            view = event_in_full(self.catalog, event, self.detail.size.width or self.size.width)
        self.event.update(view)
        self.detail.scroll_home(animate=False)

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        self.show_event()

    # Filters

    def change(self, **fields: Any) -> None:
        self.wanted = msgspec.structs.replace(self.wanted, **fields)
        self.refill()

    def action_search(self) -> None:
        self.search.add_class("shown")
        self.search.focus()

    @on(Input.Changed, "#search")
    def searched(self, changed: Input.Changed) -> None:
        typed = changed.value.strip()
        if (typed,) != self.wanted.search and (typed or self.wanted.search):
            self.change(search=(typed,) if typed else ())

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.table.focus()

    def on_key(self, key: events.Key) -> None:
        search = self.search
        if key.key == "escape" and search.has_focus:
            if not search.value:
                search.remove_class("shown")
            self.table.focus()
            key.stop()

    def action_pick(self, what: str) -> None:
        options = choices(self.catalog, what)
        chosen = {"country": self.wanted.countries, "kind": self.wanted.kinds, "status": self.wanted.statuses}[what]

        def picked(value: str | None) -> None:
            if value is None:
                return
            field = {"country": "countries", "kind": "kinds", "status": "statuses"}[what]
            self.change(**{field: (value,) if value else ()})

        self.push_screen(Picker(f"Show the events of one {what}", options, chosen[0] if chosen else ""), picked)

    def action_year(self) -> None:
        def typed(when: EventDate | None) -> None:
            if when is NO_DATE:
                self.change(since=None, until=None)
            elif when is not None:
                self.change(since=when, until=when)

        prompt = DatePrompt("Show the events of a year (or a month, a day): 2021, Oct 2021. Empty: every year.")
        self.push_screen(prompt, typed)

    def action_go_to_year(self) -> None:
        def typed(when: EventDate | None) -> None:
            if when is None or when is NO_DATE:
                return
            first = next((i for i, e in enumerate(self.shown) if (e.latest or "9") >= when.earliest.isoformat()), None)
            if first is None:
                self.notify(f"No event shown falls in {when.display()} or after.", severity="warning")
            else:
                self.table.move_cursor(row=first)

        self.push_screen(DatePrompt("Go to a year (or a month, a day): 2021, Oct 2021."), typed)

    def action_clear(self) -> None:
        search = self.search
        self.wanted = Request()
        with search.prevent(Input.Changed):
            search.value = ""
        search.remove_class("shown")
        self.refill()
        self.table.focus()

    # The event

    def action_open_source(self) -> None:
        event = self.current
        if event is None:
            return
        linked = [(n, s) for n, s in enumerate(event.sources, start=1) if s.url]
        if not linked:
            self.notify("No source of this event has an address.", severity="warning")
        elif len(linked) == 1:
            self.open_address(linked[0][1].url or "")
        else:
            options = [(str(n), f"{n}. {s.title}" + (f" ({s.publisher})" if s.publisher else "")) for n, s in linked]
            urls = {str(n): s.url or "" for n, s in linked}

            def picked(value: str | None) -> None:
                if value:
                    self.open_address(urls[value])

            self.push_screen(Picker("Open which source?", options, options[0][0]), picked)

    def open_address(self, url: str) -> None:
        """Open a source in the web browser; a browser that runs in the terminal (lynx, w3m) gets the terminal."""
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            self.copy_to_clipboard(url)
            self.notify(f"No web browser found: the address is copied. {inert_line(url)}", markup=False)
            return
        in_terminal = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
            browser, webbrowser.BackgroundBrowser
        )
        if in_terminal:
            with self.suspend():
                opened = browser.open(url)
        else:
            opened = browser.open(url)
        if opened:
            self.notify(f"Opened {inert_line(url)}", markup=False)
        else:
            self.copy_to_clipboard(url)
            self.notify(f"The browser did not open it: the address is copied. {inert_line(url)}", markup=False)

    def action_copy_id(self) -> None:
        event = self.current
        if event is not None:
            self.copy_to_clipboard(event.id)
            self.notify(f"Copied {inert_line(event.id)}", markup=False)

    def action_race(self) -> None:
        event = self.current
        if event is None:
            return
        found = race_of(self.catalog, event, self.size.width - 4)  # (inside the window's border and padding)
        if isinstance(found, str):
            self.notify(found, severity="warning", markup=False)
            return
        self.push_screen(Shown("The race (spacefilm compare)", found))

    def action_help(self) -> None:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for key in KEYS:
            grid.add_row(key.key, key.what)
        intro = Text("Keys (the mouse works too: click a row, scroll, click a key at the bottom)\n")
        self.push_screen(Shown("spacefilm browse", Group(intro, grid)))


class Picker(ModalScreen[str | None]):
    """A list to choose one from (Enter or a click); Esc chooses nothing. An option's id is its value."""

    BINDINGS: ClassVar[list[Any]] = [Binding("escape", "dismiss_none", "Close")]
    DEFAULT_CSS = """
    Picker { align: center middle; }
    Picker > Vertical { width: 70; max-width: 100%; height: auto; max-height: 90%; border: round $primary;
                        background: $surface; }
    Picker OptionList, Picker OptionList:focus { height: auto; max-height: 20; border: none; padding: 0; }
    """

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield OptionList(*(Option(Text(inert_line(label)), id=value) for value, label in self.options))

    def on_mount(self) -> None:
        listed = self.query_one(OptionList)
        values = [value for value, _ in self.options]
        listed.highlighted = values.index(self.current) if self.current in values else 0
        listed.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, selected: OptionList.OptionSelected) -> None:
        self.dismiss(selected.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class _NoDate:
    """An empty answer to a DatePrompt: no date (every year)."""


NO_DATE: Any = _NoDate()


class DatePrompt(ModalScreen[Any]):
    """Asks for a date as people write it (`--since` reads the same); Esc asks nothing. Empty answers NO_DATE."""

    BINDINGS: ClassVar[list[Any]] = [Binding("escape", "dismiss_none", "Close")]
    DEFAULT_CSS = """
    DatePrompt { align: center middle; }
    DatePrompt > Vertical { width: 70; max-width: 100%; height: auto; border: round $primary; background: $surface; }
    DatePrompt Input { border: none; height: 1; margin: 1 0 0 0; }
    DatePrompt #problem { color: $error; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            yield Input(placeholder="2021")
            yield Static(id="problem")

    @on(Input.Submitted)
    def submitted(self, submitted: Input.Submitted) -> None:
        from .dates import DateError, parse_user_date

        typed = submitted.value.strip()
        if not typed:
            self.dismiss(NO_DATE)
            return
        try:
            when = parse_user_date(typed)
        except DateError as error:
            self.query_one("#problem", Static).update(Text(inert_line(str(error))))
            return
        self.dismiss(when)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class Shown(ModalScreen[None]):
    """Something to read (the keys, a race), scrolled with the keys or the mouse; Esc or q closes it."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
    ]
    DEFAULT_CSS = """
    Shown { align: center middle; }
    Shown > VerticalScroll { width: 100%; max-width: 160; height: auto; max-height: 100%; border: round $primary;
                             background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.heading = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.heading
            yield Static(self.body)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)


# The words of the screen, apart from Textual (tested without a terminal)


def filter_words(names: Catalog, wanted: Request) -> list[str]:
    """The filters in force, in words: "country: Russia", "search: “пересильд”"."""
    words = []
    if wanted.countries:
        words.append("country: " + ", ".join(names.country_name(c) for c in _resolved(names, wanted).countries))
    if wanted.kinds:
        words.append("kind: " + ", ".join(wanted.kinds))
    if wanted.statuses:
        words.append("status: " + ", ".join(wanted.statuses))
    if wanted.projects:
        words.append("project: " + ", ".join(names.project_title(p) for p in _resolved(names, wanted).projects))
    if wanted.since is not None and wanted.since is wanted.until:
        words.append(f"in {wanted.since.display()}")
    else:
        if wanted.since is not None:
            words.append(f"since {wanted.since.display()}")
        if wanted.until is not None:
            words.append(f"until {wanted.until.display()}")
    if wanted.search:
        words.append("search: \u201c" + " ".join(wanted.search) + "\u201d")
    return words


class _Ids(NamedTuple):
    countries: list[str]
    projects: list[str]


def _resolved(names: Catalog, wanted: Request) -> _Ids:
    filters = resolve_request(names, wanted).filters
    return _Ids(sorted(filters.countries), sorted(filters.projects))


def choices(catalog: Catalog, what: str) -> list[tuple[str, str]]:
    """What a filter can be set to, each with its count of events; first, "" for every one."""
    counts: Counter[str]
    if what == "country":
        counts = Counter(e.country for e in catalog.loaded)
        named = [(c.id, c.name) for c in catalog.countries.values() if counts[c.id]]
        plural = "countries"
    elif what == "kind":
        counts = Counter(e.kind for e in catalog.loaded)
        named = [(k, k) for k in KINDS if counts[k]]
        plural = "kinds"
    else:
        counts = Counter(e.status for e in catalog.loaded)
        named = [(s, s + (f" ({STATUS_MARK[s]})" if s in STATUS_MARK else "")) for s in STATUSES if counts[s]]
        plural = "statuses"
    return [("", f"all {plural}")] + [(value, f"{label}  ({counts[value]})") for value, label in named]


def event_in_full(names: Catalog, event: Event, columns: int) -> RenderableType:
    """The event as `show` words it (render/terminal.py), its claims after its sources, each marked if disputed."""
    output = Output(terminal=True, colour=True, width=max(columns, 20))
    shown = event_view(names, msgspec.structs.replace(event, claims=()), output)
    if not event.claims:
        return shown
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in claim_fields(event.claims):
        grid.add_row(label, value)
    return Group(shown, Text(""), grid)


def claim_fields(claims: Sequence[Claim]) -> list[tuple[str, Text]]:
    """A label and a value a line for each claim: the claim and who makes it, its translation, and whether (and by
    whom) it is disputed. (`translation` and `disputed` are read when the data has them.)"""
    fields: list[tuple[str, Text]] = []
    for claim in claims:
        label = "Claim" if getattr(claim, "is_first", True) else "Statement"
        disputed = getattr(claim, "disputed", None)
        fields.append((label, text(f"\u201c{claim.claim}\u201d, by {claim.by}")))
        translation = getattr(claim, "translation", None)
        if translation:
            fields.append(("", text(f"(our translation) {translation}", "dim")))
        if isinstance(disputed, (list, tuple)):  # the data's disputes: each worded as every other output words it
            fields += [("", text(dispute_words(dispute), "bold yellow")) for dispute in disputed]
        elif disputed:
            fields.append(("", text(f"disputed: {disputed_words(disputed)}", "bold yellow")))
    return fields


def disputed_words(disputed: Any) -> str:
    """What the data says of a dispute, in words: its text, or its fields (who disputes it, with which source)."""
    if disputed is True:
        return "a source in the dataset contradicts it"
    if isinstance(disputed, str):
        return disputed
    fields = msgspec.structs.asdict(disputed) if isinstance(disputed, msgspec.Struct) else dict(disputed)
    parts = []
    for name, value in fields.items():
        if value in (None, "", (), [], msgspec.UNSET):
            continue
        if name == "by":
            parts.append(f"by {value}")
        elif isinstance(value, (str, int)):
            parts.append(str(value))
        else:
            parts.append(disputed_words(value))
    return "; ".join(parts)


def race_of(catalog: Catalog, event: Event, columns: int) -> RenderableType | str:
    """The comparison (`compare`) of the event's project with each other project of its race, drawn as `compare`
    draws it in `columns`, or why there is none."""
    from .race import RaceError, between
    from .render.race_view import comparison_view

    if event.project is None:
        return "This event is of no project: a race compares film projects."
    races = [race for race in catalog.races if event.project in race.projects]
    if not races:
        return f"No race in the dataset includes {catalog.project_title(event.project)}."
    views: list[RenderableType] = []
    for race in races:
        for other in race.projects:
            if other == event.project:
                continue
            try:
                views.append(comparison_view(between(catalog, (event.project, other), race.id), columns))
            except (RaceError, UnknownName) as error:
                views.append(text(str(error)))
    return Group(*views)


def browse(state: State, wanted: Request, make: Callable[[Catalog, Request], Browser] = Browser) -> None:
    """Load the dataset, check the filters typed, and run the browser until q."""
    from .state import usage_error

    catalog = state.catalog()
    try:
        resolve_request(catalog, wanted)
    except UnknownName as error:
        raise usage_error(error) from None
    if not state.output.colour:
        os.environ["NO_COLOR"] = "1"  # (Textual's own switch: --color never, NO_COLOR, CLICOLOR=0 all say it)
    make(catalog, wanted).run()
