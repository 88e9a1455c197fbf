"""The pictures for the page (SVG, HTML page, TimelineJS 3 JSON): pure checks of what the renderers write.

The same files opened in a real browser are tests/test_browser.py's.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SOURCE, event
from spacefilm.load.checks import looks_empty
from spacefilm.load.source import DataError
from spacefilm.load.source import catalog as load
from spacefilm.model import Catalog
from spacefilm.problems import name_key
from spacefilm.render.markup import fit, safe_url, text_width, xml_text
from spacefilm.render.page import html_page, language
from spacefilm.render.svg import BREAK, MIN_STRETCH, PALETTE, svg_timeline
from spacefilm.render.timelinejs import timelinejs_document
from spacefilm.render.timescale import cut_stretches, whole
from spacefilm.render.timescale import fit as fit_scale

SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ROOT = Path(__file__).resolve().parents[1]
Write = Callable[..., Path]


def catalog_of(write_dataset: Write, events: list[dict[str, Any]], **declared: Any) -> Catalog:
    return load(write_dataset({"events": events, **declared}))


def marks_of(svg: str) -> dict[str, ElementTree.Element]:
    """Each event's mark group, by event id."""
    root = ElementTree.fromstring(svg)
    return {g.attrib["data-event"]: g for g in root.iter() if g.get("class") == "event"}


def shape_of(group: ElementTree.Element) -> ElementTree.Element:
    return next(child for child in group if "mark" in child.get("class", "").split())


# The SVG


def test_the_builtin_svg_has_a_linked_mark_and_tooltip_for_every_event() -> None:
    catalog = load()
    svg = svg_timeline(catalog, catalog.events)
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("width") == "1200"
    assert root.findtext(f"{SVG}title") == "The race to shoot the first feature film in orbit"
    marks = marks_of(svg)
    assert svg.count('class="event"') == len(marks) and sorted(marks) == sorted(e.id for e in catalog.events)
    for each in catalog.events:
        group = marks[each.id]
        tooltip = group.findtext(f"{SVG}title") or ""
        assert tooltip.startswith(f"{each.display}: {each.title}")
        assert catalog.country_name(each.country) in tooltip
        assert ("never happened" in tooltip) == (each.status == "unrealized")
        url = next((s.url for s in each.sources if s.url), None)  # the founding article is cited without one
        assert group.get("href") == url and group.tag == f"{SVG}{'a' if url else 'g'}"


def test_lanes_are_countries_or_projects() -> None:
    catalog = load()
    by_country = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    by_project = ElementTree.fromstring(svg_timeline(catalog, catalog.events, by_project=True))

    def lanes(root: ElementTree.Element) -> list[str]:
        return [g.findtext(f"{SVG}title") or "" for g in root.iter(f"{SVG}g") if g.get("class") == "lane"]

    assert lanes(by_country)[:3] == ["United States", "Russia", "Soviet Union"]
    assert lanes(by_project)[:2] == ["Untitled Tom Cruise space film", "The Challenge"]
    assert lanes(by_project)[-1] == "No project"


def test_each_mark_is_true_to_its_precision_and_status(write_dataset: Write) -> None:
    catalog = catalog_of(
        write_dataset,
        [
            event("day", "2021-03-10"),
            event("days", "2021-05-03/2021-05-20"),
            event("month", "2021-07"),
            event("year", "2020"),
            event("plan-day", "2021-09-01", status="planned"),
            event("plan-month", "2021-10", status="unrealized"),
        ],
    )
    marks = marks_of(svg_timeline(catalog, catalog.events))
    shapes = {name: shape_of(group) for name, group in marks.items()}
    assert shapes["day"].tag == f"{SVG}circle" and shapes["day"].get("fill") != "#ffffff"
    assert shapes["days"].get("class") == "mark bar"
    assert shapes["month"].get("class") == shapes["year"].get("class") == "mark soft"
    assert shapes["plan-day"].tag == f"{SVG}circle" and shapes["plan-day"].get("fill") == "#ffffff"
    assert shapes["plan-month"].get("stroke-dasharray") and shapes["plan-month"].get("class") == "mark soft"
    # A soft band covers its whole month: as wide as a neighbouring month on the same axis, never a day's dot.
    width = float(shapes["month"].get("width", "0"))
    days = float(shapes["days"].get("width", "0"))
    assert width == pytest.approx(days / 18 * 31, rel=0.05)
    assert float(shapes["year"].get("width", "0")) == pytest.approx(days / 18 * 366, rel=0.05)


def test_a_month_is_never_shown_as_a_day(write_dataset: Write) -> None:
    catalog = catalog_of(write_dataset, [event("m", "2020-05", title="In May"), event("d", "2021-10-05")])
    svg = svg_timeline(catalog, catalog.events)
    page = html_page(catalog, catalog.events)
    tooltip = marks_of(svg)["m"].findtext(f"{SVG}title")
    assert tooltip is not None and tooltip.startswith("May 2020: In May")
    for text in (svg, page):
        assert "May 1," not in text and "2020-05-01" not in text and "May 31" not in text
    assert '<time datetime="2020-05">May 2020</time>' in page
    slide = timelinejs_document(catalog, catalog.events)["events"][0]
    assert slide["start_date"] == {"year": 2020, "month": 5} and "end_date" not in slide
    assert slide["display_date"] == "May 2020"


def test_long_empty_stretches_are_cut_and_marked(write_dataset: Write) -> None:
    catalog = catalog_of(write_dataset, [event("a", "1984-04-06"), event("b", "1985-06-01"), event("c", "2021-10-05")])
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    cuts = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cut"]
    assert len(cuts) == 1
    assert cuts[0].findtext(f"{SVG}title") == "Time cut: no events between Jun 1985 and Oct 2021"
    axis = "".join(next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis").itertext())
    assert "1984" in axis and "2021" in axis and "2000" not in axis
    close = catalog_of(write_dataset, [event("a", "2020-01-01"), event("b", "2021-06-01")])
    assert 'class="cut"' not in svg_timeline(close, close.events)


def test_stretches_are_whole_months_or_years_and_fill_the_width() -> None:
    spans = [(date(1984, 4, 6), date(1984, 4, 13)), (date(2021, 10, 5), date(2021, 10, 17))]
    assert [whole(*found) for found in cut_stretches(spans, 3, 730, touching=1)] == [
        (date(1984, 4, 1), date(1984, 4, 30)),
        (date(2021, 10, 1), date(2021, 10, 31)),
    ]
    assert [whole(*found) for found in cut_stretches(spans, 0, 730)] == [(date(1984, 1, 1), date(2021, 12, 31))]
    crowded = [(date(2020, 5, day), date(2020, 5, day)) for day in range(1, 29)]
    lone = [(date(1960, 1, 1), date(1960, 1, 1)), (date(1975, 6, 1), date(1975, 6, 1))]
    plot = fit_scale([*lone, *crowded], 100, 1100, gap=BREAK, least=MIN_STRETCH)
    widths = [s.x1 - s.x0 for s in plot.stretches]
    assert all(w >= MIN_STRETCH - 1e-9 for w in widths)
    assert plot.stretches[0].x0 == 100 and plot.stretches[-1].x1 == pytest.approx(1100)
    assert widths[-1] == max(widths)  # the crowded month gets the most room


def test_years_or_months_on_the_axis_as_the_span_needs(write_dataset: Write) -> None:
    def axis_words(events: list[dict[str, Any]]) -> list[str]:
        catalog = catalog_of(write_dataset, events)
        root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
        axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis")
        return [t.text or "" for t in axis.iter(f"{SVG}text")]

    months = axis_words([event("a", "2021-03-01"), event("b", "2021-10-30")])
    assert months[0] == "Mar" and months[-1] == "Oct 2021" and {"Jun", "Sep"} <= set(months)
    decades = axis_words([event("a", "1900"), event("b", "1950"), event("c", "1990"), event("d", "2020")])
    assert "Mar" not in decades and "Dec 1950" in decades and "2020" not in decades  # each year a stretch


def test_labels_in_a_row_never_overlap() -> None:
    """By the estimate the layout uses; tests/test_browser.py measures the text Chromium draws."""
    catalog = load()
    for by_project in (False, True):
        root = ElementTree.fromstring(svg_timeline(catalog, catalog.events, by_project=by_project))
        rows: dict[str, list[tuple[float, float]]] = {}
        for group in root.iter():
            if group.get("class") != "event":
                continue
            label = next(t for t in group if t.get("class") == "label")
            when, rest = [t.text or "" for t in label]
            x, width = float(label.get("x", "0")), text_width(when, 12) * 1.08 + text_width(rest, 12)
            lo, hi = (x, x + width) if label.get("text-anchor") == "start" else (x - width, x)
            assert lo >= 0 and hi <= 1200
            rows.setdefault(label.get("y", ""), []).append((lo, hi))
        for spans in rows.values():
            spans.sort()
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_the_legend_wraps_inside_the_picture(write_dataset: Write) -> None:
    countries = [{"id": f"c{i}", "name": f"The Federal Republic of Somewhere {i}"} for i in range(10)]
    events = [event(f"e{i}", f"202{i % 10}-01-01", country=f"c{i}") for i in range(10)]
    catalog = catalog_of(write_dataset, events, countries=countries)
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    texts = [t for t in legend.iter(f"{SVG}text") if t.get("class") != "scale"]
    names = [c["name"] for c in countries]
    assert [t.text for t in texts][-10:] == [*names[:8], f"T \u00b7 {names[8]}", f"H \u00b7 {names[9]}"]
    assert all(float(t.get("x", "0")) + text_width(t.text or "", 12) <= 1200 - 24 for t in texts)
    assert len({t.get("y") for t in texts}) >= 3
    assert float(root.get("height", "0")) > max(float(t.get("y", "0")) for t in texts)


def test_no_colour_is_used_twice_and_letters_tell_the_rest_apart(write_dataset: Write) -> None:
    countries = [{"id": f"c{i}", "name": f"Land {chr(65 + i)}"} for i in range(10)]
    events = [event(f"e{i}", f"202{i % 10}-01-01", country=f"c{i}", title=f"Event {i}") for i in range(10)]
    catalog = catalog_of(write_dataset, events, countries=countries)
    marks = marks_of(svg_timeline(catalog, catalog.events, by_project=True))
    colours = {name: shape_of(group).get("fill") for name, group in marks.items()}
    palette = [colours[f"e{i}"] for i in range(8)]
    assert palette == list(PALETTE) and len(set(palette)) == 8
    assert colours["e8"] == colours["e9"] == "#1a1a1a"  # ink, told apart by a letter on the label
    labels = {
        name: "".join(next(t for t in group if t.get("class") == "label").itertext()) for name, group in marks.items()
    }
    assert labels["e8"].endswith("L \u00b7 Event 8") and labels["e9"].endswith("A \u00b7 Event 9")  # (Land I, J)
    assert "\u00b7" not in labels["e0"]


def contrast(colour: str, against: str) -> float:
    def luminance(value: str) -> float:
        channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(against)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_mark_colour_has_three_to_one_contrast_on_white_and_on_a_lane() -> None:
    for colour in PALETTE:
        assert contrast(colour, "#ffffff") >= 3 and contrast(colour, "#f3f3f3") >= 3, colour
    for group in marks_of(svg_timeline(load(), load().events)).values():
        shape = shape_of(group)
        if True:  # a soft band's outline is drawn at full colour
            assert shape.get("stroke") in (*PALETTE, "#ffffff") or shape.get("fill") in PALETTE
            if shape.get("stroke") not in (None, "#ffffff"):
                assert shape.get("stroke-opacity") is None


@pytest.mark.parametrize("width", [680, 1200, 480])
def test_no_text_under_twelve_pixels_at_the_width_drawn_for(width: int) -> None:
    catalog = load()
    for by_project in (False, True):
        root = ElementTree.fromstring(svg_timeline(catalog, catalog.events, by_project=by_project, width=width))
        assert root.get("width") == str(width) and root.get("viewBox", "").startswith(f"0 0 {width} ")
        sizes = [float(t.get("font-size") or "0") for t in root.iter() if t.get("font-size")]
        assert sizes and min(sizes) >= 12
        for text in root.iter(f"{SVG}text"):  # every text has a size of its own or from its group
            assert text.get("font-size") or any(
                text in list(group.iter()) and group.get("font-size") for group in root.iter(f"{SVG}g")
            )


def test_every_label_starts_with_its_date_and_says_a_plan_in_words() -> None:
    catalog = load()
    marks = marks_of(svg_timeline(catalog, catalog.events))
    for each in catalog.events:
        label = next(t for t in marks[each.id] if t.get("class") == "label")
        when = next(iter(label))
        assert when.text == each.display and when.get("font-weight") == "bold"
        words = "".join(label.itertext())
        if each.status == "unrealized":
            assert words.startswith(f"{each.display} never happened: ")
    cruise = "".join(next(t for t in marks["cruise-planned-shoot"] if t.get("class") == "label").itertext())
    assert "never happened" in cruise


def test_labels_are_as_long_as_their_room() -> None:
    """No cap: a label is cut only where the next thing in its row, or the picture's edge, leaves no room."""
    catalog = load()
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    cut = [label for label in labels if label.endswith("\u2026")]
    assert len(cut) * 3 < len(labels), cut
    assert any(text_width(label, 12) > 400 for label in labels)


def test_the_svg_says_what_it_shows_and_lists_the_marks_in_date_order() -> None:
    catalog = load()
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    assert root.get("role") != "img"  # its links are reachable
    desc = root.findtext(f"{SVG}desc") or ""
    us = sum(e.country == "us" for e in catalog.events)
    said = f"{len(catalog.events)} events, 1983 to Dec 11, 2025; a lane per country (United States: {us} "
    assert desc.startswith(said)
    assert "Time is drawn at a year = " in desc and "larger: " in desc
    (listed,) = [g for g in root.iter(f"{SVG}g") if g.get("role") == "list"]
    items = [g for g in listed if g.get("role") == "listitem"]
    order = [next(iter(item)).get("data-event") for item in items]
    by_date = sorted(catalog.events, key=lambda e: (e.earliest or "", e.latest or "9999"))
    assert order == [e.id for e in by_date]
    assert all(next(iter(item)).get("aria-label") for item in items)


def test_every_cut_and_every_larger_stretch_is_named_on_the_axis() -> None:
    catalog = load()
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis")
    words = [t.text or "" for t in axis.iter(f"{SVG}text") if t.get("class") != "zoom"]
    # Blue Planet and Akiyama (Nov and Dec 1990) are after a cut: the stretch they open is named where it starts,
    # not first at a later year (the axis said "1992" first).
    assert words[:2] == ["1983", "1985"] and words[-1] == "2025"
    assert next(int(word) for word in words[2:] if word.isdigit()) <= 1990
    zooms = [t.text or "" for t in axis.iter(f"{SVG}text") if t.get("class") == "zoom"]
    assert zooms and all(re.fullmatch(r"\u00d7\d+(\.\d)?", z) for z in zooms)


def test_past_300_events_the_svg_shows_density_per_lane(write_dataset: Write) -> None:
    events = [
        event(f"e{i}", f"{2000 + i % 20}-0{1 + i % 9}-1{i % 10}", country="ru" if i % 3 else "us") for i in range(301)
    ]
    catalog = catalog_of(write_dataset, events)
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    assert not [g for g in root.iter() if g.get("class") == "event"]
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "density"]) == 2
    said = " ".join(t.text or "" for t in root.iter(f"{SVG}text") if t.get("class") == "scale")
    assert said.startswith("301 events, too many for a row each: a row per country")
    assert "too many" in (root.findtext(f"{SVG}desc") or "")


def test_bidi_controls_are_shown_as_escapes_in_every_picture(write_dataset: Write) -> None:
    title = "Harmless \u202egpj.exe\u202c and \u2067isolated\u2069"
    catalog = catalog_of(write_dataset, [event("x", "2021-10-05", title=title, notes=title)])
    svg, page = svg_timeline(catalog, catalog.events), html_page(catalog, catalog.events)
    document = json.dumps(timelinejs_document(catalog, catalog.events), ensure_ascii=False)
    for text in (svg, page, document):
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", text)
    assert "Harmless \\u202egpj.exe\\u202c" in svg and "Harmless \\u202egpj.exe\\u202c" in page
    assert "Harmless \\\\u202egpj.exe" in document  # (JSON escapes the backslash itself)


def test_a_title_of_ones_own(run: Any, tmp_path: Path) -> None:
    svg, html = tmp_path / "a.svg", tmp_path / "a.html"
    result = run("chart", "--since", "2020", "--svg", str(svg), "--svg-width", "680", "--html", str(html),
                 "--title", "Films in orbit")  # fmt: skip
    assert result.exit_code == 0
    root = ElementTree.parse(svg).getroot()
    assert root.findtext(f"{SVG}title") == "Films in orbit" and root.get("width") == "680"
    assert "<title>Films in orbit</title>" in html.read_text(encoding="utf-8")
    assert run("chart", "--svg", str(svg), "--svg-width", "100").exit_code == 2


def test_an_open_end_gets_an_arrow_and_no_end_date(write_dataset: Write) -> None:
    catalog = catalog_of(write_dataset, [event("open", "2021/.."), event("b", "2023-06-01")])
    group = marks_of(svg_timeline(catalog, catalog.events))["open"]
    assert any(child.get("class") == "open-end" for child in group)
    slide = timelinejs_document(catalog, catalog.events)["events"][0]
    assert slide["start_date"] == {"year": 2021} and "end_date" not in slide and slide["display_date"] == "since 2021"


def test_no_events_still_makes_a_picture(write_dataset: Write) -> None:
    catalog = load()
    root = ElementTree.fromstring(svg_timeline(catalog, [], title="Nothing"))
    assert "No events to draw." in "".join(root.itertext())
    ElementTree.fromstring(html_page(catalog, []))


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "tests" / "hostile").iterdir()))
def test_every_hostile_file_that_loads_makes_well_formed_pictures(name: str) -> None:
    try:
        catalog = load(ROOT / "tests" / "hostile" / name)
    except DataError:
        return
    for by_project in (False, True):
        ElementTree.fromstring(svg_timeline(catalog, catalog.events, by_project=by_project))
        ElementTree.fromstring(html_page(catalog, catalog.events, by_project=by_project))
    json.dumps(timelinejs_document(catalog, catalog.events), allow_nan=False)


def test_the_first_and_last_days_of_the_calendar_are_drawn(write_dataset: Write) -> None:
    catalog = catalog_of(write_dataset, [event("a", "0001"), event("b", "9999-12"), event("c", "2021-10-05")])
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    axis = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "axis" for t in g.iter(f"{SVG}text")]
    assert "Dec 1" in axis and "Dec 9999" in axis and "Oct 2021" in axis
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "cut"]) == 2


def test_only_web_addresses_are_linked() -> None:
    assert safe_url(" https://example.org/a?b=1&c=2 ") == "https://example.org/a?b=1&c=2"
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example", "https://",
                "http://[::1", "https://a b.example", None):  # fmt: skip
        assert safe_url(url) is None, url


def test_a_dangerous_address_is_shown_never_linked(write_dataset: Write) -> None:
    sources = [{"title": "Bad", "url": "javascript:alert(1)", "quote": "q"}, SOURCE]
    catalog = catalog_of(write_dataset, [event("x", "2021-10-05", sources=sources)])
    svg, page = svg_timeline(catalog, catalog.events), html_page(catalog, catalog.events)
    assert marks_of(svg)["x"].get("href") == SOURCE["url"]  # the first source that can be linked
    assert 'href="javascript' not in page and "(javascript:alert(1))" in page
    text = timelinejs_document(catalog, catalog.events)["events"][0]["text"]["text"]
    assert "javascript" not in text and f'href="{SOURCE["url"]}"' in text


def test_text_width_and_fit() -> None:
    assert text_width("iiii", 10) < text_width("MMMM", 10)
    assert text_width("中文", 10) == 20 and text_width("e\u0301", 10) == text_width("e", 10)
    cut = fit("The Challenge premieres on Cosmonautics Day", 100, 12)
    assert cut.endswith("\u2026") and text_width(cut, 12) <= 100
    assert xml_text("a\x00b\x1bc\ud800d\ufffee\r\nf") == "a\ufffdb\ufffdc\ufffdd\ufffde\nf"


# The page


class Tags(HTMLParser):
    """The elements an HTML parser sees, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def test_the_page_lists_every_event_and_every_mark_links_to_its_entry() -> None:
    catalog = load()
    page = html_page(catalog, catalog.events)
    root = ElementTree.fromstring(page)  # polyglot markup: an XML parser reads it too
    entries = {li.get("id"): li for li in root.iter(f"{XHTML}li") if li.get("class", "").startswith("event")}
    assert list(entries) == [e.id for e in catalog.events]
    marks = {g.get("data-event"): g.get("href") for g in root.iter(f"{SVG}a")}
    assert marks == {e.id: f"#{e.id}" for e in catalog.events}
    shoot = entries["challenge-iss-shoot"]
    links = {a.get("href") for a in shoot.iter(f"{XHTML}a")}
    shot = catalog.by_id["challenge-iss-shoot"]
    # Its own sources, and those of the disputes of its claims.
    sources = [*shot.sources, *(s for c in shot.claims for d in c.disputed for s in d.sources)]
    assert links == {s.url for s in sources if s.url} and links
    quotes = ["".join(q.itertext()) for q in shoot.iter(f"{XHTML}blockquote")]
    assert len(quotes) == len(sources) and all(q.startswith("\u201c") for q in quotes)
    assert "Oct 5\u201317, 2021" in "".join(shoot.itertext())


def test_the_page_has_a_layout_for_each_width_and_for_print() -> None:
    catalog = load()
    page = html_page(catalog, catalog.events)
    root = ElementTree.fromstring(page)
    widths = [svg.get("width") for svg in root.iter(f"{SVG}svg")]
    assert widths == ["1200", "680"]
    style = page[page.index("<style>") : page.index("</style>")]
    assert "@media screen and (min-width: 1160px) { .wide { display: block; } }" in style
    assert "@media screen and (max-width: 679.98px) { .vertical { display: block; } }" in style
    printed = style[style.index("@media print") :]
    assert ".narrow { display: block !important; }" in printed and "attr(href)" in printed
    assert "break-after: avoid" in printed
    assert "Point at" not in page and "hover" not in page.lower()
    vertical = next(div for div in root.iter(f"{XHTML}div") if div.get("class") == "vertical")
    links = [a for a in vertical.iter(f"{XHTML}a")]
    assert [a.get("href") for a in links] == [
        f"#{e.id}" for e in sorted(catalog.events, key=lambda e: (e.earliest or "", e.latest or "9999"))
    ]
    cruise = next(a for a in links if a.get("href") == "#cruise-planned-shoot")
    assert "planned, never happened" in "".join(cruise.itertext())
    # No event begins or goes on in a gap said to have none (Destiny in Space, filmed 1989-1993, was once in one),
    # and one empty year is "in 1995", not "from 1995 to 1995".
    shown = "".join(vertical.itertext())
    gaps = re.findall(r"\u2248 no events (?:in|from) (\d{4})(?: to (\d{4}))?", shown)
    said = [(int(a), int(b or a)) for a, b in gaps]
    years = {y for e in catalog.events for y in range(int(e.earliest[:4]), int((e.latest or "9999")[:4]) + 1)}
    assert said and all(a < b or f"in {a}" in shown for a, b in said)
    assert all(not set(range(a, b + 1)) & years for a, b in said)


def test_the_page_can_be_skipped_and_marks_languages() -> None:
    catalog = load()
    page = html_page(catalog, catalog.events)
    root = ElementTree.fromstring(page)
    body = root.find(f"{XHTML}body")
    assert body is not None
    skip = body[0]
    assert skip.tag == f"{XHTML}a" and skip.get("href") == "#events" and skip.get("class") == "skip"
    assert any(section.get("id") == "events" for section in root.iter(f"{XHTML}section"))
    quotes = list(root.iter(f"{XHTML}blockquote"))
    russian = [q for q in quotes if re.search("[\u0400-\u04ff]{4}", "".join(q.itertext()))]
    assert russian and all(q.get("lang") == "ru" for q in russian)
    assert all(q.get("lang") is None for q in quotes if q not in russian)
    assert language("Вызов") == "ru" and language("Hello") is None
    assert language("\u0407\u0436\u0430\u043a \u0491\u0430\u043d\u043e\u043a") == "uk"  # Ukrainian letters
    assert language("The film «Вызов»") is None  # mostly English


def test_the_page_fetches_nothing() -> None:
    catalog = load()
    page = html_page(catalog, catalog.events)
    tags = Tags()
    tags.feed(page)
    names = {tag for tag, _ in tags.found}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "image", "use"}
    assert not any("src" in attributes or "style" in attributes for _, attributes in tags.found)
    style = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "default-src 'none'" in page


def test_the_page_escapes_everything_from_data(write_dataset: Write) -> None:
    hostile = "<script>alert(1)</script> & \"quotes\" 'too' <img src=x onerror=alert(2)>"
    catalog = catalog_of(
        write_dataset,
        [event("x", "2021-10-05", country="c", title=hostile, notes=hostile, project="p", people=[hostile])],
        countries=[{"id": "c", "name": hostile}],
        projects=[{"id": "p", "title": hostile}],
        races=[{"id": "r", "title": hostile, "projects": ["p"]}],
    )
    page = html_page(catalog, catalog.events, by_project=True)
    tags = Tags()
    tags.feed(page)
    assert not {"script", "img"} & {tag for tag, _ in tags.found}
    root = ElementTree.fromstring(page)
    assert root.findtext(f"{XHTML}head/{XHTML}title") == hostile
    assert hostile in "".join(root.itertext())


# TimelineJS


def test_timelinejs_dates_carry_only_their_precision(write_dataset: Write) -> None:
    catalog = catalog_of(
        write_dataset,
        [
            event("y", "1984"),
            event("m", "2020-05"),
            event("d", "2021-10-05"),
            event("dd", "2021-10-05/2021-10-17"),
            event("mixed", "2021-10-05/2022"),
            event("approx", "1996~"),
        ],
    )
    slides = {s["unique_id"]: s for s in timelinejs_document(catalog, catalog.events)["events"]}
    assert slides["y"]["start_date"] == {"year": 1984}
    assert slides["m"]["start_date"] == {"year": 2020, "month": 5}
    assert slides["d"]["start_date"] == {"year": 2021, "month": 10, "day": 5} and "end_date" not in slides["d"]
    assert slides["dd"]["end_date"] == {"year": 2021, "month": 10, "day": 17}
    assert slides["mixed"]["end_date"] == {"year": 2022}
    assert slides["approx"]["start_date"] == {"year": 1996}
    assert {s["display_date"] for s in slides.values()} == {e.display for e in catalog.events}


def test_timelinejs_document_of_the_builtin_data() -> None:
    catalog = load()
    document = timelinejs_document(catalog, catalog.events)
    json.dumps(document, allow_nan=False)
    assert document["title"]["text"]["headline"] == "The race to shoot the first feature film in orbit"
    assert [s["unique_id"] for s in document["events"]] == [e.id for e in catalog.events]
    slides = {s["unique_id"]: s for s in document["events"]}
    assert slides["cruise-planned-shoot"]["text"]["headline"].endswith("(planned, never happened)")
    assert slides["challenge-iss-shoot"]["group"] == "Russia"
    assert slides["challenge-iss-shoot"]["text"]["headline"] == "Peresild and Shipenko film aboard the ISS"
    text = slides["challenge-iss-shoot"]["text"]["text"]
    shot = catalog.by_id["challenge-iss-shoot"]
    sources = [*shot.sources, *(s for c in shot.claims for d in c.disputed for s in d.sources)]
    assert text.count("<a href=") == sum(1 for s in sources if s.url) and text.count("<li>") == len(sources)
    assert text.count("<strong>disputed:</strong>") == sum(len(c.disputed) for c in shot.claims) > 0
    assert "Notes:" in text
    (era,) = document["eras"]
    assert era == {
        "start_date": {"year": 2020, "month": 5, "day": 4},
        "end_date": {"year": 2025, "month": 12, "day": 11},
        "text": {"headline": "The race to shoot the first feature film in orbit"},
    }


def test_timelinejs_escapes_text_and_double_escapes_groups(write_dataset: Write) -> None:
    hostile = "<img src=x onerror=alert(1)> & co"
    catalog = catalog_of(
        write_dataset,
        [event("spacefilm-title", "2021-10-05", country="c", title=hostile, notes=hostile)],
        countries=[{"id": "c", "name": hostile}],
    )
    document = timelinejs_document(catalog, catalog.events)
    slide = document["events"][0]
    assert slide["text"]["headline"] == "&lt;img src=x onerror=alert(1)&gt; &amp; co"
    assert "<img" not in slide["text"]["text"]
    # TimelineJS takes a group's text content, then writes it as HTML: escaped twice, it shows as written.
    assert slide["group"] == "&amp;lt;img src=x onerror=alert(1)&amp;gt; &amp;amp; co"
    assert document["title"]["unique_id"] != "spacefilm-title"  # TimelineJS would rename the event instead


def test_a_race_on_one_date_makes_no_era(write_dataset: Write) -> None:
    """TimelineJS drops an era's end when it equals its start, then refuses the timeline for an era with no end."""
    catalog = catalog_of(
        write_dataset,
        [event("a", "2021-10-05", project="p"), event("b", "2021-10-05", project="q"), event("c", "2022", project="s")],
        projects=[{"id": p, "title": p} for p in "pqs"],
        races=[{"id": "r", "title": "R", "projects": ["p", "q"]}, {"id": "t", "title": "T", "projects": ["s"]}],
    )
    assert "eras" not in timelinejs_document(catalog, catalog.events)


# Any text in the data


TEXT = st.text(max_size=40)
NOT_BLANK = st.text(min_size=1, max_size=20).filter(str.strip)
URL = st.one_of(st.none(), TEXT, st.sampled_from(["https://example.org/?a=1&b=<2>", "javascript:alert(1)", "http://"]))
DATES = [
    *("1984", "2020-05", "2021-10-05", "2021-10-05/2021-10-17", "2020-05/2021", "2021/..", "1996~", "2008-10?"),
    *("0001", "0001-01-01", "9999-12", "9999-12-31", "0001/9999", "9999/..", "2020-02-29"),
]


def distinct_names(count: int, ids: list[str]) -> st.SearchStrategy[list[str]]:
    """Names none of which names two of the objects (validate: as --country takes them, in any case or form)."""
    taken = {name_key(i) for i in ids}
    return st.lists(
        NOT_BLANK.filter(lambda text: not looks_empty(text) and name_key(text.strip()) not in taken),
        min_size=count,
        max_size=count,
        unique_by=lambda text: name_key(text.strip()),
    )


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    names = draw(distinct_names(count, [f"c{i}" for i in range(count)]))
    countries = [{"id": f"c{i}", "name": name} for i, name in enumerate(names)]
    projects = [{"id": f"p{i}", "title": title} for i, title in enumerate(draw(distinct_names(2, ["p0", "p1"])))]
    events = []
    for index in range(draw(st.integers(1, 6))):
        source = {"title": draw(NOT_BLANK), "url": draw(URL), "publisher": draw(TEXT), "quote": draw(TEXT)}
        events.append(
            {
                "id": f"{draw(NOT_BLANK)}-{index}",
                "date": draw(st.sampled_from(DATES)),
                "title": draw(NOT_BLANK),
                "summary": draw(TEXT),
                "notes": draw(TEXT),
                "country": draw(st.sampled_from(countries))["id"],
                "project": draw(st.sampled_from([None, "p0", "p1"])),
                "kind": "filming",
                "status": draw(st.sampled_from(["happened", "planned", "unrealized"])),
                "people": draw(st.lists(TEXT, max_size=2)),
                "sources": [{k: v for k, v in source.items() if v is not None}],
            }
        )
    events = [{k: v for k, v in e.items() if v is not None} for e in events]
    races = [{"id": "r", "title": draw(NOT_BLANK), "projects": ["p0", "p1"]}]
    return {"countries": countries, "projects": projects, "races": races, "events": events}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), st.booleans(), st.one_of(st.none(), TEXT))
def test_any_text_stays_well_formed(dataset: dict[str, Any], by_project: bool, title: str | None) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "data.json"
        path.write_text(json.dumps(dataset), encoding="utf-8")
        catalog = load(path)
    events = catalog.events
    svg = ElementTree.fromstring(svg_timeline(catalog, events, by_project=by_project, title=title))
    assert len([g for g in svg.iter() if g.get("class") == "event"]) == len(events)
    page = ElementTree.fromstring(html_page(catalog, events, by_project=by_project, title=title))
    entries = [li.get("id") for li in page.iter(f"{XHTML}li") if li.get("class", "").startswith("event")]
    assert entries == [xml_text(e.id) for e in events]
    for element in page.iter():
        href = element.get("href")
        assert href is None or href.startswith(("#", "http://", "https://")), href
    document = json.loads(json.dumps(timelinejs_document(catalog, events, title=title)))
    for slide in [document["title"], *document["events"]]:
        assert "<" not in slide["text"]["headline"]
        assert not re.search(r"<(?!/?(p|em|strong|ul|li|br|a|span)\b)", slide["text"]["text"])
        assert not re.search(r"<span(?! lang=\"[a-z]{2}\">)", slide["text"]["text"])


def test_the_pictures_in_docs_are_what_the_code_draws() -> None:
    """docs/chart.svg (the README's picture), docs/history.svg and docs/chart.html: python docs/make_pictures.py."""
    spec = importlib.util.spec_from_file_location("make_pictures", ROOT / "docs" / "make_pictures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.pictures().items():
        redraw = ".venv/bin/python docs/make_pictures.py"
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == text, f"docs/{name}: run {redraw}"


def translated_sources(catalog: Catalog) -> list[tuple[str, Any]]:
    return [(e.id, s) for e in catalog.events for s in e.sources if s.translation]


def test_the_page_gives_our_translation_beside_each_quote_in_another_language() -> None:
    catalog = load()
    translated = translated_sources(catalog)
    assert len(translated) >= 20
    root = ElementTree.fromstring(html_page(catalog, catalog.events))
    entries = {li.get("id"): li for li in root.iter(f"{XHTML}li") if li.get("class", "").startswith("event")}
    for event_id, source in translated:
        said = [p for p in entries[event_id].iter(f"{XHTML}p") if p.get("class") == "translation"]
        words = ["".join(p.itertext()) for p in said]
        assert f"(our translation) {source.translation}" in words, event_id
        (quote,) = [q for q in entries[event_id].iter(f"{XHTML}blockquote") if source.quote in "".join(q.itertext())]
        assert quote.get("lang") == language(source.quote)
    # The translation is English: outside any element that names another language.
    assert all(p.get("lang") is None for p in root.iter(f"{XHTML}p"))
    prize = entries["challenge-putin-prize"]
    claim = next(
        span
        for span in prize.iter(f"{XHTML}span")
        if "\u043f\u0435\u0440\u0432\u0435\u043d" in "".join(span.itertext())
    )
    assert claim.get("lang") == "ru"


def test_timelinejs_gives_our_translation_beside_each_quote_in_another_language() -> None:
    catalog = load()
    slides = {s["unique_id"]: s["text"]["text"] for s in timelinejs_document(catalog, catalog.events)["events"]}
    for event_id, source in translated_sources(catalog):
        text = slides[event_id]
        assert f"(our translation) {escape(source.translation, quote=False)}" in text, event_id
        if language(source.quote or ""):
            assert f'<span lang="{language(source.quote or "")}">\u201c' in text


def placed_marks(svg: str, catalog: Catalog) -> list[tuple[str, float, float, float, Any]]:
    """Each mark with its label: (lane, middle y, lo, hi, event), lo-hi all it covers (label measured as drawn)."""
    root = ElementTree.fromstring(svg)
    found = []
    for group in root.iter():
        if group.get("class") != "event":
            continue
        each = catalog.by_id[group.get("data-event", "")]
        shape = shape_of(group)
        if shape.tag == f"{SVG}circle":
            x0, x1 = (
                float(shape.get("cx", 0)) - float(shape.get("r", 0)),
                float(shape.get("cx", 0)) + float(shape.get("r", 0)),
            )
            middle = float(shape.get("cy", 0))
        else:
            x0 = float(shape.get("x", 0))
            x1, middle = x0 + float(shape.get("width", 0)), float(shape.get("y", 0)) + float(shape.get("height", 0)) / 2
        lo, hi = x0, x1
        label = next((t for t in group if t.get("class") == "label"), None)
        if label is not None:
            parts = list(label)
            size = text_width(parts[0].text or "", 12) * 1.08 + sum(text_width(p.text or "", 12) for p in parts[1:])
            x = float(label.get("x", 0))
            lo, hi = (min(lo, x - size), hi) if label.get("text-anchor") == "end" else (lo, max(hi, x + size))
        found.append((each.country, middle, lo, hi, each))
    return found


@pytest.mark.parametrize("width", [1200, 680])
def test_a_lane_reads_down_in_date_order(width: int) -> None:
    """Of two marks one above the other in a lane (their labels sharing some x), the upper is never the later:
    Jan 2021 is not drawn above May 2020 because a row had room for it."""
    catalog = load()
    placed = placed_marks(svg_timeline(catalog, catalog.events, width=width), catalog)
    for (lane, y, lo, hi, first), (lane2, y2, lo2, hi2, second) in itertools.combinations(placed, 2):
        if lane != lane2 or y == y2 or not (lo < hi2 + 10 and lo2 < hi + 10):
            continue
        upper, lower = (first, second) if y < y2 else (second, first)
        assert (upper.earliest, upper.latest) <= (lower.earliest, lower.latest), (upper.id, lower.id)


@pytest.mark.parametrize("width", [1200, 680])
def test_a_label_is_cut_at_the_end_of_a_word_on_its_side_with_more_room(width: int) -> None:
    catalog = load()
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events, width=width))
    axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis")
    ends = [
        float(line.get(x, 0))
        for line in axis.iter(f"{SVG}line")
        if line.get("y1") == line.get("y2")
        for x in ("x1", "x2")
    ]
    plot = (min(ends), max(ends))
    cut = 0
    for group in (g for g in root.iter() if g.get("class") == "event"):
        each = catalog.by_id[group.get("data-event", "")]
        label = next(t for t in group if t.get("class") == "label")
        rest = "".join(part.text or "" for part in list(label)[1:]).strip()
        if not rest.endswith("\u2026"):
            continue
        cut += 1
        kept = rest[:-1].removeprefix("never happened: ").removeprefix("planned: ")
        assert each.title.startswith(kept) and each.title[len(kept)] in " ,;:", (kept, each.title)
        shape = shape_of(group)
        middle = float(shape.get("cx") or float(shape.get("x", 0)) + float(shape.get("width", 0)) / 2)
        left, right = middle - plot[0], plot[1] - middle
        chosen, other = (left, right) if label.get("text-anchor") == "end" else (right, left)
        assert chosen + 40 >= other, each.id  # (on a near tie both sides show the same words: right is taken)
    assert cut


def test_the_legend_shapes_are_in_a_grey_no_country_has_and_a_plan_never_looks_like_a_month(
    write_dataset: Write,
) -> None:
    catalog = load()
    root = ElementTree.fromstring(svg_timeline(catalog, catalog.events))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    samples = [s for s in legend if s.tag in (f"{SVG}circle", f"{SVG}rect") and "mark" in s.get("class", "")]
    country_colours = {*PALETTE, "#1a1a1a"}
    assert samples and not {s.get("fill") for s in samples} & country_colours
    assert not {s.get("stroke") for s in samples} & country_colours
    plans = catalog_of(write_dataset, [event("month", "2021-07"), event("plan", "2021-10", status="planned")])
    shapes = {name: shape_of(group) for name, group in marks_of(svg_timeline(plans, plans.events)).items()}
    month, plan = shapes["month"], shapes["plan"]
    assert plan.get("fill") == "#ffffff" and plan.get("stroke-dasharray")  # hollow, dashed
    assert month.get("fill") != "#ffffff" and float(month.get("fill-opacity", "1")) >= 0.4
    assert month.get("stroke-dasharray") is None
