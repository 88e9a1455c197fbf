"""The words of the dataset format, in a module light enough for `--help` to import."""

from typing import Literal, get_args

Kind = Literal["announcement", "casting", "training", "launch", "filming", "landing", "release", "precedent"]
Status = Literal["happened", "planned", "unrealized"]
KINDS: tuple[str, ...] = get_args(Kind)
STATUSES: tuple[str, ...] = get_args(Status)
FORMATS = ("table", "json", "jsonl", "csv", "tsv", "markdown")
PROBLEM_FORMATS = ("text", "json", "jsonl", "github")  # what `validate --format` writes
LISTS = ("countries", "projects", "kinds", "races", "people")  # what `spacefilm list` lists
# How a plan is marked where it is shown.
STATUS_MARK = {"planned": "planned", "unrealized": "never happened"}
