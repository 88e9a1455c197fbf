"""Past a few hundred events with no limit, what a density chart reads of them, counted: memory for each distinct
date, country and project, not for each event.

A density chart (render/chart_view.py, render/svg.py) draws how many events of each lane cover each stretch of the
axis. From an event it reads its date (and what that derives to), its country and its project; from the order of
the events (model.date_order: earliest, latest, id), the order in which lanes and countries first and last appear,
and which event of the first and last dates is named. A million events have a few hundred thousand distinct dates,
countries and projects at most (a group each); the least and greatest id of a group place it among the other groups
of the same dates as date_order places its events. `events` gives back the groups (model.Counted), which a picture
reads a group at a time.

A slice's events are counted with one look-up of each event's group in one table, whose record holds the group's
count and its least and greatest id: in a file in the order of its ids (as each process reads its slices, in
order) the first id of a group counted is its least and the last its greatest, so no id is weighed against another;
only ids out of order are. Another process's groups are kept beside this book's, as they came, not merged group by
group (model.Counted reads both). A date is derived once, not set on each event.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from operator import attrgetter, itemgetter
from typing import Any

import msgspec

from ..model import Counted, Derived, Event

Group = tuple[str, str, str | None]  # date, country, project

_GROUP = attrgetter("date", "country", "project")
_ID = attrgetter("id")
_DAY, _COUNTRY, _PROJECT = itemgetter(0), itemgetter(1), itemgetter(2)
_COUNT, _LEAST, _GREATEST = _DAY, _COUNTRY, _PROJECT  # (of a group's record)


class Packed(msgspec.Struct, array_like=True):
    """A sketchbook sent from one process to another: each group's date, country and project, its count and its
    least and greatest id."""

    days: list[str] = []
    countries: list[str] = []
    projects: list[str | None] = []
    counts: bytes = b""  # uint32
    least: list[str] = []
    greatest: list[str] = []


class Sketchbook:
    """Events counted by date, country and project, with the least and greatest id of each group."""

    def __init__(self, dates: Mapping[str, Derived] | None) -> None:
        """`dates`: what each date derives to (checks.Derivations, worked out the first time a date is asked for);
        None where another process derives them (the one this book is sent to)."""
        self.dates = dates
        # Each group's count, least id and greatest id, in the order the groups were found. One record a group, looked
        # up once an event: a million events fall in some hundred thousand groups, and a table that big lies beyond
        # the CPU's cache, where each look-up waits for memory (three tables, one for each, took twice as long).
        self.groups: dict[Group, list[Any]] = {}
        self.last = ""  # the greatest id counted
        self.derived: dict[str, Derived] = {}  # what each date counted derives to (when `dates` are given)
        self.others: list[Packed] = []  # the groups other processes counted

    def add(self, events: Sequence[Event]) -> None:
        """Count the events."""
        ids = list(map(_ID, events))
        if not ids:
            return
        groups = self.groups
        before = len(groups)
        found = groups.get
        if ids[0] > self.last and ids == sorted(ids):  # (a slice of a file in the order of its ids)
            for group, event_id in zip(map(_GROUP, events), ids, strict=True):
                record = found(group)
                if record is None:
                    groups[group] = [1, event_id, event_id]  # (after every id counted before: the least)
                else:
                    record[0] += 1
                    record[2] = event_id
            self.last = ids[-1]
        else:
            for group, event_id in zip(map(_GROUP, events), ids, strict=True):
                record = found(group)
                if record is None:
                    groups[group] = [1, event_id, event_id]
                else:
                    record[0] += 1
                    if event_id < record[1]:
                        record[1] = event_id
                    elif event_id > record[2]:
                        record[2] = event_id
            self.last = max(self.last, max(ids))
        fresh = len(groups) - before
        if fresh:
            self._derive(map(_DAY, islice(reversed(groups), fresh)))  # (the groups new here)

    def _derive(self, days: Iterable[str]) -> None:
        """What the dates derive to, each date once (as they are counted: not all at the end)."""
        if self.dates is not None:
            fresh = set(days).difference(self.derived)
            self.derived.update(zip(fresh, map(self.dates.__getitem__, fresh), strict=True))

    def pack(self) -> Packed:
        """The groups, to send to another process (see merge)."""
        groups, records = list(self.groups), list(self.groups.values())
        return Packed(
            list(map(_DAY, groups)),
            list(map(_COUNTRY, groups)),
            list(map(_PROJECT, groups)),
            array("I", map(_COUNT, records)).tobytes(),
            list(map(_LEAST, records)),
            list(map(_GREATEST, records)),
        )

    def merge(self, packed: Packed) -> None:
        """Add the groups another process counted (pack): as they are, beside this book's (a group counted by both
        comes twice: what a picture reads of groups adds up, or takes the least or greatest, as well over both)."""
        self.others.append(packed)
        self._derive(packed.days)

    def events(self, reverse: bool = False) -> Counted:
        """The events counted, in date order (model.in_date_order, reversed if asked), as their groups."""
        groups, records = list(self.groups), list(self.groups.values())
        days, countries, projects = list(map(_DAY, groups)), list(map(_COUNTRY, groups)), list(map(_PROJECT, groups))
        counts, least, greatest = list(map(_COUNT, records)), list(map(_LEAST, records)), list(map(_GREATEST, records))
        for other in self.others:
            days += other.days
            countries += other.countries
            projects += other.projects
            counts += memoryview(other.counts).cast("I")
            least += other.least
            greatest += other.greatest
        return Counted(days, countries, projects, counts, self.derived, least, greatest, reverse)
