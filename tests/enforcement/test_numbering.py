"""Numbers: OFFICE/YEAR/NNNNN, gapless per office, year and kind, with concurrent writers."""

import threading

import pytest
from django.db import connection, transaction

from enforcement.numbering import next_number
from tests.factories import OfficeFactory


@pytest.mark.django_db
def test_numbers_count_per_office_year_and_kind():
    klang, shah_alam = OfficeFactory(code="KLG"), OfficeFactory(code="SHA")
    with transaction.atomic():
        taken = [
            next_number(klang, 2026, "notice"),
            next_number(klang, 2026, "notice"),
            next_number(klang, 2026, "compound"),
            next_number(shah_alam, 2026, "notice"),
            next_number(klang, 2027, "notice"),
        ]
    assert taken == ["KLG/2026/00001", "KLG/2026/00002", "KLG/2026/00001", "SHA/2026/00001", "KLG/2027/00001"]


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again():
    office = OfficeFactory(code="KLG")
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(office, 2026, "notice")
        raise RuntimeError("the notice was not stored")
    with transaction.atomic():
        assert next_number(office, 2026, "notice") == "KLG/2026/00001"


def test_outside_a_transaction_no_number_is_given(db):
    office = OfficeFactory(code="KLG")
    with pytest.raises(RuntimeError):
        # pytest-django wraps the test in a transaction; a connection of its own has none.
        _in_thread(lambda: next_number(office, 2026, "notice"))


def _in_thread(work):
    failures = []

    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_every_number_once_without_gaps():
    office = OfficeFactory(code="KLG")
    writers, each = 8, 10
    taken: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(writers)

    def writer():
        try:
            start.wait()
            for _ in range(each):
                with transaction.atomic():
                    number = next_number(office, 2026, "compound")
                with lock:
                    taken.append(number)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == [f"KLG/2026/{n:05d}" for n in range(1, writers * each + 1)]
