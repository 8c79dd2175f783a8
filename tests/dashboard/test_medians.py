"""The table's median days to registration, computed in SQL, against median_of() in Python."""

import random
from datetime import date

import pytest

from dashboard.breakdowns import breakdown
from dashboard.filters import scoped_filters
from dashboard.kpis import median_of
from dashboard.models import RegistrationDelayRollup
from dashboard.periods import Period
from tests.factories import AreaFactory, UserFactory

PERIOD = Period(start=date(2025, 3, 1), end=date(2025, 3, 31))


@pytest.mark.django_db
def test_the_median_of_each_area_is_that_of_its_histogram_summed_over_days_and_officers():
    rng = random.Random(19)
    areas = [AreaFactory() for _ in range(6)]
    officers = [UserFactory() for _ in range(3)]
    expected: dict[str | None, dict[int, int]] = {}
    cells = {}
    for area in [*areas, None]:
        # From one registration (odd) to many, some areas with an even count, one with nothing won.
        for _ in range(rng.randint(0, 40)):
            day = date(2025, 3, rng.randint(1, 31))
            officer = rng.choice([*officers, None])
            delay = rng.choice([0, 1, 2, 3, 5, 8, 13, 40, 400])
            cell = cells.setdefault((day, area, officer, delay), [0])
            cell[0] += rng.choice([0, 1, 1, 2, 3])
    outside = RegistrationDelayRollup(
        day=date(2025, 2, 28), area=areas[0], officer=None, delay_days=999, registrations=50
    )
    RegistrationDelayRollup.objects.bulk_create(
        [
            outside,
            *(
                RegistrationDelayRollup(
                    day=day, area=area, officer=officer, delay_days=delay, registrations=n
                )
                for (day, area, officer, delay), (n,) in cells.items()
            ),
        ]
    )
    for (_day, area, _officer, delay), (n,) in cells.items():
        histogram = expected.setdefault(area.code if area else None, {})
        histogram[delay] = histogram.get(delay, 0) + n
    admin = UserFactory(is_superuser=True)

    rows = breakdown(filters=scoped_filters(user=admin, period=PERIOD), by="area", today=date(2025, 4, 1))

    found = {row.key: row.kpis.median_days_to_registration for row in rows}
    wanted = {code: median_of(h.items()) for code, h in expected.items()}
    assert found == {code: median for code, median in wanted.items() if median is not None}
    assert any(sum(h.values()) % 2 == 0 and sum(h.values()) for h in expected.values())
    assert any(sum(h.values()) % 2 == 1 for h in expected.values())
