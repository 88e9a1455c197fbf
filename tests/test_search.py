"""--search as a reader uses it: words that must all match, anywhere a reader would look, in any case and accent."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import Result

from conftest import SOURCE, event
from spacefilm.query import Filters, Keep, fold, search_terms
from test_stream import LAYOUTS, events, sliced, whole

Run = Callable[..., Result]
__all__ = ["sliced"]  # (a fixture, used by name)


def ids(run: Run, *args: str) -> list[str]:
    result = run("timeline", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)]


def test_every_word_must_match_wherever_it_is(run: Run) -> None:
    both = ids(run, "--search", "peresild shipenko")
    assert both and set(both) == set(ids(run, "--search", "peresild")) & set(ids(run, "--search", "shipenko"))
    assert "challenge-iss-shoot" in both


def test_repeated_search_options_add_words(run: Run) -> None:
    assert ids(run, "--search", "shipenko", "--search", "peresild") == ids(run, "--search", "peresild shipenko")
    assert ids(run, "--search", "shipenko", "--search", "no-such-word") == []


def test_cyrillic_in_sources_is_found(run: Run, write_dataset: Callable[..., Path]) -> None:
    source = {**SOURCE, "title": "Юлия Пересильд, актриса"}
    data = write_dataset([event("hit", "2021", sources=[source]), event("miss", "2021")])
    assert ids(run, "--data", str(data), "--search", "Пересильд") == ["hit"]
    assert ids(run, "--data", str(data), "--search", "пересильд") == ids(
        run, "--data", str(data), "--search", "ПЕРЕСИЛЬД"
    )


def test_a_word_in_cyrillic_finds_its_latin_spelling_as_the_readme_says(run: Run) -> None:
    """The README's Search section: `Пересильд` and `ПЕРЕСИЛЬД` find every event `peresild` finds."""
    latin = ids(run, "--search", "peresild")
    assert len(latin) >= 3
    cyrillic = ids(run, "--search", "Пересильд")
    assert set(latin) <= set(cyrillic)
    assert ids(run, "--search", "ПЕРЕСИЛЬД") == cyrillic
    assert set(ids(run, "--search", "shipenko")) <= set(ids(run, "--search", "Шипенко"))


def test_the_readmes_other_examples_find_events_in_the_built_in_dataset(run: Run) -> None:
    """The README's Search and Browse sections: `marz` finds `März`; `Крикалев` and `Крикалёв` find Krikalev."""
    marz = ids(run, "--search", "marz")
    assert marz and marz == ids(run, "--search", "März") == ids(run, "--search", "MARZ")
    krikalev = ids(run, "--search", "krikalev")
    assert "challenge-krikalev-moved" in krikalev
    assert ids(run, "--search", "Крикалев") == ids(run, "--search", "Крикалёв") == krikalev


@pytest.mark.parametrize("typed", ["Королев", "Королёв", "КОРОЛЁВ", "korolev"])
def test_yo_written_or_not_finds_every_spelling(run: Run, write_dataset: Callable[..., Path], typed: str) -> None:
    written = ["Sergei Korolev", "Sergei Korolyov", "Сергей Королёв", "Сергей Королев"]
    data = write_dataset([event(f"k{n}", "2021", title=title) for n, title in enumerate(written)])
    found = ids(run, "--data", str(data), "--search", typed)
    assert found == (["k0"] if typed == "korolev" else ["k0", "k1", "k2", "k3"])


@pytest.mark.parametrize(
    ("typed", "latin"),
    [("Юрий", "Yuri"), ("Юрий", "Yuriy"), ("Юрий", "Yurii"), ("Жуков", "Zhukov"), ("Щукин", "Shchukin")],
)
def test_bgn_pcgn_and_common_variants(run: Run, write_dataset: Callable[..., Path], typed: str, latin: str) -> None:
    data = write_dataset([event("hit", "2021", title=f"{latin} spoke"), event("miss", "2021")])
    assert ids(run, "--data", str(data), "--search", typed) == ["hit"]


def test_a_project_title_finds_every_event_of_the_project(run: Run) -> None:
    challenge = ids(run, "--project", "the-challenge")
    assert len(challenge) > 3
    assert ids(run, "--search", "challenge", "--project", "the-challenge") == challenge
    # The original title, which two other projects' original titles hold too («Вызов лунной экспедиции»).
    found = ids(run, "--search", "Вызов")
    assert set(challenge) <= set(found)
    others = ids(run, "--search", "Вызов", "--project", "challenge-moon-sequel", "--project", "vyzov-first-in-space")
    assert sorted(found) == sorted(challenge + others)


def test_a_quoted_phrase_matches_as_a_phrase(run: Run) -> None:
    phrase = ids(run, "--search", '"first feature"')
    words = ids(run, "--search", "first feature")
    assert phrase and set(phrase) < set(words)
    assert ids(run, "--search", "\u201cfirst feature\u201d") == phrase  # typographic quotes too
    assert ids(run, "--search", '"feature first"') == []


FIELDS: dict[str, dict[str, Any]] = {
    "summary": {"summary": "zyxword"},
    "notes": {"notes": "zyxword"},
    "people": {"people": ["Ann Zyxword"]},
    "organisations": {"organizations": ["Zyxword Films"]},
    "source title": {"sources": [{**SOURCE, "title": "On zyxword"}]},
    "publisher": {"sources": [{**SOURCE, "publisher": "Zyxword Daily"}]},
    "quote": {"sources": [{**SOURCE, "quote": "a zyxword said"}]},
    "translation": {"sources": [{**SOURCE, "quote": "слово", "translation": "the zyxword"}]},
    "claim": {"claims": [{"claim": "first zyxword", "by": "someone"}]},
    "project title": {"project": "p"},
    "project id": {"project": "zyxword-film"},
}


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_a_reader_sees_is_searched(run: Run, write_dataset: Callable[..., Path], field: str) -> None:
    projects = [{"id": "p", "title": "The Zyxword Story"}, {"id": "zyxword-film", "title": "Untitled"}]
    written = [event("hit", "2021", **FIELDS[field]), event("miss", "2021")]
    data = write_dataset({"projects": projects, "events": written})
    assert ids(run, "--data", str(data), "--search", "ZYXWORD") == ["hit"]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Café Société", "cafe societe"),
        ("Ecole", "\u00e9cole"),
        ("Королёв", "королев"),
        ("Мой", "мои"),
        ("world\u2019s first", "world's"),
        ("\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f", "\u0645\u062d\u0645\u062f"),  # Arabic, with harakat
        ("\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd", "\u05e9\u05dc\u05d5\u05dd"),  # Hebrew, with points
        ("Pere\u00adsild", "peresild"),  # a soft hyphen in the data
        ("Peresi\u200bld", "peresild"),  # a zero-width space in the data
        ("Peresild", "Pere\u200bsild"),  # ... and in the query
        ("\ufb01lm", "film"),  # a ligature (NFKD)
    ],
)
def test_accents_and_apostrophes_do_not_matter(
    run: Run, write_dataset: Callable[..., Path], written: str, typed: str
) -> None:
    data = write_dataset([event("hit", "2021", title=written), event("miss", "2021")])
    assert ids(run, "--data", str(data), "--search", typed) == ["hit"]
    assert ids(run, "--data", str(data), "--search", written.upper()) == ["hit"]


def test_a_phrase_spans_a_line_break_and_double_spaces(run: Run, write_dataset: Callable[..., Path]) -> None:
    data = write_dataset([event("hit", "2021", notes="the first\n  feature film"), event("miss", "2021")])
    assert ids(run, "--data", str(data), "--search", '"first feature film"') == ["hit"]


def test_search_terms() -> None:
    assert search_terms(["Peresild  Shipenko", '"First  Feature" film', "«Вызов»", '"left open']) == (
        "peresild",
        "shipenko",
        "first feature",
        "film",
        "вызов",
        "left open",
    )
    assert search_terms(["", '""', "a", "A"]) == ("a",)
    assert fold("ÉCOLE") == "ecole" and fold("ёж") == "еж"


@pytest.mark.parametrize("typed", ["", "   ", '"', '""', "\u00ab", "\u00ab\u00bb", "\u200b", "\u0301"])
def test_a_search_with_no_word_is_a_usage_error(run: Run, typed: str) -> None:
    result = run("timeline", "--search", typed)
    assert result.exit_code == 2
    assert "has no word to search for" in result.stderr
    assert result.stdout == ""


def test_many_words_are_kept_once_each_in_the_order_typed() -> None:
    words = [f"w{n}" for n in range(22_000)]
    assert search_terms([" ".join(words), " ".join(reversed(words))]) == tuple(words)


def test_keep_builds_each_haystack_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from spacefilm import query
    from spacefilm.load.source import catalog

    built: list[str] = []
    real = query.haystacks

    def counting(events: Any) -> list[str]:
        built.extend(e.id for e in events)
        return real(events)

    monkeypatch.setattr(query, "haystacks", counting)
    loaded = catalog().loaded
    terms = search_terms(["the first in orbit film"])
    Keep(Filters(search=terms, titled=(frozenset(),) * len(terms)), {})(loaded)
    assert sorted(built) == sorted(e.id for e in loaded)


def haystack(event: Any) -> str:
    """An event's search text built field by field, as the documentation of `query.haystacks` says it is."""
    parts = [event.title, event.summary or "", event.notes or "", *event.people, *event.organizations]
    for source in event.sources:
        parts += (source.title, source.publisher or "", source.quote or "", source.translation or "")
    for claim in event.claims:
        parts += (claim.claim, claim.by, claim.english or "")
        for dispute in claim.disputed:
            parts += (dispute.by, dispute.note)
            for source in dispute.sources:
                parts += (source.title, source.publisher or "", source.quote or "", source.translation or "")
    if event.project is not None:
        parts.append(event.project)
    return fold("\n".join(parts))


def test_haystacks_made_a_batch_at_a_time_are_each_events_own() -> None:
    """Every field, in order, folded as one event's text is: the built-in dataset (claims, disputes and their
    sources, Russian text), and events whose text holds a NUL or folds to more characters."""
    from spacefilm import query
    from spacefilm.load.source import catalog

    loaded = catalog().loaded
    odd = [
        msgspec.structs.replace(loaded[0], title="NUL \x00 here", people=("Stra\u00dfe",), project=None),
        msgspec.structs.replace(loaded[1], summary="", notes="\ufb01 ligature \u0130", organizations=("A", "B")),
    ]
    for batch in (loaded, odd, odd[1:], []):
        assert query.haystacks(batch) == [haystack(e) for e in batch]


@pytest.mark.parametrize("layout", ["names before the events", "names after the events"])
@pytest.mark.parametrize("words", ['"a film"', "film", "e012"])
def test_a_streamed_file_answers_a_search_as_a_whole_load(
    run: Run, write_dataset: Callable[..., Path], sliced: list[bool], layout: str, words: str
) -> None:
    name, text = LAYOUTS[layout](events())
    args = ["--data", str(write_dataset(text, name=name)), "timeline", "--search", words, "--json"]
    streamed = run(*args)
    assert streamed.stdout == whole(run, *args).stdout
    assert json.loads(streamed.stdout)
    if layout == "names before the events":
        assert sliced[0], "a file that declares its projects first is streamed"
