"""The options and argument types the commands share: dates as typed, paths, completion, filters and formats."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem

from .vocab import FORMATS, KINDS, STATUSES

if TYPE_CHECKING:
    from .dates import EventDate
    from .model import Catalog
    from .query import Request

F = TypeVar("F", bound=Callable[..., Any])
MAX_WIDTH = 1000  # columns a chart may fill: wider than any screen, and cheap to draw


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


def _completer(values: Callable[[Catalog], Sequence[str]]) -> Callable[..., list[CompletionItem]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from .render.output import neutralise
        from .source import DataError, catalog

        data = ctx.find_root().params.get("data")
        if data == "-":
            return []  # (standard input is the shell's, while it completes)
        try:
            found = catalog(data)
        except DataError:
            return []
        matching = (v for v in values(found) if v.lower().startswith(incomplete.lower()))
        return [CompletionItem(v) for v in matching if neutralise(v) == v]

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


DATA_HELP = (
    "Dataset to use instead of the built-in one (- for standard input): JSON object, JSON array of events, "
    "or JSON Lines."
)


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


def chosen_format(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt.lower()


def stacked(*options: Callable[[F], F]) -> Callable[[F], F]:
    """Several options as one decorator, listed in --help in the order given."""

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


# The event filters shared by timeline and the commands built on it (the fields of query.Request).
filter_options = stacked(
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
)


def request(**given: Any) -> Request:
    from .query import Request

    return Request(**given)


# How `chart` draws: rows, width, and the files it saves.
chart_options = stacked(
    click.option(
        "--by",
        type=click.Choice(["event", "project"]),
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
    click.option("--svg", type=FilePath(dir_okay=False), metavar="FILE", help="Also save the picture as SVG."),
    click.option("--html", type=FilePath(dir_okay=False), metavar="FILE", help="Also save the picture as HTML."),
)
