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
from .axis_words import DENSITY_ROWS
from .claims import quote_translation_words, translation_words
from .markup import default_title, extent, language, one_line, safe_url, status_words, xml_text
from .svg import country_colours, fragment, indent, svg_element

DOT = " \u00b7 "
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
# The picture is drawn twice, for a wide screen and for an article column, and listed down the screen for a phone;
# each shown where its smallest text (12 pixels drawn) stays 11 pixels or more: 1200 from 1160 CSS pixels wide,
# 680 from 680 (room left for a scroll bar and the 16-pixel margins). Print gets the column's drawing.
WIDE, NARROW = 1200, 680
WIDE_FROM, NARROW_FROM = 1160, 680
STYLE = """
body { font-family: 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif;
  color: #1a1a1a; background: #ffffff; margin: 0 auto; padding: 16px; max-width: 1200px; line-height: 1.45; }
@media (min-width: 1248px) { body { padding: 24px; } }
.skip { position: absolute; left: -10000px; top: 8px; background: #ffffff; padding: 4px 8px; }
.skip:focus { left: 8px; outline: 2px solid #0072b2; }
h1 { font-size: 1.6em; margin: 0 0 4px; line-height: 1.2; }
header p { color: #5a5a5a; margin: 0 0 16px; }
figure { margin: 0 0 32px; }
figure svg { width: 100%; height: auto; display: block; }
.wide svg { max-width: 1200px; }
.narrow svg { max-width: 680px; }
.wide, .narrow, .vertical { display: none; }
@media screen and (min-width: 1160px) { .wide { display: block; } }
@media screen and (min-width: 680px) and (max-width: 1159.98px) { .narrow { display: block; } }
@media screen and (max-width: 679.98px) { .vertical { display: block; } }
.says-list, .says-print { display: none; }
@media screen and (max-width: 679.98px) { .says-drawing { display: none; } .says-list { display: inline; } }
.vertical ol { list-style: none; margin: 0; padding: 0; }
.vertical li { margin: 0; }
.vertical .year { font-weight: bold; font-size: 1.1em; margin: 14px 0 4px; border-bottom: 2px solid #1a1a1a; }
.vertical .cut { color: #5a5a5a; font-style: italic; margin: 10px 0; border-top: 1px dashed #5a5a5a;
  padding-top: 4px; }
.vertical a { display: block; color: inherit; text-decoration: none; padding: 6px 0 6px 12px;
  border-left: 4px solid var(--k); }
.vertical a:focus { outline: 2px solid #0072b2; }
.vertical .shape { color: var(--k); margin-right: 4px; }
.vertical .when { font-weight: bold; }
.vertical .what { display: block; }
.vertical .who { display: block; color: #5a5a5a; font-size: 0.9em; }
.vertical .plan .what { font-style: italic; }
ol.events { list-style: none; padding: 0; margin: 0; }
ol.events > li { border-top: 1px solid #c8c8c8; padding: 12px 0 14px; scroll-margin-top: 12px; }
ol.events > li:target { background: #fff6d5; outline: 2px solid #e69f00; }
.when { color: #5a5a5a; margin: 0; font-size: 0.95em; }
.when time { color: #1a1a1a; font-weight: bold; }
.status-planned h3, .status-unrealized h3 { font-style: italic; }
.status-word { border: 1px dashed #5a5a5a; border-radius: 3px; padding: 0 4px; }
h2 { break-after: avoid; }
h3 { font-size: 1.15em; margin: 2px 0 6px; break-after: avoid; }
dl { margin: 4px 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dt { color: #5a5a5a; }
dd { margin: 0; }
ol.sources { margin: 6px 0 0; padding-left: 1.4em; }
blockquote { margin: 4px 0 6px; padding-left: 10px; border-left: 3px solid #c8c8c8; color: #333333; }
.translation { color: #5a5a5a; }
p.translation { margin: 0 0 6px; padding-left: 13px; }
.disputed { margin: 4px 0 0; padding-left: 10px; border-left: 3px solid #d55e00; }
.url { color: #5a5a5a; font-size: 0.9em; overflow-wrap: anywhere; }
footer { margin-top: 32px; color: #5a5a5a; font-size: 0.9em; }
@media print {
  @page { margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .skip, .wide, .vertical, .says-drawing, .says-list { display: none !important; }
  .says-print { display: inline !important; }
  .narrow { display: block !important; }
  header, h1, h2, h3, .when { break-after: avoid; }
  ol.events > li { break-inside: avoid; }
  ol.events > li:target { background: none; outline: none; }
  a { color: inherit; }
  ol.sources a[href]::after { content: " (" attr(href) ")"; font-size: 9pt; color: #333333;
    overflow-wrap: anywhere; word-break: break-all; }
}
"""


def _in_language(html: str, text: str, tag: str = "span") -> str:
    """html wrapped in an element that names the language of text, when it is not English."""
    code = language(text)
    return f'<{tag} lang="{code}">{html}</{tag}>' if code else html


def html_page(catalog: Names, events: Sequence[Event], *, by_project: bool = False, title: str | None = None) -> str:
    """The page: the timeline inline (each mark links to its entry below), then the events with their sources."""
    heading = one_line(title) if title is not None else default_title(catalog, events)
    drawings = []
    for width in (WIDE, NARROW):
        picture = svg_element(
            catalog, events, by_project=by_project, title=heading, link_to_entries=True, headed=False, width=width
        )
        indent(picture)
        drawings.append(ElementTree.tostring(picture, encoding="unicode"))
    lanes = "a lane per project" if by_project else "a lane per country"
    colours = _country_colours(catalog, events)
    parts = [
        "<!DOCTYPE html>\n",
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n<head>\n<meta charset="utf-8" />\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}" />\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n',
        '<meta name="generator" content="spacefilm" />\n',
        f"<title>{_text(heading)}</title>\n<style>{STYLE}{_colour_rules(colours)}</style>\n</head>\n<body>\n",
        '<a class="skip" href="#events">Skip the timeline: go to the list of events</a>\n',
        f"<header><h1>{_text(heading)}</h1>\n<p>{_text(extent(events))}"
        # What the timeline is, said for the layout shown: a drawing of lanes, or (on a phone) a list by year.
        f'<span class="says-drawing">, {lanes}. Each mark links to its entry and sources below.</span>'
        '<span class="says-list">, listed by year. Each links to its entry and sources below.</span>'
        f'<span class="says-print">, {lanes}. Each event\u2019s entry and sources follow.</span></p></header>\n',
        '<figure id="chart" aria-label="Timeline">\n',
        f'<div class="wide">{drawings[0]}</div>\n<div class="narrow">{drawings[1]}</div>\n',
        f'<div class="vertical">{_vertical(catalog, events, colours)}</div>\n</figure>\n',
        '<section id="events" aria-labelledby="events-heading">\n<h2 id="events-heading">The events</h2>\n',
        '<ol class="events">\n',
        *(_entry(catalog, event) for event in events),
        "</ol>\n</section>\n",
        "<footer>Made with spacefilm. Dates are shown at the precision their sources give.</footer>\n",
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def _country_colours(catalog: Names, events: Sequence[Event]) -> dict[str, tuple[int, str, str | None]]:
    """Each country's number (for its CSS class), colour and letter (beyond the palette), as the SVG has them."""
    colours, letters = country_colours(catalog, events)
    return {country: (index, colour, letters.get(country)) for index, (country, colour) in enumerate(colours.items())}


def _colour_rules(colours: dict[str, tuple[int, str, str | None]]) -> str:
    return "".join(f".k{index} {{ --k: {colour}; }}\n" for index, colour, _ in colours.values())


SHAPES = {"point": "\u25cf", "bar": "\u25ac", "soft": "\u2591"}
PLAN_SHAPES = {"point": "\u25cb", "bar": "\u25ad", "soft": "\u2591"}


def _vertical(catalog: Names, events: Sequence[Event], colours: dict[str, tuple[int, str, str | None]]) -> str:
    """The timeline for a phone: down the screen, a heading a year, each event with its date, title, country and
    status in words, linked to its entry; years with no events said in a line. Past DENSITY_ROWS events, a note
    that the list below has them."""
    if len(events) > DENSITY_ROWS:
        return f"<p>{len(events):,} events: too many to draw on a screen this narrow; the list below has them all.</p>"
    lines = ['<ol aria-label="The events, in date order">']
    year = None
    reached = 0  # the last year an event listed so far reaches (an interval's end; an open one, every year)
    for event in sorted(events, key=lambda e: (e.earliest or "", e.latest or "9999")):
        starts = int((event.earliest or "0")[:4])
        if year is not None and starts - reached > 1:
            empty = f"in {reached + 1}" if starts - reached == 2 else f"from {reached + 1} to {starts - 1}"
            lines.append(f'<li class="cut">\u2248 no events {empty}</li>')
        reached = max(reached, int((event.latest or "9999")[:4]))
        if starts != year:
            lines.append(f'<li class="year" aria-hidden="true">{starts}</li>')
            year = starts
        index, _, letter = colours[event.country]
        shape = (
            "point"
            if event.precision == "day" and event.earliest == event.latest
            else ("bar" if event.precision == "day" else "soft")
        )
        planned = event.status != "happened"
        about = [catalog.country_name(event.country)]
        if letter:
            about[0] = f"{letter} \u00b7 {about[0]}"
        if planned:
            about.append(status_words(event))
        lines.append(
            f'<li class="k{index}{" plan" if planned else ""}"><a href="#{_attribute(fragment(event.id))}">'
            f'<span class="shape" aria-hidden="true">{(PLAN_SHAPES if planned else SHAPES)[shape]}</span>'
            f'<span class="when">{_text(event.display or event.date)}</span>'
            f'<span class="what"><bdi>{_text(one_line(event.title))}</bdi></span>'
            f'<span class="who">{_text(DOT.join(about))}</span></a></li>'
        )
    lines.append("</ol>")
    return "\n".join(lines)


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
        details.append(("Organizations", _text(", ".join(event.organizations))))
    for claim in event.claims:
        shown = _in_language(f"\u201c{_text(claim.claim)}\u201d", claim.claim) + f" ({_text(claim.by)})"
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
    name = _in_language(_text(one_line(source.title)), source.title)
    if url:
        shown = f'<a href="{_attribute(url)}" rel="noopener noreferrer">{name}</a>'
    elif source.url:  # an address that is not a web link (javascript:, data:, a typo) is shown, never linked
        shown = f'{name} <span class="url">({_text(source.url)})</span>'
    else:
        shown = name
    if source.publisher:
        shown += f", {_text(one_line(source.publisher))}"
    if source.quote:
        quoted = f"\u201c{_paragraphs(source.quote)}\u201d"
        code = language(source.quote)
        shown += f'<blockquote lang="{code}">{quoted}</blockquote>' if code else f"<blockquote>{quoted}</blockquote>"
    if source.translation:
        # Our English, beside the quote and outside its lang: a screen reader reads it as English.
        shown += f'<p class="translation">{_paragraphs(quote_translation_words(source.translation))}</p>'
    return f"<li>{shown}</li>"
