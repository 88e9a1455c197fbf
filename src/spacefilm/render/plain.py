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


def aligned(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """Header, rule, then one line a row, columns padded to their widest cell, no trailing spaces."""
    cells = [[one_line(cell) for cell in row] for row in rows]
    widths = [max([width(header)] + [width(row[i]) for row in cells]) for i, header in enumerate(headers)]

    def line(row: Sequence[str]) -> str:
        return GAP.join(cell + " " * (w - width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip()

    yield line(headers)
    yield "\u2500" * (sum(widths) + len(GAP) * (len(widths) - 1))
    for row in cells:
        yield line(row)
