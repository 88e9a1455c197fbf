"""TimelineJS slides made a batch of events at a time, as bytes, and what the document needs of all the events.

`Slides` makes each event's slide: the bytes msgspec gives for `timelinejs._slide`'s dictionary, depending on the
event and the names of countries and projects alone, so the reader can make them while a slice's events are in the
CPU's cache, in either process. `Summary` is what the title slide and the eras need of the events: a few values a
batch, merged in any order, so no list of every event is needed at the end.

Slides are made at C speed where they can be. Each field of a batch is joined into one text, checked and escaped in
one call, not a call a field: most text from data has nothing to escape (plain printable ASCII, one space between
words), and is then used as it is. What repeats (a date, a country and kind) is made once. What is rarer (a
character to clean, a claim) goes the way `timelinejs` goes, a value at a time, with its functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from itertools import chain, repeat
from operator import attrgetter
from typing import Any, TypeVar

import msgspec

from ..dates import OPEN_END_ISO, parse_edtf
from ..model import Claim, Event, Names, Race, Source
from .claims import quote_translation_words
from .markup import BIDI_CHARS, NOT_XML_CHARS, language, one_line, safe_url
from .timelinejs import HEADLINE_MARK, TITLE_ID, _attribute, _claim, _group, _html, _lines, date_parts

# Between a batch's values joined: xml_text turns every NUL of data into U+FFFD, so one left is a separator (where a
# value could hold one, the separators are counted).
SEP = "\x00"
_SEP = b"\x00"
_ENCODE = msgspec.json.encode
# Printable ASCII that neither HTML nor a JSON string escapes: a text of these alone is written as it is.
_PLAIN = bytes(c for c in range(0x20, 0x7F) if chr(c) not in '&<>"\\')
# What escaping changes, and what xml_text leaves in a text (a tab, a line break): an ASCII text with nothing else
# that is not plain is escaped for the whole batch in one call.
_ESCAPED = b'\x00&<>"\\'
_ESCAPED_TEXT = _ESCAPED + b"\t\n"
# What xml_text changes, but the separator (counted instead); and, on one line, white space but the space (what
# str.split splits at, one_line's).
_CHANGES = NOT_XML_CHARS.replace("\x00", "\x01") + "\r" + BIDI_CHARS
_OTHER_SPACE = "\t\n\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CHANGED = re.compile(f"[{_CHANGES}]")
_CHANGED_LINE = re.compile(f"[{_CHANGES}{_OTHER_SPACE}]")
# What a JSON string escapes is ASCII (controls, quote, backslash), and UTF-8 writes no other character with an
# ASCII byte: a text whose bytes, less these, are the separators alone is written as it is.
_JSON_PLAIN = bytes(c for c in range(0x20, 0x100) if chr(c) not in "\"\\")
# A link written as it is given: nothing for xml_text or HTML to change, no space, no bracket; a host.
_PLAIN_LINK = bytes(c for c in range(0x21, 0x7F) if chr(c) not in "&<>\"'\\[]")
_NO_HOST = re.compile(rb"://[/?#\x00]")
_MARKS = {status: mark.encode() for status, mark in HEADLINE_MARK.items()}
# Plain dates (see _dates): their sizes, and their shapes (each digit a 9, padded with z to ten characters).
_PLAIN_SIZES = (4, 7, 10, 21)
_PLAIN_DATE = re.compile("[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2}(?:/[0-9]{4}-[0-9]{2}-[0-9]{2})?)?)?")
_SHAPES = bytes.maketrans(b"0123456789", b"9999999999")
_MONTH_MARK = bytes.maketrans(b"-", b"M")
_DAY_MARK = bytes.maketrans(b"-", b"D")
_ZERO_MARK = bytes.maketrans(b"0", b"z")

# A slide's fields, taken from each event (and source) in one call: msgspec.structs.astuple, in field order.
_SLIDE_FIELDS = (
    "id", "date", "display", "title", "status", "country", "kind", "project", "summary", "people", "claims", "notes",
    "sources",
)  # fmt: skip
_SOURCE_FIELDS = ("title", "url", "publisher", "quote", "translation")
_EARLIEST = attrgetter("earliest")
_LATEST = attrgetter("latest")
_ID = attrgetter("id")
_PROJECT = attrgetter("project")
K = TypeVar("K")


class Slides:
    """Makes the slides of events, a batch at a time: call it with a batch for each slide's JSON, as bytes.

    `countries` and `projects`: the name of each country and the title of each project (an id not in them names
    itself, as `Names` does). The events are as the reader keeps them, their derived fields set (so each date is a
    real one, and has the date it shows). What it makes once is kept for the next batch: a country's and kind's
    words, a date not plain.
    """

    def __init__(self, countries: Mapping[str, str], projects: Mapping[str, str]) -> None:
        self.countries = dict(countries)
        self.projects = dict(projects)
        self._dates: dict[str, bytes] = {}
        self._displays: dict[str | None, bytes] = {}
        self._about: dict[tuple[str, str, str | None], bytes] = {}
        self._groups: dict[str, bytes] = {}

    @classmethod
    def of(cls, names: Names) -> Slides:
        countries = {key: country.name for key, country in names.countries.items()}
        return cls(countries, {key: project.title for key, project in names.projects.items()})

    def __call__(self, events: Sequence[Event]) -> list[bytes]:
        if not events:
            return []
        fields = _columns(events, _SLIDE_FIELDS)
        ids, days, displays, titles, statuses, countries, kinds, projects, *paragraphs, sources = fields
        slides = _Pieces(len(events))
        slides.add(
            b'{"unique_id":"',
            _json_escaped(ids),
            b'","start_date":{"year":',
            _dates(days, self._dates),
            b'},"display_date":',
            *_displays(displays, self._displays),
            _escaped(titles, line=True),
        )
        if statuses.count("happened") != len(statuses):
            slides.add(list(map(_MARKS.get, statuses, repeat(b""))))
        slides.add(_cached(self._about, list(zip(countries, kinds, projects, strict=True)), self._about_piece))
        _add_paragraphs(slides, *paragraphs)
        _add_source_lists(slides, sources)
        slides.add(_cached(self._groups, countries, self._group_piece))
        return slides.rows()

    def _about_piece(self, key: tuple[str, str, str | None]) -> bytes:
        """From the headline's end into the text: what the event is, where."""
        country, kind, project = key
        about = [self.countries.get(country, country), kind]
        if project:
            about.append(self.projects.get(project, project))
        return b'","text":"' + _json(f"<p><em>{_html(' · '.join(one_line(a) for a in about))}</em></p>")

    def _group_piece(self, country: str) -> bytes:
        """From the text's end: the slide's group, the country's name."""
        return b'"},"group":' + _ENCODE(_group(self.countries.get(country, country))) + b"}"


def slides(countries: Mapping[str, str], projects: Mapping[str, str], events: Sequence[Event]) -> list[bytes]:
    """Each event's slide, as the bytes of its JSON (for many batches, a `Slides` kept makes what repeats once)."""
    return Slides(countries, projects)(events)


def _columns(structs: Sequence[msgspec.Struct], names: Sequence[str]) -> list[tuple[Any, ...]]:
    """Fields of structs of one type, a column a field (taken at C speed, by astuple)."""
    rows = list(zip(*map(msgspec.structs.astuple, structs), strict=True))
    at = {name: place for place, name in enumerate(type(structs[0]).__struct_fields__)}
    return [rows[at[name]] for name in names]


class _Pieces:
    """A batch's slides (or sources), piece after piece: each piece a column (bytes a slide) or bytes they all
    have; put together, each slide's pieces in turn."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.columns: list[bytes | Sequence[bytes]] = []

    def add(self, *pieces: bytes | Sequence[bytes]) -> None:
        for piece in pieces:
            if isinstance(piece, bytes) and self.columns and isinstance(self.columns[-1], bytes):
                self.columns[-1] += piece
            else:
                self.columns.append(piece)

    def rows(self) -> list[bytes]:
        """Each slide's pieces in turn, joined."""
        columns = (repeat(piece) if isinstance(piece, bytes) else piece for piece in self.columns)
        return list(map(b"".join, zip(*columns, strict=False)))  # (as long as the columns: each piece repeated)


def _cached(made: dict[K, bytes], keys: Sequence[K], make: Callable[[K], bytes]) -> list[bytes]:
    """The piece of each key, made once a key (`made` keeps them)."""
    pieces = list(map(made.get, keys))
    if None in pieces:
        for key in {key for key in keys if key not in made}:
            made[key] = make(key)
        pieces = list(map(made.__getitem__, keys))
    return pieces  # type: ignore[return-value]


def _dates(days: Sequence[str], made: dict[str, bytes]) -> list[bytes]:
    """From the start date's year on: the dates, each with the parts it has (timelinejs.date_parts), but the last
    brace.

    A year, a month, a day (2021-10-05) and an interval of two days (2021-10-05/2021-10-17), most dates of a big
    dataset, are written from the batch's text at once (_plain_dates); the others date by date, each made once
    (`made` keeps them). The dates are those the events were derived from, so each is a real one.
    """
    pieces = _plain_dates(days)
    if pieces is not None:
        return pieces
    odd = _odd(list(map(len, days)))  # (dates of no plain date's size: made apart, in place of a year)
    plain = list(days)
    for at in odd:
        plain[at] = "2000"
    pieces = _plain_dates(plain)
    if pieces is None:  # (a date of a plain one's size but not plain: found, then the others written at once)
        odd = sorted({*odd, *(at for at, day in enumerate(plain) if not _PLAIN_DATE.fullmatch(day))})
        for at in odd:
            plain[at] = "2000"
        pieces = _plain_dates(plain)
        if pieces is None:  # (a year before 1000)
            return _cached(made, days, _dates_piece)
    for at, piece in zip(odd, _cached(made, [days[at] for at in odd], _dates_piece), strict=True):
        pieces[at] = piece
    return pieces


def _odd(sizes: list[int]) -> list[int]:
    """Where a date is of no plain date's size (each date's size given)."""
    odd = []
    for size in set(sizes).difference(_PLAIN_SIZES):
        at = -1
        for _ in range(sizes.count(size)):
            at = sizes.index(size, at + 1)
            odd.append(at)
    return odd


def _plain_dates(days: Sequence[str]) -> list[bytes] | None:
    """Plain dates (see _dates) written at once, or None if any date is not one.

    Each padded to ten characters (z after a year or a month) and joined, such dates are cells of eleven characters
    (then a slash or the separator), so the dashes of all are marked in one step each, a leading zero in a month or
    day made a z, then each z dropped and each mark made a key.
    """
    text = SEP.join(map(str.ljust, days, repeat(10), repeat("z"))).encode()
    cells = (len(text) + 1) // 11
    ends = text[10::11]  # (each day's end: a slash, or the separator; the last day has none)
    shapes = text.translate(_SHAPES)
    for shape in (b"9999-99-99", b"9999-99zzz", b"9999zzzzzz"):  # (a cell matched whole, or not at all)
        shapes = shapes.replace(shape, b"")
    if (
        len(text) != 11 * cells - 1
        or len(shapes) != cells - 1  # (the slashes and separators left: every cell is of a shape)
        or ends.count(_SEP) != len(days) - 1
        or ends.translate(None, b"/\x00")
        or b"//" in ends
        or b"0" in text[0::11]  # (a year before 1000: its zeros go too)
    ):
        return None
    marked = bytearray(text)
    marked[4::11] = text[4::11].translate(_MONTH_MARK)
    marked[5::11] = text[5::11].translate(_ZERO_MARK)
    marked[7::11] = text[7::11].translate(_DAY_MARK)
    marked[8::11] = text[8::11].translate(_ZERO_MARK)
    written = (
        marked.translate(None, b"z")
        .replace(b"M", b',"month":')
        .replace(b"D", b',"day":')
        .replace(b"/", b'},"end_date":{"year":')
    )
    return bytes(written).split(_SEP)


def _dates_piece(day: str) -> bytes:
    when = parse_edtf(day)
    dates = _ENCODE(date_parts(when.start))
    if when.end is not None:
        dates += b',"end_date":' + _ENCODE(date_parts(when.end))
    return dates[len(b'{"year":') : -1]


def _displays(displays: Sequence[str | None], made: dict[str | None, bytes]) -> list[bytes | Sequence[bytes]]:
    """The date shown, and the headline's start."""
    if None not in displays:
        return [b'"', _json_escaped(displays), b'","text":{"headline":"']  # type: ignore[arg-type]
    return [_cached(made, displays, _display_piece)]


def _display_piece(display: str | None) -> bytes:
    return _ENCODE(display) + b',"text":{"headline":"'


def _add_paragraphs(
    slides: _Pieces,
    summaries: Sequence[str | None],
    people: Sequence[tuple[str, ...]],
    claims: Sequence[tuple[Claim, ...]],
    notes: Sequence[str | None],
) -> None:
    """The text's paragraphs after what and where, those any event of the batch has: the summary, the people, the
    claims, the notes."""
    if any(summaries):
        slides.add(*_wrapped(summaries, b"<p>", b"</p>", breaks=True))
    if any(people):
        slides.add(*_wrapped(list(map(", ".join, people)), b"<p>People: ", b"</p>", shown=people))
    if any(claims):
        slides.add([_json("".join(map(_claim, those))) for those in claims])
    if any(notes):
        slides.add(*_wrapped(notes, b"<p><strong>Notes:</strong> ", b"</p>", breaks=True))


def _wrapped(
    values: Sequence[str | None],
    before: bytes,
    after: bytes,
    line: bool = False,
    breaks: bool = False,
    shown: Sequence[object] | None = None,
) -> list[bytes | Sequence[bytes]]:
    """The pieces of each value escaped (see _escaped), between `before` and `after`, where it is given (not empty;
    or where `shown` is not); of the others, nothing."""
    present = values if shown is None else shown
    if all(present):
        return [before, _escaped(values, line, breaks), after]  # type: ignore[arg-type]
    if line:  # (escaped alone: an empty value would make two spaces of the batch's, and the batch one_line'd)
        given = [value or "" for value, show in zip(values, present, strict=True) if show]
        escaped = iter(_escaped(given, line, breaks))
        return [[before + next(escaped) + after if show else b"" for show in present]]
    flags = list(map(bool, present))
    texts = values if shown is not None else [value or "" for value in values]
    pieces: list[bytes | Sequence[bytes]] = [list(map((b"", before).__getitem__, flags))]
    pieces.append(_escaped(texts, line, breaks))  # type: ignore[arg-type]
    if after:
        pieces.append(list(map((b"", after).__getitem__, flags)))
    return pieces


def _add_source_lists(slides: _Pieces, each: Sequence[tuple[Source, ...]]) -> None:
    """Each event's sources, as the text's list (timelinejs._source)."""
    sources = list(chain.from_iterable(each))
    if len(sources) == slides.count and min(map(len, each)) == 1:  # (most events have one source: a piece each)
        slides.add(b"<ul>")
        _add_sources(slides, sources)
        slides.add(b"</ul>")
        return
    items = _Pieces(len(sources))
    if sources:
        _add_sources(items, sources)
    item = iter(items.rows())
    slides.add(b"<ul>", [b"".join(next(item) for _ in those) for those in each], b"</ul>")


def _add_sources(pieces: _Pieces, sources: Sequence[Source]) -> None:
    """Each source as an item of a list: its title (a link to it, when it can be followed), its publisher, its
    quote (in its language) and our translation of it."""
    titles, urls, publishers, quotes, translations = _columns(sources, _SOURCE_FIELDS)
    names = _escaped(titles, line=True)
    links = _plain_links(urls)
    if links is not None:
        pieces.add(b'<li><a href=\\"', links, b'\\">', names, b"</a>")
    else:
        shown = []
        for url, name in zip(urls, names, strict=True):
            link = safe_url(url)
            shown.append(b'<a href=\\"' + _json(_attribute(link)) + b'\\">' + name + b"</a>" if link else name)
        pieces.add(b"<li>", shown)
    if any(publishers):
        pieces.add(*_wrapped(publishers, b", ", b"", line=True))
    if any(quotes):
        pieces.add(*_quotes(quotes))
    if any(translations):
        ours = [quote_translation_words(words) if words else None for words in translations]
        pieces.add(*_wrapped(ours, b"<br>", b"", breaks=True))
    pieces.add(b"</li>")


def _quotes(quotes: Sequence[str | None]) -> list[bytes | Sequence[bytes]]:
    """Each quote given, after a colon, in its language where its letters tell it (markup.language)."""
    given = quotes if all(quotes) else [quote for quote in quotes if quote]
    if SEP.join(given).isascii():  # type: ignore[arg-type]  # (no letter but Latin: in the page's language)
        return _wrapped(quotes, ": \u201c".encode(), "\u201d".encode(), breaks=True)
    texts = iter(_escaped(given, breaks=True))  # type: ignore[arg-type]
    shown = []
    for quote in quotes:
        code = language(quote) if quote else None
        quoted = "\u201c".encode() + next(texts) + "\u201d".encode() if quote else b""
        if code:
            shown.append(b': <span lang=\\"' + code.encode() + b'\\">' + quoted + b"</span>")
        else:
            shown.append(b": " + quoted if quote else b"")
    return [shown]


def _plain_links(urls: Sequence[str | None]) -> list[bytes] | None:
    """Each address as it is written, if every one is an http(s) address with a host and nothing to escape (so
    safe_url gives it as it is); else None.

    Told for the batch at once: each starts with the scheme and two slashes, then a character that begins a host;
    no bracket anywhere (a host in brackets is an IPv6 address that urlsplit checks); nothing to escape, no space."""
    if None in urls:
        return None
    joined = SEP.join(urls).encode()  # type: ignore[arg-type]
    each = b"\x00" + joined + b"\x00"
    if (
        each.count(b"\x00https://") + each.count(b"\x00http://") != len(urls)
        or len(joined.translate(None, _PLAIN_LINK)) != len(urls) - 1
        or _NO_HOST.search(each)
    ):
        return None
    return joined.split(_SEP)


# A column's values escaped: each value as `timelinejs` writes it in a JSON string (the inside of its quotes).


def _escaped(values: Sequence[str], line: bool = False, breaks: bool = False) -> Sequence[bytes]:
    """Each value made fit for a slide's HTML (xml_text, or one_line when `line`; `breaks`: line breaks as <br>)
    and escaped for a JSON string: for the whole batch at once where xml_text would change nothing."""
    count = len(values)
    joined = SEP.join(values)
    if joined.isascii():
        encoded = joined.encode()
        rest = encoded.translate(None, _PLAIN)  # (the separators, and what is not plain)
        if len(rest) == count - 1:
            if not line or _one_line(encoded):
                return encoded.split(_SEP)  # (the commonest: nothing to change)
            cleaned = False
        else:  # escaped at once if all that is not plain is what escaping changes (and a NUL is a separator)
            cleaned = rest.count(0) == count - 1 and not rest.translate(None, _ESCAPED if line else _ESCAPED_TEXT)
    else:
        cleaned = (_CHANGED_LINE if line else _CHANGED).search(joined) is None and joined.count(SEP) == count - 1
    if not cleaned or (line and not _one_line(joined.encode())):
        return _each(values, line, breaks)
    text = escape(joined, quote=False)
    if breaks:
        text = text.replace("\n", "<br>")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return text.encode().split(_SEP)


def _one_line(joined: bytes) -> bool:
    """Whether one_line would leave each of the values joined as it is, given that its white space is all spaces."""
    return b"  " not in b" " + joined.replace(_SEP, b" ") + b" "


def _each(values: Sequence[str], line: bool, breaks: bool) -> list[bytes]:
    """Value by value, as timelinejs does: where xml_text or one_line changes a value of the batch."""
    if breaks:
        return [_json(_lines(value)) for value in values]
    return [_json(_html(one_line(value) if line else value)) for value in values]


def _json(text: str) -> bytes:
    """A JSON string's inside, as msgspec writes it."""
    return _ENCODE(text)[1:-1]


def _json_escaped(texts: Sequence[str]) -> Sequence[bytes]:
    """Each text as it is (an id, a date shown: no xml_text), escaped for a JSON string."""
    joined = SEP.join(texts).encode()
    if len(joined.translate(None, _JSON_PLAIN)) == len(texts) - 1:
        return joined.split(_SEP)
    return list(map(_json, texts))


# What the document needs of all the events: the title slide's title, id and extent; an era per declared race.


class Pick(msgspec.Struct, frozen=True, array_like=True):
    """The events that come first by a key (or last), as the first and the last of them in date order tell them:
    the document takes the first in its order, date order or reversed (`min` and `max` keep the first they see).

    `low` and `high`: of those events, the least and the greatest by model.date_order, each as its date order's
    three texts, then its date and the date it shows."""

    key: tuple[str, ...]
    low: tuple[str, str, str, str, str | None]
    high: tuple[str, str, str, str, str | None]

    def shown(self, reverse: bool) -> tuple[str, str | None]:
        """The date and date shown of the first of them in the document's order."""
        return (self.high if reverse else self.low)[3:]


def _merged(one: Pick | None, other: Pick | None, largest: bool) -> Pick | None:
    if one is None or other is None:
        return one or other
    if one.key != other.key:
        return one if (one.key > other.key) == largest else other
    return Pick(one.key, min(one.low, other.low), max(one.high, other.high))


def _pick(
    events: Sequence[Event], keys: Sequence[str], largest: bool, then: Callable[[Event], str] | None = None
) -> Pick | None:
    """Of the events (keys[i] is events[i]'s), those first by key, then by `then` of the event (or last)."""
    if not keys:
        return None
    best = max(keys) if largest else min(keys)
    if keys.count(best) == 1:
        tied = [events[keys.index(best)]]
    else:
        tied = [event for event, key in zip(events, keys, strict=True) if key == best]
    key: tuple[str, ...] = (best,)
    if then is not None:
        seconds = list(map(then, tied))
        second = max(seconds) if largest else min(seconds)
        tied = [event for event, other in zip(tied, seconds, strict=True) if other == second]
        key = (best, second)
    marks = [(e.earliest or "", e.latest or OPEN_END_ISO, e.id, e.date, e.display) for e in tied]
    return Pick(key, min(marks), max(marks))


class Era(msgspec.Struct, array_like=True):
    """A project's events, for an era (timelinejs._eras): the first by its earliest day; of those that end, the last
    to end; of the others, the last to begin (an era's end where no event of its race ends)."""

    first: Pick | None = None
    ends: Pick | None = None
    open: Pick | None = None

    def merge(self, other: Era) -> Era:
        return Era(
            _merged(self.first, other.first, False),
            _merged(self.ends, other.ends, True),
            _merged(self.open, other.open, True),
        )


class Summary(msgspec.Struct):
    """What the TimelineJS document needs of its events besides their slides, made a batch at a time (`of`) and
    merged in any order (`merge`): how many, the first and last (the title slide's extent), the ids that would
    clash with the title slide's, and each project's era."""

    count: int = 0
    first: Pick | None = None  # by markup.extent's keys
    last: Pick | None = None
    clashes: frozenset[int] = frozenset()  # each n where TITLE_ID and n hyphens is an event's id
    eras: dict[str, Era] = {}  # by project

    @classmethod
    def of(cls, events: Sequence[Event]) -> Summary:
        earliest = list(map(_EARLIEST, events))
        if None in earliest:  # (derived fields not set)
            earliest = [day or "" for day in earliest]
        latest = list(map(_LATEST, events))
        reach = latest if None not in latest else [b or a for a, b in zip(earliest, latest, strict=True)]
        ids = list(map(_ID, events))
        clashes: frozenset[int] = frozenset()
        if TITLE_ID in SEP.join(ids):
            clashes = frozenset(len(i) - len(TITLE_ID) for i in ids if i.rstrip("-") == TITLE_ID)
        return cls(
            len(events),
            _pick(events, earliest, False, lambda e: e.latest or "9999"),
            _pick(events, reach, True, lambda e: e.earliest or ""),
            clashes,
            _eras(events),
        )

    def merge(self, other: Summary) -> Summary:
        eras = dict(self.eras)
        for project, era in other.eras.items():
            eras[project] = eras[project].merge(era) if project in eras else era
        return Summary(
            self.count + other.count,
            _merged(self.first, other.first, False),
            _merged(self.last, other.last, True),
            self.clashes | other.clashes,
            eras,
        )

    def title_id(self) -> str:
        """The title slide's id: TimelineJS would rename an event whose id clashes with it."""
        hyphens = 0
        while hyphens in self.clashes:
            hyphens += 1
        return TITLE_ID + "-" * hyphens

    def extent(self, reverse: bool) -> str:
        """markup.extent of the events, in date order (or reversed)."""
        count = f"{self.count} event{'s' if self.count != 1 else ''}"
        if self.first is None or self.last is None:
            return count
        return f"{count}, {self.first.shown(reverse)[1]} to {self.last.shown(reverse)[1]}"

    def default_title(self, races: Iterable[Race]) -> str:
        """markup.default_title of the events."""
        projects = {project for project in self.eras if project}
        return "; ".join(one_line(race.title) for race in races if projects & set(race.projects)) or "Timeline"

    def era_list(self, races: Iterable[Race], reverse: bool) -> list[dict[str, Any]]:
        """timelinejs._eras of the events."""
        eras = []
        for race in races:
            members = [self.eras[project] for project in race.projects if project in self.eras]
            if not members:
                continue
            era = members[0]
            for other in members[1:]:
                era = era.merge(other)
            assert era.first is not None
            last = era.ends or era.open
            assert last is not None
            start = date_parts(parse_edtf(era.first.shown(reverse)[0]).start)
            last_date = parse_edtf(last.shown(reverse)[0])
            end = date_parts(last_date.end or last_date.start)
            if start == end:
                continue
            eras.append({"start_date": start, "end_date": end, "text": {"headline": _html(one_line(race.title))}})
        return eras


def _eras(events: Sequence[Event]) -> dict[str, Era]:
    projects = list(map(_PROJECT, events))
    if projects.count(None) == len(projects):
        return {}
    by_project: dict[str, list[Event]] = {}
    for event, project in zip(events, projects, strict=True):
        if project is not None:
            by_project.setdefault(project, []).append(event)
    eras = {}
    for project, members in by_project.items():
        ending = [e for e in members if e.latest]
        still = [e for e in members if not e.latest]
        eras[project] = Era(
            _pick(members, [e.earliest or "" for e in members], largest=False),
            _pick(ending, [e.latest or "" for e in ending], largest=True),
            _pick(still, [e.earliest or "" for e in still], largest=True),
        )
    return eras
