"""The three requirements files: each package pinned once with its dependencies, and each kind of
code importing only what its file installs (the running app: requirements.txt alone)."""

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME, DEV, BENCH = "requirements.txt", "requirements-dev.txt", "requirements-bench.txt"
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)")
INCLUDE = re.compile(r"-r (\S+)")
FIRST_PARTY = {
    path.stem for path in ROOT.iterdir() if (path / "__init__.py").exists() or path.suffix == ".py"
}
# Which code each file installs for: the app, plus its tests (dev) or its benchmarks (bench).
CODE = {RUNTIME: ("app",), DEV: ("app", "tests"), BENCH: ("app", "bench")}


def lines(name: str) -> list[str]:
    text = (ROOT / name).read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def own_pins(name: str) -> dict[str, str]:
    return {canonicalize_name(m[1]): m[2] for line in lines(name) if (m := PIN.fullmatch(line))}


def pins(name: str) -> dict[str, str]:
    """The file's pins and those of the files it includes."""
    included = [m[1] for line in lines(name) if (m := INCLUDE.fullmatch(line))]
    return {key: value for other in included for key, value in pins(other).items()} | own_pins(name)


def requirements_of(name: str, extras: frozenset[str]) -> list[Requirement]:
    found = []
    for text in metadata.requires(name) or ():
        requirement = Requirement(text)
        wanted = extras | {""}
        if requirement.marker is None or any(requirement.marker.evaluate({"extra": e}) for e in wanted):
            found.append(requirement)
    return found


def python_files(kind: str) -> list[Path]:
    if kind != "app":
        return sorted((ROOT / kind).rglob("*.py"))
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if path.relative_to(ROOT).parts[0] not in {"tests", "bench", ".venv", "var", "static"}
    ]


def imported_modules(paths: list[Path]) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - FIRST_PARTY - set(sys.stdlib_module_names) - {"__future__"}


@pytest.mark.parametrize("name", [RUNTIME, DEV, BENCH])
def test_every_line_is_an_exact_pin_or_an_include(name):
    assert lines(name)
    assert [line for line in lines(name) if not (PIN.fullmatch(line) or INCLUDE.fullmatch(line))] == []


def test_a_package_pinned_in_two_files_has_the_same_version_in_both():
    dev, bench = own_pins(DEV), own_pins(BENCH)
    assert {key: (dev[key], bench[key]) for key in dev.keys() & bench.keys() if dev[key] != bench[key]} == {}
    assert own_pins(RUNTIME).keys() & (dev.keys() | bench.keys()) == set()  # pinned where included


@pytest.mark.parametrize("name", [RUNTIME, DEV, BENCH])
def test_each_file_pins_every_dependency_of_what_it_installs(name):
    pinned = pins(name)
    missing, unpinned = [], set()
    todo = [(key, frozenset()) for key in pinned]
    seen = set(todo)
    while todo:
        key, extras = todo.pop()
        try:
            requirements = requirements_of(key, extras)
        except metadata.PackageNotFoundError:
            missing.append(key)
            continue
        for requirement in requirements:
            wanted = (canonicalize_name(requirement.name), frozenset(requirement.extras))
            if wanted[0] not in pinned:
                unpinned.add(f"{requirement} (for {key})")
            elif wanted not in seen:
                seen.add(wanted)
                todo.append(wanted)
    if missing:
        pytest.skip(f"not installed here, so their dependencies are unknown: {sorted(missing)}")
    assert sorted(unpinned) == []


@pytest.mark.parametrize("name", [RUNTIME, DEV, BENCH])
def test_code_imports_only_what_its_requirements_install(name):
    modules = set().union(*(imported_modules(python_files(kind)) for kind in CODE[name]))
    if name == RUNTIME:  # apps and middleware named by string only
        modules |= {entry.split(".")[0] for entry in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]}
        modules -= FIRST_PARTY
    distributions = metadata.packages_distributions()
    unknown = sorted(modules - distributions.keys())
    if unknown and name == BENCH:
        pytest.skip(f"not installed here: {unknown}")
    assert unknown == []
    pinned = pins(name)
    outside = {
        m: distributions[m]
        for m in modules
        if not {canonicalize_name(d) for d in distributions[m]} & pinned.keys()
    }
    assert outside == {}
