"""The one list of rules: each gate (a pass at C speed) opens whenever its walk would find something.

On generated datasets with one fault each, the gated check reports exactly what walking every rule over every event
reports; on sound datasets, both report nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacefilm.dates import DateError, derive
from spacefilm.dates import check as check_date
from spacefilm.load.checks import RULES, Batch, Facts, Finding, Rule, Tally, check
from spacefilm.model import DERIVED_FIELDS, Dataset, Event
from spacefilm.problems import name_key

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
    "id differs by a look-alike": lambda e: e.update(id="\u212a"),  # (and e1's id is K: see dataset)
    "country differs in case": lambda e: e.update(country="US"),
    "project differs in case": lambda e: e.update(project="Film"),
}


def dataset(count: int, dates: list[str], declared: bool) -> dict[str, Any]:
    events = [
        {
            "id": "K" if i == 1 else f"e{i}",
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
    return check(decoded, "data.json", walk_all=walk_all).problems


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(min_value=3, max_value=12),
    dates=st.lists(st.sampled_from(DATES), min_size=1, max_size=4),
    declared=st.booleans(),
    fault=st.sampled_from(sorted(FAULTS)),
    where=st.integers(min_value=0, max_value=11),
)
def test_the_gated_check_finds_what_walking_every_rule_finds(
    count: int, dates: list[str], declared: bool, fault: str, where: int
) -> None:
    document = dataset(count, dates, declared)
    target = document["events"][max(where % count, 2)]  # (never e0 or K: faults copy their ids)
    FAULTS[fault](target)
    gated, walked = problems(document, walk_all=False), problems(document, walk_all=True)
    assert gated == walked
    harmless = fault in ("none", "right derived fields") or (fault.startswith("undeclared") and not declared)
    assert bool(gated) != harmless


# A fault for each rule, and whether the names are declared: each opens its rule's gate, and no other.
GATES = {
    "blank": ("blank title", True),
    "date": ("bad date", True),
    "derived": ("wrong display", True),
    "country": ("undeclared country", True),
    "project": ("undeclared project", True),
    "ids": ("id differs by a look-alike", True),
    "names": ("country differs in case", False),
}


def test_each_rule_has_a_gate_that_opens_for_it() -> None:
    for rule, (fault, declared) in GATES.items():
        document = dataset(3, ["2021-10-05"], declared=declared)
        FAULTS[fault](document["events"][2])
        decoded = msgspec.convert(document, Dataset)
        tally = Tally()
        tally.add(decoded.events)
        countries = {"us", "russia"} if declared else None
        assert tally.opened(countries, {"film"} if declared else None) == {rule}, fault
    assert sorted(rule.name for rule in RULES) == sorted(GATES)  # (every rule is tested here)


def test_a_rule_is_registered_by_being_defined_and_cannot_lack_a_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule is one object: defining it puts it in the list every check runs, so it cannot be left out; one with no
    gate, or no walk, cannot be defined."""
    monkeypatch.setattr("spacefilm.load.checks.RULES", list(RULES))
    from spacefilm.load import checks

    class NoTitanic(Rule):
        name = "no-titanic"

        def gate(self, batch: Batch) -> bool:
            return any(event.title == "Titanic" for event in batch.events)

        def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
            for at, event in enumerate(events):
                if event.title == "Titanic":
                    yield Finding(at, "title", "is taken")

    assert checks.RULES[-1].name == "no-titanic"
    document = dataset(3, ["2021"], declared=True)
    document["events"][2]["title"] = "Titanic"
    assert problems(document, walk_all=False) == ["data.json: event #3 'e2': title: is taken"]

    with pytest.raises(TypeError, match="no gate"):

        class Ungated(Rule):
            name = "ungated"

            def walk(self, events: Sequence[Event], facts: Facts) -> Iterator[Finding]:
                yield from ()

    with pytest.raises(TypeError, match="no walk"):

        class Unwalked(Rule):
            name = "unwalked"

            def gate(self, batch: Batch) -> bool:
                return True

    assert [rule.name for rule in checks.RULES][-1] == "no-titanic"


@pytest.mark.parametrize("fault", ["none", "right derived fields", "bad date"])
def test_a_tally_derives_a_date_only_when_asked(fault: str) -> None:
    """Dates are checked as they are tallied, and derived only when asked for (a query keeps few events of a big
    dataset): but to hold a derived field given to its date."""
    document = dataset(4, DATES, declared=True)
    FAULTS[fault](document["events"][2])
    events = msgspec.convert(document, Dataset).events
    tally = Tally()
    tally.add(events)
    assert list(tally.bad_dates) == (["2021-02-30"] if fault == "bad date" else [])
    assert tally.suspect == ({"date"} if fault == "bad date" else set())
    assert bool(tally.dates) == (fault == "right derived fields")
    assert all(tally.dates[date] == derive(date) for date in DATES)  # (each when asked)


# Dates told good by their parts: intervals of two plain days, each seen before (alone or in another interval).
PARTS = ["2021-10-05", "2021-10-17", "2021-10-05/2021-10-17", "2021-10-17/2021-10-05", "2021-10-05/2021-10-05"]
PARTS += ["2020-02-29", "2021-02-29", "2021-02-28/2021-02-29", "2020-02-29/2020-03-01", "2021-10-05-2021-10-17"]
PARTS += ["1984~/1985", "1984~/1985/2021-10-05", "2021-10-05/1984~/1985", "2021-10-05/..", "2021-10-0\uff15/2021-10-17"]


@settings(max_examples=200, deadline=None)
@given(batches=st.lists(st.lists(st.sampled_from(PARTS), min_size=1), min_size=1, max_size=4))
def test_a_date_is_told_good_or_bad_as_dates_check_tells_it(batches: list[list[str]]) -> None:
    tally = Tally()
    for batch in batches:
        tally.add([msgspec.convert(dataset(1, [text], declared=False)["events"][0], Event) for text in batch])
    seen = {text for batch in batches for text in batch}
    bad = {}
    for text in seen:
        try:
            check_date(text)
        except DateError as error:
            bad[text] = (error.message, error.suggestion)
    assert tally.bad_dates == bad


def test_a_sound_batch_opens_no_gate() -> None:
    tally = Tally()
    events = msgspec.convert(dataset(6, DATES, declared=True), Dataset).events
    tally.add(events)
    assert tally.unique and not tally.suspect and not tally.opened({"us", "russia"}, {"film"})
    assert tally.opened({"us"}, {"film"}) == {"country"}
    assert isinstance(events[0], Event)


def _events(ids: list[str]) -> list[Event]:
    return [msgspec.convert(dataset(1, ["2021"], declared=False)["events"][0] | {"id": id}, Event) for id in ids]


# Ids that ascend, that differ only in case or by a look-alike, that come back in a later batch.
IDS = ["a1", "a2", "a3", "b1", "b2", "A2", "B1", "\u212a", "k", "\u00e91", "\u00c91"]


@settings(max_examples=300, deadline=None)
@given(
    batches=st.lists(st.lists(st.sampled_from(IDS), max_size=5), min_size=1, max_size=5),
    ascending=st.booleans(),
    elsewhere=st.integers(min_value=0, max_value=5),
)
def test_ids_used_twice_are_found_however_the_batches_order_them(
    batches: list[list[str]], ascending: bool, elsewhere: int
) -> None:
    """Whether each batch gives its ids in order or not, and whichever process tallied a batch (the batches from
    `elsewhere` on, by a Tally that only gives the keys, as the child's does), an id used twice in any case or form
    is found, and ids all distinct are not taken for one used twice."""
    if ascending:  # (most often each in order: a file whose ids ascend, or one that breaks off)
        batches = [sorted(batch, key=name_key) for batch in batches]
    mine, theirs = Tally(), Tally(keyed=False)
    for batch in batches[:elsewhere]:
        assert not len(mine.add(_events(batch)))
    for batch in batches[elsewhere:]:
        mine.add_keys(theirs.add(_events(batch)))
    mine.add_runs(theirs.runs)  # (what the child sends at the end)
    keys = [name_key(id) for batch in batches for id in batch]
    assert mine.unique == (len(set(keys)) == len(keys))
    assert mine.count + mine.elsewhere == len(keys)
