"""The officer's questions, answered: each reads the facts (audited) and applies the rules.

Views and API views are adapters around these; `on` and `today` always come from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nforce.audit import masked_digits, record_event, record_people_shown
from nforce.quotas import count_lookup
from registry.identifiers import is_mykad_number
from registry.models import Employer

from .claims import Claim, date_problem
from .queries import (
    PersonFacts,
    current_workers_count,
    current_workers_facts,
    employer_by_code,
    person_facts,
)
from .rules import Scheme, Verdict, invalidity_verdict


class CheckRefused(Exception):
    """No verdict: `field` names the input at fault; `unknown` when nobody in the registry has it."""

    def __init__(self, *, field: str, message: str, unknown: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.unknown = unknown


@dataclass(frozen=True)
class PersonVerdict:
    facts: PersonFacts
    verdict: Verdict


# Each worker shown is a person lookup, counted against the person quota and audited: an
# employer's list comes a page at a time, so that no single check shows hundreds of people.
WORKERS_PER_PAGE = 20
MAX_WORKER_PAGE = 100_000  # a bound for what is typed; no employer has 2 million workers


@dataclass(frozen=True)
class EmployerCheck:
    employer: Employer
    on: date
    workers: list[PersonVerdict]  # the page asked for
    page: int = 1
    pages: int = 1
    total: int = 0  # current workers, on every page


def person_verdict(*, claim: Claim, today: date, actor, client_address: str | None) -> PersonVerdict:
    """The verdict on a person's claim by national ID, from their record in the registry.

    Raises CheckRefused when nobody has the ID, or when the claim's date is before their birth.
    """
    assert claim.id_number is not None
    facts = person_for_claim(
        id_number=claim.id_number,
        scheme=claim.scheme,
        on=claim.on,
        actor=actor,
        client_address=client_address,
    )
    if facts is None:
        raise CheckRefused(field="id_number", message=_unknown(claim.id_number), unknown=True)
    too_early = date_problem(claim.on, today=today, born_on=facts.born_on, scheme=claim.scheme)
    if too_early:
        raise CheckRefused(field=claim.date_field, message=too_early)
    return PersonVerdict(facts, claim.verdict_for(facts.insured()))


def _unknown(id_number: str) -> str:
    if is_mykad_number(id_number):
        return _("No insured person has this ID number.")
    # A passport number has no check digits: nobody having it may be a typing mistake.
    return _("No record for this number: check it against the passport.")


def person_for_claim(
    *, id_number: str, scheme: Scheme, on: date, actor, client_address: str | None
) -> PersonFacts | None:
    """A person's facts by national ID; the lookup is audited, the ID stored only as a keyed hash."""
    count_lookup(user=actor, kind="person")
    facts = person_facts(id_number=id_number)
    record_event(
        actor=actor,
        action=f"eligibility.{scheme.value}",
        subject_id=id_number,
        query={"scheme": scheme.value, "on": on.isoformat()},
        result_count=int(facts is not None),
        client_address=client_address,
    )
    return facts


def workers_verdicts(*, employer: Employer, on: date, page: int | None = None) -> list[PersonVerdict]:
    """Invalidity verdict of every current worker of `employer` (or of one page of them, by name),
    as if notice were given `on`: one query for all of them."""
    limit = None if page is None else WORKERS_PER_PAGE
    offset = 0 if page is None else (page - 1) * WORKERS_PER_PAGE
    return [
        PersonVerdict(facts, invalidity_verdict(insured=facts.insured(), notice_on=on))
        for facts in current_workers_facts(employer=employer, limit=limit, offset=offset)
    ]


def employer_check(
    *, employer_code: str, on: date, actor, client_address: str | None, page: int = 1
) -> EmployerCheck:
    """One page of an employer's current workers with their verdicts. Every worker shown counts
    as one person lookup and is audited as one (their ID as a keyed hash); QuotaExceeded once the
    person quota cannot cover the page. Raises CheckRefused when no employer has the code (the
    lookup is audited all the same) or the page is past the last."""
    count_lookup(user=actor, kind="employer")
    employer = employer_by_code(employer_code)
    total = current_workers_count(employer=employer) if employer else 0
    pages = max(1, -(-total // WORKERS_PER_PAGE))
    workers = workers_verdicts(employer=employer, on=on, page=page) if employer and page <= pages else []
    for _worker in workers:
        count_lookup(user=actor, kind="person")
    asked = {
        "employer_code": masked_digits(employer_code),  # typed: may be a mistyped ID number
        "employer": employer.pk if employer else None,
        "on": on.isoformat(),
        "page": page,
    }
    _audit_workers_shown(workers, asked=asked, actor=actor, client_address=client_address)
    if employer is None:
        raise CheckRefused(field="employer_code", message=_("No employer has this code."), unknown=True)
    if page > pages:
        message = ngettext(
            "There is only %(pages)d page of workers.", "There are only %(pages)d pages of workers.", pages
        ) % {"pages": pages}
        raise CheckRefused(field="page", message=message)
    return EmployerCheck(employer, on, workers, page=page, pages=pages, total=total)


def _audit_workers_shown(
    workers: list[PersonVerdict], *, asked: dict, actor, client_address: str | None
) -> None:
    """The employer check itself, and each worker it shows as a lookup of that person."""
    shown = {"actor": actor, "query": asked, "client_address": client_address}
    record_event(action="eligibility.employer", result_count=len(workers), **shown)
    ids = [worker.facts.id_number for worker in workers]
    record_people_shown(action="eligibility.worker", id_numbers=ids, **shown)
