"""Claims translated and disputed: every format that shows a claim shows its translation and every dispute."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from conftest import event

Run = Callable[..., Result]
SOURCE = {
    "title": "Tin can in orbit",
    "url": "https://example.org/tin",
    "publisher": "The Daily Planet",
    "quote": "the tin can flew in 1999",
}
DISPUTE = {
    "by": "The Daily Planet",
    "note": "a tin can with a camera had flown the year before",
    "sources": [SOURCE],
}
# As written out: every field of a source, its translation null when not given.
DISPUTE_OUT = {**DISPUTE, "sources": [{**SOURCE, "translation": None}]}
CLAIMS = [
    {"claim": "первый фильм в космосе", "by": "Канал", "translation": "the first film in space", "disputed": [DISPUTE]},
    {"claim": "the first plain claim", "by": "Someone"},
]


@pytest.fixture
def data(write_dataset: Callable[..., Path]) -> str:
    return str(write_dataset({"events": [event("shot", "2000-05-05", kind="filming", claims=CLAIMS)]}))


def firsts(run: Run, data: str, fmt: str) -> str:
    return run("--data", data, "firsts", "--format", fmt).stdout


def test_json_and_jsonl_give_the_translation_and_the_dispute_with_its_sources(run: Run, data: str) -> None:
    for rows in (
        json.loads(firsts(run, data, "json")),
        [json.loads(x) for x in firsts(run, data, "jsonl").splitlines()],
    ):
        disputed, plain = rows
        assert (disputed["translation"], disputed["disputed"]) == ("the first film in space", [DISPUTE_OUT])
        assert (plain["translation"], plain["disputed"]) == (None, [])


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_have_a_column_for_each(run: Run, data: str, fmt: str) -> None:
    rows = list(csv.DictReader(io.StringIO(firsts(run, data, fmt)), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0]["translation"] == "the first film in space"
    assert rows[0]["disputed"] == "a tin can with a camera had flown the year before (The Daily Planet)"
    assert (rows[1]["translation"], rows[1]["disputed"]) == ("", "")


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_table_shows_both_beside_the_claim(run: Run, data: str, fmt: str) -> None:
    text = " ".join(run("--data", data, "firsts", "--format", fmt, env={"COLUMNS": "300"}).stdout.split())
    assert "“первый фильм в космосе” (our translation: “the first film in space”); disputed:" in text
    assert "disputed: a tin can with a camera had flown the year before (The Daily Planet)" in text
    assert text.count("disputed:") == 1  # the plain claim is shown plain


def test_show_gives_the_translation_the_dispute_and_its_source(run: Run, data: str) -> None:
    shown = run("--data", data, "show", "shot").stdout
    lines = [line.strip() for line in shown.splitlines()]
    claim = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("Claim") and line.endswith("“первый фильм в космосе”, by Канал")
    )
    assert lines[claim + 1] == "(our translation) “the first film in space”"
    assert lines[claim + 2] == "disputed: a tin can with a camera had flown the year before (The Daily Planet)"
    # The dispute's source, labelled and indented under it: not read as the claim's own.
    assert lines[claim + 3 : claim + 6] == [
        "source: Tin can in orbit (The Daily Planet)",
        "https://example.org/tin",
        "“the tin can flew in 1999”",
    ]
    raw = shown.splitlines()
    margin = len(raw[claim + 2]) - len(raw[claim + 2].lstrip())
    assert all(len(line) - len(line.lstrip()) == margin + 2 for line in raw[claim + 3 : claim + 6])


def test_the_page_shows_both_with_the_disputes_source_linked(run: Run, data: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    run("--data", data, "chart", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert "(our translation) “the first film in space”" in html
    assert "<strong>disputed:</strong> a tin can with a camera had flown the year before (The Daily Planet)" in html
    assert '<a href="https://example.org/tin"' in html and "the tin can flew in 1999" in html


def test_timelinejs_shows_both(run: Run, data: str) -> None:
    slide = json.loads(run("--data", data, "timeline", "--format", "timelinejs").stdout)["events"][0]
    text = slide["text"]["text"]
    # (the claim marked as Russian, so that a screen reader reads it as such)
    claim = '<span lang="ru">“первый фильм в космосе”</span> (Канал)'
    assert f"{claim}<br>(our translation) “the first film in space”" in text
    assert "<strong>disputed:</strong> a tin can with a camera had flown the year before (The Daily Planet)" in text
    assert '<a href="https://example.org/tin">Tin can in orbit</a>' in text
    assert "<strong>Claim:</strong> “the first plain claim” (Someone)</p>" in text


def test_search_finds_a_claims_translation_and_its_dispute(run: Run, data: str) -> None:
    for words in ('"first film in space"', "Daily Planet", "1999"):
        found = json.loads(run("--data", data, "timeline", "--search", words, "--json").stdout)
        assert [e["id"] for e in found] == ["shot"], words


def test_the_timeline_and_export_keep_the_claims_as_given(run: Run, data: str) -> None:
    claims: list[dict[str, Any]] = json.loads(run("--data", data, "timeline", "--json").stdout)[0]["claims"]
    assert claims[0] == {**CLAIMS[0], "disputed": [DISPUTE_OUT]}
    assert claims[1] == {**CLAIMS[1], "disputed": []}  # no translation given: none written
    exported = json.loads(run("--data", data, "export").stdout)["events"][0]["claims"]
    assert exported == claims


def test_validate_checks_a_dispute_like_any_source(run: Run, write_dataset: Callable[..., Path]) -> None:
    broken = [{**CLAIMS[0], "disputed": [{"by": "X", "note": "y", "sources": []}]}]
    path = write_dataset({"events": [event("shot", "2000", claims=broken)]})
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "claims[0].disputed[0].sources: needs at least one source" in result.output
    missing = [{**CLAIMS[0], "disputed": [{"by": "X", "sources": DISPUTE["sources"]}]}]
    result = run("validate", str(write_dataset({"events": [event("shot", "2000", claims=missing)]}, "b.json")))
    assert result.exit_code == 1 and "note" in result.output


def test_the_schema_describes_a_dispute(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    claim = schema["$defs"]["Claim"]["properties"]
    assert claim["disputed"]["items"] == {"$ref": "#/$defs/Dispute"} and "translation" in claim
    assert schema["$defs"]["Dispute"]["required"] == ["by", "note", "sources"]


def test_firsts_of_events_that_claim_none_says_so(run: Run) -> None:
    """Events match (a landing), but none claims a first: the note says what is missing, not that no event matched."""
    assert run("timeline", "--kind", "landing", "--json").stdout.count('"id":') >= 1
    result = run("firsts", "--kind", "landing")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No claim of a first matches.\n")
    assert run("firsts", "--kind", "landing", "--json").stdout.strip() == "[]"
