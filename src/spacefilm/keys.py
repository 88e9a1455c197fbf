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

_COUNTERS: list[repeat[Any]] = []  # one a field with a default, counting down from sys.maxsize as it fills one in
# Those of them whose default stands where _read counts a string: a string ("happened"), or None in a field that
# takes no null (nulls=False).
_IN_TEXT: list[repeat[Any]] = []
_ORIGINAL: dict[type, type] = {}  # each counted type: the type it counts
_UNSET_ONLY = (msgspec.UnsetType, type(None))


class Counts(NamedTuple):
    defaults: int  # filled in
    in_text: int  # of them, where a string is counted


def snapshot() -> Counts:
    """How many defaults the counted types have filled in so far, in this process."""
    return Counts(_used(_COUNTERS), _used(_IN_TEXT))


def _used(counters: list[repeat[Any]]) -> int:
    return len(counters) * sys.maxsize - sum(map(operator.length_hint, counters))


@cache
def counted(tp: Any, nulls: bool = True) -> Any:
    """`tp` with each Struct type in it replaced by a subclass that counts the defaults it fills in.

    `nulls=False`: a field whose default is None takes no null (it is given, or left out), so that counting needs no
    look at its values; a text that gives a null is left to a type that takes them (stream.py reads a slice with one
    such type first, then with the other).

    A counted type decodes as its original does, and its objects are instances of the original, written the same
    way; except that a default made by a call cannot be left out when written (`omit_defaults`), so a counted type
    writes every field: `plain_names` gives back the model's own countries and projects, whose empty fields are
    left out.
    """
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _counted_struct(tp, nulls)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        return Annotated[(counted(args[0], nulls), *tp.__metadata__)]
    if origin in (Union, types.UnionType):
        return reduce(operator.or_, (counted(arg, nulls) for arg in args))
    if origin is list:
        return list[counted(args[0], nulls)]  # type: ignore[misc]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple[counted(args[0], nulls), ...]  # type: ignore[misc]
    return tp


def _counted_struct(struct: type[msgspec.Struct], nulls: bool) -> type[msgspec.Struct]:
    fields: list[tuple[Any, ...]] = []
    changed = False
    for field in msgspec.structs.fields(struct):
        kind = counted(field.type, nulls)
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
            fields.append((field.name, kind, msgspec.field(default_factory=_counter(field, in_text))))
            changed = True
    if not changed:
        return struct
    name = f"Counted{struct.__name__}"
    made = msgspec.defstruct(name, fields, bases=(struct,), kw_only=True, omit_defaults=False)
    _ORIGINAL[made] = struct
    return made


def _counter(field: msgspec.structs.FieldInfo, in_text: bool) -> Any:
    """A callable, at C speed, that gives the field's default and counts each call."""
    if field.default_factory is not msgspec.NODEFAULT:
        counter = repeat(field.default_factory, sys.maxsize)
        make = map(operator.call, counter).__next__  # (a new list each time, as the factory makes)
    else:
        counter = repeat(field.default, sys.maxsize)
        make = counter.__next__
    _COUNTERS.append(counter)
    if in_text:
        _IN_TEXT.append(counter)
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
    now = snapshot()
    items = decoded if isinstance(decoded, list) else [decoded]
    read = _read(items, type(items[0])) if items else (0, 0)
    keys_read = read[0] - (now.defaults - before.defaults)
    strings_read = read[1] - (now.in_text - before.in_text)
    return quotes != 2 * (keys_read + strings_read)


def _escaped_quotes(text: bytes | bytearray, start: int, end: int) -> int:
    """How many `"` follow an odd run of backslashes: one after a run of r is counted r times, alternately + and -."""
    total, sign, run = 0, 1, b'\\"'
    while found := text.count(run, start, end):
        total += sign * found
        sign, run = -sign, b"\\" + run
    return total


def _read(items: list[Any], struct: type[msgspec.Struct]) -> tuple[int, int]:
    """The fields (not UNSET) and the string values of `items`, all of type `struct`, and of the objects in them."""
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
                more = _read(nested, look.inner)
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


@cache
def _plan(struct: type[msgspec.Struct]) -> tuple[int, int, list[_Look]]:
    """How to count a struct's keys and strings: those every object has, and the fields whose values tell."""
    fixed_keys = fixed_strings = 0
    looked_at = []
    defaults = {f.name: f.default for f in msgspec.structs.fields(_ORIGINAL.get(struct, struct))}
    for field in msgspec.structs.fields(struct):
        what, inner = _kind(field.type)
        if what == "nothing":
            continue  # (a field that can only be UNSET: never given)
        unset, takes_null = defaults[field.name] is msgspec.UNSET, _may_be_none(field.type)
        if unset and what != "text":
            raise TypeError(f"keys.py cannot count {struct.__name__}.{field.name}, a list that may be UNSET")
        if what == "text" and not (unset or takes_null):
            fixed_keys, fixed_strings = fixed_keys + 1, fixed_strings + 1  # (given, or a default counted: _IN_TEXT)
        else:
            none = takes_null or defaults[field.name] is None
            looked_at.append(_Look(attrgetter(field.name), what, inner, unset, none))
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
