"""The command line: parse options, run a query, hand the result to a renderer. Nothing else lives here."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeVar

import click
from click.shell_completion import CompletionItem

from . import __version__
from .vocab import FORMATS, KINDS, STATUSES

# Start-up is a feature: anything heavier than Click (msgspec, our loader, Rich, dateutil) is imported where it is
# used, so `--help` pays for none of it and `--format json` never pays for Rich.
if TYPE_CHECKING:
    from .dates import EventDate
    from .model import Catalog, ClaimRow, Event
    from .parallel import Answer, MakeQuery
    from .query import Filters

F = TypeVar("F", bound=Callable[..., Any])
MAX_PROBLEMS_SHOWN = 20
# Datasets loaded in this process, referenced until os._exit in main(): freeing a million events object by object
# as Click unwinds would cost seconds for nothing.
_LOADED: list[Catalog] = []


class SpacefilmGroup(click.Group):
    """A group that suggests the closest command for a typo."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            import difflib

            matches = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.5)
            hint = f" Did you mean {matches[0]!r}?" if matches else ""
            ctx.fail(f"No such command {name!r}.{hint} Commands: {', '.join(self.list_commands(ctx))}.")
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


class UserDate(click.ParamType):  # type: ignore[type-arg]
    """A date as typed (2021, Oct 2021, Oct. 5, 2021, 2021-10-05), kept at the precision typed."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> EventDate:
        from .dates import DateError, EventDate, parse_user_date

        if isinstance(value, EventDate):
            return value
        try:
            return parse_user_date(str(value))
        except DateError as error:
            self.fail(str(error), param, ctx)


class FilePath(click.Path):
    """A path; one with a NUL byte (which no file can have) is a usage error, not os.stat's ValueError."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if "\x00" in os.fsdecode(value):
            self.fail("a path cannot contain a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


class State:
    """What the root command knows: where the data is and how to colour. The catalog loads on first use."""

    def __init__(self, data: str | None, colour: str) -> None:
        self.data = data
        self.colour = colour
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from .loader import DataError, load

            try:
                self._catalog = load(self.data)
            except DataError as error:
                fail_with_problems(error.problems, self.data)
            _LOADED.append(self._catalog)
        return self._catalog

    def select(
        self, filters: dict[str, Any], reverse: bool = False, limit: int | None = None
    ) -> tuple[Catalog, list[Event]]:
        """The catalog, and the events the filters keep in date order: a big file a slice at a time (parallel.py)."""
        if self._catalog is None and self.data is not None:
            from .parallel import Query
            from .query import build_filters

            # (A name that resolves to nothing gives no answer: load() then reports it as a usage error.)
            answer = self._in_slices(lambda catalog: Query(build_filters(catalog, **filters), reverse, limit))
            if answer is not None:
                _LOADED.append(answer.catalog)
                return answer.catalog, answer.events
        from .query import select

        catalog = self.catalog
        return catalog, select(catalog, make_filters(catalog, **filters), reverse=reverse, limit=limit)

    def _in_slices(self, make_query: MakeQuery | None) -> Answer | None:
        from .loader import DataError
        from .parallel import select_in_slices

        try:
            return select_in_slices(self.data, make_query)
        except DataError as error:
            fail_with_problems(error.problems, self.data)

    def console(self) -> Any:
        from .render.plain import colour_choice
        from .render.terminal import make_console

        return make_console(colour_choice(self.colour), sys.stdout)


pass_state = click.make_pass_decorator(State)


def fail_with_problems(problems: Sequence[str], data: str | None) -> NoReturn:
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"Error: {problem}", err=True)
    hidden = len(problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        target = f" {data}" if data else ""
        click.echo(f"... and {hidden} more problems: run `spacefilm validate{target}` for all", err=True)
    sys.exit(1)


def _catalog_for_completion(ctx: click.Context) -> Catalog | None:
    from .loader import DataError, load

    try:
        return load(ctx.find_root().params.get("data"))
    except DataError:
        return None


def _completer(values: Callable[[Catalog], Sequence[str]]) -> Callable[..., list[CompletionItem]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        catalog = _catalog_for_completion(ctx)
        if catalog is None:
            return []
        return [CompletionItem(v) for v in values(catalog) if v.lower().startswith(incomplete.lower())]

    return complete


complete_countries = _completer(lambda c: [*c.countries, *(a for x in c.countries.values() for a in x.aliases)])
complete_projects = _completer(lambda c: list(c.projects))
complete_ids = _completer(lambda c: [e.id for e in c.events])
complete_sides = _completer(lambda c: [*c.countries, *c.projects])
complete_races = _completer(lambda c: [r.id for r in c.races])


def _fixed_completer(values: Sequence[str]) -> Callable[..., list[CompletionItem]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(v) for v in values if v.startswith(incomplete.lower())]

    return complete


complete_kinds = _fixed_completer(KINDS)
complete_statuses = _fixed_completer(STATUSES)


DATA_HELP = "Dataset to use instead of the built-in one: JSON object, JSON array of events, or JSON Lines."


def _set_data(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    state = ctx.find_object(State)
    if value is not None and state is not None:
        state.data = value


def data_option(func: F) -> F:
    """--data after the command name too (`spacefilm timeline --data mine.json`)."""
    return click.option("--data", type=FilePath(), expose_value=False, callback=_set_data, help=DATA_HELP)(func)


LISTING_HELP = "Output format. json and jsonl follow the output contract; csv/tsv have a header row."


def output_options(formats: Sequence[str] = FORMATS, help: str = LISTING_HELP) -> Callable[[F], F]:
    """--format and its --json shorthand, the same way on every command."""

    def decorate(func: F) -> F:
        func = click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json.")(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats, case_sensitive=False),
            default="table",
            show_default=True,
            help=help,
        )(func)

    return decorate


def filter_options(func: F) -> F:
    """The event filters shared by timeline and the commands built on it."""
    options = [
        click.option("--since", type=UserDate(), help="Keep events that can fall on or after DATE."),
        click.option("--until", type=UserDate(), help="Keep events that can fall on or before DATE (inclusive)."),
        click.option(
            "--country",
            "countries",
            multiple=True,
            shell_complete=complete_countries,
            help="Country id, alias or name (case-insensitive). Repeatable.",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            shell_complete=complete_kinds,
            help=f"Event kind: {', '.join(KINDS)}. Repeatable.",
        ),
        click.option(
            "--project",
            "projects",
            multiple=True,
            shell_complete=complete_projects,
            help="Project id or title. Repeatable.",
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            shell_complete=complete_statuses,
            help="happened, planned (still ahead) or unrealized (never happened). Repeatable.",
        ),
        click.option(
            "--search", metavar="TEXT", help="Case-insensitive text in title, summary, people, organisations, notes."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_filters(catalog: Catalog, **given: Any) -> Filters:
    from .query import UnknownName, build_filters

    try:
        return build_filters(catalog, **given)
    except UnknownName as error:
        option = {"country": "--country", "project": "--project", "kind": "--kind", "status": "--status"}
        raise click.BadParameter(error.message(), param_hint=f"'{option.get(error.what, error.what)}'") from None


def marked_title(event: Event) -> str:
    """The title, with plans marked: "(planned)", "(never happened)"."""
    from .render.plain import STATUS_MARK

    mark = STATUS_MARK.get(event.status)
    return f"{event.title} ({mark})" if mark else event.title


def chosen_format(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt.lower()


class Listing(NamedTuple):
    """Items a command lists, and how each format shows them."""

    items: Sequence[Any]
    flat_headers: Sequence[str]
    flat_row: Callable[[Any], dict[str, str]]
    markdown_headers: Sequence[str]
    markdown_row: Callable[[Any], Sequence[str]]
    table_headers: Sequence[str]
    table_row: Callable[[Any], Sequence[str]]
    table_styles: Callable[[Any], Sequence[str]]  # a Rich style per cell, for a terminal
    last_column_optional: bool = False  # left out on a terminal narrower than FULL_TABLE_WIDTH


def write_listing(state: State, listing: Listing, fmt: str) -> None:
    """The items in the chosen format: Rich colours tables on a terminal; everything else is plain text."""
    from .render import plain, records

    items = listing.items
    if fmt == "json":
        records.write_json_array(sys.stdout.buffer, items)
    elif fmt == "jsonl":
        records.write_jsonl(sys.stdout.buffer, items)
    elif fmt in ("csv", "tsv"):
        flat = (listing.flat_row(item) for item in items)
        records.write_delimited(sys.stdout, flat, listing.flat_headers, "," if fmt == "csv" else "\t")
    elif fmt == "markdown":
        lines = records.markdown_table(listing.markdown_headers, map(listing.markdown_row, items))
        records.write_lines(sys.stdout, lines)
    elif not items:
        click.echo("No events match.", err=True)
    elif plain.draws_with_rich(state.colour):
        from .render.terminal import print_rows

        console = state.console()
        narrow = listing.last_column_optional and console.width < plain.FULL_TABLE_WIDTH
        keep = len(listing.table_headers) - narrow
        rows = [listing.table_row(item)[:keep] for item in items]
        styles = [listing.table_styles(item)[:keep] for item in items]
        print_rows(console, listing.table_headers[:keep], rows, styles)
    else:
        records.write_lines(sys.stdout, plain.aligned(listing.table_headers, map(listing.table_row, items)))


@click.group(
    name="spacefilm",
    cls=SpacefilmGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--data",
    type=FilePath(),
    envvar="SPACEFILM_DATA",
    show_envvar=True,
    help=DATA_HELP,
)
@click.option(
    "--color",
    "--colour",
    "colour",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour tables: auto colours only a terminal (and honours NO_COLOR, FORCE_COLOR).",
)
@click.version_option(__version__, "-V", "--version", prog_name="spacefilm")
@click.pass_context
def cli(ctx: click.Context, data: str | None, colour: str) -> None:
    """Explore the race to film a movie in space: dated, sourced events, for terminals and pipes.

    \b
    Examples:
      spacefilm timeline --country russia --since 2021
      spacefilm timeline --json | jq '.[] | select(.kind == "filming") | .display'
      spacefilm show challenge-iss-shoot
    """
    ctx.obj = State(data, colour)


@cli.command()
@filter_options
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Show at most N events.")
@click.option("--reverse", is_flag=True, help="Newest first.")
@output_options()
@data_option
@pass_state
def timeline(state: State, /, fmt: str, as_json: bool, limit: int | None, reverse: bool, **filters: Any) -> None:
    """List events in date order, with filters.

    Dates are intervals ("May 2021" is May 1-31): --since and --until keep an event when any part of it can fall
    in the window, so --until 2021 reaches Dec 31, 2021 and --until "May 2021" reaches May 31.

    \b
    Examples:
      spacefilm timeline --country us --kind announcement
      spacefilm timeline --since "Oct 2021" --until 2021 --format markdown
      spacefilm timeline --search вызов --json | jq -r '.[].title'
    """
    from .render import records
    from .render.plain import country_styles

    catalog, events = state.select(filters, reverse, limit)
    colours = country_styles(catalog.countries)

    def markdown_row(e: Event) -> Sequence[str]:
        return (e.display or "", catalog.country_name(e.country), e.kind, e.status, e.title, e.id)

    def table_row(e: Event) -> Sequence[str]:
        return (e.display or "", catalog.country_name(e.country), e.kind, marked_title(e), e.id)

    def table_styles(e: Event) -> Sequence[str]:
        plan = e.status != "happened"
        return ("dim" if plan else "", colours.get(e.country, ""), "", "italic dim" if plan else "", "dim")

    listing = Listing(
        events,
        records.EVENT_HEADERS,
        records.event_row,
        ("Date", "Country", "Kind", "Status", "Title", "ID"),
        markdown_row,
        ("Date", "Country", "Kind", "Title", "ID"),
        table_row,
        table_styles,
        last_column_optional=True,
    )
    write_listing(state, listing, chosen_format(fmt, as_json))


@cli.command()
@filter_options
@output_options()
@data_option
@pass_state
def firsts(state: State, /, fmt: str, as_json: bool, **filters: Any) -> None:
    """List every "first" claimed in the dataset, with its qualifier, date and who claims it.

    "The first movie in space" depends on the qualifier: footage shot in orbit, a short fiction film made entirely
    in space, a feature with a professional actor and director. Takes the filters of timeline.

    \b
    Examples:
      spacefilm firsts
      spacefilm firsts --country russia --json | jq '.[].claim'
    """
    from .query import claims_of
    from .render import records
    from .render.plain import country_styles

    catalog, events = state.select(filters)
    rows = claims_of(events)
    headers = ("Date", "Country", "Claim", "By", "Event")
    colours = country_styles(catalog.countries)

    def claim_cells(r: ClaimRow) -> Sequence[str]:
        return (r.display or "", catalog.country_name(r.country), f"\u201c{r.claim}\u201d", r.by, r.event)

    def claim_styles(r: ClaimRow) -> Sequence[str]:
        return ("", colours.get(r.country, ""), "", "", "dim")

    listing = Listing(
        rows, records.CLAIM_HEADERS, records.claim_row, headers, claim_cells, headers, claim_cells, claim_styles
    )
    write_listing(state, listing, chosen_format(fmt, as_json))


@cli.command()
@filter_options
@click.option(
    "--by",
    type=click.Choice(["event", "project"]),
    default="event",
    show_default=True,
    help="One row per event, or per project (its events on one row).",
)
@click.option(
    "--width",
    "columns",
    type=click.IntRange(min=60),
    metavar="N",
    help="Columns to fill (default: the terminal's width; 100 in a pipe).",
)
@click.option("--svg", type=FilePath(dir_okay=False), metavar="FILE", help="Also save the picture as SVG.")
@click.option("--html", type=FilePath(dir_okay=False), metavar="FILE", help="Also save the picture as HTML.")
@data_option
@pass_state
def chart(state: State, /, by: str, columns: int | None, svg: str | None, html: str | None, **filters: Any) -> None:
    """Draw the timeline as a picture: a point for a day, a bar for days, a light span for a vaguer date.

    Long empty stretches are cut from the axis (shown as \u2248) so decades apart stay legible on one line.
    Planned and never-realised events are hollow or dashed. Takes the filters of timeline, which zoom.

    \b
    Examples:
      spacefilm chart
      spacefilm chart --since 2020 --by project
      spacefilm chart --country us --country russia --svg race.svg
    """
    from .render.chart_view import chart as picture_of
    from .render.plain import country_styles

    catalog, events = state.select(filters)
    if not events:
        click.echo("No events match.", err=True)
        return
    console = state.console()
    width = columns or (console.width if console.is_terminal else 100)
    styles = country_styles(catalog.countries)
    console.print(picture_of(catalog, events, width, by == "project", styles), soft_wrap=True)
    if svg or html:
        # A saved picture shows every label whole: it is for a README or a slide, not for this terminal.
        whole = picture_of(catalog, events, width, by == "project", styles, whole_labels=True)
        save_picture(whole, max(len(line) for line in whole.plain.splitlines()), svg, html)


def save_picture(picture: Any, width: int, svg: str | None, html: str | None) -> None:
    """The same picture, recorded by Rich and written as SVG and/or HTML."""
    import io

    from rich.console import Console

    recorder = Console(record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    recorder.print(picture, soft_wrap=True)
    for path, save in ((svg, recorder.save_svg), (html, recorder.save_html)):
        if path is None:
            continue
        try:
            save(path, clear=False)
        except OSError as error:
            raise click.FileError(path, hint=error.strerror or str(error)) from None
        click.echo(f"Saved {path}", err=True)


@cli.command()
@click.argument("side_a", metavar="A", shell_complete=complete_sides)
@click.argument("side_b", metavar="B", shell_complete=complete_sides)
@click.option(
    "--race",
    "race_id",
    metavar="ID",
    shell_complete=complete_races,
    help="The race to compare, when the two meet in several.",
)
@output_options(("table", "json", "markdown"), "table, json (the output contract) or markdown.")
@data_option
@pass_state
def compare(state: State, /, side_a: str, side_b: str, race_id: str | None, fmt: str, as_json: bool) -> None:
    """Compare two countries (or two projects) milestone by milestone: who was first, and by how much.

    A is first only when A's latest possible day is before B's earliest; overlapping dates are "undetermined".
    A plan that never happened wins nothing. Leads are ranges of days when dates are months or years.

    \b
    Examples:
      spacefilm compare us russia
      spacefilm compare the-challenge cruise-iss-film --format markdown
      spacefilm compare russia usa --json | jq '.milestones[] | {milestone, first, lead_days}'
    """
    from .query import UnknownName
    from .race import RaceError, plan
    from .render import comparison as compared
    from .render import records

    try:
        comparison = plan(state.catalog, (side_a, side_b), race_id)
    except UnknownName as error:
        raise click.BadParameter(
            error.message(), param_hint="'A' / 'B'" if error.what != "race" else "'--race'"
        ) from None
    except RaceError as error:
        raise click.UsageError(str(error)) from None
    fmt = chosen_format(fmt, as_json)
    if fmt == "json":
        records.write_json(sys.stdout.buffer, compared.comparison_document(comparison))
    elif fmt == "markdown":
        headers, rows = compared.comparison_rows(comparison)
        records.write_lines(sys.stdout, records.markdown_table(headers, rows))
        click.echo(f"\n{comparison.verdict}")
    else:
        from .render.race_view import comparison_view
        from .render.terminal import emit

        console = state.console()
        emit(console, comparison_view(comparison, console.width))


@cli.command()
@click.argument("event_id", metavar="ID", shell_complete=complete_ids)
@output_options(("table", "json"), "table: a readable panel; json: the event object.")
@data_option
@pass_state
def show(state: State, /, event_id: str, fmt: str, as_json: bool) -> None:
    """Show one event in full: dates, people, notes, and every source with its quote.

    \b
    Examples:
      spacefilm show challenge-iss-shoot
      spacefilm show cruise-planned-shoot --json | jq .sources
    """
    from .query import UnknownName
    from .render import records

    catalog = state.catalog
    event = catalog.by_id.get(event_id)
    if event is None:
        error = UnknownName("event id", event_id, list(catalog.by_id))
        hint = error.message(list_valid=False) + " See the ids with: spacefilm timeline --format csv | cut -d, -f1"
        raise click.BadParameter(hint, param_hint="'ID'")
    if chosen_format(fmt, as_json) == "json":
        records.write_json(sys.stdout.buffer, event)
        return
    from .render.terminal import emit, event_panel

    console = state.console()
    emit(console, event_panel(catalog, event, console.width))


@cli.command()
def schema() -> None:
    """Print the JSON Schema (2020-12) of the dataset format.

    \b
    Examples:
      spacefilm schema > spacefilm.schema.json
      spacefilm schema | jq '."$defs".Event.required'
    """
    import json

    from .schema import dataset_schema

    click.echo(json.dumps(dataset_schema(), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("file", required=False, type=FilePath())
@pass_state
def validate(state: State, /, file: str | None) -> None:
    """Check a dataset and list every problem, one a line (exit 1 if any).

    FILE defaults to --data, then to the built-in dataset.

    \b
    Examples:
      spacefilm validate my-events.json
      spacefilm --data my-events.jsonl validate
    """
    from .loader import DataError, load
    from .parallel import select_in_slices

    path = file or state.data
    try:
        answer = select_in_slices(path, None)
        catalog = answer.catalog if answer else load(path)
    except DataError as error:
        for problem in error.problems:
            click.echo(problem)
        click.echo(f"{len(error.problems)} problem{'s' if len(error.problems) != 1 else ''} found.", err=True)
        sys.exit(1)
    count = answer.total if answer else len(catalog.loaded)
    click.echo(
        f"OK: {catalog.origin}: {count} events, {len(catalog.countries)} countries, "
        f"{len(catalog.projects)} projects, {len(catalog.races)} race{'s' if len(catalog.races) != 1 else ''}"
    )


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # A reader that closes the pipe early (`| head -1`) ends us quietly, as it ends cat or grep.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        cli.main(prog_name="spacefilm")
    except SystemExit as exit:
        code = exit.code
    else:
        code = 0
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written: skip the interpreter's teardown, which would free a loaded dataset object by object
    # (2.5 s of a 7 s run on a million events) just before the process ends anyway.
    os._exit(code)
