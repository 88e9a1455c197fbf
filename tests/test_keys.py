"""keys.py: a key given twice in one object is found by counting, exactly, whatever the text holds.

The texts here are written pair by pair (so that an object can give a key twice), with every kind of string JSON
allows (quotes, runs of backslashes, colons, escapes, "null"), keys written as escapes, white space before colons,
fields given, given as their default, or left out. The count must say "twice" exactly when some object does, which
Python's json module (which sees every pair) confirms.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import decimal
import enum
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, TypedDict

import msgspec
import pytest
from click.testing import Result
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import event as note
from hypothesis import strategies as st

from spacefilm.load import decode, keys
from spacefilm.load.read import builtin_path
from spacefilm.model import Claim, Dataset, Event, Project

Pairs = list[tuple[str, Any]]  # an object, as the pairs it is written with (a key may come twice)

TEXT = st.text(
    st.sampled_from(['"', "\\", ":", " ", "a", "é", "\n", "/"]) | st.characters(codec="utf-8"), max_size=8
) | st.sampled_from(["null", "https://example.org/a:b", '\\"', 'x\\\\"', "\\\\\\"])
FREE_TEXT = {"title", "summary", "notes", "claim", "by", "url", "publisher", "quote", "translation", "name"}
DATES = st.sampled_from(["2021", "2021-10", "2021-10-05", "2021-10-05/2021-10-17", "1984~"])


def optional(value: st.SearchStrategy[Any], default: Any) -> st.SearchStrategy[list[Any]]:
    """A field left out ([]), given as its default, or given."""
    return st.one_of(st.just([]), st.just([default]), value.map(lambda v: [v]))


@st.composite
def source(draw: st.DrawFn) -> Pairs:
    pairs: Pairs = [("title", draw(TEXT))]
    for name in ("url", "publisher", "quote", "translation"):
        pairs += [(name, v) for v in draw(optional(TEXT, None))]
    return pairs


@st.composite
def claim(draw: st.DrawFn) -> Pairs:
    kind = draw(st.sampled_from([[], ["first"], ["statement"]]))
    return [("claim", draw(TEXT)), ("by", draw(TEXT)), *(("kind", k) for k in kind)]


@st.composite
def event(draw: st.DrawFn, index: int, derived: bool) -> Pairs:
    pairs: Pairs = [
        ("id", f"e{index}"),
        ("date", draw(DATES)),
        ("title", draw(TEXT)),
        ("country", "us"),
        ("kind", "launch"),
        ("sources", draw(st.lists(source(), min_size=1, max_size=2))),
    ]
    options = {
        "summary": optional(TEXT, None),
        "notes": optional(TEXT, None),
        "project": optional(st.just("film"), None),
        "status": optional(st.just("planned"), "happened"),
        "people": optional(st.lists(TEXT, max_size=2), []),
        "organizations": optional(st.lists(TEXT, max_size=2), []),
        "claims": optional(st.lists(claim(), max_size=2), []),
    }
    if derived:
        options["earliest"] = optional(st.nothing(), None)  # (given as null, or not given)
    for name, values in options.items():
        pairs += [(name, v) for v in draw(values)]
    return draw(st.permutations(pairs))


@st.composite
def dataset(draw: st.DrawFn, derived: bool = True) -> tuple[Pairs | list[Pairs], Any]:
    """A dataset, and the type to read it into: an object with events and names, or a bare array of events."""
    events = [draw(event(i, derived)) for i in range(draw(st.integers(1, 3)))]
    plain = decode.PlainDataset | list[decode.PlainEvent]
    kind = (Dataset | list[Event]) if derived else plain
    if draw(st.booleans()):
        return events, kind
    country: Pairs = [("id", "us"), ("name", draw(TEXT))]
    country += [("aliases", v) for v in draw(optional(st.lists(TEXT, max_size=2), []))]
    country += [("predecessor", v) for v in draw(optional(st.just("us"), None))]
    top: Pairs = [("events", events)]
    top += [("countries", v) for v in draw(optional(st.just([country]), None))]
    top += [("projects", v) for v in draw(optional(st.just([[("id", "film"), ("title", "F")]]), None))]
    top += [("races", v) for v in draw(optional(st.just([[("id", "r"), ("title", "R"), ("projects", ["film"])]]), []))]
    return draw(st.permutations(top)), kind


def objects(value: Any) -> list[Pairs]:
    """Every object in a value, outermost first."""
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        return [value, *(o for _, v in value for o in objects(v))]
    if isinstance(value, list):
        return [o for item in value for o in objects(item)]
    return []


def without_nulls(value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        return [(key, without_nulls(v)) for key, v in value if v is not None]
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def write(value: Any, style: dict[str, Any]) -> str:
    """JSON text for a value whose objects are lists of pairs, in a style: ASCII or not, spaces, keys as escapes."""
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        members = [f"{key_text(k, style)}{style['colon']}{write(v, style)}" for k, v in value]
        return "{" + style["comma"].join(members) + "}"
    if isinstance(value, list):
        return "[" + style["comma"].join(write(item, style) for item in value) + "]"
    if isinstance(value, str) and style["unicode_escapes"]:  # every quote and backslash as \u0022 and \u005c
        escaped = (c if c.isalnum() or c in " :/" or ord(c) > 0xFFFF else f"\\u{ord(c):04x}" for c in value)
        return '"' + "".join(escaped) + '"'
    return json.dumps(value, ensure_ascii=style["ascii"])


def key_text(key: str, style: dict[str, Any]) -> str:
    if style["escaped"] and len(key) > 1:
        return '"' + f"\\u{ord(key[0]):04x}" + key[1:] + '"'
    return json.dumps(key)


STYLES = st.fixed_dictionaries(
    {
        "ascii": st.booleans(),
        "escaped": st.booleans(),
        "unicode_escapes": st.booleans(),
        "colon": st.sampled_from([":", ": ", " : ", "\n:\t"]),
        "comma": st.sampled_from([",", ", ", ",\n  "]),
    }
)


def twice_by_count(text: bytes, kind: Any, nulls: bool = True) -> bool | None:
    """What the count says; None when the types that take no null refuse a null the text gives."""
    counted = keys.counted(kind, nulls)
    before = keys.snapshot(counted)
    try:
        decoded = msgspec.json.decode(text, type=counted)
    except msgspec.ValidationError:
        assert not nulls and b"null" in text
        return None
    return keys.given_twice(keys.quotes(text, 0, len(text)), decoded, before)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), style=STYLES, derived=st.booleans(), repeat=st.booleans())
def test_the_count_says_twice_exactly_when_an_object_gives_a_key_twice(
    data: st.DataObject, style: dict[str, Any], derived: bool, repeat: bool
) -> None:
    value, kind = data.draw(dataset(derived))
    if repeat:  # one object gives one of its keys twice: first with a value of its own, then as before
        chosen = data.draw(st.sampled_from(objects(value)))
        key, second = data.draw(st.sampled_from(chosen))
        first = data.draw(TEXT) if key in FREE_TEXT and isinstance(second, str) else second
        chosen.insert(0, (key, first))
    text = write(value, style).encode()
    assert twice_by_count(text, kind) == repeat
    assert twice_by_count(text, kind, nulls=False) in (repeat, None)
    assert bool(decode._duplicate_keys(text, "data.json", lines=False)) == repeat
    # The same without its nulls, which the types that take none read (a pair given twice as null is gone too).
    plain = write(without_nulls(value), style).encode()
    assert twice_by_count(plain, kind, nulls=False) == bool(decode._duplicate_keys(plain, "data.json", lines=False))


def test_a_quote_after_a_run_of_backslashes_is_escaped_when_the_run_is_odd() -> None:
    for run in range(7):
        text = b'"' + b"\\" * run + b'"'
        assert keys._escaped_quotes(text, 0, len(text)) == run % 2
        assert keys.quotes(text, 0, len(text)) == 2 - run % 2


def test_counted_types_read_and_write_as_the_model_does() -> None:
    """Their objects are the model's (subclasses), written the same way; names come back as the model's own."""
    builtin_bytes = Path(builtin_path()).read_bytes()
    counted = msgspec.json.decode(builtin_bytes, type=keys.counted(Dataset))
    model = msgspec.json.decode(builtin_bytes, type=Dataset)
    assert isinstance(counted.events[0], Event) and type(counted.events[0]) is not Event
    assert msgspec.json.encode(counted.events) == msgspec.json.encode(model.events)
    assert msgspec.json.encode(keys.plain_names(counted)) == msgspec.json.encode(model)


def test_a_claim_is_written_as_it_was_given() -> None:
    claims = msgspec.json.decode(
        b'[{"claim": "a", "by": "b"}, {"claim": "c", "by": "d", "kind": "first"}]', type=list[Claim]
    )
    # (`disputed`, a list, is always written: a list that may be UNSET cannot be counted)
    written = b'[{"claim":"a","by":"b","disputed":[]},{"claim":"c","by":"d","kind":"first","disputed":[]}]'
    assert msgspec.json.encode(claims) == written
    assert [c.is_first for c in claims] == [True, True]


class Tint(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 2


# Every kind of value msgspec decodes into, each with values of it.
LEAVES: list[tuple[Any, st.SearchStrategy[Any]]] = [
    (str, TEXT),
    (int, st.integers(-(2**63), 2**63 - 1)),
    (float, st.floats(allow_nan=False, allow_infinity=False)),
    (bool, st.booleans()),
    (type(None), st.none()),
    (bytes, st.binary(max_size=6)),
    (bytearray, st.binary(max_size=6).map(bytearray)),
    (datetime.datetime, st.datetimes(timezones=st.just(datetime.UTC))),
    (datetime.date, st.dates()),
    (datetime.time, st.times()),
    (datetime.timedelta, st.timedeltas(max_value=datetime.timedelta(days=999))),
    (uuid.UUID, st.uuids()),
    (decimal.Decimal, st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**6, min_value=-1)),
    (Literal["a", "b"], st.sampled_from(["a", "b"])),
    (Literal[1, 2], st.sampled_from([1, 2])),
    (Tint, st.sampled_from(Tint)),
    (Size, st.sampled_from(Size)),
    (Any, st.recursive(st.none() | TEXT | st.integers(), lambda inner: st.lists(inner, max_size=2), max_leaves=4)),
]
HASHABLE = [(str, TEXT), (int, st.integers(0, 9)), (uuid.UUID, st.uuids())]
NAMES = iter(range(10**9))


@st.composite
def kinds(draw: st.DrawFn, depth: int = 0) -> tuple[Any, st.SearchStrategy[Any]]:
    """A type (any of msgspec's, nested up to 3 deep) and its values."""
    choices = ["leaf"] if depth >= 3 else ["leaf"] * 3 + ["list", "tuple", "pair", "set", "dict", "optional",
                                                           "union", "annotated", "struct", "dataclass",
                                                           "typeddict", "namedtuple"]
    choice = draw(st.sampled_from(choices))
    if choice == "leaf":
        return draw(st.sampled_from(LEAVES))
    if choice == "set":
        item, values = draw(st.sampled_from(HASHABLE))
        maker = draw(st.sampled_from([set, frozenset]))
        return maker[item], st.lists(values, max_size=3).map(maker)
    inner, values = draw(kinds(depth + 1))
    if choice == "list":
        return list[inner], st.lists(values, max_size=3)
    if choice == "tuple":
        return tuple[inner, ...], st.lists(values, max_size=3).map(tuple)
    if choice == "pair":
        other, more = draw(kinds(depth + 1))
        return tuple[inner, other], st.tuples(values, more)
    if choice == "dict":
        return dict[str, inner], st.dictionaries(TEXT, values, max_size=3)
    if choice == "optional":
        return inner | None, st.none() | values
    if choice == "union":
        return int | str, st.integers() | TEXT
    if choice == "annotated":
        return Annotated[inner, msgspec.Meta(description="x")], values
    return draw(classes(choice, depth))


@st.composite
def classes(draw: st.DrawFn, choice: str, depth: int) -> tuple[Any, st.SearchStrategy[Any]]:
    fields = [(f"f{i}", *draw(kinds(depth + 1))) for i in range(draw(st.integers(0, 3)))]
    name = f"Made{next(NAMES)}"
    drawn = [draw(values) if draw(st.booleans()) else msgspec.NODEFAULT for _, _, values in fields]  # (defaults)
    if choice == "struct":
        options = {
            "forbid_unknown_fields": draw(st.booleans()),
            "array_like": draw(st.booleans()),
            "tag": draw(st.sampled_from([None, True, 7])),
            "kw_only": True,
        }
        spec = [
            (n, t) if d is msgspec.NODEFAULT else (n, t, msgspec.field(default_factory=lambda d=d: copy.deepcopy(d)))
            for (n, t, _), d in zip(fields, drawn, strict=True)
        ]
        made: Any = msgspec.defstruct(name, spec, **options)
    elif choice == "dataclass":
        spec = [
            (n, t) if d is msgspec.NODEFAULT else (n, t, dataclasses.field(default_factory=lambda d=d: copy.copy(d)))
            for (n, t, _), d in zip(fields, drawn, strict=True)
        ]
        spec.sort(key=lambda f: len(f) == 3)  # (fields with defaults last)
        made = dataclasses.make_dataclass(name, spec)
    elif choice == "typeddict":
        made = TypedDict(name, {n: t for n, t, _ in fields}, total=False)  # type: ignore[operator]
        return made, st.fixed_dictionaries({}, optional={n: v for n, _, v in fields})
    else:
        ordered = sorted(zip(fields, drawn, strict=True), key=lambda f: f[1] is not msgspec.NODEFAULT)
        made = NamedTuple(name, [(n, t) for (n, t, _), _ in ordered])  # type: ignore[misc]
        made.__new__.__defaults__ = tuple(d for _, d in ordered if d is not msgspec.NODEFAULT) or None
        made._field_defaults = {n: d for (n, _, _), d in ordered if d is not msgspec.NODEFAULT}
        fields = [f for f, _ in ordered]
    return made, st.fixed_dictionaries({n: v for n, _, v in fields}).map(lambda kw: made(**kw))


def pairs_of(value: Any) -> Any:
    """A JSON value with its objects as lists of pairs (so that a pair can be given twice)."""
    if isinstance(value, dict):
        return [(k, pairs_of(v)) for k, v in value.items()] or {}
    if isinstance(value, list):
        return [pairs_of(v) for v in value]
    return value


def decoded_twice(text: bytes, kind: Any, nulls: bool) -> tuple[bool, bool] | None:
    """What the count says, with the text to read where the types cannot tell and without it; None when the counted
    type refuses the text (a required key left out, a null)."""
    counted = keys.counted(kind, nulls)
    before = keys.snapshot(counted)
    try:
        decoded = msgspec.json.decode(text, type=counted)
    except msgspec.ValidationError:
        return None
    quoted = keys.quotes(text, 0, len(text))
    with_text = keys.given_twice(quoted, decoded, before, text)
    return with_text, keys.given_twice(quoted, decoded, before)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), nulls=st.booleans())
def test_every_type_is_counted_and_the_count_agrees_with_every_pair(data: st.DataObject, nulls: bool) -> None:
    """Structs of every field type msgspec decodes into, nested: the count says "twice" exactly when Python's json
    module (which sees every pair) finds a key given twice; by counting alone, it never misses one. No type is
    refused (an int field raised TypeError)."""
    kind, values = data.draw(classes("struct", 0))
    text = msgspec.json.encode(data.draw(values))
    structure = pairs_of(json.loads(text))
    found = objects(structure)
    if found and data.draw(st.booleans()):
        chosen = data.draw(st.sampled_from(found))
        for _ in range(data.draw(st.integers(0, len(chosen) - 1))):  # (keys left out: their defaults fill in)
            chosen.pop(data.draw(st.integers(0, len(chosen) - 1)))
        if data.draw(st.booleans()):
            chosen.insert(0, data.draw(st.sampled_from(chosen)))  # a key given twice (its value the same)
        text = write(structure, PLAIN).encode()
    said = decoded_twice(text, kind, nulls)
    assume(said is not None)
    assert said is not None
    twice = bool(keys.pairs_given_twice(text, lines=False))
    assert said[0] == twice
    assert said[1] or not twice
    note("the count alone was exact" if said[1] == twice else "the types could not tell: the json module read it")


PLAIN = {"ascii": False, "escaped": False, "unicode_escapes": False, "colon": ":", "comma": ","}


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Dataset, b'{"events": []}', ["events"]),
        (Dataset, b'{"countries": null, "events": []}', ["events", "countries"]),  # a null is given
        (Dataset, b'{"races": [], "events": [], "projects": []}', ["events", "projects", "races"]),
        (Claim, b'{"claim": "c", "by": "b"}', ["claim", "by"]),
        (Claim, b'{"claim": "c", "by": "b", "kind": "first"}', ["claim", "by", "kind"]),
        (Project, b'{"id": "p", "title": "t"}', ["id", "title"]),
        (Project, b'{"id": "p", "title": "t", "country": "us"}', ["id", "title", "country"]),
    ],
)
def test_given_names_the_keys_an_object_gave(kind: Any, text: bytes, expected: list[str]) -> None:
    """(stream.py holds the keys of a document's own object from its first and last slices against each other.) Read
    by a type that takes nulls, and by one that takes none (where the text gives none)."""
    for nulls in [True] if b"null" in text else [True, False]:
        counted = keys.counted(kind, nulls)
        before = keys.snapshot(counted)
        assert keys.given(msgspec.json.decode(text, type=counted), before) == expected


class _Inner(msgspec.Struct):
    texts: list[str] = []


class _Twice(msgspec.Struct):
    first: list[_Inner]
    second: list[_Inner]


@pytest.mark.parametrize(
    "text", [b'{"first": [{"texts": ["x"]}], "second": [{}]}', b'{"first": [{}], "second": [{"texts": ["x"]}]}']
)
def test_a_type_at_two_places_is_counted_at_each(text: bytes) -> None:
    """A list left out at one place and given at the other: each place's counter says which (one counter for both
    would take the list given for one left out, and see a key given twice where there is none)."""
    assert twice_by_count(text, _Twice) is False
    assert twice_by_count(text.replace(b'["x"]}', b'["x"], "texts": []}'), _Twice) is True


@pytest.mark.parametrize("name", ["data.json", "data.jsonl"])
def test_a_bad_value_a_key_given_twice_hides_is_named_as_the_key_given_twice(
    run: Callable[..., Result], write_dataset: Callable[..., Path], name: str
) -> None:
    """The typed decoder refuses the hidden value, which an untyped read never sees: the key given twice is named
    (it was "invalid JSON Lines", or a type error at a path whose value is right)."""
    event = '{"id": "a", "date": "2021", "title": "t", "country": "us", "kind": "filmin", "kind": "launch", '
    event += '"sources": [{"title": "s"}]}'
    text = f'{{"events": [{event}]}}' if name == "data.json" else event + "\n"
    path = write_dataset(text, name=name)
    result = run("validate", str(path))
    where = f"{path}:1" if name == "data.jsonl" else str(path)
    expected = f"{where}: key 'kind' appears twice in one object (the object with id 'a'); only the last would count"
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, expected)



def test_an_annotated_any_in_a_union_is_counted_as_untyped() -> None:
    """Any is a class on Python 3.11+: Annotated[Any, ...] | None once went to isinstance(value, Any), a TypeError."""
    loose = keys.counter(Annotated[Any, msgspec.Meta(description="anything")] | None)
    for value in ([1, {"a": 1}], {"a": "b"}, "text", None):
        assert loose(value) == keys.counter(Any)(value)
