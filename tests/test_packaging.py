"""What pip, pipx and uv install: the wheel and the sdist built from this checkout, and the wheel built from the sdist.

The wheel carries the package, the dataset and the licence, and no test file. The sdist carries the sources, the
dataset, the licence, the changelog and the tests: the hostile test files only under tests/, where the tests read
them, never beside the package.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from hatchling.builders.sdist import SdistBuilder  # (hatchling is in the test extras)
from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = sorted(path.name for path in (ROOT / "tests" / "hostile").iterdir())


def wheel_names(root: Path, out: Path) -> list[str]:
    (built,) = WheelBuilder(str(root)).build(directory=str(out), versions=["standard"])
    with zipfile.ZipFile(built) as wheel:
        return wheel.namelist()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str], list[str]]:
    """The wheel's names, the sdist's (without its top folder), and those of a wheel built from the sdist."""
    out = tmp_path_factory.mktemp("dist")
    wheel = wheel_names(ROOT, out / "wheel")
    (sdist,) = SdistBuilder(str(ROOT)).build(directory=str(out / "sdist"), versions=["standard"])
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        archive.extractall(out / "unpacked", filter="data")
    top = names[0].split("/")[0]
    inner = [name.removeprefix(f"{top}/") for name in names if name != top]
    return wheel, inner, wheel_names(out / "unpacked" / top, out / "from-sdist")


def test_the_wheel_has_the_dataset_and_the_licence_and_no_tests(built: tuple[list[str], ...]) -> None:
    for wheel in (built[0], built[2]):
        assert "spacefilm/data/events.json" in wheel
        assert "spacefilm/cli.py" in wheel
        assert any(re.fullmatch(r"spacefilm-[^/]+\.dist-info/licenses/LICENSE", name) for name in wheel)
        assert not [name for name in wheel if name.startswith("tests/") or "hostile" in name]
        assert not [name for name in wheel if Path(name).name in HOSTILE]


def test_the_sdist_has_what_a_packager_needs(built: tuple[list[str], ...]) -> None:
    sdist = built[1]
    for needed in ("data/events.json", "LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"):
        assert needed in sdist
    assert "src/spacefilm/cli.py" in sdist
    hostile = [name for name in sdist if Path(name).name in HOSTILE]
    assert sorted(Path(name).name for name in hostile) == HOSTILE
    assert all(name.startswith("tests/hostile/") for name in hostile)
    assert not [name for name in sdist if "__pycache__" in name or name.startswith((".venv", ".hypothesis"))]


def test_the_metadata_declares_the_licence_the_file_grants() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and 'license = "MIT"' in pyproject
    assert "classifiers = [" in pyproject and "keywords = [" in pyproject


def test_ci_pins_every_runtime_dependency_to_its_declared_lowest_version() -> None:
    """CI's second run installs what .ci/lowest.py prints: one `name==lowest` for each runtime dependency."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    lowest = [sys.executable, str(ROOT / ".ci" / "lowest.py"), str(ROOT / "pyproject.toml")]
    printed = subprocess.run(lowest, capture_output=True, text=True, check=True).stdout.split()
    assert len(printed) == len(declared)
    for line, requirement in zip(printed, declared, strict=True):
        name, lowest = line.split("==")
        assert requirement.startswith(name) and f">={lowest}" in requirement.replace(" ", "")
