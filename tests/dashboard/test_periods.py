from datetime import date

import pytest

from dashboard.breakdowns import Row as TableRow
from dashboard.breakdowns import bucket_period, bucket_starts, sort_rows
from dashboard.kpis import Kpis
from dashboard.periods import (
    Period,
    default_period,
    earlier,
    granularity,
    later,
    percent_change,
    presets,
    state_day,
)
from dashboard.presenting import DEFINITIONS, LABELS, change, figure


def p(start: str, end: str) -> Period:
    return Period(start=date.fromisoformat(start), end=date.fromisoformat(end))


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (p("2025-03-10", "2025-03-16"), p("2025-03-03", "2025-03-09")),
        (p("2025-03-01", "2025-03-31"), p("2025-01-29", "2025-02-28")),  # same length, not February
        (p("2024-03-01", "2024-03-01"), p("2024-02-29", "2024-02-29")),
        (p("2025-01-01", "2025-12-31"), p("2024-01-02", "2024-12-31")),  # 365 days, though 2024 had 366
    ],
)
def test_the_previous_period_has_the_same_number_of_days_and_ends_the_day_before(period, previous):
    assert period.previous() == previous
    assert period.previous().days == period.days


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="end before"):
        p("2025-03-02", "2025-03-01")


@pytest.mark.parametrize(
    ("previous", "current", "change"),
    [
        (8146, 10021, 23.0),  # the organisation's visits: +23.0% against the previous year, not 18.7%
        (10, 5, -50.0),
        (0, 5, None),
        (3, 3, 0.0),
        (None, 4, None),
    ],
)
def test_change_is_measured_against_the_previous_period(previous, current, change):
    found = percent_change(previous=previous, current=current)
    assert (round(found, 1) if found is not None else None) == change


@pytest.mark.parametrize(
    ("value", "shown"),
    [(8146, "8,146"), (0, "0"), (16.0, "16.0"), (12.26, "12.3"), (4.5, "4.5"), (None, "\u2013")],
)
def test_figures_are_grouped_by_thousands_and_medians_keep_one_decimal(value, shown):
    assert figure(value) == shown


def test_a_change_carries_its_sign_and_one_decimal():
    assert [change(23.04), change(-5.16), change(0.0), change(None)] == [
        "+23.0%",
        "\u22125.2%",
        "\u00b10.0%",
        "\u2013",
    ]


def test_presets_follow_the_calendar_from_a_wednesday():
    found = presets(today=date(2025, 3, 12))
    assert found["today"] == p("2025-03-12", "2025-03-12")
    assert found["this_week"] == p("2025-03-10", "2025-03-16")
    assert found["last_week"] == p("2025-03-03", "2025-03-09") == default_period(today=date(2025, 3, 12))
    assert found["this_month"] == p("2025-03-01", "2025-03-31")
    assert found["last_month"] == p("2025-02-01", "2025-02-28")


@pytest.mark.parametrize(
    ("period", "back", "forward"),
    [
        (p("2025-03-01", "2025-03-31"), p("2025-02-01", "2025-02-28"), p("2025-04-01", "2025-04-30")),
        (p("2025-03-10", "2025-03-16"), p("2025-03-03", "2025-03-09"), p("2025-03-17", "2025-03-23")),
    ],
)
def test_earlier_and_later_step_by_calendar_months_or_by_the_period(period, back, forward):
    assert (earlier(period), later(period)) == (back, forward)


def test_a_state_is_read_at_the_end_of_the_period_or_today_if_sooner():
    assert state_day(p("2025-03-10", "2025-03-16"), today=date(2025, 3, 20)) == date(2025, 3, 16)
    assert state_day(p("2025-03-10", "2025-03-16"), today=date(2025, 3, 12)) == date(2025, 3, 12)


@pytest.mark.parametrize(
    ("period", "step", "first", "count"),
    [
        (p("2025-03-01", "2025-03-31"), "day", date(2025, 3, 1), 31),
        (p("2025-03-05", "2025-05-31"), "week", date(2025, 3, 3), 13),
        (p("2024-07-15", "2025-12-31"), "month", date(2024, 7, 1), 18),
    ],
)
def test_a_series_has_every_bucket_of_its_period(period, step, first, count):
    assert granularity(period) == step
    starts = bucket_starts(period, step)
    assert (starts[0], len(starts)) == (first, count)


def test_a_bucket_links_only_to_the_days_inside_the_period():
    period = p("2025-03-05", "2025-05-31")
    assert bucket_period(date(2025, 3, 3), "week", period) == p("2025-03-05", "2025-03-09")
    assert bucket_period(date(2025, 5, 1), "month", p("2025-01-01", "2025-05-20")) == p(
        "2025-05-01", "2025-05-20"
    )


def test_rows_sort_by_a_figure_with_the_missing_ones_last():
    rows = [
        TableRow(key="b", label="Beta", kpis=Kpis(checks=5, median_days_to_registration=None)),
        TableRow(key="a", label="alpha", kpis=Kpis(checks=9, median_days_to_registration=4.0)),
        TableRow(key="c", label="Gamma", kpis=Kpis(checks=1, median_days_to_registration=2.0)),
    ]
    assert [r.key for r in sort_rows(rows, sort="-checks")] == ["a", "b", "c"]
    assert [r.key for r in sort_rows(rows, sort="median_days_to_registration")] == ["c", "a", "b"]
    assert [r.key for r in sort_rows(rows, sort="label")] == ["a", "b", "c"]
    assert [r.key for r in sort_rows(rows, sort="nonsense")] == ["a", "b", "c"]


def test_every_figure_has_a_label_and_a_definition():
    assert set(LABELS) == set(DEFINITIONS) == set(Kpis.__dataclass_fields__)
