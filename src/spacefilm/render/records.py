"""Machine formats: JSON, JSON Lines, CSV, TSV and Markdown. No Rich here: pipes never pay for it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from operator import attrgetter, itemgetter
from typing import IO, Any, Protocol

import msgspec

from ..model import ClaimRow, Event
from .claims import beside_claim, dispute_words
from .output import neutralise
from .rows import made

EVENT_HEADERS = (
    "id",
    "date",
    "earliest",
    "latest",
    "precision",
    "display",
    "title",
    "summary",
    "country",
    "kind",
    "status",
    "project",
    "people",
    "organizations",
    "sources",
    "claims",
    "notes",
)
_ENCODER = msgspec.json.Encoder()
_compiled = cache(re.compile)
# Rows written a chunk at a time, each chunk joined into one text: a chunk of some hundreds of KiB is taken from and
# given back to memory the process reuses; one of megabytes is mapped afresh each time (glibc's heuristics decide),
# and on a virtual machine faulting in fresh pages costs more than the join (300,000 events of JSON Lines: 80,000
# more page faults, a fifth of a second, with chunks of 10,000 rows).
_CHUNK = 2_000


def write_json(out: IO[bytes], value: Any) -> None:
    out.write(_ENCODER.encode(value) + b"\n")


def write_json_array(out: IO[bytes], items: Sequence[Any]) -> None:
    """A JSON array written in chunks, so a million events need not be one buffer."""
    if not items:
        out.write(b"[]\n")
        return
    texts = made(items, "json")  # (events encoded as they were read: rows.py)
    for start in range(0, len(items), _CHUNK):
        if texts is None:
            chunk = _ENCODER.encode(items[start : start + _CHUNK])[1:-1]
        else:
            chunk = b",".join(texts[start : start + _CHUNK])
        out.write((b"[" if start == 0 else b",") + chunk)
    out.write(b"]\n")


def write_jsonl(out: IO[bytes], items: Sequence[Any]) -> None:
    texts = made(items, "json")
    for start in range(0, len(items), _CHUNK):
        if texts is None:
            out.write(_ENCODER.encode_lines(items[start : start + _CHUNK]))
        else:
            out.write(b"\n".join(texts[start : start + _CHUNK]) + b"\n")


def write_lines(out: TextSink, lines: Iterable[str], end: str = "\n") -> None:
    """Lines made already (rows.py), each ended with `end`, written in chunks."""
    given = iter(lines)
    while chunk := list(islice(given, _CHUNK)):
        out.write(end.join(chunk) + end)


def join(values: Iterable[str]) -> str:
    return "; ".join(values)


def event_row(event: Event) -> dict[str, str]:
    """An event as flat text fields, for CSV and TSV: list fields joined with '; '."""
    return dict(zip(EVENT_HEADERS, event_values(event), strict=True))


def event_values(event: Event) -> tuple[str, ...]:
    """The fields of `event_row`, in the order of EVENT_HEADERS."""
    return (
        event.id,
        event.date,
        event.earliest or "",
        event.latest or "",
        event.precision or "",
        event.display or "",
        event.title,
        event.summary or "",
        event.country,
        event.kind,
        event.status,
        event.project or "",
        join(event.people),
        join(event.organizations),
        _sources(event),
        _claims(event),
        event.notes or "",
    )


def _sources(event: Event) -> str:
    return join(s.url or s.title for s in event.sources)


def _claims(event: Event) -> str:
    return join(
        f"{c.claim} ({c.by})" + "".join(f" [{words}]" for words in beside_claim(c.english, c.disputed))
        for c in event.claims
    )


def event_columns(events: Sequence[Event]) -> list[list[str]]:
    """The fields of `event_row` of each event, a list a field (in the order of EVENT_HEADERS), each made by a pass
    at C speed where it can be (the events' derived fields set)."""
    people, organizations, sources = zip(*map(_LISTS, events), strict=True) if events else ((),) * 3
    return [
        list(map(_ID, events)),
        list(map(_DATE, events)),
        list(map(_EARLIEST, events)),
        [e.latest or "" for e in events],
        list(map(_PRECISION, events)),
        list(map(_DISPLAY, events)),
        list(map(_TITLE, events)),
        [e.summary or "" for e in events],
        list(map(_COUNTRY, events)),
        list(map(_KIND, events)),
        list(map(_STATUS, events)),
        [e.project or "" for e in events],
        list(map(join, people)),
        list(map(join, organizations)),
        ["; ".join([s.url or s.title for s in given]) for given in sources],
        [_claims(e) if e.claims else "" for e in events],
        [e.notes or "" for e in events],
    ]


# Fields `inert_cell` need not look at: dates, and words of a fixed vocabulary (kind, status, precision).
PLAIN_FIELDS = frozenset({"date", "earliest", "latest", "precision", "kind", "status"})
_ID, _DATE, _EARLIEST, _PRECISION, _DISPLAY, _TITLE, _COUNTRY, _KIND, _STATUS = map(
    attrgetter, ("id", "date", "earliest", "precision", "display", "title", "country", "kind", "status")
)
_LISTS = attrgetter("people", "organizations", "sources")


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV Injection"), or with their
# fullwidth forms (U+FF1D is = once a spreadsheet normalises it), after any spaces or invisible characters it skips.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = "=+\\-@\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66"
# What a spreadsheet may skip before a formula: white space (NBSP included), zero-width and format characters.
_SKIPPED = "\\s\u00a0\u180e\u200b-\u200f\u2060-\u2064\ufeff"
_FORMULA_CELL = f"[\\t\\r]|[{_SKIPPED}]*[{_FORMULA}]"
_FORMULA_START = f"[\\t\\r{_SKIPPED}{_FORMULA}]"  # (the first character of any cell _FORMULA_CELL matches)
_FIRST = itemgetter(slice(0, 1))


def inert_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a single quote before it."""
    if not text or text.isalnum():
        return text
    return "'" + text if _compiled(_FORMULA_CELL).match(text) else text


def inert_column(texts: list[str]) -> list[str]:
    """`inert_cell` of each text, looked at only where its first character could start a formula (a pass at C
    speed over the column finds them)."""
    starts = set(map(_FIRST, texts))
    risky = {start for start in starts if start and _compiled(_FORMULA_START).match(start)}
    if not risky:
        return texts
    return [inert_cell(text) if text[:1] in risky else text for text in texts]


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


def write_delimited(out: TextSink, rows: Iterable[dict[str, str]], headers: Sequence[str], delimiter: str) -> None:
    """CSV or TSV with a header row; fields holding the delimiter, quotes or newlines are quoted.

    Made for spreadsheets, so a cell that would run as a formula is made inert (see inert_cell); the exact text
    is in --format json and jsonl.
    """
    import csv  # (only csv and tsv need it)

    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([inert_cell(row[name]) for name in headers] for row in rows)


def _markdown_cell(text: str) -> str:
    text = neutralise(" ".join(text.split()))
    return text.replace("\\", "\\\\").replace("|", "\\|") or " "


def markdown_column(texts: Sequence[str]) -> list[str]:
    """`_markdown_cell` of each text, as passes over the whole column: the texts on one line each are joined by line
    breaks (none is left in them), made inert and escaped at once, and split again; or, when a search of the column
    finds nothing to change, only its empty cells filled."""
    from .plain import needs_one_line

    if not needs_one_line(texts) and not any(map("".join(texts).__contains__, ("|", "\\"))):
        return [text or " " for text in texts] if "" in texts else list(texts)
    one = "\n".join(map(" ".join, map(str.split, texts)))
    one = neutralise(one).replace("\\", "\\\\").replace("|", "\\|")
    return [cell or " " for cell in one.split("\n")]


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """A GitHub-flavoured Markdown table, a line at a time."""
    yield "| " + " | ".join(_markdown_cell(h) for h in headers) + " |"
    yield "|" + "|".join("---" for _ in headers) + "|"
    for row in rows:
        yield "| " + " | ".join(_markdown_cell(cell) for cell in row) + " |"


def claim_row(row: ClaimRow) -> dict[str, str]:
    return {
        "claim": row.claim,
        "by": row.by,
        "translation": row.translation or "",
        "disputed": join(dispute_words(d).removeprefix("disputed: ") for d in row.disputed),
        "event": row.event,
        "country": row.country,
        "date": row.date,
        "earliest": row.earliest or "",
        "latest": row.latest or "",
        "display": row.display or "",
        "status": row.status,
        "sources": join(s.url or s.title for s in row.sources),
    }


CLAIM_HEADERS = (
    "claim",
    "by",
    "translation",
    "disputed",
    "event",
    "country",
    "date",
    "earliest",
    "latest",
    "display",
    "status",
    "sources",
)
