"""Counted sketches (load/sketchbook.py): what a density chart reads of the events in date order, kept as groups.

The list a sketchbook gives back holds, for every event, a sketch with its date, what that derives to, its country
and its project; in date order by its dates; and each group of events of one date, country and project first and last
appears, relative to every other group's first and last appearance, where its events do in model.in_date_order. That
is all a density chart reads of the order: which lane or country comes first or last, and which event of the first
and last dates is named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from spacefilm.dates import derive
from spacefilm.load.checks import Derivations
from spacefilm.load.sketchbook import Packed, Sketchbook
from spacefilm.model import Event, groups_of, in_date_order

# Dates that derive to the same first and last days (2021, Jan-Dec 2021, c. 2021, ...), open ends, single days.
DATES = ["2021", "2021-01/2021-12", "2021-01-01/2021-12-31", "2021~", "2021/..", "2021-01-01/..", "2021-10-05", "1990"]
COUNTRIES = ["us", "russia", "japan"]
PROJECTS = [None, "a", "b"]


def made(number: int, day: int, country: int, project: int) -> Event:
    earliest, latest, precision, display = derive(DATES[day])
    return Event(
        id=f"e{number:03d}",
        date=DATES[day],
        earliest=earliest,
        latest=latest,
        precision=precision,
        display=display,
        title=f"Title {number}",
        country=COUNTRIES[country],
        kind="filming",
        project=PROJECTS[project],
        sources=(),
    )


# Events with ids drawn in any order (so the ids of one group interleave with another's), each tallied by one of two
# processes.
events_and_sides = st.lists(
    st.tuples(
        st.integers(0, 999),
        st.integers(0, len(DATES) - 1),
        st.integers(0, len(COUNTRIES) - 1),
        st.integers(0, len(PROJECTS) - 1),
        st.booleans(),
    ),
    min_size=1,
    max_size=60,
    unique_by=lambda drawn: drawn[0],
)


def group(event: Event) -> tuple[str, str, str | None]:
    return event.date, event.country, event.project


def appearances(events: Sequence[Event]) -> list[tuple[str, tuple[str, str, str | None]]]:
    """Where each group first and last appears, in order (a group of one event: first)."""
    first = {}
    last = {}
    for index, event in enumerate(events):
        first.setdefault(group(event), index)
        last[group(event)] = index
    marks = [(index, "first", key) for key, index in first.items()]
    marks += [(index, "last", key) for key, index in last.items() if index != first[key]]
    return [(which, key) for _, which, key in sorted(marks)]


def fields(event: Event) -> tuple[object, ...]:
    return (event.date, event.earliest, event.latest, event.precision, event.display, event.country, event.project)


def counted(book: Sketchbook, events: list[Event], slice_size: int, in_order: bool) -> None:
    """The events counted a slice at a time, as a process reads them: in the order of their ids (a file in id order,
    each process's slices in order), or as drawn."""
    if in_order:
        events = sorted(events, key=lambda event: event.id)
    for at in range(0, len(events), slice_size):
        book.add(events[at : at + slice_size])


@settings(max_examples=300, deadline=None)
@given(events_and_sides, st.booleans(), st.integers(1, 12), st.booleans())
def test_counted_sketches_appear_where_the_events_do(
    drawn: list[tuple[int, int, int, int, bool]], reverse: bool, slice_size: int, in_order: bool
) -> None:
    events = [made(*found[:4]) for found in drawn]
    here, there = Sketchbook(Derivations()), Sketchbook(None)  # (the other process's: this one derives its dates)
    counted(here, [event for event, found in zip(events, drawn, strict=True) if found[4]], slice_size, in_order)
    counted(there, [event for event, found in zip(events, drawn, strict=True) if not found[4]], slice_size, in_order)
    # (sent as the child sends it)
    here.merge(msgspec.msgpack.decode(msgspec.msgpack.encode(there.pack()), type=Packed))
    sketched = here.events(reverse)
    ordered = in_date_order(events, reverse=reverse)
    assert len(sketched) == len(ordered)
    assert [(e.earliest, e.latest) for e in sketched] == [(e.earliest, e.latest) for e in ordered]
    assert Counter(map(fields, sketched)) == Counter(map(fields, ordered))
    assert appearances(sketched) == appearances(ordered)
    # Each lane, and each date, first and last appears where its events do.
    for lane in (lambda e: e.country, lambda e: e.project, lambda e: e.display):
        assert list(dict.fromkeys(map(lane, sketched))) == list(dict.fromkeys(map(lane, ordered)))
        assert list(dict.fromkeys(map(lane, reversed(sketched)))) == list(dict.fromkeys(map(lane, reversed(ordered))))
    # What a picture reads of the groups, without reading them as events, is what it reads of the events.
    whole = groups_of(ordered)
    for column in ("days", "countries", "projects", "lanes"):
        assert sketched.appear(column) == whole.appear(column)
        assert sketched.appear_last(column) == whole.appear_last(column)
    assert sketched.by_day == whole.by_day
    for days in [{day} for day in whole.days] + [set(DATES), set(DATES[::2])]:
        if days & set(whole.days):
            assert sketched.first_of(days) == whole.first_of(days)


def test_a_sketchbook_keeps_a_group_per_date_country_and_project() -> None:
    """Memory that grows with the groups, not the events: 2,000 events of two dates in two countries are 4 groups,
    each sketch one object standing for all its events."""
    book = Sketchbook(Derivations())
    book.add([made(number, number % 2 * 7, number // 1000, 0) for number in range(2000)])
    assert len(book.groups) == 4
    sketched = book.events()
    assert len(sketched) == 2000 and len({id(e) for e in sketched}) == 4
    assert not any(e.title or e.sources for e in sketched)
