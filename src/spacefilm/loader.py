"""Load and validate a dataset (JSON object, bare JSON array, or JSON Lines), reporting every problem at once.

The fast path decodes straight into typed Structs with msgspec and checks the rest in a few passes at C speed.
Only when something fails is the work redone slowly (the file decoded untyped and each object checked field by
field, or the events walked one by one), so that every problem gets a line of its own.
"""

from __future__ import annotations

import gc
import mmap
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from operator import attrgetter
from typing import Any, NamedTuple, NoReturn

import msgspec

from .dates import DateError, derive
from .model import DERIVED_FIELDS, Catalog, Country, Dataset, Derived, Event, Project, Race

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Duplicate keys need a second, slower parse (msgspec keeps the last silently): done for files up to this size,
# some 25,000 events, which is every dataset written by hand; past it the check costs more than the query itself.
DUPLICATE_KEY_CHECK_LIMIT = 8 * 2**20
# Files this big are mapped into memory rather than copied into it: the decoder reads the page cache directly.
MAP_FROM = 64 * 2**20
_AT_BYTE = re.compile(r"\(byte (\d+)\)$")
_AT_PATH = re.compile(r"^(.*) - at \$(.*)$")
_NOT_SPACE = re.compile(rb"\S")
_TOP_TYPES: dict[str, Any] = {"countries": Country, "projects": Project, "races": Race}
Labeller = Callable[[int, Event], str]
_ID, _DATE, _TITLE, _COUNTRY, _PROJECT = map(attrgetter, ("id", "date", "title", "country", "project"))
_DERIVED = tuple(map(attrgetter, DERIVED_FIELDS))
_GIVEN = attrgetter(*DERIVED_FIELDS)
Buffer = bytes | mmap.mmap


class DataError(Exception):
    """A dataset that cannot be used: one line per problem, each naming the file and where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def builtin_path() -> str:
    """The built-in dataset: inside the installed package, or in the source checkout (editable install)."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "events.json")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "events.json")


def load(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and validate a dataset, or raise DataError listing every problem. (The catalog orders events lazily.)"""
    origin = os.fspath(path) if path else builtin_path()
    with collector_paused():
        return _load(origin)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Bulk loads create millions of objects that live until exit: the collector would only re-scan them."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc_was_enabled:
            gc.freeze()
            gc.enable()


def _load(origin: str) -> Catalog:
    try:
        data = read_data(origin)
        if _NOT_SPACE.search(data) is None:
            raise DataError([f"{origin}: is empty; a dataset is a JSON object with an `events` list"])
        lines = is_json_lines(data, origin)
        dataset, label = _decode_lines(data, origin) if lines else _decode(data, origin)
        problems = _duplicate_keys(bytes(data), origin, lines) if len(data) <= DUPLICATE_KEY_CHECK_LIMIT else []
        del data  # a big file's bytes need not outlive its checks
        checked = check(dataset, origin, label)
        if problems or checked.problems:
            raise DataError(problems + checked.problems)
        return Catalog(dataset, origin, checked.dates, checked.countries, checked.projects)
    except RecursionError:
        raise DataError([f"{origin}: is nested too deeply to read (more than about a thousand levels)"]) from None


def read_data(origin: str, access: int = mmap.ACCESS_READ, map_from: int | None = None) -> Buffer:
    """The file's bytes; a regular file of `map_from` bytes (default MAP_FROM) or more mapped, not copied (it must
    not shrink while it is being read).

    `access=mmap.ACCESS_COPY` maps it so that writes change only this process's view, never the file.
    """
    try:
        with open(origin, "rb") as file:
            status = os.fstat(file.fileno())
            # (An empty file cannot be mapped: it is read, and found empty.)
            data: Buffer | None = None
            if stat.S_ISREG(status.st_mode) and status.st_size >= max(1, MAP_FROM if map_from is None else map_from):
                with suppress(OSError):  # a file system that cannot map files (some network or virtual ones)
                    data = mmap.mmap(file.fileno(), 0, access=access)
            if data is None:
                data = file.read()
    except FileNotFoundError:
        raise DataError([f"{origin}: no such file"]) from None
    except IsADirectoryError:
        raise DataError([f"{origin}: is a directory, not a dataset file"]) from None
    except PermissionError:
        raise DataError([f"{origin}: permission denied"]) from None
    except OSError as error:
        raise DataError([f"{origin}: cannot be read ({error.strerror or error})"]) from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError([f"{origin}: is UTF-16; save it as UTF-8"])
    return data[3:] if data[:3] == b"\xef\xbb\xbf" else data


def _duplicate_keys(data: bytes, origin: str, lines: bool) -> list[str]:
    """A key given twice in one object, which a decoder would resolve silently by keeping the last."""
    import json

    found: list[str] = []
    where = origin

    def keep_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                owner = next((v for k, v in pairs if k == "id" and isinstance(v, str)), None)
                within = f" (the object with id {owner!r})" if owner is not None else ""
                found.append(f"{where}: key {key!r} appears twice in one object{within}; only the last would count")
            seen.add(key)
        return dict(pairs)

    if lines:
        for number, line in _nonblank_lines(data):
            where = f"{origin}:{number}"
            json.loads(line, object_pairs_hook=keep_pairs)
    else:
        json.loads(data, object_pairs_hook=keep_pairs)
    return found


def _line_col(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def _syntax_problem(error: Exception, buffer: Buffer, where: str) -> str:
    """A msgspec or UTF-8 decoding error as `where:line:col: message`."""
    data = bytes(buffer)
    if isinstance(error, UnicodeDecodeError):
        # msgspec's position is within the string it was reading; Python's decoder gives the file's.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as whole:
            error = whole
        return f"{where}:{_line_col(data, error.start)}: not valid UTF-8 (byte 0x{data[error.start]:02x})"
    message = str(error).removeprefix("JSON is malformed: ")
    if message == "Input data was truncated":
        return f"{where}:{_line_col(data, len(data.rstrip()))}: the JSON ends early (truncated)"
    match = _AT_BYTE.search(message)
    if match is None:
        return f"{where}: {message}"
    offset = int(match.group(1))
    if data[offset:].startswith((b"NaN", b"Infinity", b"-Infinity")):
        return f"{where}:{_line_col(data, offset)}: NaN and Infinity are not JSON (use null, or a string)"
    return f"{where}:{_line_col(data, offset)}: {message[: match.start()].strip()}"


def is_json_lines(data: Buffer, origin: str) -> bool:
    if os.path.splitext(origin)[1].lower() in JSONL_SUFFIXES:
        return True
    # A first line that is a whole JSON object, followed by more: one event a line. (No copy of a big buffer.)
    first = _NOT_SPACE.search(data)
    if first is None or data[first.start() : first.start() + 1] != b"{":
        return False
    newline = data.find(b"\n", first.start())
    if newline < 0 or _NOT_SPACE.search(data, newline) is None:
        return False
    try:
        msgspec.json.decode(data[first.start() : newline])
    except (msgspec.DecodeError, UnicodeDecodeError):
        return False
    return True


def _decode(data: Buffer, origin: str) -> tuple[Dataset, Labeller]:
    """The typed dataset (a JSON document) and how to name its events, or DataError with every problem."""
    try:
        decoded = msgspec.json.decode(data, type=Dataset | list[Event])
    except msgspec.ValidationError as error:
        _report_all(*_convert_dataset(_decode_untyped(data, origin), origin), origin, str(error))
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise DataError([_syntax_problem(error, data, origin)]) from None
    dataset = Dataset(events=decoded) if isinstance(decoded, list) else decoded
    return dataset, _numbered(origin, range(len(dataset.events)))


def _numbered(origin: str, positions: Sequence[int]) -> Labeller:
    return lambda index, event: f"{origin}: event #{positions[index] + 1} {event.id!r}"


def _on_line(origin: str, line_numbers: Sequence[int]) -> Labeller:
    return lambda index, event: f"{origin}:{line_numbers[index]}: event {event.id!r}"


def _on_counted_line(origin: str, data: Buffer) -> Labeller:
    """Names events by line, the lines counted only if a problem is found (blank lines make them differ)."""
    numbers: list[int] = []

    def label(index: int, event: Event) -> str:
        if not numbers:
            numbers.extend(number for number, _ in _nonblank_lines(bytes(data)))
        return f"{origin}:{numbers[index]}: event {event.id!r}"

    return label


def _report_all(dataset: Dataset, label: Labeller, problems: list[str], origin: str, fallback: str) -> NoReturn:
    """Type problems, then the checks a type cannot see on everything that did convert."""
    problems += check(dataset, origin, label).problems
    raise DataError(problems or [f"{origin}: {fallback}"])


def _decode_untyped(data: Buffer, origin: str) -> Any:
    try:
        return msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise DataError([_syntax_problem(error, data, origin)]) from None


def _decode_lines(buffer: Buffer, origin: str) -> tuple[Dataset, Labeller]:
    try:
        events = msgspec.json.Decoder(Event).decode_lines(buffer)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        pass
    else:
        return Dataset(events=events), _on_counted_line(origin, buffer)
    data = bytes(buffer)
    problems: list[str] = []
    events, converted_lines = [], []
    for number, line in _nonblank_lines(data):
        where = f"{origin}:{number}"
        try:
            obj = msgspec.json.decode(line)
        except (msgspec.DecodeError, UnicodeDecodeError) as error:
            problems.append(_syntax_problem(error, line, where).replace(f"{where}:1:", f"{where}:", 1))
            continue
        event, event_problems = _convert(obj, Event, f"{where}: {_label(obj, None)}")
        problems += event_problems
        if event is not None:
            events.append(event)
            converted_lines.append(number)
    _report_all(Dataset(events=events), _on_line(origin, converted_lines), problems, origin, "invalid JSON Lines")


def _nonblank_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Each line that holds something, with its number (from 1)."""
    return ((number, line) for number, line in enumerate(data.splitlines(), start=1) if line.strip())


def _label(obj: Any, index: int | None, kind: str = "event") -> str:
    position = "" if index is None else f" #{index + 1}"
    if isinstance(obj, dict) and isinstance(obj.get("id"), str):
        return f"{kind}{position} {obj['id']!r}"
    return f"{kind}{position}"


def _convert(obj: Any, struct: Any, label: str) -> tuple[Any, list[str]]:
    """Convert one object to `struct`, reporting each bad field on a line of its own."""
    if not isinstance(obj, dict):
        return None, [f"{label}: expected an object, got {_json_type(obj)}"]
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
    problems = [f"{label}: unknown field {key!r}" for key in obj if key not in fields]
    for name, field in fields.items():
        if name not in obj:
            if field.required:
                problems.append(f"{label}: {name}: missing (required)")
            continue
        try:
            msgspec.convert(obj[name], field.type)
        except msgspec.ValidationError as error:
            problems.append(f"{label}: {name}{_field_error(error, name)}")
    if problems:
        return None, problems
    return msgspec.convert(obj, struct), []


def _field_error(error: msgspec.ValidationError, name: str) -> str:
    text = str(error).replace("`", "")
    match = _AT_PATH.match(text)
    if match is None:
        if text == "Expected array of length >= 1":  # the one length bound of the types: sources
            text = f"needs at least one {name.removesuffix('s')}"
        return f": {text}"
    message, path = match.groups()
    return f"{path}: {message}"


def _json_type(obj: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(obj), "a number")


def _convert_dataset(obj: Any, origin: str) -> tuple[Dataset, Labeller, list[str]]:
    """What converts of an untyped dataset, how to name its events, and every type problem."""
    if isinstance(obj, list):
        obj = {"events": obj}
    if not isinstance(obj, dict):
        problem = f"expected a JSON object with an `events` list, or an array of events; got {_json_type(obj)}"
        raise DataError([f"{origin}: {problem}"])
    problems = [f"{origin}: unknown top-level field {key!r}" for key in obj if key not in Dataset.__struct_fields__]
    if "events" not in obj:
        problems.append(f"{origin}: missing the `events` list")
    converted: dict[str, list[Any] | None] = {}
    positions: list[int] = []
    for key, struct in (("events", Event), *_TOP_TYPES.items()):
        items = obj.get(key)
        if items is None:
            converted[key] = None
            continue
        if not isinstance(items, list):
            problems.append(f"{origin}: {key}: expected an array, got {_json_type(items)}")
            converted[key] = None
            continue
        good: list[Any] = []
        for index, item in enumerate(items):
            value, item_problems = _convert(item, struct, f"{origin}: {_label(item, index, key.rstrip('s'))}")
            problems += item_problems
            if value is not None:
                good.append(value)
                if key == "events":
                    positions.append(index)
        # A list with a bad entry cannot be trusted for references: check none rather than report false ones.
        converted[key] = good if len(good) == len(items) or key == "events" else None
    dataset = Dataset(
        events=converted["events"] or [],
        countries=converted["countries"],
        projects=converted["projects"],
        races=converted["races"] or [],
    )
    return dataset, _numbered(origin, positions), problems


class Checked(NamedTuple):
    problems: list[str]
    dates: dict[str, Derived]  # what each date of the dataset derives to
    countries: set[str]  # the countries and projects the events name
    projects: set[str]


class Tally:
    """What a dataset's events use, gathered a slice of events at a time, and whether any needs a closer look.

    A few passes at C speed over each slice: the ids, as hashes of their lower case (two equal keys mean an id used
    twice, two ids that differ only in case, or, rarely, two hashes that collide); each distinct date, derived once;
    the countries and projects named; and whether an id, title or country is blank, a date is wrong, or a derived
    field given is not what its date gives.
    """

    def __init__(self) -> None:
        self.count = 0
        self.keys: set[int] = set()
        self.dates: dict[str, Derived] = {}
        self.bad_dates: dict[str, str] = {}  # the reason each wrong date is wrong
        self.countries: set[str] = set()
        self.projects: set[str] = set()
        self.suspect = False

    def add(self, events: Sequence[Event], derived: bool = True) -> list[int]:
        """Tally the events, and give their ids' keys. `derived=False`: their type has no room for derived fields."""
        self.count += len(events)
        ids = list(map(_ID, events))
        joined = "\n".join(ids)
        keys = list(map(hash, ids if joined == joined.lower() else map(str.lower, ids)))
        self.keys.update(keys)
        for text in set(map(_DATE, events)).difference(self.dates, self.bad_dates):
            try:
                self.dates[text] = derive(text)
            except DateError as error:
                self.bad_dates[text] = str(error)
        countries = set(map(_COUNTRY, events))
        self.countries |= countries
        self.projects.update(project for project in set(map(_PROJECT, events)) if project is not None)
        given = derived and any(not {None}.issuperset(map(getter, events)) for getter in _DERIVED)
        self.suspect = (
            self.suspect
            or bool(self.bad_dates)
            or not all(map(str.strip, ids))
            or not all(map(str.strip, map(_TITLE, events)))
            or not all(map(str.strip, countries))
            or (given and not all(map(self._agrees, events)))
        )
        return keys

    def _agrees(self, event: Event) -> bool:
        """Whether the derived fields an event gives, if any, are what its date derives to."""
        derived = self.dates.get(event.date)
        return derived is not None and all(
            given is None or given == value for given, value in zip(_GIVEN(event), derived, strict=True)
        )

    @property
    def unique(self) -> bool:
        """Whether every id is distinct, case aside (False can also be a collision of hashes: check the ids)."""
        return len(self.keys) == self.count

    def declared(self, countries: set[str] | None, projects: set[str] | None) -> bool:
        """Whether the declared countries and projects (None: none declared) name every one the events use."""
        return (countries is None or countries.issuperset(self.countries)) and (
            projects is None or projects.issuperset(self.projects)
        )


def declared_ids(dataset: Dataset) -> tuple[set[str] | None, set[str] | None]:
    """The ids of the countries and of the projects the dataset declares (None where it declares none)."""
    countries = None if dataset.countries is None else {c.id for c in dataset.countries}
    projects = None if dataset.projects is None else {p.id for p in dataset.projects}
    return countries, projects


def check(dataset: Dataset, origin: str, label: Labeller) -> Checked:
    """Problems a type cannot see (dates, duplicate ids, references, derived fields), and what the events use.

    The common case runs as a few passes at C speed (Tally); only when a pass finds something are the events
    walked one by one to say which event and field.
    """
    events = dataset.events
    countries, projects = declared_ids(dataset)
    problems = list(_dataset_problems(dataset, origin, countries, projects))
    tally = Tally()
    tally.add(events)
    if not tally.unique:
        problems += _duplicates(origin, "event", map(_ID, events))
        problems += _case_twins(origin, set(map(_ID, events)))
    if tally.suspect or not tally.declared(countries, projects):
        dates: dict[str, Derived | str] = {**tally.dates, **tally.bad_dates}
        for index, event in enumerate(events):
            problems += _event_problems(event, label(index, event), countries, projects, dates[event.date])
    return Checked(problems, tally.dates, tally.countries, tally.projects)


def _dataset_problems(
    dataset: Dataset, origin: str, countries: set[str] | None, projects: set[str] | None
) -> Iterator[str]:
    """Problems of the declared countries, projects and races."""
    if dataset.countries is not None:
        yield from _duplicates(origin, "country", (c.id for c in dataset.countries))
        yield from _duplicates(
            origin, "country alias", (a.lower() for c in dataset.countries for a in {c.id, *c.aliases})
        )
    if dataset.projects is not None:
        yield from _duplicates(origin, "project", (p.id for p in dataset.projects))
        for project in dataset.projects:
            if countries is not None and project.country is not None and project.country not in countries:
                yield f"{origin}: project {project.id!r}: country: {project.country!r} is not a declared country"
    yield from _duplicates(origin, "race", (r.id for r in dataset.races))
    for race in dataset.races:
        for project_id in race.projects:
            if projects is not None and project_id not in projects:
                yield f"{origin}: race {race.id!r}: projects: {project_id!r} is not a declared project"


def _event_problems(
    event: Event, label: str, countries: set[str] | None, projects: set[str] | None, derived: Derived | str
) -> Iterator[str]:
    for name in ("id", "title", "country"):
        if not getattr(event, name).strip():
            yield f"{label}: {name}: is empty"
    if countries is not None and event.country not in countries:
        yield f"{label}: country: {event.country!r} is not a declared country"
    if projects is not None and event.project is not None and event.project not in projects:
        yield f"{label}: project: {event.project!r} is not a declared project"
    if isinstance(derived, str):
        yield f"{label}: date: {derived}"
        return
    for name, value in zip(DERIVED_FIELDS, derived, strict=True):
        given = getattr(event, name)
        if given is not None and given != value:
            yield f"{label}: {name}: is {given!r} but the date {event.date!r} gives {value!r}"


def _case_twins(origin: str, ids: Iterable[str]) -> Iterator[str]:
    """Ids that differ only in case: `show` and a shell would take one for the other."""
    by_lower: dict[str, list[str]] = {}
    for value in ids:
        by_lower.setdefault(value.lower(), []).append(value)
    for twins in by_lower.values():
        if len(twins) > 1:
            yield f"{origin}: event ids {', '.join(repr(t) for t in sorted(twins))} differ only in case"


def _duplicates(origin: str, kind: str, ids: Iterable[str]) -> Iterator[str]:
    for value, count in Counter(ids).items():
        if count > 1:
            yield f"{origin}: {kind} id {value!r} is used {count} times"
