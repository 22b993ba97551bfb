import random
from io import StringIO

from django.core.management import call_command

from cnscd.accounts.models import RoleAssignment
from cnscd.demo.villages import _village_names
from cnscd.geo.models import Kind, Unit


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, "--households", "4", verbosity=0, stdout=out)
    return out.getvalue()


def test_small_demo_creates_villages_in_one_province_and_one_login_per_role(db):
    output = run_demo("--seed", "3", "--scale", "small", "--province", "38")
    villages = Unit.objects.filter(kind=Kind.VILLAGE)
    assert 5 * 6 <= villages.count() <= 5 * 10
    assert set(villages.values_list("province_code", flat=True)) == {"38"}
    assert villages.values("parent").distinct().count() == 5
    roles = set(RoleAssignment.objects.values_list("user__username", "role"))
    assert roles == {
        ("admin", "national_admin"),
        ("tinh", "province_officer"),
        ("xa", "commune_officer"),
        ("totruong", "team_leader"),
        ("thanhvien", "team_member"),
        ("xem", "viewer"),
    }
    for username in ["admin", "tinh", "xa", "totruong", "thanhvien", "xem"]:
        assert username in output


def test_demo_villages_follow_the_code_rule(db):
    run_demo("--scale", "small", "--province", "01")
    for village in Unit.objects.filter(kind=Kind.VILLAGE):
        assert village.code.startswith(village.parent.code + "-")
        assert village.path == f"{village.parent.path}{village.code}/"
        assert village.province_code == "01"


def test_demo_twice_adds_nothing(db):
    run_demo("--seed", "3")
    count = Unit.objects.count()
    run_demo("--seed", "3")
    assert Unit.objects.count() == count
    assert RoleAssignment.objects.count() == 6


def test_if_empty_skips_a_database_that_has_villages(hac_thanh):
    from cnscd.geo.services import village_create

    village_create(commune=hac_thanh, name="Thôn Thật", division="thon", by=None)
    run_demo("--if-empty")
    assert Unit.objects.filter(kind=Kind.VILLAGE).count() == 1


def test_same_seed_gives_the_same_names(hac_thanh):
    first = _village_names(random.Random(5), hac_thanh, 12)
    again = _village_names(random.Random(5), hac_thanh, 12)
    assert first == again
    assert len({name for name, _ in first}) == 12


def test_wards_get_residential_groups_and_the_south_gets_hamlets(db):
    ward = Unit.objects.get(code="14797")
    southern_commune = Unit.objects.filter(province_code="96", division="xa").first()
    assert {d for _, d in _village_names(random.Random(1), ward, 5)} == {"to_dan_pho"}
    assert {d for _, d in _village_names(random.Random(1), southern_commune, 5)} == {"ap"}


def test_demo_people_keep_the_rules_the_services_keep(db):
    from cnscd.people.models import Household, Resident, SkillEvent
    from cnscd.people.skills import CORE_SKILLS
    from cnscd.vntext.id_numbers import normalize_id_number

    run_demo("--seed", "2")
    residents = list(Resident.objects.all())
    assert Household.objects.count() >= 40 * 2
    assert len(residents) > Household.objects.count()
    heads = Resident.objects.filter(relation="head").values("household").distinct().count()
    assert heads == Resident.objects.filter(relation="head").count() == Household.objects.count()
    numbers = [r.id_number for r in residents if r.id_number]
    assert numbers and len(numbers) == len(set(numbers))
    for r in residents:
        if r.id_number:
            assert normalize_id_number(r.id_number, gender=r.gender, birth_year=r.birth_year)
    for r in residents[:200]:
        for skill in CORE_SKILLS:
            events = SkillEvent.objects.filter(resident=r, skill=skill)
            assert (r.skill_on(skill) is not None) == events.exists()
