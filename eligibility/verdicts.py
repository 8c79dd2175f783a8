"""The officer's questions, answered: each reads the facts (audited) and applies the rules.

Views and API views are adapters around these; `on` and `today` always come from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from nforce.audit import record_event
from nforce.quotas import count_lookup
from registry.models import Employer

from .claims import Claim, date_problem
from .queries import PersonFacts, current_workers_facts, employer_by_code, person_facts
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


@dataclass(frozen=True)
class EmployerCheck:
    employer: Employer
    on: date
    workers: list[PersonVerdict]


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
        message = _("No insured person has this ID number.")
        raise CheckRefused(field="id_number", message=message, unknown=True)
    too_early = date_problem(claim.on, today=today, born_on=facts.born_on, scheme=claim.scheme)
    if too_early:
        raise CheckRefused(field=claim.date_field, message=too_early)
    return PersonVerdict(facts, claim.verdict_for(facts.insured()))


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


def workers_verdicts(*, employer: Employer, on: date) -> list[PersonVerdict]:
    """Invalidity verdict of every current worker of `employer`, as if notice were given `on`:
    one query for all of them."""
    return [
        PersonVerdict(facts, invalidity_verdict(insured=facts.insured(), notice_on=on))
        for facts in current_workers_facts(employer=employer)
    ]


def employer_check(*, employer_code: str, on: date, actor, client_address: str | None) -> EmployerCheck:
    """Raises CheckRefused when no employer has the code (the lookup is audited all the same)."""
    count_lookup(user=actor, kind="employer")
    employer = employer_by_code(employer_code)
    workers = workers_verdicts(employer=employer, on=on) if employer else []
    record_event(
        actor=actor,
        action="eligibility.employer",
        query={"employer_code": employer_code, "on": on.isoformat()},
        result_count=len(workers),
        client_address=client_address,
    )
    if employer is None:
        raise CheckRefused(field="employer_code", message=_("No employer has this code."), unknown=True)
    return EmployerCheck(employer, on, workers)
