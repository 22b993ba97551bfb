"""Importing team members: Vietnamese role names, one leader, matching on re-import, scope."""

from datetime import date

import pytest
from django.utils import timezone

from cnscd.audit.models import AuditEvent
from cnscd.imports.members import import_members
from cnscd.imports.tests.sheets import xlsx
from cnscd.teams.models import Member, MemberRole, Team
from cnscd.teams.services import member_add, team_create

HEADER = [
    "Mã thôn", "Họ và tên", "Giới tính", "Năm sinh", "Số điện thoại", "Vai trò", "Thành phần",
    "Nhà mạng", "Ngày tham gia", "Ngày rời tổ",
]  # fmt: skip
TITLE = [["DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"], []]
FIRST_ROW = 4  # Excel row of the first member: title, blank line, header
REPORT_KEYS = [
    "rows", "teams_created", "members_created", "members_updated", "members_unchanged",
    "rejected", "errors",
]  # fmt: skip


def row(
    village,
    name,
    *,
    gender="Nam",
    birth=1985,
    phone="",
    role="Thành viên",
    background="Khác",
    operator="",
    joined="01/01/2024",
    left="",
):
    code = village if isinstance(village, str) else village.code
    return [code, name, gender, birth, phone, role, background, operator, joined, left]


def members_list(*rows) -> bytes:
    """A members list as a commune office types it: a merged title above the header."""
    return xlsx([HEADER, *rows], title_rows=TITLE, merge=["A1:J1"])


def codes(report) -> dict[int, str]:
    """Excel row → code of its problem."""
    return {e["row"]: e["code"] for e in report.as_dict()["errors"]}


def counts(report) -> dict:
    return {k: v for k, v in report.as_dict().items() if k != "errors"}


def team_rows(village):
    return Member.objects.filter(team__village=village).order_by("sort_key")


def written():
    return (Team.objects.count(), Member.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def team(village, commune_officer):
    return team_create(village=village, by=commune_officer)


def three_members(village) -> bytes:
    return members_list(
        row(
            village,
            "Nguyễn Văn An",
            phone="0912 345 678",
            role="Tổ trưởng",
            background="Trưởng thôn, tổ trưởng tổ dân phố",
        ),
        row(
            village,
            "Trần Thị Bình",
            gender="Nữ",
            birth="05/03/1990",
            phone="+84987654321",
            role="Tổ phó",
            background="Doanh nghiệp viễn thông",
            operator="Viettel",
        ),
        row(village, "Lê Văn Cường", birth=2001, background="Đoàn thanh niên"),
    )


def test_members_are_created_with_the_vietnamese_names_mapped(village, commune_officer):
    report = import_members(three_members(village), user=commune_officer)

    assert list(report.as_dict()) == REPORT_KEYS
    assert report.as_dict() == {
        "rows": 3,
        "teams_created": 1,
        "members_created": 3,
        "members_updated": 0,
        "members_unchanged": 0,
        "rejected": 0,
        "errors": [],
    }
    team = Team.objects.get(village=village)
    assert team.active_members == 3 and team.has_leader
    got = {
        m.full_name: (m.role, m.background, m.telecom_operator, m.phone, m.gender, m.birth_year)
        for m in team_rows(village)
    }
    assert got == {
        "Nguyễn Văn An": ("leader", "village_head", "", "0912345678", "male", 1985),
        "Trần Thị Bình": ("deputy", "telecom", "viettel", "0987654321", "female", 1990),
        "Lê Văn Cường": ("member", "youth_union", "", "", "male", 2001),
    }
    assert {m.joined_on for m in team_rows(village)} == {date(2024, 1, 1)}
    assert AuditEvent.objects.filter(verb="teams.team.created").count() == 1
    assert AuditEvent.objects.filter(verb="teams.member.added", actor=commune_officer).count() == 3


def test_an_empty_role_and_background_are_member_and_other(village, commune_officer):
    data = members_list(row(village, "Phạm Thị Dung", gender="nữ", role="", background=""))
    report = import_members(data, user=commune_officer)
    assert report.counts["members_created"] == 1
    member = Member.objects.get()
    assert (member.role, member.background, member.gender) == ("member", "other", "female")


def test_the_village_given_beside_the_file_replaces_the_code_column(village, commune_officer):
    data = xlsx(
        [["Họ và tên", "Giới tính", "Năm sinh"], ["Nguyễn Văn An", "Nam", 1985]],
        title_rows=TITLE,
    )
    report = import_members(data, user=commune_officer, village=village)
    assert report.counts["members_created"] == 1
    assert Member.objects.get().team.village == village


def test_a_team_leader_cannot_register_the_missing_team_of_his_village(
    village, team_leader, commune_officer
):
    """A leader may edit members of his own village but not register teams: every row of a
    village without a team is refused with no_team, and no team appears."""
    report = import_members(three_members(village), user=team_leader)
    assert set(codes(report).values()) == {"no_team"}
    assert report.as_dict()["rejected"] == 3 and report.counts["teams_created"] == 0
    assert not Team.objects.exists() and not Member.objects.exists()

    team_create(village=village, by=commune_officer)  # the commune registers it
    report = import_members(three_members(village), user=team_leader)
    assert report.counts["members_created"] == 3 and not report.errors
    assert AuditEvent.objects.filter(verb="teams.member.added", actor=team_leader).count() == 3


def test_a_team_leader_is_scoped_to_his_own_village(
    village, sibling_village, team, team_leader, commune_officer
):
    team_create(village=sibling_village, by=commune_officer)
    data = members_list(
        row(village, "Nguyễn Văn An"), row(sibling_village, "Trần Văn Bắc", birth=1970)
    )
    report = import_members(data, user=team_leader)
    assert codes(report) == {FIRST_ROW + 1: "out_of_scope"}
    assert report.counts["members_created"] == 1
    assert not Member.objects.filter(team__village=sibling_village).exists()


def test_a_second_leader_is_refused_and_the_other_rows_are_imported(village, team, commune_officer):
    member_add(
        team=team,
        by=commune_officer,
        full_name="Hoàng Văn Tổ",
        gender="male",
        joined_on=date(2024, 1, 1),
        role=MemberRole.LEADER,
    )
    data = members_list(
        row(village, "Nguyễn Văn An", role="Thành viên"),
        row(village, "Trần Văn Bình", role="Tổ trưởng", birth=1979),
        row(village, "Lê Thị Cúc", gender="Nữ", role="Tổ phó", birth=1992),
    )
    report = import_members(data, user=commune_officer)

    errors = report.as_dict()["errors"]
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [
        (FIRST_ROW + 1, "Vai trò", "leader_exists")
    ]
    assert "Hoàng Văn Tổ" in errors[0]["message"]
    assert report.counts["members_created"] == 2 and report.as_dict()["rejected"] == 1
    assert [m.full_name for m in team_rows(village)] == [
        "Nguyễn Văn An",
        "Lê Thị Cúc",
        "Hoàng Văn Tổ",
    ]
    assert list(Member.objects.filter(role="leader").values_list("full_name", flat=True)) == [
        "Hoàng Văn Tổ"
    ]


def test_the_same_person_twice_in_the_file(village, commune_officer):
    data = members_list(
        row(village, "Nguyễn Văn An", phone="0912345678"),
        row(village, "Lê Văn Cường", birth=2001),
        row(village, "NGUYỄN VĂN AN", phone="0912 345 678"),
    )
    report = import_members(data, user=commune_officer)
    errors = report.as_dict()["errors"]
    assert [(e["row"], e["code"]) for e in errors] == [(FIRST_ROW + 2, "duplicate_in_file")]
    assert str(FIRST_ROW) in errors[0]["message"]  # names the first row
    assert Member.objects.count() == 2


@pytest.mark.parametrize(
    "change, code",
    [
        ({"gender": "Khác"}, "invalid_gender"),
        ({"role": "Trưởng nhóm"}, "invalid_choice"),
        ({"background": "Hội Chữ thập đỏ"}, "invalid_choice"),
        ({"background": "Doanh nghiệp viễn thông", "operator": "Gmobile"}, "invalid_choice"),
        ({"phone": "09123abc"}, "phone_not_digits"),
        ({"birth": 1890}, "date_too_old"),
        ({"joined": "31/02/2024"}, "date_invalid"),
    ],
)
def test_a_bad_cell_rejects_its_row_with_a_clear_code(village, commune_officer, change, code):
    data = members_list(row(village, "Lê Văn Cường", birth=2001), row(village, "Bad Row", **change))
    report = import_members(data, user=commune_officer)

    (error,) = report.as_dict()["errors"]
    assert (error["row"], error["code"]) == (FIRST_ROW + 1, code)
    assert error["message"]
    assert report.counts["members_created"] == 1
    assert list(Member.objects.values_list("full_name", flat=True)) == ["Lê Văn Cường"]


@pytest.mark.parametrize(
    "change, column, code",
    [
        ({"name": ""}, "Họ và tên", "missing_name"),
        ({"birth": timezone.localdate().year - 5}, "Năm sinh", "invalid_birth_year"),
        ({"background": "Doanh nghiệp viễn thông"}, "Nhà mạng", "operator_required"),
        ({"left": "01/01/2020"}, "Ngày rời tổ", "left_before_joined"),
    ],
)
def test_a_row_the_member_services_refuse_is_rejected(
    village, commune_officer, change, column, code
):
    cells = {"name": "Bad Row", **change}
    data = members_list(row(village, "Lê Văn Cường", birth=2001), row(village, **cells))
    report = import_members(data, user=commune_officer)

    assert [(e["row"], e["column"], e["code"]) for e in report.as_dict()["errors"]] == [
        (FIRST_ROW + 1, column, code)
    ]
    assert list(Member.objects.values_list("full_name", flat=True)) == ["Lê Văn Cường"]


def test_an_unreadable_cell_names_its_column(village, commune_officer):
    data = members_list(row(village, "Bad Row", gender="Khác", role="Trưởng nhóm"))
    report = import_members(data, user=commune_officer)
    assert [e["column"] for e in report.as_dict()["errors"]] == ["Giới tính"]


def test_the_first_row_of_a_new_team_being_rejected_keeps_the_team(village, commune_officer):
    """The team is created on the first row of its village; that row failing in the member
    services must not take the team (or the other rows) with it."""
    data = members_list(
        row(village, "Bad Row", background="Doanh nghiệp viễn thông"),  # no operator
        row(village, "Lê Văn Cường", birth=2001),
    )
    report = import_members(data, user=commune_officer)
    assert codes(report) == {FIRST_ROW: "operator_required"}
    assert report.counts["teams_created"] == 1 and report.counts["members_created"] == 1
    team = Team.objects.get(village=village)
    assert [m.full_name for m in team.members.all()] == ["Lê Văn Cường"]


def test_importing_the_same_file_again_changes_nothing(village, commune_officer):
    data = three_members(village)
    import_members(data, user=commune_officer)
    before = written()

    report = import_members(data, user=commune_officer)

    assert counts(report) == {
        "rows": 3,
        "teams_created": 0,
        "members_created": 0,
        "members_updated": 0,
        "members_unchanged": 3,
        "rejected": 0,
    }
    assert written() == before


def test_a_list_in_capitals_imported_again_is_unchanged(village, commune_officer):
    """Offices type names in capitals; the stored name is title-cased, and that alone is not
    a change."""
    data = members_list(row(village, "NGUYỄN VĂN AN", phone="0912345678"))
    import_members(data, user=commune_officer)
    assert Member.objects.get().full_name == "Nguyễn Văn An"
    before = written()

    report = import_members(data, user=commune_officer)

    assert report.counts["members_unchanged"] == 1 and report.counts["members_updated"] == 0
    assert written() == before


def test_a_corrected_list_updates_the_members_it_matches(village, commune_officer):
    import_members(three_members(village), user=commune_officer)
    cuong = Member.objects.get(full_name="Lê Văn Cường")

    data = members_list(
        row(village, "Nguyễn Văn An", phone="0912345678", role="Tổ trưởng",
            background="Trưởng thôn, tổ trưởng tổ dân phố"),
        row(village, "Lê Văn Cường", birth=2001, phone="0977 111 222",
            background="Đoàn thanh niên"),
    )  # fmt: skip
    report = import_members(data, user=commune_officer)

    assert counts(report)["members_updated"] == 1 and counts(report)["members_unchanged"] == 1
    assert counts(report)["members_created"] == 0
    cuong.refresh_from_db()
    assert cuong.phone == "0977111222"
    assert Member.objects.count() == 3  # the person missing from the list is left alone
    event = AuditEvent.objects.get(verb="teams.member.updated")
    assert event.object_id == str(cuong.pk) and event.details == {"fields": ["phone"]}


def test_a_leaving_date_records_that_the_member_left(village, commune_officer):
    import_members(three_members(village), user=commune_officer)
    cuong = Member.objects.get(full_name="Lê Văn Cường")

    data = members_list(row(village, "Lê Văn Cường", birth=2001, left="15/03/2025"))
    report = import_members(data, user=commune_officer)

    assert report.counts["members_updated"] == 1 and not report.errors
    cuong.refresh_from_db()
    assert cuong.left_on == date(2025, 3, 15) and not cuong.counted
    assert Team.objects.get(village=village).active_members == 2
    assert AuditEvent.objects.filter(verb="teams.member.left", object_id=str(cuong.pk)).exists()

    report = import_members(data, user=commune_officer)  # the same list again
    assert report.counts["members_unchanged"] == 1 and not report.errors
    assert Member.objects.count() == 3


def test_the_dry_run_reports_the_same_counts_and_writes_nothing(village, commune_officer):
    data = members_list(
        *three_members_rows(village), row(village, "Bad Row", gender="Khác"), row("99999-999", "X")
    )
    before = written()

    checked = import_members(data, user=commune_officer, dry_run=True)

    assert written() == before and not Team.objects.exists()
    assert counts(checked) == {
        "rows": 5,
        "teams_created": 1,
        "members_created": 3,
        "members_updated": 0,
        "members_unchanged": 0,
        "rejected": 2,
    }
    imported = import_members(data, user=commune_officer)
    assert imported.as_dict() == checked.as_dict()  # the dry run was exact
    assert Member.objects.count() == 3


def three_members_rows(village) -> list[list]:
    return [
        row(village, "Nguyễn Văn An", phone="0912345678", role="Tổ trưởng"),
        row(village, "Trần Thị Bình", gender="Nữ", birth=1990),
        row(village, "Lê Văn Cường", birth=2001),
    ]


def test_the_outsider_cannot_import_into_thanh_hoa(village, team, outsider):
    before = written()
    report = import_members(members_list(*three_members_rows(village)), user=outsider)

    assert codes(report) == {
        FIRST_ROW: "out_of_scope",
        FIRST_ROW + 1: "out_of_scope",
        FIRST_ROW + 2: "out_of_scope",
    }
    assert {e["column"] for e in report.as_dict()["errors"]} == {"Mã thôn"}
    assert report.as_dict()["rejected"] == 3 and report.counts["members_created"] == 0
    assert written() == before


def test_the_outsider_may_import_into_his_own_commune(hanoi_village, village, outsider):
    data = members_list(row(hanoi_village, "Đỗ Văn Hà"), row(village, "Lê Văn Cường", birth=2001))
    report = import_members(data, user=outsider)
    assert codes(report) == {FIRST_ROW + 1: "out_of_scope"}
    assert report.counts == {
        "teams_created": 1,
        "members_created": 1,
        "members_updated": 0,
        "members_unchanged": 0,
    }
    assert list(Team.objects.values_list("village", flat=True)) == [hanoi_village.pk]


def test_unknown_and_missing_village_codes(village, commune_officer):
    data = members_list(row("99999-999", "Nguyễn Văn An"), row("", "Lê Văn Cường", birth=2001))
    report = import_members(data, user=commune_officer)
    errors = report.as_dict()["errors"]
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [
        (FIRST_ROW, "Mã thôn", "unknown_village"),
        (FIRST_ROW + 1, "Mã thôn", "unknown_village"),
    ]
    assert "99999-999" in errors[0]["message"]
    assert not Team.objects.exists() and not Member.objects.exists()


def test_a_list_without_diacritics_keeps_the_stored_name(village, commune_officer):
    import_members(members_list(row(village, "Nguyễn Văn An", birth=1980)), user=commune_officer)
    report = import_members(members_list(row(village, "Nguyen Van An", birth=1980)),
                            user=commune_officer)  # fmt: skip
    assert report.counts["members_unchanged"] == 1
    assert Member.objects.get().full_name == "Nguyễn Văn An"
