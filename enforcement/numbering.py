"""Notice and compound numbers: OFFICE/YEAR/NNNNN, gapless per office, year and kind.

The counter row is locked FOR UPDATE in the caller's transaction: two inspectors issuing at the
same instant take turns, and a transaction that rolls back gives its number back.
"""

from django.db import transaction

from nforce.models import Office

from .models import NumberCounter


def next_number(office: Office, year: int, kind: str) -> str:
    """Must run inside the transaction that stores the number (act() holds one)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that stores the number")
    # ON CONFLICT DO NOTHING: two first numbers of a year at once both find one row to lock.
    NumberCounter.objects.bulk_create(
        [NumberCounter(office=office, year=year, kind=kind)], ignore_conflicts=True
    )
    counter = NumberCounter.objects.select_for_update().get(office=office, year=year, kind=kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{office.code}/{year}/{counter.last:05d}"
