"""The benchmark harness's arithmetic and record: no database, no timing."""

import json
import random

import pytest

from bench import harness
from bench.harness import Goal, Paired, Row, interleaved, percentile
from bench.samples import _misspell
from registry.names import name_key


def test_floor_and_subject_runs_alternate_floor_first():
    calls = []
    interleaved(lambda: calls.append("floor") or 1.0, lambda: calls.append("subject") or 2.0, pairs=3)
    assert calls == ["floor", "subject"] * 3


def test_the_ratio_is_the_median_of_per_pair_ratios_not_the_ratio_of_medians():
    # A slow moment hits one pair on both sides: the pair's ratio is still right.
    row = Paired(floors=[10, 100, 10], subjects=[20, 200, 40]).row("x", Goal("<=", 3), "ms")
    assert row.ratio == 2
    assert (row.floor, row.subject) == (10, 40)


@pytest.mark.parametrize(
    ("goal", "ratio", "met"),
    [
        (Goal(">=", 0.4), 0.41, True),
        (Goal(">=", 0.4), 0.39, False),
        (Goal("<=", 10), 10, True),
        (Goal("<=", 10), 11, False),
    ],
)
def test_a_goal_is_met_on_its_side_of_the_value(goal, ratio, met):
    assert goal.met(ratio) is met


def test_a_row_not_measured_says_why_and_is_neither_met_nor_missed():
    row = harness.not_measured("detection ingest", Goal(">=", 0.3), "endpoint missing")
    assert row.met is None
    assert row.public() == {
        "name": "detection ingest",
        "floor": None,
        "subject": None,
        "ratio": None,
        "goal": ">= 0.3x",
        "met": None,
    }
    assert "endpoint missing" in harness.table([row])


def test_percentile_returns_an_observed_value():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 95) == 95.0
    assert percentile(values, 50) == 50.0
    assert percentile([7.0], 95) == 7.0


def test_a_run_is_saved_with_machine_and_commit_and_latest_json_has_the_contract_shape(tmp_path, monkeypatch):
    monkeypatch.setattr(harness, "RESULTS", tmp_path)
    rows = [Row("exact lookup", Goal(">=", 0.4), floor=700.0, subject=300.0, ratio=0.43, unit="req/s")]
    saved = harness.save(rows, context={"mode": "quick"})
    record = json.loads(saved.read_text())
    assert saved.name.endswith("-quick.json")  # quick runs stay out of git, full runs are kept
    assert record["machine"]["cores"] >= 1 and record["machine"]["memory_gb"] > 0
    assert len(record["git"]["commit"]) == 40
    latest = json.loads((tmp_path / "latest.json").read_text())
    assert latest == [
        {
            "name": "exact lookup",
            "floor": 700.0,
            "subject": 300.0,
            "ratio": 0.43,
            "goal": ">= 0.4x",
            "met": True,
        }
    ]


def test_a_run_of_some_sections_is_recorded_but_leaves_the_whole_tables_latest_json(tmp_path, monkeypatch):
    monkeypatch.setattr(harness, "RESULTS", tmp_path)
    (tmp_path / "latest.json").write_text("[]\n")
    rows = [Row("operation report", Goal("<=", 2), floor=10.0, subject=12.0, ratio=1.2, unit="ms")]
    saved = harness.save(rows, context={"mode": "full", "only": ["operation"]})
    assert json.loads(saved.read_text())["only"] == ["operation"]
    assert (tmp_path / "latest.json").read_text() == "[]\n"


def test_misspelled_signboards_are_deterministic_and_keep_enough_to_search():
    def misspelled(seed: int):
        return _misspell(
            "E1", "RESTORAN SELERA KAMPUNG SDN BHD", "", "RESTORAN SELERA KAMPUNG", random.Random(seed)
        )

    assert [misspelled(seed) for seed in range(20)] == [misspelled(seed) for seed in range(20)]
    for seed in range(20):
        found = misspelled(seed)
        assert any(change.startswith("typo") for change in found.changes)
        assert name_key(found.query) != "RESTORAN SELERA KAMPUNG"
        assert len(name_key(found.query).replace(" ", "")) >= 3


def test_a_server_that_never_answers_is_stopped_not_left_running(tmp_path, monkeypatch):
    def never_up(self, timeout: float = 60) -> None:
        raise RuntimeError("gunicorn did not start")

    monkeypatch.setattr(harness.Server, "_wait_until_up", never_up)
    server = harness.Server(
        database="nforce_bench_absent", workers=1, threads=1, log=tmp_path / "gunicorn.log"
    )
    with pytest.raises(RuntimeError):
        server.__enter__()
    assert server.process.poll() is not None


@pytest.mark.parametrize(
    ("goal", "subject", "met"),
    [(None, 29.0, True), (None, 31.0, False), (Goal("<=", 1), 29.0, False), (Goal("<=", 3), 29.0, True)],
)
def test_an_absolute_limit_is_met_only_with_the_ratio_goal_too(goal, subject, met):
    row = Row("offline check p50", goal, floor=10.0, subject=subject, ratio=subject / 10, unit="ms", limit=30)
    assert row.met is met and "<= 30 ms" in row.goal_text


def test_a_pack_of_the_bench_has_the_api_shape_and_no_person():
    from bench.offline_speed import generated_pack
    from registry.packs import COLUMNS

    pack = generated_pack(50)
    assert pack["columns"] == list(COLUMNS) and pack["total"] == len(pack["employers"]) == 50
    assert all(len(row) == len(COLUMNS) for row in pack["employers"])
