"""Tables off a terminal: aligned plain text, one record a line, nothing cut; and whether to draw with Rich.

Light by design (no Rich): a piped `spacefilm timeline` pays neither Rich's import nor its per-cell layout.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence

# C0 and C1 control characters (and DEL) would drive a terminal; shown as visible escapes instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
GAP = "   "
STATUS_MARK = {"planned": "planned", "unrealized": "never happened"}
COUNTRY_STYLES = ("cyan", "red", "green", "magenta", "yellow", "blue", "bright_cyan", "bright_red")
# Below this width a table leaves out a column marked optional (the timeline's ids).
FULL_TABLE_WIDTH = 110


def neutralise(text: str) -> str:
    """Text from data made safe for a terminal: control characters become visible escapes like \\x1b."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def colour_choice(flag: str, environ: Mapping[str, str] = os.environ) -> bool | None:
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


def country_styles(countries: Iterable[str]) -> dict[str, str]:
    """A stable colour (a Rich style name) per country, in the order the dataset declares them."""
    return {cid: COUNTRY_STYLES[i % len(COUNTRY_STYLES)] for i, cid in enumerate(countries)}


def draws_with_rich(flag: str) -> bool:
    """Rich draws on a terminal or when colour is forced; a pipe gets plain text."""
    colour = colour_choice(flag)
    return sys.stdout.isatty() if colour is None else colour


def width(text: str) -> int:
    """Columns a string takes in a terminal: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def one_line(text: str) -> str:
    return neutralise(" ".join(text.split()))


def fit(natural: list[int], minimum: list[int], max_width: int | None) -> list[int]:
    """Column widths that fit max_width (gaps included), taking from the widest column first, never below minimum."""
    widths = list(natural)
    if max_width is None:
        return widths
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - max_width
    while excess > 0:
        slack = [w - m for w, m in zip(widths, minimum, strict=True)]
        widest = max(range(len(widths)), key=lambda i: (slack[i] > 0, widths[i]))
        if slack[widest] <= 0:
            break  # as narrow as it goes: the terminal wraps what is left
        widths[widest] -= 1
        excess -= 1
    return widths


def layout(
    headers: Sequence[str], rows: Iterable[Sequence[str]], max_width: int | None = None
) -> tuple[list[int], Iterator[tuple[int, list[str]]]]:
    """Column widths, and the lines of the table as (row index, padded cells); the header is row -1.

    Cells wrap at word boundaries when the table must fit max_width; a row then takes several lines.
    """
    cells = [[one_line(cell) for cell in row] for row in rows]
    natural = [max([width(header)] + [width(row[i]) for row in cells]) for i, header in enumerate(headers)]
    widths = fit(natural, [max(width(h), 6) for h in headers], max_width)

    # The last column is not padded: no line ends in spaces.
    padded = [*widths[:-1], 0]

    def lines() -> Iterator[tuple[int, list[str]]]:
        yield -1, [pad(header, w) for header, w in zip(headers, padded, strict=True)]
        for index, row in enumerate(cells):
            parts = [wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
            for line in range(max(map(len, parts))):
                yield index, [pad(p[line] if line < len(p) else "", w) for p, w in zip(parts, padded, strict=True)]

    return widths, lines()


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def wrap(text: str, columns: int) -> list[str]:
    if width(text) <= columns:
        return [text]
    import textwrap

    return textwrap.wrap(text, columns, break_long_words=True, break_on_hyphens=False) or [""]


def rule(widths: Sequence[int]) -> str:
    return "\u2500" * (sum(widths) + len(GAP) * (len(widths) - 1))


def aligned(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """Header, rule, then one line a row, columns padded to their widest cell, no trailing spaces."""
    widths, lines = layout(headers, rows)
    for index, cells in lines:
        yield GAP.join(cells).rstrip()
        if index < 0:
            yield rule(widths)
