"""Writers of problems (problems.Problem), one a format, over the same values: text for people, JSON for tools,
GitHub Actions annotations for CI. Every piece of text from data is made inert on its way out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..problems import Problem
from .output import Output, inert_line

Writer = Callable[[Output, Sequence[Problem]], None]


def write_text(output: Output, problems: Sequence[Problem]) -> None:
    """One line a problem: `file:line:column: object: field: message; suggestion`."""
    output.lines(inert_line(problem) for problem in problems)


def write_json(output: Output, problems: Sequence[Problem]) -> None:
    """A JSON array, one object a problem: file, line, column, object, event, field, message, suggestion."""
    from .records import write_json_array

    write_json_array(output.binary, [problem.as_record() for problem in problems])


def write_jsonl(output: Output, problems: Sequence[Problem]) -> None:
    """The objects of `json`, one a line."""
    from .records import write_jsonl as lines

    lines(output.binary, [problem.as_record() for problem in problems])


def write_github(output: Output, problems: Sequence[Problem]) -> None:
    """GitHub Actions workflow commands, as `ruff --output-format github` writes them: each problem an error
    annotation on its file and line, its whole line of text as the message."""
    for problem in problems:
        where = {"title": "spacefilm validate", "file": problem.file}
        if problem.line is not None:
            where["line"] = str(problem.line)
            if problem.column is not None:
                where["col"] = str(problem.column)
        properties = ",".join(f"{key}={_property(value)}" for key, value in where.items())
        output.write(f"::error {properties}::{_data(inert_line(problem))}\n")


def _data(text: str) -> str:
    """Text as a workflow command's message carries it (GitHub's escapes: %, carriage return, line feed)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Text as a workflow command's property carries it: also `:` and `,`, which end a property."""
    return _data(inert_line(text)).replace(":", "%3A").replace(",", "%2C")


WRITERS: dict[str, Writer] = {"text": write_text, "json": write_json, "jsonl": write_jsonl, "github": write_github}
