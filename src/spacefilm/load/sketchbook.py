"""Past a few hundred events with no limit, what a density chart reads of them, counted: memory for each distinct
date, country and project, not for each event.

A density chart (render/chart_view.py, render/svg.py) draws how many events of each lane cover each stretch of the
axis. From an event it reads its date (and what that derives to), its country and its project; from the order of
the events (model.date_order: earliest, latest, id), the order in which lanes and countries first and last appear,
and which event of the first and last dates is named. A million events have a few hundred thousand distinct dates,
countries and projects at most (a group each); the least and greatest id of a group place it among the other groups
of the same dates as date_order places its events: `events` gives back a list in which every group first and last
appears where its events first and last appear in date order, the same sketch standing for each event of a group.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import repeat
from operator import attrgetter

import msgspec

from ..dates import OPEN_END_ISO
from ..model import Derived, Event
from ..vocab import Kind, Status

Group = tuple[str, str, str | None]  # date, country, project

_GROUP = attrgetter("date", "country", "project")
_DERIVED = attrgetter("earliest", "latest", "precision", "display")


class Packed(msgspec.Struct, array_like=True):
    """A sketchbook sent from one process to another: each group's fields as codes into `values` (a few hundred
    thousand groups name a few thousand strings), its count and its least and greatest id."""

    codes: bytes = b""  # uint32: each group's date, what it derives to, country and project, a code each
    values: list[str | None] = []
    counts: bytes = b""  # uint32
    least: list[str] = []
    greatest: list[str] = []


class _Counted:
    """A group's events: how many, and the least and greatest of their ids."""

    __slots__ = ("count", "greatest", "least")

    def __init__(self, count: int, least: str, greatest: str) -> None:
        self.count = count
        self.least = least
        self.greatest = greatest


class Sketchbook:
    """Events counted by date, country and project, with the least and greatest id of each group."""

    def __init__(self) -> None:
        self.groups: dict[Group, _Counted] = {}
        self.derived: dict[str, Derived] = {}  # what each date derives to
        self.strings: dict[str, str] = {}  # (a group's date and names, shared with the other groups')

    def add(self, events: Iterable[Event]) -> None:
        """Count the events (their derived fields set)."""
        groups = self.groups
        for event in events:
            key = _GROUP(event)
            event_id = event.id
            found = groups.get(key)
            if found is None:
                self._new(key, _DERIVED(event), _Counted(1, event_id, event_id))
            elif event_id < found.least:
                found.least = event_id
                found.count += 1
            else:
                found.greatest = max(found.greatest, event_id)
                found.count += 1

    def _new(self, key: Group, derived: Derived, counted: _Counted) -> None:
        share = self.strings.setdefault
        day, country, project = key
        self.derived.setdefault(day, derived)
        self.groups[share(day, day), share(country, country), share(project, project) if project else None] = counted

    def pack(self) -> Packed:
        """The groups, to send to another process (see merge)."""
        values: dict[str | None, int] = {}
        code = values.setdefault
        codes = array("I")
        for day, country, project in self.groups:
            codes.extend(code(value, len(values)) for value in (day, *self.derived[day], country, project))
        counted = self.groups.values()
        return Packed(
            codes.tobytes(),
            list(values),
            array("I", (found.count for found in counted)).tobytes(),
            [found.least for found in counted],
            [found.greatest for found in counted],
        )

    def merge(self, packed: Packed) -> None:
        """Add the groups another process counted (pack)."""
        codes = memoryview(packed.codes).cast("I")
        counts = memoryview(packed.counts).cast("I")
        values = packed.values
        groups = self.groups
        for at, count, least, greatest in zip(
            range(0, len(codes), _WIDTH), counts, packed.least, packed.greatest, strict=True
        ):
            day, earliest, latest, precision, display, country, project = map(
                values.__getitem__, codes[at : at + _WIDTH]
            )
            key = (day or "", country or "", project)
            found = groups.get(key)
            if found is None:
                derived = (earliest, latest, precision, display)
                self._new(key, derived, _Counted(count, least, greatest))  # type: ignore[arg-type]
            else:
                found.count += count
                found.least = min(found.least, least)
                found.greatest = max(found.greatest, greatest)

    def events(self, reverse: bool = False) -> list[Event]:
        """A sketch for each event counted, in date order (model.in_date_order): each group's sketch first where its
        least id falls among the ids of the other groups of the same dates, last where its greatest does, and as many
        times as it has events."""
        sketches = []
        marks = []  # (earliest, latest, id, group, events): a group where it first and where it last appears
        for number, ((day, country, project), found) in enumerate(self.groups.items()):
            earliest, latest, precision, display = self.derived[day]
            sketches.append(
                Event(
                    id=found.least,
                    date=day,
                    earliest=earliest,
                    latest=latest,
                    precision=precision,
                    display=display,
                    title="",
                    country=country,
                    kind=UNKEPT_KIND,
                    status=UNKEPT_STATUS,
                    project=project,
                    sources=(),
                )
            )
            ends = earliest or "", latest or OPEN_END_ISO
            if found.count == 1:
                marks.append((*ends, found.least, number, 1))
            else:  # its first mark stands for all its events but the last
                marks += [(*ends, found.least, number, found.count - 1), (*ends, found.greatest, number, 1)]
        marks.sort()  # (ids are unique: no two marks are equal)
        drawn: list[Event] = []
        for *_, number, count in marks:
            drawn.extend(repeat(sketches[number], count))
        if reverse:
            drawn.reverse()
        return drawn


# A density chart does not read an event's kind or status: a counted sketch keeps neither, and says these.
UNKEPT_KIND: Kind = "precedent"
UNKEPT_STATUS: Status = "happened"
_WIDTH = 7  # codes a group: its date, the four fields the date derives to, its country and its project
