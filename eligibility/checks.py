"""The officer's questions, answered: each reads the facts (audited) and applies the rules.

Views and API views are adapters around these; `on` always comes from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nforce.audit import record_event
from nforce.quotas import count_lookup
from registry.models import Employer

from .facts import PersonFacts, current_workers_facts, employer_by_code, person_facts
from .rules import Scheme, Verdict, invalidity_verdict


@dataclass(frozen=True)
class WorkerVerdict:
    facts: PersonFacts
    verdict: Verdict


@dataclass(frozen=True)
class EmployerCheck:
    employer: Employer
    on: date
    workers: list[WorkerVerdict]


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


def workers_verdicts(*, employer: Employer, on: date) -> list[WorkerVerdict]:
    """Invalidity verdict of every current worker of `employer`, as if notice were given `on`:
    one query for all of them."""
    return [
        WorkerVerdict(facts, invalidity_verdict(insured=facts.insured(), notice_on=on))
        for facts in current_workers_facts(employer=employer)
    ]


def employer_check(
    *, employer_code: str, on: date, actor, client_address: str | None
) -> EmployerCheck | None:
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
    return EmployerCheck(employer, on, workers) if employer else None
