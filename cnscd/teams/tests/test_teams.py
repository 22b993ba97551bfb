"""The one-team rule, member history, flags and photo handling, through the services."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cnscd.audit.models import AuditEvent
from cnscd.errors import ServiceError
from cnscd.teams import services
from cnscd.teams.models import ActivityPhoto, Member, Team

D = date(2024, 3, 1)


def add(team, name, role="member", **extra):
    fields = {"gender": "male", "joined_on": D, "background": "other", **extra}
    return services.member_add(team=team, by=None, full_name=name, role=role, **fields)


@pytest.fixture
def team(village):
    return services.team_create(village=village, by=None, name="Tổ CNSCĐ Đông Sơn", decision_date=D)


def test_a_second_team_for_a_village_is_refused_naming_the_first(team, village):
    with pytest.raises(ServiceError) as e:
        services.team_create(village=village, by=None, name="Tổ khác")
    assert e.value.code == "team_exists"
    assert "Tổ CNSCĐ Đông Sơn" in e.value.message
    assert Team.objects.filter(village=village).count() == 1


def test_a_suspended_team_still_blocks_a_second_one(team, village):
    services.team_set_status(team=team, status="suspended", on=date(2025, 1, 1), by=None)
    with pytest.raises(ServiceError) as e:
        services.team_create(village=village, by=None)
    assert e.value.code == "team_exists"


def test_after_dissolution_a_new_team_can_be_registered_but_not_both_revived(team, village):
    services.team_set_status(team=team, status="dissolved", on=date(2025, 1, 1), by=None)
    new = services.team_create(village=village, by=None, name="Tổ mới")
    assert new.status == "active"
    with pytest.raises(ServiceError) as e:
        services.team_set_status(team=team, status="active", on=date(2025, 2, 1), by=None)
    assert e.value.code == "team_exists"


def test_teams_only_belong_to_villages(hac_thanh):
    with pytest.raises(ServiceError) as e:
        services.team_create(village=hac_thanh, by=None)
    assert e.value.code == "not_a_village"


def test_team_gets_a_default_name(village):
    team = services.team_create(village=village, by=None)
    assert team.name.endswith(village.name)


def test_leaving_keeps_the_member_and_updates_the_count(team):
    a = add(team, "nguyễn văn an")
    add(team, "Trần Thị Bình", gender="female")
    assert a.full_name == "Nguyễn Văn An"
    services.member_leave(member=a, left_on=date(2025, 5, 1), by=None)
    team.refresh_from_db()
    assert team.active_members == 1
    assert Member.objects.filter(team=team).count() == 2
    assert AuditEvent.objects.filter(verb="teams.member.left", object_id=str(a.pk)).exists()


def test_left_date_before_joined_date_is_refused(team):
    member = add(team, "Lê Văn Cường")
    with pytest.raises(ServiceError) as e:
        services.member_leave(member=member, left_on=date(2024, 2, 1), by=None)
    assert e.value.code == "left_before_joined"
    member.refresh_from_db()
    assert member.left_on is None


def test_leaving_twice_is_refused(team):
    member = add(team, "Lê Văn Cường")
    services.member_leave(member=member, left_on=date(2025, 1, 1), by=None)
    with pytest.raises(ServiceError) as e:
        services.member_leave(member=member, left_on=date(2025, 2, 1), by=None)
    assert e.value.code == "already_left"


def test_flags_follow_size_and_leader(team):
    assert set(team.flags) == {"size_out_of_range", "no_leader"}
    add(team, "Phạm Văn Dũng", role="leader")
    add(team, "Hoàng Thị Giang", gender="female")
    team.refresh_from_db()
    assert team.flags == ["size_out_of_range"]
    add(team, "Vũ Văn Hải")
    team.refresh_from_db()
    assert team.flags == []
    for n in range(7):
        add(team, f"Đỗ Văn Số {n}")
    team.refresh_from_db()
    assert (team.active_members, team.flags) == (10, ["size_out_of_range"])


def test_only_one_active_leader(team):
    add(team, "Phạm Văn Dũng", role="leader")
    with pytest.raises(ServiceError) as e:
        add(team, "Bùi Văn Khánh", role="leader")
    assert e.value.code == "leader_exists"
    assert "Phạm Văn Dũng" in e.value.message


def test_a_departed_leader_can_be_replaced(team):
    leader = add(team, "Phạm Văn Dũng", role="leader")
    services.member_leave(member=leader, left_on=date(2025, 1, 1), by=None)
    add(team, "Bùi Văn Khánh", role="leader")
    team.refresh_from_db()
    assert team.has_leader


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("01662345678", "0362345678"),
    ],
)
def test_member_phones_are_normalized(team, raw, stored):
    assert add(team, "Ngô Văn Long", phone=raw).phone == stored


@pytest.mark.parametrize("raw", ["12345", "0112345678", "09123456789", "abc"])
def test_invalid_member_phone_is_refused_with_a_code(team, raw):
    with pytest.raises(ServiceError) as e:
        add(team, "Ngô Văn Long", phone=raw)
    assert e.value.code.startswith("phone_")
    assert e.value.field == "phone"
    assert not Member.objects.exists()


def test_telecom_members_name_their_operator(team):
    with pytest.raises(ServiceError) as e:
        add(team, "Dương Văn Nam", background="telecom")
    assert e.value.code == "operator_required"
    assert (
        add(
            team, "Dương Văn Nam", background="telecom", telecom_operator="viettel"
        ).telecom_operator
        == "viettel"
    )


def test_inviting_creates_a_village_scoped_account(team, village):
    member = add(team, "Lý Thị Oanh", gender="female")
    user, password = services.member_invite(member=member, username="oanh", by=None)
    assert user.check_password(password)
    assert user.unit_prefixes() == (village.path,)
    assert list(user.role_assignments.values_list("role", flat=True)) == ["team_member"]
    member.refresh_from_db()
    assert member.user == user


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 0.0)}  # GPS info
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_activity_photos_lose_their_exif(team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()
    photo = SimpleUploadedFile("meeting.jpg", raw, content_type="image/jpeg")
    activity = services.activity_create(
        team=team,
        by=None,
        held_on=D,
        kind="door_to_door",
        title="Ra quân",
        participants=7,
        photos=[photo],
    )
    stored = activity.photos.get()
    with Image.open(stored.image.path) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (40, 30)


def test_a_non_image_photo_stores_nothing(team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg")
    with pytest.raises(ServiceError) as e:
        services.activity_create(
            team=team, by=None, held_on=D, kind="zalo", title="Tuyên truyền", photos=[fake]
        )
    assert e.value.code == "photo_not_image"
    assert not team.activities.exists()
    assert not ActivityPhoto.objects.exists()
    assert not any(tmp_path.rglob("*.jpg"))


def test_an_oversized_photo_is_refused(team, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("cnscd.teams.photos.MAX_UPLOAD_BYTES", 100)
    photo = SimpleUploadedFile("big.jpg", jpeg_with_gps(), content_type="image/jpeg")
    with pytest.raises(ServiceError) as e:
        services.activity_create(
            team=team, by=None, held_on=D, kind="zalo", title="X", photos=[photo]
        )
    assert e.value.code == "photo_too_large"
    assert not team.activities.exists()
