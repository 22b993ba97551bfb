"""The four seed policies: on today's provinces, limited to the old provinces' ground."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from vietnam_provinces import Ward

from cnscd.funding.allowances import allowance_report
from cnscd.funding.models import Policy
from cnscd.funding.periods import parse_period
from cnscd.funding.seeds import OLD_BINH_DUONG, OLD_DA_NANG, OLD_YEN_BAI, funding_seed
from cnscd.geo.models import Unit
from cnscd.geo.services import village_create

from .conftest import make_team


def seeded() -> dict[str, Policy]:
    funding_seed()
    return {p.unit.code: p for p in Policy.objects.select_related("unit")}


@pytest.mark.parametrize(
    ("former", "province", "communes", "inside", "outside"),
    [
        (OLD_DA_NANG, "48", 16, "Phường Hải Châu", "Phường Tam Kỳ"),
        (OLD_YEN_BAI, "15", 51, "Phường Yên Bái", "Phường Lào Cai"),
        (OLD_BINH_DUONG, "79", 36, "Phường Thủ Dầu Một", "Phường Sài Gòn"),
    ],
)
def test_old_province_blocks_hold_its_communes_and_no_others(
    former, province, communes, inside, outside, db
):
    codes = [f"{int(w.code):05d}" for w in Ward.iter_all()]
    in_block = [c for c in codes if former.first_code <= c <= former.last_code]
    # the block holds communes of today's province only, and nothing else of the official list
    assert {f"{int(Ward.from_code(int(c)).province_code):02d}" for c in in_block} == {province}
    names = [u.name for u in former.communes()]
    assert len(names) == communes
    assert inside in names
    assert outside not in names
    assert Unit.objects.current().filter(province_code=province, name=outside).exists()


def test_seed_creates_the_four_policies_once(db):
    assert len(funding_seed().created) == 4
    again = funding_seed()
    assert (again.created, len(again.existing), again.refused) == ([], 4, {})
    assert Policy.objects.count() == 4


def test_seed_terms_follow_the_seeds(db):
    policies = seeded()
    da_nang = policies["48"]
    assert (da_nang.reference, da_nang.basis, da_nang.amount, da_nang.cap_per_year) == (
        "Nghị quyết 36/2024/NQ-HĐND",
        "per_team_year",
        3_000_000,
        3_000_000,
    )
    assert (da_nang.valid_from, da_nang.valid_to) == (date(2024, 8, 10), date(2025, 12, 31))
    assert (policies["15"].basis, policies["15"].amount) == ("per_team_month", 500_000)
    assert (policies["42"].basis, policies["42"].amount) == ("per_team_month", 600_000)
    assert policies["42"].areas.count() == 0  # Hà Tĩnh did not merge
    assert (policies["79"].basis, policies["79"].amount) == ("per_member_month", 60_000)
    assert policies["79"].valid_from == date(2024, 1, 1)
    assert policies["79"].areas.count() == 36


def test_binh_duong_policy_pays_its_old_ground_but_not_the_rest_of_ho_chi_minh_city(db):
    seeded()
    thu_dau_mot = Unit.objects.get(name="Phường Thủ Dầu Một", valid_to__isnull=True)
    sai_gon = Unit.objects.get(name="Phường Sài Gòn", valid_to__isnull=True)
    paid = make_team(
        village_create(commune=thu_dau_mot, name="Khu phố 1", division="khu_pho", by=None),
        date(2024, 1, 1),
        ("Ngô Văn Hải", date(2024, 1, 1), None, "leader"),
        ("Đỗ Thị Lan", date(2024, 1, 1), None, "member"),
    )
    make_team(
        village_create(commune=sai_gon, name="Khu phố 2", division="khu_pho", by=None),
        date(2024, 1, 1),
        ("Võ Văn Tâm", date(2024, 1, 1), None, "leader"),
    )
    report = allowance_report(thu_dau_mot.parent, parse_period("2025-08"))
    assert [(line.team, line.amount) for line in report.lines] == [(paid, 2 * 60_000)]


def test_seed_refuses_cleanly_when_an_officer_policy_already_overlaps(db):
    from cnscd.funding.services import policy_create

    policy_create(
        unit=Unit.objects.get(code="42", valid_to__isnull=True),
        by=None,
        reference="NQ nhập tay",
        basis="per_team_month",
        amount=700_000,
        valid_from=date(2024, 1, 1),
    )
    result = funding_seed()
    assert list(result.refused) == ["seed-ha-tinh-2024"]
    assert len(result.created) == 3


def test_seed_command_reports_what_it_did(db):
    out = StringIO()
    call_command("funding", "seed", stdout=out)
    call_command("funding", "seed", stdout=out)
    assert Policy.objects.count() == 4
    assert out.getvalue().count("4") >= 2


def test_da_nang_seed_pays_a_team_founded_mid_year_pro_rata_but_not_former_quang_nam(db):
    seeded()
    hai_chau = Unit.objects.get(name="Phường Hải Châu", valid_to__isnull=True)
    tam_ky = Unit.objects.get(name="Phường Tam Kỳ", valid_to__isnull=True)
    paid = make_team(
        village_create(commune=hai_chau, name="Tổ dân phố 12", division="to_dan_pho", by=None),
        date(2025, 7, 1),
    )
    make_team(
        village_create(commune=tam_ky, name="Khối phố 3", division="khu_pho", by=None),
        date(2024, 1, 1),
    )
    out = StringIO()
    call_command("funding", "allowances", "48", "--period", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    # 1/7–31/12/2025: 3,000,000 × 184/365 = 1,512,328.77, under the 3,000,000 cap
    assert [(t["team"], t["amount"], t["days"]) for t in data["teams"]] == [
        (paid.pk, 1_512_329, 184)
    ]
    assert data["total"] == 1_512_329
