"""Past a few hundred events with no limit, what a density chart reads of them, counted: memory for each distinct
date, country and project, not for each event.

A density chart (render/chart_view.py, render/svg.py) draws how many events of each lane cover each stretch of the
axis. From an event it reads its date (and what that derives to), its country and its project; from the order of
the events (model.date_order: earliest, latest, id), the order in which lanes and countries first and last appear,
and which event of the first and last dates is named. A million events have a few hundred thousand distinct dates,
countries and projects at most (a group each); the least and greatest id of a group place it among the other groups
of the same dates as date_order places its events. `events` gives back the groups (model.Counted), which a picture
reads a group at a time.

A slice's events are counted in a few passes at C speed over them while they are in the CPU's cache, no step of
Python for each event. A group is known by the id of the first of its events counted (its key); in a file in the
order of its ids (as each process reads its slices, in order) that is its least id, and the last counted its
greatest, so nothing but those is kept of the ids; only ids out of order make the book weigh ids one against
another (and hold a group's least id where it is not its key). Another process's groups are kept beside this book's,
as they came, not merged group by group (model.Counted reads both). A date is derived once, not set on each event.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from operator import attrgetter, itemgetter

import msgspec

from ..model import Counted, Derived, Event

Group = tuple[str, str, str | None]  # date, country, project

_GROUP = attrgetter("date", "country", "project")
_ID = attrgetter("id")
_DAY, _COUNTRY, _PROJECT = itemgetter(0), itemgetter(1), itemgetter(2)


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
        self.keys: dict[Group, str] = {}  # each group's key: the first id of it counted
        self.counts: Counter[str] = Counter()  # by key: each group's events
        self.greatest: dict[str, str] = {}
        self.least: dict[str, str] = {}  # a group's least id, where that is not its key
        self.last = ""  # the greatest id counted
        self.derived: dict[str, Derived] = {}  # what each date counted derives to (when `dates` are given)
        self.others: list[Packed] = []  # the groups other processes counted
        # Each group's date, country, project and key, a column each (as groups are found: not at the end).
        self.days: list[str] = []
        self.countries: list[str] = []
        self.projects: list[str | None] = []
        self.in_order: list[str] = []

    def add(self, events: Sequence[Event]) -> None:
        """Count the events."""
        ids = list(map(_ID, events))
        if not ids:
            return
        before = len(self.keys)
        keys = list(map(self.keys.setdefault, map(_GROUP, events), ids))
        self.counts.update(keys)
        if ids[0] > self.last and ids == sorted(ids):  # (a slice of a file in the order of its ids)
            self.greatest.update(zip(keys, ids, strict=True))  # (the last written for a group wins)
            self.last = ids[-1]
        else:
            order = sorted(range(len(ids)), key=ids.__getitem__)
            ids, keys = list(map(ids.__getitem__, order)), list(map(keys.__getitem__, order))
            # In the order of the ids, the last written for a group wins: its greatest; read backwards, its least.
            least = dict(zip(reversed(keys), reversed(ids), strict=True))
            self._ids(
                list(least), list(least.values()), list(map(dict(zip(keys, ids, strict=True)).__getitem__, least))
            )
        fresh = len(self.keys) - before
        if fresh:
            groups = list(islice(reversed(self.keys), fresh))  # (the groups new here)
            days = list(map(_DAY, groups))
            self.days += days
            self.countries += map(_COUNTRY, groups)
            self.projects += map(_PROJECT, groups)
            self.in_order += islice(reversed(self.keys.values()), fresh)
            self._derive(days)

    def _ids(self, keys: list[str], least: list[str], greatest: list[str]) -> None:
        """Weigh the least and greatest ids of groups (by key) against those counted before (a group's key, an id of
        it, lies between the two)."""
        self.least.update(zip(keys, map(min, map(self.least.get, keys, keys), least), strict=True))
        self.greatest.update(zip(keys, map(max, map(self.greatest.get, keys, keys), greatest), strict=True))
        self.last = max(self.last, max(greatest))

    def _derive(self, days: Iterable[str]) -> None:
        """What the dates derive to, each date once (as they are counted: not all at the end)."""
        if self.dates is not None:
            fresh = set(days).difference(self.derived)
            self.derived.update(zip(fresh, map(self.dates.__getitem__, fresh), strict=True))

    def pack(self) -> Packed:
        """The groups, to send to another process (see merge)."""
        keys = self.in_order
        return Packed(
            self.days,
            self.countries,
            self.projects,
            array("I", map(self.counts.__getitem__, keys)).tobytes(),
            list(map(self.least.get, keys, keys)),
            list(map(self.greatest.__getitem__, keys)),
        )

    def merge(self, packed: Packed) -> None:
        """Add the groups another process counted (pack): as they are, beside this book's (a group counted by both
        comes twice: what a picture reads of groups adds up, or takes the least or greatest, as well over both)."""
        self.others.append(packed)
        self._derive(packed.days)

    def events(self, reverse: bool = False) -> Counted:
        """The events counted, in date order (model.in_date_order, reversed if asked), as their groups."""
        keys = self.in_order
        days, countries, projects = self.days.copy(), self.countries.copy(), self.projects.copy()
        counts = list(map(self.counts.__getitem__, keys))
        least, greatest = list(map(self.least.get, keys, keys)), list(map(self.greatest.__getitem__, keys))
        for other in self.others:
            days += other.days
            countries += other.countries
            projects += other.projects
            counts += memoryview(other.counts).cast("I")
            least += other.least
            greatest += other.greatest
        return Counted(days, countries, projects, counts, self.derived, least, greatest, reverse)
