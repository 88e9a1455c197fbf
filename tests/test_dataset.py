"""The built-in dataset: sourced, faithful to its sources, and valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from spacefilm.read import builtin_path
from spacefilm.source import catalog as load

RAW = json.loads(Path(builtin_path()).read_text(encoding="utf-8"))
EVENTS = RAW["events"]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources"


@pytest.mark.parametrize("item", EVENTS, ids=[e["id"] for e in EVENTS])
def test_every_event_has_a_source_with_a_quote(item: dict[str, object]) -> None:
    sources = item["sources"]
    assert isinstance(sources, list) and sources
    for source in sources:
        assert source["quote"], f"{item['id']}: a source without a quote"
        url = source["url"]
        if url is None:
            assert source["title"] == "The Race to Shoot the First Movie in Space"
        else:
            assert urlparse(url).scheme in ("http", "https") and urlparse(url).netloc


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/sources is not beside this checkout")
def test_quotes_of_the_founding_article_are_verbatim() -> None:
    article = (SHARED / "race-to-shoot-the-first-movie-in-space.txt").read_text(encoding="utf-8")
    for item in EVENTS:
        for source in item["sources"]:
            if source["url"] is None:
                assert source["quote"] in article, item["id"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/sources is not beside this checkout")
def test_every_address_is_in_the_verified_table() -> None:
    table = (SHARED / "verified-events.md").read_text(encoding="utf-8")
    for item in EVENTS:
        for source in item["sources"]:
            if source["url"] is not None:
                assert source["url"] in table, (item["id"], source["url"])


def test_the_story_of_the_founding_article_is_there() -> None:
    catalog = load()
    by_id = catalog.by_id
    assert by_id["cruise-film-reported"].display == "May 4, 2020"
    assert by_id["challenge-cast-named"].earliest == "2021-05-13"
    assert by_id["challenge-iss-shoot"].display == "Oct 5\u201317, 2021"
    assert by_id["challenge-soyuz-ms-18-landing"].kind == "landing"
    assert by_id["cruise-planned-shoot"].status == "unrealized"
    assert by_id["dream-sts-41-c"].earliest.startswith("1984-04")
    # The article's wrong claims stay attributed to it, with the correction in notes.
    assert "four actors" in (by_id["challenge-cast-named"].notes or "")
    assert "June 2021" in (by_id["challenge-training"].notes or "")


def test_country_aliases_from_the_issue() -> None:
    countries = {c["id"]: c for c in RAW["countries"]}
    assert {"usa", "u.s.", "united-states", "america"} <= set(countries["us"]["aliases"])
    assert {"ru", "russian-federation"} <= set(countries["russia"]["aliases"])
    assert "ussr" in countries


@pytest.mark.parametrize("item", [e for e in EVENTS if e.get("claims")], ids=lambda e: e["id"])
def test_every_claim_is_worded_as_its_source_words_it(item: dict[str, Any]) -> None:
    """A claim is the source's own words (fragments joined by an ellipsis), found in a quote or a page title."""
    quoted = " ".join(f"{s['quote'] or ''} {s['title'].lower()}" for s in item["sources"])
    for claim in item["claims"]:
        for fragment in claim["claim"].split("\u2026"):
            assert fragment.strip() in quoted or fragment.strip().lower() in quoted, (item["id"], fragment)
        assert claim["by"]
