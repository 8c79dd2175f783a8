"""One builder for every error problem of the API."""

import pytest
from rest_framework.exceptions import ValidationError

from nforce.problems import problem, problem_body, problem_serializer, refuse_fields


def test_a_problem_with_field_errors_says_each_in_its_detail():
    body = problem_body(
        status=400, title="The request has invalid fields.", errors=[("latitude", "Wrong."), (None, "Also.")]
    )
    assert body == {
        "status": 400,
        "title": "The request has invalid fields.",
        "detail": "latitude: Wrong.; Also.",
        "errors": [{"field": "latitude", "message": "Wrong."}, {"field": None, "message": "Also."}],
    }


def test_a_problem_without_errors_says_its_title_unless_told_more():
    assert problem_body(status=429, title="Too many.") == {
        "status": 429,
        "title": "Too many.",
        "detail": "Too many.",
        "errors": [],
    }
    assert problem_body(status=503, title="Down.", detail="Try later.")["detail"] == "Try later."


def test_a_problem_about_one_field_is_titled_by_its_message():
    response = problem(status_code=404, field="id_number", message="Nobody.")
    assert response.status_code == 404
    assert response.data == {
        "status": 404,
        "title": "Nobody.",
        "detail": "id_number: Nobody.",
        "errors": [{"field": "id_number", "message": "Nobody."}],
    }


def test_fields_without_a_problem_refuse_nothing():
    refuse_fields({"notice_date": None, "date_of_birth": ""})


def test_fields_with_a_problem_are_refused_together():
    with pytest.raises(ValidationError) as refused:
        refuse_fields({"notice_date": "In the future.", "date_of_birth": None, "death_date": "Before."})
    assert refused.value.detail == {"notice_date": ["In the future."], "death_date": ["Before."]}


def test_the_documented_shape_keeps_the_component_names_of_the_schema():
    serializer = problem_serializer("DetectionProblem", item_name="ProblemItem")
    assert serializer.__name__ == "DetectionProblem"
    assert list(serializer().fields) == ["status", "title", "detail", "errors"]
    assert type(serializer().fields["errors"].child).__name__ == "ProblemItem"
