"""TimelineJS made a batch of events at a time (render/slides.py): each slide the same bytes as the document's, and
the title slide and eras the same from the batches' summaries, however the events are cut and merged."""

from __future__ import annotations

import sys
from itertools import pairwise
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacefilm.dates import derive
from spacefilm.load.source import catalog as load
from spacefilm.model import Claim, Country, Dataset, Dispute, Event, Names, Project, Race, Source, in_date_order
from spacefilm.render import slides
from spacefilm.render.slides import Slides, Summary
from spacefilm.render.timelinejs import _slide, timelinejs_document, timelinejs_ends, timelinejs_parts

ENCODE = msgspec.json.encode

# Text as data gives it: mostly plain words (where a batch is escaped at once), some of everything a slide escapes
# or cleans (markup, quotes, controls, bidirectional marks, odd white space, other scripts).
PLAIN = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ,.'()-]{0,30}", fullmatch=True)
ODD = st.sampled_from(
    [
        *("a  b", " lead", "trail ", "a\tb", "two\nlines", "cr\r\nlf", "x\u202ey", "\u200fmark", "nul\x00", "\x7f"),
        *('say "hi"', "back\\slash", "<b>&amp;</b>", "\u201cquoted\u201d", "\xa0nbsp", "line\u2028sep", "\ufdd0"),
        *("\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440", "\u65e5\u672c\u8a9e", "\u0456\u0457", ""),
        *("\\u0000", "caf\xe9", "\x85next", "\u3000wide"),
    ]
)
TEXT = st.one_of(PLAIN, PLAIN, PLAIN, ODD, st.text(max_size=12))
URL = st.one_of(
    st.none(),
    st.builds("https://example.org/{}/{}".format, st.sampled_from(["a", "b?x=1&y=2", "c#top"]), st.integers(0, 99)),
    st.sampled_from(
        [
            *("http://example.org", "https://", "http://[::1", "https://[::1]/x", "HTTPS://EXAMPLE.ORG/a", ""),
            *("javascript:alert(1)", "https://a b", " https://x.org/ ", "https://x.org/\xe9", "ftp://x.org", "//x"),
            *("https://x.org/'q'", "https:///path", "https://x.org/a\\b", 'https://x.org/"'),
        ]
    ),
    TEXT,
)
# Dates that tie: on their first day, their last, or both, and open ends.
DATES = [
    *("2020", "2020-05", "2020-05-01", "2020-05-31", "2020-05-01/2020-05-31", "2020-05~", "2020-05-01?"),
    *("2020/..", "2020-05/..", "2019-12-31/2020-05-01", "2020-01-01/2020-12-31", "2021-10-05/2022", "1996~"),
    *("0001-01-01", "9999-12-31", "9999/.."),
]
IDS = ["spacefilm-title", "spacefilm-title-", "spacefilm-title--", "a", 'q"uote', "back\\slash", "x\x00y", "\u212aine"]


def sources() -> st.SearchStrategy[Source]:
    return st.builds(Source, title=TEXT, url=URL, publisher=st.none() | TEXT, quote=st.none() | TEXT,
                     translation=st.none() | TEXT)  # fmt: skip


def claims() -> st.SearchStrategy[Claim]:
    dispute = st.builds(Dispute, by=TEXT, note=TEXT, sources=st.lists(sources(), min_size=1, max_size=2).map(tuple))
    return st.builds(
        Claim, claim=TEXT, by=TEXT, kind=st.sampled_from(["first", "statement"]),
        translation=st.none() | TEXT, disputed=st.lists(dispute, max_size=1).map(tuple),
    )  # fmt: skip


@st.composite
def events(draw: st.DrawFn, most: int = 12) -> list[Event]:
    ids = draw(st.lists(st.one_of(st.sampled_from(IDS), TEXT), min_size=1, max_size=most, unique=True))
    made = []
    for event_id in ids:
        many = draw(st.integers(0, 10))  # (one source mostly, then several, or none)
        made.append(
            Event(
                id=event_id,
                date=draw(st.sampled_from(DATES)),
                title=draw(TEXT),
                summary=draw(st.none() | TEXT),
                country=draw(st.sampled_from(["c0", "c1", "c2", "undeclared"])),
                kind=draw(st.sampled_from(["filming", "launch"])),
                status=draw(st.sampled_from(["happened", "happened", "planned", "unrealized"])),
                project=draw(st.sampled_from([None, None, "p0", "p1", "p2", ""])),
                people=tuple(draw(st.lists(TEXT, max_size=2))),
                sources=tuple(draw(st.lists(sources(), min_size=1, max_size=3))) if many < 8 else (),
                claims=tuple(draw(st.lists(claims(), max_size=1))) if many > 8 else (),
                notes=draw(st.none() | TEXT),
            )
        )
    for event in made:  # the derived fields, as the reader sets them
        event.earliest, event.latest, event.precision, event.display = derive(event.date)
    if draw(st.booleans()):  # a date shown given otherwise (or none): written as it is
        made[0].display = draw(st.none() | TEXT)
    return made


@st.composite
def names(draw: st.DrawFn) -> Names:
    countries = [Country(id=f"c{i}", name=draw(TEXT)) for i in range(3)]
    projects = [Project(id=f"p{i}", title=draw(TEXT)) for i in range(2)]
    races = [Race(id="r", title=draw(TEXT), projects=["p0", "p1"]), Race(id="s", title=draw(TEXT), projects=["p2", ""])]
    declared = draw(st.booleans())
    dataset = Dataset(events=[], countries=countries if declared else None, projects=projects if declared else None,
                      races=races)  # fmt: skip
    return Names(dataset, ["c0", "c1", "c2", "undeclared"], ["p0", "p1", "p2"])


def cut(draw: st.DrawFn, items: list[Any]) -> list[list[Any]]:
    """The items cut into batches (some empty), in order."""
    cuts = sorted(draw(st.lists(st.integers(0, len(items)), max_size=4)))
    edges = [0, *cuts, len(items)]
    return [items[a:b] for a, b in pairwise(edges)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), names(), events())
def test_each_slide_is_the_bytes_of_the_documents_slide(data: st.DataObject, catalog: Names, made: list[Event]) -> None:
    """However the events are cut into batches, and whatever each batch holds."""
    expected = [ENCODE(_slide(catalog, event)) for event in made]
    make = Slides.of(catalog)
    assert [each for batch in cut(data.draw, made) for each in make(batch)] == expected
    assert slides.slides(Slides.of(catalog).countries, Slides.of(catalog).projects, made) == expected


def test_slides_of_the_builtin_data_and_plain_batches() -> None:
    """The built-in dataset (quotes in Russian, claims, disputes, notes), and batches of plain events only."""
    catalog = load()
    plain = [e for e in catalog.events if not e.claims and all(s.quote is None or s.quote.isascii() for s in e.sources)]
    for events_ in (catalog.events, plain, plain[:1]):
        assert Slides.of(catalog)(events_) == [ENCODE(_slide(catalog, event)) for event in events_]
    assert Slides.of(catalog)([]) == []


def test_every_form_of_date_in_one_batch() -> None:
    """Plain dates are written for the batch at once, the others one by one, however they are mixed."""
    forms = [*DATES, "0999", "0999-01", "2020-05-01/2020-05-01", "1990/1995~", "2020-05/..", "2019-12/2020", "2020?"]
    made = [
        Event(id=f"e{at}", date=day, title="t", country="c", kind="launch", sources=(Source(title="s"),))
        for at, day in enumerate(forms * 3)
    ]
    for event in made:
        event.earliest, event.latest, event.precision, event.display = derive(event.date)
    catalog = Names(Dataset(events=[]), ["c"], [])
    expected = [ENCODE(_slide(catalog, event)) for event in made]
    for size in (1, 2, 7, len(made)):
        make = Slides.of(catalog)
        assert [each for at in range(0, len(made), size) for each in make(made[at : at + size])] == expected


def document_bytes(catalog: Names, made: list[Event]) -> bytes:
    return ENCODE(timelinejs_document(catalog, made)) + b"\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), names(), events(most=20), st.booleans())
def test_the_document_from_summaries_merged_in_any_order(
    data: st.DataObject, catalog: Names, made: list[Event], reverse: bool
) -> None:
    """The title slide (its title, id and extent) and the eras, from summaries of any batches merged in any order,
    are the document's, the events in date order or reversed (as `timeline` gives them). Each event shows its date
    as the reader derives it: the extent names dates, and events of one date are alike (markup.extent)."""
    for event in made:
        event.display = derive(event.date)[3]
    ordered = in_date_order(made, reverse=reverse)
    batches = cut(data.draw, data.draw(st.permutations(ordered)))
    summaries = [Summary.of(batch) for batch in batches]
    summaries = data.draw(st.permutations(summaries))
    while len(summaries) > 1:  # (merged pairwise, in an order drawn)
        at = data.draw(st.integers(0, len(summaries) - 2))
        summaries[at : at + 2] = [summaries[at].merge(summaries[at + 1])]
    summary = msgspec.msgpack.decode(msgspec.msgpack.encode(summaries[0]), type=Summary)  # (as the reader sends it)
    make = Slides.of(catalog)
    parts = timelinejs_ends(catalog, summary, reverse, [b",".join(make(ordered))])
    assert b"".join(parts) == document_bytes(catalog, ordered)
    assert b"".join(timelinejs_parts(catalog, ordered, part=3)) == document_bytes(catalog, ordered)


def test_events_without_their_derived_fields() -> None:
    """As timelinejs_document takes them: no dates but the given one, no date shown (null)."""
    made = [
        Event(id=f"e{at}", date=day, title="t", country="c", kind="launch", sources=(Source(title="s"),))
        for at, day in enumerate(["2020", "2019-05-01", "2021/.."])
    ]
    catalog = Names(Dataset(events=[]), ["c"], [])
    assert b"".join(timelinejs_parts(catalog, made)) == document_bytes(catalog, made)


def test_parts_of_the_builtin_data_in_either_order() -> None:
    catalog = load()
    for made in (catalog.events, catalog.events[::-1], catalog.events[5:6], []):
        assert b"".join(timelinejs_parts(catalog, made, part=7)) == document_bytes(catalog, made)


def test_the_character_classes_are_what_one_line_and_xml_text_change() -> None:
    """What a batch is checked for, against what markup's functions change, character by character (but the NUL,
    the separator: counted instead)."""
    from spacefilm.render.markup import xml_text

    every = "".join(map(chr, range(1, sys.maxunicode + 1)))
    changed = [c for c in every if xml_text(c) != c]
    assert slides._CHANGED.findall(every) == changed
    # On one line, also white space but the space: str.split's, one_line's.
    assert slides._CHANGED_LINE.findall(every) == [c for c in every if c in changed or (c.isspace() and c != " ")]


LINKS = ["https://example.org/a?b=1", "http://x.org", "https://x.org#top", "https://a.b:8080", "https://x.org/?u=a://b"]
NOT_AS_GIVEN = ["", "https://", "http:///x", "https://[::1", "https://x.org/a&b", "HTTP://x.org", "https://x y", "a"]


@pytest.mark.parametrize("url", LINKS + NOT_AS_GIVEN)
def test_a_link_is_taken_as_given_only_where_safe_url_gives_it_as_it_is(url: str) -> None:
    from spacefilm.render.markup import safe_url

    as_given = slides._plain_links([url]) is not None
    assert as_given == (url in LINKS) and (not as_given or safe_url(url) == url)
    assert (slides._plain_links([LINKS[0], url]) is not None) == as_given
    assert (slides._plain_links([url, LINKS[0]]) is not None) == as_given
