"""`timeline --format timelinejs`: the events as Knight Lab's TimelineJS 3 JSON, ready to publish.

TimelineJS keeps a date's precision as we do: a date gives only the parts it has ({"year": 2020, "month": 5} is May
2020), so a month is never turned into its first day. Headlines and texts are HTML to TimelineJS (it sanitises
them, then writes them into the page), so text from data is escaped once; see `_group` for the one field it reads
differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from ..dates import Point, parse_edtf
from ..model import Claim, Event, Names, Source, date_order
from .claims import quote_translation_words, translation_words
from .markup import default_title, extent, language, one_line, safe_url, xml_text

if TYPE_CHECKING:
    from .slides import Summary

HEADLINE_MARK = {"planned": " (planned)", "unrealized": " (planned, never happened)"}
TITLE_ID = "spacefilm-title"


def timelinejs_document(catalog: Names, events: Sequence[Event], *, title: str | None = None) -> dict[str, Any]:
    """A TimelineJS 3 document: a title slide, a slide per event (grouped by country), an era per declared race."""
    document: dict[str, Any] = {
        "title": _title(catalog, events, title),
        "events": [_slide(catalog, event) for event in events],
    }
    eras = _eras(catalog, events)
    if eras:
        document["eras"] = eras
    return document


def timelinejs_parts(catalog: Names, events: Sequence[Event], part: int = 5000) -> Iterator[bytes]:
    """`timelinejs_document` as JSON, and a line break: the same bytes, made `part` slides at a time (the slides of
    300,000 events at once would take a gigabyte), from each batch's slides and summary (slides.py).

    The events are in date order, or reversed, as `timeline` gives them: where events tie for the first or last
    date, the document names the first of them in its order."""
    from .slides import Slides, Summary

    make = Slides.of(catalog)
    summary = Summary()
    batches = []
    for start in range(0, len(events), part):
        batch = events[start : start + part]
        summary = summary.merge(Summary.of(batch))
        batches.append(batch)
    reverse = bool(events) and date_order(events[0]) > date_order(events[-1])
    yield from timelinejs_ends(catalog, summary, reverse, (b",".join(make(batch)) for batch in batches))


def timelinejs_ends(catalog: Names, summary: Summary, reverse: bool, slides: Iterable[bytes]) -> Iterator[bytes]:
    """The document around its slides (`slides`: each batch's, joined by commas): the title slide, and the eras,
    from what the summary of the events says (in date order, or `reverse`d)."""
    import msgspec

    encode = msgspec.json.encode
    heading = summary.default_title(catalog.races)
    yield b'{"title":' + encode(_title_slide(summary.title_id(), heading, summary.extent(reverse))) + b',"events":['
    first = True
    for batch in slides:
        if batch:
            yield batch if first else b"," + batch
            first = False
    eras = summary.era_list(catalog.races, reverse)
    yield b"]" + (b',"eras":' + encode(eras) if eras else b"") + b"}\n"


def _title(catalog: Names, events: Sequence[Event], title: str | None) -> dict[str, Any]:
    """The title slide: the title given, or the races of the events (`default_title`), and their extent."""
    heading = one_line(title) if title is not None else default_title(catalog, events)
    ids = {event.id for event in events}
    title_id = TITLE_ID
    while title_id in ids:  # TimelineJS would rename a clashing event instead
        title_id += "-"
    return _title_slide(title_id, heading, extent(events))


def _title_slide(title_id: str, heading: str, extent: str) -> dict[str, Any]:
    return {"unique_id": title_id, "text": {"headline": _html(heading), "text": f"<p>{_html(extent)}.</p>"}}


def date_parts(point: Point) -> dict[str, int]:
    """A TimelineJS date with only the parts written: a year, a year and month, or a day."""
    parts = {"year": point.year}
    if point.month is not None:
        parts["month"] = point.month
    if point.day is not None:
        parts["day"] = point.day
    return parts


def _slide(catalog: Names, event: Event) -> dict[str, Any]:
    when = parse_edtf(event.date)
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": date_parts(when.start)}
    if when.end is not None:
        slide["end_date"] = date_parts(when.end)
    slide["display_date"] = event.display
    slide["text"] = {
        "headline": _html(one_line(event.title)) + HEADLINE_MARK.get(event.status, ""),
        "text": _text(catalog, event),
    }
    slide["group"] = _group(catalog.country_name(event.country))
    return slide


def _html(text: str) -> str:
    return escape(xml_text(text), quote=False)


def _attribute(text: str) -> str:
    return escape(xml_text(text), quote=True)


def _group(name: str) -> str:
    """A group name, escaped twice: TimelineJS reads it as HTML to get its text, then writes that text as HTML.

    Escaped once, `<img onerror=...>` would come back as markup on that second step.
    """
    return escape(_html(one_line(name)), quote=False)


def _text(catalog: Names, event: Event) -> str:
    """The slide's body: what, where, the summary and notes, and every source as a link with its quote."""
    about = [catalog.country_name(event.country), event.kind]
    if event.project:
        about.append(catalog.project_title(event.project))
    parts = [f"<p><em>{_html(' · '.join(one_line(a) for a in about))}</em></p>"]
    if event.summary:
        parts.append(f"<p>{_lines(event.summary)}</p>")
    if event.people:
        parts.append(f"<p>People: {_html(', '.join(event.people))}</p>")
    for claim in event.claims:
        parts.append(_claim(claim))
    if event.notes:
        parts.append(f"<p><strong>Notes:</strong> {_lines(event.notes)}</p>")
    parts.append("<ul>" + "".join(_source(source) for source in event.sources) + "</ul>")
    return "".join(parts)


def _claim(claim: Claim) -> str:
    """A claim, who claims it, its translation, and each dispute with the sources that say so."""
    label = "Claim" if claim.is_first else "Statement"
    quoted = f"\u201c{_html(claim.claim)}\u201d"
    code = language(claim.claim)
    if code:
        quoted = f'<span lang="{code}">{quoted}</span>'
    shown = f"<p><strong>{label}:</strong> {quoted} ({_html(one_line(claim.by))})"
    if claim.english:
        shown += f"<br>{_lines(translation_words(claim.english))}"
    for dispute in claim.disputed:
        shown += f"<br><strong>disputed:</strong> {_lines(dispute.note)} ({_html(one_line(dispute.by))})"
    shown += "</p>"
    if claim.disputed:
        shown += "<ul>" + "".join(_source(s) for d in claim.disputed for s in d.sources) + "</ul>"
    return shown


def _lines(text: str) -> str:
    return "<br>".join(_html(line) for line in xml_text(text).split("\n"))


def _source(source: Source) -> str:
    url = safe_url(source.url)
    name = _html(one_line(source.title))
    shown = f'<a href="{_attribute(url)}">{name}</a>' if url else name
    if source.publisher:
        shown += f", {_html(one_line(source.publisher))}"
    if source.quote:
        quoted = f"\u201c{_lines(source.quote)}\u201d"
        code = language(source.quote)
        shown += f': <span lang="{code}">{quoted}</span>' if code else f": {quoted}"
    if source.translation:
        shown += f"<br>{_lines(quote_translation_words(source.translation))}"
    return f"<li>{shown}</li>"


def _eras(catalog: Names, events: Sequence[Event]) -> list[dict[str, Any]]:
    """An era per declared race, over its projects' events among those given: from the start of the first to the
    end of the last. A race whose events make one date is left out: TimelineJS drops an era's end equal to its
    start, then refuses the whole timeline for an era with no end."""
    eras = []
    for race in catalog.races:
        members = [event for event in events if event.project in race.projects]
        if not members:
            continue
        first = min(members, key=lambda e: e.earliest or "")
        ends = [e for e in members if e.latest] or members
        last = max(ends, key=lambda e: e.latest or e.earliest or "")
        start = date_parts(parse_edtf(first.date).start)
        last_date = parse_edtf(last.date)
        end = date_parts(last_date.end or last_date.start)
        if start == end:
            continue
        eras.append({"start_date": start, "end_date": end, "text": {"headline": _html(one_line(race.title))}})
    return eras
