"""The JSON Schema (2020-12) of the dataset format, from the same types decode.py decodes into."""

from __future__ import annotations

from typing import Any

import msgspec

from .dates import EDTF_PATTERN
from .load.checks import NOT_BLANK
from .model import Dataset, Event


def dataset_schema() -> dict[str, Any]:
    """A JSON object with `events`, or a bare array of events (JSON Lines: each line is one event of the schema).

    Types come from msgspec; what a type cannot say is added here: the date's form, ids and titles that are not
    blank, at least one source. Checks across events (duplicate ids, references, real calendar days) are
    `spacefilm validate`'s.
    """
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "spacefilm dataset",
        **msgspec.json.schema(Dataset | list[Event]),
    }
    event = schema["$defs"]["Event"]["properties"]
    event["date"]["pattern"] = f"^{EDTF_PATTERN}$"
    for name in NOT_BLANK:
        event[name]["pattern"] = r"\S"
    event["sources"]["minItems"] = 1
    schema["$defs"]["Claim"]["properties"]["kind"]["default"] = "first"  # (what a claim that gives no kind is)
    return schema
