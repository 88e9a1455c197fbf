"""`chart --html`: one self-contained page, the SVG timeline and below it every event with its sources.

The page works offline and fetches nothing: no script, no font, no image, and a Content-Security-Policy that
forbids any fetch should a later edit add one. It is written as polyglot markup (HTML5 that is also well-formed
XML), so that an XML parser checks it in the tests. Every piece of text from data is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from html import escape

from ..dates import parse_edtf
from ..model import Event, Names, Source
from .claims import translation_words
from .markup import default_title, extent, one_line, safe_url, status_words, xml_text
from .svg import svg_element

DOT = " \u00b7 "
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
STYLE = """
body { font-family: 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif;
  color: #1a1a1a; background: #ffffff; margin: 0 auto; padding: 24px; max-width: 1200px; line-height: 1.45; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
header p { color: #5a5a5a; margin: 0 0 16px; }
figure { margin: 0 0 32px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #5a5a5a; font-size: 0.9em; }
ol.events { list-style: none; padding: 0; margin: 0; }
ol.events > li { border-top: 1px solid #c8c8c8; padding: 12px 0 14px; scroll-margin-top: 12px; }
ol.events > li:target { background: #fff6d5; outline: 2px solid #e69f00; }
.when { color: #5a5a5a; margin: 0; font-size: 0.95em; }
.when time { color: #1a1a1a; font-weight: bold; }
.status-planned h3, .status-unrealized h3 { font-style: italic; }
.status-word { border: 1px dashed #5a5a5a; border-radius: 3px; padding: 0 4px; }
h3 { font-size: 1.15em; margin: 2px 0 6px; }
dl { margin: 4px 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dt { color: #5a5a5a; }
dd { margin: 0; }
ol.sources { margin: 6px 0 0; padding-left: 1.4em; }
blockquote { margin: 4px 0 6px; padding-left: 10px; border-left: 3px solid #c8c8c8; color: #333333; }
.translation { color: #5a5a5a; }
.disputed { margin: 4px 0 0; padding-left: 10px; border-left: 3px solid #d55e00; }
.url { color: #5a5a5a; font-size: 0.9em; overflow-wrap: anywhere; }
footer { margin-top: 32px; color: #5a5a5a; font-size: 0.9em; }
@media print {
  body { max-width: none; padding: 0; }
  ol.events > li { break-inside: avoid; }
  a { color: inherit; }
}
"""


def html_page(catalog: Names, events: Sequence[Event], *, by_project: bool = False, title: str | None = None) -> str:
    """The page: the timeline inline (each mark links to its entry below), then the events with their sources."""
    heading = one_line(title) if title is not None else default_title(catalog, events)
    picture = svg_element(catalog, events, by_project=by_project, title=heading, link_to_entries=True, headed=False)
    ElementTree.indent(picture, space=" ")
    svg = ElementTree.tostring(picture, encoding="unicode")
    lanes = "a lane per project" if by_project else "a lane per country"
    parts = [
        "<!DOCTYPE html>\n",
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n<head>\n<meta charset="utf-8" />\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}" />\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n',
        '<meta name="generator" content="spacefilm" />\n',
        f"<title>{_text(heading)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        f"<header><h1>{_text(heading)}</h1>\n<p>{_text(extent(events))}, {lanes}. Point at a mark for its date; "
        "click it for its entry and sources below.</p></header>\n",
        f'<figure id="chart">{svg}</figure>\n',
        '<section>\n<h2>The events</h2>\n<ol class="events">\n',
        *(_entry(catalog, event) for event in events),
        "</ol>\n</section>\n",
        "<footer>Made with spacefilm. Dates are shown at the precision their sources give.</footer>\n",
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def _text(text: str) -> str:
    """Text from data, escaped for HTML and XML alike (quotes too, so it is safe in an attribute)."""
    return escape(xml_text(text), quote=True)


def _attribute(text: str) -> str:
    """_text for an attribute value, its line breaks and tabs written as references: an XML parser would read
    them as spaces, an HTML parser keeps them."""
    return _text(text).replace("\n", "&#10;").replace("\t", "&#9;")


def machine_date(event: Event) -> str | None:
    """The date for <time datetime>: a year, a month or a day, only the parts written (never a made-up day);
    None for an interval, which <time> cannot hold."""
    when = parse_edtf(event.date)
    if when.is_interval:
        return None
    point = when.start
    if point.day is not None:
        return f"{point.year:04d}-{point.month:02d}-{point.day:02d}"
    if point.month is not None:
        return f"{point.year:04d}-{point.month:02d}"
    return f"{point.year:04d}"


def _entry(catalog: Names, event: Event) -> str:
    machine = machine_date(event)
    time = f'<time datetime="{machine}">' if machine else "<time>"
    about = [_text(catalog.country_name(event.country)), _text(event.kind)]
    if event.status != "happened":
        about.append(f'<span class="status-word">{_text(status_words(event))}</span>')
    lines = [
        f'<li id="{_attribute(event.id)}" class="event status-{event.status}">',
        f'<p class="when">{time}{_text(event.display or event.date)}</time>{DOT}{DOT.join(about)}</p>',
        f"<h3><bdi>{_text(one_line(event.title))}</bdi></h3>",
    ]
    details = []
    if event.summary:
        details.append(("Summary", _paragraphs(event.summary)))
    if event.project:
        details.append(("Project", _text(catalog.project_title(event.project))))
    if event.people:
        details.append(("People", _text(", ".join(event.people))))
    if event.organizations:
        details.append(("Organisations", _text(", ".join(event.organizations))))
    for claim in event.claims:
        shown = f"\u201c{_text(claim.claim)}\u201d ({_text(claim.by)})"
        if claim.english:
            shown += f'<br /><span class="translation">{_text(translation_words(claim.english))}</span>'
        for dispute in claim.disputed:
            shown += (
                f'<div class="disputed"><strong>disputed:</strong> {_text(dispute.note)} ({_text(dispute.by)})'
                + '<ol class="sources">'
                + "".join(_source(source) for source in dispute.sources)
                + "</ol></div>"
            )
        details.append(("Claim" if claim.is_first else "Statement", shown))
    if event.notes:
        details.append(("Notes", _paragraphs(event.notes)))
    if details:
        lines.append("<dl>" + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in details) + "</dl>")
    lines.append('<ol class="sources">' + "".join(_source(source) for source in event.sources) + "</ol>")
    lines.append("</li>\n")
    return "\n".join(lines)


def _paragraphs(text: str) -> str:
    """Line breaks in data kept as <br />."""
    return "<br />".join(_text(line) for line in xml_text(text).split("\n"))


def _source(source: Source) -> str:
    url = safe_url(source.url)
    name = _text(one_line(source.title))
    if url:
        shown = f'<a href="{_attribute(url)}" rel="noopener noreferrer">{name}</a>'
    elif source.url:  # an address that is not a web link (javascript:, data:, a typo) is shown, never linked
        shown = f'{name} <span class="url">({_text(source.url)})</span>'
    else:
        shown = name
    if source.publisher:
        shown += f", {_text(one_line(source.publisher))}"
    if source.quote:
        shown += f"<blockquote>\u201c{_paragraphs(source.quote)}\u201d</blockquote>"
    return f"<li>{shown}</li>"
