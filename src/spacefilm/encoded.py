"""Events that come with their JSON: what the reader hands over when the events will be written as JSON.

The reader (load/stream.py) encodes each event it keeps while the event is in the CPU's cache, as records.py encodes
an event. Encoding them again at the end, in date order, would read each from far apart in memory: several times
slower, and the last thing a command does, when nothing else can run beside it. records.py writes these texts as they
are. Any change to the list forgets them: a list changed in place is encoded again, and a slice, a copy or a sorted
list of it is a plain list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .model import Event


class EncodedEvents(list[Event]):
    """Events, and each one's JSON text (`texts`, None once the list is changed)."""

    def __init__(self, events: Iterable[Event], texts: list[bytes]) -> None:
        super().__init__(events)
        self.texts: list[bytes] | None = texts


def _forgetting(name: str) -> Callable[..., Any]:
    change = getattr(list, name)

    def forget(self: EncodedEvents, *args: Any, **kwargs: Any) -> Any:
        self.texts = None
        return change(self, *args, **kwargs)

    forget.__name__ = name
    return forget


for _change in (
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "reverse",
    "sort",
    "clear",
):
    setattr(EncodedEvents, _change, _forgetting(_change))


def texts_of(items: Sequence[Any]) -> list[bytes] | None:
    """The JSON text of each item, if they came with them (EncodedEvents, unchanged)."""
    return items.texts if isinstance(items, EncodedEvents) else None
