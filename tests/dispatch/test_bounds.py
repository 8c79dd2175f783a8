"""An id in a query string is digits 0-9 or a clear 400 (issue 16, item 13)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("typed", ["²", "٣", "1e3", "-1", "9" * 30])
def test_an_inspector_that_is_no_id_is_a_400_that_says_so(client, supervisor, typed):
    client.force_login(supervisor)
    response = client.get(reverse("dispatch:reassign"), {"inspector": typed})
    assert response.status_code == 400
    assert "Choose the inspector from the list." in response.content.decode()


def test_a_proper_id_of_nobody_the_supervisor_sees_shows_no_cases(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("dispatch:reassign"), {"inspector": "424242"}).status_code == 200
