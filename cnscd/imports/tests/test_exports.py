"""Exports of a unit's residents and teams: the import format, scope, masking and audit."""

import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from cnscd.audit.models import AuditEvent
from cnscd.imports import cells
from cnscd.imports.columns import MEMBER_COLUMNS, RESIDENT_COLUMNS, header_key
from cnscd.imports.exports import relation_word
from cnscd.people import services
from cnscd.people.models import Relation, Resident
from cnscd.people.tests.factories import household, resident
from cnscd.teams import services as team_services

TODAY = timezone.localdate()
ID_NUMBER = "038190012345"  # a woman born in 1990 in Thanh Hóa (DOMAIN.md 4)
PHONE = "0912345678"
MEMBER_PHONE = "0987654321"


@pytest.fixture
def homes(village, sibling_village, hanoi_village):
    """Household 12 (head, child, a sibling older than the head, one who moved out) and
    household 2 of the village, household 1 of the sibling village, one in Hà Nội."""
    twelve = household(village, "12", address="Số 12 ngõ 3", address_code="TH12")
    head = resident(
        twelve,
        "Lê Thị Bình",
        "05/03/1990",
        gender="female",
        id_number=ID_NUMBER,
        phone=PHONE,
        relation="head",
    )
    resident(twelve, "Trần Văn An", "2015", gender="male", relation="child")
    resident(twelve, "Lê Văn Cả", "1985", gender="male", relation="sibling")
    gone = resident(twelve, "Lê Văn Đi", "1960", gender="male", relation="parent")
    services.resident_update(resident=gone, by=None, moved_out_on=TODAY)
    services.skill_set(resident=head, skill="vneid_l2", on=TODAY, source="visit", by=None)
    two = household(village, "2")
    resident(two, "Phạm Văn Hai", "1970", gender="male", relation="head")
    resident(household(sibling_village, "1"), "Hoàng Thị Ba", "1980", gender="female")
    resident(household(hanoi_village, "1"), "Ngô Văn Hà Nội", "1980", gender="male")
    return {"head": head}


def workbook_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def data_rows(sheet) -> list[dict]:
    """The rows below the header, each keyed by its column's label without the (*) mark."""
    labels = {header_key(c.label): c.label for c in (*RESIDENT_COLUMNS, *MEMBER_COLUMNS)}
    keys = [labels.get(header_key(cell.value), cell.value) for cell in sheet[2]]
    return [
        dict(zip(keys, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)
    ]


def export(user, login_client, code="14797"):
    return workbook_of(login_client(user).get(f"/u/{code}/residents.xlsx")).worksheets[0]


def test_residents_export_reads_back_with_the_template_headers(
    homes, commune_officer, login_client
):
    sheet = export(commune_officer, login_client)
    assert [header_key(c.value) for c in sheet[2]] == [
        header_key(c.label) for c in RESIDENT_COLUMNS
    ]
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.bold
    assert "Phường Hạc Thành" in sheet["A1"].value
    assert TODAY.strftime("%d/%m/%Y") in sheet["A1"].value
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 13


def test_residents_come_by_village_household_number_head_first(
    homes, village, sibling_village, commune_officer, login_client
):
    rows = data_rows(export(commune_officer, login_client))
    assert [(r["Mã thôn"], r["Số hộ"], r["Họ và tên"]) for r in rows] == [
        (village.code, "2", "Phạm Văn Hai"),
        (village.code, "12", "Lê Thị Bình"),
        (village.code, "12", "Trần Văn An"),
        (village.code, "12", "Lê Văn Cả"),
        (sibling_village.code, "1", "Hoàng Thị Ba"),
    ]  # the one who moved out and the Hà Nội resident are not listed


def test_residents_are_written_in_the_words_the_importer_reads(
    homes, commune_officer, login_client
):
    sheet = export(commune_officer, login_client)
    rows = {r["Họ và tên"]: r for r in data_rows(sheet)}
    head = rows["Lê Thị Bình"]
    assert (head["Chủ hộ"], head["Quan hệ với chủ hộ"], head["Giới tính"]) == ("x", "Chủ hộ", "Nữ")
    assert head["Ngày sinh"] == datetime(1990, 3, 5)
    assert (head["Địa chỉ"], head["Mã địa chỉ số"]) == ("Số 12 ngõ 3", "TH12")
    assert (head["VNeID mức 2"], head["Chữ ký số"]) == ("x", None)
    child = rows["Trần Văn An"]
    assert (child["Ngày sinh"], child["Quan hệ với chủ hộ"], child["Chủ hộ"]) == (2015, "Con", None)
    assert rows["Lê Văn Cả"]["Quan hệ với chủ hộ"] == "Anh"  # born before the head
    assert rows["Hoàng Thị Ba"]["Quan hệ với chủ hộ"] is None  # relation "other": left empty
    birth = next(c for c in sheet[4] if isinstance(c.value, datetime))
    assert birth.number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("gender", ["male", "female", ""])
@pytest.mark.parametrize("relation", [r for r in Relation.values if r != Relation.OTHER])
def test_every_relation_word_reads_back_as_the_same_relation(relation, gender):
    person = Resident(relation=relation, gender=gender, birth_year=1990)
    for head_birth_year in (None, 1980, 2000):
        assert cells.relation(relation_word(person, head_birth_year)) == relation


@pytest.mark.parametrize(
    "persona, code, full",
    [
        ("national_admin", "14797", True),
        ("province_officer", "14797", True),
        ("commune_officer", "14797", True),
        ("team_leader", "village", True),
        ("member", "village", True),
        ("viewer", "14797", False),
        ("viewer", "village", False),
    ],
)
def test_contacts_are_masked_unless_the_role_may_see_them(
    persona, code, full, homes, village, login_client, request
):
    user = request.getfixturevalue(persona)
    unit_code = village.code if code == "village" else code
    head = next(
        r
        for r in data_rows(export(user, login_client, unit_code))
        if r["Chủ hộ"] == "x" and r["Họ và tên"] == "Lê Thị Bình"
    )
    if full:
        assert (head["Số định danh cá nhân"], head["Số điện thoại"]) == (ID_NUMBER, PHONE)
    else:
        assert (head["Số định danh cá nhân"], head["Số điện thoại"]) == (
            "0381******45",
            "091****678",
        )
    event = AuditEvent.objects.get(verb="imports.residents.exported")
    assert event.actor == user and event.details == {"count": 4 if code == "village" else 5,
                                                      "revealed": full}  # fmt: skip
    assert event.unit_path.endswith(f"/{unit_code}/")


def test_a_withdrawn_phone_consent_leaves_the_phone_out_even_for_officers(
    homes, commune_officer, login_client
):
    head = homes["head"]
    services.consent_give(resident=head, purpose="phone_contact", on=TODAY, by=None)
    services.consent_withdraw(resident=head, purpose="phone_contact", on=TODAY, by=None)
    rows = {r["Họ và tên"]: r for r in data_rows(export(commune_officer, login_client))}
    assert rows["Lê Thị Bình"]["Số điện thoại"] is None
    assert rows["Lê Thị Bình"]["Số định danh cá nhân"] == ID_NUMBER


@pytest.mark.parametrize("url", ["/u/14797/residents.xlsx", "/u/38/residents.xlsx",
                                 "/u/14797/teams.xlsx", "/u/38/teams.xlsx"])  # fmt: skip
def test_outsider_gets_404_for_a_thanh_hoa_unit(url, homes, outsider, login_client):
    assert login_client(outsider).get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb__endswith=".exported").exists()


def test_outsider_gets_404_for_a_thanh_hoa_village(homes, village, outsider, login_client):
    response = login_client(outsider).get(f"/u/{village.code}/residents.xlsx")
    assert response.status_code == 404


def test_exports_require_a_login(client):
    response = client.get("/u/14797/residents.xlsx")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_export_past_the_limit_sends_back_to_the_unit_page(
    homes, commune_officer, login_client, monkeypatch
):
    monkeypatch.setattr("cnscd.imports.export_views.MAX_ROWS", 4)
    response = login_client(commune_officer).get("/u/14797/residents.xlsx", follow=True)
    assert response.redirect_chain == [("/u/14797/", 302)]
    assert "Phường Hạc Thành" in str(next(iter(response.context["messages"])))
    assert not AuditEvent.objects.filter(verb="imports.residents.exported").exists()


def test_the_residents_export_needs_the_same_queries_for_3_and_30_residents(
    village, commune_officer, login_client
):
    client = login_client(commune_officer)
    counts = []
    for n in (3, 30):  # 3 residents, then 33
        home = household(village, str(n))
        for i in range(n):
            resident(home, f"Người Số {i}", "1980")
        with CaptureQueriesContext(connection) as queries:
            client.get("/u/14797/residents.xlsx")
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- teams -------------------------------------------------------------------------


@pytest.fixture
def team(village):
    team = team_services.team_create(
        village=village, by=None, name="Tổ CNSCĐ Đông Sơn", decision_date=date(2024, 3, 1)
    )
    fields = {"gender": "male", "joined_on": date(2024, 3, 1), "by": None}
    team_services.member_add(
        team=team,
        full_name="Nguyễn Văn Trưởng",
        role="leader",
        phone=MEMBER_PHONE,
        background="village_head",
        birth_year=1975,
        **fields,
    )
    team_services.member_add(
        team=team,
        full_name="Đỗ Thị Mạng",
        background="telecom",
        telecom_operator="viettel",
        **{**fields, "gender": "female"},
    )
    left = team_services.member_add(team=team, full_name="Vũ Văn Rời", **fields)
    team_services.member_leave(member=left, left_on=date(2025, 1, 1), by=None)
    return team


def teams_export(user, login_client, code="14797"):
    return workbook_of(login_client(user).get(f"/u/{code}/teams.xlsx"))


def test_teams_sheet_lists_the_teams_of_the_unit(team, village, commune_officer, login_client):
    sheet = teams_export(commune_officer, login_client).worksheets[0]
    assert "Phường Hạc Thành" in sheet["A1"].value and sheet.freeze_panes == "A3"
    [row] = list(sheet.iter_rows(min_row=3, values_only=True))
    assert row[:4] == (village.code, village.name, "Phường Hạc Thành", "Tổ CNSCĐ Đông Sơn")
    assert row[5] == 2 and row[-1] == datetime(2024, 3, 1)
    assert sheet.cell(row=3, column=6).number_format == "#,##0"
    assert sheet.cell(row=3, column=9).number_format == "DD/MM/YYYY"


def test_members_sheet_uses_the_members_template_columns(
    team, village, commune_officer, login_client
):
    sheet = teams_export(commune_officer, login_client).worksheets[1]
    assert [header_key(c.value) for c in sheet[2]] == [header_key(c.label) for c in MEMBER_COLUMNS]
    assert "ngayroito" in [header_key(c.value) for c in sheet[2]]
    rows = data_rows(sheet)
    assert [r["Họ và tên"] for r in rows] == ["Nguyễn Văn Trưởng", "Đỗ Thị Mạng", "Vũ Văn Rời"]
    leader, telecom, left = rows
    assert (leader["Mã thôn"], leader["Vai trò"], leader["Thành phần"]) == (
        village.code,
        "Tổ trưởng",
        "Trưởng thôn, tổ trưởng tổ dân phố",
    )
    assert (leader["Ngày sinh"], leader["Giới tính"], leader["Số điện thoại"]) == (
        1975,
        "Nam",
        MEMBER_PHONE,
    )
    assert (telecom["Thành phần"], telecom["Nhà mạng"], telecom["Giới tính"]) == (
        "Doanh nghiệp viễn thông",
        "Viettel",
        "Nữ",
    )
    assert left["Ngày rời tổ"] == datetime(2025, 1, 1) and leader["Ngày rời tổ"] is None
    assert leader["Ngày tham gia"] == datetime(2024, 3, 1)


@pytest.mark.parametrize("persona, phone", [("viewer", "098****321"),
                                            ("commune_officer", MEMBER_PHONE)])  # fmt: skip
def test_member_phones_are_masked_for_a_viewer_and_the_export_is_audited(
    persona, phone, team, login_client, request
):
    user = request.getfixturevalue(persona)
    rows = data_rows(teams_export(user, login_client).worksheets[1])
    assert rows[0]["Số điện thoại"] == phone
    event = AuditEvent.objects.get(verb="imports.teams.exported")
    assert event.actor == user
    assert event.details == {"teams": 1, "members": 3, "revealed": phone == MEMBER_PHONE}


def test_unit_page_links_to_the_exports_and_templates(homes, team, village, member, login_client):
    html = login_client(member).get(f"/u/{village.code}/").content.decode()
    assert f"/u/{village.code}/residents.xlsx" in html
    assert f"/u/{village.code}/teams.xlsx" in html
    assert f"/imports/templates/residents.xlsx?village={village.code}" in html
    assert f"/imports/templates/members.xlsx?village={village.code}" in html
