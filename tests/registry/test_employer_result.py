from datetime import date

from django.contrib.gis.geos import Point

from registry.queries import employer_by_code, employers_matching, employers_near
from registry.serializers import EmployerResult, employer_result

from .test_queries import KLANG, TODAY, make_employer


def test_the_rendered_result_is_exactly_the_documented_one(db):
    make_employer("E00000000001", "Restoran Selera Kampung Sdn Bhd", trading_name="Selera Kampung")
    make_employer("E00000000002", "Kedai Runcit Maju", ceased_on=date(2025, 6, 1), last_paid_month=None)
    make_employer("E00000000003", "Dobi Tanpa Alamat", at=None)
    matches = [
        *employer_by_code("E00000000001", on=TODAY, near=Point(101.446, 3.045, srid=4326)),
        *employers_matching("kedai runcit maju", on=TODAY),
        *employers_matching("dobi tanpa alamat", on=TODAY),
        *employers_near(point=KLANG, radius_m=500, on=TODAY),
    ]
    assert len(matches) >= 4
    for match in matches:
        assert employer_result(match) == EmployerResult(match).data
