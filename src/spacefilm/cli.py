"""The command line: the commands, each a thin function: options in, the data-access layer (source.py, through
state.py, which maps its errors to exit codes) called, the answer handed to a view (render/).

No Rich here and no choice of how to read a file: those are render/ and source.py's.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Literal

import click

from . import __version__
from .options import (
    CLAIMS_HELP,
    COLOUR_HELP,
    COMPARE_HELP,
    DATA_HELP,
    LISTING_HELP,
    STANDARD_OUTPUT,
    Choice,
    FilePath,
    OptionsOnly,
    SpacefilmGroup,
    chart_options,
    chosen_format,
    complete_ids,
    complete_projects,
    complete_races,
    complete_sides,
    filter_options,
    output_options,
    request,
    selection_options,
)
from .state import COLOURS, State, fail_with_problems, global_options, pass_state, usage_error
from .vocab import FORMATS, LISTS, PROBLEM_FORMATS

# Start-up is a feature: anything heavier than Click (msgspec, reading and checking, Rich, dateutil) is imported
# where it is used, so `--help` pays for none of it and `--format json` never pays for Rich.


@click.group(
    name="spacefilm",
    cls=SpacefilmGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--data",
    type=FilePath(allow_dash=True),
    envvar="SPACEFILM_DATA",
    show_envvar=True,
    help=DATA_HELP,
)
@click.option(
    "--color",
    "--colour",
    "colour",
    type=COLOURS,
    default="auto",
    show_default=True,
    help=COLOUR_HELP,
)
@click.version_option(__version__, "-V", "--version", prog_name="spacefilm")
@click.pass_context
def cli(ctx: click.Context, data: str | None, colour: str) -> None:
    """Explore the race to film a movie in space: dated, sourced events, for terminals and pipes.

    \b
    Examples:
      spacefilm timeline --country russia --since 2021
      spacefilm timeline --kind filming --json | jq -r '.[].display'
      spacefilm list countries
    """
    from .render.output import Output

    # A caller may hand in the Output (tests draw at any width, terminal or not); otherwise it is the real stdout.
    handed_in = isinstance(ctx.obj, Output)
    ctx.obj = State(data, ctx.obj if handed_in else Output.detect(colour), handed_in)


@cli.command(cls=OptionsOnly)
@selection_options
@output_options((*FORMATS, "timelinejs"), f"{LISTING_HELP} timelinejs: Knight Lab's TimelineJS 3 JSON.")
@global_options
@pass_state
def timeline(state: State, /, fmt: str, as_json: bool, **filters: Any) -> None:
    """List events in date order, with filters.

    Dates are intervals ("May 2021" is May 1-31): --since and --until keep an event when any part of it can fall
    in the window, so --until 2021 reaches Dec 31, 2021 and --until "May 2021" reaches May 31.

    \b
    Examples:
      spacefilm timeline --country us --kind announcement
      spacefilm timeline --since "Oct 2021" --until 2021 --format markdown
      spacefilm timeline --search "peresild shipenko" --json | jq -r '.[].title'
    """
    from .render import views
    from .render.formats import emit
    from .render.rows import row_format

    fmt = chosen_format(fmt, as_json)
    rows = row_format(fmt, state.output)  # (each event kept written as it is read, when it can be)
    wanted = request(**filters, fields=views.TIMELINE_FIELDS.get(fmt, ()), rows=rows)
    selection = state.select(wanted)
    emit(state.output, fmt, views.timeline(selection.names, selection.events))


@cli.command(cls=OptionsOnly)
@selection_options
@output_options(help=CLAIMS_HELP)
@global_options
@pass_state
def firsts(state: State, /, fmt: str, as_json: bool, **filters: Any) -> None:
    """List every "first" claimed, and by whom.

    Each claim with its qualifier, its date and who claims it; its translation and any dispute beside it.
    "The first movie in space" depends on the qualifier: footage shot in orbit, a short fiction film made entirely
    in space, a feature with a professional actor and director. Takes the filters and options of timeline (the
    events' filters choose the claims; --limit and --reverse count and order the claims).

    \b
    Examples:
      spacefilm firsts
      spacefilm firsts --search feature --reverse --limit 1
      spacefilm firsts --country russia --json | jq '.[].claim'
    """
    from .query import claims_of
    from .render import views
    from .render.formats import emit

    fmt = chosen_format(fmt, as_json)
    reverse, limit = filters.pop("reverse"), filters.pop("limit")  # (they count and order the claims)
    selection = state.select(request(**filters, claiming=True, fields=views.CLAIM_FIELDS))
    claims = claims_of(selection.events, reverse, limit)
    emit(state.output, fmt, views.firsts(selection.names, claims))


@cli.command(cls=OptionsOnly)
@filter_options
@chart_options
@global_options
@pass_state
def chart(
    state: State,
    /,
    by: str,
    columns: int | None,
    svg: str | None,
    svg_width: int,
    html: str | None,
    title: str | None,
    **filters: Any,
) -> None:
    """Draw the timeline as a picture.

    In the terminal, and as SVG or an HTML page: a point for a day, a bar for days, a light span for a vaguer
    date. Long empty stretches are cut from the axis (shown as \u2248) so decades apart stay legible on one line.
    Planned and unrealized events are hollow or dashed. Takes the filters of timeline, which zoom.

    --svg saves the timeline drawn for a page (a tooltip and a source link on every mark), --svg-width pixels wide.

    --html saves a page that works offline and lays the timeline out for the screen it is read on (down the screen
    on a phone) and for print: the timeline, then every event with its notes and sources.

    Past 300 rows, each picture shows how many events fall where, a row per country (or project).

    \b
    Examples:
      spacefilm chart
      spacefilm chart --since 2020 --by project
      spacefilm chart --country us --country russia --html race.html
      spacefilm chart --svg race.svg --title "The race to film in orbit"
      spacefilm chart --since 2020 --svg column.svg --svg-width 680
    """
    import msgspec

    from .model import is_sketch
    from .render import chart_view
    from .render.axis_words import DENSITY_ROWS
    from .render.output import inert_line
    from .write import Clash, is_standard_output, refuse_clashes

    try:
        refuse_clashes([(o, p) for o, p in (("--svg", svg), ("--html", html)) if p], state.dataset_path())
    except Clash as clash:
        raise click.UsageError(inert_line(str(clash))) from None
    by_project = by == "project"
    asked = request(**filters)
    # Past DENSITY_ROWS events the pictures need only sketches (counted, load/sketchbook.py; with --limit, one an
    # event, model.sketches), but the page lists them;
    # standard input cannot be read a second time, should the sketches turn out not to be enough.
    sketch = html is None and state.data != "-" and (asked.limit is None or asked.limit > DENSITY_ROWS)
    selection = state.select(msgspec.structs.replace(asked, sketch_past=DENSITY_ROWS) if sketch else asked)
    if sketch and not chart_view.dense(selection.events, by_project) and any(map(is_sketch, selection.events)):
        selection = state.select(asked)  # (few rows, of many events: a project's each)
    if not selection.events:
        state.output.note("No events match.")
        return
    names, events = selection.names, selection.events
    if svg or html:
        try:
            written = chart_view.save_pictures(names, events, by_project, svg, html, title=title, svg_width=svg_width)
        except OSError as error:
            # (our words, as for standard output: a failure to write is not one to open)
            why, path = error.strerror or str(error), str(error.filename)
            where = "to standard output" if path == STANDARD_OUTPUT else repr(inert_line(path))
            raise click.ClickException(f"cannot write {where}: {why}") from None
        to_files = [path for path in written if not is_standard_output(path)]
        if to_files:
            state.output.note("\n".join(f"Saved {path}" for path in to_files))
        if len(to_files) < len(written):
            return  # (the picture alone on standard output, said by nothing: a file, not text after the drawing)
    chart_view.draw(state.output, names, events, by_project, chart_view.columns_for(state.output, columns))


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
@click.option(
    "--project",
    "projects",
    multiple=True,
    metavar="ID",
    shell_complete=complete_projects,
    help="A project of A or B to compare, instead of the race's or the rule's. Repeatable.",
)
@output_options(FORMATS, COMPARE_HELP)
@global_options
@pass_state
def compare(
    state: State, /, side_a: str, side_b: str, race_id: str | None, projects: tuple[str, ...], fmt: str, as_json: bool
) -> None:
    """Compare two sides, milestone by milestone.

    A and B are two countries (or two projects): for each milestone, who was first, and by how much. Only film
    projects are compared. Two countries compare the projects of the race they meet in; with no race, each
    side's first project to film in orbit (by its filming: a release does not count), or else the first that
    planned to; --project picks others. Their other filming in orbit before, a predecessor's included (the Soviet
    Union's for Russia), is shown beside them as precedents.

    A is first only when A's latest possible day is before B's earliest; overlapping dates are "undetermined".
    A plan that never happened wins nothing. Leads are ranges of days when dates are months or years.

    \b
    Examples:
      spacefilm compare us russia
      spacefilm compare us ussr --project the-dream-is-alive
      spacefilm compare the-challenge cruise-iss-film --format markdown
      spacefilm compare russia usa --json | jq '.milestones[].first'
    """
    from .query import UnknownName
    from .race import RaceError, between, wanted
    from .render import views
    from .render.formats import emit

    fmt = chosen_format(fmt, as_json)
    sides = (side_a, side_b)
    selection = state.gather(lambda names: wanted(names, sides))
    try:
        comparison = between(selection.names, sides, race_id, projects, selection.events)
    except UnknownName as error:
        raise usage_error(error) from None
    except RaceError as error:
        raise click.UsageError(str(error)) from None
    emit(state.output, fmt, views.compare(comparison))


@cli.command()
@click.argument("event_id", metavar="ID", shell_complete=complete_ids)
@output_options(("table", "json"), "table: a readable panel; json: the event object.")
@global_options
@pass_state
def show(state: State, /, event_id: str, fmt: str, as_json: bool) -> None:
    """Show one event in full, with its sources.

    Its dates, people and notes, every claim with what disputes it, and every source with its quote. IDs match in
    any case.

    \b
    Examples:
      spacefilm show challenge-iss-shoot
      spacefilm show cruise-planned-shoot --json | jq .sources
    """
    from .query import event_named, event_query, missing_id
    from .render import views
    from .render.formats import emit

    fmt = chosen_format(fmt, as_json)
    # One reading keeps the event, or, should the id name none, the ids to suggest for it (standard input cannot be
    # read a second time, and a big file is read in the time of one).
    selection = state.gather(lambda names: event_query(event_id))
    event = event_named(selection.events, event_id)
    if event is None:
        unknown = missing_id(event_id, selection.events)
        raise usage_error(unknown, " See the ids with: spacefilm timeline --format csv | cut -d, -f1")
    emit(state.output, fmt, views.show(selection.names, event))


@cli.command("list")
@click.argument("what", metavar="NAMES", type=Choice(LISTS, case_sensitive=False))
@output_options(help="Output format. csv/tsv have a header row, and join a list of names with '; '.")
@global_options
@pass_state
def list_names(state: State, /, what: str, fmt: str, as_json: bool) -> None:
    """List the names a dataset uses, with counts.

    NAMES is one of countries, projects, kinds, races, people: each is listed with how many events it has. The ids,
    names and aliases listed are what --country, --project and --kind take; people are what --search finds.

    Countries, projects and races come in the order the dataset declares them (a country with no events too);
    kinds in the order of the format; people by name.

    \b
    Examples:
      spacefilm list countries
      spacefilm list projects --format csv
      spacefilm list people --json | jq -r '.[].name'
    """
    from .query import names_of, names_query
    from .render import views
    from .render.formats import emit

    fmt = chosen_format(fmt, as_json)
    selection = state.gather(lambda names: names_query(what))
    emit(state.output, fmt, views.names(selection.names, what, names_of(selection.names, selection.counts, what)))


@cli.command(cls=OptionsOnly)
@filter_options
@global_options
@pass_state
def browse(state: State, /, **filters: Any) -> None:
    """Explore the timeline in the terminal.

    Search as you type, filter, read an event and open its sources. The timeline is a table; the highlighted event
    is shown in full beside it (below it on a narrow terminal). / searches as --search does (words and "phrases",
    any case or accent, in any alphabet); c, k and s filter by country, kind and status; y filters to a year and g
    goes to one; x clears; o opens a source in the web browser; i copies the event's id; r shows the race of its
    project; ? lists the keys; q quits. Takes the filters of timeline, as the filters to start with. Needs a
    terminal: in a pipe (exit 2), use timeline.

    \b
    Examples:
      spacefilm browse
      spacefilm browse --country russia --search "Вызов"
      spacefilm --data mine.json browse --since 2020
    """
    wanted = request(**filters)
    if not state.output.terminal:
        click.echo(
            "Error: browse draws on a terminal, and standard output is not one: use spacefilm timeline", err=True
        )
        sys.exit(2)
    from .render.output import interactive

    if not interactive():
        click.echo(
            "Error: browse reads keys from standard input and draws on standard error: both must be the terminal "
            "(--data - reads standard input)",
            err=True,
        )
        sys.exit(2)
    import gc

    from .browse import browse as explore

    gc.enable()  # (a session lasts as long as a person explores: the collector is back on, see start.py)
    explore(state, wanted)


@cli.command(cls=OptionsOnly)
@filter_options
@click.option(
    "--format",
    "fmt",
    type=Choice(["json", "jsonl"], case_sensitive=False),
    default="json",
    show_default=True,
    help="json: one object, pretty-printed; jsonl: an event a line, after a line that declares the names.",
)
@global_options
@pass_state
def export(state: State, /, fmt: str, **filters: Any) -> None:
    """Write the dataset out, to load again.

    Its countries, projects, races and events, in the input format. Every command answers the same on the file
    written as on the dataset itself, and an export of it is the same bytes. With the filters of timeline, only the
    events they keep, and the names those events use. (timeline --json writes events only: their countries and
    projects, aliases and races are not in it.)

    \b
    Examples:
      spacefilm export > spacefilm.json
      spacefilm export --format jsonl --country russia > russia.jsonl
      spacefilm --data mine.jsonl export | jq '.races'
    """
    import msgspec

    from .load.source import DataError
    from .load.source import export as exported
    from .query import Request

    layout: Literal["json", "jsonl"] = "jsonl" if fmt == "jsonl" else "json"
    wanted = request(**filters)
    selection = state.select(msgspec.structs.replace(wanted, rows="export-jsonl" if layout == "jsonl" else "export"))
    try:
        written = exported(selection, wanted != Request(), layout)
    except DataError as error:
        fail_with_problems(error.problems, state.data, state.output)
    for part in written:
        state.output.binary.write(part)


@cli.command(cls=OptionsOnly)
@global_options
@pass_state
def schema(state: State, /) -> None:
    """Print the JSON Schema of the dataset format.

    The schema is JSON Schema 2020-12.

    \b
    Examples:
      spacefilm schema > spacefilm.schema.json
      spacefilm schema | jq '."$defs".Event.required'
    """
    import json

    from .schema import dataset_schema

    state.output.write(json.dumps(dataset_schema(), indent=2, ensure_ascii=False) + "\n")


@cli.command()
@click.argument("file", required=False, type=FilePath(allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=Choice(PROBLEM_FORMATS, case_sensitive=False),
    default="text",
    show_default=True,
    help=(
        "text: one line a problem; json: an array of objects (file, line, column, object, event, field, message, "
        "suggestion); jsonl: those objects one a line; github: GitHub Actions annotations, for CI."
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json.")
@global_options
@pass_state
def validate(state: State, /, file: str | None, fmt: str, as_json: bool) -> None:
    """Check a dataset and list every problem.

    Each problem with its file, line and column, and a fix where there is one (exit 1 if any). FILE defaults to
    --data, then to the built-in dataset. Every problem is found in one run: one in a field never hides one in
    another.

    \b
    Examples:
      spacefilm validate my-events.json
      spacefilm --data my-events.jsonl validate
      spacefilm validate my-events.json --json | jq -r '.[].suggestion'
      spacefilm validate my-events.json --format github   # in GitHub Actions
    """
    from .load.source import validate as check
    from .problems import from_text
    from .render.output import inert_line
    from .render.problems import WRITERS

    fmt = chosen_format(fmt, as_json)
    state.note_reading(file or state.data)
    report = check(file or state.data)
    problems = [from_text(problem, report.origin) for problem in report.problems]
    output = state.output
    WRITERS[fmt](output, problems)
    if problems:
        count = len(problems)
        output.note(f"{count} problem{'s' if count != 1 else ''} found.")  # (after the problems: stdout flushed first)
        sys.exit(1)
    checked = inert_line(report.origin) if file or state.data else "the built-in dataset"  # (not a site-packages path)
    counts = (
        (report.events, "event", "events"),
        (report.countries, "country", "countries"),
        (report.projects, "project", "projects"),
        (report.races, "race", "races"),
    )
    ok = f"OK: {checked}: " + ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
    if fmt == "text":
        output.lines([ok])
    else:
        output.note(ok)  # (a tool reading the JSON or the annotations gets only those)


def main() -> None:
    from .streams import run

    # The standard streams' and signals' policy is streams.py's: a failed write is one line and exit 1, Ctrl-C 130.
    code = run(lambda: cli.main(prog_name="spacefilm"))
    # Everything is written: skip the interpreter's teardown, which would free a loaded dataset object by object
    # (2.5 s of a 7 s run on a million events) just before the process ends anyway.
    os._exit(code)
