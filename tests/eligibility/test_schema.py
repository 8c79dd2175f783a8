"""The OpenAPI schema of the eligibility endpoints builds without a warning and keeps the contract."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


def test_the_eligibility_schema_builds_without_warnings_and_names_the_contract_fields():
    GENERATOR_STATS.reset()
    patterns = [path("api/v1/eligibility/", include("eligibility.api_urls"))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS, (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
    assert set(schema["paths"]) == {
        "/api/v1/eligibility/invalidity",
        "/api/v1/eligibility/survivors",
        "/api/v1/eligibility/employer",
    }
    survivors = schema["components"]["schemas"]["SurvivorsVerdict"]["properties"]
    assert {
        "verdict",
        "rate_percent",
        "average_monthly_wage",
        "monthly_pension",
        "window",
        "n_months",
        "c_months",
        "shortfall_months",
        "reasons",
        "full_rate",
        "shares",
    } <= set(survivors)
    claim = schema["components"]["schemas"]["SurvivorsClaimRequest"]["properties"]
    assert {"id_number", "death_date", "date_of_birth", "contributions", "first_payable_month"} <= set(claim)
    assert {"foreign_worker", "receiving_invalidity_pension", "dependants"} <= set(claim)
