"""A problem with a dataset, as a value: where it is (file, line, column, the object and its field), what is wrong,
and how to fix it where we know. Text, JSON and GitHub annotations are writers over these values
(render/problems.py); this module has the one text rendering, and the matcher that suggests a name.

A Problem is a `str` whose text is its one-line rendering, so that code and tests that handle problems as lines of
text keep working (DataError carries either); its parts are attributes. Light: imported on every load.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# The lists of a dataset, in the order their problems are listed (a file's own problems come first).
SECTIONS = ("countries", "projects", "races", "events")
SINGULAR = {"events": "event", "countries": "country", "projects": "project", "races": "race"}
Step = str | int  # a step of a path into an object: a field's name, or an index in a list


class Problem(str):
    """One problem: `file:line:column: object: field: message; suggestion`, each part where known.

    section, number: the list the object is in (events, countries, projects, races) and its place in it, from 1
    (None: a problem of the file as a whole). id: the object's id when it has one that is a string. path: the steps
    from the object to the field (("sources", 0, "title") is `sources[0].title`). at: for a problem a check
    found, the event's place among the events that were read (a locator makes it `number`, and finds line and
    column).
    """

    file: str
    message: str
    line: int | None
    column: int | None
    section: str | None
    number: int | None
    id: str | None
    path: tuple[Step, ...]
    suggestion: str | None
    at: int | None

    def __new__(
        cls,
        file: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        section: str | None = None,
        number: int | None = None,
        id: str | None = None,
        path: tuple[Step, ...] = (),
        suggestion: str | None = None,
        at: int | None = None,
    ) -> Problem:
        if number is None and at is not None:
            number = at + 1  # (until a locator says where the event is in its file)
        parts = dict(
            file=file,
            message=message,
            line=line,
            column=column,
            section=section,
            number=number,
            id=id,
            path=path,
            suggestion=suggestion,
            at=at,
        )
        self = super().__new__(cls, _text(parts))
        self.__dict__.update(parts)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Problem is a value: make another with evolve()")

    def __reduce__(self) -> Any:  # (pickled between processes: rebuilt from its parts, not from its text)
        return (_rebuild, (dict(self.__dict__),))

    def evolve(self, **changes: Any) -> Problem:
        return Problem(**{**self.__dict__, **changes})

    @property
    def subject(self) -> str | None:
        """The object the problem is in, as the text names it: `event #3 'bad-kind'`, `country #2`."""
        if self.section is None:
            return None
        noun = SINGULAR.get(self.section, self.section)
        named = f"{noun} #{self.number}" if self.number is not None else noun
        return f"{named} {self.id!r}" if self.id is not None else named

    @property
    def event(self) -> str | None:
        """The id of the event the problem is in (None: not in an event, or in one with no id)."""
        return self.id if self.section == "events" else None

    @property
    def field(self) -> str | None:
        return field_name(self.path) if self.path else None

    def as_record(self) -> dict[str, Any]:
        """The problem as `validate --format json` writes it."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "object": self.subject,
            "event": self.event,
            "field": self.field,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def _rebuild(parts: dict[str, Any]) -> Problem:
    return Problem(**parts)


def _text(parts: dict[str, Any]) -> str:
    where = parts["file"]
    if parts["line"] is not None:
        where += f":{parts['line']}"
        if parts["column"] is not None:
            where += f":{parts['column']}"
    pieces = [where]
    section, number, id = parts["section"], parts["number"], parts["id"]
    if section is not None:
        named = SINGULAR.get(section, section) + (f" #{number}" if number is not None else "")
        pieces.append(f"{named} {id!r}" if id is not None else named)
    if parts["path"]:
        pieces.append(field_name(parts["path"]))
    text = ": ".join(pieces) + ": " + parts["message"]
    return f"{text}; {parts['suggestion']}" if parts["suggestion"] else text


def field_name(path: Sequence[Step]) -> str:
    """A path as people write it: `sources[0].title`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def ordered(problems: Iterable[str]) -> list[str]:
    """Problems in the order they are listed, whatever the order they were found in or the file's layout: the file's
    own first (and plain lines of text, as they came), then each list's objects in their order, each object's fields
    in the order of its type, a list's items in theirs. (sorted is stable: problems of one field keep the order the
    checks found them in.)"""
    return sorted(problems, key=_order)


def _order(problem: str) -> tuple[int, int, int, int]:
    if not isinstance(problem, Problem) or problem.section is None:
        return (-1, 0, 0, 0)
    path = problem.path
    item = path[1] if len(path) > 1 and isinstance(path[1], int) else -1  # (a list's items in their order)
    return (SECTIONS.index(problem.section), problem.number or 0, _field_rank(problem.section, path), item)


def _field_rank(section: str, path: tuple[Step, ...]) -> int:
    """A field's place in its type (an unknown field first: it may be a misspelt known one)."""
    if not path:
        return -2
    from .model import Country, Event, Project, Race

    fields = {"events": Event, "countries": Country, "projects": Project, "races": Race}[section].__struct_fields__
    return fields.index(path[0]) if path[0] in fields else -1


class Unreadable(str):
    """The value put in a field whose value has the wrong type (or is missing), so that the event can still be
    checked for everything else; a check says nothing of an unreadable field (its type's problem says it)."""


UNREADABLE = Unreadable("")


# --- the matcher: what a name that matches nothing was perhaps meant to be (the command line's too) ----------------


def name_key(name: str) -> str:
    """A name as it is matched: case folded, and written the same way whatever the characters used (NFKC): the
    Kelvin sign (U+212A) is K, fullwidth letters are letters."""
    if name.isascii():
        return name.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def close_matches(given: str, valid: Iterable[str], n: int = 3) -> list[str]:
    """The valid names `given` was perhaps meant to be, closest first, as they are written: the same in any case or
    form; else close in spelling (difflib); else, for three or more characters, the names that hold it."""
    import difflib

    by_key: dict[str, str] = {}
    for name in valid:
        by_key.setdefault(name_key(name), name)
    key = name_key(given.strip())
    if key in by_key:
        return [by_key[key]]
    found = difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6)
    if len(found) > 1:  # (only those about as close as the closest: not every id that shares a long prefix)
        ratios = [difflib.SequenceMatcher(None, key, name).ratio() for name in found]
        found = [name for name, ratio in zip(found, ratios, strict=True) if ratio >= ratios[0] - 0.1]
    if not found and len(key) >= 3:  # (a part of a name: `cruise` for the ids that hold it)
        found = [name for name in by_key if key in name][:n]
    return [by_key[name] for name in found]


class Closest:
    """difflib.get_close_matches(key, names, n, cutoff), the names given a part at a time (a slice of a dataset's
    ids): the n best so far, ordered as difflib orders them (ratio, then name). A name is matched only if bounds of
    its ratio reach the worst of those n: how many of its characters the key has (at most the shorter one's length:
    difflib's real_quick_ratio), found for a whole part at C speed; then those counted (its quick_ratio). Of 300,000
    ids a few dozen are matched, where difflib takes each in turn and matches every one that reaches the cutoff."""

    def __init__(self, key: str, n: int = 3, cutoff: float = 0.6) -> None:
        import difflib

        self.key, self.n, self.cutoff = key, n, cutoff
        self.best: list[tuple[float, str]] = []  # best first
        self.matcher = difflib.SequenceMatcher()
        self.matcher.set_seq2(key)  # (as get_close_matches does: the name typed is the second sequence)
        self.counts = [(char, key.count(char)) for char in set(key)]
        self.others = str.maketrans(dict.fromkeys(set(key)))  # (what a name has that the key has not)

    def add(self, names: Sequence[str]) -> list[str]:
        """Take these names in; those of them now among the best."""
        from itertools import compress
        from operator import ge, sub

        # What each name has that the key has not, in one pass over them all (one at a time, should a name hold the
        # character put between them); so the characters it has of the key's.
        others = "\x00".join(names).translate(self.others).split("\x00")
        if len(others) != len(names):
            others = [name.translate(self.others) for name in names]
        lengths = list(map(len, names))
        least = self._least()
        needed = {length: self._needed(length, least) for length in set(lengths)}
        shared = map(sub, lengths, map(len, others))
        matcher, counts, size, n, best = self.matcher, self.counts, len(self.key), self.n, self.best
        part = set()
        for name in compress(names, map(ge, shared, map(needed.__getitem__, lengths))):
            least = self._least()  # (higher as better names are found)
            if _ratio(sum(min(name.count(char), count) for char, count in counts), len(name) + size) < least:
                continue
            matcher.set_seq1(name)
            score = matcher.ratio()
            if score < least or (len(best) == n and (score, name) < best[-1]):
                continue
            best.append((score, name))
            best.sort(reverse=True)
            del best[n:]
            part.add(name)
        return [name for _, name in best if name in part]

    def _least(self) -> float:
        """The ratio a name must reach to be among the best."""
        return self.cutoff if len(self.best) < self.n else max(self.cutoff, self.best[-1][0])

    def _needed(self, length: int, least: float) -> float:
        """The fewest characters a name of this length must share with the key to reach `least` (infinity: none)."""
        size = len(self.key)
        return next((m for m in range(min(length, size) + 1) if _ratio(m, length + size) >= least), math.inf)


def _ratio(matches: int, length: int) -> float:
    """difflib's ratio of matches to the length of both sequences (its _calculate_ratio)."""
    return 2.0 * matches / length if length else 1.0


def quoted_or(names: Sequence[str]) -> str:
    return " or ".join(repr(name) for name in names)


def did_you_mean(given: str, valid: Sequence[str], what: str, listed: int = 10) -> str | None:
    """A fix for a name that matches nothing: the close names, and all of them (`what`, a plural) when there are few
    (`listed`)."""
    matches = close_matches(given, valid) if given else []
    everything = f"the {what} are {', '.join(valid)}" if valid and len(valid) <= listed else ""
    if matches:
        return f"did you mean {quoted_or(matches)}?" + (f" ({everything})" if everything else "")
    return everything or None


def from_text(text: str, file: str) -> Problem:
    """A problem written as a line of text (`file:line:column: message`, line and column where known)."""
    if isinstance(text, Problem):
        return text
    rest = text.removeprefix(f"{file}:") if text.startswith(f"{file}:") else None
    if rest is None:
        return Problem(file, text)
    numbers = re.match(r"(\d+)(?::(\d+))?: ", rest)
    if numbers is None:
        return Problem(file, rest.removeprefix(" "))
    line, column = numbers.groups()
    return Problem(file, rest[numbers.end() :], line=int(line), column=int(column) if column else None)


def look_alike(a: str, b: str) -> str:
    """How two names with the same key (name_key) differ: only in case, or in characters that are written another
    way in NFKC (which are named)."""
    odd = sorted({c for c in a + b if unicodedata.normalize("NFKC", c) != c})
    if not odd:
        return "differ only in case"
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'a character')}" for c in odd)
    return f"are the same name written with other characters ({named})"
