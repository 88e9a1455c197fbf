"""What every command shares: where the data is, the Output, and how a problem with either ends the command.

A command asks `State` for data (through source.py) and gets an answer, or the command ends here: a problem with the
data is one line each on stderr and exit 1; a name typed that matches nothing is a usage error (exit 2).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from .options import COLOUR_HELP, DATA_HELP, Choice, FilePath

if TYPE_CHECKING:
    from .model import Catalog, Names
    from .query import Query, Request, Selection, UnknownName
    from .render.output import Output

F = TypeVar("F", bound=Callable[..., Any])
MAX_PROBLEMS_SHOWN = 20


class State:
    """What the root command knows: where the data is, and the output. Commands ask it for data.

    `handed_in`: the output came from the caller (a test drawing at a chosen width), so --color leaves it be.
    """

    def __init__(self, data: str | None, output: Output, handed_in: bool = False) -> None:
        self.data = data
        self.output = output
        self.handed_in = handed_in

    def dataset_path(self) -> str:
        """The file read: --data as given ("-" is standard input), or the built-in dataset."""
        from .load.read import builtin_path

        return self.data or builtin_path()

    def select(self, request: Request) -> Selection:
        """The events a request selects, with the dataset's names; a data or usage error ends the command."""
        from .load.source import DataError, select
        from .query import UnknownName

        self.note_reading(self.data)
        try:
            selection = select(self.data, request)
        except DataError as error:
            fail_with_problems(error.problems, self.data, self.output)
        except UnknownName as error:
            raise usage_error(error) from None
        self.note_names(selection.names)
        return selection

    def gather(self, make: Callable[[Names], Query], noted: bool = True, alone: bool = False) -> Selection:
        """The events a query made from the dataset's names selects (source.gather); a data error ends the command.
        A name `make` does not know is a usage error, said after the note on the dataset's names, as a command that
        reads the whole dataset first says it. `noted`: say that note (once a command)."""
        from .load.source import DataError, gather
        from .query import UnknownName

        seen: list[Names] = []

        def made(names: Names) -> Query:
            seen.append(names)
            return make(names)

        self.note_reading(self.data)
        try:
            selection = gather(self.data, made, alone)
        except DataError as error:
            fail_with_problems(error.problems, self.data, self.output)
        except UnknownName as error:
            if noted:
                self.note_names(seen[-1])
            raise usage_error(error) from None
        if noted:
            self.note_names(selection.names)
        return selection

    def catalog(self) -> Catalog:
        from .load.source import DataError, catalog

        self.note_reading(self.data)
        try:
            whole = catalog(self.data)
        except DataError as error:
            fail_with_problems(error.problems, self.data, self.output)
        self.note_names(whole)
        return whole

    def note_reading(self, path: str | None) -> None:
        """Before a dataset is read: refuse to write over it through standard output (a usage error); standard input
        that is a terminal waits for a person to type: say so, rather than seem to hang."""
        from .render.output import inert_line, is_terminal

        if path is not None and _output_is(path):
            raise click.UsageError(
                inert_line(
                    f"standard output is the dataset being read ({'standard input' if path == '-' else path}): "
                    "the output would be written over it "
                    "(and `>` empties it before the command starts); send the output to another file"
                )
            )
        if path == "-" and sys.stdin is not None and is_terminal(sys.stdin):  # (None: closed when Python started)
            self.output.note("Reading a dataset from standard input: type or paste it, then press Ctrl-D.")

    def note_names(self, names: Names) -> None:
        """Say (on stderr) that a dataset of events only declares no names: its ids stand for themselves."""
        if names.declares_countries or names.declares_projects:
            return
        from .load.source import origin_of

        self.output.note(
            f"Note: {origin_of(self.data)} declares no countries or projects: their ids are their names, "
            "and no alias is known (`spacefilm export` writes a dataset with its names)"
        )


def _output_is(dataset: str) -> bool:
    """Whether standard output is the dataset's own file (`spacefilm --data a.json export >> a.json`): what the
    command writes would change what it reads (and `>` has emptied it already). (Not write.py: at every start.)"""
    import os
    import stat

    try:
        out = os.fstat(1)
        read = os.stat(dataset) if dataset != "-" else os.fstat(0)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(out.st_mode) and (out.st_dev, out.st_ino) == (read.st_dev, read.st_ino)


def pass_state(command: F) -> F:
    """Hand a command the State; before its body runs (its options parsed, so never for `--help`), msgspec is
    imported the lean way."""
    passing = click.make_pass_decorator(State)(command)

    def run(*args: Any, **kwargs: Any) -> Any:
        import_msgspec()
        return passing(*args, **kwargs)

    return update_wrapper(run, passing)  # type: ignore[return-value]


def import_msgspec() -> None:
    """Import msgspec without typing_extensions: when it is installed (Textual, for `browse`, installs it), msgspec
    imports it, about a tenth of a command's start-up, only to resolve type hints, which the `typing` module of the
    Pythons we support (3.11+) resolves itself for every type of ours. A module set to None in sys.modules is one
    that cannot be imported: msgspec then uses `typing`. Only for that import: anything later that needs
    typing_extensions imports it as usual."""
    if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]
    try:
        import msgspec  # noqa: F401
    finally:
        del sys.modules["typing_extensions"]


def _set_data(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    state = ctx.find_object(State)
    if value is not None and state is not None:
        state.data = value


def _set_colour(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from .render.output import Output

    state = ctx.find_object(State)
    if value is not None and state is not None and not state.handed_in:
        state.output = Output.detect(value)


COLOURS = Choice(["auto", "always", "never"], case_sensitive=False)


def global_options(func: F) -> F:
    """--data and --color after the command name too (`spacefilm timeline --data mine.json --color never`)."""
    func = click.option(
        "--color", "--colour", type=COLOURS, expose_value=False, callback=_set_colour, help=COLOUR_HELP
    )(func)
    data = FilePath(allow_dash=True)
    return click.option("--data", type=data, expose_value=False, callback=_set_data, help=DATA_HELP)(func)


# Where a name that matches nothing was typed.
_TYPED_IN = {
    "country": "'--country'",
    "project": "'--project'",
    "kind": "'--kind'",
    "status": "'--status'",
    "race": "'--race'",
    "country or project": "'A' / 'B'",
    "event id": "'ID'",
}


def usage_error(error: UnknownName, hint: str = "") -> click.BadParameter:
    """A name typed that matches nothing, as a usage error (exit 2); names from data made inert."""
    from .render.output import inert_line

    message = error.message(list_valid=not hint) + hint
    return click.BadParameter(inert_line(message), param_hint=_TYPED_IN.get(error.what, error.what))


def fail_with_problems(problems: Sequence[str], data: str | None, output: Output | None = None) -> NoReturn:
    """Each problem (the first MAX_PROBLEMS_SHOWN) a line on standard error, through the output; exit 1."""
    from .render.output import Output, inert_line

    output = output or Output()
    lines = [f"Error: {inert_line(problem)}" for problem in problems[:MAX_PROBLEMS_SHOWN]]
    hidden = len(problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        target = f" {data}" if data else ""
        lines.append(f"... and {hidden} more problems: run `spacefilm validate{target}` for all")
    output.note("\n".join(lines))
    sys.exit(1)
