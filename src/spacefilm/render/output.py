"""Where text goes: the one place that decides terminal or pipe, colour, width, encoding and hyperlinks.

Built once by the root command (`Output.detect`), handed to every command, and built directly in tests at any
width, terminal or not. Light by design: Rich is imported only when something is drawn with it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# What would drive a terminal or reorder what it shows, made visible as escapes (\x1b, \u202e): C0 and C1 controls
# and DEL; bidirectional embeddings, overrides and isolates; zero-width and invisible format characters; line and
# paragraph separators; the byte-order mark; and the non-characters U+FFFE and U+FFFF.
_INERT = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffe\uffff]"
# The spaces Rich pads a line with, before any closing style codes.
_PADDING = r" +((?:\x1b\[[0-9;]*m)*)$"
# Drawn as wide as its content, a pipe's Rich output is never cut; this is "no limit" for Rich.
UNBOUNDED = 100_000


# A pattern compiled when first used: `--format json` never needs these, and pays nothing for them.
_compiled = cache(re.compile)


def neutralise(text: str) -> str:
    """Text from data made inert on a terminal: control and invisible characters become visible escapes."""
    return _compiled(_INERT).sub(_escape, text)


def inert_line(text: str) -> str:
    """Text from data made inert and kept on one line (a message): line breaks become visible escapes too."""
    return neutralise(text).replace("\n", "\\x0a")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def colour_choice(flag: str, environ: Mapping[str, str]) -> bool | None:
    """True to force colour, False to forbid it, None to colour only a terminal.

    A flag wins; then NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE, CLICOLOR=0 (each only when non-empty).
    """
    if flag != "auto":
        return flag == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR") or environ.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    if environ.get("CLICOLOR") == "0":
        return False
    return None


def columns_from(environ: Mapping[str, str]) -> int | None:
    value = environ.get("COLUMNS", "").strip()
    return int(value) if value.isdecimal() and 0 < int(value) < UNBOUNDED else None


class Output:
    """Standard output as the commands see it.

    terminal: whether a person reads it (layout for reading; trailing padding allowed).
    colour: whether to style it (independent of the layout: NO_COLOR on a terminal keeps the terminal's layout).
    width: the columns to fit, or None to be as wide as the content (a pipe with no COLUMNS).
    hyperlinks: whether URLs may be sent as terminal hyperlinks.
    stream: where to write; None is whatever sys.stdout is when writing (so a test runner's capture works).
    """

    __slots__ = ("colour", "hyperlinks", "stream", "terminal", "width")

    def __init__(
        self,
        terminal: bool = False,
        colour: bool = False,
        width: int | None = None,
        hyperlinks: bool = False,
        stream: IO[str] | None = None,
    ) -> None:
        self.terminal = terminal
        self.colour = colour
        self.width = width
        self.hyperlinks = hyperlinks
        self.stream = stream

    def __repr__(self) -> str:
        return f"Output(terminal={self.terminal}, colour={self.colour}, width={self.width})"

    @classmethod
    def detect(
        cls, colour_flag: str = "auto", environ: Mapping[str, str] = os.environ, stream: IO[str] | None = None
    ) -> Output:
        """Standard output (or `stream`) as it is: the only place that asks whether it is a terminal."""
        stream = stream or sys.stdout
        terminal = stream.isatty()
        choice = colour_choice(colour_flag, environ)
        colour = terminal if choice is None else choice
        width = columns_from(environ)
        if width is None and terminal:
            try:
                width = os.get_terminal_size(stream.fileno()).columns or None
            except (OSError, ValueError):
                width = 80
        hyperlinks = terminal and colour and environ.get("TERM") != "dumb"
        return cls(terminal, colour, width, hyperlinks, None if stream is sys.stdout else stream)

    @property
    def out(self) -> IO[str]:
        return self.stream or sys.stdout

    @property
    def binary(self) -> IO[bytes]:
        """The byte stream under `out`, for JSON (which is ASCII-safe and needs no encoding)."""
        return self.out.buffer  # type: ignore[attr-defined,no-any-return]

    def write(self, text: str) -> None:
        self.out.write(text)

    def lines(self, lines: Iterable[str]) -> None:
        out = self.out
        for line in lines:
            out.write(line + "\n")

    def console(self) -> Console:
        """A Rich console drawing to this output, at its width, styled only when colour is on."""
        from rich.console import Console

        return Console(
            file=self.out,
            force_terminal=self.colour,
            color_system="auto" if self.colour else None,
            no_color=not self.colour,
            width=self.width or UNBOUNDED,
            legacy_windows=False,
            highlight=False,
            emoji=False,
            markup=False,
        )

    def painter(self) -> Callable[[str, str], str]:
        """A function that wraps text in the escape codes of a Rich style (when colour is on): what Rich would write,
        found once per style, without Rich laying out every line (a table or chart of many lines is written as
        strings). Spaces around the text stay outside the codes, so a line can be stripped of its padding."""
        if not self.colour:
            return lambda text, style: text
        from rich.text import Text

        console = self.console()
        codes: dict[str, tuple[str, str]] = {}

        def paint(text: str, style: str) -> str:
            core = text.strip(" ")
            if not style or not core:
                return text
            if style not in codes:
                with console.capture() as captured:
                    console.print(Text("x", style=style), end="")
                before, _, after = captured.get().partition("x")
                codes[style] = before, after
            before, after = codes[style]
            lead = len(text) - len(text.lstrip(" "))
            return text[:lead] + before + core + after + text[lead + len(core) :]

        return paint

    def draw(self, renderable: RenderableType, crop: bool = True) -> None:
        """Draw with Rich, without the spaces Rich pads each line with (invisible on a terminal, but they end up in
        whatever is copied or saved, and in a pipe).

        crop=False lets a line that must not be cut (an address) run past the width.
        """
        console = self.console()
        with console.capture() as captured:
            console.print(renderable, crop=crop)
        padding = _compiled(_PADDING)
        self.lines(padding.sub(r"\1", line) for line in captured.get().splitlines())


def interactive() -> bool:
    """Whether standard input and standard error are terminals: `browse` reads its keys from the one, and Textual
    draws on the other."""
    return sys.stdin.isatty() and sys.stderr.isatty()
