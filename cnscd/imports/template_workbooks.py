"""Blank import templates, built from the column specification in `columns.py`.

The first sheet holds only the title and the header, so nothing on it can be
imported by mistake; the example values and what each column takes are on
the second sheet. Every column is formatted as text: Excel then keeps the
leading zero of phone and ID numbers, and leaves 05/03/1985 as typed instead
of reading it month first in an English Excel. Drop-down lists only warn:
the importer also takes the words local lists use (có, 1, đã for x).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from cnscd.geo.models import Unit
from cnscd.imports.columns import MEMBER_COLUMNS, RESIDENT_COLUMNS, Column
from cnscd.workbooks import TEXT, SheetColumn, add_sheet, new_workbook, workbook_bytes

FIRST_ROW = 3  # below the title and the header
LAST_ROW = 5000  # drop-downs reach this far: more than any village's list
EXAMPLE_FONT = Font(italic=True, color="808080")


def header(column: Column) -> str:
    """The label, with ` (*)` when required (`header_key` ignores the bracket)."""
    return f"{column.label} (*)" if column.required else column.label


def _offered(column: Column) -> list[str]:
    """The drop-down's entries: the choices without the empty one (clearing a cell says no)."""
    return [choice for choice in column.choices if choice]


def _width(column: Column) -> int:
    longest = max([len(header(column)), len(column.example), *map(len, _offered(column))])
    return min(40, max(12, longest + 3))


def template_columns(columns: tuple[Column, ...]) -> list[SheetColumn]:
    """The header of a list in the import format: templates and exports share it."""
    return [SheetColumn(header(c), _width(c), TEXT, required=c.required) for c in columns]


def _drop_downs(workbook: Workbook, sheet, columns: tuple[Column, ...]) -> None:
    """A list validation for each column with choices, its entries on a hidden sheet.

    Entries live in cells rather than in the formula because some contain a
    comma ("Học sinh, sinh viên"), which an inline list would split.
    """
    listed = [(index, _offered(c)) for index, c in enumerate(columns, 1) if _offered(c)]
    lists = workbook.create_sheet(_("Lists"))
    lists.sheet_state = "hidden"
    depth = max(len(entries) for _index, entries in listed)
    for row in range(depth):
        lists.append([entries[row] if row < len(entries) else None for _index, entries in listed])
    for position, (index, entries) in enumerate(listed, 1):
        source = get_column_letter(position)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(lists.title)}!${source}$1:${source}${len(entries)}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            error=_("Choose a value from the list."),
        )
        target = get_column_letter(index)
        validation.add(f"{target}{FIRST_ROW}:{target}{LAST_ROW}")
        sheet.data_validations.append(validation)


@dataclass(frozen=True)
class Template:
    """One kind of list to import: its columns, the words around them and its file name."""

    columns: tuple[Column, ...]
    filename: str
    title: Promise
    heading: Promise
    village_heading: Promise  # with %(village)s and %(code)s
    instructions: Promise
    notes: tuple[Promise, ...]


RESIDENTS = Template(
    columns=RESIDENT_COLUMNS,
    filename="mau-nhap-nhan-khau",
    title=gettext_lazy("Residents"),
    heading=gettext_lazy("List of residents"),
    village_heading=gettext_lazy("List of residents of %(village)s (code %(code)s)"),
    instructions=gettext_lazy("How to fill in the list of residents"),
    notes=(
        gettext_lazy(
            "One row per resident, on the first sheet from row 3; keep the title and header."
        ),
        gettext_lazy(
            "Rows with the same household number (Số hộ) in one village form one household; "
            "mark its head with x in the Chủ hộ column."
        ),
    ),
)
MEMBERS = Template(
    columns=MEMBER_COLUMNS,
    filename="mau-nhap-thanh-vien",
    title=gettext_lazy("Members"),
    heading=gettext_lazy("List of team members"),
    village_heading=gettext_lazy("List of team members of %(village)s (code %(code)s)"),
    instructions=gettext_lazy("How to fill in the list of team members"),
    notes=(
        gettext_lazy(
            "One row per member, on the first sheet from row 3; keep the title and header."
        ),
    ),
)


def template_workbook(template: Template, *, village: Unit | None = None) -> bytes:
    """The blank list to fill in; a village, when given, is named in its title row."""
    columns = template.columns
    heading = (
        template.village_heading % {"village": village.name, "code": village.code}
        if village
        else str(template.heading)
    )
    workbook = new_workbook()
    sheet = add_sheet(
        workbook,
        title=str(template.title),
        heading=heading,
        columns=template_columns(columns),
        rows=[],
    )
    add_sheet(
        workbook,
        title=_("Instructions"),
        heading=str(template.instructions),
        notes=[
            *map(str, template.notes),
            _("Headers marked (*) are required; the other columns may be left empty."),
            _(
                "Every cell is formatted as text: type ID and phone numbers with their leading "
                "zero, and dates as day/month/year (05/03/1985)."
            ),
            _("The table below says what each column takes, with an example."),
        ],
        columns=[
            SheetColumn(_("Column"), 28),
            SheetColumn(_("Required"), 12),
            SheetColumn(_("Example"), 24, font=EXAMPLE_FONT),
            SheetColumn(_("Choices"), 30),
            SheetColumn(_("Explanation"), 90),
        ],
        rows=(
            [
                header(c),
                _("required") if c.required else "",
                c.example,
                "; ".join(_offered(c)),
                str(c.help),
            ]
            for c in columns
        ),
    )
    _drop_downs(workbook, sheet, columns)
    return workbook_bytes(workbook)
