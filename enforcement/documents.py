"""The notice and the compound as PDF (reportlab): Malay first, English below, with a QR code that
opens the case (a staff page: signing in is needed)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, SimpleDocTemplate, Spacer

from .models import Case
from .presenting import section_words
from .queries import move_of, signboard_photo_of

LANGUAGES = ("ms", "en")  # Malay first, English below


class NotIssued(LookupError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def case_path(case: Case) -> str:
    return reverse("enforcement:case", args=[case.pk])


def filename(case: Case, kind: str) -> str:
    number = case.notice_number if kind == "notice" else case.compound_number
    return f"{kind}-{number.replace('/', '-')}.pdf"


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def render(case: Case, *, kind: str, case_url: str) -> bytes:
    """Raises NotIssued when the case has no such document yet."""
    number = case.notice_number if kind == "notice" else case.compound_number
    if not number:
        raise NotIssued(
            _("This case has no notice yet.") if kind == "notice" else _("This case has no compound yet.")
        )
    move = move_of(case, "notice" if kind == "notice" else "compound")
    story: list[Flowable] = []
    for language in LANGUAGES:
        with translation.override(language):
            story += _part(case, kind=kind, number=number, move=move)
        story.append(HRFlowable(width="100%", spaceBefore=4 * mm, spaceAfter=4 * mm))
    story += _photo(case)
    story.append(_qr(case_url))
    story.append(Paragraph(escape(_scan_words()), getSampleStyleSheet()["Normal"]))
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=number, author="PERKESO / Nforce").build(story)
    return buffer.getvalue()


def _part(case: Case, *, kind: str, number: str, move) -> list[Flowable]:
    styles = getSampleStyleSheet()
    title = _("Notice to register") if kind == "notice" else _("Compound offer")
    rows = [(_("Number"), number), *_facts(case, move), (_("Findings"), _findings(case))]
    if kind == "compound":
        rows += [(_("Amount"), f"RM{case.compound_amount_rm}"), (_("Pay by"), _day(case.compound_due))]
    else:
        rows.append((_("Register by"), _day(case.notice_due)))
    flow: list[Flowable] = [Paragraph(escape(title), styles["Heading2"])]
    flow += [
        Paragraph(f"<b>{escape(str(label))}:</b> {escape(str(value))}", styles["Normal"])
        for label, value in rows
    ]
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph(escape(_demand(case, kind)), styles["Normal"]))
    return flow


def _facts(case: Case, move) -> list[tuple[str, str]]:
    premises = case.premises
    employer = case.employer
    at = timezone.localtime(move.at) if move else None
    officer = move.actor if move and move.actor else case.inspector
    position = (move.location if move and move.location else None) or premises.location
    return [
        (_("Issued"), at.strftime("%Y-%m-%d %H:%M") if at else "—"),
        (_("Premises"), f"{premises.name}, {premises.address}".strip(", ")),
        (_("Employer"), f"{employer.name} ({employer.employer_code})" if employer else _("Not registered")),
        (_("Officer"), f"{officer.full_name} ({officer.staff_number})" if officer else "—"),
        (_("Position"), f"{position.y:.5f}, {position.x:.5f}"),
    ]


def _findings(case: Case) -> str:
    lines = []
    for finding in case.findings.all():
        words = section_words(finding.section)
        if finding.workers and finding.section in ("act4_s5", "act800_s16"):
            words += " · " + _("%(count)s workers") % {"count": finding.workers}
        lines.append(words)
    return "; ".join(lines) or "—"


def _demand(case: Case, kind: str) -> str:
    if kind == "notice":
        return _(
            "The employer is to register the business and every employee with PERKESO by %(due)s "
            "(Act 4 s.4 and s.5; Act 800 s.14 and s.16)."
        ) % {"due": _day(case.notice_due)}
    return _(
        "The offences above may be compounded by paying RM%(amount)s by %(due)s; otherwise the case may be "
        "referred for prosecution."
    ) % {"amount": case.compound_amount_rm, "due": _day(case.compound_due)}


def _scan_words() -> str:
    with translation.override("ms"):
        malay = _("Scan to open the case (staff only).")
    with translation.override("en"):
        english = _("Scan to open the case (staff only).")
    return f"{malay} / {english}"


def _day(value) -> str:
    return value.isoformat() if value else "—"


def _photo(case: Case) -> list[Flowable]:
    detection = signboard_photo_of(case)
    if detection is None:
        return []
    try:
        with detection.photo.open("rb") as photo:
            data = BytesIO(photo.read())
    except OSError:
        return []  # the file is gone from storage: the document goes out without it
    image = Image(data)
    image._restrictSize(80 * mm, 60 * mm)
    return [image, Spacer(1, 2 * mm)]


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    size = 30 * mm
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def render_report(figures: dict, *, title: str) -> bytes:
    """The enforcement report as PDF: Malay first, English below, the same figures."""
    from .presenting import report_tables

    story: list[Flowable] = []
    for language in LANGUAGES:
        with translation.override(language):
            story += _report_part(figures, report_tables(figures), title=title)
        story.append(HRFlowable(width="100%", spaceBefore=4 * mm, spaceAfter=4 * mm))
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, author="PERKESO / Nforce").build(story)
    return buffer.getvalue()


def _report_part(figures: dict, tables: dict, *, title: str) -> list[Flowable]:
    styles = getSampleStyleSheet()
    period = _("From %(start)s to %(end)s") % {
        "start": figures["period"]["from"],
        "end": figures["period"]["to"],
    }
    compounds = figures["compounds"]
    employees = figures["employees_registered"]
    rows = [
        (_("Premises inspected"), figures["premises_inspected"]),
        (_("Non-compliant"), f"{figures['non_compliant_percent']}%"),
        (_("Compounds issued"), f"{compounds['count']} · RM{compounds['amount_rm']}"),
        *((section, f"{count} · RM{amount}") for section, count, amount in tables["sections"]),
        (_("Compounds paid"), f"RM{figures['compounds_paid_rm']}"),
        (_("Compliance orders"), figures["compliance_orders"]),
        (_("Referred for prosecution"), figures["referred_for_prosecution"]),
        (_("Employers registered"), figures["employers_registered"]),
        (_("Employees registered (local / foreign)"), f"{employees['local']} / {employees['foreign']}"),
        *((outcome, count) for outcome, count in tables["outcomes"]),
    ]
    flow: list[Flowable] = [
        Paragraph(escape(_("Enforcement report")), styles["Heading2"]),
        Paragraph(escape(f"{title} · {period}"), styles["Normal"]),
    ]
    flow += [
        Paragraph(f"<b>{escape(str(label))}:</b> {escape(str(value))}", styles["Normal"])
        for label, value in rows
    ]
    return flow
