"""Machine formats: JSON, JSON Lines, CSV, TSV and Markdown. No Rich here: pipes never pay for it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import IO, Any, Protocol

import msgspec

from ..encoded import texts_of
from ..model import ClaimRow, Event
from .claims import beside_claim, dispute_words
from .output import neutralise

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
_CHUNK = 10_000


def write_json(out: IO[bytes], value: Any) -> None:
    out.write(_ENCODER.encode(value) + b"\n")


def write_json_array(out: IO[bytes], items: Sequence[Any]) -> None:
    """A JSON array written in chunks, so a million events need not be one buffer."""
    if not items:
        out.write(b"[]\n")
        return
    texts = texts_of(items)  # (events encoded as they were read: encoded.py)
    for start in range(0, len(items), _CHUNK):
        if texts is None:
            chunk = _ENCODER.encode(items[start : start + _CHUNK])[1:-1]
        else:
            chunk = b",".join(texts[start : start + _CHUNK])
        out.write((b"[" if start == 0 else b",") + chunk)
    out.write(b"]\n")


def write_jsonl(out: IO[bytes], items: Sequence[Any]) -> None:
    texts = texts_of(items)
    for start in range(0, len(items), _CHUNK):
        if texts is None:
            out.write(_ENCODER.encode_lines(items[start : start + _CHUNK]))
        else:
            out.write(b"\n".join(texts[start : start + _CHUNK]) + b"\n")


def join(values: Iterable[str]) -> str:
    return "; ".join(values)


def event_row(event: Event) -> dict[str, str]:
    """An event as flat text fields, for CSV and TSV: list fields joined with '; '."""
    return {
        "id": event.id,
        "date": event.date,
        "earliest": event.earliest or "",
        "latest": event.latest or "",
        "precision": event.precision or "",
        "display": event.display or "",
        "title": event.title,
        "summary": event.summary or "",
        "country": event.country,
        "kind": event.kind,
        "status": event.status,
        "project": event.project or "",
        "people": join(event.people),
        "organizations": join(event.organizations),
        "sources": join(s.url or s.title for s in event.sources),
        "claims": join(
            f"{c.claim} ({c.by})" + "".join(f" [{words}]" for words in beside_claim(c.english, c.disputed))
            for c in event.claims
        ),
        "notes": event.notes or "",
    }


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV Injection"), or with their
# fullwidth forms (U+FF1D is = once a spreadsheet normalises it), after any spaces or invisible characters it skips.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = "=+\\-@\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66"
# What a spreadsheet may skip before a formula: white space (NBSP included), zero-width and format characters.
_SKIPPED = "\\s\u00a0\u180e\u200b-\u200f\u2060-\u2064\ufeff"
_FORMULA_CELL = f"[\\t\\r]|[{_SKIPPED}]*[{_FORMULA}]"


def inert_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a single quote before it."""
    if not text or text.isalnum():
        return text
    return "'" + text if _compiled(_FORMULA_CELL).match(text) else text


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
