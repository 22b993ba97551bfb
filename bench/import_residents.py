"""A 100,000-row residents list imported end to end, beside the raw insert of the same rows.

Builds an xlsx the way a commune keeps it (title rows, Vietnamese headers,
dates as text, phones, x marks) for ten villages of one commune
(BENCH_IMPORT_ROWS, default 100,000), then times in one run:

* our import: read, repair, validate, match, write set-based, recount the
  commune's indicator counters (`cnscd import residents FILE`);
* the same file again (every row matched, nothing to write);
* the raw rate: the same resident rows, already parsed, inserted with COPY
  (PostgreSQL) or one executemany (SQLite) and no checks, then rolled back.
"""

import os
import random
import tempfile
import time

from django.db import transaction
from openpyxl import Workbook

from bench.timing import table
from cnscd.geo.models import Unit
from cnscd.geo.services import village_create
from cnscd.imports import bulk
from cnscd.imports.jobs import run_import
from cnscd.imports.residents import RESIDENT_INSERT
from cnscd.imports.tests.sheets import RESIDENT_HEADER
from cnscd.indicators.counters import check
from cnscd.people.models import Resident

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý"
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Ngọc Xuân Quang Thu Hồng Kim Bảo Gia Anh Mạnh"
GIVEN = (
    "An Anh Bình Cường Dũng Dung Giang Hà Hải Hằng Hạnh Hiền Hiếu Hoa Hòa Hồng Huệ Hùng Hương "
    "Huy Khang Khánh Khoa Lan Linh Loan Long Mai Minh My Nam Nga Ngân Ngọc Nhung Oanh Phong "
    "Phú Phúc Phương Quân Quang Quế Sơn Tâm Tân Thảo Thắng Thanh Thảo Thịnh Thu Thủy Tiến Toàn "
    "Trang Trí Trung Tú Tuấn Tùng Uyên Vân Việt Vinh Vũ Xuân Yến"
)


def _workbook(path: str, villages: list[Unit], n: int, rng: random.Random) -> None:
    surnames, middle, given = SURNAMES.split(), MIDDLE.split(), GIVEN.split()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["UBND PHƯỜNG HẠC THÀNH"])
    sheet.append(["DANH SÁCH NHÂN KHẨU"])
    sheet.append([])
    sheet.append(RESIDENT_HEADER)
    for k in range(n):
        household = k // 4
        sheet.append(
            [
                villages[household % len(villages)].code,
                household // len(villages) + 1,
                "x" if k % 4 == 0 else "",
                f"{rng.choice(surnames)} {rng.choice(middle)} {rng.choice(given)}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1935, 2024)}",
                rng.choice(["Nam", "Nữ"]),
                "",
                f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.6 else "",
                f"Xóm {household % 30 + 1}",
                "",
                *["x" if rng.random() < 0.5 else "" for _ in range(8)],
            ]
        )
    workbook.save(path)


def _raw_insert_rate(villages: list[Unit]) -> float:
    """Rows/s of inserting the imported rows again, parsed already, with no checks."""
    rows = list(Resident.objects.filter(village__in=villages).values_list(*RESIDENT_INSERT[1:]))
    relation = RESIDENT_INSERT.index("relation") - 1
    rows = [(*r[:relation], "other", *r[relation + 1 :]) for r in rows]  # one head per household
    with transaction.atomic():
        ids = bulk.allocate_ids(Resident, len(rows))
        start = time.perf_counter()
        bulk.insert(Resident, RESIDENT_INSERT, [(i, *r) for i, r in zip(ids, rows, strict=True)])
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return len(rows) / seconds


def run() -> None:
    from django.db import connection

    n = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    rng = random.Random(7)
    commune = Unit.objects.current().get(code="14797")
    villages = [
        village_create(commune=commune, name=f"Tổ dân phố {k}", division="to_dan_pho", by=None)
        for k in range(1, 11)
    ]
    path = os.path.join(tempfile.mkdtemp(prefix="cnscd-import-"), "danh-sach.xlsx")
    _workbook(path, villages, n, rng)
    with open(path, "rb") as f:
        data = f.read()
    timings = []
    for label in ("first import", "same file again"):
        start = time.perf_counter()
        report = run_import("residents", data, user=None, unit=commune)
        seconds = time.perf_counter() - start
        result = report.as_dict()
        timings.append(
            [
                label,
                f"{seconds:.1f}",
                f"{n / seconds:,.0f}",
                f"{result['residents_created']:,}",
                f"{result['residents_unchanged']:,}",
                f"{result['rejected']:,}",
            ]
        )
    raw = _raw_insert_rate(villages)
    table(
        f"import of a {n:,}-row xlsx ({os.path.getsize(path) / 1e6:.1f} MB) [{connection.vendor}]",
        ["run", "seconds", "rows/s", "created", "unchanged", "rejected"],
        timings,
    )
    method = "COPY" if connection.vendor == "postgresql" else "executemany"
    print(f"raw {method} of the same resident rows: {raw:,.0f} rows/s")
    print(f"indicators check on {commune.code} after the import: {len(check(commune))} differences")
