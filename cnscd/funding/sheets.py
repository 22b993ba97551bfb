"""The payout sheet (danh sách chi trả): the list a commune's accountant pays from and files.

The layout of a Vietnamese payroll list: a numbered row per team (STT,
village, team leader, members, months, amount, signature on receipt), the
total in figures and in words (*Bằng chữ: Ba triệu đồng*), and the signature
block of the preparer, the chief accountant and the head of the body. One
`PayoutSheet` holds the content; the xlsx and the PDF only lay it out, so
both always show the same figures.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.funding.allowances import AllowanceReport
from cnscd.funding.computation import round_half_up
from cnscd.geo.models import Kind
from cnscd.pdfs import document, rendered
from cnscd.vntext.money import amount_in_words, format_dong, group_thousands
from cnscd.workbooks import INTEGER, MONEY, SheetColumn, add_sheet, new_workbook, workbook_bytes


@dataclass(frozen=True)
class PayoutRow:
    number: int
    village: str
    leader: str
    members: int
    months: Fraction
    amount: int


@dataclass(frozen=True)
class PayoutSheet:
    title: str
    subtitle: str
    basis: str
    rows: list[PayoutRow]
    total: int

    @property
    def words(self) -> str:
        return _("Amount in words: %(words)s.") % {"words": amount_in_words(self.total)}


def months_text(months: Fraction) -> str:
    """`3`, or `1,48` for part of a month (two decimals rounded half up, decimal comma)."""
    if months.denominator == 1:
        return str(months.numerator)
    hundredths = round_half_up(months * 100)
    return f"{hundredths // 100},{hundredths % 100:02d}"


def headers() -> list[str]:
    return [
        _("No."),
        _("Village / residential group"),
        _("Team leader"),
        _("Members"),
        _("Months"),
        _("Amount (đồng)"),
        _("Signature on receipt"),
    ]


def signatures() -> list[tuple[str, str]]:
    return [
        (_("Prepared by"), _("(signature, full name)")),
        (_("Chief accountant"), _("(signature, full name)")),
        (_("Head of the body"), _("(signature, full name, seal)")),
    ]


def payout_sheet(report: AllowanceReport) -> PayoutSheet:
    """The sheet's content; on a province's sheet each village also names its commune."""
    with_commune = report.unit.kind in (Kind.COUNTRY, Kind.PROVINCE)
    rows = []
    for number, line in enumerate(report.lines, start=1):
        village = line.team.village
        name = f"{village.name} ({village.parent.name})" if with_commune else village.name
        rows.append(
            PayoutRow(
                number=number,
                village=name,
                leader=line.allowance.leader,
                members=line.allowance.members,
                months=line.allowance.months,
                amount=line.amount,
            )
        )
    references = "; ".join(p.reference for p in report.policies)
    return PayoutSheet(
        title=_("Payout list of allowances for community digital technology teams"),
        subtitle=f"{report.unit.name} · {report.period.display()}",
        basis=_("Under: %(references)s") % {"references": references or "—"},
        rows=rows,
        total=report.total,
    )


def _prepared_on() -> str:
    return _("Prepared on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}


def payout_xlsx(sheet: PayoutSheet) -> bytes:
    """The sheet as a workbook: amounts are numbers (they add up in any spreadsheet)."""
    columns = [
        SheetColumn(header, width, fmt)
        for header, width, fmt in zip(
            headers(),
            [6, 36, 26, 12, 10, 18, 22],
            [INTEGER, None, None, INTEGER, None, MONEY, None],
            strict=True,
        )
    ]
    workbook = new_workbook()
    rows = [
        [r.number, r.village, r.leader, r.members, months_text(r.months), r.amount, ""]
        for r in sheet.rows
    ]
    worksheet = add_sheet(
        workbook,
        title=_("Payout list"),
        heading=sheet.title,
        columns=columns,
        rows=rows,
        notes=[sheet.subtitle, sheet.basis],
    )
    worksheet.append(["", _("Total"), "", sum(r.members for r in sheet.rows), "", sheet.total, ""])
    worksheet.append(["", sheet.words])
    worksheet.append([])
    worksheet.append(["", "", "", "", "", _prepared_on()])
    worksheet.append(["", *[label for label, _hint in signatures()]])
    worksheet.append(["", *[hint for _label, hint in signatures()]])
    return workbook_bytes(workbook)


_WIDTHS = (12, 70, 52, 26, 20, 36, 50)  # millimetres, 266 in all: landscape A4 less margins


def payout_pdf(sheet: PayoutSheet) -> bytes:
    """The sheet as a landscape A4 PDF, ready to print and sign."""
    pdf = document(sheet.title, landscape=True)
    pdf.add_page()
    pdf.set_font(style="B", size=13)
    pdf.multi_cell(0, 7, sheet.title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(style="", size=11)
    pdf.multi_cell(0, 6, sheet.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, sheet.basis, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(size=10)
    with pdf.table(
        col_widths=_WIDTHS,
        text_align=("CENTER", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
        line_height=7,
    ) as table:
        table.row(headers())
        for r in sheet.rows:
            table.row(
                [
                    str(r.number),
                    r.village,
                    r.leader,
                    str(r.members),
                    months_text(r.months),
                    group_thousands(r.amount),
                    "",
                ]
            )
        table.row(["", _("Total"), "", str(sum(r.members for r in sheet.rows)), "",
                   format_dong(sheet.total), ""])  # fmt: skip
    pdf.ln(3)
    pdf.set_font(style="B")
    pdf.multi_cell(0, 6, sheet.words, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(style="")
    pdf.ln(2)
    pdf.cell(0, 6, _prepared_on(), align="R", new_x="LMARGIN", new_y="NEXT")
    third = (pdf.w - pdf.l_margin - pdf.r_margin) / 3
    pdf.set_font(style="B")
    for label, _hint in signatures():
        pdf.cell(third, 6, label, align="C")
    pdf.ln()
    pdf.set_font(style="", size=9)
    for _label, hint in signatures():
        pdf.cell(third, 5, hint, align="C")
    pdf.ln()
    return rendered(pdf)
