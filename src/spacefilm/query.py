"""Queries: resolving the names people type, and filtering events. Returns plain data, never sentences."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, cached_property, lru_cache
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING

import msgspec

from .dates import OPEN_END_ISO, EventDate
from .model import DERIVED_FIELDS, KINDS, STATUSES, Catalog, Claim, ClaimRow, Derived, Event, Names, Source
from .render.rows import RowFormat, RowSpec

if TYPE_CHECKING:
    from .problems import Closest

_ID, _COUNTRY, _KIND, _STATUS, _PROJECT, _DATE = map(
    attrgetter, ("id", "country", "kind", "status", "project", "date")
)
_NO_SOURCE = (Source(title=""),)
# Each field's default, in order (a required field's: None, never used: `Keep.blank` gives those).
_DEFAULTS = [
    None if default is msgspec.NODEFAULT else default
    for default in (
        *(msgspec.NODEFAULT,) * (len(Event.__struct_fields__) - len(Event.__struct_defaults__)),
        *Event.__struct_defaults__,
    )
]


class UnknownName(LookupError):
    """A name that matches nothing; carries the close matches and the valid values."""

    def __init__(self, what: str, given: str, valid: Sequence[str]) -> None:
        self.what = what
        self.given = given
        self.valid = list(valid)
        from .problems import close_matches  # (the matcher `validate` suggests names in data with)

        self.suggestions = close_matches(given, self.valid)
        super().__init__(self.message())

    def message(self, list_valid: bool = True) -> str:
        text = f"unknown {self.what} {self.given!r}."
        if self.suggestions:
            text += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        if not list_valid:
            return text
        if not self.valid:
            return f"{text} There is no {self.what} to choose from."
        shown = self.valid if len(self.valid) <= 20 else [*self.valid[:20], "..."]
        return f"{text} Valid: {', '.join(shown)}"


def country_names(catalog: Names) -> dict[str, str]:
    """Every way to name a country (id, alias, name; lower case) mapped to its id."""
    names: dict[str, str] = {}
    for country in catalog.countries.values():
        for name in (country.name, *country.aliases, country.id):
            names[name.lower()] = country.id
    return names


def project_names(catalog: Names) -> dict[str, str]:
    names: dict[str, str] = {}
    for project in catalog.projects.values():
        for name in (project.title, project.original_title, project.id):
            if name:
                names[name.lower()] = project.id
    return names


def resolve(what: str, given: str, names: dict[str, str], valid: Sequence[str]) -> str:
    """The id that `given` names (case-insensitive), or UnknownName."""
    found = names.get(given.strip().lower())
    if found is None:
        raise UnknownName(what, given, valid)
    return found


def resolve_country(catalog: Names, given: str) -> str:
    return resolve("country", given, country_names(catalog), sorted(catalog.countries))


def resolve_project(catalog: Names, given: str) -> str:
    return resolve("project", given, project_names(catalog), sorted(catalog.projects))


def resolve_choice(what: str, given: str, valid: Sequence[str]) -> str:
    return resolve(what, given, {v: v for v in valid}, valid)


class Filters(msgspec.Struct, kw_only=True):
    """What `timeline` (and the commands that share its filters) keep. Empty means no filter."""

    since: EventDate | None = None
    until: EventDate | None = None
    countries: set[str] = set()
    kinds: set[str] = set()
    projects: set[str] = set()
    statuses: set[str] = set()
    search: tuple[str, ...] = ()  # words and "phrases" every event kept has, folded (see fold)
    # For each of those, the projects whose declared title or original title has it: their events have it too.
    titled: tuple[frozenset[str], ...] = ()
    # As typed (`show`): the event it names, in any case; until that is read, the events whose ids are suggested
    # for it, should it name none.
    near_id: str | None = None
    claiming: bool = False  # only events that claim a first (`firsts`)
    of_a_project: bool = False  # only events of a project
    # Beyond the filters above, an event passes one of these at least (`compare`: its projects' events, or a
    # precedent of its countries).
    either: tuple[Filters, ...] = ()
    # Count the events by this field (each person of `people` once an event), and keep none (`list`).
    counted: str | None = None
    # What a command reads of an event kept, beyond its id and dates (the other fields are left empty: memory that
    # does not grow with what is not shown); empty: every field.
    fields: tuple[str, ...] = ()


class Request(msgspec.Struct, frozen=True):
    """What a person asked for, names as typed: resolved against a dataset's names by `resolve_request`."""

    since: EventDate | None = None
    until: EventDate | None = None
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    search: tuple[str, ...] = ()  # as typed: each holds words and "quoted phrases"
    reverse: bool = False
    limit: int | None = None
    sketch_past: int | None = None  # past this many events kept, keep sketches (load/sketchbook.py; model.sketches)
    claiming: bool = False  # only events that claim a first (Filters.claiming)
    fields: tuple[str, ...] = ()  # what is shown of each event kept (Filters.fields)
    rows: RowFormat | None = None  # every event kept will be written in this format: rows made as read (rows.py)


class Query(msgspec.Struct, frozen=True):
    """A request resolved: the filters, in ids, and the order and number of events wanted."""

    filters: Filters
    reverse: bool = False
    limit: int | None = None
    sketch_past: int | None = None  # see Request
    rows: RowSpec | None = None  # with no limit nor sketch: what the reader keeps of each event instead of it


def resolve_request(names: Names, request: Request) -> Query:
    """The query a request means with these names; raises UnknownName for any name that matches nothing."""
    rows = None
    if request.rows is not None and request.limit is None and request.sketch_past is None:
        # (the names the rows show are those declared: those the events use would differ after the first slice)
        shown = request.rows in ("table", "markdown", "timelinejs") and names.declares_countries
        titled = request.rows == "timelinejs" and names.declares_projects
        rows = RowSpec(
            request.rows,
            tuple((c.id, c.name) for c in names.countries.values()) if shown else (),
            tuple((p.id, p.title) for p in names.projects.values()) if titled else (),
        )
    return Query(
        Filters(
            since=request.since,
            until=request.until,
            countries={resolve_country(names, c) for c in request.countries},
            kinds=resolve_fixed(request),
            projects={resolve_project(names, p) for p in request.projects},
            statuses={resolve_choice("status", s.lower(), STATUSES) for s in request.statuses},
            search=(terms := search_terms(request.search)),
            titled=titled_projects(names, terms),
            claiming=request.claiming,
            fields=() if rows else request.fields,  # (no event is kept: its row is)
        ),
        request.reverse,
        request.limit,
        request.sketch_past,
        rows,
    )


def resolve_fixed(request: Request) -> set[str]:
    """The kinds a request names, and a check of its statuses: words of the format, known before any data is read."""
    for status in request.statuses:
        resolve_choice("status", status.lower(), STATUSES)
    return {resolve_choice("kind", k.lower(), KINDS) for k in request.kinds}


_APOSTROPHES = "\u2018\u2019\u02bc"
# A word, or a phrase in quotes (straight, curly or guillemets); a quote left open runs to the end.
_QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb'
_TERM = f"[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]?|(\\S+)"
_CYRILLIC = "[\u0400-\u04ff]"


# A pattern compiled when first used: a command that does not search pays nothing for it at start-up.
_compiled = cache(re.compile)


class _Folding(dict[int, "int | str | None"]):
    """What `fold` does to each character after NFKD, looked up in Unicode's own data once a character: a mark
    (Mn, Me: accents, Arabic harakat, Hebrew points) or a format character (Cf: soft hyphen, zero-width space,
    bidirectional controls) is taken out; a typographic apostrophe is made straight; anything else stays."""

    def __missing__(self, code: int) -> int | str | None:
        import unicodedata

        char = chr(code)
        value: int | str | None = code
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            value = None
        elif char in _APOSTROPHES:
            value = "'"
        self[code] = value
        return value


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Text as --search compares it, in every script: compatibility forms decomposed (NFKD), case folded, marks and
    invisible format characters taken out, typographic apostrophes made straight."""
    if text.isascii():
        return text.casefold()
    import unicodedata  # (only text that is not ASCII needs it)

    text = unicodedata.normalize("NFKD", text).casefold()
    return text.translate(_FOLDING)


def search_terms(typed: Iterable[str]) -> tuple[str, ...]:
    """The words and phrases of --search options, folded, each once; a phrase's words joined by one space."""
    terms: dict[str, None] = {}  # (a set that keeps the order typed: 22,000 words are not compared pairwise)
    for text in typed:
        for phrase, word in _compiled(_TERM).findall(fold(text)):
            term = word or " ".join(phrase.split())
            if term:
                terms[term] = None
    return tuple(terms)


# Russian letters in Latin (BGN/PCGN, the common romanisation of names), with the spellings people also use. A
# folded word has lost the marks of yo and short i (they fold to ie and i), so ie also stands for yo (Korolev,
# Korolyov), and an i after i or yery may be a short i read as nothing (Yuri, Yuriy, Yurii). Ukrainian and
# Belarusian letters fold to these or are given.
_RUSSIAN_IN_LATIN = (  # the Russian alphabet's 32 letters in its order, U+0430 to U+044F
    *("a", "b", "v|w", "g|gh", "d", "e|ye|je|ie|yo|jo|io", "zh|j|z", "z", "i|y|j", "y|i|j|"),
    *("k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh|h|x|ch", "ts|c|tz", "ch|tch", "sh"),
    *("shch|sch|shh", "|'|\"|\u02ba", "y|i", "|'|\u02b9", "e", "yu|iu|ju", "ya|ia|ja"),
)
_LATIN = {chr(0x430 + index): latin for index, latin in enumerate(_RUSSIAN_IN_LATIN)} | {
    "\u0456": "i",  # Ukrainian and Belarusian i
    "\u0457": "yi|i",  # yi
    "\u0454": "ye|ie|e",  # ye
    "\u0491": "g",  # ghe with upturn
    "\u045e": "w|u",  # short u
}
_AFTER_SHORT_I = "\u0438\u044b"  # i and yery: an i after them may have been a short i


def latin_spellings(word: str) -> str:
    """A pattern for the Latin spellings of a folded word in Cyrillic (`королев`: korolev, korolyov, ...)."""
    parts = []
    for index, char in enumerate(word):
        latin = _LATIN.get(char)
        if latin is None:
            parts.append(re.escape(char))
            continue
        optional = char == "\u0438" and index > 0 and word[index - 1] in _AFTER_SHORT_I
        parts.append(f"(?:{latin}){'?' if optional else ''}")
    return "".join(parts)


def titled_projects(names: Names, terms: Sequence[str]) -> tuple[frozenset[str], ...]:
    """For each term, the projects whose title or original title has it.

    Resolved from the names like --project is, so a streamed file that declares its projects after its events
    answers as a whole load does; a project named by its id alone has no title to add (its id is in each event's
    search text: haystacks).
    """
    if not terms:
        return ()
    titles = {
        p.id: fold("\n".join(filter(None, (p.title, p.original_title))))
        for p in names.projects.values()
        if (p.title, p.original_title) != (p.id, None)
    }
    return tuple(frozenset(p for p, text in titles.items() if _found(term, text)) for term in terms)


def haystacks(events: Sequence[Event]) -> list[str]:
    """Everything of each event a reader would search, folded: its title, summary, notes, people, organisations,
    sources (title, publisher, quote, translation), claims (with their disputes and those sources) and project, a
    line each; built once an event, whatever the number of words. Made a batch at a time: each field a pass over the
    events, each event's parts joined at C speed, and the whole batch folded at once (then cut where it was joined:
    by a NUL, which no text holds, or else each folded alone)."""
    summaries, notes = [e.summary or "" for e in events], [e.notes or "" for e in events]
    base = map("\n".join, zip(map(_TITLE, events), summaries, notes, strict=True))
    people = [("\n" + "\n".join(e.people)) if e.people else "" for e in events]
    organizations = [("\n" + "\n".join(e.organizations)) if e.organizations else "" for e in events]
    sources = ["".join(map(_source_text, e.sources)) for e in events]
    claims = [_claims_text(e.claims) if e.claims else "" for e in events]
    projects = ["" if e.project is None else "\n" + e.project for e in events]
    texts = list(map("".join, zip(base, people, organizations, sources, claims, projects, strict=True)))
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:  # (none, or a text that holds a NUL)
        return list(map(fold, texts))
    return fold(joined).split("\0")


def _source_text(source: Source) -> str:
    return f"\n{source.title}\n{source.publisher or ''}\n{source.quote or ''}\n{source.translation or ''}"


def _claims_text(claims: Sequence[Claim]) -> str:
    parts = [""]
    for claim in claims:
        parts += (claim.claim, claim.by, claim.english or "")
        for dispute in claim.disputed:
            parts += (dispute.by, dispute.note)
            parts += (_source_text(source)[1:] for source in dispute.sources)
    return "\n".join(parts)


_TITLE = attrgetter("title")


def _found(term: str, text: str) -> bool:
    """A word is found anywhere (`film` in `filming`); a phrase's words in order, across any white space; a word in
    Cyrillic in its own letters or in Latin ones (`пересильд` finds Peresild)."""
    if " " not in term and _compiled(_CYRILLIC).search(term) is None:
        return term in text
    return _phrase(term).search(text) is not None


@lru_cache(maxsize=256)
def _phrase(term: str) -> re.Pattern[str]:
    words = []
    for word in term.split(" "):
        if _compiled(_CYRILLIC).search(word) is None:
            words.append(re.escape(word))
        else:
            words.append(f"(?:{re.escape(word)}|{latin_spellings(word)})")
    return re.compile(r"\s+".join(words))


def select(catalog: Catalog, query: Query) -> list[Event]:
    """The events that pass every filter, in date order (or reversed), at most `limit` of them.

    Only the events kept are given their derived fields and sorted, never a million a query does not keep.
    """
    ordered = catalog.ordered(Keep(query.filters, catalog.dates)(catalog.loaded))
    if query.reverse:
        ordered.reverse()
    return ordered if query.limit is None else ordered[: query.limit]


class Keep:
    """The events that pass every filter, in the order given; called on a whole catalog or a slice at a time.

    Dates are intervals: an event is kept when it can fall in the window, `latest >= since.earliest` and
    `earliest <= until.latest`, so `--until 2021` reaches Dec 31, 2021. Bounds are ISO dates, which order
    correctly as text. Each filter is one pass at C speed over what the last kept, the window decided once per
    distinct date (`dates` says what each derives to).
    """

    def __init__(self, filters: Filters, dates: Mapping[str, Derived]) -> None:
        self.filters = filters
        self.dates = dates
        self.low = filters.since.earliest.isoformat() if filters.since else ""
        self.high = filters.until.latest.isoformat() if filters.until else OPEN_END_ISO
        self.decided: set[str] = set()  # the dates seen, and those in the window
        self.inside: set[str] = set()
        self.terms = list(zip(filters.search, filters.titled, strict=True))
        self.counts: dict[str, int] = {}  # (filters.counted)
        self.named = False  # (filters.near_id) the event named has been read
        self.closest: Closest | None = None  # (filters.near_id) the ids closest to it in spelling, so far

    def __call__(self, events: list[Event]) -> list[Event]:
        filters = self.filters
        kept = self._passed(events)
        if filters.either:
            passed = {id(e) for keep in self.either for e in keep(kept)}
            kept = [e for e in kept if id(e) in passed]
        if filters.counted is not None:
            self._count(kept, filters.counted)
            return []
        if filters.fields:
            blank = self.blank
            kept = [msgspec.structs.replace(e, **blank) for e in kept]
        return kept

    def _in_window(self, text: str) -> bool:
        """Whether a date can fall in the window. Its first and last days are those dates.derive gives, read off the
        text for the forms most dates of a big dataset take (a plain day, month or year; an interval of two plain
        days): a date outside the window is then never derived (none of its events is kept). A plain month's last
        day is taken as its 31st, which orders after its real last day and before the next month."""
        size = len(text)
        if size == 10 and text[4] == "-" == text[7]:
            earliest = latest = text
        elif size == 21 and text[10] == "/":  # (of two plain days: no other good date has 21 characters so)
            earliest, latest = text[:10], text[11:]
        elif size == 7 and text[4] == "-":
            earliest, latest = f"{text}-01", f"{text}-31"
        elif size == 4:
            earliest, latest = f"{text}-01-01", f"{text}-12-31"
        else:
            earliest, end, *_ = self.dates[text]
            latest = end or OPEN_END_ISO
        return latest >= self.low and earliest <= self.high

    def _count(self, events: list[Event], field: str) -> None:
        if field == "people":
            values = Counter(person for event in events for person in set(event.people))
        else:
            values = Counter(map(attrgetter(field), events))
        counts = self.counts
        for value, count in values.items():
            if value is not None:
                counts[value] = counts.get(value, 0) + count

    @cached_property
    def either(self) -> list[Keep]:
        return [Keep(filters, self.dates) for filters in self.filters.either]

    @cached_property
    def blank(self) -> dict[str, object]:
        """The fields not wanted, as an event without them has them (the required ones: empty)."""
        wanted = {"id", "date", "kind", *DERIVED_FIELDS, *self.filters.fields}
        # (still an Event as its type says: the other process sends what it keeps, and it is checked on arrival)
        empty: dict[str, object] = {"title": "", "country": "", "sources": _NO_SOURCE}
        return {
            name: empty.get(name, default)
            for name, default in zip(Event.__struct_fields__, _DEFAULTS, strict=True)
            if name not in wanted
        }

    def _passed(self, events: list[Event]) -> list[Event]:
        filters = self.filters
        kept = events
        if filters.near_id is not None:
            kept = self._near(kept, filters.near_id)
        if filters.of_a_project:
            kept = list(compress(kept, map(_PROJECT, kept)))
        if filters.claiming:
            kept = [e for e in kept if e.claims and any(c.is_first for c in e.claims)]
        for wanted, field in (
            (filters.countries, _COUNTRY),
            (filters.kinds, _KIND),
            (filters.statuses, _STATUS),
            (filters.projects, _PROJECT),
        ):
            if wanted:
                kept = list(compress(kept, map(wanted.__contains__, map(field, kept))))
        if filters.since or filters.until:
            new = set(map(_DATE, kept)).difference(self.decided)
            if new:
                self.decided |= new
                self.inside.update(filter(self._in_window, new))
            kept = list(compress(kept, map(self.inside.__contains__, map(_DATE, kept))))
        if filters.search:
            kept = self._searched(kept)
        return kept

    def _near(self, events: list[Event], given: str) -> list[Event]:
        """The event `given` names; until this process has read it, those whose ids `close_matches` could suggest
        for it among every id of the dataset: the one of the same key; the closest in spelling (the best of those
        read so far, `Closest`: its best of all are among them); the earliest that hold it. Once the event is read
        no id is suggested: it is shown."""
        from .problems import name_key

        if self.named:  # (ids are unique: no other event is it)
            return []
        ids = list(map(_ID, events))
        lowered = list(map(str.lower, ids))
        folded = given.strip().lower()
        if given in ids or folded in lowered:  # (the event itself)
            self.named = True
            return [e for e, typed, low in zip(events, ids, lowered, strict=True) if typed == given or low == folded]
        keys = lowered if "".join(ids).isascii() else list(map(name_key, ids))  # (name_key: an ASCII name, lowered)
        by_key = dict(zip(keys, events, strict=True))
        key = name_key(given.strip())
        near = [by_key[key]] if key in by_key else []
        if self.closest is None:
            from .problems import Closest

            self.closest = Closest(key)
        near += [by_key[k] for k in self.closest.add(list(by_key))]
        if len(key) >= 3:
            dates = self.dates

            def order(e: Event) -> tuple[str, str, str]:
                earliest, latest, *_ = dates[e.date]
                return earliest, latest or OPEN_END_ISO, e.id

            if key in "\n".join(keys):  # (one search for the few ids that hold it, if any)
                near += sorted((e for k, e in by_key.items() if key in k), key=order)[:3]
        chosen = {id(e) for e in near}
        return [e for e in events if id(e) in chosen]

    def _searched(self, events: list[Event]) -> list[Event]:
        """The events that have every term (or whose project's title has it)."""
        kept = []
        terms = self.terms
        for event, text in zip(events, haystacks(events), strict=True):
            project = event.project
            if all(project in titled or _found(term, text) for term, titled in terms):
                kept.append(event)
        return kept


class Selection(msgspec.Struct, frozen=True):
    """What a query selects from a dataset: the events, with the dataset's names."""

    names: Names
    events: Sequence[Event]  # selected, in order, derived fields set (a chart's past 300: model.Counted)
    total: int  # events in the dataset
    counts: dict[str, int] = {}  # what a query that counts counted (Filters.counted)


def claims_of(events: Iterable[Event], reverse: bool = False, limit: int | None = None) -> list[ClaimRow]:
    """Every claim of a first made for the events (not a statement that claims none), in the events' (date) order
    or newest first, at most `limit` of them."""
    rows = [
        ClaimRow(
            c.claim,
            c.by,
            c.english,
            c.disputed,
            e.id,
            e.country,
            e.date,
            e.earliest,
            e.latest,
            e.display,
            e.status,
            e.sources,
        )
        for e in events
        for c in e.claims
        if c.is_first
    ]
    if reverse:
        rows.reverse()
    return rows if limit is None else rows[:limit]


def event_query(given: str) -> Query:
    """What `show` reads of a dataset: the event an id names, in any case (ids that differ only in case are refused
    in data), and, should it name none, the events whose ids are suggested for it (`missing_id`)."""
    return Query(Filters(near_id=given))


def event_named(events: Iterable[Event], given: str) -> Event | None:
    """Of these events, the one an id names: as typed, or else in any case (`event_query`)."""
    folded = given.strip().lower()
    return next((e for e in events if e.id == given), None) or next(
        (e for e in events if e.id.lower() == folded), None
    )


def missing_id(given: str, events: Sequence[Event]) -> UnknownName:
    """The error for an id that names none of the dataset's events: `events`, in date order, hold every id it could
    be suggested for (`event_query`)."""
    return UnknownName("event id", given, [e.id for e in events])


class Named(msgspec.Struct, frozen=True):
    """A name a dataset declares or uses, and how many events it has. `spacefilm list` shows these."""

    id: str
    name: str
    events: int
    aliases: tuple[str, ...] = ()  # other names the command line takes for it
    country: str | None = None  # a project's
    projects: tuple[str, ...] = ()  # a race's


# The field `list` counts the events of each name by.
_COUNTED = {"countries": "country", "projects": "project", "kinds": "kind", "races": "project"}


def names_query(what: str) -> Query:
    """What `list` reads of a dataset: the events of each name, counted as they are read (`names_of`)."""
    return Query(Filters(counted=_COUNTED.get(what, "people")))


def names_of(names: Names, counted: Mapping[str, int], what: str) -> list[Named]:
    """The countries, projects, kinds, races or people of a dataset, each with its count of events (`counted`: the
    events of each name, by the field `names_query` counts).

    Declared names come in the order declared (with none, by id); kinds in the format's order; people by name.
    """
    count = Counter(counted)
    if what == "countries":
        return [Named(c.id, c.name, count[c.id], tuple(c.aliases)) for c in names.countries.values()]
    if what == "projects":
        return [
            Named(p.id, p.title, count[p.id], (p.original_title,) if p.original_title else (), p.country)
            for p in names.projects.values()
        ]
    if what == "kinds":
        return [Named(kind, kind, count[kind]) for kind in KINDS]
    if what == "races":
        return [
            Named(r.id, r.title, sum(count[p] for p in set(r.projects)), projects=tuple(r.projects))
            for r in names.races
        ]
    return [Named(person, person, count[person]) for person in sorted(count, key=lambda p: (p.casefold(), p))]
