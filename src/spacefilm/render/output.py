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
from typing import IO, TYPE_CHECKING, cast

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# What would drive a terminal or reorder what it shows, made visible as escapes (\x1b, \u202e): C0 and C1 controls
# and DEL; bidirectional embeddings, overrides and isolates; zero-width and invisible format characters; line and
# paragraph separators; the byte-order mark; and the non-characters U+FFFE and U+FFFF. And what shows nothing, or a
# blank, where text seems to be (text hidden in plain sight, or a name that looks empty): the combining grapheme
# joiner, the Hangul fillers, Khmer's inherent vowels, the Mongolian vowel separator, the interlinear annotation
# characters and the tag characters (U+E0000-E007F; the flags of England, Scotland and Wales are spelt with them,
# and show as the black flag and escapes).
_INVISIBLE = r"\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0\ufff9-\ufffb\U000e0000-\U000e007f"
INERT = rf"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffe\uffff{_INVISIBLE}]"
# Of those, the ones str.isprintable takes for printable (the rest it does not: see plain.needs_one_line).
PRINTABLE_INERT = ("\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0")
# The same characters but those JSON always escapes (C0 controls): what a JSON text may hold raw, and a terminal
# must not be sent, written as JSON escapes (\u009b is still U+009B to a JSON reader).
_JSON_INERT = rf"[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffe\uffff{_INVISIBLE}]"
# What styled output may send a terminal: Rich's colour codes (SGR), and a hyperlink (OSC 8) to an address that
# `link_target` made printable ASCII. Anything else that drives a terminal is made visible.
_STYLED = rf"(\x1b\[[0-9;]*m|\x1b\]8;[^;\x00-\x1f\x7f-\x9f]*;[!-~]*\x1b\\)|{INERT}"
# A web address a terminal may be sent as a hyperlink: http or https, then no space or control.
_WEB = r"(?i)https?://[^\s\x00-\x1f\x7f-\x9f]+"
# What an address keeps as it is (RFC 3986's reserved and unreserved characters, and % for escapes already made).
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
# The spaces Rich pads a line with, among the style codes that close it (a blank line in a bold column is spaces in
# codes, each run of them styled apart).
_PADDING = r"(?: |\x1b\[[0-9;]*m)*$"
# Drawn as wide as its content, a pipe's Rich output is never cut; this is "no limit" for Rich.
UNBOUNDED = 100_000


# A pattern compiled when first used: `--format json` never needs these, and pays nothing for them.
_compiled = cache(re.compile)


def neutralise(text: str) -> str:
    """Text from data made inert on a terminal: control and invisible characters become visible escapes."""
    return _compiled(INERT).sub(_escape, text)


def inert_line(text: str) -> str:
    """Text from data made inert and kept on one line (a message): line breaks become visible escapes too."""
    return neutralise(text).replace("\n", "\\x0a")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    """A character as JSON escapes it: beyond U+FFFF, as the two halves of its UTF-16 pair."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def terminal_text(text: str, styled: bool) -> str:
    """Anything bound for a terminal, made inert: what `neutralise` escapes, except line breaks and tabs, and (when
    `styled`) the colour codes and hyperlinks this program makes."""
    if not styled:
        return neutralise(text)
    styled_pattern: re.Pattern[str] = _compiled(_STYLED)
    return styled_pattern.sub(lambda m: m.group(1) or _escape(m), text)


def json_for_terminal(text: str) -> str:
    """JSON text with what would drive a terminal (C1 controls, bidirectional and invisible characters) written as
    JSON escapes: the same JSON value, safe to show."""
    pattern: re.Pattern[str] = _compiled(_JSON_INERT)
    return pattern.sub(_json_escape, text)


def link_target(url: str) -> str | None:
    """The address a terminal hyperlink may carry: an http(s) URL with no control, space or bidirectional
    character, with what is not plain ASCII percent-encoded; None for anything else (it is shown, not linked)."""
    if _compiled(_WEB).fullmatch(url) is None or _compiled(INERT).search(url) is not None:
        return None
    from urllib.parse import quote

    return quote(url, safe=_URL_SAFE)


class _TerminalBytes:
    """Standard output's bytes, when they go to a terminal: JSON written with `json_for_terminal`."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        text = data.decode("utf-8", "surrogateescape")
        self.raw.write(json_for_terminal(text).encode("utf-8", "surrogateescape"))
        return len(data)

    def flush(self) -> None:
        self.raw.flush()


def is_terminal(stream: IO[str] | IO[bytes]) -> bool:
    """Whether a person reads the stream: the one place that asks (streams.py asks it of the raw descriptors)."""
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


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
    err: where notes and problems go; None is whatever sys.stderr is when writing.

    Every character written to a terminal passes `terminal_text` (or, for JSON, `json_for_terminal`); every line
    written to standard error passes `inert_line`. A pipe gets the exact text.
    """

    __slots__ = ("colour", "err", "hyperlinks", "stream", "terminal", "width")

    def __init__(
        self,
        terminal: bool = False,
        colour: bool = False,
        width: int | None = None,
        hyperlinks: bool = False,
        stream: IO[str] | None = None,
        err: IO[str] | None = None,
    ) -> None:
        self.terminal = terminal
        self.colour = colour
        self.width = width
        self.hyperlinks = hyperlinks
        self.stream = stream
        self.err = err

    def __repr__(self) -> str:
        return f"Output(terminal={self.terminal}, colour={self.colour}, width={self.width})"

    @classmethod
    def detect(
        cls, colour_flag: str = "auto", environ: Mapping[str, str] = os.environ, stream: IO[str] | None = None
    ) -> Output:
        """Standard output (or `stream`) as it is: the only place that asks whether it is a terminal."""
        stream = stream or sys.stdout
        terminal = is_terminal(stream)
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
        """The byte stream under `out`, for JSON (UTF-8, whatever the locale). On a terminal, what would drive it
        is written as JSON escapes."""
        self.out.flush()  # (text written before stays before)
        raw: IO[bytes] = self.out.buffer  # type: ignore[attr-defined]
        return cast("IO[bytes]", _TerminalBytes(raw)) if self.terminal else raw

    def write(self, text: str, painted: bool = False) -> None:
        """Text for standard output. `painted`: it holds the colour codes of `painter` or Rich (kept when colour is
        on); text that is not painted never sends a terminal an escape sequence."""
        self.out.write(terminal_text(text, painted and self.colour) if self.terminal else text)

    def lines(self, lines: Iterable[str], painted: bool = False) -> None:
        """Lines for standard output, each ended here (see `write`)."""
        out = self.out
        if self.terminal:
            styled = painted and self.colour
            for line in lines:
                out.write(terminal_text(line, styled) + "\n")
            return
        for line in lines:
            out.write(line + "\n")

    def flush(self) -> None:
        self.out.flush()

    def note(self, text: str) -> None:
        """Lines for the person, not the pipe: on standard error, each made inert, after what standard output has
        been given so far (a terminal shows a note below the table it is about)."""
        self.out.flush()
        err = self.err or sys.stderr
        err.write("".join(inert_line(line) + "\n" for line in text.split("\n")))
        err.flush()

    def link(self, url: str) -> str | None:
        """The hyperlink a terminal may be sent for an address, or None (no hyperlinks here, or not a safe one)."""
        return link_target(url) if self.hyperlinks else None

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
        self.lines((padding.sub(_codes, line, count=1) for line in captured.get().splitlines()), painted=True)


def _codes(padding: re.Match[str]) -> str:
    return padding.group().replace(" ", "")


def interactive() -> bool:
    """Whether standard input and standard error are terminals: `browse` reads its keys from the one, and Textual
    draws on the other."""
    return is_terminal(sys.stdin) and is_terminal(sys.stderr)
