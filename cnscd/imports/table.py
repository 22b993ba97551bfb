"""What every import shares: the table of data rows, its villages, and the report.

`open_table` reads the file, finds the header and repairs the text columns
(legacy fonts, NFD, stray spaces) once, column by column; the importers
then read cells by column key. `Report` is the JSON the command line and the
job page show, with every problem as {row, column, code, message}.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cnscd.errors import ServiceError
from cnscd.geo.models import Kind, Unit
from cnscd.imports.cells import text
from cnscd.imports.columns import VILLAGE, Column
from cnscd.imports.headers import Header, find_header
from cnscd.imports.reading import read_sheets
from cnscd.people.permissions import may_record
from cnscd.vntext.legacy import repair_column

# (rows checked, rows in the file, rows rejected so far)
Progress = Callable[[int, int, int], None]
PROGRESS_EVERY = 2000


@dataclass
class Problem:
    row: int  # the row number Excel shows
    column: str  # the header as the file writes it ("" for the whole row)
    code: str
    message: str


@dataclass
class Report:
    """Counts of one import, in the order the command line contract prints them."""

    counts: dict[str, int]
    table: "Table"
    errors: list[Problem] = field(default_factory=list)
    rejected_lines: set[int] = field(default_factory=set)

    @property
    def rows(self) -> int:
        return len(self.table.lines)

    def reject(self, line: int, column: str, code: str, message: str) -> None:
        self.errors.append(Problem(line, column, code, message))
        self.rejected_lines.add(line)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            **self.counts,
            "rejected": len(self.rejected_lines),
            "errors": [
                {"row": p.row, "column": p.column, "code": p.code, "message": p.message}
                for p in sorted(self.errors, key=lambda p: p.row)
            ],
        }


@dataclass
class Table:
    header: Header
    lines: list[tuple[int, list[object]]]  # (Excel row number, cells) of the non-empty rows

    def has(self, key: str) -> bool:
        return key in self.header.columns

    def label(self, key: str) -> str:
        index = self.header.columns.get(key)
        return self.header.labels[index] if index is not None else ""

    def cell(self, cells: list[object], key: str) -> object:
        index = self.header.columns.get(key)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return "" if value is None else value


def open_table(
    data: bytes, columns: tuple[Column, ...], *, text_keys: tuple[str, ...], village_given: bool
) -> Table:
    """Read the file and find its header; ServiceError (nothing written) if it is not a list.

    The village column is optional only when a village is given beside the file.
    """
    sheets = read_sheets(data)
    header = find_header(
        sheets,
        columns,
        optional=frozenset({"village"}) if village_given else frozenset(),
    )
    if not village_given and "village" not in header.columns:
        raise ServiceError(
            "missing_column",
            _("The list has no column %(name)s: add it, or choose the village of the list.")
            % {"name": VILLAGE.label},
            field="file",
        )
    start = header.data_start()
    lines = [
        (index + 1, list(row))
        for index, row in enumerate(header.sheet.rows[start:], start=start)
        if any(cell not in ("", None) for cell in row)
    ]
    for key in text_keys:
        column = header.columns.get(key)
        if column is None:
            continue
        values = repair_column(
            [text(cells[column]) if column < len(cells) else "" for _line, cells in lines]
        )
        for (_line, cells), value in zip(lines, values, strict=True):
            if column < len(cells):
                cells[column] = value
    return Table(header, lines)


def resolve_villages(
    table: Table,
    report: Report,
    *,
    default: Unit | None,
    user,
    may: Callable[[object, str], bool] = may_record,
) -> dict[int, Unit]:
    """The village of every row (by Excel row number); rejects unknown villages and those
    where `may(user, path)` is false. `user` None means full access (the command line
    without --as)."""
    codes = {text(table.cell(cells, "village")) for _, cells in table.lines} - {""}
    known = {
        unit.code: unit for unit in Unit.objects.current().filter(code__in=codes, kind=Kind.VILLAGE)
    }
    allowed: dict[str, bool] = {}
    villages: dict[int, Unit] = {}
    label = table.label("village") or VILLAGE.label
    for line, cells in table.lines:
        code = text(table.cell(cells, "village"))
        village = known.get(code) if code else default
        if village is None:
            if code:
                report.reject(
                    line,
                    label,
                    "unknown_village",
                    _("No village has the code %(code)s.") % {"code": code},
                )
            else:
                report.reject(line, label, "unknown_village", _("Enter the village code."))
            continue
        if village.code not in allowed:
            allowed[village.code] = user is None or may(user, village.path)
        if not allowed[village.code]:
            report.reject(
                line,
                label,
                "out_of_scope",
                _("%(village)s is outside the units you work for.") % {"village": village.name},
            )
            continue
        villages[line] = village
    return villages


def begin(
    data: bytes,
    columns: tuple[Column, ...],
    *,
    text_keys: tuple[str, ...],
    counts: tuple[str, ...],
    village: Unit | None,
    user,
    may: Callable[[object, str], bool] = may_record,
) -> tuple[Table, Report, dict[int, Unit]]:
    """What every import starts with: the table, a report with `counts` at zero, and the
    village of every row the caller may write to (`resolve_villages`)."""
    table = open_table(data, columns, text_keys=text_keys, village_given=village is not None)
    report = Report(counts=dict.fromkeys(counts, 0), table=table)
    villages = resolve_villages(table, report, default=village, user=user, may=may)
    return table, report, villages


def checked_lines(table: Table, report: Report, progress: Progress | None):
    """The table's (row number, cells), telling `progress` every few thousand rows."""
    for done, line in enumerate(table.lines, start=1):
        yield line
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, report.rows, len(report.rejected_lines))
