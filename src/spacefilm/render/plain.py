"""Tables as aligned plain text: column widths fitted to a width (or none: one record a line, nothing cut).

Light by design (no Rich): a piped `spacefilm timeline` pays neither Rich's import nor its per-cell layout, and a
coloured table is this same layout, styled (render/terminal.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

import msgspec

from .output import PRINTABLE_INERT, neutralise

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


WIDTHS = _Widths()


def width(text: str) -> int:
    """Columns a string takes in a terminal: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(map(WIDTHS.__getitem__, text))


def truncate(text: str, columns: int) -> str:
    """The text cut to `columns` terminal columns, with an ellipsis when cut. Stops reading at the cut: linear in
    the columns, not in the text (a title of megabytes costs what a short one does)."""
    if text.isascii():
        return text if len(text) <= columns else text[: max(columns - 1, 0)] + "\u2026"
    used = 0
    for index, char in enumerate(text):
        used += WIDTHS[char]
        if used > columns:
            cut = text[:index]
            while cut and width(cut) > columns - 1:
                cut = cut[:-1]  # (at most one wide character to give back)
            return cut + "\u2026"
    return text


def one_line(text: str) -> str:
    return neutralise(" ".join(text.split()))


def one_line_column(texts: Sequence[str]) -> list[str]:
    """`one_line` of each text, as passes over the whole column: none, when a search of the column finds no text
    that it would change (most columns); else joined by line breaks (none is left in a text on one line), made inert
    at once, and split again."""
    if not needs_one_line(texts):
        return list(texts)
    return neutralise("\n".join(map(" ".join, map(str.split, texts)))).split("\n")


def needs_one_line(texts: Sequence[str]) -> bool:
    """Whether `one_line` would change any of the texts: one holds white space other than single spaces between
    words, or a character `neutralise` escapes. Found at C speed, the texts joined by a printable character: every
    such character is unprintable to `str.isprintable` (white space but the space, controls, format characters, line
    and paragraph separators, non-characters) but a few, looked for one by one (output.PRINTABLE_INERT), and a text
    that starts or ends with a space is found beside the one joining it. (What is unprintable but left alone, a
    private-use character, say, is looked at closely.)"""
    joined = _APART.join(texts)
    if not joined.isprintable() or joined[:1] == " " or joined[-1:] == " ":
        return True
    return any(map(joined.__contains__, _LOOKED_FOR))


_APART = "~"
_LOOKED_FOR = ("  ", _APART + " ", " " + _APART, *PRINTABLE_INERT)  # (and the few escaped that are printable)


# A column that takes what the others leave (a title) is given at least this many columns before others are dropped.
FLEX_MIN = 20
# Any other column that wraps (who makes a claim) is given at least this many (or its widest cell): a name or a
# publisher wrapped a word a line reads as badly as a title would.
READABLE_MIN = 14
# Below this, a word is not what sets a column's narrowest width (a longer word is cut, with an ellipsis).
WORD_MIN_CAP = 12
# Spare width is handed out by measuring how many lines each column would wrap to on at most this many rows (spread
# evenly over the table): enough to see what the column holds, at the cost of a short table's.
SAMPLE_ROWS = 240


class Shape(msgspec.Struct, frozen=True):
    """How a table's columns may give way: `whole` columns are never wrapped or cut (ids), `dates` are either whole
    or broken between the two ends of a range (after its en dash), and `flex` takes what the others leave.

    `under` pairs (column, host): the column is shown below the host's text, in the host's column (an id under its
    title), when the table is too narrow for it to have its own. `words` columns (ids joined by "; ") wrap between
    words, never inside one: each id can be copied.
    """

    whole: frozenset[int] = frozenset()
    flex: int | None = None
    dates: frozenset[int] = frozenset()
    under: tuple[tuple[int, int], ...] = ()
    words: frozenset[int] = frozenset()

    def separator(self, column: int) -> str:
        return RANGE if column in self.dates else " "

    def parts(self, columns: int) -> list[list[int]]:
        """The columns shown, each as the list of the columns whose text it holds (itself first)."""
        folded = dict(self.under)
        return [[c, *(f for f, host in self.under if host == c)] for c in range(columns) if c not in folded]


RANGE = " \u2013 "  # between the ends of a date range (dates.EN_DASH)
PLAIN = Shape()


def _halves(text: str) -> list[str]:
    """A date range as its two lines: the start with the dash, then the end."""
    first, dash, rest = text.partition(RANGE)
    return [first + dash.rstrip(), rest] if dash else [text]


class Measure(msgspec.Struct, frozen=True):
    """What sets a column's widths: its widest cell, its longest word, and the longer half of its widest range."""

    widest: int
    word: int
    half: int


def measure(cells: Sequence[Sequence[str]], shape: Shape) -> list[Measure]:
    """Each column measured once, of cells already on one line (one_line): words only where they set a width (not
    in an id or a title), halves only in dates."""
    measures = []
    for column in range(len(cells[0]) if cells else 0):
        texts = [row[column] for row in cells]
        wrapped = column not in shape.whole and column not in shape.dates and column != shape.flex
        measures.append(
            Measure(
                max(map(width, texts), default=0),
                max((width(word) for text in texts for word in text.split()), default=0) if wrapped else 0,
                max((width(half) for text in texts for half in _halves(text)), default=0)
                if column in shape.dates
                else 0,
            )
        )
    return measures


def _least(column: int, measured: Measure, shape: Shape, flex_min: int, readable: int) -> int:
    """The narrowest a column's own text may be."""
    if column in shape.whole:
        return measured.widest
    if column in shape.dates:  # (a range is whole or in two halves: never a word a line)
        return measured.half
    if column == shape.flex:
        return min(measured.widest, flex_min)
    if column in shape.words:
        return min(measured.widest, max(readable, measured.word))
    return min(measured.widest, max(readable, min(measured.word, WORD_MIN_CAP)))


def _bounds(
    headers: Sequence[str], measures: Sequence[Measure], shape: Shape, squeezed: bool = False
) -> tuple[list[str], list[int], list[int]]:
    """The headers shown, and each shown column's natural width (its widest cell) and narrowest width: readable (a
    flex column FLEX_MIN, any other READABLE_MIN), or, squeezed, as narrow as words allow. A column shown under
    another widens its host to what it needs."""
    flex_min, readable = (WORD_MIN_CAP, 0) if squeezed else (FLEX_MIN, READABLE_MIN)
    shown, natural, minimum = [], [], []
    for parts in shape.parts(len(headers)):
        header = " / ".join(headers[c] for c in parts)
        shown.append(header)
        natural.append(max([width(header)] + [measures[c].widest for c in parts]))
        minimum.append(max([width(header)] + [_least(c, measures[c], shape, flex_min, readable) for c in parts]))
    return shown, natural, minimum


def narrowest(headers: Sequence[str], measures: Sequence[Measure], shape: Shape = PLAIN) -> int:
    """The width of the table with every column at its narrowest readable width (gaps included)."""
    return table_width(_bounds(headers, measures, shape)[2])


def table_width(widths: Sequence[int]) -> int:
    return sum(widths) + len(GAP) * (len(widths) - 1)


class _Lines:
    """How many lines each shown column takes on each (sampled) row at a width, worked out once per width."""

    def __init__(self, cells: Sequence[Sequence[str]], shape: Shape) -> None:
        step = max(1, -(-len(cells) // SAMPLE_ROWS))
        self.rows = cells[::step]
        self.shape = shape
        self.parts = shape.parts(len(cells[0]) if cells else 0)
        self.words = [[[width(w) for w in row[c].split()] for c in range(len(row))] for row in self.rows]
        self.known: dict[tuple[int, int], list[int]] = {}
        # The widths at which a cell of a column comes to be on one line: where widening it pays.
        self.whole = [sorted({max(width(row[c]) for c in parts) for row in self.rows}) for parts in self.parts]

    def at(self, shown: int, columns: int) -> list[int]:
        key = (shown, columns)
        if key not in self.known:
            self.known[key] = [
                sum(self._count(row, index, c, columns) for c in self.parts[shown])
                for index, row in enumerate(self.rows)
            ]
        return self.known[key]

    def _count(self, row: Sequence[str], index: int, column: int, columns: int) -> int:
        if column in self.shape.whole or width(row[column]) <= columns:
            return 1
        if column in self.shape.dates:
            return len(wrap(row[column], columns, RANGE))
        lines, used = 1, -1
        for size in self.words[index][column]:
            size = min(size, columns)  # (a longer word is cut, or broken if wide: a line's worth, near enough)
            if used < 0:
                used = size
            elif used + 1 + size <= columns:
                used += 1 + size
            else:
                lines, used = lines + 1, size
        return lines


# A row one line shorter counts as this many lines fewer in one cell: the table's length is what a reader scrolls.
SHORTER_ROW = 2


def fit(natural: list[int], minimum: list[int], max_width: int, lines: _Lines, jumps: frozenset[int]) -> list[int]:
    """Column widths that fit max_width (gaps included), from the narrowest: spare columns go, a few at a time, to
    the column whose widening saves the most lines for the columns it costs (rows made shorter, then lines fewer in
    its own cells: the column that wraps most), up to its natural width. A widening is weighed at several lengths,
    so that a cell one line at 36 columns is seen from 26. A column in `jumps` (a date range) is either at its
    narrowest or whole.
    """
    widths = list(minimum)
    spare = max_width - table_width(widths)
    if spare <= 0 or not lines.rows:
        return widths
    step = max(1, spare // 24)
    current = [lines.at(c, w) for c, w in enumerate(widths)]
    rows = range(len(lines.rows))
    while spare > 0:
        heights = [max(column[r] for column in current) for r in rows]
        best: tuple[float, int, int] | None = None
        for c, w in enumerate(widths):
            reach = min(natural[c] - w, spare)
            if reach <= 0 or (c in jumps and natural[c] - w > spare):
                continue
            others = [max((current[o][r] for o in range(len(widths)) if o != c), default=0) for r in rows]
            if c in jumps:
                targets = {natural[c]}
            else:
                targets = {w + min(step << k, reach) for k in range(8)}
                whole = [t for t in lines.whole[c] if w < t <= w + reach]
                targets.update(whole if len(whole) <= 32 else ())
            for target in targets:
                after = lines.at(c, target)
                shorter = sum(h - max(a, o) for h, a, o in zip(heights, after, others, strict=True))
                fewer = sum(current[c]) - sum(after)
                score = (SHORTER_ROW * shorter + fewer) / (target - w)
                if best is None or score > best[0] or (score == best[0] and target - w < best[2] - widths[best[1]]):
                    best = (score, c, target)
        if best is None or best[0] <= 0:
            break
        _, c, target = best
        spare -= target - widths[c]
        widths[c] = target
        current[c] = lines.at(c, target)
    return widths


def layout(
    headers: Sequence[str], rows: Iterable[Sequence[str]], max_width: int | None = None, shape: Shape = PLAIN
) -> tuple[list[int], Iterator[tuple[int, list[tuple[str, int]]]]]:
    """Column widths, and the lines of the table as (row index, [(padded text, the column it is from)]); the
    header is row -1.

    Cells wrap at word boundaries when the table must fit max_width; a row then takes several lines. A column shown
    under another (Shape.under) takes the lines below its host's text.
    """
    cells = [[one_line(cell) for cell in row] for row in rows]
    # (With no row, each column is as wide as its header: a comparison where neither side has a milestone.)
    measures = measure(cells, shape) if cells else [Measure(0, 0, 0)] * len(headers)
    shown, natural, minimum = _bounds(headers, measures, shape)
    widths = natural
    if max_width is not None and table_width(natural) > max_width:
        if table_width(minimum) > max_width:  # (no column left to drop: the flex column gives way below FLEX_MIN)
            minimum = _bounds(headers, measures, shape, squeezed=True)[2]
        parts = shape.parts(len(headers))
        jumps = frozenset(i for i, p in enumerate(parts) if p == [p[0]] and p[0] in shape.dates)
        widths = fit(natural, minimum, max_width, _Lines(cells, shape), jumps)
    parts = shape.parts(len(headers))

    # The last column is not padded: no line ends in spaces.
    padded = [*widths[:-1], 0]

    def lines() -> Iterator[tuple[int, list[tuple[str, int]]]]:
        yield -1, [(pad(header, w), p[0]) for header, w, p in zip(shown, padded, parts, strict=True)]
        for index, row in enumerate(cells):
            stacks = [
                [(line, c) for c in columns for line in wrap(row[c], w, shape.separator(c)) if line or c == columns[0]]
                for columns, w in zip(parts, widths, strict=True)
            ]
            for line in range(max(map(len, stacks))):
                yield (
                    index,
                    [
                        (pad(stack[line][0], w), stack[line][1]) if line < len(stack) else (pad("", w), columns[0])
                        for stack, w, columns in zip(stacks, padded, parts, strict=True)
                    ],
                )

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
    if separator != " " and separator in text:
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
        if used + WIDTHS[char] > columns:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += WIDTHS[char]
    return [*pieces, piece]


def rule(widths: Sequence[int]) -> str:
    return "\u2500" * (sum(widths) + len(GAP) * (len(widths) - 1))


def aligned_made(headers: Sequence[str], rows: Sequence[str], widths: Sequence[int]) -> Iterator[str]:
    """`aligned` with no width, of rows made as they were read (render/rows.py: each row's cells on one line, joined
    by rows.CELLS; `widths`: the widest cell of each column): the same lines."""
    from .rows import CELLS, WIDE

    widths = [max(width(header), widest) for header, widest in zip(headers, widths, strict=True)]
    padded = [*widths[:-1], 0]  # (the last column is not padded: no line ends in spaces)
    yield GAP.join(map(pad, headers, padded)).rstrip()
    yield rule(widths)
    line = GAP.join([*(f"{{:<{w}}}" for w in padded[:-1]), "{}"])  # (str.format pads by length: not a WIDE row)
    for row in rows:
        if row[:1] == WIDE:
            yield GAP.join(map(pad, row[1:].split(CELLS), padded)).rstrip()
        else:
            yield line.format(*row.split(CELLS)).rstrip()


def aligned(
    headers: Sequence[str], rows: Iterable[Sequence[str]], max_width: int | None = None, shape: Shape = PLAIN
) -> Iterator[str]:
    """Header, rule, then one line a row (or more, wrapped to fit max_width), columns aligned, no trailing spaces."""
    widths, lines = layout(headers, rows, max_width, shape)
    for index, cells in lines:
        yield GAP.join(text for text, _ in cells).rstrip()
        if index < 0:
            yield rule(widths)
