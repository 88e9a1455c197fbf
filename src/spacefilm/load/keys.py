"""Keys given twice in one object: the one place they are found, at C speed in a file of any size.

A decoder that meets a key twice in one object keeps the last value, silently. Python's json module sees every
pair (`pairs_given_twice`), but reads a million events in some 13 s; so the files of users are decoded into
*counted* copies of the model's types (`counted`), and one sum over the text says whether any object gives a key
twice (`given_twice`).

Every `"` of a JSON text that is not escaped (after an odd run of backslashes) opens or closes a string, and each
string is a key or a value. What was decoded says how many keys and string values it read: its fields, less those a
counted type filled with a default because the key was not given (a counted type fills a default by calling a
counter, so `snapshot` knows how many) and those left UNSET; and its string values, less the strings (and the Nones
standing for strings, see `counted`) among the defaults filled. A key given twice brings its own two quotes, and
those of the value it hid, to the text only. So

    quotes(text) / 2 - keys read - strings read

is zero when no object gives a key twice, and at least the number of keys given twice otherwise: exact both ways.

What a value of each type was read from is one rule in one table (_SCALARS, _ORIGINS, _CLASSES), for every type
msgspec decodes into. A few types cannot tell: a Decimal is read from a string or a number; a set drops an item
given twice; a dataclass, or a Struct that is not counted, does not say which of its defaults were given; a Struct
that takes unknown fields drops them. Their values count as "at most so many more", and when the sum falls within
that, Python's json module decides. A type no rule knows counts the same way, so no type is ever refused.
"""

from __future__ import annotations

import datetime
import enum
import math
import operator
import sys
import types
import typing
from collections.abc import Callable, Iterator
from functools import cache, reduce
from itertools import chain, repeat
from operator import attrgetter
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec

from ..model import Country, Dataset, Project

Count = tuple[int, int, float]  # keys, strings, and how many more of either the value may have been read from
_NOTHING: Count = (0, 0, 0.0)
_UNKNOWN: Count = (0, 0, math.inf)
Counter = Callable[[Any], Count]


class _Counters(msgspec.Struct, frozen=True):
    """The counters of a type made by `counted`: one a field with a default, counting down from sys.maxsize as it
    fills one in; and for each, the keys and the strings _read counts in the default it fills in."""

    every: list[repeat[Any]]
    keys: list[int]
    strings: list[int]


_COUNTERS: dict[Any, _Counters] = {}  # each type `counted` made: its counters
_ORIGINAL: dict[type, type] = {}  # each counted Struct type: the type it counts
# Each counted Struct type's fields that a counter fills in: the counter's index (in its _Counters.every).
_FIELD_COUNTERS: dict[type, dict[str, int]] = {}
_UNSET_ONLY = (msgspec.UnsetType, type(None))
_fields = cache(msgspec.structs.fields)  # (each call reads the type's annotations again: some 0.1 ms)


class Counts(msgspec.Struct, frozen=True):
    counted: Any  # the type `counted` made
    defaults: int  # keys counted in the defaults filled in
    in_text: int  # strings counted in them
    left: list[int]  # each counter's calls left


def snapshot(tp: Any) -> Counts:
    """How many defaults a type made by `counted` (and the types in it) has filled in so far, in this process."""
    counters = _COUNTERS[tp]
    left = list(map(operator.length_hint, counters.every))
    filled = [sys.maxsize - n for n in left]
    keys = sum(map(operator.mul, filled, counters.keys))
    return Counts(tp, keys, sum(map(operator.mul, filled, counters.strings)), left)


@cache
def counted(tp: Any, nulls: bool = True) -> Any:
    """`tp` with each Struct type in it replaced by a subclass that counts the defaults it fills in.

    Each place a Struct type holds in `tp` gets a subclass of its own, so that a counter counts the objects of one
    place only (given_twice compares a counter with the objects at its place).

    `nulls=False`: a field whose default is None takes no null (it is given, or left out), so that counting needs no
    look at its values; a text that gives a null is left to a type that takes them (the reader reads a slice with
    one such type first, then with the other).

    A counted type decodes as its original does, and its objects are instances of the original, written the same
    way; except that a default made by a call cannot be left out when written (`omit_defaults`), so a counted type
    writes every field: `plain_names` gives back the model's own countries and projects, whose empty fields are
    left out.
    """
    counters = _Counters([], [], [])
    made = _counted(tp, nulls, counters)
    _COUNTERS[made] = counters
    return made


def _counted(tp: Any, nulls: bool, counters: _Counters) -> Any:
    """`tp`, each Struct type in it counted, wherever a list, set, tuple, dict, union or Annotated holds it (a Struct
    in a dataclass, a TypedDict or a NamedTuple is not: it counts as one that cannot tell its defaults)."""
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _counted_struct(tp, nulls, counters)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        return Annotated[(_counted(args[0], nulls, counters), *tp.__metadata__)]
    inner = tuple(arg if arg is Ellipsis else _counted(arg, nulls, counters) for arg in args)
    if origin in (Union, types.UnionType):
        return reduce(operator.or_, inner)
    if origin in (list, set, frozenset, tuple, dict):
        return origin[inner]
    return tp


def _counted_struct(struct: type[msgspec.Struct], nulls: bool, counters: _Counters) -> type[msgspec.Struct]:
    if struct.__struct_config__.array_like:
        return struct  # (read from arrays: no keys to count; its defaults are `_struct`'s to doubt)
    fields: list[tuple[Any, ...]] = []
    field_counters: dict[str, int] = {}
    changed = False
    for field in _fields(struct):
        kind = _counted(field.type, nulls, counters)
        if not nulls and field.default is None and _may_be_none(kind) and len(_options(kind)) > 1:
            kind = reduce(operator.or_, (t for t in _options(kind) if t is not type(None)))
        changed |= kind != field.type
        if field.required:
            fields.append((field.name, kind))
        elif field.default is msgspec.UNSET:
            fields.append((field.name, kind, msgspec.UNSET))  # (an UNSET field was not given: nothing to count)
        else:
            made = _counter(field, counters, _counts_of_default(field, kind))
            fields.append((field.name, kind, msgspec.field(default_factory=made)))
            field_counters[field.name] = len(counters.every) - 1
            changed = True
    if not changed:
        return struct
    name = f"Counted{struct.__name__}"
    made_type = msgspec.defstruct(name, fields, bases=(struct,), kw_only=True, omit_defaults=False)
    _ORIGINAL[made_type] = struct
    _FIELD_COUNTERS[made_type] = field_counters
    return made_type


def _counts_of_default(field: msgspec.structs.FieldInfo, kind: Any) -> tuple[int, int]:
    """The keys and strings _read counts for a default filled in: its key and what its value holds; a text field
    counted as given by every object (see _plan) counts a string whatever its default (None stands for one)."""
    default = field.default_factory() if field.default_factory is not msgspec.NODEFAULT else field.default
    what = _kind(kind)[0]
    if what == "text" and not _may_be_none(kind):
        return 1, 1
    if default is None:  # (in a field that takes no null: None stands for a value not given)
        return 1, 0
    keys, strings, _ = counter(kind)(default)
    return 1 + keys, strings


def _counter(field: msgspec.structs.FieldInfo, counters: _Counters, counts: tuple[int, int]) -> Any:
    """A callable, at C speed, that gives the field's default and counts each call."""
    if field.default_factory is not msgspec.NODEFAULT:
        calls = repeat(field.default_factory, sys.maxsize)
        make = map(operator.call, calls).__next__  # (a new list each time, as the factory makes)
    else:
        calls = repeat(field.default, sys.maxsize)
        make = calls.__next__
    counters.every.append(calls)
    counters.keys.append(counts[0])
    counters.strings.append(counts[1])
    return make


def quotes(text: bytes | bytearray, start: int, end: int) -> int:
    """How many `"` of text[start:end] are not escaped: each opens or closes a string."""
    found = text.count(b'"', start, end)
    if text.find(b"\\", start, end) >= 0:
        found -= _escaped_quotes(text, start, end)
    return found


def given_twice(quoted: int, decoded: Any, before: Counts, text: bytes | memoryview | None = None) -> bool:
    """Whether some object may give a key twice in a text of which `quoted` counts the quotes, read into `decoded`
    by counted types after `before` was taken (`snapshot`). False is exact: no object does. Where the types cannot tell
    (see the module's doc), Python's json module reads `text` (without it: True)."""
    now = snapshot(before.counted)
    filled = list(map(operator.sub, before.left, now.left))  # the defaults each counter filled in
    items = decoded if isinstance(decoded, list) else [decoded]
    if items and isinstance(items[0], msgspec.Struct) and _plannable(type(items[0])):
        keys, strings, doubt = _read(items, type(items[0]), filled)
    elif isinstance(decoded, list) and not decoded:
        keys, strings, doubt = 0, 0, 0  # (no event in the slice: no key or string was read)
    else:
        keys, strings, doubt = counter(before.counted)(decoded)
    more = quoted - 2 * (keys - (now.defaults - before.defaults) + strings - (now.in_text - before.in_text))
    if more == 0:
        return False
    if 0 < more <= 2 * doubt and text is not None:  # (the types cannot tell: Python's json module decides)
        return bool(pairs_given_twice(text, True))
    return True


def given(item: msgspec.Struct, before: Counts) -> list[str]:
    """The fields an object read by a counted type (the only object of its type in the text, read after `before`
    was taken) was given in the text, not filled in by default."""
    now = snapshot(before.counted)
    counters = _FIELD_COUNTERS.get(type(item), {})
    return [
        name
        for name in item.__struct_fields__
        if (
            before.left[counters[name]] == now.left[counters[name]]
            if name in counters
            else getattr(item, name) is not msgspec.UNSET
        )
    ]


class Twice(msgspec.Struct, frozen=True):
    """A key given twice in one object, as Python's json module sees it."""

    line: int | None  # the line its top-level value starts on (a sequence); None in a document
    key: str
    owner: str | None  # the id of the object that gives it, or of the nearest one around it that has an id
    inside: bool  # given by an object inside the owner, not by the owner itself


def pairs_given_twice(data: bytes | memoryview, lines: bool) -> list[Twice]:
    """Each key given twice in one object, which a decoder would resolve silently by keeping the last: every pair of
    the text, read by Python's json module (some ten times slower than msgspec: only once the count has said a key
    may be given twice). `lines`: a sequence of values (JSON Lines, objects one after another), each on its line."""
    import json

    found: list[Twice] = []
    line: int | None = None
    waiting: list[tuple[int | None, str]] = []  # in objects with no id (a source), until one around them has one

    def keep_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        kept = dict(pairs)
        owner = next((value for key, value in pairs if key == "id" and isinstance(value, str)), None)
        if owner is not None:
            found.extend(Twice(place, key, owner, True) for place, key in waiting)
            waiting.clear()
        if len(kept) < len(pairs):
            twice = [key for key, count in _counted_keys(pairs) if count > 1]
            if owner is None:
                waiting.extend((line, key) for key in twice)
            else:
                found.extend(Twice(line, key, owner, False) for key in twice)
        return kept

    decoder = json.JSONDecoder(object_pairs_hook=keep_pairs, parse_int=str)  # (a number of any length: no value read)
    text = bytes(data).decode("utf-8")  # (msgspec decoded it: it is valid UTF-8)
    if not lines:
        decoder.decode(text)
    else:
        number, at = 1, 0
        while (start := _after_space(text, at)) < len(text):
            number += text.count("\n", at, start)
            line = number
            _, at = decoder.raw_decode(text, start)
            number += text.count("\n", start, at)
    return found + [Twice(place, key, None, False) for place, key in waiting]


def _counted_keys(pairs: list[tuple[str, Any]]) -> Iterator[tuple[str, int]]:
    from collections import Counter

    return iter(Counter(key for key, _ in pairs).items())


def _after_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    return at


def _escaped_quotes(text: bytes | bytearray, start: int, end: int) -> int:
    """How many `"` follow an odd run of backslashes: one after a run of r is counted r times, alternately + and -."""
    total, sign, run = 0, 1, b'\\"'
    while found := text.count(run, start, end):
        total += sign * found
        sign, run = -sign, b"\\" + run
    return total


# The fast path, for the model's own types: counted Structs whose fields hold text, lists of text, lists of such
# Structs; any other field is counted by its rule (`counter`).


def _read(items: list[Any], struct: type[msgspec.Struct], filled: list[int]) -> Count:
    """The fields (not UNSET) and the string values of `items`, all of type `struct`, and of the objects in them.

    `items` are every object of their counted type read since `filled` began: a list field whose counter filled
    in its empty default for each of them holds nothing to count.
    """
    fixed_keys, fixed_strings, looked_at = _plan(struct)
    count = len(items)
    keys, strings, doubt = fixed_keys * count, fixed_strings * count, 0.0
    for look in looked_at:
        if look.what == "text":  # (one that may be None or UNSET: others are fixed)
            texts = list(map(look.get, items))
            given = count - texts.count(msgspec.UNSET) if look.unset else count
            keys += given
            strings += given - texts.count(None) if look.none else given
            continue
        if look.what == "value":
            for value in map(look.get, items):
                if value is not msgspec.UNSET:
                    more = look.inner(value)
                    keys, strings, doubt = keys + 1 + more[0], strings + more[1], doubt + more[2]
            continue
        keys += count  # (a list is never UNSET: see _plan)
        if look.empty_default is not None and filled[look.empty_default] == count:
            continue  # left out by every object
        values: Iterator[Any] = map(look.get, items)
        if look.none:
            values = filter(None, values)
        if look.what == "texts":
            strings += sum(map(len, values))
            continue
        inner_keys, inner_strings, inner_looks = _plan(look.inner)  # "structs"
        if inner_looks:
            nested = list(chain.from_iterable(values))
            if nested:
                more = _read(nested, look.inner, filled)
                keys, strings, doubt = keys + more[0], strings + more[1], doubt + more[2]
        else:  # (objects whose counts are fixed: how many there are is enough)
            objects = sum(map(len, values))
            keys, strings = keys + inner_keys * objects, strings + inner_strings * objects
    return keys, strings, doubt


class _Look(msgspec.Struct, frozen=True):
    """A field whose values tell how many keys and strings it holds."""

    get: Callable[[Any], Any]
    what: str  # "text" (a string, or None), "texts" (strings), "structs" (of `inner`), "value" (`inner` counts it)
    inner: Any
    unset: bool  # may be UNSET (not given)
    none: bool  # may be None (given as null, or filled in)
    empty_default: int | None  # a list's: the counter that fills in its empty default (_FIELD_COUNTERS)


def _plannable(struct: type) -> bool:
    """A Struct whose objects say which of their keys were given: counted, or with no default, read from objects,
    keys unknown to it refused, no tag."""
    config = struct.__struct_config__  # type: ignore[attr-defined]
    return (
        not config.array_like
        and config.forbid_unknown_fields
        and config.tag_field is None
        and (struct in _ORIGINAL or all(f.required or f.default is msgspec.UNSET for f in _fields(struct)))
    )


@cache
def _plan(struct: type[msgspec.Struct]) -> tuple[int, int, list[_Look]]:
    """How to count a struct's keys and strings: those every object has, and the fields whose values tell."""
    fixed_keys = fixed_strings = 0
    looked_at = []
    original = _fields(_ORIGINAL.get(struct, struct))
    defaults = {f.name: f.default for f in original}
    empty = {f.name for f in original if f.default_factory in (list, tuple) or f.default in ((), [])}
    counters = _FIELD_COUNTERS.get(struct, {})
    for field in _fields(struct):
        what, inner = _kind(field.type)
        if what == "nothing":
            continue  # (a field that can only be UNSET: never given)
        unset, takes_null = defaults[field.name] is msgspec.UNSET, _may_be_none(field.type)
        if what in ("texts", "structs") and unset:
            what, inner = "value", counter(field.type)
        if what == "text" and not (unset or takes_null):
            fixed_keys, fixed_strings = fixed_keys + 1, fixed_strings + 1  # (given, or a default counted)
        else:
            none = takes_null or defaults[field.name] is None
            empty_default = counters.get(field.name) if field.name in empty else None
            looked_at.append(_Look(attrgetter(field.name), what, inner, unset, none, empty_default))
    return fixed_keys, fixed_strings, looked_at


def _options(tp: Any) -> tuple[Any, ...]:
    """The types a field's type allows: those of a union, or itself (without its Annotated metadata)."""
    if get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return get_args(tp) if get_origin(tp) in (Union, types.UnionType) else (tp,)


def _may_be_none(tp: Any) -> bool:
    return type(None) in _options(tp)


def _kind(tp: Any) -> tuple[str, Any]:
    """How _read counts a field: "text" (a string, or None), "texts" (strings), "structs" (of `inner`, a Struct
    whose objects say which keys they were given), "nothing" (only ever UNSET); or "value", by its rule (`inner`)."""
    options = [t for t in _options(tp) if t not in _UNSET_ONLY]
    if not options:  # (null, or not given)
        return ("text", None) if _may_be_none(tp) else ("nothing", None)
    kinds = {_one_kind(t) for t in options}
    if len(kinds) == 1 and next(iter(kinds))[0] != "value":
        return kinds.pop()
    return "value", counter(tp)  # (by its rule, null and UNSET included)


def _one_kind(tp: Any) -> tuple[str, Any]:
    if tp is str or (get_origin(tp) is Literal and all(isinstance(a, str) for a in get_args(tp))):
        return "text", None
    if get_origin(tp) in (list, tuple) and (len(get_args(tp)) == 1 or get_args(tp)[1:] == (Ellipsis,)):
        item = get_args(tp)[0]
        if item is str:
            return "texts", None
        if isinstance(item, type) and issubclass(item, msgspec.Struct) and _plannable(item):
            return "structs", item
    return "value", None


# Every type msgspec decodes into: what a value of it was read from, by one rule each.


@cache
def counter(tp: Any) -> Counter:
    """The rule that counts what a value of type `tp` was read from: keys, strings, and at most how many more."""
    if tp is Any or tp is object:
        return _untyped
    named = (getattr(tp, "__module__", None), getattr(tp, "__qualname__", None))
    scalar = _SCALARS.get(tp) or _NAMED_SCALARS.get(named)
    if scalar is not None:
        return lambda value: scalar
    origin = get_origin(tp)
    rule = _ORIGINS.get(origin) if origin is not None else None
    if rule is not None:
        return rule(tp)
    supertype = getattr(tp, "__supertype__", None)  # (a NewType)
    if supertype is not None:
        return counter(supertype)
    if isinstance(tp, type):
        for applies, make in _CLASSES:
            if applies(tp):
                return make(tp)
    return lambda value: _UNKNOWN  # (a type no rule knows: Python's json module decides)


_TEXT: Count = (0, 1, 0.0)
_SCALARS: dict[Any, Count] = {
    str: _TEXT,
    bytes: _TEXT,  # (base64)
    bytearray: _TEXT,
    datetime.datetime: _TEXT,
    datetime.date: _TEXT,
    datetime.time: _TEXT,
    datetime.timedelta: _TEXT,
    int: _NOTHING,
    float: _NOTHING,
    bool: _NOTHING,
    type(None): _NOTHING,
    msgspec.UnsetType: _NOTHING,
}
# Types named, not imported (uuid and decimal cost milliseconds at every start, for files that never hold them).
_NAMED_SCALARS: dict[tuple[str | None, str | None], Count] = {
    ("uuid", "UUID"): _TEXT,
    ("decimal", "Decimal"): (0, 0, 1.0),  # read from a string or a number
}


def _sum(counts: Iterator[Count]) -> Count:
    keys = strings = 0
    doubt = 0.0
    for more in counts:
        keys, strings, doubt = keys + more[0], strings + more[1], doubt + more[2]
    return keys, strings, doubt


def _items(tp: Any) -> Counter:
    args = get_args(tp)
    if get_origin(tp) is tuple and args and args[-1] is not Ellipsis:  # (fixed: one type a position)
        rules = [counter(arg) for arg in args]
        return lambda value: _sum(rule(item) for rule, item in zip(rules, value, strict=False))
    rule = counter(args[0]) if args else _untyped
    return lambda value: _sum(map(rule, value))


def _set(tp: Any) -> Counter:
    rule = _items(tp)
    return lambda value: (*rule(value)[:2], math.inf)  # (an item given twice is dropped)


def _mapping(tp: Any) -> Counter:
    args = get_args(tp)
    rule = counter(args[1]) if len(args) == 2 else _untyped
    return lambda value: _dict(value, rule)


def _dict(value: dict[Any, Any], rule: Counter) -> Count:
    keys, strings, doubt = _sum(map(rule, value.values()))
    return keys + len(value), strings, doubt  # (each key of a JSON object is a string: counted as a key)


def _union(tp: Any) -> Counter:
    options = [(option, get_args(option)[0] if get_origin(option) is Annotated else option) for option in _options(tp)]
    if any(plain is Any or plain is object for _, plain in options):  # (Annotated[Any, ...] too: Any is a class)
        return _untyped
    rules: dict[type, Counter] = {}
    for option, plain in options:
        if get_origin(plain) is Literal:
            for literal in get_args(plain):
                rules[type(literal)] = counter(str) if isinstance(literal, str) else counter(int)
            continue
        made = get_origin(plain) or plain  # (the type of its values: list for list[str])
        if isinstance(made, type):
            rules[dict if typing.is_typeddict(made) else made] = counter(option)

    def count(value: Any) -> Count:
        rule = rules.get(type(value))
        if rule is None:  # (a subclass: a counted Struct, a member of an Enum)
            rule = next((r for t, r in rules.items() if isinstance(value, t)), None)
        return _UNKNOWN if rule is None else rule(value)

    return count


def _literal(tp: Any) -> Counter:
    return lambda value: _TEXT if isinstance(value, str) else _NOTHING


def _annotated(tp: Any) -> Counter:
    return counter(get_args(tp)[0])


_ORIGINS: dict[Any, Callable[[Any], Counter]] = {
    list: _items,
    tuple: _items,
    set: _set,
    frozenset: _set,
    dict: _mapping,
    Union: _union,
    types.UnionType: _union,
    Literal: _literal,
    Annotated: _annotated,
}


def _untyped(value: Any) -> Count:
    """A value read with no type (Any): every key and string is in it (a dict keeps the last of a key given twice,
    which the sum then shows)."""
    if isinstance(value, str):
        return _TEXT
    if isinstance(value, dict):
        return _dict(value, _untyped)
    if isinstance(value, list):
        return _sum(map(_untyped, value))
    return _NOTHING


def _struct(tp: type[msgspec.Struct]) -> Counter:
    """A Struct, counted or not: a counted one's defaults are subtracted by `snapshot`; another's are in doubt."""
    config = tp.__struct_config__
    key = 0 if config.array_like else 1
    # Its tag, which a text may leave out (when the Struct is not one of a union): in doubt.
    tag = float(key + isinstance(config.tag, str)) if config.tag_field is not None else 0.0
    unknown = 0.0 if config.forbid_unknown_fields or config.array_like else math.inf
    surely = tp in _ORIGINAL
    fields = [(attrgetter(f.name), f.type, f.required or surely) for f in _fields(tp)]

    def count(value: Any) -> Count:
        keys, strings, doubt = 0, 0, tag + unknown
        for get, kind, given in fields:
            item = get(value)
            if item is msgspec.UNSET:
                continue
            more = counter(kind)(item)
            if given:
                keys, strings, doubt = keys + key + more[0], strings + more[1], doubt + more[2]
            else:
                doubt += key + more[0] + more[1] + more[2]
        return keys, strings, doubt

    return count


def _fields_of_class(tp: type) -> Counter:
    """A dataclass or attrs class (read from an object): which of its defaults were given, it cannot say."""
    import dataclasses

    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, include_extras=True)
        missing = dataclasses.MISSING
        fields = [
            (f.name, hints[f.name], f.default is missing and f.default_factory is missing)
            for f in dataclasses.fields(tp)
        ]
    else:  # (attrs: a default is an attribute's `default`, NOTHING when it has none)
        nothing = getattr(sys.modules.get("attrs"), "NOTHING", None)
        fields = [(a.name, a.type, a.default is nothing) for a in tp.__attrs_attrs__]  # type: ignore[attr-defined]

    def count(value: Any) -> Count:
        keys = strings = 0
        doubt = 0.0
        for name, kind, required in fields:
            more = counter(kind)(getattr(value, name))
            if required:
                keys, strings, doubt = keys + 1 + more[0], strings + more[1], doubt + more[2]
            else:
                doubt += 1 + more[0] + more[1] + more[2]
        return keys, strings, doubt

    return count


def _typed_dict(tp: type) -> Counter:
    """A TypedDict is read into a dict that holds the keys given, no more."""
    hints = typing.get_type_hints(tp, include_extras=True)
    rules = {name: counter(kind) for name, kind in hints.items()}

    def count(value: dict[str, Any]) -> Count:
        keys, strings, doubt = _sum(rules.get(key, _untyped)(item) for key, item in value.items())
        return keys + len(value), strings, doubt

    return count


def _named_tuple(tp: type) -> Counter:
    """A NamedTuple is read from an array: no keys; a default fills a position the array left out."""
    hints = typing.get_type_hints(tp, include_extras=True)
    defaults = getattr(tp, "_field_defaults", {})
    fields = [(counter(hints.get(name, Any)), name in defaults) for name in tp._fields]  # type: ignore[attr-defined]

    def count(value: Any) -> Count:
        keys = strings = 0
        doubt = 0.0
        for (rule, defaulted), item in zip(fields, value, strict=False):
            more = rule(item)
            if defaulted:
                doubt += more[0] + more[1] + more[2]
            else:
                keys, strings, doubt = keys + more[0], strings + more[1], doubt + more[2]
        return keys, strings, doubt

    return count


def _enum(tp: type) -> Counter:
    return lambda value: _TEXT if isinstance(value.value, str) else _NOTHING


def _raw(tp: type) -> Counter:
    """The text itself, kept: every quote in it is read (a key given twice in it is kept, not dropped)."""
    return lambda value: (0, quotes(bytes(value), 0, len(value)) // 2, 0.0)


_CLASSES: list[tuple[Callable[[type], bool], Callable[[Any], Counter]]] = [
    (lambda t: issubclass(t, msgspec.Struct), _struct),
    (lambda t: issubclass(t, enum.Enum), _enum),
    (lambda t: issubclass(t, msgspec.Raw), _raw),
    (typing.is_typeddict, _typed_dict),
    (lambda t: issubclass(t, tuple) and hasattr(t, "_fields"), _named_tuple),
    (lambda t: hasattr(t, "__dataclass_fields__") or hasattr(t, "__attrs_attrs__"), _fields_of_class),
    (lambda t: issubclass(t, str), lambda t: lambda value: _TEXT),  # (a str subclass: an Enum's, say)
    (lambda t: issubclass(t, int | float), lambda t: lambda value: _NOTHING),
]


def plain_names(dataset: Any) -> Dataset:
    """A dataset (or the object before a sequence's events that declares names) read by counted types, as the
    model's own: countries and projects written without their defaults, as they were."""

    def plain(items: list[Any] | None, struct: type[Country | Project]) -> Any:
        return None if items is None else [msgspec.convert(msgspec.to_builtins(item), struct) for item in items]

    return Dataset(
        events=getattr(dataset, "events", []),
        countries=plain(dataset.countries, Country),
        projects=plain(dataset.projects, Project),
        races=list(dataset.races),
    )
