"""The options and argument types the commands share: dates as typed, paths, completion, filters and formats."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .vocab import FORMATS, KINDS, STATUSES

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from .dates import EventDate
    from .model import Catalog
    from .query import Request

F = TypeVar("F", bound=Callable[..., Any])
MAX_WIDTH = 1000  # columns a chart may fill: wider than any screen, and cheap to draw


class SpacefilmGroup(click.Group):
    """A group that suggests the closest command for a typo, and shows its help when run bare (exit 0)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            from .render.output import Output

            output = ctx.obj if isinstance(ctx.obj, Output) else Output.detect()
            output.write(ctx.get_help() + "\n")
            ctx.exit(0)
        return super().parse_args(ctx, args)

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


class OptionsOnly(click.Command):
    """A command that takes options only: a word typed bare (`timeline russia`) is said with the options it was
    perhaps meant for, in our words, not Click's "unexpected extra argument"."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.allow_extra_args = True
        rest = super().parse_args(ctx, args)
        if ctx.args and not ctx.resilient_parsing:
            import shlex

            word = ctx.args[0]
            said = shlex.quote(word)
            filters = any(param.name == "countries" for param in self.params)
            options = ["--kind"] if word.lower() in KINDS else ["--country", "--search"]
            hint = f": did you mean {' or '.join(f'{option} {said}' for option in options)}?" if filters else ""
            ctx.fail(f"{self.name} takes no argument {word!r}{hint}")
        return rest


class UserDate(click.ParamType):  # type: ignore[type-arg]
    """A date as typed (2021, Oct 2021, Oct. 5, 2021, 2021/10/5, 31/12/2021), kept at the precision typed."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> EventDate:
        from .dates import DateError, EventDate, parse_user_date

        if isinstance(value, EventDate):
            return value
        try:
            return parse_user_date(str(value))
        except DateError as error:
            self.fail(str(error), param, ctx)


class Choice(click.Choice):  # type: ignore[type-arg]  # (generic in newer Click only)
    """A value of a few, said with the closest when one is typed wrong (`--format jsn`: did you mean 'json'?), as a
    name typed wrong is. The words are ours, not Click's."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            from .problems import close_matches, quoted_or

            choices = [str(choice) for choice in self.choices]
            listed = ", ".join(map(repr, choices))
            matches = close_matches(str(value), choices)
            guess = f"; did you mean {quoted_or(matches)}?" if matches else ""
            self.fail(f"{str(value)!r} is not one of {listed}{guess}", param, ctx)

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """One line (Click's is a line a choice): `Missing argument 'NAMES'. Choose one of 'countries', ...`."""
        return f"Choose one of {', '.join(repr(str(choice)) for choice in self.choices)}."


class FilePath(click.Path):
    """A path. Empty, or with a NUL byte (which no file can have), it is a usage error; whether the file can be read
    is the data's question (exit 1, one line), not Click's usage block."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(readable=False, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = os.fsdecode(value)
        if not text:
            self.fail("an empty path names no file", param, ctx)
        if "\x00" in text:
            self.fail("a path cannot contain a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


STANDARD_OUTPUT = "/dev/stdout"


class OutputPath(FilePath):
    """A file to write: its folder must exist and take files, checked when the option is read, before any work.
    `-` is standard output."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .render.output import inert_line

        if value == "-":
            return STANDARD_OUTPUT  # (written where it stands, as `>` left it: see write.py)
        path = super().convert(value, param, ctx)
        folder = os.path.dirname(os.path.abspath(os.fsdecode(path)))
        if not os.path.isdir(folder):
            self.fail(f"there is no folder {inert_line(folder)!r} to save it in", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"the folder {inert_line(folder)!r} does not let us write in it", param, ctx)
        return path


def _completer(values: Callable[[Catalog], Sequence[str]]) -> Callable[..., list[CompletionItem]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from .load.source import DataError, catalog
        from .render.output import neutralise

        data = ctx.find_root().params.get("data")
        if data == "-":
            return []  # (standard input is the shell's, while it completes)
        try:
            found = catalog(data)
        except DataError:
            return []
        matching = (v for v in values(found) if v.lower().startswith(incomplete.lower()))
        from click.shell_completion import CompletionItem  # (only when completing: not at every start)

        return [CompletionItem(v) for v in matching if neutralise(v) == v]

    return complete


complete_countries = _completer(lambda c: [*c.countries, *(a for x in c.countries.values() for a in x.aliases)])
complete_projects = _completer(lambda c: list(c.projects))
complete_ids = _completer(lambda c: [e.id for e in c.events])
complete_sides = _completer(lambda c: [*c.countries, *c.projects])
complete_races = _completer(lambda c: [r.id for r in c.races])


def _fixed_completer(values: Sequence[str]) -> Callable[..., list[CompletionItem]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(v) for v in values if v.startswith(incomplete.lower())]

    return complete


complete_kinds = _fixed_completer(KINDS)
complete_statuses = _fixed_completer(STATUSES)


DATA_HELP = (
    "Dataset to use instead of the built-in one (- for standard input): JSON object, JSON array of events, "
    "or JSON Lines."
)


COLOUR_HELP = "Colour tables: auto colours only a terminal (and honours NO_COLOR, FORCE_COLOR, CLICOLOR)."
LISTING_HELP = (
    "Output format. table: aligned columns; json: an array of events, each with every field of the dataset plus "
    "earliest, latest, precision and display (itself a dataset to load again); jsonl: those objects one a line; "
    'csv/tsv: a header row, then a row an event; markdown: a table. More in the README, "In a pipe".'
)
CLAIMS_HELP = (
    "Output format. json: an array of claims (claim, by, event, country, date, earliest, latest, display, "
    "translation, disputed, sources) in date order; jsonl: those objects one a line; csv/tsv: a header row, then a "
    "row a claim; markdown: a table."
)
COMPARE_HELP = (
    "Output format. json: one object (countries, sides, milestones, precedents, verdict), each milestone with both "
    "sides' events, who was first and the lead in days; jsonl, csv and tsv: one milestone a line; markdown: a "
    'table and the verdict. More in the README, "The race, milestone by milestone".'
)


def output_options(formats: Sequence[str] = FORMATS, help: str = LISTING_HELP) -> Callable[[F], F]:
    """--format and its --json shorthand, the same way on every command."""

    def decorate(func: F) -> F:
        func = click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json.")(func)
        return click.option(
            "--format",
            "fmt",
            type=Choice(formats, case_sensitive=False),
            default="table",
            show_default=True,
            help=help,
        )(func)

    return decorate


def chosen_format(fmt: str, as_json: bool) -> str:
    """The format asked for; --json with another --format is a usage error (exit 2), before any data is read."""
    from click.core import ParameterSource

    if not as_json:
        return fmt.lower()
    ctx = click.get_current_context()
    if fmt.lower() != "json" and ctx.get_parameter_source("fmt") is not ParameterSource.DEFAULT:
        raise click.UsageError(f"--json is short for --format json, so it cannot go with --format {fmt}: give one.")
    return "json"


def stacked(*options: Callable[[F], F]) -> Callable[[F], F]:
    """Several options as one decorator, listed in --help in the order given."""

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _has_words(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Each --search has a word: one with none (empty, only quotes) would keep every event, not what was asked."""
    if value:
        from .query import search_terms
        from .render.output import inert_line

        for text in value:
            if not search_terms([text]):
                raise click.BadParameter(
                    f"'{inert_line(text)}' has no word to search for: give a word, or leave --search out."
                )
    return value


DATE_FORMS = (
    "DATE as people write it: 2021; Oct 2021; 2021-10-05; 2021/10/5; October 5th, 2021; 5 October 2021; "
    "31/12/2021 (a day and month that could be either way round, like 05/10/2021, are refused)."
)

# The event filters shared by timeline and the commands built on it (the fields of query.Request).
filter_options = stacked(
    click.option("--since", type=UserDate(), help=f"Keep events that can fall on or after DATE. {DATE_FORMS}"),
    click.option(
        "--until",
        type=UserDate(),
        help="Keep events that can fall on or before DATE (inclusive), written as for --since.",
    ),
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
        "--search",
        multiple=True,
        metavar="WORDS",
        callback=_has_words,
        help=(
            'Keep events that have every word (and every "quoted phrase"), in any case and with or without '
            "accents, in their title, summary, notes, people, organisations, project, sources, quotes, "
            "translations or claims; a word in Cyrillic also finds its Latin spelling. Repeatable: each adds words."
        ),
    ),
)


def _at_least_one(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter(f"{value} would show nothing: give 1 or more, or leave --limit out for all.")
    return value


# Everything timeline takes that chooses what it lists: its filters, how many and in which order. firsts takes the
# same, through this one decorator, so that the two cannot drift apart.
selection_options = stacked(
    filter_options,
    click.option("--limit", type=int, metavar="N", callback=_at_least_one, help="Show at most N (1 or more)."),
    click.option("--reverse", is_flag=True, help="Newest first."),
)


def request(**given: Any) -> Request:
    """What the options ask for; a window that ends before it starts is a usage error, before any data is read."""
    from .query import Request

    since, until = given.get("since"), given.get("until")
    if since is not None and until is not None and since.earliest > until.latest:
        raise click.UsageError(
            f"--since {since.display()} is after --until {until.display()}, so no event can fall between them: "
            "swap the two dates."
        )
    return Request(**given)


# How `chart` draws: rows, width, and the files it saves.
chart_options = stacked(
    click.option(
        "--by",
        type=Choice(["event", "project"], case_sensitive=False),
        default="event",
        show_default=True,
        help="One row per event, or per project (its events on one row).",
    ),
    click.option(
        "--width",
        "columns",
        type=click.IntRange(min=60, max=MAX_WIDTH),
        metavar="N",
        help="Columns to fill (default: the terminal's width, or COLUMNS; 100 in a pipe).",
    ),
    click.option(
        "--svg", type=OutputPath(), metavar="FILE", help="Also save the picture as SVG (-: alone, on standard output)."
    ),
    click.option(
        "--svg-width",
        type=click.IntRange(min=480, max=4000),
        default=1200,
        show_default=True,
        metavar="PX",
        help="The width the SVG is drawn for (680 for an article column); its text is never under 12 pixels there.",
    ),
    click.option(
        "--html",
        type=OutputPath(),
        metavar="FILE",
        help="Also save the picture as HTML (-: alone, on standard output).",
    ),
    click.option(
        "--title", metavar="TEXT", help="The title of the SVG and the page (default: the race's, or Timeline)."
    ),
)
