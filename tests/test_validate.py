"""`validate` finds every problem in one run, says where each is and how to fix it, in text, JSON and GitHub
annotations; the same problems, in the same order, for the same events in any layout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SOURCE, event
from spacefilm.load import stream
from spacefilm.model import KINDS

Run = Callable[..., Result]
KINDS_ARE = f"the kinds are {', '.join(KINDS)}"


def every_mistake() -> dict[str, Any]:
    """A dataset with one of every kind of mistake: in fields, types, references, dates, ids and names."""
    return {
        "countries": [
            {"id": "russia", "name": "Russia", "aliases": ["ru"]},
            {"id": "us", "name": "United States", "aliases": ["RU"], "predecessor": "sovet"},
        ],
        "projects": [
            {"id": "the-challenge", "title": "The Challenge", "country": "rusia"},
            {"id": "cruise-film", "title": "Cruise film", "country": "us"},
        ],
        "races": [{"id": "orbit", "title": "Orbit", "projects": ["the-challenge", "cruise-film", "the-challenge"]}],
        "event": [],
        "events": [
            event("kine", "2021", country="russia"),
            {
                **event("mine", "Oct 10 2021", country="Rusia", kind="filmng", project="the-chalenge"),
                "summery": "a typo",
                "sources": [],
            },
            {
                **event("mine", "2023-02-30", country="russia", status="maybe"),
                "title": 7,
                "sources": [{**SOURCE, "urll": "https://example.org"}],
            },
            {**event("Kine", "2020-05", country="ru"), "earliest": "2020-05-04", "people": "Tom Cruise"},
            {key: value for key, value in event("\u212aine", "2021", country="us").items() if key != "title"},
        ],
    }


# What each problem is (object, field, message, fix), in the order listed: names first, then events in order, each
# event's fields in the order of the format.
EVERY_MISTAKE = [
    (None, "event", "unknown top-level field 'event'", "did you mean 'events'? (the fields are events, countries, "
     "projects, races)"),
    ("country #2 'us'", "aliases[0]", "'RU' and 'ru' (an alias of country #1) differ only in case",
     "a name may name one country only"),
    ("country #2 'us'", "predecessor", "'sovet' is not a declared country",
     "the declared countries are russia, us"),
    ("project #1 'the-challenge'", "country", "'rusia' is not a declared country",
     "did you mean 'russia'? (the declared countries are russia, us)"),
    ("race #1 'orbit'", "projects[2]", "'the-challenge' is listed twice (projects[0])",
     "list each project of a race once"),
    ("event #2 'mine'", "summery", "unknown field 'summery'", "did you mean 'summary'?"),
    ("event #2 'mine'", "date", "'Oct 10 2021' is not a date of the form YYYY, YYYY-MM, YYYY-MM-DD (optionally "
     "ending in ~ ? or %), START/END or START/..", "write it as '2021-10-10'"),
    ("event #2 'mine'", "country", "'Rusia' is not a declared country",
     "did you mean 'russia'? (the declared countries are russia, us)"),
    ("event #2 'mine'", "kind", "'filmng' is not a kind", f"did you mean 'filming'? ({KINDS_ARE})"),
    ("event #2 'mine'", "project", "'the-chalenge' is not a declared project",
     "did you mean 'the-challenge'? (the declared projects are cruise-film, the-challenge)"),
    ("event #2 'mine'", "sources", "needs at least one source", None),
    ("event #3 'mine'", "id", "'mine' is also the id of event #2", "give each event an id of its own"),
    ("event #3 'mine'", "date", "Feb 2023 has no day 30 (it has 28 days)", None),
    ("event #3 'mine'", "title", "expected a string, got a number", None),
    ("event #3 'mine'", "status", "'maybe' is not a status", "the statuses are happened, planned, unrealized"),
    ("event #3 'mine'", "sources[0].urll", "unknown field 'urll'",
     "did you mean 'url'? (the fields are title, url, publisher, quote, translation)"),
    ("event #4 'Kine'", "id", "'Kine' and 'kine' (event #1) differ only in case",
     "`show` cannot tell them apart: give each event an id of its own"),
    ("event #4 'Kine'", "earliest", "is '2020-05-04' but the date '2020-05' gives '2020-05-01'",
     "write '2020-05-01', or leave it out"),
    ("event #4 'Kine'", "country", "'ru' is not a declared country",
     "did you mean 'russia'? (data names the id; aliases and names are for the command line)"),
    ("event #4 'Kine'", "people", "expected an array, got a string", None),
    ("event #5 '\u212aine'", "id", "'\u212aine' and 'kine' (event #1) are the same name written with other characters "
     "(U+212A KELVIN SIGN)", "`show` cannot tell them apart: give each event an id of its own"),
    ("event #5 '\u212aine'", "title", "missing (required)", None),
]


def validated(run: Run, path: Path, *options: str) -> Result:
    result = run("validate", str(path), *options)
    assert result.exit_code == 1, result.output
    assert result.stderr == f"{len(EVERY_MISTAKE)} problems found.\n"
    return result


def test_one_run_finds_every_mistake_with_its_fix_in_json(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset(json.dumps(every_mistake(), indent=2, ensure_ascii=False))
    records = json.loads(validated(run, path, "--format", "json").stdout)
    assert [(r["object"], r["field"], r["message"], r["suggestion"]) for r in records] == EVERY_MISTAKE
    assert {r["file"] for r in records} == {str(path)}
    assert [r["event"] for r in records][-3:] == ["Kine", "\u212aine", "\u212aine"]
    # Each names the line and column where its field is (its key), or, for a field that is missing, its event.
    lines = path.read_text(encoding="utf-8").splitlines()
    for record in records:
        at = lines[record["line"] - 1].encode("utf-8")[record["column"] - 1 :].decode("utf-8")
        last = record["field"].rsplit(".", 1)[-1]
        if last.endswith("]"):  # (an element of a list: the element)
            assert at.startswith({"aliases[0]": '"RU"', "projects[2]": '"the-challenge"'}[last]), record
        elif record["message"] == "missing (required)":
            assert at.startswith("{"), record
        else:
            assert at.startswith(f'"{last}"'), record


def test_the_same_problems_as_text_and_as_github_annotations(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset(json.dumps(every_mistake(), indent=2, ensure_ascii=False))
    records = json.loads(validated(run, path, "--json").stdout)
    text = validated(run, path).stdout.splitlines()
    github = validated(run, path, "--format", "github").stdout.splitlines()
    for record, line, annotation in zip(records, text, github, strict=True):
        where = f"{path}:{record['line']}:{record['column']}"
        parts = [where, record["object"], record["field"]] if record["object"] else [where, record["field"]]
        said = ": ".join(part for part in parts if part) + ": " + record["message"]
        if record["suggestion"]:
            said += "; " + record["suggestion"]
        assert line == said
        properties = f"title=spacefilm validate,file={path},line={record['line']},col={record['column']}"
        assert annotation == f"::error {properties}::{said.replace('%', '%25')}"
    assert len(text) == len(EVERY_MISTAKE)


def test_jsonl_writes_one_problem_a_line(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset(every_mistake())
    lines = validated(run, path, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["message"] for line in lines] == [mistake[2] for mistake in EVERY_MISTAKE]


def test_a_sound_dataset_is_ok_on_stderr_for_tools(run: Run) -> None:
    for options, out in ((["--json"], "[]\n"), (["--format", "github"], ""), (["--format", "jsonl"], "")):
        result = run("validate", *options)
        assert (result.exit_code, result.stdout) == (0, out)
        assert result.stderr.startswith("OK: ") and " events, " in result.stderr
    assert run("validate").stdout.startswith("OK: ")


def test_annotations_escape_what_would_end_a_command(run: Run, write_dataset: Callable[..., Path]) -> None:
    path = write_dataset([event("a,b", "100%"), event("c", "2021")], name="a:b,c.json")
    [annotation] = validated_any(run, path, "--format", "github")
    assert annotation.startswith("::error title=spacefilm validate,file=")
    properties, _, message = annotation.partition("::")[2].partition("::")
    column = path.read_text(encoding="utf-8").index('"date"') + 1
    assert properties.endswith(f"a%3Ab%2Cc.json,line=1,col={column}") and "'100%25'" in message
    assert "\n" not in message


def validated_any(run: Run, path: Path, *options: str) -> list[str]:
    result = run("validate", str(path), *options)
    assert result.exit_code == 1
    return result.stdout.splitlines()


def test_names_that_differ_only_in_case_are_an_error_declared_or_not(
    run: Run, write_dataset: Callable[..., Path]
) -> None:
    """A dataset that declares no countries: `UK` and `uk` would be listed as two, and `--country UK` could select
    only one of them."""
    events = [event("a", "2021", country="UK"), event("b", "2021", country="uk"), event("c", "2021", country="uk")]
    lines = validated_any(run, write_dataset(events), "--format", "jsonl")
    assert [json.loads(line)["object"] for line in lines] == ["event #2 'b'"]
    record = json.loads(lines[0])
    assert (record["field"], record["message"], record["suggestion"]) == (
        "country",
        "'uk' (and 1 more event) and 'UK' (event #1) differ only in case",
        "write it 'UK', as event #1 does",
    )


def test_a_race_that_lists_a_project_twice_is_a_problem(run: Run, write_dataset: Callable[..., Path]) -> None:
    dataset = {"races": [{"id": "r", "title": "R", "projects": ["p", "q", "P"]}], "events": [event("a", "2021")]}
    [line] = validated_any(run, write_dataset(dataset))
    assert line.endswith(": race #1 'r': projects[2]: 'P' and 'p' are one project (projects[0]); list each project "
                         "of a race once")


def test_the_kelvin_sign_is_not_called_a_difference_of_case(run: Run, write_dataset: Callable[..., Path]) -> None:
    [line] = validated_any(run, write_dataset([event("K", "2021"), event("\u212a", "2021")]))
    assert "differ only in case" not in line
    assert "'\u212a' and 'K' (event #1) are the same name written with other characters (U+212A KELVIN SIGN)" in line


# --- one run finds all, in any layout: generated datasets with several faults each ---------------------------------

# A fault: what it does to an event (the `index`th), and the field whose problem it gives. At most one fault of each
# group an event (a derived field given is checked against a good date only).
FAULTS: dict[str, tuple[str, str, Callable[[dict[str, Any], int], None]]] = {
    "id used twice": ("id", "id", lambda e, i: e.update(id="e0")),
    "id in another case": ("id", "id", lambda e, i: e.update(id="E0")),
    "id not a string": ("id", "id", lambda e, i: e.update(id=i)),
    "blank id": ("id", "id", lambda e, i: e.update(id=" " * i)),
    "bad date": ("date", "date", lambda e, i: e.update(date="2021-02-30")),
    "date typed": ("date", "date", lambda e, i: e.update(date="Oct 2021")),
    "date not a string": ("date", "date", lambda e, i: e.update(date=2021)),
    "wrong earliest": ("date", "earliest", lambda e, i: e.update(earliest="1999-01-01")),
    "title not a string": ("title", "title", lambda e, i: e.update(title=["x"])),
    "no title": ("title", "title", lambda e, i: e.pop("title")),
    "blank title": ("title", "title", lambda e, i: e.update(title="")),
    "undeclared country": ("country", "country", lambda e, i: e.update(country="atlantis")),
    "country not a string": ("country", "country", lambda e, i: e.update(country=None)),
    "kind misspelt": ("kind", "kind", lambda e, i: e.update(kind="filmin")),
    "kind not a string": ("kind", "kind", lambda e, i: e.update(kind=3)),
    "status misspelt": ("status", "status", lambda e, i: e.update(status="done")),
    "undeclared project": ("project", "project", lambda e, i: e.update(project="no-such-film")),
    "no source": ("sources", "sources", lambda e, i: e.update(sources=[])),
    "a source's field misspelt": ("sources", "sources[0].titel", lambda e, i: e["sources"][0].update(titel="x")),
    "unknown field": ("extra", "summery", lambda e, i: e.update(summery="x")),
}
NAMES = {
    "countries": [{"id": "us", "name": "United States"}, {"id": "russia", "name": "Russia"}],
    "projects": [{"id": "film", "title": "A film", "country": "us"}],
}
LAYOUTS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "document": lambda events: json.dumps({**NAMES, "events": events}, indent=2),
    "one line": lambda events: json.dumps({"events": events, **NAMES}),
    "JSON Lines": lambda events: "\n".join(json.dumps(x) for x in [NAMES, *events]) + "\n",
    "objects one after another": lambda events: "\n".join(json.dumps(x, indent=1) for x in [NAMES, *events]) + "\n",
}


@st.composite
def faulty(draw: st.DrawFn) -> tuple[list[dict[str, Any]], set[tuple[int, str]]]:
    """Events, several with several faults, and the (event number, field) of each problem they must give."""
    count = draw(st.integers(min_value=2, max_value=8))
    events = [
        {
            **event(f"e{i}", ("2021-10-05", "2020-05")[i % 2], ("us", "russia")[i % 2]),
            "project": "film",
            "sources": [dict(SOURCE)],
        }
        for i in range(count)
    ]
    expected: set[tuple[int, str]] = set()
    for index in range(1, count):  # (e0 stays sound: faults copy its id)
        faults = draw(st.lists(st.sampled_from(sorted(FAULTS)), max_size=4, unique_by=lambda f: FAULTS[f][0]))
        for fault in faults:
            _, field, apply = FAULTS[fault]
            apply(events[index], index)
            expected.add((index + 1, field))
    return events, expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=faulty(), sliced=st.booleans())
def test_one_run_finds_every_fault_the_same_in_every_layout(
    run: Run, tmp_path: Path, case: tuple[list[dict[str, Any]], set[tuple[int, str]]], sliced: bool
) -> None:
    events, expected = case
    answers = []
    with pytest.MonkeyPatch.context() as patch:
        if sliced:  # (as a big file is read: in slices, and then, with a problem, whole)
            patch.setattr(stream, "STREAM_FROM", 1)
            patch.setattr(stream, "SLICE", 300)
        for layout, write in LAYOUTS.items():
            path = tmp_path / f"data-{layout.replace(' ', '-')}.json"
            path.write_text(write(events), encoding="utf-8")
            result = run("validate", str(path), "--format", "jsonl")
            assert result.exit_code == (1 if expected else 0), result.output
            records = [json.loads(line) for line in result.stdout.splitlines()]
            found = {(int(r["object"].split("#")[1].split()[0]), r["field"]) for r in records}
            assert found == expected, layout
            assert all(r["line"] and r["column"] for r in records)
            answers.append([(r["object"], r["field"], r["message"], r["suggestion"]) for r in records])
    assert all(answer == answers[0] for answer in answers)


def test_a_problem_is_a_value_that_reads_as_its_line() -> None:
    """A Problem is its line of text wherever a line is expected (DataError, the reader's code), keeps its parts
    through pickling (a problem found in another process), and is never changed in place."""
    import pickle

    from spacefilm.problems import Problem

    problem = Problem("d.json", "is empty", line=3, column=5, section="events", number=2, id="a", path=("title",))
    assert problem == "d.json:3:5: event #2 'a': title: is empty"
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and again.as_record() == problem.as_record() and again.field == "title"
    with pytest.raises(AttributeError):
        problem.line = 4  # type: ignore[misc]
    assert problem.evolve(suggestion="write a title").endswith("title: is empty; write a title")


@pytest.mark.parametrize(
    "text",
    [
        b'{"events": [ {"id": "a"} ,\n{"id": "b", "x": [1, {"events": [2]}]}], "countries": [{"id": "c"}]}',
        b'[\n {"id": "a"},\n "not an event", 3, {"id": "\\"b\\""}\n]',
        b'{"races": [], "events": [], "projects": [{"id": "p"}, {"id": "q"}]}',
    ],
)
def test_objects_are_found_the_same_by_their_lengths_and_by_a_scan(text: bytes) -> None:
    from spacefilm.load import locate

    assert locate._starts_by_length(text, 0, len(text)) == locate._starts_by_scan(text)


def test_a_key_given_twice_in_the_document_is_scanned(run: Run, write_dataset: Callable[..., Path]) -> None:
    """The lengths of the values would not fit the text: the objects are found by a scan, and placed all the same."""
    text = '{"events": [],\n "events": [\n  {"id": "a", "kind": "x"}]}'
    lines = validated_any(run, write_dataset(text), "--format", "jsonl")
    records = [json.loads(line) for line in lines]
    assert [(r["line"], r["column"]) for r in records if r["field"] in ("date", "kind")] == [(3, 3), (3, 15)]


@pytest.mark.parametrize(("cut", "expected"), [(300, ":1:301: "), (14, ":1:15: ")])
def test_a_broken_names_line_is_named_as_such_not_as_an_event(
    run: Run, write_dataset: Callable[..., Path], cut: int, expected: str
) -> None:
    """The first line of `export --format jsonl` declares the names: cut short, or with a stray comma, it is the
    object that declares the names that is broken, not event #1."""
    names, *events = run("export", "--format", "jsonl").stdout.splitlines()
    broken = names[:cut] if cut == 300 else names[:cut] + "," + names[cut:]
    path = write_dataset("\n".join([broken, *events]) + "\n", name="data.jsonl")
    result = run("validate", str(path))
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if expected in line]
    assert "the object that declares the names: " in line and "event #" not in line


def test_many_problems_in_one_object_each_named_at_its_place(run: Run, write_dataset: Callable[..., Path]) -> None:
    """Each problem was placed by scanning its object again (5,000 bad items in one list took 13 s; 8,000 unknown
    keys, 110 s): each container is scanned once now, and each problem still names its own item or key."""
    bad = event("a", "2021") | {"people": [1000 + i for i in range(400)]} | {f"extra{i}": i for i in range(300)}
    path = write_dataset({"events": [bad]})
    text = path.read_text()
    result = run("--data", str(path), "validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 700
    for i in range(400):
        column = text.index(str(1000 + i)) + 1
        assert f"data.json:1:{column}: event #1 'a': people[{i}]: expected a string" in result.stdout
    for i in range(300):
        column = text.index(f'"extra{i}"') + 1
        assert f"data.json:1:{column}: event #1 'a': extra{i}: unknown field 'extra{i}'" in result.stdout


def test_a_name_that_names_two_countries_or_projects_is_a_mistake(
    run: Run, write_dataset: Callable[..., Path]
) -> None:
    """`--country Russia` took the last of two countries named Russia, without a word, and an empty alias was a name
    `--country ""` took: each is a problem of the data, said where it is given, naming the other."""
    dataset = {
        "countries": [
            {"id": "russia", "name": "Russia", "aliases": ["ru", " "]},
            {"id": "roscosmos", "name": "Russia"},
            {"id": "nowhere", "name": "\u3164", "aliases": ["Russia", "\u200b"]},
            {"id": "spaced", "name": "Soviet Union", "aliases": ["Russia "]},
        ],
        "projects": [
            {"id": "vyzov", "title": "The Challenge"},
            {"id": "challenge", "title": "The challenge"},
            {"id": "film", "title": "Film", "original_title": "The Challenge"},
            {"id": "blank", "title": " ", "original_title": "\u3164"},
            {"id": "the challenge", "title": "Another"},
        ],
        "events": [event("a", "2021", country="russia")],
    }
    path = write_dataset(dataset)
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code == 1
    found = [(r["object"], r["field"], r["message"], r["suggestion"]) for r in json.loads(result.stdout)]
    one_country, one_title = "a name may name one country only", "a title may name one project only: tell them apart"
    assert found == [
        ("country #1 'russia'", "aliases[1]", "is empty", "name it, or leave it out"),
        ("country #2 'roscosmos'", "name", "'Russia' is also the name of country #1", one_country),
        ("country #3 'nowhere'", "name", "is empty", "name it"),
        ("country #3 'nowhere'", "aliases[0]", "'Russia' is also the name of country #1", one_country),
        ("country #3 'nowhere'", "aliases[1]", "is empty", "name it, or leave it out"),
        ("country #4 'spaced'", "aliases[0]",
         "'Russia ' and 'Russia' (the name of country #1) differ only in the spaces around them", one_country),
        ("project #2 'challenge'", "title",
         "'The challenge' and 'The Challenge' (the title of project #1) differ only in case", one_title),
        ("project #3 'film'", "original_title", "'The Challenge' is also the title of project #1", one_title),
        ("project #4 'blank'", "title", "is empty", None),
        ("project #4 'blank'", "original_title", "is empty", None),
        ("project #5 'the challenge'", "id",
         "'the challenge' and 'The Challenge' (the title of project #1) differ only in case", one_title),
    ]
    refused = run("--data", str(path), "timeline", "--country", "Russia")
    assert refused.exit_code == 1 and "is also the name of country #1" in refused.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"events": null}', "1:2: events: expected an array, got null"),
        ('{"events": [], "races": null}', "1:16: races: expected an array, got null"),
        ('{"events": []}', None),
        ('{"events": [], "countries": null, "projects": null}', None),  # (null: none declared)
    ],
)
def test_a_null_where_a_list_must_be_is_said_in_our_words(
    run: Run, write_dataset: Callable[..., Path], text: str, expected: str | None
) -> None:
    """`{"events": null}` was answered with msgspec's own message, which a release of it may reword."""
    path = write_dataset(text)
    result = run("validate", str(path))
    if expected is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert result.stdout == f"{path}:{expected}\n"


def test_two_objects_of_one_id_are_said_so_whatever_else_has_that_name(
    run: Run, write_dataset: Callable[..., Path]
) -> None:
    """A title that was an id's text first hid that two projects had that id; ids that show nothing were set aside
    as empty names, and two countries of the id \\u200b passed (one of them lost)."""
    dataset = {
        "countries": [
            {"id": "us", "name": "United States"},
            {"id": "\u200b", "name": "A"},
            {"id": "\u200b", "name": "B"},
        ],
        "projects": [
            {"id": "holder", "title": "dup"},
            {"id": "dup", "title": "First"},
            {"id": "dup", "title": "Second"},
        ],
        "races": [{"id": " ", "title": "Race", "projects": ["holder"]}],
        "events": [event("a", "2021")],
    }
    path = write_dataset(dataset)
    result = run("validate", str(path), "--format", "json")
    found = [(r["object"], r["field"], r["message"], r["suggestion"]) for r in json.loads(result.stdout)]
    assert found == [
        ("country #2 '\\u200b'", "id", "is empty", "give it an id"),  # (shown as its escape: see Reliability)
        ("country #3 '\\u200b'", "id", "is empty", "give it an id"),
        ("country #3 '\\u200b'", "id", "'\\u200b' is also the id of country #2", "give each country an id of its own"),
        ("project #2 'dup'", "id", "'dup' is also the title of project #1",
         "a title may name one project only: tell them apart"),
        ("project #3 'dup'", "id", "'dup' is also the id of project #2", "give each project an id of its own"),
        ("race #1 ' '", "id", "is empty", "give it an id"),
    ]
