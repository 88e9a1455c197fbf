"""The pictures opened in a real browser: headless Chromium reads the SVG and the page, measures what it drew, and
runs the TimelineJS export in TimelineJS 3 itself.

Skipped, with the reason, where Chromium (Debian's `chromium`) is missing, and the TimelineJS test where npm is or
cannot install `@knight-lab/timelinejs`. Chromium runs with name resolution switched off, so nothing it loads can
come from the network. Screenshots go to $SPACEFILM_SCREENSHOTS when it is set (to look at them), else to a
temporary directory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from conftest import event
from spacefilm.load.source import catalog as load
from spacefilm.model import Catalog
from spacefilm.render.page import html_page
from spacefilm.render.svg import svg_timeline
from spacefilm.render.timelinejs import timelinejs_document

SVG = "{http://www.w3.org/2000/svg}"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: any address from the network fails to resolve
]
TIMELINEJS = "@knight-lab/timelinejs@3"
HOSTILE = '<img src=x onerror="window.pwned=1"> & <script>window.pwned=2</script>'
Browse = Callable[..., str]


@pytest.fixture(scope="session")
def chromium() -> str:
    found = os.environ.get("SPACEFILM_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if not found:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; or set SPACEFILM_CHROMIUM)")
    return found


@pytest.fixture(scope="session")
def browse(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Browse:
    """Open a file in headless Chromium with a fresh profile, and return what it prints (the DOM, with --dump-dom)."""

    def run(path: Path, *flags: str, fragment: str = "") -> str:
        profile = tmp_path_factory.mktemp("profile")
        command = [chromium, *FLAGS, f"--user-data-dir={profile}", *flags, path.resolve().as_uri() + fragment]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return run


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("SPACEFILM_SCREENSHOTS")
    if chosen:
        Path(chosen).mkdir(parents=True, exist_ok=True)
        return Path(chosen)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def builtin() -> Catalog:
    return load()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Markup, a dangerous address and control characters in every place text from data goes."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.json"
    sources = [{"title": HOSTILE, "url": "javascript:window.pwned=3", "quote": HOSTILE}]
    events = [
        event("a", "2020-05", country="c", title=HOSTILE, notes=HOSTILE, project="p", sources=sources),
        event("b\x1b[2J", "2021-10-05/2021-10-17", country="c", title="bell\x07 esc\x1b end", project="p"),
        event("c", "2021-10-05", country="d", title="\u05e6\u05d9\u05dc\u05d5\u05dd \U0001f680", status="planned"),
    ]
    dataset = {
        "countries": [{"id": "c", "name": HOSTILE}, {"id": "d", "name": "D"}],
        "projects": [{"id": "p", "title": HOSTILE, "country": "c"}],
        "races": [{"id": "r", "title": HOSTILE, "projects": ["p"]}],
        "events": events,
    }
    path.write_text(json.dumps(dataset), encoding="utf-8")
    return load(path)


def catalog_named(name: str, builtin: Catalog, hostile: Catalog) -> Catalog:
    return builtin if name == "builtin" else hostile


class MarkLinks(HTMLParser):
    """The links of the marks (<a class="event">) in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("class") == "event":
            self.hrefs.append(found.get("href") or "")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# The SVG


@pytest.mark.parametrize("by_project", [False, True], ids=["by-country", "by-project"])
@pytest.mark.parametrize("name", ["builtin", "hostile"])
def test_chromium_reads_every_mark_and_tooltip_of_the_svg(
    browse: Browse, builtin: Catalog, hostile: Catalog, tmp_path: Path, name: str, by_project: bool
) -> None:
    catalog = catalog_named(name, builtin, hostile)
    path = tmp_path / "chart.svg"
    path.write_text(svg_timeline(catalog, catalog.events, by_project=by_project), encoding="utf-8")
    dom = browse(path, "--dump-dom")
    assert "parsererror" not in dom and "This page contains the following errors" not in dom
    root = ElementTree.fromstring(dom)  # Chromium's DOM of an SVG document is XML again
    marks = {g.get("data-event"): g for g in root.iter() if g.get("class") == "event"}
    assert len(marks) == len(catalog.events)
    for each in catalog.events:
        mark = marks[each.id.replace("\x1b", "\ufffd")]
        assert any("mark" in (child.get("class") or "") for child in mark), each.id
        tooltip = mark.findtext(f"{SVG}title") or ""
        assert each.display in tooltip and tooltip.count("\n") == 1
    assert not any(element.tag.endswith(("script", "img")) for element in root.iter())


MEASURE = """
<script>
const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
const cross = (a, b, i) => Math.min(a[i + 2], b[i + 2]) - Math.max(a[i], b[i]) > 0.5;
const meet = (a, b) => cross(a, b, 0) && cross(a, b, 1);
const svg = document.querySelector('svg');
const right = svg.getBoundingClientRect().right;
const texts = [...svg.querySelectorAll('text')].map(
  t => ({text: t.textContent, box: box(t), event: t.closest('.event')}));
const marks = [...svg.querySelectorAll('.event .mark')].map(m => ({box: box(m), event: m.closest('.event')}));
const problems = [];
texts.forEach((a, i) => {
  if (a.box[0] < -0.5 || a.box[2] > right + 0.5) problems.push(['outside', a.text]);
  texts.slice(i + 1).forEach(b => { if (meet(a.box, b.box)) problems.push(['text on text', a.text, b.text]); });
  marks.forEach(m => {
    if (m.event !== a.event && meet(a.box, m.box)) problems.push(['text on mark', a.text, m.event.dataset.event]);
  });
});
const out = document.body.appendChild(document.createElement('pre'));
out.id = 'result';
out.textContent = JSON.stringify({
  texts: texts.length, marks: marks.length, width: svg.getBoundingClientRect().width, problems: problems,
  font: getComputedStyle(svg.querySelector('text')).fontFamily,
  smallest: Math.min(...[...svg.querySelectorAll('text, tspan')].map(t => parseFloat(getComputedStyle(t).fontSize))
    ) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
});
</script>
"""


def measured(browse: Browse, path: Path, svg: str) -> dict[str, Any]:
    """Chromium's boxes of everything drawn, and the texts that touch another text or another event's mark."""
    body = svg.split("\n", 1)[1]  # inline, without the XML declaration
    path.write_text(f'<!DOCTYPE html><html><body style="margin:0">{body}{MEASURE}</body></html>', encoding="utf-8")
    found = re.search(r'<pre id="result">(.*?)</pre>', browse(path, "--dump-dom"), re.S)
    assert found, "the measuring script did not run"
    result: dict[str, Any] = json.loads(unescape(found.group(1)))
    return result


@pytest.mark.parametrize("width", [1200, 680])
@pytest.mark.parametrize("by_project", [False, True], ids=["by-country", "by-project"])
def test_nothing_drawn_collides_and_no_text_is_small(
    browse: Browse, builtin: Catalog, tmp_path: Path, screenshots: Path, by_project: bool, width: int
) -> None:
    svg = svg_timeline(builtin, builtin.events, by_project=by_project, width=width)
    result = measured(browse, tmp_path / "measure.html", svg)
    assert result["width"] == width and result["marks"] == len(builtin.events)
    assert result["texts"] > len(builtin.events)
    assert result["problems"] == []
    assert result["smallest"] >= 12  # pixels on screen, drawn at the width it is made for

    picture = screenshots / f"chart-{'by-project' if by_project else 'by-country'}-{width}.svg"
    picture.write_text(svg, encoding="utf-8")
    height = int(float(ElementTree.fromstring(svg).get("height", "0")))
    shot = picture.with_suffix(".png")
    browse(picture, f"--screenshot={shot}", f"--window-size={width},{height}")
    assert png_size(shot) == (width, height) and shot.stat().st_size > 30_000


def test_the_measure_finds_a_collision(browse: Browse, builtin: Catalog, tmp_path: Path) -> None:
    """The collision check can fail: two labels moved onto one another are reported."""
    svg = svg_timeline(builtin, builtin.events)
    labels = re.findall(r'<text x="[^"]*" y="[^"]*"(?= font-size="12" text-anchor="start")', svg)[:2]
    moved = svg.replace(labels[1], labels[0], 1)
    assert ["text on text"] in [problem[:1] for problem in measured(browse, tmp_path / "m.html", moved)["problems"]]


# The page


@pytest.mark.parametrize("name", ["builtin", "hostile"])
def test_chromium_reads_the_page_every_entry_and_link(
    browse: Browse, builtin: Catalog, hostile: Catalog, screenshots: Path, name: str
) -> None:
    catalog = catalog_named(name, builtin, hostile)
    page = screenshots / f"page-{name}.html"
    page.write_text(html_page(catalog, catalog.events), encoding="utf-8")
    dom = browse(page, "--dump-dom")
    assert "<script" not in dom and "<img" not in dom
    entries = re.findall(r'<li id="([^"]*)" class="event', dom)
    ids = [each.id.replace("\x1b", "\ufffd") for each in catalog.events]
    assert [unescape(found) for found in entries] == ids
    links = MarkLinks()
    links.feed(dom)
    assert all(href.startswith("#") for href in links.hrefs)
    assert sorted(unquote(href[1:]) for href in links.hrefs) == sorted(ids * 2)  # drawn for 1200 and for 680
    for each in catalog.events:
        assert each.display in dom
    assert "javascript:" not in re.sub(r"\(javascript:[^)]*\)", "", dom)  # shown in brackets, never a link

    shot = page.with_suffix(".png")
    browse(page, f"--screenshot={shot}", "--window-size=1200,1600")
    assert png_size(shot) == (1200, 1600)


PROBE = """<script>
addEventListener('load', () => {
  const mark = document.querySelector('a.event[data-event="challenge-iss-shoot"]');
  mark.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
  setTimeout(() => {
    const target = document.querySelector(':target');
    const out = document.body.appendChild(document.createElement('pre'));
    out.id = 'result';
    out.textContent = JSON.stringify({
      href: mark.getAttribute('href'),
      target: target ? target.id : null,
      top: target ? target.getBoundingClientRect().top : null,
      scrolled: scrollY,
    });
  }, 300);
});
</script>"""


def test_a_mark_leads_to_its_entry(browse: Browse, builtin: Catalog, tmp_path: Path) -> None:
    """Clicking a mark (a link to #id) scrolls the page to that entry, which becomes the :target."""
    # The page forbids scripts (its Content-Security-Policy): the probe runs in a copy without that line.
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html_page(builtin, builtin.events))
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    found = re.search(r'<pre id="result">(.*?)</pre>', browse(probe, "--dump-dom", "--virtual-time-budget=3000"))
    assert found, "the probe did not report"
    result = json.loads(unescape(found.group(1)))
    assert result["href"] == "#challenge-iss-shoot" and result["target"] == "challenge-iss-shoot"
    assert result["scrolled"] > 1000 and abs(result["top"]) < 40  # the entry is at the top of the window


PAGE_MEASURE = """<script>
addEventListener('load', () => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const cross = (a, b, i) => Math.min(a[i + 2], b[i + 2]) - Math.max(a[i], b[i]) > 0.5;
  const meet = (a, b) => cross(a, b, 0) && cross(a, b, 1);
  const sizes = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || !([...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    sizes.push([size, el.textContent.trim().slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  const svg = [...document.querySelectorAll('svg')].find(shown);
  const problems = [];
  if (svg) {
    const texts = [...svg.querySelectorAll('text')].filter(shown).map(t => ({text: t.textContent, box: box(t),
      event: t.closest('.event')}));
    const marks = [...svg.querySelectorAll('.event .mark')].map(m => ({box: box(m), event: m.closest('.event')}));
    texts.forEach((a, i) => {
      texts.slice(i + 1).forEach(b => { if (meet(a.box, b.box)) problems.push(['text on text', a.text, b.text]); });
      marks.forEach(m => { if (m.event !== a.event && meet(a.box, m.box)) problems.push(['text on mark', a.text]); });
    });
  }
  const rows = [...document.querySelectorAll('.vertical li')].filter(shown).map(box);
  rows.forEach((a, i) => rows.slice(i + 1).forEach(b => { if (meet(a, b)) problems.push(['row on row']); }));
  const links = [...document.querySelectorAll('a[href]')].filter(shown).map(a => a.getAttribute('href'));
  const out = parent.document.body.appendChild(parent.document.createElement('pre'));
  out.id = 'result';
  out.textContent = JSON.stringify({
    viewport: innerWidth, scroll_width: document.documentElement.scrollWidth, smallest: sizes.slice(0, 3),
    drawing: svg ? svg.getAttribute('width') : null, vertical: rows.length, problems: problems, links: links,
    fetched: performance.getEntriesByType('resource').map(r => r.name),
    hints: document.body.innerText.match(/point at|hover/gi),
    subtitle: document.querySelector('header p').innerText,
    after: [...document.querySelectorAll('ol.sources a[href]')].filter(shown).slice(0, 3).map(
      a => getComputedStyle(a, '::after').content),
    heading_breaks: getComputedStyle(document.querySelector('h2')).breakAfter,
  });
});
</script>"""


def page_measured(browse: Browse, page: str, path: Path, width: int, printed: bool = False) -> dict[str, Any]:
    """The page in Chromium at a width: its smallest text on screen, what overlaps, the links a keyboard reaches, what
    it fetched. It is shown in a frame of that width (Chromium's window is 500 pixels wide at least), and the copy
    has a script (the page's policy forbids one, so that line is left out) that reports to the frame's parent;
    printed: the print stylesheet applied to the screen (and the screen's left out), at the width of an A4 page's
    text."""
    copy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    if printed:
        copy = copy.replace("@media screen", "@media not all").replace("@media print", "@media all")
    framed = escape(copy.replace("</body>", PAGE_MEASURE + "</body>"), quote=True)
    path.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe srcdoc="{framed}" '
        f'style="border:0;width:{width}px;height:900px"></iframe></body></html>',
        encoding="utf-8",
    )
    dom = browse(path, "--dump-dom", f"--window-size={width + 40},900", "--virtual-time-budget=5000")
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert found, "the measuring script did not run"
    result: dict[str, Any] = json.loads(unescape(found.group(1)))
    return result


@pytest.mark.parametrize(("width", "drawing"), [(390, None), (680, "680"), (1280, "1200")])
def test_the_page_reads_at_every_width(
    browse: Browse, builtin: Catalog, tmp_path: Path, screenshots: Path, width: int, drawing: str | None
) -> None:
    """A phone gets the timeline down the screen, an article column the 680-pixel drawing, a wide screen the
    1200: no text under 11 pixels on screen, nothing overlapping, nothing fetched, no hover hints, no sideways
    scrolling; a keyboard meets the skip link first, then the marks in date order."""
    page = html_page(builtin, builtin.events)
    result = page_measured(browse, page, tmp_path / "page.html", width)
    assert result["viewport"] == width and result["scroll_width"] <= width
    assert result["drawing"] == drawing
    assert result["smallest"][0][0] >= 11, result["smallest"]
    assert result["problems"] == [] and result["fetched"] == [] and result["hints"] is None
    if drawing is None:  # a row an event, and a heading a year; and the line under the title says so
        assert result["vertical"] > len(builtin.events)
        assert result["subtitle"].endswith(", listed by year. Each links to its entry and sources below.")
    else:
        assert result["vertical"] == 0
        assert result["subtitle"].endswith(", a lane per country. Each mark links to its entry and sources below.")
    by_date = [f"#{e.id}" for e in sorted(builtin.events, key=lambda e: (e.earliest or "", e.latest or "9999"))]
    assert result["links"][0] == "#events"  # the skip link
    assert result["links"][1 : 1 + len(by_date)] == by_date

    shot = screenshots / f"page-{width}.png"
    (screenshots / "page.html").write_text(page, encoding="utf-8")
    browse(screenshots / "page.html", f"--screenshot={shot}", f"--window-size={width},1400")
    assert png_size(shot) == (width, 1400)


def test_the_page_prints_readably(browse: Browse, builtin: Catalog, tmp_path: Path, screenshots: Path) -> None:
    """Printed (an A4 page's text is 680 CSS pixels wide at 15 mm margins): the column's drawing, no text under 8
    points, each source's address after its link, no hover hint, headings kept with what follows; and Chromium
    prints it to a PDF of several pages."""
    page = html_page(builtin, builtin.events)
    result = page_measured(browse, page, tmp_path / "print.html", 680, printed=True)
    assert result["drawing"] == "680" and result["vertical"] == 0
    assert result["smallest"][0][0] * 0.75 >= 8, result["smallest"]  # CSS pixels to points
    assert result["after"] and all(after.startswith('" (http') for after in result["after"]), result["after"]
    assert result["hints"] is None and result["heading_breaks"] == "avoid"
    assert result["subtitle"].endswith(", a lane per country. Each event\u2019s entry and sources follow.")
    assert result["problems"] == []

    source = screenshots / "page-print.html"
    source.write_text(page, encoding="utf-8")
    pdf = screenshots / "page.pdf"
    browse(source, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page\b", data)) > 3


# TimelineJS 3


@pytest.fixture(scope="session")
def timelinejs() -> Path:
    """TimelineJS 3's dist folder, installed with npm into a cache kept between runs."""
    cache = Path(os.environ.get("SPACEFILM_TEST_CACHE") or Path.home() / ".cache" / "spacefilm-tests")
    dist = cache / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
    if (dist / "js" / "timeline.js").is_file():
        return dist
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: it installs TimelineJS 3 (@knight-lab/timelinejs) for this test")
    cache.mkdir(parents=True, exist_ok=True)
    command = [
        npm,
        "install",
        "--prefix",
        str(cache),
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--fetch-retries=1",
    ]
    command.append(TIMELINEJS)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm install {TIMELINEJS} took over 10 minutes")
    if done.returncode != 0 or not (dist / "js" / "timeline.js").is_file():
        said = " / ".join(line for line in done.stderr.splitlines()[:3] if line.strip())
        pytest.skip(f"npm could not install {TIMELINEJS} (offline?): {said}")
    return dist


TIMELINE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}">
<script>
window.problems = [];
addEventListener('error', e => problems.push('error: ' + e.message));
addEventListener('unhandledrejection', e => problems.push('rejection: ' + e.reason));
const logError = console.error;
console.error = (...parts) => {{ problems.push('console: ' + parts.join(' ')); logError(...parts); }};
</script>
<script src="{js}"></script>
</head><body style="margin:0">
<div id="timeline" style="width:1200px;height:700px"></div>
<pre id="result"></pre>
<script>
let reported = false;
function report(loaded) {{
  if (reported) return;
  reported = true;
  const all = selector => [...document.querySelectorAll(selector)];
  document.getElementById('result').textContent = JSON.stringify({{
    loaded: loaded,
    slides: all('.tl-slide').length,
    title_slides: all('.tl-slide-titleslide').length,
    markers: all('.tl-timemarker').length,
    eras: all('.tl-timeera').length,
    groups: all('.tl-timegroup-message').map(e => e.textContent),
    headlines: all('.tl-slide .tl-headline').map(e => e.textContent),
    config_errors: window.timeline && timeline.config ? timeline.config.messages.errors.map(String) : ['no config'],
    message: all('.tl-message-content').map(e => e.textContent).filter(Boolean),
    injected: all('img[src="x"], #timeline script').length,
    pwned: window.pwned || null,
    fetched: performance.getEntriesByType('resource').map(r => r.name).filter(n => !n.startsWith('file:')),
    problems: problems,
  }});
}}
try {{
  window.timeline = new TL.Timeline('timeline', {data}, {{
    script_path: '{script_path}', font: null, theme: null, hash_bookmark: false, language: 'en',
  }});
  timeline.on('loaded', () => setTimeout(() => {{ timeline.goTo(2); setTimeout(() => report(true), 800); }}, 200));
}} catch (e) {{ problems.push('constructor: ' + e); }}
setTimeout(() => report(false), 15000);
</script>
</body></html>
"""


def timeline_page(dist: Path, document: dict[str, Any], path: Path) -> Path:
    data = json.dumps(document).replace("</", "<\\/")  # inside <script>, "</script>" in data would end it
    js, css = dist / "js" / "timeline.js", dist / "css" / "timeline.css"
    script_path = (dist / "js").as_uri() + "/"
    path.write_text(
        TIMELINE_PAGE.format(css=css.as_uri(), js=js.as_uri(), data=data, script_path=script_path), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("name", ["builtin", "hostile"])
def test_timelinejs_shows_a_slide_per_event_and_the_title(
    browse: Browse, timelinejs: Path, builtin: Catalog, hostile: Catalog, screenshots: Path, name: str
) -> None:
    catalog = catalog_named(name, builtin, hostile)
    document = timelinejs_document(catalog, catalog.events)
    page = timeline_page(timelinejs, document, screenshots / f"timelinejs-{name}.html")
    found = re.search(r'<pre id="result">(.*?)</pre>', browse(page, "--dump-dom", "--virtual-time-budget=20000"), re.S)
    assert found, "the page did not report"
    result = json.loads(unescape(found.group(1)))
    assert result["problems"] == [] and result["config_errors"] == [] and result["message"] == []
    assert result["loaded"] is True
    assert result["slides"] == len(catalog.events) + 1 and result["title_slides"] == 1
    assert result["markers"] == len(catalog.events)
    assert result["eras"] == len(document.get("eras", []))
    assert sorted(set(result["groups"])) == sorted({catalog.country_name(e.country) for e in catalog.events})
    assert result["fetched"] == [] and result["injected"] == 0 and result["pwned"] is None
    if name == "hostile":
        assert HOSTILE in result["headlines"]  # markup from data shows as written
    else:
        assert "Peresild and Shipenko film aboard the ISS" in result["headlines"]

    shot = page.with_suffix(".png")
    browse(page, f"--screenshot={shot}", "--window-size=1200,720", "--virtual-time-budget=20000")
    assert png_size(shot) == (1200, 720)


BROKEN_TIMELINE = {
    "title": {"text": {"headline": "T"}},
    "events": [{"start_date": {"year": 2020}, "text": {"headline": "E"}}],
    "eras": [{"start_date": {"year": 2020}, "text": {"headline": "an era with no end"}}],
}


def test_the_timelinejs_check_sees_a_refused_timeline(browse: Browse, timelinejs: Path, tmp_path: Path) -> None:
    """The check can fail: a timeline TimelineJS refuses (an era with no end) is reported as not loaded."""
    page = timeline_page(timelinejs, BROKEN_TIMELINE, tmp_path / "broken.html")
    if True:
        found = re.search(r'<pre id="result">(.*?)</pre>', browse(page, "--dump-dom", "--virtual-time-budget=20000"))
    assert found
    result = json.loads(unescape(found.group(1)))
    assert result["loaded"] is False and (result["config_errors"] or result["message"])
