"""The four allowance policies known from the seeds, as data, attached to today's provinces.

Three of them were adopted by provinces that merged on 1 July 2025 (Nghị
quyết 202/2025/QH15) and pay only the teams of the old province's ground:
Đà Nẵng's resolution does not pay former Quảng Nam, Yên Bái's does not pay
former Lào Cai, Bình Dương's does not pay the rest of Hồ Chí Minh City.
Units do not record their former province, but the commune codes tell:
GSO codes were allocated in one consecutive block per old province, and
every new commune kept the code of one of the communes it merged (checked
against the official list in the tests). So such a policy is attached to
today's province with `areas` = its communes whose code lies in the old
province's block, and a label saying so.

`funding_seed()` is idempotent: a policy it made once (found by `seed_key`)
is never changed again, so officers may correct it.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cnscd.errors import ServiceError
from cnscd.funding.models import Basis, Policy
from cnscd.funding.services import policy_create
from cnscd.geo.models import Kind, Unit


@dataclass(frozen=True)
class FormerProvince:
    """An old province inside today's one, as the block of commune codes it had.

    The bounds are the gap between the neighbouring old provinces' codes in
    `vietnam-provinces` 2025.10.1 (the last code before, the first after).
    """

    name: str
    province_code: str
    first_code: str
    last_code: str

    def communes(self) -> list[Unit]:
        return list(
            Unit.objects.current()
            .filter(kind=Kind.COMMUNE, province_code=self.province_code)
            .filter(code__gte=self.first_code, code__lte=self.last_code)
            .order_by("code")
        )


# after Huế (…20182), before Quảng Nam (20335…)
OLD_DA_NANG = FormerProvince("Đà Nẵng", "48", "20183", "20334")
# after Sơn La (…04246), before Hòa Bình (04792…)
OLD_YEN_BAI = FormerProvince("Yên Bái", "15", "04247", "04791")
# after Tây Ninh (…25732), before Đồng Nai (25993…)
OLD_BINH_DUONG = FormerProvince("Bình Dương", "79", "25733", "25992")


@dataclass(frozen=True)
class SeedPolicy:
    key: str
    province_code: str
    former: FormerProvince | None
    area_label: str
    reference: str
    basis: str
    amount: int
    cap_per_year: int | None
    valid_from: date
    valid_to: date | None
    notes: str


_SOURCE = "Nguồn: Cục Chuyển đổi số quốc gia (Bộ TT&TT), tin tháng 8/2024."
_NO_DATES = (
    "Nguồn không ghi ngày hiệu lực (chỉ biết đang áp dụng năm 2024): mặc định từ 01/01/2024, "
    "chưa có ngày hết hiệu lực. Cần đối chiếu văn bản gốc."
)

SEED_POLICIES = (
    SeedPolicy(
        key="seed-da-nang-nq36-2024",
        province_code="48",
        former=OLD_DA_NANG,
        area_label="Địa bàn thành phố Đà Nẵng cũ (trước 01/07/2025)",
        reference="Nghị quyết 36/2024/NQ-HĐND",
        basis=Basis.PER_TEAM_YEAR,
        amount=3_000_000,
        cap_per_year=3_000_000,
        valid_from=date(2024, 8, 10),
        valid_to=date(2025, 12, 31),
        notes=(
            "Hỗ trợ Tổ công nghệ số cộng đồng và Tổ Đề án 06 tại thôn, tổ dân phố: tối đa "
            "3.000.000 đồng/tổ/năm. Số hiệu theo tin đã đưa, cần đối chiếu văn bản gốc. " + _SOURCE
        ),
    ),
    SeedPolicy(
        key="seed-yen-bai-2024",
        province_code="15",
        former=OLD_YEN_BAI,
        area_label="Địa bàn tỉnh Yên Bái cũ (trước 01/07/2025)",
        reference="Nghị quyết của HĐND tỉnh Yên Bái (chưa rõ số hiệu)",
        basis=Basis.PER_TEAM_MONTH,
        amount=500_000,
        cap_per_year=None,
        valid_from=date(2024, 1, 1),
        valid_to=None,
        notes="500.000 đồng/tổ/tháng. " + _NO_DATES + " " + _SOURCE,
    ),
    SeedPolicy(
        key="seed-ha-tinh-2024",
        province_code="42",
        former=None,
        area_label="",
        reference="Nghị quyết của HĐND tỉnh Hà Tĩnh (chưa rõ số hiệu)",
        basis=Basis.PER_TEAM_MONTH,
        amount=600_000,
        cap_per_year=None,
        valid_from=date(2024, 1, 1),
        valid_to=None,
        notes="600.000 đồng/tổ/tháng. " + _NO_DATES + " " + _SOURCE,
    ),
    SeedPolicy(
        key="seed-binh-duong-2024",
        province_code="79",
        former=OLD_BINH_DUONG,
        area_label="Địa bàn tỉnh Bình Dương cũ (trước 01/07/2025)",
        reference="Nghị quyết của HĐND tỉnh Bình Dương (chưa rõ số hiệu)",
        basis=Basis.PER_MEMBER_MONTH,
        amount=60_000,
        cap_per_year=None,
        valid_from=date(2024, 1, 1),
        valid_to=None,
        notes=(
            "Khoán chi phí hoạt động 60.000 đồng/người/tháng cho thành viên, từ đầu năm 2024; "
            "chưa có ngày hết hiệu lực. " + _SOURCE
        ),
    ),
)


@dataclass(frozen=True)
class SeedResult:
    created: list[str]
    existing: list[str]
    refused: dict[str, str]  # key → why, translated (units not loaded, an overlapping policy)


@transaction.atomic
def funding_seed() -> SeedResult:
    """Create the seed policies that do not exist yet; run it after `cnscd units load`."""
    existing = set(
        Policy.objects.filter(seed_key__in=[s.key for s in SEED_POLICIES]).values_list(
            "seed_key", flat=True
        )
    )
    created, refused = [], {}
    for seed in SEED_POLICIES:
        if seed.key in existing:
            continue
        province = Unit.objects.current().filter(code=seed.province_code).first()
        areas = seed.former.communes() if seed.former else []
        if province is None or (seed.former and not areas):
            refused[seed.key] = _("Units are not loaded; run `cnscd units load` first.")
            continue
        try:
            policy_create(
                unit=province,
                by=None,
                reference=seed.reference,
                basis=seed.basis,
                amount=seed.amount,
                cap_per_year=seed.cap_per_year,
                valid_from=seed.valid_from,
                valid_to=seed.valid_to,
                areas=areas,
                area_label=seed.area_label,
                notes=seed.notes,
                seed_key=seed.key,
            )
        except ServiceError as e:
            refused[seed.key] = e.message
            continue
        created.append(seed.key)
    return SeedResult(created=created, existing=sorted(existing), refused=refused)
