"""The official list of provinces and communes, as shipped by `vietnam-provinces`.

The package carries the GSO codes and names in force since 1 July 2025
(Nghị quyết 202/2025/QH15: 34 provinces; 3,321 communes, wards and special
zones). We read it here and nowhere else, so a change of source is one file.
"""

from dataclasses import dataclass

from vietnam_provinces import Province, VietNamDivisionType, Ward

from cnscd.geo.models import Division

_DIVISIONS = {
    VietNamDivisionType.TINH: Division.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: Division.CITY,
    VietNamDivisionType.XA: Division.RURAL_COMMUNE,
    VietNamDivisionType.PHUONG: Division.WARD,
    VietNamDivisionType.DAC_KHU: Division.SPECIAL_ZONE,
}


@dataclass(frozen=True)
class OfficialUnit:
    code: str
    name: str
    division: str
    parent_code: str


def official_provinces() -> list[OfficialUnit]:
    return [
        OfficialUnit(
            code=f"{int(p.code):02d}",
            name=p.name,
            division=_DIVISIONS[p.division_type],
            parent_code="VN",
        )
        for p in Province.iter_all()
    ]


def official_communes() -> list[OfficialUnit]:
    return [
        OfficialUnit(
            code=f"{int(w.code):05d}",
            name=w.name,
            division=_DIVISIONS[w.division_type],
            parent_code=f"{int(w.province_code):02d}",
        )
        for w in Ward.iter_all()
    ]
