"""Start-up stays fast: what each path imports is checked, so the budget cannot silently regress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spacefilm.render.plain import aligned, width

PROBE = (
    "import sys\nfrom spacefilm.cli import cli\n"
    "try:\n    cli.main(sys.argv[1:], prog_name='spacefilm')\n"
    "except SystemExit:\n    pass\n"
    "import json; sys.stderr.write(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))\n"
)


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", **(env or {})},
    )
    return set(json.loads(result.stderr.splitlines()[-1]))


@pytest.mark.parametrize(
    "args", [("timeline", "--json"), ("timeline", "--format", "jsonl"), ("timeline",), ("firsts", "--format", "csv")]
)
def test_machine_formats_and_piped_tables_import_neither_rich_nor_dateutil(args: tuple[str, ...]) -> None:
    modules = imported(*args)
    assert "spacefilm" in modules and "msgspec" in modules
    assert "rich" not in modules and "dateutil" not in modules
    assert "textual" not in modules


def test_msgspec_is_imported_without_typing_extensions_which_stays_importable() -> None:
    """msgspec would import typing_extensions (installed with Textual) only to resolve type hints: a tenth of the
    start-up. It is imported without it, and anything later that needs it (browse: Textual) imports it as usual."""
    assert "typing_extensions" not in imported("timeline", "--json")
    assert "typing_extensions" not in imported("--data", "data/events.json", "show", "challenge-iss-shoot")
    probe = (
        "import sys\nfrom spacefilm.state import import_msgspec\nimport_msgspec()\n"
        "assert 'msgspec' in sys.modules and 'typing_extensions' not in sys.modules\n"
        "import typing_extensions\nprint(typing_extensions.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout == "typing_extensions\n"


def test_the_entry_point_turns_the_collector_off_before_click_is_imported() -> None:
    """What `spacefilm` runs (the console script of pyproject.toml) and `python -m spacefilm`."""
    probe = (
        "import gc, os, sys\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        "            seen.append(gc.isenabled())\n"
        "sys.meta_path.insert(0, Watch())\n"
        "exit = os._exit\n"
        "os._exit = lambda code: (os.write(2, repr((seen, gc.isenabled(), code)).encode()), exit(0))\n"
        "sys.argv = ['spacefilm', 'timeline', '--limit', '1', '--json']\n"
        "{}\n"
    )
    project = Path(__file__).resolve().parents[1] / "pyproject.toml"
    assert 'spacefilm = "spacefilm.start:main"' in project.read_text(encoding="utf-8")
    as_module = "import runpy; runpy.run_module('spacefilm', run_name='__main__')"
    for run in ("from spacefilm.start import main; main()", as_module):
        result = subprocess.run([sys.executable, "-c", probe.format(run)], capture_output=True, text=True, check=True)
        assert json.loads(result.stdout)[0]["id"]  # (the command ran)
        assert result.stderr == "([False], False, 0)"


def test_the_built_in_dataset_is_read_without_the_modules_of_checks_it_does_not_need() -> None:
    """Keys given twice are counted in a user's file (the built-in dataset's are held by tests), and a problem is
    placed in its file only when there is one: neither module is imported to read the built-in dataset."""
    probe = PROBE.replace("m.split('.')[0]", "m")
    result = subprocess.run([sys.executable, "-c", probe, "timeline", "--json"], capture_output=True, text=True)
    modules = set(json.loads(result.stderr.splitlines()[-1]))
    assert "spacefilm.load.stream" in modules
    assert {"spacefilm.load.keys", "spacefilm.load.locate", "spacefilm.load.sketchbook"}.isdisjoint(modules)
    broken = str(Path(__file__).resolve().parent / "data" / "broken.json")
    result = subprocess.run([sys.executable, "-c", probe, "validate", broken], capture_output=True, text=True)
    assert {"spacefilm.load.keys", "spacefilm.load.locate"} <= set(json.loads(result.stderr.splitlines()[-1]))


def test_help_imports_no_msgspec_and_no_rich() -> None:
    modules = imported("--help")
    assert {"msgspec", "rich", "dateutil", "textual"}.isdisjoint(modules)


@pytest.mark.parametrize(
    "args", [("show", "challenge-iss-shoot"), ("compare", "us", "russia"), ("browse", "--help"), ("browse",)]
)
def test_textual_only_for_browse(args: tuple[str, ...]) -> None:
    """Only `browse` on a terminal pays for Textual: not commands that draw with Rich, nor browse refusing a pipe."""
    assert "textual" not in imported(*args, env={"FORCE_COLOR": "1"})


def test_dateutil_only_for_dates_in_words() -> None:
    assert "dateutil" not in imported("timeline", "--since", "2021-10", "--json")
    assert "dateutil" in imported("timeline", "--since", "Oct 2021", "--json")


def test_forced_colour_draws_with_rich() -> None:
    assert "rich" in imported("timeline", env={"FORCE_COLOR": "1"})


def test_plain_width_counts_terminal_columns() -> None:
    assert width("abc") == 3
    assert width("«Вызов»") == 7
    assert width("宇宙") == 4
    assert width("e\u0301") == 1


def test_aligned_columns_with_wide_characters() -> None:
    rows = [("宇宙の映画", "a"), ("Plain", "b"), ("tab\there\nnew", "c")]
    assert list(aligned(("Title", "ID"), rows)) == [
        "Title" + " " * 10 + "ID",
        "\u2500" * 17,
        "宇宙の映画" + " " * 5 + "a",
        "Plain" + " " * 10 + "b",
        "tab here new   c",
    ]
