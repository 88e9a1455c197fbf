"""Deterministic synthetic datasets for the benchmark: realistic field sizes, mixed precisions, intervals.

About 300 bytes an event. Intervals stay inside one year, so that `jq`'s string test `.date >= "2000"` and
`spacefilm --since 2000` keep exactly the same records.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

COUNTRIES = [
    {"id": "us", "name": "United States", "aliases": ["usa"]},
    {"id": "russia", "name": "Russia", "aliases": ["ru"]},
    {"id": "china", "name": "China", "aliases": ["cn"]},
    {"id": "japan", "name": "Japan", "aliases": ["jp"]},
    {"id": "india", "name": "India", "aliases": ["in"]},
    {"id": "esa", "name": "Europe", "aliases": ["eu"]},
]
KINDS = ["announcement", "casting", "training", "launch", "filming", "landing", "release", "precedent"]
WORDS = [
    "orbit",
    "crew",
    "film",
    "camera",
    "station",
    "module",
    "capsule",
    "launch",
    "studio",
    "shot",
    "scene",
    "actor",
    "director",
    "footage",
    "docking",
    "spacewalk",
    "premiere",
    "cut",
    "edit",
    "render",
]


def _date(rng: random.Random) -> str:
    year = rng.randint(1960, 2030)
    roll = rng.random()
    if roll < 0.10:
        return f"{year}"
    month = rng.randint(1, 12)
    if roll < 0.35:
        return f"{year}-{month:02d}"
    day = rng.randint(1, 28)
    if roll < 0.95:
        return f"{year}-{month:02d}-{day:02d}"
    end_month = rng.randint(month, 12)
    return (
        f"{year}-{month:02d}-{day:02d}/{year}-{end_month:02d}-{rng.randint(day if end_month == month else 1, 28):02d}"
    )


def events(count: int, seed: int = 1984) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number in range(count):
        country = rng.choice(COUNTRIES)["id"]
        yield {
            "id": f"ev-{number:07d}",
            "date": _date(rng),
            "title": " ".join(rng.choices(WORDS, k=rng.randint(4, 9))).capitalize(),
            "country": country,
            "kind": rng.choice(KINDS),
            "status": "happened" if rng.random() < 0.9 else "unrealized",
            "people": [f"Person {rng.randint(1, 5000)}" for _ in range(rng.randint(0, 2))],
            "sources": [
                {
                    "title": "Source " + " ".join(rng.choices(WORDS, k=3)),
                    "url": f"https://example.org/{country}/{number}",
                    "quote": " ".join(rng.choices(WORDS, k=rng.randint(5, 12))),
                }
            ],
        }


def write(directory: Path, count: int) -> tuple[Path, Path]:
    """Write `count` events as a JSON object and as JSON Lines; return both paths."""
    as_json = directory / f"events-{count}.json"
    as_lines = directory / f"events-{count}.jsonl"
    with as_json.open("w", encoding="utf-8") as big, as_lines.open("w", encoding="utf-8") as lines:
        big.write('{"countries": ' + json.dumps(COUNTRIES) + ', "events": [\n')
        for index, event in enumerate(events(count)):
            text = json.dumps(event, ensure_ascii=False)
            big.write(("" if index == 0 else ",\n") + text)
            lines.write(text + "\n")
        big.write("\n]}\n")
    return as_json, as_lines
