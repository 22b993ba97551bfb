"""The learning app's printed documents: a training certificate, a village's QR poster and the
one-page sheet of a guide. All start from `cnscd.pdfs.document` (Vietnamese font, A4)."""

import io
from datetime import date

import segno
from django.http import HttpResponse
from django.utils.translation import gettext as _
from fpdf import FPDF

from cnscd.learning.models import Attendance, Guide
from cnscd.learning.richtext import plain_text
from cnscd.pdfs import FAMILY, document, rendered


def _dmy(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser (printable from there), saved under `filename`."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _centered(pdf: FPDF, text: str, *, size: float, bold: bool = False, height: float = 0) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, height or size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")


# --- certificate ----------------------------------------------------------------


def certificate_pdf(attendance: Attendance, *, issued_on: date) -> bytes:
    """A4 landscape certificate for a completed attendance: who, which course, when, where."""
    session, member = attendance.session, attendance.member
    course = session.course
    pdf = document(_("Training certificate"), landscape=True)
    pdf.set_margins(25, 20, 25)
    pdf.add_page()
    pdf.set_line_width(0.8)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    pdf.set_y(22)
    _centered(pdf, _("SOCIALIST REPUBLIC OF VIET NAM"), size=13, bold=True)
    _centered(pdf, _("Independence – Freedom – Happiness"), size=12)
    pdf.ln(8)
    _centered(pdf, _("CERTIFICATE"), size=30, bold=True, height=16)
    _centered(pdf, _("of completed training in digital skills"), size=15)
    pdf.ln(6)
    _centered(pdf, _("This certifies that"), size=14)
    _centered(pdf, member.full_name, size=24, bold=True, height=14)
    _centered(pdf, _("member of %(team)s") % {"team": member.team.name}, size=14)
    pdf.ln(3)
    _centered(pdf, _("has completed the course"), size=14)
    _centered(pdf, course.title, size=18, bold=True, height=10)
    if course.skills:
        skills = ", ".join(course.skill_labels())
        _centered(pdf, _("Skills: %(skills)s") % {"skills": skills}, size=13)
    _centered(
        pdf,
        _("held on %(date)s at %(place)s (%(mode)s)")
        % {
            "date": _dmy(session.held_on),
            "place": session.place,
            "mode": course.get_mode_display(),
        },
        size=13,
    )
    _centered(
        pdf,
        _("trainer: %(trainer)s · organised by %(unit)s")
        % {"trainer": session.trainer, "unit": course.unit.name},
        size=13,
    )
    pdf.set_y(pdf.h - 50)
    pdf.set_font(FAMILY, "", 13)
    half = (pdf.w - 50) / 2
    pdf.cell(half, 7, _("No. %(number)s") % {"number": attendance.certificate_number})
    pdf.multi_cell(
        half,
        7,
        _("Issued on %(date)s\nOn behalf of %(unit)s")
        % {"date": _dmy(issued_on), "unit": course.unit.name},
        align="C",
    )
    return rendered(pdf)


# --- poster ---------------------------------------------------------------------


def qr_png(url: str) -> io.BytesIO:
    """The QR code of `url` as a PNG in memory (error correction M: survives a little dirt)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=12, border=2)
    out.seek(0)
    return out


def poster_pdf(*, name: str, trail: list[str], url: str) -> bytes:
    """A4 poster to hang at the cultural house: the unit's name, where it is (`trail`: the
    units above, largest first), and a big QR code of `url`."""
    pdf = document(name)
    pdf.add_page()
    pdf.set_y(22)
    _centered(pdf, _("Community digital technology team"), size=16)
    pdf.ln(3)
    _centered(pdf, name, size=36, bold=True, height=18)
    if trail:
        _centered(pdf, ", ".join(reversed(trail)), size=16)
    size = 150
    pdf.image(qr_png(url), x=(pdf.w - size) / 2, y=pdf.get_y() + 8, w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 14)
    _centered(
        pdf, _("Scan the code with the phone's camera or with Zalo to open the page"), size=18
    )
    pdf.ln(2)
    _centered(pdf, url, size=14)
    return rendered(pdf)


# --- guide sheet ----------------------------------------------------------------

GUIDE_FONT_SIZES = (13, 12, 11, 10, 9, 8)


def _guide_page(guide: Guide, steps: list[str], url: str, size: float) -> FPDF:
    line = size * 0.5
    pdf = document(guide.title)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", size + 6)
    pdf.multi_cell(0, line + 3, guide.title, align="L", new_x="LMARGIN", new_y="NEXT")
    details = [str(guide.get_audience_display())]
    if guide.skill:
        details.insert(0, str(guide.get_skill_display()))
    if guide.province_id:
        details.append(guide.province.name)
    pdf.set_font(FAMILY, "", size - 2)
    pdf.multi_cell(0, line, " · ".join(details), new_x="LMARGIN", new_y="NEXT")
    if guide.summary:
        pdf.ln(1)
        pdf.set_font(FAMILY, "", size)
        pdf.multi_cell(0, line, guide.summary, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for number, text in enumerate(steps, start=1):
        pdf.set_font(FAMILY, "B", size)
        pdf.cell(size * 0.8, line + 0.5, f"{number}.")
        pdf.set_font(FAMILY, "", size)
        pdf.multi_cell(0, line + 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    if guide.safety_lines:
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", size)
        pdf.multi_cell(0, line, _("Remember"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", size)
        for warning in guide.safety_lines:
            pdf.multi_cell(0, line, f"• {warning}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "", size - 3)
    pdf.multi_cell(0, line, f"CNSCĐ · {url}", new_x="LMARGIN", new_y="NEXT")
    return pdf


def guide_sheet_pdf(guide: Guide, *, url: str) -> bytes:
    """The guide on one A4 page: the largest font that fits (older eyes), pictures left out."""
    steps = [plain_text(step.text).replace("\n", " ") for step in guide.steps.all()]
    for size in GUIDE_FONT_SIZES:
        pdf = _guide_page(guide, steps, url, size)
        if pdf.page_no() == 1:
            break
    return rendered(pdf)
