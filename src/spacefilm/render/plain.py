"""Tables as aligned plain text: column widths fitted to a width (or none: one record a line, nothing cut).

Light by design (no Rich): a piped `spacefilm timeline` pays neither Rich's import nor its per-cell layout, and a
coloured table is this same layout, styled (render/terminal.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from .output import neutralise

GAP = "   "
COUNTRY_STYLES = ("cyan", "red", "green", "magenta", "yellow", "blue", "bright_cyan", "bright_red")


def country_styles(countries: Iterable[str]) -> dict[str, str]:
    """A stable colour (a Rich style name) per country, in the order the dataset declares them."""
    return {cid: COUNTRY_STYLES[i % len(COUNTRY_STYLES)] for i, cid in enumerate(countries)}


class _Widths(dict[str, int]):
    """Columns each character takes, worked out once per distinct character."""

    def __missing__(self, char: str) -> int:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            columns = 0
        else:
            columns = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        self[char] = columns
        return columns


_WIDTHS = _Widths()


def width(text: str) -> int:
    """Columns a string takes in a terminal: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def truncate(text: str, columns: int) -> str:
    """The text cut to `columns` terminal columns, with an ellipsis when cut. Stops reading at the cut: linear in
    the columns, not in the text (a title of megabytes costs what a short one does)."""
    if text.isascii():
        return text if len(text) <= columns else text[: max(columns - 1, 0)] + "\u2026"
    used = 0
    for index, char in enumerate(text):
        used += _WIDTHS[char]
        if used > columns:
            cut = text[:index]
            while cut and width(cut) > columns - 1:
                cut = cut[:-1]  # (at most one wide character to give back)
            return cut + "\u2026"
    return text


def one_line(text: str) -> str:
    return neutralise(" ".join(text.split()))


# A column that takes what the others leave (a title) is given at least this many columns before others are dropped.
FLEX_MIN = 20
# Below this, a word is not what sets a column's narrowest width (a longer word is cut, with an ellipsis).
WORD_MIN_CAP = 12


class Shape(NamedTuple):
    """How a table's columns may give way: `whole` columns are never wrapped or cut (ids), `dates` break only
    between the two ends of a range (after its en dash), and `flex` takes what the others leave."""

    whole: frozenset[int] = frozenset()
    flex: int | None = None
    dates: frozenset[int] = frozenset()

    def separator(self, column: int) -> str:
        return RANGE if column in self.dates else " "


RANGE = " \u2013 "  # between the ends of a date range (dates.EN_DASH)
PLAIN = Shape()


def minimum_widths(
    headers: Sequence[str], cells: Sequence[Sequence[str]], shape: Shape, flex_min: int = FLEX_MIN
) -> list[int]:
    """The narrowest each column may be: a whole column its widest cell, the flex column `flex_min`, any other its
    longest word (up to WORD_MIN_CAP); never narrower than its header."""
    minimum = []
    for column, header in enumerate(headers):
        widest = max((width(row[column]) for row in cells), default=0)
        if column in shape.whole:
            least = widest
        elif column == shape.flex:
            least = min(widest, flex_min)
        else:
            separator = shape.separator(column)
            longest_word = max((width(word) for row in cells for word in row[column].split(separator)), default=0)
            least = longest_word if column in shape.dates else min(longest_word, WORD_MIN_CAP)
        minimum.append(max(width(header), least))
    return minimum


def table_width(widths: Sequence[int]) -> int:
    return sum(widths) + len(GAP) * (len(widths) - 1)


def fit(natural: list[int], minimum: list[int], max_width: int | None) -> list[int]:
    """Column widths that fit max_width (gaps included), taking from the widest column first, never below minimum."""
    widths = list(natural)
    if max_width is None:
        return widths
    excess = table_width(widths) - max_width
    while excess > 0:
        slack = [w - m for w, m in zip(widths, minimum, strict=True)]
        widest = max(range(len(widths)), key=lambda i: (slack[i] > 0, widths[i]))
        if slack[widest] <= 0:
            break  # as narrow as it goes (the caller drops columns before it comes to this)
        widths[widest] -= 1
        excess -= 1
    return widths


def layout(
    headers: Sequence[str], rows: Iterable[Sequence[str]], max_width: int | None = None, shape: Shape = PLAIN
) -> tuple[list[int], Iterator[tuple[int, list[str]]]]:
    """Column widths, and the lines of the table as (row index, padded cells); the header is row -1.

    Cells wrap at word boundaries when the table must fit max_width; a row then takes several lines.
    """
    cells = [[one_line(cell) for cell in row] for row in rows]
    natural = [max([width(header)] + [width(row[i]) for row in cells]) for i, header in enumerate(headers)]
    widths = natural
    if max_width is not None:
        widths = fit(natural, minimum_widths(headers, cells, shape), max_width)
        if table_width(widths) > max_width:  # (no column left to drop: the flex column gives way below FLEX_MIN)
            widths = fit(widths, minimum_widths(headers, cells, shape, WORD_MIN_CAP), max_width)

    # The last column is not padded: no line ends in spaces.
    padded = [*widths[:-1], 0]

    def lines() -> Iterator[tuple[int, list[str]]]:
        yield -1, [pad(header, w) for header, w in zip(headers, padded, strict=True)]
        for index, row in enumerate(cells):
            parts = [wrap(cell, w, shape.separator(i)) for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
            for line in range(max(map(len, parts))):
                yield index, [pad(p[line] if line < len(p) else "", w) for p, w in zip(parts, padded, strict=True)]

    return widths, lines()


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def wrap(text: str, columns: int, separator: str = " ") -> list[str]:
    """Lines of at most `columns` terminal columns, broken between words (never inside one). A word longer than a
    whole line is cut with an ellipsis, unless it is of wide characters (Chinese, Japanese), which break anywhere.

    With another separator (a date range's spaced en dash), the text breaks only there, the dash ending the line.
    """
    if width(text) <= columns:
        return [text]
    if separator != " ":
        first, _, rest = text.partition(separator)
        return [*wrap(first + separator.rstrip(), columns), *wrap(rest, columns)]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = width(word)
        if size > columns:
            if line:
                lines.append(line)
            pieces = _break_wide(word, columns) if size > len(word) else [truncate(word, columns)]
            lines += pieces[:-1]
            line, used = pieces[-1], width(pieces[-1])
            continue
        if line and used + 1 + size > columns:
            lines.append(line)
            line, used = "", 0
        line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
    lines.append(line)
    return lines


def _break_wide(word: str, columns: int) -> list[str]:
    pieces, piece, used = [], "", 0
    for char in word:
        if used + _WIDTHS[char] > columns:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += _WIDTHS[char]
    return [*pieces, piece]


def rule(widths: Sequence[int]) -> str:
    return "\u2500" * (sum(widths) + len(GAP) * (len(widths) - 1))


def aligned(
    headers: Sequence[str], rows: Iterable[Sequence[str]], max_width: int | None = None, shape: Shape = PLAIN
) -> Iterator[str]:
    """Header, rule, then one line a row (or more, wrapped to fit max_width), columns aligned, no trailing spaces."""
    widths, lines = layout(headers, rows, max_width, shape)
    for index, cells in lines:
        yield GAP.join(cells).rstrip()
        if index < 0:
            yield rule(widths)
