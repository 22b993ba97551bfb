"""Residents lists as communes keep them: every form of date, phone, mark and font, then again."""

import datetime
import unicodedata

import pytest
from django.db import IntegrityError
from django.utils import timezone

from cnscd.audit.models import AuditEvent
from cnscd.errors import ServiceError
from cnscd.imports import bulk
from cnscd.imports.residents import import_residents
from cnscd.imports.tests.sheets import RESIDENT_HEADER, with_cached_values, xlsx
from cnscd.indicators.counters import check
from cnscd.indicators.figures import indicator_figures
from cnscd.people.models import Household, Resident, SkillEvent
from cnscd.people.services import household_create, resident_create, resident_update, skill_set
from cnscd.people.skills import Source
from cnscd.vntext.legacy import encode_tcvn3, encode_vni

TITLE = [["UBND PHƯỜNG HẠC THÀNH"], ["DANH SÁCH NHÂN KHẨU TỔ DÂN PHỐ ĐÔNG SƠN"], []]
NO_SKILLS = [""] * 8


def row(village, number, name, birth, *, head="", gender="", id_number="", phone="",
        address="", code="", skills=NO_SKILLS):  # fmt: skip
    return [village, number, head, name, birth, gender, id_number, phone, address, code, *skills]


def excel_row(index: int) -> int:
    """Excel row number of the index-th data row under TITLE and the header."""
    return len(TITLE) + 2 + index


@pytest.fixture
def listing(village):
    """One household of five in every form a commune list uses, and a second household."""
    v = village.code
    return [
        RESIDENT_HEADER,
        row(v, 1, encode_tcvn3("Nguyễn Văn An"), "05/03/1985", head="x", gender="Nam",
            id_number="038085012345", phone="0912 345 678", address="Xóm Đồng",
            code="HT-0001", skills=["x", "X", "có", "Có", "1", "đã", "rồi", "yes"]),
        row(v, 1, encode_vni("Trần Thị Bình"), "7/4/88", gender="Nữ", phone="+84912345679",
            skills=["", "không", "0", "chưa", "", "", "", ""]),
        row(v, 1, unicodedata.normalize("NFD", "lê  hoàng  cường"), 2011, gender="Nam",
            phone="84912345670", skills=["x", "", "", "", "", "", "", ""]),
        row(v, 1, "Phạm Thị Dung", 40000, gender="Nữ", phone="01662345678"),
        row(v, 1, "Võ Văn Em", "2012-01-15", gender="Nam", phone="(+84) 912.345.671"),
        row(v, "2", "Đỗ Thị Giang", datetime.date(1950, 1, 2), head="x", gender="Nữ"),
    ]  # fmt: skip


def test_a_whole_list_is_read_repaired_and_written(village, listing):
    report = import_residents(xlsx(listing, title_rows=TITLE)).as_dict()
    assert report == {
        "rows": 6,
        "households_created": 2,
        "residents_created": 6,
        "residents_updated": 0,
        "residents_unchanged": 0,
        "rejected": 0,
        "errors": [],
    }
    people = {r.full_name: r for r in Resident.objects.filter(village=village)}
    assert set(people) == {
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Văn Em",
        "Đỗ Thị Giang",
    }  # fmt: skip
    an = people["Nguyễn Văn An"]
    assert (an.birth_date, an.relation, an.gender) == (datetime.date(1985, 3, 5), "head", "male")
    assert (an.id_number, an.phone) == ("038085012345", "0912345678")
    assert all(an.skill_on(s) is not None for s in an.skills())
    assert an.vneid_l2_source == Source.IMPORT
    assert people["Trần Thị Bình"].birth_date == datetime.date(1988, 4, 7)
    assert people["Trần Thị Bình"].vneid_l2_on is None
    assert people["Trần Thị Bình"].phone == "0912345679"
    assert people["Lê Hoàng Cường"].birth_year == 2011
    assert people["Lê Hoàng Cường"].birth_date is None
    assert people["Lê Hoàng Cường"].phone == "0912345670"
    assert people["Phạm Thị Dung"].birth_date == datetime.date(2009, 7, 6)  # Excel serial 40000
    assert people["Phạm Thị Dung"].phone == "0362345678"  # 0166 became 036 in 2018
    assert people["Võ Văn Em"].birth_date == datetime.date(2012, 1, 15)
    assert people["Võ Văn Em"].phone == "0912345671"
    assert people["Đỗ Thị Giang"].birth_date == datetime.date(1950, 1, 2)
    first = Household.objects.get(village=village, number="1")
    assert (first.address, first.address_code) == ("Xóm Đồng", "HT-0001")
    assert first.address_code_on is not None and first.residents.count() == 5
    assert SkillEvent.objects.filter(resident=an, source=Source.IMPORT).count() == 8
    achieved = {
        (r.pk, s, r.skill_on(s)) for r in people.values() for s in r.skills() if r.skill_on(s)
    }
    history = SkillEvent.objects.filter(resident__isnull=False)
    assert set(history.values_list("resident", "skill", "on")) == achieved
    assert {(e.path, e.action) for e in history} == {(village.path, "achieved")}
    assert check(village.parent) == []


def test_indicators_follow_the_import(village, listing):
    import_residents(xlsx(listing, title_rows=TITLE))
    figures = indicator_figures(village, as_of=timezone.localdate(), today=timezone.localdate())
    vneid = figures["indicators"]["vneid_l2"]
    # residents aged 15+ (reference year minus birth year); VNeID marked for An and Cường
    year = timezone.localdate().year
    assert vneid["denominator"] == sum(
        1 for born in (1985, 1988, 2011, 2009, 2012, 1950) if year - born >= 15
    )
    assert vneid["numerator"] == sum(1 for born in (1985, 2011) if year - born >= 15)
    assert figures["indicators"]["address_code"]["numerator"] == 1


def test_the_same_file_twice_creates_nothing_new(village, listing):
    data = xlsx(listing, title_rows=TITLE)
    import_residents(data)
    events = AuditEvent.objects.count()
    again = import_residents(data).as_dict()
    assert again["residents_unchanged"] == 6
    assert again["residents_created"] == again["households_created"] == 0
    assert Resident.objects.filter(village=village).count() == 6
    assert AuditEvent.objects.count() == events  # nothing changed, nothing to audit


def test_a_corrected_file_updates_and_audits(village, listing):
    import_residents(xlsx(listing, title_rows=TITLE))
    listing[2][7] = "0987 654 321"  # Bình's new phone
    listing[2][11] = "x"  # Bình now has a digital signature
    listing[3][6] = "038211012345"  # Cường's ID number is known now
    report = import_residents(xlsx(listing, title_rows=TITLE)).as_dict()
    assert (report["residents_updated"], report["residents_unchanged"]) == (2, 4)
    binh = Resident.objects.get(full_name="Trần Thị Bình")
    assert binh.phone == "0987654321" and binh.digital_signature_on is not None
    assert Resident.objects.get(full_name="Lê Hoàng Cường").id_number == "038211012345"
    audit = AuditEvent.objects.filter(verb="people.resident.updated", object_id=str(binh.pk))
    assert audit.count() == 1
    assert audit.get().details["changes"]["phone"] == "…"  # which field, never the value
    assert check(village.parent) == []


def test_an_offline_edit_made_before_an_import_does_not_undo_it(village, listing):
    """The import's correction is a change like any other: later wins, field by field."""
    import_residents(xlsx(listing, title_rows=TITLE))
    binh = Resident.objects.get(full_name="Trần Thị Bình")
    before_import = timezone.now()
    listing[2][7] = "0987 654 321"
    import_residents(xlsx(listing, title_rows=TITLE))

    resident_update(resident=binh, by=None, recorded_at=before_import, phone="0911111111",
                    gender="male")  # fmt: skip

    binh.refresh_from_db()
    assert (binh.phone, binh.gender) == ("0987654321", "male")
    assert set(binh.field_stamps.values_list("field", flat=True)) == {"phone", "gender"}


def test_matching_by_id_number_then_by_name_birth_year_and_household(village):
    household = household_create(village=village, by=None, number="7")
    known = resident_create(household=household, by=None, full_name="Bùi Văn Hải", birth=1970,
                            gender="male", id_number="038070012345")  # fmt: skip
    skill_set(resident=known, skill="epayment", on=datetime.date(2024, 5, 1),
              source=Source.VISIT, by=None)  # fmt: skip
    same_name = resident_create(household=household, by=None, full_name="Bùi Thị Lan", birth=1975)
    listing = [
        RESIDENT_HEADER,
        row(village.code, 7, "Bui Van Hai", 1970, id_number="038070012345"),
        row(village.code, 7, "BÙI THỊ LAN", 1975, skills=["x", "", "", "", "", "", "", ""]),
    ]
    report = import_residents(xlsx(listing)).as_dict()
    assert report["residents_created"] == 0
    known.refresh_from_db()
    same_name.refresh_from_db()
    assert known.full_name == "Bùi Văn Hải"  # a name without diacritics does not overwrite
    assert known.epayment_on == datetime.date(2024, 5, 1)  # a blank cell takes nothing back
    assert same_name.vneid_l2_on is not None


def _codes(report) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for error in report["errors"]:
        found.setdefault(error["row"], set()).add(error["code"])
    return found


def test_every_bad_row_is_reported_with_its_excel_row_and_nothing_else_is_lost(
    village, hanoi_village, province_officer
):
    v = village.code
    listing = [
        RESIDENT_HEADER,
        row(v, 1, "Nguyễn Văn Tốt", 1980, head="x"),
        row(v, 1, "", 1981),
        row(v, "", "Không Có Hộ", 1982),
        row(v, 1, "Sai Ngày", "31/02/1990"),
        row(v, 1, "Sai Số", 1984, id_number="12345"),
        row(v, 1, "Sai Điện Thoại", 1985, phone="12ab"),
        row("99999-999", 1, "Thôn Lạ", 1986),
        row(v, 1, "Nguyễn Văn Tốt", 1980),
        row(hanoi_village.code, 1, "Người Hà Nội", 1987),
        row(v, 1, "Sai Đánh Dấu", 1988, skills=["có lẽ", "", "", "", "", "", "", ""]),
        row(v, 1, "Hai Chủ Hộ", 1989, head="x"),
        row(v, 1, "Không Ngày Sinh", ""),
    ]
    report = import_residents(xlsx(listing, title_rows=TITLE), user=province_officer).as_dict()
    assert _codes(report) == {
        excel_row(1): {"missing_name"},
        excel_row(2): {"missing_household"},
        excel_row(3): {"invalid_date"},
        excel_row(4): {"invalid_id_number"},
        excel_row(5): {"invalid_phone"},
        excel_row(6): {"unknown_village"},
        excel_row(7): {"duplicate_in_file"},
        excel_row(8): {"out_of_scope"},
        excel_row(9): {"invalid_yes_no"},
        excel_row(10): {"two_heads"},
        excel_row(11): {"missing_birth"},
    }
    by_row = {e["row"]: e for e in report["errors"]}
    assert by_row[excel_row(7)]["message"] == f"Trùng với người ở dòng {excel_row(0)}."
    assert by_row[excel_row(4)]["column"] == "Số định danh cá nhân"
    assert report["rejected"] == 11 and report["residents_created"] == 1
    assert list(Resident.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn Tốt"]
    assert check(village.parent) == []


def test_duplicates_against_the_database(village, sibling_village):
    elsewhere = household_create(village=sibling_village, by=None, number="3")
    resident_create(household=elsewhere, by=None, full_name="Lý Thị Mai", birth=1990,
                    gender="female", id_number="038190012345")  # fmt: skip
    household = household_create(village=village, by=None, number="1")
    resident_create(household=household, by=None, full_name="Hồ Văn Nam", birth=1960,
                    id_number="038060012345")  # fmt: skip
    listing = [
        RESIDENT_HEADER,
        # the same ID number: the same person, who now lives in household 1 of this village
        row(village.code, 1, "Lý Thị Mai", 1990, gender="Nữ", id_number="038190012345"),
        # the same name and year in the same household, but another ID number
        row(village.code, 1, "Hồ Văn Nam", 1960, id_number="038060099999"),
    ]
    report = import_residents(xlsx(listing)).as_dict()
    assert _codes(report) == {3: {"id_number_mismatch"}}
    mai = Resident.objects.get(id_number="038190012345")
    assert mai.household.number == "1" and mai.village == village
    assert Resident.objects.count() == 2
    assert check(village.parent) == []


def test_an_id_number_stored_as_a_number_gets_its_leading_zeros_back(village):
    listing = [RESIDENT_HEADER, row(village.code, 1, "Ngô Văn Số", 1985, gender="Nam",
                                    id_number=1085012345)]  # fmt: skip
    assert import_residents(xlsx(listing)).as_dict()["rejected"] == 0
    assert Resident.objects.get().id_number == "001085012345"


def test_masked_cells_of_an_export_keep_the_stored_values(village):
    household = household_create(village=village, by=None, number="1")
    resident_create(household=household, by=None, full_name="Đinh Văn Kín", birth=1985,
                    gender="male", id_number="038085012345", phone="0912345678")  # fmt: skip
    listing = [RESIDENT_HEADER, row(village.code, 1, "Đinh Văn Kín", 1985,
                                    id_number="0380******45", phone="091****678")]  # fmt: skip
    assert import_residents(xlsx(listing)).as_dict()["residents_unchanged"] == 1
    kept = Resident.objects.get()
    assert (kept.id_number, kept.phone) == ("038085012345", "0912345678")


def test_the_village_can_come_from_outside_the_file(village):
    header = [h for h in RESIDENT_HEADER if h != "Mã thôn"]
    listing = [header, row(village.code, 1, "Mai Văn Xa", 1999)[1:]]
    with pytest.raises(ServiceError) as e:
        import_residents(xlsx(listing))
    assert e.value.code == "missing_column"
    assert import_residents(xlsx(listing), village=village).as_dict()["residents_created"] == 1


def test_formulas_count_by_their_cached_values(village):
    listing = [RESIDENT_HEADER, row(village.code, "=1+1", "=A1", 1990,
                                    skills=["=IF(1,\"x\",\"\")", *NO_SKILLS[1:]])]  # fmt: skip
    data = with_cached_values(xlsx(listing), {"B2": "2", "D2": "Tạ Văn Công", "K2": "x"})
    # cached strings are written as inline numbers by our helper only for numbers
    report = import_residents(data).as_dict()
    assert report["residents_created"] == 1, report
    person = Resident.objects.get()
    assert person.household.number == "2" and person.vneid_l2_on is not None


def test_dry_run_writes_nothing(village, listing):
    report = import_residents(xlsx(listing, title_rows=TITLE), dry_run=True).as_dict()
    assert report["residents_created"] == 6 and report["households_created"] == 2
    assert not Resident.objects.exists() and not Household.objects.exists()


def test_a_crash_in_the_middle_of_a_commit_leaves_nothing_behind(village, listing, monkeypatch):
    real_insert = bulk.insert

    def failing_insert(model, columns, rows):
        if model is SkillEvent:
            raise IntegrityError("the disk is full")
        real_insert(model, columns, rows)

    monkeypatch.setattr(bulk, "insert", failing_insert)
    with pytest.raises(IntegrityError):
        import_residents(xlsx(listing, title_rows=TITLE))
    assert not Resident.objects.exists() and not Household.objects.exists()
    assert check(village.parent) == []


def test_a_person_known_by_id_number_moves_to_a_household_the_list_creates(
    village, sibling_village
):
    old_home = household_create(village=sibling_village, by=None, number="3")
    resident_create(household=old_home, by=None, full_name="Kiều Văn Chuyển", birth=1992,
                    gender="male", id_number="038092012345")  # fmt: skip
    listing = [RESIDENT_HEADER, row(village.code, 9, "Kiều Văn Chuyển", 1992, head="x",
                                    id_number="038092012345")]  # fmt: skip
    report = import_residents(xlsx(listing)).as_dict()
    assert (report["households_created"], report["residents_updated"]) == (1, 1)
    moved = Resident.objects.get(id_number="038092012345")
    assert (moved.household.number, moved.village, moved.relation) == ("9", village, "head")
    assert moved.path == village.path
    assert check(village.parent) == []
