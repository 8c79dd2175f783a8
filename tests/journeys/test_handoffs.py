"""Where one page hands the officer on to the next, what was typed goes along."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_record_page_starts_with_the_name_the_officer_searched_for(klang, new_phone, log_in):
    context = new_phone()
    log_in(context, klang.officer)
    page = context.new_page()
    page.goto(f"{reverse('detection:record')}?name=Kedai%20Runcit%20Bintang%20Timur")
    page.wait_for_selector("#position-status[data-state=good]")  # the page's script has run
    assert page.input_value("#id_premises_name") == "Kedai Runcit Bintang Timur"
