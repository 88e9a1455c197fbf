from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from spacefilm.cli import cli

# No timing threshold in a unit test: Hypothesis fails an example that takes longer than its deadline (200 ms by
# default), which a loaded machine can make any example do. Each property is about what comes out, never how fast.
settings.register_profile("spacefilm", deadline=None)
settings.load_profile("spacefilm")

SOURCE = {"title": "A source", "url": "https://example.org/a", "publisher": "Example", "quote": "a quote"}


def event(id: str, date: str, country: str = "us", kind: str = "announcement", **extra: Any) -> dict[str, Any]:
    """A minimal valid event for synthetic datasets."""
    return {
        "id": id,
        "date": date,
        "title": f"Title of {id}",
        "country": country,
        "kind": kind,
        "sources": [SOURCE],
        **extra,
    }


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI as a user would; a crash fails the test loudly."""

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def write_dataset(tmp_path: Path) -> Callable[..., Path]:
    """Write a dataset (an object, a list, or raw text/bytes) to a file and return its path."""

    def write(content: Any, name: str = "data.json") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return path

    return write
