"""The command-line contract: `cnscd import residents|members FILE [--village CODE] [--dry-run]
[--as USERNAME] [--format json]`, used by scripts outside the project."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cnscd.imports.tests.sheets import RESIDENT_HEADER, xls, xlsx
from cnscd.people.models import Resident
from cnscd.teams.models import Member

RESIDENT_KEYS = [
    "rows", "households_created", "residents_created", "residents_updated",
    "residents_unchanged", "rejected", "errors",
]  # fmt: skip


def run(*args) -> dict:
    out = io.StringIO()
    call_command("import", *args, "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.fixture
def residents_file(tmp_path, village):
    path = tmp_path / "danh-sach.xlsx"
    rows = [
        RESIDENT_HEADER,
        [village.code, 1, "x", "Nguyễn Văn An", "05/03/1985", "Nam", "", "", "", "",
         "x", "", "", "", "", "", "", ""],
        [village.code, 1, "", "", "1990", "Nữ", "", "", "", "", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    path.write_bytes(xlsx(rows, title_rows=[["DANH SÁCH"], []]))
    return path


def test_json_output_has_the_contract_keys_in_order(residents_file):
    result = run("residents", str(residents_file))
    assert list(result) == RESIDENT_KEYS
    assert (result["rows"], result["residents_created"], result["rejected"]) == (2, 1, 1)
    assert result["errors"] == [
        {"row": 5, "column": "Họ và tên", "code": "missing_name", "message": "Hãy nhập họ và tên."}
    ]
    assert Resident.objects.count() == 1


def test_dry_run_and_a_second_run(residents_file):
    assert run("residents", str(residents_file), "--dry-run")["residents_created"] == 1
    assert not Resident.objects.exists()
    run("residents", str(residents_file))
    assert run("residents", str(residents_file))["residents_unchanged"] == 1
    assert Resident.objects.count() == 1


def test_an_xls_list_imports_like_an_xlsx(tmp_path, village):
    """An .xls saved by an older Excel: a date cell, and an ID number typed as a number,
    which lost its leading zeros."""
    path = tmp_path / "danh-sach.xls"
    rows = [
        RESIDENT_HEADER,
        [village.code, 7, "x", "nguyễn văn  an", datetime.date(1985, 3, 5), "Nam", 1085012345,
         "0912 345 678", "", "", "x", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    path.write_bytes(xls(rows, title_rows=[["DANH SÁCH NHÂN KHẨU"], []], merge_title=6))
    result = run("residents", str(path))
    assert (result["rows"], result["residents_created"], result["rejected"]) == (1, 1, 0)
    an = Resident.objects.get()
    assert (an.full_name, an.birth_date, an.id_number, an.phone) == (
        "Nguyễn Văn An",
        datetime.date(1985, 3, 5),
        "001085012345",
        "0912345678",
    )
    assert an.vneid_l2_on is not None and an.relation == "head"


def test_as_applies_the_users_scope(residents_file, outsider, commune_officer):
    result = run("residents", str(residents_file), "--as", outsider.username)
    assert {e["code"] for e in result["errors"]} >= {"out_of_scope"}
    assert not Resident.objects.exists()
    assert (
        run("residents", str(residents_file), "--as", commune_officer.username)["residents_created"]
        == 1
    )


def test_village_option_for_a_list_without_village_codes(tmp_path, village):
    path = tmp_path / "thon.csv"
    path.write_text("Số hộ,Họ và tên,Năm sinh\n4,Lò Văn Páo,1970\n", encoding="utf-8-sig")
    assert run("residents", str(path), "--village", village.code)["residents_created"] == 1
    with pytest.raises(CommandError):
        run("residents", str(path), "--village", "99999-999")


def test_a_file_that_cannot_be_read_exits_non_zero(tmp_path, db):
    path = tmp_path / "anh.pdf"
    path.write_bytes(b"%PDF-1.4 a scanned list")
    with pytest.raises(CommandError, match="not_a_spreadsheet"):
        run("residents", str(path))
    with pytest.raises(CommandError):
        run("residents", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError):
        run("residents", str(path), "--as", "nobody")


def test_members_import_from_the_command_line(tmp_path, village):
    path = tmp_path / "to.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["Mã thôn", "Họ và tên", "Giới tính", "Năm sinh", "Số điện thoại", "Vai trò"],
                [village.code, "Hà Văn Trưởng", "Nam", 1970, "0912345678", "Tổ trưởng"],
                [village.code, "Lương Thị Viên", "Nữ", 1995, "", "Thành viên"],
            ]
        )
    )
    result = run("members", str(path))
    assert list(result) == [
        "rows", "teams_created", "members_created", "members_updated", "members_unchanged",
        "rejected", "errors",
    ]  # fmt: skip
    assert (result["teams_created"], result["members_created"]) == (1, 2)
    assert Member.objects.get(role="leader").full_name == "Hà Văn Trưởng"
