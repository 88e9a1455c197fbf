"""Events read with their JSON (encoded.py): written as encoding them would write them, and never out of step with
them: a list changed in place, or too many events to hold twice, is encoded again at the end."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import Result

from conftest import event
from spacefilm.encoded import EncodedEvents, texts_of
from spacefilm.load import source, stream
from spacefilm.model import Event
from spacefilm.query import Request

Run = Callable[..., Result]
COUNTRIES = ("us", "russia", "japan")


def events(count: int) -> list[dict[str, Any]]:
    return [
        event(
            f"e{i:04d}",
            f"{1980 + i * 7 % 45}-{1 + i % 12:02d}",
            COUNTRIES[i % 3],
            summary=f"Summary {i} \u2014 \u201cq\u201d",
        )
        for i in range(count)
    ]


@pytest.fixture(params=[1, 2], ids=["one core", "two cores"])
def sliced(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Files read as big ones are: in slices, by one process or two."""
    monkeypatch.setattr(stream, "STREAM_FROM", 1)
    monkeypatch.setattr(stream, "SLICE", 2_000)
    monkeypatch.setattr(stream, "_cores", lambda: request.param)


def test_the_events_come_with_the_json_encoding_them_gives(write_dataset: Callable[..., Path], sliced: None) -> None:
    path = write_dataset("".join(json.dumps(e) + "\n" for e in events(300)), name="data.jsonl")
    chosen = source.select(path, Request(countries=("russia",), encoded=True)).events
    assert isinstance(chosen, EncodedEvents) and len(chosen) == 100
    assert texts_of(chosen) == [msgspec.json.encode(e) for e in chosen]
    assert [e.id for e in chosen] == [e.id for e in source.select(path, Request(countries=("russia",))).events]
    # Not asked for, or a limit asked for (a few events, encoded at the end): a plain list.
    assert texts_of(source.select(path, Request(countries=("russia",))).events) is None
    assert texts_of(source.select(path, Request(countries=("russia",), limit=5, encoded=True)).events) is None


@pytest.mark.parametrize("layout", ["jsonl", "json"])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("up_to", [3, 2**17])
def test_written_as_encoding_every_event_at_the_end_writes_them(
    run: Run,
    write_dataset: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    sliced: None,
    layout: str,
    fmt: str,
    up_to: int,
) -> None:
    """Also past the number of events kept with their JSON (`up_to`), where the JSON made is dropped."""
    monkeypatch.setattr(stream, "_ENCODED_UP_TO", up_to)
    evs = events(300)
    text = "".join(json.dumps(e) + "\n" for e in evs) if layout == "jsonl" else json.dumps({"events": evs})
    path = write_dataset(text, name=f"data.{layout}")
    args = ["--data", str(path), "timeline", "--since", "1990", "--reverse", "--format", fmt]
    streamed = run(*args).stdout
    monkeypatch.setattr(stream, "STREAM_FROM", 2**62)
    assert streamed == run(*args).stdout
    assert streamed.count('"id":') == sum(1980 + i * 7 % 45 >= 1990 for i in range(300))


CHANGES: dict[str, Callable[[list[Event]], object]] = {
    "set an item": lambda es: es.__setitem__(0, es[1]),
    "set a slice": lambda es: es.__setitem__(slice(0, 2), es[1::-1]),
    "delete": lambda es: es.__delitem__(0),
    "+=": lambda es: es.__iadd__(es[:1]),
    "*=": lambda es: es.__imul__(1),
    "append": lambda es: es.append(es[0]),
    "extend": lambda es: es.extend(es[:1]),
    "insert": lambda es: es.insert(0, es[1]),
    "pop": lambda es: es.pop(),
    "remove": lambda es: es.remove(es[0]),
    "reverse": lambda es: es.reverse(),
    "sort": lambda es: es.sort(key=lambda e: e.id, reverse=True),
    "clear": lambda es: es.clear(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_list_changed_in_place_forgets_its_json(change: str) -> None:
    chosen = [msgspec.convert(e, Event) for e in events(3)]
    encoded = EncodedEvents(chosen, [msgspec.json.encode(e) for e in chosen])
    assert texts_of(encoded) is not None and texts_of(encoded[:2]) is None  # (a slice is a plain list)
    CHANGES[change](encoded)
    assert texts_of(encoded) is None


def test_every_event_written_as_json_is_read_by_one_process_that_makes_no_json_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unfiltered timeline --json keeps every event whole: one process reads it (a second would hold half of them
    again to send them), and their JSON is made when written, not held beside them as they are read; a filter's
    events are still encoded as they are kept."""
    alone: list[bool] = []
    load = stream.load
    monkeypatch.setattr(stream, "load", lambda *args: alone.append(args[4]) or load(*args))
    every = source.select(None, Request(encoded=True, reverse=True))
    some = source.select(None, Request(encoded=True, countries=("us",)))
    assert alone == [True, False]
    assert not isinstance(every.events, EncodedEvents) and len(every.events) == every.total
    assert isinstance(some.events, EncodedEvents) and 0 < len(some.events) < some.total
