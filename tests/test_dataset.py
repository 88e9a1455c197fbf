"""The built-in dataset: sourced, faithful to its sources, and following the rules the README writes for each field."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from click.testing import Result

from spacefilm.dates import parse_edtf
from spacefilm.load.read import builtin_path
from spacefilm.load.source import catalog as load

RAW = json.loads(Path(builtin_path()).read_text(encoding="utf-8"))
EVENTS: list[dict[str, Any]] = RAW["events"]
BY_ID = {e["id"]: e for e in EVENTS}
PROJECTS = {p["id"]: p for p in RAW["projects"]}
CLAIMS = [(e["id"], c) for e in EVENTS for c in e.get("claims", [])]
# Every source the data cites: an event's, and those of the disputes of its claims.
SOURCES = [(e["id"], s) for e in EVENTS for s in e["sources"]] + [
    (event_id, s) for event_id, c in CLAIMS for dispute in c.get("disputed", []) for s in dispute["sources"]
]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources"
ARTICLE = "The Race to Shoot the First Movie in Space"
CHECKED = json.loads((Path(__file__).parent / "data" / "quotes-checked-by-hand.json").read_text(encoding="utf-8"))
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared/sources is not beside this checkout")


def normalised(text: str) -> str:
    """Typographic quotes as plain ones and runs of white space as one space: the words are what is compared."""
    for curly, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, plain)
    return re.sub(r"\s+", " ", text).strip()


def parts(quote: str) -> list[str]:
    """A quote's verbatim parts: a quote may leave words out, marked by an ellipsis."""
    return [normalised(part) for part in quote.split("\u2026") if part.strip()]


def shared_text(*names: str) -> str:
    return normalised(" ".join((SHARED / name).read_text(encoding="utf-8") for name in names))


# ---- sources and quotes --------------------------------------------------------------------------------------------


def test_every_source_has_an_address_or_is_the_founding_article() -> None:
    for event_id, source in SOURCES:
        assert source["quote"], f"{event_id}: a source without a quote"
        url = source["url"]
        if url is None:
            assert (source["title"], source["publisher"]) == (ARTICLE, None), event_id
        else:
            assert urlparse(url).scheme in ("http", "https") and urlparse(url).netloc, (event_id, url)
            assert source["publisher"], (event_id, url)


@needs_shared
def test_quotes_of_the_founding_article_are_verbatim() -> None:
    article = shared_text("race-to-shoot-the-first-movie-in-space.txt")
    for event_id, source in SOURCES:
        if source["url"] is None:
            assert all(part in article for part in parts(source["quote"])), event_id


@needs_shared
def test_every_quote_is_verbatim_from_the_shared_sources_or_checked_by_hand() -> None:
    """The verified table and the audits give addresses and quotes; any other quote of a page was checked by hand."""
    shared = shared_text("verified-events.md", "audit-2026-11.md", "audit-2026-12.md")
    for event_id, source in SOURCES:
        url = source["url"]
        if url is None:
            continue
        checked = {normalised(x) for x in CHECKED["pages"].get(url, {}).get("excerpts", [])}
        assert url in shared or url in CHECKED["pages"], (event_id, url, "an address from no stored source")
        for part in parts(source["quote"]):
            assert part in shared or part in checked, (event_id, url, part)


def test_every_quote_checked_by_hand_is_still_quoted() -> None:
    """The record of hand checks says what the data quotes, no more: a stale entry is a quote that changed."""
    quoted = {(s["url"], part) for _, s in SOURCES for part in parts(s["quote"])}
    for url, page in CHECKED["pages"].items():
        for excerpt in page["excerpts"]:
            assert (url, normalised(excerpt)) in quoted, (url, excerpt)


# Words common in German, French, Spanish or Russian prose and rare in English: two of them mark a quote as not English.
FOREIGN_WORDS = {"der", "die", "das", "und", "hat", "im", "am", "ist", "mit", "ersten", "den", "märz"}  # German
FOREIGN_WORDS |= {"le", "la", "les", "des", "est", "et"}  # French
FOREIGN_WORDS |= {"de", "del", "el", "los", "las", "una", "y"}  # Spanish


def is_english(quote: str) -> bool:
    if re.search(r"[\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff]", quote):  # Cyrillic, kana, CJK
        return False
    return len(FOREIGN_WORDS & set(re.findall(r"[^\W\d_]+", quote.lower()))) < 2


def test_a_quote_in_another_language_has_our_translation() -> None:
    for event_id, source in SOURCES:
        if is_english(source["quote"]):
            assert source["translation"] is None, (event_id, "a translation of an English quote")
        else:
            translation = source["translation"]
            assert translation and is_english(translation), (event_id, source["quote"][:40])
            # A quote that leaves words out is translated leaving out the same places.
            assert translation.count("\u2026") == source["quote"].count("\u2026"), event_id


def test_a_claim_in_another_language_has_our_translation() -> None:
    for event_id, claim in CLAIMS:
        if is_english(claim["claim"]):
            assert claim.get("translation") is None, (event_id, "a translation of an English claim")
        else:
            assert claim.get("translation") and is_english(claim["translation"]), (event_id, claim["claim"])


def test_notes_are_written_for_readers() -> None:
    """Notes say what a source says: never the workplace's words for its own files."""
    for item in EVENTS:
        notes = (item.get("notes") or "").lower()
        for words in ("the audit", "our table", "our stored pages", "verified-facts table"):
            assert words not in notes, (item["id"], words)


def publisher_names() -> set[str]:
    """The names of every publisher the data cites: "Kazinform (TASS)" is Kazinform, and TASS whom it cites; a
    description in brackets ("a copy", "blog", "Roscosmos PR", "Pskov") names no publisher."""
    names = set()
    for _, source in SOURCES:
        found = re.fullmatch(r"(.*?) \((.*)\)", source["publisher"] or "")
        base, inner = (found.group(1), found.group(2)) if found else (source["publisher"], "")
        names |= {base} if base else set()
        names |= {part for part in re.split(r", |/", inner) if part[:1].isupper() and " " not in part.strip("-")}
    return names - {"Pskov"}


# A publisher's other name in notes; and names that notes also use for an agency or a film format, not as a citation
# (checked only in brackets, where a citation is).
ALSO_CALLED = {"KP": "Komsomolskaya Pravda"}
ALSO_AN_AGENCY_OR_FORMAT = {"NASA", "IMAX"}
SEE = re.compile(r"\bsee (?:also )?([a-z0-9]+(?:-[a-z0-9]+)+)")


def brackets(text: str) -> list[tuple[int, int]]:
    """The spans of the outermost brackets of a text."""
    spans, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char == "(":
            start = at if depth == 0 else start
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, at))
    return spans


def test_notes_cite_only_the_sources_of_their_event_or_of_an_event_they_point_to() -> None:
    """Every publisher a note names is a publisher of the event's sources (its quote and address there), or of an
    event the note points to with "see <id>"; a bracket that is a bare name is a source of the event, or a person."""
    names = publisher_names()
    for item in EVENTS:
        notes = item.get("notes") or ""
        pointed = SEE.findall(notes)
        assert all(event_id in BY_ID for event_id in pointed), (item["id"], pointed)
        cited = [s["publisher"] for e in (item, *(BY_ID[i] for i in pointed)) for s in e["sources"] if s["publisher"]]
        cited += [s["publisher"] for c in item.get("claims", []) for d in c.get("disputed", []) for s in d["sources"]]
        spans = brackets(notes)
        for name in names | set(ALSO_CALLED):
            for found in re.finditer(rf"(?<![\w/]){re.escape(name)}(?!\w)", notes):
                in_brackets = any(a < found.start() < b for a, b in spans)
                if name in ALSO_AN_AGENCY_OR_FORMAT and not in_brackets:
                    continue
                known = {name, ALSO_CALLED.get(name, name)}
                assert any(n in p for n in known for p in cited), (item["id"], name, "not among its sources")
        for a, b in spans:
            bare = notes[a + 1 : b]
            if re.fullmatch(r"[A-Z/][\w.&'/-]*( [A-Z][\w.&'-]*)*", bare) and bare not in item.get("people", []):
                assert any(bare in p for p in cited), (item["id"], f"({bare})", "cites no source of the event")


def test_notes_write_dates_as_a_reader_reads_them() -> None:
    """ "in September 2025", never "in 2025-09": an ISO date in notes only inside a quote of a source's words."""
    for item in EVENTS:
        prose = re.sub(r"(?<!\w)'[^']*'(?!\w)|«[^»]*»", "", item.get("notes") or "")
        assert not re.search(r"\b\d{4}-\d{2}\b", prose), (item["id"], re.findall(r"\b\d{4}-\d{2}[-\d]*", prose))


def test_show_prints_the_translation_and_search_finds_it(run: Callable[..., Result]) -> None:
    shown = run("show", "challenge-krikalev-moved").stdout
    assert "(our translation) Sergei Krikalev was moved to the post of adviser" in shown
    # "under the working title" is in no title, summary, note or name: only in the translation of NewsKitchen's quote.
    assert ids(run("timeline", "--search", '"under the working title"', "--json")) == ["challenge-announced"]


def ids(result: Result) -> list[str]:
    return [e["id"] for e in json.loads(result.stdout)]


# ---- claims of a first ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", [e for e in EVENTS if e.get("claims")], ids=lambda e: e["id"])
def test_every_claim_is_worded_as_its_source_words_it(item: dict[str, Any]) -> None:
    """A claim is the source's own words (parts joined by an ellipsis), found in a quote or a page title."""
    quoted = normalised(" ".join(f"{s['quote']} {s['title']}" for s in item["sources"]))
    for claim in item["claims"]:
        for part in parts(claim["claim"]):
            assert part in quoted or part.lower() in quoted.lower(), (item["id"], part)
        assert claim["by"]


def test_the_claims_the_audit_found_are_in_firsts(run: Callable[..., Result]) -> None:
    claims = {row["event"]: row for row in json.loads(run("firsts", "--json").stdout)}
    assert claims["akiyama-reports-from-mir"]["claim"] == "the first journalist to report from outer space"
    assert claims["hadfield-space-oddity"]["claim"] == "The music video \u2013 the first filmed entirely in space"
    assert claims["challenge-putin-first"]["claim"].startswith("We were the first to shoot a full-length feature")
    # The Russian claim is translated beside it, and its source's quote too.
    translated = "for the first time in history, will make a feature film in space"
    assert claims["challenge-announced"]["translation"] == translated
    assert "first time in history" in claims["challenge-announced"]["sources"][0]["translation"]


# Claims that a source in the dataset contradicts, and who says so.
DISPUTED = {
    ("challenge-iss-shoot", "the first to shoot a movie entirely in space"): "Kazinform",
    ("tnuva-advert", "first commercial filmed in space"): "Chicago Tribune",
    ("nezhnost-broadcast", "первый музыкальный номер, снятый в космосе"): "Guinness World Records",
    ("apogee-of-fear-filmed", "the first narrative fiction film made completely in space"): "How-To Geek",
    ("pocari-sweat-iss-advert", "Japaner drehen ersten Spot im All"): "Guinness World Records",
    ("softbank-iss-advert", "the first ever ad recorded on the ISS"): "CNN",
    ("challenge-putin-prize", "это первенство неоспоримо"): "Wiki2",
    ("challenge-announced", "впервые в истории создадут художественный фильм в космосе"): "Wiki2",
    ("cruise-planned-shoot", "the first narrative feature film to be shot in space ever on the ISS"): "RussianSpaceWeb",
}


def test_the_contested_firsts_are_marked_disputed(run: Callable[..., Result]) -> None:
    rows = {(row["event"], row["claim"]): row for row in json.loads(run("firsts", "--json").stdout)}
    for key, by in DISPUTED.items():
        disputes = rows[key]["disputed"]
        assert disputes and by in disputes[0]["by"], key
        assert disputes[0]["sources"] and disputes[0]["note"], key


# Every claim of a first, read word for word, and what in the dataset contradicts it: the events whose sources show
# the claim's own qualifier was met before (or not met). A new claim must be placed in one table or the other.
FULL_LENGTH = "a full length movie entirely in space, which has never been done before"
ON_THE_ISS = "the first narrative feature film to be shot in space ever on the ISS"
SPACEWALK = "hopefully being the first civilian to do a spacewalk outside of the space station"
CONTRADICTED_BY = {
    # "entirely in space", "full-length ... in orbit": about 35-40 minutes were shot in orbit (Kazinform, SpaceNews)
    ("challenge-iss-shoot", "the first to shoot a movie entirely in space"): "challenge-iss-shoot",
    ("challenge-iss-shoot", FULL_LENGTH): "challenge-iss-shoot",
    ("challenge-putin-first", "We were the first to shoot a full-length feature film in orbit"): "challenge-iss-shoot",
    # An unqualified primacy, and "for the first time in history ... a feature film in space": Return from Orbit, 1983
    ("challenge-putin-prize", "это первенство неоспоримо"): "return-from-orbit-filming",
    ("challenge-announced", "впервые в истории создадут художественный фильм в космосе"): "return-from-orbit-filming",
    # "the first narrative feature ... on the ISS": The Challenge's scenes were shot there first (Cruise's never were)
    ("cruise-planned-shoot", ON_THE_ISS): "challenge-iss-shoot",
    ("tnuva-advert", "first commercial filmed in space"): "pepsi-on-mir",  # filmed on a spacewalk in 1996
    ("pocari-sweat-iss-advert", "Japaner drehen ersten Spot im All"): "tnuva-advert",
    ("nezhnost-broadcast", "первый музыкальный номер, снятый в космосе"): "hadfield-space-oddity",
    ("apogee-of-fear-filmed", "the first narrative fiction film made completely in space"): "apogee-of-fear-filmed",
    ("softbank-iss-advert", "the first ever ad recorded on the ISS"): "radioshack-iss-advert",
}
NOT_CONTRADICTED = {  # and why no source in the dataset contradicts them
    ("universal-still-developing", SPACEWALK): "no spacewalk by a civilian is in the dataset",
    ("dream-sts-41-c", "the first use of the IMAX camera"): "no earlier IMAX camera in orbit",
    ("space-station-3d-opens", "the first-ever IMAX 3D film from space"): "Hubble 3D, the other, came after",
    ("radioshack-iss-advert", "the first television advertisement produced in space station Alpha"): (
        "Pizza Hut's footage of April 2001 is called a promotional stunt, never a television advertisement"
    ),
    ("pizza-hut-iss", "world's first pizza to be delivered to and eaten in space"): "no earlier pizza",
    ("akiyama-reports-from-mir", "the first journalist to report from outer space"): "no earlier journalist",
    ("hadfield-space-oddity", "The music video \u2013 the first filmed entirely in space"): "Nezhnost came after",
    ("a-beautiful-planet-release", "the first IMAX space film shot with digital cameras"): (
        "no source says an earlier one was shot digitally"
    ),
    ("shenzhou-13-documentary", "China's first space documentary"): "no earlier Chinese filming in orbit",
    ("shenzhou-13-documentary", "China's first 8K movie shot in space"): "no earlier Chinese filming in orbit",
}


def test_every_claim_a_source_in_the_dataset_contradicts_is_marked_disputed() -> None:
    """Each claim of a first is read against the dataset: one that a source here contradicts says so in `disputed`,
    with a source of the contradicting event; the tables hold every claim, so a new one must be placed."""
    firsts = {(event_id, c["claim"]): c for event_id, c in CLAIMS if c.get("kind", "first") == "first"}
    assert set(firsts) == set(CONTRADICTED_BY) | set(NOT_CONTRADICTED), "a claim of a first in neither table"
    assert not set(CONTRADICTED_BY) & set(NOT_CONTRADICTED)
    for key, event_id in CONTRADICTED_BY.items():
        disputes = firsts[key].get("disputed") or []
        assert disputes, (key, "contradicted, and shown plain")
        cited = {s["url"] for dispute in disputes for s in dispute["sources"]}
        assert cited & {s["url"] for s in BY_ID[event_id]["sources"]}, (key, "no source of", event_id)
        for dispute in disputes:
            for source in dispute["sources"]:  # (a dispute cites a page an event holds, in words that event quotes)
                assert any(
                    source["url"] == s["url"] and all(part in normalised(s["quote"]) for part in parts(source["quote"]))
                    for e in EVENTS
                    for s in e["sources"]
                ), (key, source["url"])
    for key in NOT_CONTRADICTED:
        assert not firsts[key].get("disputed"), (key, "disputed, yet listed as contradicted by nothing")


# ---- dates and status ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", EVENTS, ids=[e["id"] for e in EVENTS])
def test_no_event_dated_after_today_has_happened_and_a_plan_still_ahead_is_ahead(item: dict[str, Any]) -> None:
    when = parse_edtf(item["date"])
    today = date.today()
    status = item.get("status", "happened")
    if status == "happened":
        assert when.earliest <= today, item["id"]
    if status == "planned":
        latest = when.iso_latest()
        assert latest is None or date.fromisoformat(latest) >= today, (item["id"], "a plan that is past")


def test_one_event_per_plan() -> None:
    """A plan that never happened, or is still ahead, is recorded once: never two plans of a project for one date."""
    plans = [(e.get("project"), e["date"]) for e in EVENTS if e.get("status", "happened") != "happened"]
    assert len(plans) == len(set(plans)), plans
    assert "cruise-planned-launch" not in BY_ID  # merged into cruise-planned-shoot: the same October 2021 plan


# ---- ids, kinds, projects, countries, people -----------------------------------------------------------------------


def test_ids_are_unique_lowercase_slugs() -> None:
    slug = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
    assert all(slug.fullmatch(e["id"]) and len(e["id"]) <= 40 for e in EVENTS), [e["id"] for e in EVENTS]
    assert len(BY_ID) == len(EVENTS)


# The kinds that are steps of one titled production, and so always have a project; and the one that never has.
KINDS_OF_A_PRODUCTION = {"casting", "training", "filming", "release"}


@pytest.mark.parametrize("item", EVENTS, ids=[e["id"] for e in EVENTS])
def test_kinds_and_projects_follow_the_rules(item: dict[str, Any]) -> None:
    if item["kind"] in KINDS_OF_A_PRODUCTION:
        assert item.get("project"), (item["id"], item["kind"], "a step of a production needs its project")
    if item["kind"] == "precedent":
        assert not item.get("project"), (item["id"], "a precedent is footage of no titled production")
    if item["kind"] == "casting":
        assert item.get("people") or item.get("organizations"), item["id"]


def test_a_crew_naming_is_not_a_casting() -> None:
    assert BY_ID["axiom-ax1-crew"]["kind"] == "announcement"


# Who filmed (or was to film) each project, in words found in its events, and that crew's or agency's country.
PROJECT_FILMED_BY = {
    "cruise-iss-film": ("Tom Cruise", "us"),
    "the-challenge": ("Klim Shipenko", "russia"),
    "the-dream-is-alive": ("NASA", "us"),
    "return-from-orbit": ("космонавтами", "ussr"),
    "blue-planet": ("shuttle astronauts", "us"),
    "destiny-in-space": ("NASA shuttle missions", "us"),
    "space-station-3d": ("photographed by NASA astronauts, Russian cosmonauts", "us"),  # no count: NASA's
    "apogee-of-fear": ("Richard Garriott", "us"),
    "hubble-3d": ("NASA", "us"),
    "mission-to-mir": ("Filmed in space by American astronauts", "us"),
    "a-beautiful-planet": ("filmed aboard the International Space Station by astronaut crews", "us"),
    "nezhnost-iss-video": ("Антоном Шкаплеровым", "russia"),
    "challenge-moon-sequel": ("Konstantin Ernst", "russia"),
    "vyzov-first-in-space": ("Channel One", "russia"),
    "space-explorers-moonrise": ("filmed entirely by astronauts aboard the International Space Station", "us"),
    "who-wants-to-be-an-astronaut": ("Discovery", "us"),
    "space-oddity-video": ("Chris Hadfield", "canada"),
    "space-hero": ("Space Hero Inc., a US-based production company", "us"),
    "space-explorers-iss-experience": ("Anne McClain, David Saint-Jacques, Christina Koch and Nick Hague", "us"),
    "countdown-inspiration4": ("Jared Isaacman", "us"),
    "shenzhou-13": ("Zhai Zhigang", "china"),
}
# The same for the events of no project: the crew that filmed, or the company that flew.
EVENT_FILMED_BY = {
    "akiyama-reports-from-mir": ("Toyohiro Akiyama", "japan"),
    "pepsi-on-mir": ("to have cosmonauts inflate", "russia"),
    "tnuva-advert": ("Alexander Lazutkin filmed", "russia"),
    "pizza-hut-iss": ("paid the Russian space agency", "russia"),
    "maezawa-iss-video": ("as filmed by Hirano", "japan"),
    "radioshack-iss-advert": ("Talgat Musabayev and Yuri Baturin were filmed", "russia"),
    "pocari-sweat-iss-advert": ("Two Russian cosmonauts", "russia"),
    "cup-noodle-iss-advert": ("cosmonaut Sergei Krikalev", "russia"),
    "softbank-iss-advert": ("Satoshi Furukawa", "japan"),
    "channel-one-space-prize-2002": ("A Russian television channel", "russia"),
    "see-1-announced": ("Space Entertainment Enterprise", "uk"),
    "axiom-ax1-crew": ("Axiom Space", "us"),
    "axiom-ax1-launch": ("Axiom Space", "us"),
}


def text_of(item: dict[str, Any]) -> str:
    words = [*item.get("people", []), *item.get("organizations", [])]
    words += [s["quote"] for s in item["sources"]]
    return normalised(" ".join(words))


def test_country_is_the_country_of_the_crew_or_agency_that_filmed() -> None:
    assert set(PROJECT_FILMED_BY) == set(PROJECTS), "every project says who filmed it"
    assert set(EVENT_FILMED_BY) == {e["id"] for e in EVENTS if not e.get("project")}, "and every other event"
    for project_id, (who, country) in PROJECT_FILMED_BY.items():
        assert PROJECTS[project_id]["country"] == country, project_id
        events = [e for e in EVENTS if e.get("project") == project_id]
        assert any(who in text_of(e) for e in events), (project_id, who)
        for item in events:
            assert item["country"] == country, (item["id"], "an event has its project's country")
    for event_id, (who, country) in EVENT_FILMED_BY.items():
        assert who in text_of(BY_ID[event_id]), (event_id, who)
        assert BY_ID[event_id]["country"] == country, event_id


def test_a_sponsor_is_an_organization_never_the_country() -> None:
    for event_id, sponsor in (
        ("tnuva-advert", "Tnuva"),
        ("pizza-hut-iss", "Pizza Hut"),
        ("pepsi-on-mir", "Pepsi"),
        ("radioshack-iss-advert", "RadioShack"),
        ("cup-noodle-iss-advert", "Nissin Food Products"),
    ):
        assert sponsor in BY_ID[event_id]["organizations"] and BY_ID[event_id]["country"] == "russia", event_id


def test_people_are_named_in_full() -> None:
    """A given name and a surname, as a source gives them: "Sullivan" alone was a name cut short."""
    for item in EVENTS:
        for person in item.get("people", []):
            assert len(person.split()) >= 2, (item["id"], person)


# ---- the story, corrected ------------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("event_id", "words"),
    [
        ("challenge-iss-shoot", ["'Entirely in space'", "is wrong", "Kazinform", "AFP"]),
        ("challenge-iss-shoot", ["The Dream Is Alive was partially shot in space in April 1984", "SpaceNews"]),
        ("challenge-cast-named", ["director of photography", "Parabolic Arc", "AiF", "Space.com", "RussianSpaceNews"]),
        ("challenge-announced", ["Variety", "Sneak Peek", "Spoiler Free Movie Sleuth", "TV Guide", "lung"]),
        ("challenge-training", ["not settled", "AiF", "KP Pskov", "informpskov", "Rossaprimavera", "Space Sleuth"]),
        ("challenge-krikalev-moved", ["9 June", "11 June", "Meduza", "Rogozin"]),
        ("cruise-planned-shoot", ["Page Six", "Deadline"]),
        ("pepsi-on-mir", ["20 May 1996", "never aired"]),
        ("tnuva-advert", ["Pepsi", "Chicago Tribune"]),
        ("return-from-orbit-release", ["1983", "do not agree"]),
        ("pizza-hut-iss", ["BBC News", "ABC News", "Der Standard", "do not agree"]),
        ("apogee-of-fear-filmed", ["How-To Geek", "on the ground"]),
        ("apogee-of-fear-release", ["Dragon Con 2011", "February 2012", "SXSW", "no year"]),
        ("dream-sts-41-c", ["Return from Orbit", "1983", "20 August 1984"]),
        ("challenge-putin-first", ["Kremlin Palace", "had not seen the film"]),
    ],
)
def test_each_correction_says_what_its_sources_say(event_id: str, words: list[str]) -> None:
    notes = BY_ID[event_id].get("notes") or ""
    for word in words:
        assert word in notes, (event_id, word)


def test_corrected_facts() -> None:
    assert (BY_ID["pizza-hut-iss"]["date"], BY_ID["pizza-hut-iss"]["people"]) == ("2001-04", ["Yuri Usachov"])
    by = BY_ID["pizza-hut-iss"]["claims"][0]["by"]
    assert "Randy Gier" in by and "ABC News" in by  # Pizza Hut's words, as ABC quotes them
    assert BY_ID["apogee-of-fear-release"]["date"] == "2011-09?"  # Dragon Con 2011, before SXSW 2012
    assert (BY_ID["pepsi-on-mir"]["date"], BY_ID["hubble-3d-release"]["date"]) == ("1996-05-20", "2010-03-09")
    assert "project" not in BY_ID["see-1-announced"]  # a studio module is no production
    assert "Page Six" in BY_ID["cruise-film-not-moving-forward"]["sources"][0]["quote"]
    assert BY_ID["shenzhou-13-documentary"]["sources"][0]["publisher"] == "Xinhua"
    assert "Klim Shipenko" in BY_ID["challenge-announced"]["people"]
    assert {"Space Entertainment Enterprise", "Axiom Space"} <= set(BY_ID["see-1-announced"]["organizations"])


@pytest.mark.parametrize(
    ("event_id", "display"),
    [
        ("akiyama-reports-from-mir", "Dec 2, 1990"),
        ("hadfield-space-oddity", "May 12, 2013"),
        ("space-hero-announced", "Sep 17, 2020"),
        ("space-explorers-episode-one", "Oct 22, 2020"),
        ("challenge-krikalev-moved", "Jun 9, 2021"),
        ("nezhnost-broadcast", "Dec 31, 2022 \u2013 Jan 1, 2023"),
        ("challenge-state-prize", "Jun 9, 2023"),
        ("shenzhou-13-filmed", "Oct 16, 2021 \u2013 Apr 16, 2022"),
        ("inspiration4-flight-filmed", "Sep 15\u201318, 2021"),
        ("channel-one-space-prize-2002", "Nov 13, 2002"),
        ("countdown-inspiration4-finale", "Sep 30, 2021"),
        ("challenge-putin-first", "Apr 12, 2023"),
        ("challenge-box-office-billion", "May 4, 2023"),
    ],
)
def test_the_missing_events_are_in_the_timeline(run: Callable[..., Result], event_id: str, display: str) -> None:
    timeline = {e["id"]: e for e in json.loads(run("timeline", "--json").stdout)}
    assert timeline[event_id]["display"] == display


# The productions filmed in orbit: each has its filming, so `compare` and `chart` count it.
FILMED_IN_ORBIT = (
    "the-dream-is-alive",
    "return-from-orbit",
    "blue-planet",
    "destiny-in-space",
    "mission-to-mir",
    "space-station-3d",
    "apogee-of-fear",
    "hubble-3d",
    "space-oddity-video",
    "a-beautiful-planet",
    "space-explorers-iss-experience",
    "countdown-inspiration4",
    "the-challenge",
    "nezhnost-iss-video",
    "shenzhou-13",
)


def test_what_compare_lists_as_filmed_in_orbit_is_dated_by_its_filming(run: Callable[..., Result]) -> None:
    """A precedent or a filming is dated when the footage was shot; a broadcast or a release is told in notes (the
    Tnuva advert was broadcast on 22 August 1997, after its crew had landed on 14 August)."""
    for item in EVENTS:
        if item["kind"] in ("precedent", "filming"):
            title = item["title"].lower()
            assert not re.search(r"\b(broadcast|aired|airs|released?|premieres?|posts?|shown)\b", title), item["id"]
    assert parse_edtf(BY_ID["tnuva-advert"]["date"]).iso_latest() == "1997-08-14"
    assert "broadcast on 22 August 1997" in BY_ID["tnuva-advert"]["notes"]
    russia = json.loads(run("compare", "us", "russia", "--json").stdout)["precedents"]["russia"]
    assert {e["id"]: e["display"] for e in russia}["tnuva-advert"] == "Feb 10 \u2013 Aug 14, 1997"


def test_every_production_filmed_in_orbit_has_its_filming() -> None:
    for project_id in FILMED_IN_ORBIT:
        filming = [e for e in EVENTS if e.get("project") == project_id and e["kind"] == "filming"]
        assert any(e.get("status", "happened") == "happened" for e in filming), project_id


def test_compare_lists_every_us_production_filmed_in_orbit_before_the_race(run: Callable[..., Result]) -> None:
    shown = json.loads(run("compare", "us", "russia", "--json").stdout)
    before = {e["project"] for e in shown["precedents"]["us"]}
    assert {"the-dream-is-alive", "blue-planet", "destiny-in-space", "mission-to-mir", "space-station-3d"} <= before
    assert {"apogee-of-fear", "hubble-3d", "a-beautiful-planet", "space-explorers-iss-experience"} <= before


def test_country_aliases_from_the_issue() -> None:
    countries = {c["id"]: c for c in RAW["countries"]}
    assert {"usa", "u.s.", "united-states", "america"} <= set(countries["us"]["aliases"])
    assert {"ru", "russian-federation"} <= set(countries["russia"]["aliases"])
    assert "ussr" in countries


def test_the_builtin_dataset_gives_no_key_twice() -> None:
    """(Commands do not parse the built-in dataset a second time for keys given twice: this test and validate do.)"""
    from spacefilm.load import decode

    data = Path(builtin_path()).read_bytes()
    assert decode._duplicate_keys(data, "events.json", lines=False) == []
