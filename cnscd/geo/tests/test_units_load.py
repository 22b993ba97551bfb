from io import StringIO

from django.core.management import call_command

from cnscd.geo.models import Division, Kind, Unit
from cnscd.geo.services import units_load_official


def test_official_units_are_loaded_with_the_post_2025_counts(db):
    units = Unit.objects.current()
    assert units.filter(kind=Kind.COUNTRY).count() == 1
    assert units.filter(kind=Kind.PROVINCE).count() == 34
    assert units.filter(kind=Kind.COMMUNE).count() == 3321
    communes = units.filter(kind=Kind.COMMUNE)
    assert communes.filter(division=Division.RURAL_COMMUNE).count() == 2621
    assert communes.filter(division=Division.WARD).count() == 687
    assert communes.filter(division=Division.SPECIAL_ZONE).count() == 13


def test_codes_are_zero_padded_strings_with_paths(db):
    hanoi = Unit.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    ba_dinh = Unit.objects.get(code="00004")
    assert ba_dinh.name == "Phường Ba Đình"
    assert ba_dinh.parent == hanoi
    assert ba_dinh.path == "VN/01/00004/"
    hac_thanh = Unit.objects.get(code="14797")
    assert hac_thanh.parent.code == "38"
    assert hac_thanh.province_code == "38"


def test_second_load_changes_nothing(db):
    before = Unit.objects.count()
    result = units_load_official()
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == 1 + 34 + 3321
    assert Unit.objects.count() == before


def test_load_repairs_a_renamed_unit(db):
    Unit.objects.filter(code="38").update(name="Thanh Hoa sai")
    result = units_load_official()
    assert (result.created, result.updated) == (0, 1)
    assert Unit.objects.get(code="38").name == "Thanh Hóa"


def test_command_says_when_nothing_changed(db):
    out = StringIO()
    call_command("units", "load", verbosity=0, stdout=out)
    assert out.getvalue().strip() == (
        "Danh mục đơn vị đã đầy đủ: cả 3356 đơn vị đã có, không có gì thay đổi."
    )
    assert Unit.objects.filter(kind=Kind.COMMUNE).count() == 3321


def test_subtree_is_a_prefix_query(village, hanoi_village):
    thanh_hoa = Unit.objects.get(code="38")
    subtree = Unit.objects.current().subtree(thanh_hoa.path)
    communes_in_38 = Unit.objects.filter(kind=Kind.COMMUNE, parent=thanh_hoa).count()
    assert subtree.count() == 1 + communes_in_38 + 1
    assert village in subtree
    assert hanoi_village not in subtree
    assert "path" in str(subtree.query)
