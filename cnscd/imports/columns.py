"""The columns of the lists we import, as local officials title them.

A column has one label (what our templates print) and the aliases real
lists use. Headers are compared by `header_key`: folded (no diacritics,
no case), notes in brackets dropped, only letters and digits kept, so
`HỌ VÀ TÊN`, `Họ và tên (*)` and `Ho va ten` are one header. Labels are
Vietnamese in every language: they are the file format, not the interface.
"""

import re
from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cnscd.people.skills import CORE_SKILLS
from cnscd.teams.models import Background, MemberRole, TelecomOperator
from cnscd.vntext.folding import fold

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def header_key(text: object) -> str:
    """`Họ và tên (*)` → `hovaten`: the form in which headers and aliases are compared."""
    return _NOT_ALNUM.sub("", fold(_BRACKETS.sub(" ", str(text or ""))))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()  # offered as a drop-down in the template
    example: str = ""
    help: str | Promise = ""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(header_key(name) for name in (self.label, *self.aliases))


YES_NO = ("x", "")
GENDERS = ("Nam", "Nữ")

VILLAGE = Column(
    "village",
    "Mã thôn",
    ("Mã thôn/tổ dân phố", "Mã thôn, tổ dân phố", "Mã thôn tổ", "Mã TDP", "Mã ấp", "Mã bản"),
    example="00004-001",
    help=_(
        "Village code as shown on the village's page. May be left out when the village is "
        "chosen on the import page or given with --village."
    ),
)
FULL_NAME = Column(
    "full_name",
    "Họ và tên",
    ("Họ tên", "Tên", "Họ, tên", "Họ và tên người dân", "Họ tên nhân khẩu", "Họ và tên thành viên"),
    required=True,
    example="Nguyễn Văn An",
    help=_("Required. Old TCVN3 (ABC) and VNI fonts are converted automatically."),
)
BIRTH = Column(
    "birth",
    "Ngày sinh",
    ("Năm sinh", "Ngày tháng năm sinh", "Ngày/tháng/năm sinh", "NS", "Ngày, tháng, năm sinh"),
    example="05/03/1985",
    help=_("dd/mm/yyyy, d/m/yy, a date cell, or just the year of birth."),
)
GENDER = Column(
    "gender",
    "Giới tính",
    ("Giới", "Nam/Nữ", "Nam, nữ", "GT"),
    choices=GENDERS,
    example="Nam",
    help=_("Nam or Nữ."),
)
PHONE = Column(
    "phone",
    "Số điện thoại",
    ("SĐT", "Điện thoại", "ĐT", "Số ĐT", "Di động", "Số di động", "ĐTDĐ"),
    example="0912345678",
    help=_("Any common form: 0912 345 678, +84912345678, old 11-digit 01xx numbers."),
)

HOUSEHOLD = Column(
    "household",
    "Số hộ",
    ("Mã hộ", "Số hộ gia đình", "Mã hộ gia đình", "Hộ số", "Số sổ hộ khẩu"),
    required=True,
    example="12",
    help=_("Required. Rows with the same household number form one household."),
)
HEAD = Column(
    "head",
    "Chủ hộ",
    ("Là chủ hộ",),
    choices=YES_NO,
    example="x",
    help=_("x for the head of the household."),
)
RELATION = Column(
    "relation",
    "Quan hệ với chủ hộ",
    ("Quan hệ", "Quan hệ chủ hộ", "QH với chủ hộ"),
    example="Chủ hộ",
    help=_("Optional: Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu, Anh, Chị, Em…"),
)
ID_NUMBER = Column(
    "id_number",
    "Số định danh cá nhân",
    (
        "Số CCCD",
        "CCCD",
        "Số căn cước",
        "Số căn cước công dân",
        "Căn cước công dân",
        "Số CMND/CCCD",
        "CMND/CCCD",
        "Số định danh",
        "Mã định danh",
        "Số ĐDCN",
    ),
    example="001085012345",
    help=_("12 digits; checked against birth year and gender."),
)
ADDRESS = Column(
    "address", "Địa chỉ", ("Nơi ở", "Địa chỉ thường trú", "Nơi ở hiện nay"), example="Xóm Đồng"
)
ADDRESS_CODE = Column(
    "address_code",
    "Mã địa chỉ số",
    ("Mã địa chỉ", "Địa chỉ số", "Mã số địa chỉ"),
    example="",
    help=_("The household's digital address code, when it has one."),
)

_SKILL_HELP = _(
    "x (or có, 1, đã, rồi, yes) when the person has it; empty, không, 0 or chưa if not."
)


def _skill(key: str, label: str, *aliases: str) -> Column:
    return Column(key, label, aliases, choices=YES_NO, example="x", help=_SKILL_HELP)


SKILL_COLUMNS = {
    c.key: c
    for c in (
        _skill(
            "vneid_l2",
            "VNeID mức 2",
            "VNeID",
            "VNeID mức độ 2",
            "Định danh điện tử mức 2",
            "Tài khoản định danh điện tử mức 2",
        ),
        _skill("digital_signature", "Chữ ký số", "Chữ ký số cá nhân", "CKS", "Có chữ ký số"),
        _skill(
            "epayment",
            "Thanh toán điện tử",
            "Tài khoản thanh toán điện tử",
            "Thanh toán không dùng tiền mặt",
            "TTĐT",
        ),
        _skill(
            "public_services",
            "Dịch vụ công trực tuyến",
            "DVC trực tuyến",
            "DVCTT",
            "Dịch vụ công",
            "Sử dụng dịch vụ công trực tuyến",
        ),
        _skill("online_shopping", "Mua sắm trực tuyến", "Mua sắm online", "Mua hàng trực tuyến"),
        _skill(
            "cyber_safety",
            "An toàn trên mạng",
            "Kỹ năng an toàn trên mạng",
            "Tự bảo vệ trên mạng",
            "An toàn thông tin",
        ),
        _skill("ehealth_book", "Sổ sức khỏe điện tử", "Sổ SKĐT", "Sổ sức khoẻ điện tử", "SSKĐT"),
        _skill("vssid", "VssID", "Ứng dụng VssID", "BHXH số", "VssID - BHXH số"),
    )
}
if list(SKILL_COLUMNS) != list(CORE_SKILLS):  # one column per core skill, in their order
    raise ImportError("imports.columns: SKILL_COLUMNS must follow people.skills.CORE_SKILLS")

RESIDENT_COLUMNS: tuple[Column, ...] = (
    VILLAGE,
    HOUSEHOLD,
    HEAD,
    FULL_NAME,
    replace(BIRTH, required=True),
    GENDER,
    ID_NUMBER,
    PHONE,
    ADDRESS,
    ADDRESS_CODE,
    *SKILL_COLUMNS.values(),
    RELATION,
)

# Members: the Vietnamese names of roles, backgrounds and operators as lists write them.
ROLE_NAMES = {
    "Tổ trưởng": MemberRole.LEADER,
    "Tổ phó": MemberRole.DEPUTY,
    "Thành viên": MemberRole.MEMBER,
}
BACKGROUND_NAMES = {
    "Bí thư chi bộ": Background.PARTY_SECRETARY,
    "Trưởng thôn, tổ trưởng tổ dân phố": Background.VILLAGE_HEAD,
    "Đoàn thanh niên": Background.YOUTH_UNION,
    "Hội Liên hiệp phụ nữ": Background.WOMEN_UNION,
    "Hội Cựu chiến binh": Background.VETERANS,
    "Hội Nông dân": Background.FARMERS,
    "Công an": Background.POLICE,
    "Doanh nghiệp viễn thông": Background.TELECOM,
    "Giáo viên": Background.TEACHER,
    "Học sinh, sinh viên": Background.STUDENT,
    "Người cao tuổi": Background.ELDERLY,
    "Khác": Background.OTHER,
}
OPERATOR_NAMES = {label: value for value, label in TelecomOperator.choices if value != "other"}

MEMBER_COLUMNS: tuple[Column, ...] = (
    VILLAGE,
    FULL_NAME,
    GENDER,
    BIRTH,
    PHONE,
    Column(
        "role",
        "Vai trò",
        ("Chức danh trong tổ", "Chức danh", "Chức vụ trong tổ", "Nhiệm vụ"),
        choices=tuple(ROLE_NAMES),
        example="Tổ trưởng",
        help=_("Tổ trưởng, Tổ phó or Thành viên (the default)."),
    ),
    Column(
        "background",
        "Thành phần",
        ("Lực lượng", "Thành phần tham gia", "Đơn vị", "Chức vụ"),
        choices=tuple(BACKGROUND_NAMES),
        example="Trưởng thôn, tổ trưởng tổ dân phố",
        help=_("Where the member comes from; Khác when none fits."),
    ),
    Column(
        "telecom_operator",
        "Nhà mạng",
        ("Doanh nghiệp", "Doanh nghiệp viễn thông (nếu có)"),
        choices=tuple(OPERATOR_NAMES),
        example="",
        help=_("Only for members from a telecom company."),
    ),
    Column(
        "joined_on",
        "Ngày tham gia",
        ("Ngày vào tổ", "Tham gia từ"),
        example="01/06/2025",
        help=_("Empty: the day of the import."),
    ),
    Column(
        "left_on",
        "Ngày rời tổ",
        ("Ngày rời", "Rời tổ ngày", "Ngày thôi tham gia"),
        example="",
        help=_("Only for a member who has left the team (exports list past members too)."),
    ),
)
