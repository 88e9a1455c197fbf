"""The one list of rules: each gate (a pass at C speed) opens whenever its walk would find something.

On generated datasets with one fault each, the gated check reports exactly what walking every rule over every event
reports; on sound datasets, both report nothing.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacefilm.checks import EVENT_RULES, Tally, check
from spacefilm.dates import derive
from spacefilm.model import DERIVED_FIELDS, Dataset, Event

DATES = ["1984", "2020-05", "2021-10-05", "2021-10-05/2021-10-17", "2021-10~", "2021/..", "1983-06/1984-08"]
FAULTS = {
    "none": lambda e: None,
    "blank id": lambda e: e.update(id=" "),
    "blank title": lambda e: e.update(title="\t"),
    "blank country": lambda e: e.update(country=""),
    "bad date": lambda e: e.update(date="2021-02-30"),
    "not a date": lambda e: e.update(date="Oct 2021"),
    "wrong earliest": lambda e: e.update(earliest="1999-01-01"),
    "wrong display": lambda e: e.update(display="someday"),
    "right derived fields": lambda e: e.update(zip(DERIVED_FIELDS, derive(e["date"]), strict=True)),
    "undeclared country": lambda e: e.update(country="atlantis"),
    "undeclared project": lambda e: e.update(project="no-such-film"),
    "id used twice": lambda e: e.update(id="e0"),
    "id differs in case": lambda e: e.update(id="E0"),
}


def dataset(count: int, dates: list[str], declared: bool) -> dict[str, Any]:
    events = [
        {
            "id": f"e{i}",
            "date": dates[i % len(dates)],
            "title": f"Event {i}",
            "country": ("us", "russia")[i % 2],
            "kind": "filming",
            "project": "film" if i % 3 == 0 else None,
            "sources": [{"title": "A source"}],
        }
        for i in range(count)
    ]
    document: dict[str, Any] = {"events": events}
    if declared:
        document["countries"] = [{"id": "us", "name": "United States"}, {"id": "russia", "name": "Russia"}]
        document["projects"] = [{"id": "film", "title": "A film"}]
    return document


def problems(document: dict[str, Any], walk_all: bool) -> list[str]:
    decoded = msgspec.convert(document, Dataset)
    return check(decoded, "data.json", lambda index, event: f"event #{index + 1}", walk_all=walk_all).problems


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(min_value=2, max_value=12),
    dates=st.lists(st.sampled_from(DATES), min_size=1, max_size=4),
    declared=st.booleans(),
    fault=st.sampled_from(sorted(FAULTS)),
    where=st.integers(min_value=0, max_value=11),
)
def test_the_gated_check_finds_what_walking_every_rule_finds(
    count: int, dates: list[str], declared: bool, fault: str, where: int
) -> None:
    document = dataset(count, dates, declared)
    target = document["events"][max(where % count, 1)]  # (never e0 itself: "id used twice" copies its id)
    FAULTS[fault](target)
    gated, walked = problems(document, walk_all=False), problems(document, walk_all=True)
    assert gated == walked
    harmless = fault in ("none", "right derived fields") or (fault.startswith("undeclared") and not declared)
    assert bool(gated) != harmless


@pytest.mark.parametrize("deriving", [True, False])
def test_each_rule_has_a_gate_that_opens_for_it(deriving: bool) -> None:
    """Also in a Tally that only checks dates (streamed, with no query): a derived field given is still held to its
    date, derived then."""
    faults = {
        "blank": "blank title",
        "date": "bad date",
        "derived": "wrong display",
    }
    for rule, fault in faults.items():
        document = dataset(3, ["2021-10-05"], declared=True)
        FAULTS[fault](document["events"][1])
        tally = Tally(deriving=deriving)
        tally.add(msgspec.convert(document, Dataset).events)
        assert tally.suspect == {rule}
    assert set(EVENT_RULES) == {*faults, "country", "project"}  # the reference rules open in Tally.undeclared


@pytest.mark.parametrize("fault", ["none", "right derived fields", "bad date"])
def test_a_tally_that_only_checks_dates_finds_the_same_bad_dates(fault: str) -> None:
    document = dataset(4, DATES, declared=True)
    FAULTS[fault](document["events"][2])
    events = msgspec.convert(document, Dataset).events
    deriving, checking = Tally(), Tally(deriving=False)
    deriving.add(events)
    checking.add(events)
    assert (checking.suspect, checking.bad_dates) == (deriving.suspect, deriving.bad_dates)
    # Nothing derived but to hold a derived field given to its date:
    assert checking.dates.items() <= deriving.dates.items()
    assert bool(checking.dates) == (fault == "right derived fields")


def test_a_sound_batch_opens_no_gate() -> None:
    tally = Tally()
    events = msgspec.convert(dataset(6, DATES, declared=True), Dataset).events
    tally.add(events)
    assert tally.unique and not tally.suspect and not tally.undeclared({"us", "russia"}, {"film"})
    assert tally.undeclared({"us"}, {"film"}) == {"country"}
    assert isinstance(events[0], Event)
