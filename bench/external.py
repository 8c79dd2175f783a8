"""Benchmarks written by the other apps (bench/dashboard_scale.py, bench/operation_report.py,
bench/dispatch_quality.py), run in a subprocess of their own on the bench database, their rows
folded into the table.

Contract: the module has `run(quick: bool) -> list[dict]`, each dict with "name", "floor",
"subject", "ratio", "goal" (text such as "<= 1.5x") and "met". A module without run() is
executed as a script (python -m bench.<module> [--quick]); its printed output is kept.

`python -m bench.external bench.<module> [--quick]` is the subprocess side.
"""

import json
import os
import re
import subprocess
import sys

from .harness import ROOT, Goal, Row, not_measured

MARKER = "BENCH-ROWS "
EXTERNAL = {
    "dashboard": ("bench.dashboard_scale", "dashboard at 10x detections vs dashboard at 1x", Goal("<=", 1.5)),
    "operation": (
        "bench.operation_report",
        "operation report of a national operation: p95 vs dashboard summary p95",
        Goal("<=", 2.0),
    ),
    "dispatch": (
        "bench.dispatch_quality",
        "assignment of 100k premises: distance vs OR-Tools min-cost flow optimum",
        Goal("<=", 1.05),
    ),
}


def external_rows(section: str, *, quick: bool, database: str) -> tuple[list[Row], str]:
    """The module's rows (or one "not measured" row), and the tail of its output."""
    module, name, goal = EXTERNAL[section]
    if not (ROOT / f"{module.replace('.', '/')}.py").exists():
        return [not_measured(name, goal, "module missing")], ""
    env = {**os.environ, "DATABASE_URL": f"postgis:///{database}", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [sys.executable, "-m", "bench.external", module, *(["--quick"] if quick else [])]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900 if quick else 5400
        )
    except subprocess.TimeoutExpired:
        return [not_measured(name, goal, "module timed out")], ""
    output = done.stdout + done.stderr
    rows = [_row(found, goal) for line in done.stdout.splitlines() if line.startswith(MARKER)
            for found in json.loads(line[len(MARKER):])]  # fmt: skip
    if not rows:
        why = f"module exited {done.returncode}" if done.returncode else "module printed no rows"
        return [not_measured(name, goal, why)], output[-3000:]
    return rows, output[-3000:]


def _row(found: dict, default_goal: Goal) -> Row:
    # A row that states no goal (given for contrast) is shown without one.
    goal = _goal(found["goal"]) if "goal" in found else default_goal
    row = Row(
        str(found.get("name", "?")),
        goal,
        floor=found.get("floor"),
        subject=found.get("subject"),
        ratio=found.get("ratio"),
        unit=str(found.get("unit", "")),
        note=str(found.get("note", "")),
        detail={
            key: value for key, value in found.items() if key not in {"name", "floor", "subject", "ratio"}
        },
    )
    if found.get("met") is not None and row.met is not None and bool(found["met"]) != row.met:
        row.note = f"{row.note} (module said met={found['met']})".strip()
    return row


def _goal(text) -> Goal | None:
    found = re.fullmatch(r"\s*([<>]=)\s*([0-9.]+)\s*x?\s*", str(text or ""))
    return Goal(found[1], float(found[2])) if found else None


def _run_module(module_name: str, quick: bool) -> None:
    import importlib
    import runpy

    import django

    django.setup()
    module = importlib.import_module(module_name)
    if hasattr(module, "run"):
        print(MARKER + json.dumps(module.run(quick=quick), default=str), flush=True)
    else:
        sys.argv = [module_name, *(["--quick"] if quick else [])]
        runpy.run_module(module_name, run_name="__main__")


if __name__ == "__main__":
    _run_module(sys.argv[1], "--quick" in sys.argv[2:])
