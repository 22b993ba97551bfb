from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cnscd.audit.models import AuditEvent
from cnscd.errors import ServiceError
from cnscd.geo.models import Division, Kind, Unit
from cnscd.geo.services import village_create


def test_villages_get_the_next_code_of_their_commune(hac_thanh):
    first = village_create(commune=hac_thanh, name="Thôn Đông", division=Division.THON, by=None)
    second = village_create(commune=hac_thanh, name="Thôn Tây", division=Division.THON, by=None)
    assert (first.code, second.code) == ("14797-001", "14797-002")
    assert second.path == "VN/38/14797/14797-002/"
    assert second.kind == Kind.VILLAGE
    assert second.province_code == "38"


def test_an_explicit_code_must_follow_the_rule(hac_thanh):
    for bad in ["14797-1", "14797-0001", "14797001", "x4797-001", "14797-000"]:
        with pytest.raises(ServiceError) as e:
            village_create(
                commune=hac_thanh, name=f"Thôn {bad}", division="thon", by=None, code=bad
            )
        assert e.value.code == "invalid_village_code"
        assert "14797-001" in e.value.message


def test_an_explicit_code_must_start_with_the_commune_code(hac_thanh):
    with pytest.raises(ServiceError) as e:
        village_create(commune=hac_thanh, name="Thôn X", division="thon", by=None, code="00004-001")
    assert e.value.code == "village_code_mismatch"


def test_an_explicit_code_is_used_once(hac_thanh):
    village_create(commune=hac_thanh, name="Thôn A", division="thon", by=None, code="14797-007")
    with pytest.raises(ServiceError) as e:
        village_create(commune=hac_thanh, name="Thôn B", division="thon", by=None, code="14797-007")
    assert e.value.code == "village_code_taken"
    assert (
        village_create(commune=hac_thanh, name="Thôn C", division="thon", by=None).code
        == "14797-008"
    )


def test_villages_only_go_under_communes(thanh_hoa, village):
    for parent in (thanh_hoa, village):
        with pytest.raises(ServiceError) as e:
            village_create(commune=parent, name="Thôn Mới", division="thon", by=None)
        assert e.value.code == "not_a_commune"
    assert not Unit.objects.filter(name="Thôn Mới").exists()


def test_same_name_in_the_same_commune_is_refused_ignoring_diacritics(hac_thanh):
    village_create(commune=hac_thanh, name="Thôn Đông Hòa", division="thon", by=None)
    with pytest.raises(ServiceError) as e:
        village_create(commune=hac_thanh, name="thôn  đông hoà", division="thon", by=None)
    assert e.value.code == "village_exists"
    assert "14797-001" in e.value.message


def test_unknown_kind_and_empty_name_are_refused(hac_thanh):
    with pytest.raises(ServiceError) as e:
        village_create(commune=hac_thanh, name="Xóm Chùa", division="xom", by=None)
    assert e.value.code == "invalid_village_kind"
    with pytest.raises(ServiceError) as e:
        village_create(commune=hac_thanh, name="   ", division="thon", by=None)
    assert e.value.code == "village_name_required"


def test_village_creation_is_audited(hac_thanh, commune_officer):
    village = village_create(
        commune=hac_thanh, name="Thôn Đông", division="thon", by=commune_officer
    )
    event = AuditEvent.objects.get(verb="geo.village.created")
    assert event.actor == commune_officer
    assert event.object_id == str(village.pk)
    assert event.unit_path == village.path


def test_command_prints_the_new_code(hac_thanh):
    out = StringIO()
    call_command(
        "villages",
        "add",
        "--commune",
        "14797",
        "--name",
        "Tổ dân phố 3",
        "--kind",
        "to_dan_pho",
        stdout=out,
    )
    assert out.getvalue().strip() == "14797-001"
    assert Unit.objects.get(code="14797-001").division == Division.TO_DAN_PHO


def test_command_rejects_a_province_as_commune(db):
    with pytest.raises(CommandError, match="38"):
        call_command("villages", "add", "--commune", "38", "--name", "Thôn A", stdout=StringIO())
