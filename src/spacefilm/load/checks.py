"""Validation: one list of rules, run over a whole dataset or a slice of events at a time.

A rule is one object (a subclass of Rule, registered by being defined): a gate, that tells at C speed whether any
event may break the rule (`gate`, on every batch of events Tally.add takes, or `gate_at_end`, once every event has
been tallied), and a walk that names each event and field that does (`walk`, run only when a gate opened). A rule
with no gate cannot be defined. Both paths, whole and streamed, gate with Tally, and tests/test_checks.py holds each
gate to its walk: the gated check finds exactly what walking every rule finds.

A problem found is a Problem (problems.py): the event, its field, what is wrong and how to fix it where we know.
A field whose value could not be read (problems.Unreadable, put there by decode.py) is never checked: its type's
problem says what is wrong with it, and every other field of the event is still checked.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice, pairwise
from operator import attrgetter, itemgetter, lt
from typing import ClassVar

import msgspec

from ..dates import DateError, derive, plain_day
from ..dates import check as check_date
from ..model import DERIVED_FIELDS, Country, Dataset, Derived, Event, Project
from ..problems import Problem, Step, Unreadable, did_you_mean, look_alike, name_key

# Gives problems their place in the file, and sorts them (locate.Locator); None: no file (the place is the index).
Locate = Callable[[Iterable[str]], list[str]]
# Fields that must hold more than white space (the JSON Schema says so too).
NOT_BLANK = ("id", "title", "country")
_ID, _DATE, _TITLE, _COUNTRY, _PROJECT = map(attrgetter, ("id", "date", "title", "country", "project"))
_DERIVED = tuple(map(attrgetter, DERIVED_FIELDS))
_GIVEN = attrgetter(*DERIVED_FIELDS)
# Ids given in order by a batch: the first and last of their keys (name_key), how many, and every key (a line each).
Run = tuple[str, str, int, str]
_SIZE = itemgetter(2)


class Finding(msgspec.Struct, frozen=True):
    """What a rule finds: the event (its place among the events checked), the field, what is wrong, the fix."""

    at: int  # the event's place among the events checked
    field: str
    message: str
    suggestion: str | None = None


class Facts(msgspec.Struct, frozen=True):
    """What the events are checked against."""

    dates: Mapping[str, Derived]  # what each good date derives to
    bad_dates: Mapping[str, tuple[str, str | None]]  # why each bad date is bad, and how to write it if we know
    countries: set[str] | None  # the ids declared (None: none declared)
    projects: set[str] | None
    declared: Dataset  # the names declared, for suggestions
    number: Callable[[int], int]  # an event's place in the file, from its index among the events checked


class Batch(msgspec.Struct, frozen=True):
    """A batch of events as Tally.add has seen it: what the gates look at."""

    events: Sequence[Event]
    ids: list[str]
    dates: set[str]
    countries: set[str]
    derived: bool  # whether the events' type has room for derived fields
    tally: Tally


# Every rule, in the order they were defined (which is the order of their problems within a field).
RULES: list[Rule] = []


class Rule:
    """A rule about events: its gates and its walk. Defining a subclass registers it (RULES)."""

    name: ClassVar[str]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if cls.gate is Rule.gate and cls.gate_at_end is Rule.gate_at_end:
            raise TypeError(f"the rule {cls.__name__} has no gate (gate or gate_at_end): it would never run")
        if cls.walk is Rule.walk:
            raise TypeError(f"the rule {cls.__name__} has no walk: it would find nothing")
        if any(rule.name == cls.name for rule in RULES):
            raise TypeError(f"two rules are named {cls.name!r}")
        RULES.append(cls())

    def gate(self, batch: Batch) -> bool:
        """Whether any event of the batch may break the rule (a few passes at C speed)."""
        return False

    def gate_at_end(self, tally: Tally, countries: set[str] | None, projects: set[str] | None) -> bool:
        """Whether the events tallied may break the rule, once all are tallied (with the ids declared)."""
        return False

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        """Each event and field that breaks the rule."""
        raise NotImplementedError  # pragma: no cover (a subclass without a walk cannot be defined)


class Blank(Rule):
    name = "blank"

    def gate(self, batch: Batch) -> bool:
        titles = map(_TITLE, batch.events)
        filled = all(map(str.strip, batch.ids)) and all(map(str.strip, titles))
        return not (filled and all(map(str.strip, batch.countries)))

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        for index, event in enumerate(events):
            for name in NOT_BLANK:
                if not getattr(event, name).strip():
                    yield Finding(index, name, "is empty")


class DeclaredCountry(Rule):
    name = "country"

    def gate_at_end(self, tally: Tally, countries: set[str] | None, projects: set[str] | None) -> bool:
        return countries is not None and not countries.issuperset(tally.countries)

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        if facts.countries is None or facts.declared.countries is None:
            return
        names = _names(facts.declared.countries, lambda c: (c.id, c.name, *c.aliases))
        for index, event in enumerate(events):
            if event.country not in facts.countries:
                fix = _fix(event.country, names, "declared countries")
                yield Finding(index, "country", f"{event.country!r} is not a declared country", fix)


class DeclaredProject(Rule):
    name = "project"

    def gate_at_end(self, tally: Tally, countries: set[str] | None, projects: set[str] | None) -> bool:
        return projects is not None and not projects.issuperset(tally.projects)

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        if facts.projects is None or facts.declared.projects is None:
            return
        names = _names(facts.declared.projects, lambda p: (p.id, p.title, p.original_title or ""))
        for index, event in enumerate(events):
            if event.project is not None and event.project not in facts.projects:
                fix = _fix(event.project, names, "declared projects")
                yield Finding(index, "project", f"{event.project!r} is not a declared project", fix)


class GoodDate(Rule):
    name = "date"

    def gate(self, batch: Batch) -> bool:
        return not batch.dates.isdisjoint(batch.tally.bad_dates)

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        for index, event in enumerate(events):
            bad = facts.bad_dates.get(event.date)
            if bad is not None:
                yield Finding(index, "date", *bad)


class Derivation(Rule):
    name = "derived"

    def gate(self, batch: Batch) -> bool:
        events = batch.events
        given = batch.derived and any(not {None}.issuperset(map(getter, events)) for getter in _DERIVED)
        return given and not all(map(batch.tally.agrees, events))

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        for index, event in enumerate(events):
            if event.date in facts.bad_dates:
                continue  # said once, by GoodDate
            derived = facts.dates[event.date]
            for name, given, value in zip(DERIVED_FIELDS, _GIVEN(event), derived, strict=True):
                if given is not None and given != value:
                    # (latest of an open end is null: said as JSON says it, not as Python's None)
                    written = repr(value) if value is not None else "null"
                    gives = written if value is not None else "null (it has no end)"
                    message = f"is {given!r} but the date {event.date!r} gives {gives}"
                    yield Finding(index, name, message, f"write {written}, or leave it out")


_OWN_ID = "give each event an id of its own"


class DistinctIds(Rule):
    """Each event's id its own, in any case: `show` takes an id in any case, and a shell user types it either way."""

    name = "ids"

    def gate_at_end(self, tally: Tally, countries: set[str] | None, projects: set[str] | None) -> bool:
        return not tally.unique

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        first: dict[str, tuple[int, str]] = {}
        for index, event in enumerate(events):
            if isinstance(event.id, Unreadable):
                continue
            seen = first.setdefault(name_key(event.id), (index, event.id))
            if seen[0] != index:
                other = f"event #{facts.number(seen[0])}"
                if seen[1] == event.id:
                    yield Finding(index, "id", f"{event.id!r} is also the id of {other}", _OWN_ID)
                else:
                    message = f"{event.id!r} and {seen[1]!r} ({other}) {look_alike(event.id, seen[1])}"
                    yield Finding(index, "id", message, f"`show` cannot tell them apart: {_OWN_ID}")


class NamesInOneCase(Rule):
    """Where a dataset declares no countries (or projects), the names its events use are its names: two that differ
    only in case (`UK`, `uk`) would be listed as two, and `--country UK` could select only one of them."""

    name = "names"

    def gate_at_end(self, tally: Tally, countries: set[str] | None, projects: set[str] | None) -> bool:
        return (countries is None and _twins(tally.countries)) or (projects is None and _twins(tally.projects))

    def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
        for field, declared in (("country", facts.countries), ("project", facts.projects)):
            if declared is not None:
                continue
            first: dict[str, tuple[int, str]] = {}
            said: set[str] = set()
            for index, event in enumerate(events):
                name = getattr(event, field)
                if name is None or isinstance(name, Unreadable) or name in said:
                    continue
                seen = first.setdefault(name_key(name), (index, name))
                if seen[1] != name:
                    said.add(name)
                    uses = sum(getattr(e, field) == name for e in events)
                    also = f" (and {uses - 1} more event{'s' if uses > 2 else ''})" if uses > 1 else ""
                    other = f"event #{facts.number(seen[0])}"
                    message = f"{name!r}{also} and {seen[1]!r} ({other}) {look_alike(name, seen[1])}"
                    yield Finding(index, field, message, f"write it {seen[1]!r}, as {other} does")


def _twins(names: set[str]) -> bool:
    return len({name_key(name) for name in names}) < len(names)


def _names(declared: Iterable[Country] | Iterable[Project], names: Callable[..., Iterable[str]]) -> dict[str, str]:
    """Every way a declared country or project is named (id, name, alias; by name_key), to the id to write."""
    found: dict[str, str] = {}
    for item in declared:
        for name in names(item):
            if name:
                found.setdefault(name_key(name), item.id)
    return found


def _fix(given: str, names: Mapping[str, str], what: str) -> str | None:
    """A name in data that is not a declared id: the id of what it names (an alias, a name, another case), or the
    closest ids."""
    same = names.get(name_key(given))
    if same is not None:
        return f"did you mean {same!r}? (data names the id; aliases and names are for the command line)"
    return did_you_mean(given, sorted(set(names.values())), what)


class Derivations(dict[str, Derived]):
    """What each good date derives to, worked out the first time it is asked for: most distinct dates of a big
    dataset are only checked (Tally.add), as a query keeps few of their events. Ask only for a good date."""

    def __missing__(self, text: str) -> Derived:
        derived = self[text] = derive(text)
        return derived


class Tally:
    """What a dataset's events use, gathered a batch of events at a time, and the rules whose gates opened.

    A few passes at C speed over each batch: the ids, by their name_key (two equal keys mean an id used twice, or
    two ids that differ only in case); each distinct date, checked once (`dates` derives a good one when asked); the
    countries and projects named (held against the declared ones by `opened`, once those are known); and the gates
    of the rules.

    Ids are distinct when each batch gives their keys in order (each after the one before) and the ranges of keys
    of the batches do not overlap: so a file whose ids ascend (a dump in the order of its ids) is held to account
    with no pass over its ids but one comparison of each with the next, and no set of a million keys. A batch out of
    order has its keys hashed into a set as it is tallied (two equal hashes: an id used twice, or, rarely, two hashes
    that collide); the keys of a batch in order are kept as one text, and hashed into the set at the end only if the
    ranges cannot tell.
    """

    def __init__(self, keyed: bool = True) -> None:
        self.count = 0
        self.keyed = keyed  # False: the keys are only given (another process holds them to account)
        self.keys: set[int] = set()
        self.runs: list[Run] = []  # each batch that gave its ids in order
        self.elsewhere = 0  # ids of events tallied elsewhere (add_keys, add_runs)
        self.dates = Derivations()
        self.bad_dates: dict[str, tuple[str, str | None]] = {}  # why each wrong date is wrong, and its fix
        self._seen: set[str] = set()  # the dates of both (a set's lookups are quicker than a dict's)
        self._days: set[str] = set()  # the plain days seen (YYYY-MM-DD), alone or as an end of an interval
        self.countries: set[str] = set()
        self.projects: set[str] = set()
        self.suspect: set[str] = set()  # the rules whose gate opened

    def add(self, events: Sequence[Event], derived: bool = True) -> array[int]:
        """Tally the events; the keys of the ids of a batch out of order, when not `keyed` (else none: see `runs`).
        `derived=False`: their type has no room for derived fields."""
        self.count += len(events)
        ids = list(map(_ID, events))
        joined = "\n".join(ids)
        if joined.isascii():
            lowered = joined.lower()
            names, joined = (ids, joined) if joined == lowered else (list(map(str.lower, ids)), lowered)
        else:
            names = list(map(name_key, ids))
            joined = "\n".join(names)
        keys = array("q")
        # (strictly in order: none given twice; and read back whole from `joined`, no id holding a line break)
        if all(map(lt, names, islice(names, 1, None))) and joined.count("\n") == len(names) - 1:
            if names:
                self.runs.append((names[0], names[-1], len(names), joined))
        elif self.keyed:
            self.keys.update(map(hash, names))
        else:
            keys = array("q", map(hash, names))
        dates = set(map(_DATE, events))
        new = dates - self._seen
        if new:
            self._seen |= new
            self._check_dates(new)
        countries = set(map(_COUNTRY, events))
        self.countries |= countries
        self.projects.update(project for project in set(map(_PROJECT, events)) if project is not None)
        batch = Batch(events, ids, dates, countries, derived, self)
        self.suspect.update(rule.name for rule in RULES if rule.name not in self.suspect and rule.gate(batch))
        return keys

    def _check_dates(self, new: set[str]) -> None:
        """Check dates not seen before. Plain days (YYYY-MM-DD), and intervals of two of them in order, are most of the
        distinct dates of a big dataset: they are told good as dates.check tells them, each day once."""
        days = self._days
        for text in new:
            size = len(text)
            if size == 10:
                if text in days or plain_day(text):  # (seen as an end of an interval)
                    days.add(text)
                    continue
            elif size == 21 and text[10] == "/":
                start, end = text[:10], text[11:]
                if start <= end and (start in days or plain_day(start)) and (end in days or plain_day(end)):
                    days.update((start, end))  # (plain days order as their texts do)
                    continue
            try:
                check_date(text)
            except DateError as error:
                self.bad_dates[text] = (error.message, error.suggestion)

    def agrees(self, event: Event) -> bool:
        """Whether the derived fields an event gives, if any, are what its date derives to (a bad date: no)."""
        if event.date in self.bad_dates:
            return False
        derived = self.dates[event.date]
        return all(given is None or given == value for given, value in zip(_GIVEN(event), derived, strict=True))

    def add_keys(self, keys: array[int]) -> None:
        """The keys of the ids of events tallied elsewhere, given out of order (by a Tally that is not `keyed`, in
        another process)."""
        self.keys.update(keys)
        self.elsewhere += len(keys)

    def add_runs(self, runs: list[Run]) -> None:
        """The runs of ids in order of events tallied elsewhere (its `runs`, once it has tallied them all)."""
        self.runs += runs
        self.elsewhere += sum(map(_SIZE, runs))

    @property
    def unique(self) -> bool:
        """Whether every id is distinct, case aside (False can also be a collision of hashes: check the ids)."""
        total = self.count + self.elsewhere
        runs = sorted(self.runs)
        if sum(map(_SIZE, runs)) == total and all(a[1] < b[0] for a, b in pairwise(runs)):
            return True  # every id in a run in order, and no two runs overlap
        for run in runs:  # (once: a batch out of order, or runs that overlap; the set tells)
            self.keys.update(map(hash, run[3].split("\n")))
        self.runs = []
        return len(self.keys) == total

    def opened(self, countries: set[str] | None, projects: set[str] | None) -> set[str]:
        """Every rule whose gate opened: on a batch, or now that every event is tallied and the ids declared are
        known."""
        return self.suspect | {rule.name for rule in RULES if rule.gate_at_end(self, countries, projects)}


def declared_ids(dataset: Dataset) -> tuple[set[str] | None, set[str] | None]:
    """The ids of the countries and of the projects the dataset declares (None where it declares none)."""
    countries = None if dataset.countries is None else {c.id for c in dataset.countries}
    projects = None if dataset.projects is None else {p.id for p in dataset.projects}
    return countries, projects


class Checked(msgspec.Struct, frozen=True):
    problems: list[str]  # Problems, in the order they are listed
    dates: dict[str, Derived]  # what each date of the dataset derives to
    countries: set[str]  # the countries and projects the events name
    projects: set[str]


def check(dataset: Dataset, origin: str, locate: Locate | None = None, walk_all: bool = False) -> Checked:
    """Every problem of a decoded dataset, located (`locate`) and in order, and what its events use.

    The gates run over all the events at C speed; the events are walked only for the rules whose gate opened
    (every rule with `walk_all`, which the tests use to hold the gates to account).
    """
    events = dataset.events
    countries, projects = declared_ids(dataset)
    problems: list[str] = list(_declared_problems(dataset, origin, countries, projects))
    tally = Tally()
    tally.add(events)
    opened = {rule.name for rule in RULES} if walk_all else tally.opened(countries, projects)
    if opened:
        numbers: Sequence[int] | None = getattr(locate, "numbers", None)
        facts = Facts(
            tally.dates,
            tally.bad_dates,
            countries,
            projects,
            dataset,
            (lambda index: index + 1) if numbers is None else numbers.__getitem__,
        )
        for rule in RULES:
            if rule.name in opened:
                problems += (
                    Problem(
                        origin,
                        found.message,
                        section="events",
                        at=found.at,
                        id=_id_of(events[found.at]),
                        path=(found.field,),
                        suggestion=found.suggestion,
                    )
                    for found in rule.walk(events, facts)
                    if not isinstance(getattr(events[found.at], found.field), Unreadable)
                )
    located = locate(problems) if locate is not None and problems else _in_order(problems)
    return Checked(located, tally.dates, tally.countries, tally.projects)


def _in_order(problems: list[str]) -> list[str]:
    from ..problems import ordered

    return ordered(problems)


def _id_of(event: Event | Country | Project) -> str | None:
    return None if isinstance(event.id, Unreadable) else event.id


def _declared_problems(
    dataset: Dataset, origin: str, countries: set[str] | None, projects: set[str] | None
) -> Iterator[Problem]:
    """Problems of the declared countries, projects and races."""

    def problem(section: str, number: int, id: str, path: tuple[Step, ...], message: str, fix: str | None) -> Problem:
        named = None if isinstance(id, Unreadable) else id
        return Problem(origin, message, section=section, number=number, id=named, path=path, suggestion=fix)

    if dataset.countries is not None:
        # (--country takes each: two countries of one name, or a name one that is another's alias, and it would
        # pick one of them without a word)
        by_country = [
            [(("id",), c.id), (("name",), c.name), *((("aliases", i), a) for i, a in enumerate(c.aliases))]
            for c in dataset.countries
        ]
        for number, names in enumerate(by_country, 1):
            for path, name in names:
                if not isinstance(name, Unreadable) and looks_empty(name):
                    country = dataset.countries[number - 1]
                    hints = {"id": "give it an id", "name": "name it"}  # (both required; an alias may go)
                    hint = hints.get(str(path[0]), "name it, or leave it out")
                    yield problem("countries", number, country.id, path, "is empty", hint)
        for number, path, message, first_path in _clashes(by_country, "country"):
            country = dataset.countries[number - 1]
            own = "give each country an id of its own" if path == first_path == ("id",) else None
            yield problem("countries", number, country.id, path, message, own or "a name may name one country only")
        declared = sorted(c.id for c in dataset.countries)
        predecessors = {c.id: c.predecessor for c in dataset.countries}
        for number, country in enumerate(dataset.countries, 1):
            for message, fix in _predecessor(country.id, predecessors, declared):
                yield problem("countries", number, country.id, ("predecessor",), message, fix)
    if dataset.projects is not None:
        for number, project in enumerate(dataset.projects, 1):
            named = (("id", project.id), ("title", project.title), ("original_title", project.original_title))
            for field, title in named:
                if title is not None and not isinstance(title, Unreadable) and looks_empty(title):
                    fix = "give it an id" if field == "id" else None
                    yield problem("projects", number, project.id, (field,), "is empty", fix)
        # (--project takes a title too: two projects of one title, and it would pick one of them without a word)
        given = [
            [
                (("id",), p.id),
                (("title",), p.title),
                *([(("original_title",), p.original_title)] if p.original_title else []),
            ]
            for p in dataset.projects
        ]
        for number, path, message, first_path in _clashes(given, "project"):
            if path == first_path == ("id",):
                fix = "give each project an id of its own"
            else:
                fix = "a title may name one project only: tell them apart"
            yield problem("projects", number, dataset.projects[number - 1].id, path, message, fix)
        country_names = _names(dataset.countries or [], lambda c: (c.id, c.name, *c.aliases))
        for number, project in enumerate(dataset.projects, 1):
            if countries is not None and project.country is not None and project.country not in countries:
                fix = _fix(project.country, country_names, "declared countries")
                message = f"{project.country!r} is not a declared country"
                yield problem("projects", number, project.id, ("country",), message, fix)
    race_ids = [[(("id",), r.id)] for r in dataset.races]
    for number, race in enumerate(dataset.races, 1):
        if not isinstance(race.id, Unreadable) and looks_empty(race.id):
            yield problem("races", number, race.id, ("id",), "is empty", "give it an id")
    for number, path, message, _ in _clashes(race_ids, "race"):
        yield problem("races", number, dataset.races[number - 1].id, path, message, "give each race an id of its own")
    project_names = _names(dataset.projects or [], lambda p: (p.id, p.title, p.original_title or ""))
    for number, race in enumerate(dataset.races, 1):
        listed: dict[str, int] = {}
        for at, project_id in enumerate(race.projects):
            where: tuple[Step, ...] = ("projects", at)
            if projects is not None and project_id not in projects:
                fix = _fix(project_id, project_names, "declared projects")
                yield problem("races", number, race.id, where, f"{project_id!r} is not a declared project", fix)
            earlier = listed.setdefault(name_key(project_id), at)
            if earlier != at:
                first = race.projects[earlier]
                twice = "is listed twice" if first == project_id else f"and {first!r} are one project"
                message = f"{project_id!r} {twice} (projects[{earlier}])"
                yield problem("races", number, race.id, where, message, "list each project of a race once")


_ROLES = {"id": "the id", "name": "the name", "aliases": "an alias", "title": "the title"}


def _clashes(
    names: Sequence[Sequence[tuple[tuple[Step, ...], str]]], noun: str
) -> Iterator[tuple[int, tuple[Step, ...], str, tuple[Step, ...]]]:
    """Names of different objects (the id, name and aliases of each, in order) that are the same in any case or form:
    each said where it is given again, naming the first and what it is there; an id given again, the first object of
    that id (an empty name is said on its own; an empty id is still held against the others)."""
    first: dict[str, list[tuple[int, str, tuple[Step, ...]]]] = {}  # the first object's names of each key
    ids: dict[str, tuple[int, str, tuple[Step, ...]]] = {}  # the first object's id of each key
    for number, own in enumerate(names, 1):
        for path, name in own:
            is_id = path == ("id",)
            if isinstance(name, Unreadable) or (looks_empty(name) and not is_id):
                continue
            key = name_key(name.strip())  # (as --country takes it)
            earlier_id = ids.setdefault(key, (number, name, path)) if is_id else None
            given = first.setdefault(key, [(number, name, path)])
            if earlier_id is not None and earlier_id[0] != number:
                seen = earlier_id  # (two objects of one id, whatever else names that key first)
            elif given[0][0] == number:
                if given[-1][2] != path:
                    given.append((number, name, path))  # (its own id and name, say, of one key)
                continue
            else:
                # (the same text, where it is; else the same but for the spaces around it)
                found = next((each for each in given if each[1] == name), None)
                seen = found or next((each for each in given if each[1].strip() == name.strip()), given[0])
            role = _ROLES.get(str(seen[2][0]), "the original title")
            if seen[1] == name:
                yield number, path, f"{name!r} is also {role} of {noun} #{seen[0]}", seen[2]
            else:
                other = f"({role} of {noun} #{seen[0]})"
                yield number, path, f"{name!r} and {seen[1]!r} {other} {_how_alike(name, seen[1])}", seen[2]


def looks_empty(name: str) -> bool:
    """Whether a name shows nothing: spaces, or characters a terminal shows as escapes only (render/output.py)."""
    if name.isascii():
        return not name.strip()
    from ..render.output import INERT

    return not re.sub(INERT, "", name).strip()


def _how_alike(a: str, b: str) -> str:
    """How two names of one key (once the spaces around them are set aside) differ."""
    inside_a, inside_b = a.strip(), b.strip()
    if inside_a == inside_b:
        return "differ only in the spaces around them"
    how = look_alike(inside_a, inside_b)
    return how if (inside_a, inside_b) == (a, b) else f"{how}, and in the spaces around them"


def _predecessor(
    country: str, predecessors: Mapping[str, str | None], declared: Sequence[str]
) -> Iterator[tuple[str, str | None]]:
    """A predecessor that is not a declared country, or that leads back to the country, however far back."""
    predecessor = predecessors[country]
    if predecessor is None or isinstance(predecessor, Unreadable):
        return
    if predecessor not in predecessors:
        yield f"{predecessor!r} is not a declared country", did_you_mean(predecessor, declared, "declared countries")
        return
    seen = {country}
    while predecessor is not None and predecessor not in seen:
        seen.add(predecessor)
        predecessor = predecessors.get(predecessor)
    if predecessor == country:
        yield f"leads back to {country!r}", "a country cannot be its own predecessor, however far back"
