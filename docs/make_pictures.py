"""Draw the README's pictures from the built-in dataset.

    python docs/make_pictures.py          # writes docs/chart.svg, docs/history.svg, docs/chart.html
    python docs/make_pictures.py --check  # exits 1 if a picture in docs/ is not what the code draws now

docs/chart.svg is what `spacefilm chart --since 2020 --until 2023-04 --by project --svg docs/chart.svg` saves: the
race, a lane per project. docs/history.svg is every event, a lane per country, with the empty decades cut.
docs/chart.html is the page `spacefilm chart --html` saves for every event. tests/test_pictures.py checks that
the files in docs/ are up to date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spacefilm.load.source import catalog as load
from spacefilm.model import Event
from spacefilm.render.page import html_page
from spacefilm.render.svg import svg_timeline

DOCS = Path(__file__).resolve().parent


def between(events: list[Event], since: str, until: str) -> list[Event]:
    """The events that can fall between two ISO days, as `--since` and `--until` keep them."""
    return [e for e in events if (e.latest is None or e.latest >= since) and (e.earliest or "") <= until]


def pictures() -> dict[str, str]:
    """Each picture's file name in docs/ and its text."""
    catalog = load()
    race = between(catalog.events, "2020-01-01", "2023-04-30")
    return {
        "chart.svg": svg_timeline(catalog, race, by_project=True),
        "history.svg": svg_timeline(catalog, catalog.events),
        "chart.html": html_page(catalog, catalog.events),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that docs/ is up to date")
    check = parser.parse_args().check
    stale = []
    for name, text in pictures().items():
        path = DOCS / name
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print(f"out of date (run python docs/make_pictures.py): {', '.join(stale)}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
