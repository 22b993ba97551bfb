"""Realistic Vietnamese person names for demo data, drawn with a seeded random generator.

Family names follow their rough national frequency (Nguyễn about 38%); middle
and given names depend on gender, as they do in life.
"""

import random

FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2),
    ("Phan", 4), ("Vũ", 3), ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1),
    ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Lương", 1), ("Mai", 1),
]  # fmt: skip
MIDDLE_NAMES = {
    "male": ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Đình", "Thành"],
    "female": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Phương", "Mai"],
}
GIVEN_NAMES = {
    "male": ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Huy", "Khánh", "Kiên",
             "Long", "Minh", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Tiến", "Trung",
             "Tuấn", "Việt", "Vinh", "Kịp", "Tình", "Hòa", "Lợi", "Thịnh", "Toàn"],
    "female": ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Liên",
               "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo",
               "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Huyền", "Nhàn", "Lụa", "Xuân", "Hiền"],
}  # fmt: skip
_FAMILIES, _WEIGHTS = zip(*FAMILY_NAMES, strict=True)


def person_name(rng: random.Random, gender: str, family: str | None = None) -> str:
    """A full name: family, middle, given (family fixed when a household shares it)."""
    family = family or rng.choices(_FAMILIES, weights=_WEIGHTS)[0]
    return f"{family} {rng.choice(MIDDLE_NAMES[gender])} {rng.choice(GIVEN_NAMES[gender])}"


def family_name(rng: random.Random) -> str:
    return rng.choices(_FAMILIES, weights=_WEIGHTS)[0]


def mobile_phone(rng: random.Random) -> str:
    """A well-formed mobile number (Viettel, VinaPhone and MobiFone prefixes)."""
    prefix = rng.choice(["086", "096", "097", "098", "032", "035", "091", "094", "088", "090",
                         "093", "070", "077", "083"])  # fmt: skip
    return f"{prefix}{rng.randrange(10**7):07d}"
