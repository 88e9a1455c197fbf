"""What each command shows, as views for the format dispatcher (render/formats.py). No Rich at import."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..model import ClaimRow, Event, Names
from ..vocab import STATUS_MARK
from . import records
from .formats import Columns, Document, Listing
from .output import Output

if TYPE_CHECKING:
    from ..query import Named
    from ..race import Comparison


def marked_title(event: Event) -> str:
    """The title, with plans marked: "(planned)", "(never happened)"."""
    mark = STATUS_MARK.get(event.status)
    return f"{event.title} ({mark})" if mark else event.title


# What a format of `timeline` shows of an event, beyond its id and dates: the reader keeps no more of an event
# (query.Filters.fields). Formats not named show every field.
TIMELINE_FIELDS = {
    "table": ("title", "country", "kind", "status"),
    "markdown": ("title", "country", "kind", "status"),
}
# What `firsts` shows of an event (query.claims_of).
CLAIM_FIELDS = ("country", "status", "sources", "claims")


def timeline(names: Names, events: Sequence[Event]) -> Listing[Event]:
    from .plain import country_styles

    colours = country_styles(names.countries)

    def cells(e: Event) -> Sequence[str]:
        return (e.display or "", names.country_name(e.country), e.kind, marked_title(e), e.id)

    def markdown(e: Event) -> Sequence[str]:
        return (e.display or "", names.country_name(e.country), e.kind, e.status, e.title, e.id)

    def styles(e: Event) -> Sequence[str]:
        plan = e.status != "happened"
        return ("dim" if plan else "", colours.get(e.country, ""), "", "italic dim" if plan else "", "dim")

    def timelinejs() -> Iterable[bytes]:
        from .rows import made
        from .timelinejs import timelinejs_ends, timelinejs_parts

        slides = made(events, "timelinejs")
        if slides is None:
            return timelinejs_parts(names, events)
        from .slides import Summary

        summary = slides.summary[0] if slides.summary else Summary()
        batches = (b",".join(slides[start : start + 5000]) for start in range(0, len(slides), 5000))
        return timelinejs_ends(names, summary, slides.newest_first, batches)

    return Listing(
        events,
        records.EVENT_HEADERS,
        records.event_row,
        table=Columns(
            ("Date", "Country", "Kind", "Title", "ID"),
            cells,
            styles,
            whole=frozenset({"ID"}),
            flex="Title",
            drop=(("ID", "Title"), "Kind", "Country"),
            short={"Country": attrgetter("country")},  # (`russia` for Russia, `us` for United States)
        ),
        markdown=Columns(("Date", "Country", "Kind", "Status", "Title", "ID"), markdown),
        documents={"timelinejs": timelinejs},
    )


def firsts(names: Names, claims: Sequence[ClaimRow]) -> Listing[ClaimRow]:
    from .plain import country_styles

    colours = country_styles(names.countries)

    def cells(r: ClaimRow) -> Sequence[str]:
        from .claims import claim_line

        # Beside the claim, its translation and what contradicts it: a first is never shown plainer than that; and
        # a first claimed for a plan is marked, since whether it happened is half the story.
        shown = claim_line(r.claim, r.translation, r.disputed, STATUS_MARK.get(r.status))
        return (r.display or "", names.country_name(r.country), shown, r.by, r.event)

    def styles(r: ClaimRow) -> Sequence[str]:
        return ("", colours.get(r.country, ""), "", "", "dim")

    headers = ("Date", "Country", "Claim", "By", "Event")
    # Narrow, the event's id goes under the claim before anything is left out; who makes the claim goes last.
    drop = (("Event", "Claim"), "Country", "By")
    short = {"Country": attrgetter("country")}
    table = Columns(headers, cells, styles, whole=frozenset({"Event"}), flex="Claim", drop=drop, short=short)
    return Listing(claims, records.CLAIM_HEADERS, records.claim_row, table=table, empty="No claim of a first matches.")


# What `list` shows of each kind of name: (JSON key, column header) pairs. A list of names is a JSON array and is
# joined with "; " in csv, tsv and tables.
_NAME_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "countries": (("id", "ID"), ("name", "Name"), ("aliases", "Aliases"), ("events", "Events")),
    "projects": (
        ("id", "ID"),
        ("name", "Title"),
        ("aliases", "Also"),
        ("country", "Country"),
        ("events", "Events"),
    ),
    "kinds": (("id", "Kind"), ("events", "Events")),
    "races": (("id", "ID"), ("name", "Title"), ("projects", "Projects"), ("events", "Events")),
    "people": (("name", "Name"), ("events", "Events")),
}
# The columns a table of names leaves out first on a narrow terminal.
_NAME_DROPS = {"countries": ("Aliases",), "projects": ("Also", "Country"), "races": ("Projects",)}


def names(catalog: Names, what: str, named: Sequence[Named]) -> Listing[dict[str, Any]]:
    """`list`: one record a name, with the fields its kind has (people have no id; kinds no other name)."""
    keys = [key for key, _ in _NAME_FIELDS[what]]
    records = [{key: getattr(row, key) for key in keys} for row in named]

    def flat(record: dict[str, Any]) -> dict[str, str]:
        return {key: _text(value) for key, value in record.items()}

    def cells(record: dict[str, Any]) -> Sequence[str]:
        shown = {**record, "country": catalog.country_name(record["country"])} if record.get("country") else record
        return [_text(shown[key]) for key in keys]

    headers = tuple(header for _, header in _NAME_FIELDS[what])
    plain = ("",) * len(headers)  # (in colour, the headers bold and the rule dim, as every table)
    table = Columns(
        headers,
        cells,
        styles=lambda record: plain,
        whole=frozenset({"ID", "Kind"}),  # what options take (--project, --race): never cut, so it can be copied
        words=frozenset({"Projects"}),  # (a race's projects: ids too)
        flex=next((header for header in ("Title", "Name") if header in headers), None),
        drop=_NAME_DROPS.get(what, ()),
    )
    return Listing(records, keys, flat, table=table, empty=f"The dataset has no {what}.")


def _text(value: str | int | tuple[str, ...] | None) -> str:
    if isinstance(value, tuple):
        return records.join(value)
    return "" if value is None else str(value)


def show(names: Names, event: Event) -> Document:
    def draw(output: Output) -> None:
        from .terminal import event_view

        output.draw(event_view(names, event, output), crop=False)

    return Document(event, draw)


def compare(comparison: Comparison) -> Document:
    """The comparison drawn, as JSON, as Markdown, and as one record a milestone (jsonl, csv, tsv)."""
    from .comparison import comparison_document, comparison_rows, flat_headers, flat_row, verdict

    def draw(output: Output) -> None:
        from .race_view import comparison_view

        output.draw(comparison_view(comparison, output.width))

    def markdown() -> Iterator[str]:
        headers, rows = comparison_rows(comparison)
        yield from records.markdown_table(headers, rows)
        yield ""
        yield verdict(comparison)

    headers = flat_headers(comparison)
    ids = [side.id for side in comparison.sides]

    def flat(value: dict[str, Any]) -> dict[str, str]:
        return flat_row(ids, value)

    document = comparison_document(comparison)
    milestones = Listing(
        document["milestones"],
        headers,
        flat,
        table=Columns(headers, lambda value: [flat(value)[name] for name in headers]),
    )
    return Document(document, draw, markdown, milestones)
