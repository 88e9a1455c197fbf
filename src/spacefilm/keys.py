"""Keys given twice in one object, found at C speed in a file of any size.

A decoder that meets a key twice in one object keeps the last value, silently. Python's json module sees every
pair, but reads a million events in some 13 s; so the files of users are decoded into *counted* copies of the model's
types (`counted`), and one sum over the text says whether any object gives a key twice.

Every `"` of a JSON text that is not escaped (after an odd run of backslashes) opens or closes a string, and each
string is a key or a value. What was decoded says how many keys and string values it read: its fields, less those a
counted type filled with a default because the key was not given (a counted type fills a default by calling a
counter, so `snapshot` knows how many) and those left UNSET; and its string values, less the strings (and the Nones
standing for strings, see `counted`) among the defaults filled. A key given twice brings its own two quotes, and
those of the value it hid, to the text only. So

    quotes(text) / 2 - keys read - strings read

is zero when no object gives a key twice, and at least the number of keys given twice otherwise: exact both ways.
A nonzero sum sends the text to Python's json module, which names the key and the object.
"""

from __future__ import annotations

import operator
import sys
import types
from collections.abc import Callable, Iterator
from functools import cache, reduce
from itertools import chain, repeat
from operator import attrgetter
from typing import Annotated, Any, Literal, NamedTuple, Union, get_args, get_origin

import msgspec

from .model import Country, Dataset, Project


class _Counters(NamedTuple):
    """The counters of a type made by `counted`: one a field with a default, counting down from sys.maxsize as it
    fills one in."""

    every: list[repeat[Any]]
    # Those whose default stands where _read counts a string: a string ("happened"), or None in a field that takes
    # no null (nulls=False).
    in_text: list[repeat[Any]]


_COUNTERS: dict[Any, _Counters] = {}  # each type `counted` made: its counters
_ORIGINAL: dict[type, type] = {}  # each counted Struct type: the type it counts
# Each counted Struct type's fields that a counter fills in: the counter's index (in its _Counters.every).
_FIELD_COUNTERS: dict[type, dict[str, int]] = {}
_UNSET_ONLY = (msgspec.UnsetType, type(None))
_fields = cache(msgspec.structs.fields)  # (each call reads the type's annotations again: some 0.1 ms)


class Counts(NamedTuple):
    counted: Any  # the type `counted` made
    defaults: int  # filled in
    in_text: int  # of them, where a string is counted
    left: list[int]  # each counter's calls left


def snapshot(tp: Any) -> Counts:
    """How many defaults a type made by `counted` (and the types in it) has filled in so far, in this process."""
    counters = _COUNTERS[tp]
    left = list(map(operator.length_hint, counters.every))
    return Counts(tp, len(left) * sys.maxsize - sum(left), _used(counters.in_text), left)


def _used(counters: list[repeat[Any]]) -> int:
    return len(counters) * sys.maxsize - sum(map(operator.length_hint, counters))


@cache
def counted(tp: Any, nulls: bool = True) -> Any:
    """`tp` with each Struct type in it replaced by a subclass that counts the defaults it fills in.

    Each place a Struct type holds in `tp` gets a subclass of its own, so that a counter counts the objects of one
    place only (given_twice compares a counter with the objects at its place).

    `nulls=False`: a field whose default is None takes no null (it is given, or left out), so that counting needs no
    look at its values; a text that gives a null is left to a type that takes them (stream.py reads a slice with one
    such type first, then with the other).

    A counted type decodes as its original does, and its objects are instances of the original, written the same
    way; except that a default made by a call cannot be left out when written (`omit_defaults`), so a counted type
    writes every field: `plain_names` gives back the model's own countries and projects, whose empty fields are
    left out.
    """
    counters = _Counters([], [])
    made = _counted(tp, nulls, counters)
    _COUNTERS[made] = counters
    return made


def _counted(tp: Any, nulls: bool, counters: _Counters) -> Any:
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _counted_struct(tp, nulls, counters)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        return Annotated[(_counted(args[0], nulls, counters), *tp.__metadata__)]
    if origin in (Union, types.UnionType):
        return reduce(operator.or_, (_counted(arg, nulls, counters) for arg in args))
    if origin is list:
        return list[_counted(args[0], nulls, counters)]  # type: ignore[misc]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple[_counted(args[0], nulls, counters), ...]  # type: ignore[misc]
    return tp


def _counted_struct(struct: type[msgspec.Struct], nulls: bool, counters: _Counters) -> type[msgspec.Struct]:
    fields: list[tuple[Any, ...]] = []
    field_counters: dict[str, int] = {}
    changed = False
    for field in _fields(struct):
        kind = _counted(field.type, nulls, counters)
        if not nulls and field.default is None and _may_be_none(kind):
            kind = reduce(operator.or_, (t for t in _options(kind) if t is not type(None)))
        changed |= kind != field.type
        if field.required:
            fields.append((field.name, kind))
        elif field.default is msgspec.UNSET:
            fields.append((field.name, kind, msgspec.UNSET))  # (an UNSET field was not given: nothing to count)
        else:
            no_null = field.default is None and not _may_be_none(kind) and _kind(kind)[0] == "text"
            in_text = isinstance(field.default, str) or no_null
            fields.append((field.name, kind, msgspec.field(default_factory=_counter(field, counters, in_text))))
            field_counters[field.name] = len(counters.every) - 1
            changed = True
    if not changed:
        return struct
    name = f"Counted{struct.__name__}"
    made = msgspec.defstruct(name, fields, bases=(struct,), kw_only=True, omit_defaults=False)
    _ORIGINAL[made] = struct
    _FIELD_COUNTERS[made] = field_counters
    return made


def _counter(field: msgspec.structs.FieldInfo, counters: _Counters, in_text: bool) -> Any:
    """A callable, at C speed, that gives the field's default and counts each call."""
    if field.default_factory is not msgspec.NODEFAULT:
        counter = repeat(field.default_factory, sys.maxsize)
        make = map(operator.call, counter).__next__  # (a new list each time, as the factory makes)
    else:
        counter = repeat(field.default, sys.maxsize)
        make = counter.__next__
    counters.every.append(counter)
    if in_text:
        counters.in_text.append(counter)
    return make


def quotes(text: bytes | bytearray, start: int, end: int) -> int:
    """How many `"` of text[start:end] are not escaped: each opens or closes a string."""
    found = text.count(b'"', start, end)
    if text.find(b"\\", start, end) >= 0:
        found -= _escaped_quotes(text, start, end)
    return found


def given_twice(quotes: int, decoded: Any, before: Counts) -> bool:
    """Whether some object may give a key twice in a text of which `quotes` gave the count, read into `decoded` by
    counted types after `before` was taken (`snapshot`). False is exact: no object does."""
    now = snapshot(before.counted)
    filled = list(map(operator.sub, before.left, now.left))  # the defaults each counter filled in
    items = decoded if isinstance(decoded, list) else [decoded]
    read = _read(items, type(items[0]), filled) if items else (0, 0)
    keys_read = read[0] - (now.defaults - before.defaults)
    strings_read = read[1] - (now.in_text - before.in_text)
    return quotes != 2 * (keys_read + strings_read)


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


def _escaped_quotes(text: bytes | bytearray, start: int, end: int) -> int:
    """How many `"` follow an odd run of backslashes: one after a run of r is counted r times, alternately + and -."""
    total, sign, run = 0, 1, b'\\"'
    while found := text.count(run, start, end):
        total += sign * found
        sign, run = -sign, b"\\" + run
    return total


def _read(items: list[Any], struct: type[msgspec.Struct], filled: list[int]) -> tuple[int, int]:
    """The fields (not UNSET) and the string values of `items`, all of type `struct`, and of the objects in them.

    `items` are every object of their counted type read since `filled` began: a list field whose counter filled
    in its empty default for each of them holds nothing to count.
    """
    fixed_keys, fixed_strings, looked_at = _plan(struct)
    count = len(items)
    keys, strings = fixed_keys * count, fixed_strings * count
    for look in looked_at:
        if look.what == "text":  # (one that may be None or UNSET: others are fixed)
            texts = list(map(look.get, items))
            given = count - texts.count(msgspec.UNSET) if look.unset else count
            keys += given
            strings += given - texts.count(None) if look.none else given
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
                keys, strings = keys + more[0], strings + more[1]
        else:  # (objects whose counts are fixed: how many there are is enough)
            objects = sum(map(len, values))
            keys, strings = keys + inner_keys * objects, strings + inner_strings * objects
    return keys, strings


class _Look(NamedTuple):
    """A field whose values tell how many keys and strings it holds."""

    get: Callable[[Any], Any]
    what: str  # "text" (a string, or None), "texts" (strings), "structs" (of `inner`)
    inner: Any
    unset: bool  # may be UNSET (not given)
    none: bool  # may be None (given as null, or filled in)
    empty_default: int | None  # a list's: the counter that fills in its empty default (_FIELD_COUNTERS)


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
        if unset and what != "text":
            raise TypeError(f"keys.py cannot count {struct.__name__}.{field.name}, a list that may be UNSET")
        if what == "text" and not (unset or takes_null):
            fixed_keys, fixed_strings = fixed_keys + 1, fixed_strings + 1  # (given, or a default counted: in_text)
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
    """What a field holds: "text" (a string, or None), "texts" (strings), "structs" (of `inner`), or "nothing"."""
    options = [t for t in _options(tp) if t not in _UNSET_ONLY]
    if not options:
        return "nothing", None
    kinds = {_one_kind(t) for t in options}
    if len(kinds) != 1:
        raise TypeError(f"keys.py cannot count {tp!r}")
    return kinds.pop()


def _one_kind(tp: Any) -> tuple[str, Any]:
    if tp is str or get_origin(tp) is Literal:
        return "text", None
    if get_origin(tp) in (list, tuple):
        item = get_args(tp)[0]
        if item is str:
            return "texts", None
        if isinstance(item, type) and issubclass(item, msgspec.Struct):
            return "structs", item
    raise TypeError(f"keys.py cannot count {tp!r}")


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


def repeated(given: list[str]) -> bool:
    """Whether a key comes twice among those an object gave in pieces (`given` of each piece: a document's own
    object is read in its first and last slices)."""
    return len(set(given)) != len(given)
