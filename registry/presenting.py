"""Standings and matches in plain words, English or Malay, for pages and the API."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nforce.audit import DIGIT_RUN

from .queries import EmployerMatch, Match, PersonCheck
from .standing import Standing, StandingCode


def standing_text(standing: Standing, *, last_paid_month=None) -> str:
    if standing.code == StandingCode.CEASED:
        assert standing.ceased_on is not None  # standing_of() gives the date with the code
        return _("Ceased %(year)s") % {"year": standing.ceased_on.year}
    if standing.code == StandingCode.NOT_CONTRIBUTING:
        assert standing.months_without is not None
        return ngettext(
            "Registered, nothing paid for %(n)d month",
            "Registered, nothing paid for %(n)d months",
            standing.months_without,
        ) % {"n": standing.months_without}
    if last_paid_month is None:
        return _("Registered, first contribution not yet due")
    return _("Registered, contributing")


def standing_tone(code: str) -> str:
    """The badge class: ok, warn or bad (the words carry the meaning, colour only helps)."""
    return {StandingCode.CONTRIBUTING: "ok", StandingCode.NOT_CONTRIBUTING: "warn"}.get(code, "bad")


def match_text(result: EmployerMatch) -> str:
    parts = []
    if result.match == Match.EMPLOYER_CODE:
        parts.append(_("exact employer code"))
    elif result.match == Match.REGISTRATION_NO:
        parts.append(_("exact business registration number"))
    elif result.match == Match.NAME:
        parts.append(_("name %(percent)d%% alike") % {"percent": round(result.score * 100)})
    else:
        parts.append(_("nearby"))
    if result.distance_m is not None:
        parts.append(distance_text(result.distance_m))
    return " · ".join(parts)


def distance_text(metres: float) -> str:
    if metres < 1000:
        return _("%(m)d m away") % {"m": round(metres)}
    return _("%(km).1f km away") % {"km": metres / 1000}


def month_words(month) -> str:
    return date_format(month, "F Y")


def person_text(check: PersonCheck) -> str:
    if check.finding == "no_record":
        return _("No record for this number: check it against the passport.")
    if not check.registered:
        return _("Not registered")
    if check.last_paid_month is None:
        return _("Registered, nothing paid yet")
    if check.contributing:
        return _("Registered, last paid %(month)s") % {"month": month_words(check.last_paid_month)}
    return _("Registered, last paid %(month)s (%(n)d months ago)") % {
        "month": month_words(check.last_paid_month),
        "n": check.months_since_last_paid,
    }


def signboard_from(q: str) -> str:
    """The searched words for the record page's name field (they travel in its URL): without any
    run of 6+ digits, which may be an ID number and would land in browser history and access logs."""
    return " ".join(DIGIT_RUN.sub(" ", q).split())


def employer_cards(results: list[EmployerMatch]) -> list[dict]:
    return [_employer_card(result) for result in results]


def _employer_card(result: EmployerMatch) -> dict:
    employer = result.employer
    return {
        "employer": employer,
        "status": result.standing.code,
        "status_text": standing_text(result.standing, last_paid_month=employer.last_paid_month),
        "tone": standing_tone(result.standing.code),
        "last_paid": month_words(employer.last_paid_month) if employer.last_paid_month else None,
        "why": match_text(result),
    }


def person_card(check: PersonCheck, *, id_number: str) -> dict:
    if check.finding == "no_record":
        status, tone = "no_record", "warn"
    elif not check.registered:
        status, tone = "not_found", "bad"
    elif check.contributing:
        status, tone = StandingCode.CONTRIBUTING, "ok"
    else:
        status, tone = StandingCode.NOT_CONTRIBUTING, "warn"
    return {
        "check": check,
        "status": status,
        "status_text": person_text(check),
        "tone": tone,
        "id_number": id_number,
    }


def offline_check_strings() -> dict:
    """The words of a check answered from the area pack on the phone (offline-check.js)."""
    return {
        "answer": _("Offline answer, registry as of {date}."),
        "pack": _("Area pack on this phone: {count} employers of {areas}, registry as of {date}."),
        "no_pack": _("No area pack on this phone yet: open this page once with signal to download it."),
        "too_old": _(
            "The area pack on this phone is from {date}, older than {hours} hours: it is not used. "
            "Find signal to refresh it."
        ),
        "not_in_pack": _(
            "{query} is not in the area pack on this phone. "
            "The check is kept and answered when there is signal."
        ),
        "no_match": _(
            "No employer of your areas has that name in the pack. "
            "The check is kept and answered when there is signal."
        ),
        "person": _("Checking a worker needs signal: workers are never kept on the phone."),
        "queued_answered": _("Answered now that there is signal:"),
        "record": _("This is the business: record the check"),
        "last_paid": _("last paid {month}"),
        "code": _("Employer code"),
        "status": {
            "registered_contributing": _("Registered, contributing"),
            "registered_not_contributing": _("Registered, not contributing"),
            "ceased": _("Ceased"),
        },
    }
