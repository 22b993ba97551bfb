import pytest

from cnscd.geo.selectors import unit_children, units_search
from cnscd.geo.services import village_create


@pytest.mark.parametrize(
    "query", ["thanh hoa", "Thanh Hoá", "THANH HÓA", "thanh hóa", "  thanh   hoa "]
)
def test_search_ignores_diacritics_case_and_tone_placement(national_admin, query):
    assert units_search(national_admin, query=query).first().code == "38"


def test_d_matches_dj(national_admin):
    codes = list(
        units_search(national_admin, query="da nang", kind="province").values_list(
            "code", flat=True
        )
    )
    assert codes == ["48"]


def test_search_finds_by_code_prefix(national_admin):
    assert units_search(national_admin, query="14797").first().name == "Phường Hạc Thành"


def test_search_puts_provinces_before_communes(national_admin):
    kinds = [u.kind for u in units_search(national_admin, query="thanh hoa")[:3]]
    assert kinds[0] == "province"


def test_empty_search_finds_nothing(national_admin):
    assert not units_search(national_admin, query="   ").exists()


def test_children_are_listed_the_vietnamese_way(hac_thanh):
    for name in [
        "Thôn 10",
        "Thôn Đông",
        "Thôn 2",
        "Thôn Dương",
        "Thôn Ấp Bắc",
        "Thôn An",
        "Thôn Ba",
    ]:
        village_create(commune=hac_thanh, name=name, division="thon", by=None)
    names = [u.name for u in unit_children(hac_thanh)]
    # digits before letters and numerically; a < ă < â < b; d < đ
    assert names == [
        "Thôn 2",
        "Thôn 10",
        "Thôn An",
        "Thôn Ấp Bắc",
        "Thôn Ba",
        "Thôn Dương",
        "Thôn Đông",
    ]


def test_communes_sort_by_name_without_their_legal_prefix(national_admin):
    hanoi_children = [
        u.name for u in unit_children(units_search(national_admin, query="01").first())
    ]
    position = hanoi_children.index
    # "Xã Ba Vì" sorts under B, not under X after every ward
    assert position("Phường Ba Đình") < position("Xã Ba Vì") < position("Phường Cửa Nam")
