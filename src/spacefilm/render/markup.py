"""Text from data made fit for markup (SVG, HTML, TimelineJS): legal XML characters, safe links, estimated widths.

Shared by the picture renderers (svg, page, timelinejs); no Rich, no Click.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from ..model import Derived, Event, Groups, Names, Source, groups_of
from .cutting import at_word_end

# Characters XML 1.0 forbids (C0 controls but tab and line feed, surrogates, U+FFFE, U+FFFF) and those it
# discourages (DEL, C1 controls, the noncharacters U+FDD0-U+FDEF): a parser stops at the first, so each becomes
# U+FFFD, visibly. A carriage return is normalised to a line feed first.
NOT_XML_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_NOT_XML = re.compile(f"[{NOT_XML_CHARS}]")
REPLACEMENT = "\ufffd"
# Bidirectional controls (marks, embeddings, overrides, isolates) would reorder what a reader sees, so that a title
# fakes its text: each is shown as its escape (\u202e), as on the terminal. Markup isolates text from data itself.
BIDI_CHARS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{BIDI_CHARS}]")
LINK_SCHEMES = ("http", "https")
STATUS_WORDS = {"happened": "happened", "planned": "planned", "unrealized": "planned, never happened"}

# Advance widths of printable ASCII (space to tilde) in DejaVu Sans, in thousandths of an em, measured in Chromium.
# DejaVu is the widest of the usual sans-serif fallbacks, so a label measured with it fits in narrower fonts too.
_ASCII_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656,
    557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613,
    635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818,
    592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip


def xml_text(text: str) -> str:
    """Text that any XML 1.0 parser accepts, whatever the data held; bidirectional controls made visible."""
    text = _NOT_XML.sub(REPLACEMENT, text.replace("\r\n", "\n").replace("\r", "\n"))
    return _BIDI.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def one_line(text: str) -> str:
    """xml_text on one line: runs of white space (line breaks included) become one space."""
    return " ".join(xml_text(text).split())


def safe_url(url: str | None) -> str | None:
    """The URL if it is a web address to link to (http or https, with a host), else None.

    A `javascript:` or `data:` address from data would run or show content of the data's choosing when clicked.
    """
    if url is None:
        return None
    cleaned = xml_text(url).strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # an unbalanced IPv6 bracket, for one
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc or any(c.isspace() for c in cleaned):
        return None
    return cleaned


def first_link(sources: Iterable[Source]) -> str | None:
    """The first source address that can be linked to."""
    for source in sources:
        url = safe_url(source.url)
        if url is not None:
            return url
    return None


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of a line of text at a font size: wide (East Asian) characters an em, marks none."""
    thousandths = 0
    for char in text:
        code = ord(char)
        if 32 <= code < 127:
            thousandths += _ASCII_WIDTHS[code - 32]
        elif unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            thousandths += 1000
        else:
            thousandths += 760
    return thousandths * size / 1000


def fit(text: str, room: float, size: float, words: bool = False) -> str:
    """The text cut (with an ellipsis) to fit `room` pixels at a font size; words: at the end of a word."""
    if text_width(text, size) <= room:
        return text
    ellipsis = text_width("\u2026", size)
    kept, used = [], 0.0
    for char in text:
        used += text_width(char, size)
        if used + ellipsis > room:
            break
        kept.append(char)
    cut = "".join(kept)
    return (at_word_end(text, cut) if words else cut.rstrip()) + "\u2026"


# A script that says which language a text is in, when it is not English: a screen reader then reads it right.
SCRIPTS = (
    ("\u0400", "\u04ff", "ru"),
    ("\u0590", "\u05ff", "he"),
    ("\u0600", "\u06ff", "ar"),
    ("\u0370", "\u03ff", "el"),
    ("\u3040", "\u30ff", "ja"),
    ("\uac00", "\ud7af", "ko"),
    ("\u4e00", "\u9fff", "zh"),
)


def language(text: str) -> str | None:
    """The language a text is written in, told by its letters when most of them are of another script than Latin
    (Cyrillic is taken as Russian, the language of this history's sources; Ukrainian letters make it Ukrainian);
    None for Latin or mixed text."""
    if text.isascii():  # (no letter but Latin ones; told at once, where counting letters takes microseconds)
        return None
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        for low, high, code in SCRIPTS:
            if low <= char <= high:
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts:
        return None
    code, count = max(counts.items(), key=lambda found: found[1])
    if count * 2 < len(letters):
        return None
    if code == "ru" and any(char in "\u0404\u0406\u0407\u0490\u0454\u0456\u0457\u0491" for char in letters):
        return "uk"
    if code == "zh" and counts.get("ja"):
        return "ja"
    return code


def default_title(catalog: Names, events: Sequence[Event] | Groups) -> str:
    """The title of the races the events' projects ran in, or "Timeline" when they ran in none."""
    projects = {project for project in set(groups_of(events).projects) if project}
    races = [one_line(race.title) for race in catalog.races if projects & set(race.projects)]
    return "; ".join(races) or "Timeline"


def extent(events: Sequence[Event], groups: Groups | None = None) -> str:
    """How many events, from which date to which: "40 events, 1983 to Dec 11, 2025". (`groups`: the events', when
    they are at hand.)"""
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    if not events:
        return count
    groups = groups or groups_of(events)
    derived = groups.derived
    # The first event of the earliest dates, and the first of the latest: a date's events are alike.
    first = _first_of(groups, min, lambda found: (found[0] or "", found[1] or "9999"))
    final = _first_of(groups, max, lambda found: (found[1] or found[0] or "", found[0] or ""))
    return f"{count}, {derived[first][3]} to {derived[final][3]}"


def _first_of(groups: Groups, pick: Callable[..., Any], key: Callable[[Derived], tuple[str, str]]) -> str:
    """Of the dates whose key `pick` picks (min or max), the one whose events appear first."""
    keys = {day: key(found) for day, found in groups.derived.items()}
    best = pick(keys.values())
    picked = [day for day, found in keys.items() if found == best]
    return picked[0] if len(picked) == 1 else groups.first_of(set(picked))


def status_words(event: Event) -> str:
    return STATUS_WORDS.get(event.status, event.status)
