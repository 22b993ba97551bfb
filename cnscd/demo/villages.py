"""Demo villages under the real communes: plausible names, kinds that fit the region.

Deterministic for a given seed. Villages are written with bulk inserts,
not the one-by-one service, so that `--scale national` (about 93,500
villages) takes seconds; a commune that already has villages is left alone,
so running the demo twice adds nothing.
"""

import random
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

from cnscd.geo.models import PATH_SEPARATOR, Division, Kind, Unit
from cnscd.geo.naming import unit_sort_key
from cnscd.vntext.folding import fold

# Provinces of the northern mountains, where villages are mostly bản.
MOUNTAIN_PROVINCES = {"04", "08", "11", "12", "14", "15", "19", "20"}
# From the south-east and the Mekong delta on, villages are ấp and urban groups khu phố.
SOUTHERN_FROM = "75"

HAN_VIET_NAMES = [
    "An Phú",
    "Bình An",
    "Đông Hòa",
    "Yên Thịnh",
    "Phú Mỹ",
    "Tân Lập",
    "Hòa Bình",
    "Thắng Lợi",
    "Quyết Tiến",
    "Đồng Tâm",
    "Trung Tâm",
    "Hạnh Phúc",
    "Phú Cường",
    "Đại Đồng",
    "Tân Phong",
    "Vĩnh Lộc",
    "Xuân Lai",
    "Hưng Thịnh",
    "Thống Nhất",
    "Đoàn Kết",
    "Tiền Phong",
    "Minh Khai",
    "Phúc Lâm",
    "Kim Sơn",
    "Lạc Long",
    "Hồng Phong",
    "Nam Tiến",
    "Bắc Sơn",
    "Cẩm Vân",
    "Thọ Xuân",
    "Yên Lạc",
    "Quang Trung",
    "Hổ Thôn",
    "Đông Sơn",
    "Tây Hồ",
    "Nghĩa Phú",
    "Tân Thành",
    "Phước Hòa",
    "Long Hưng",
    "Mỹ Lợi",
    "Thạnh Phú",
    "Tân Hiệp",
    "Bình Thạnh",
    "Hòa Lợi",
]
BAN_NAMES = [
    "Nà Phát",
    "Pác Bó",
    "Nà Làng",
    "Khuổi Hẩu",
    "Nà Tấu",
    "Huổi Só",
    "Co Mạ",
    "Nà Sản",
    "Phiêng Ban",
    "Tà Xùa",
    "Lũng Cú",
    "Mường Phăng",
    "Hua Pe",
    "Nậm Cang",
    "Khau Phạ",
    "Pá Khoang",
    "Lả Mường",
    "Cốc Lầu",
    "Nà Hang",
    "Phai Lừa",
    "Bó Mạ",
    "Tả Van",
]
POSITIONS = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ"]


def _village_names(rng: random.Random, commune: Unit, count: int) -> list[tuple[str, str]]:
    """`count` distinct (name, division) pairs for villages of this commune."""
    province = commune.province_code
    urban = commune.division == Division.WARD
    southern = province >= SOUTHERN_FROM
    if urban:
        division = Division.KHU_PHO if southern else Division.TO_DAN_PHO
        label = "Khu phố" if southern else "Tổ dân phố"
        return [(f"{label} {n}", division) for n in range(1, count + 1)]
    names: list[tuple[str, str]] = []
    pool = list(HAN_VIET_NAMES)
    rng.shuffle(pool)
    ban_pool = list(BAN_NAMES)
    rng.shuffle(ban_pool)
    used: set[str] = set()
    numbered = rng.random() < 0.3  # many communes simply number their thôn
    for n in range(1, count + 1):
        if province in MOUNTAIN_PROVINCES and rng.random() < 0.6:
            base, division, prefix = ban_pool[(n - 1) % len(ban_pool)], Division.BAN, "Bản"
        elif southern:
            base, division, prefix = pool[(n - 1) % len(pool)], Division.AP, "Ấp"
        else:
            base = str(n) if numbered else pool[(n - 1) % len(pool)]
            division, prefix = Division.THON, "Thôn"
        name = f"{prefix} {base}"
        if name in used:
            name = f"{name} {POSITIONS[n % len(POSITIONS)]}"
        if name in used:
            name = f"{prefix} {n}"
        used.add(name)
        names.append((name, division))
    return names


def demo_villages(
    *,
    communes: Iterable[Unit],
    rng: random.Random,
    per_commune: tuple[int, int],
    progress: Callable[[int], Any] | None = None,
) -> int:
    """Create villages under each commune that has none yet; return how many were created."""
    created = 0
    communes = list(communes)
    filled = set(
        Unit.objects.filter(kind=Kind.VILLAGE, parent__in=communes).values_list(
            "parent_id", flat=True
        )
    )
    batch: list[Unit] = []
    for commune in communes:
        count = rng.randint(*per_commune)
        if commune.pk in filled:
            if progress:
                progress(1)
            continue
        for n, (name, division) in enumerate(_village_names(rng, commune, count), start=1):
            code = f"{commune.code}-{n:03d}"
            batch.append(
                Unit(
                    code=code,
                    name=name,
                    kind=Kind.VILLAGE,
                    division=division,
                    parent=commune,
                    path=f"{commune.path}{code}{PATH_SEPARATOR}",
                    province_code=commune.province_code,
                    name_folded=fold(name),
                    sort_key=unit_sort_key(name),
                )
            )
        if len(batch) >= 5000:
            created += _write(batch)
        if progress:
            progress(1)
    created += _write(batch)
    return created


@transaction.atomic
def _write(batch: list[Unit]) -> int:
    Unit.objects.bulk_create(batch, batch_size=1000)
    count = len(batch)
    batch.clear()
    return count
