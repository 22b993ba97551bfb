"""Administrative units: the country, 34 provinces, 3,321 communes and the villages below."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"
COUNTRY_CODE = "VN"


def code_of(path: str) -> str:
    """The code of the unit a path ends with: `VN/38/14797/14797-001/` → `14797-001`."""
    return path.rstrip(PATH_SEPARATOR).rsplit(PATH_SEPARATOR, 1)[-1]


class Kind(models.TextChoices):
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")
    COMMUNE = "commune", _("commune")
    VILLAGE = "village", _("village")


class Division(models.TextChoices):
    """The legal sub-kind of a unit, as the law names it."""

    COUNTRY = "quoc_gia", _("country")
    PROVINCE = "tinh", _("province")
    CITY = "thanh_pho", _("centrally governed city")
    RURAL_COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    SPECIAL_ZONE = "dac_khu", _("special zone")
    THON = "thon", _("village (thôn)")
    BAN = "ban", _("village (bản)")
    AP = "ap", _("hamlet (ấp)")
    TO_DAN_PHO = "to_dan_pho", _("residential group (tổ dân phố)")
    KHU_PHO = "khu_pho", _("quarter (khu phố)")


VILLAGE_DIVISIONS = (
    Division.THON,
    Division.BAN,
    Division.AP,
    Division.TO_DAN_PHO,
    Division.KHU_PHO,
)


class UnitQuerySet(models.QuerySet):
    def current(self) -> "UnitQuerySet":
        """Units in force today; codes are reused after a merger, so filter on valid_to."""
        return self.filter(valid_to__isnull=True)

    def subtree(self, path: str) -> "UnitQuerySet":
        """The unit with this path and everything below it: one indexed prefix range."""
        return self.filter(path__under=path)


class Unit(models.Model):
    """An administrative unit (đơn vị hành chính) or a village below a commune.

    Provinces and communes carry their official GSO codes (Quyết định
    19/2025/QĐ-TTg) as zero-padded strings; villages (thôn, bản, ấp, tổ dân phố,
    khu phố) have no national code, so ours is `<commune code>-<NNN>`.

    `path` is the materialized path of codes (`VN/38/14797/14797-001/`): a
    subtree is one prefix query. A merger or rename closes the old row
    (`valid_to`, `successor`) instead of deleting it, because the same code
    meant another unit before 1 July 2025.
    """

    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("level"), max_length=16, choices=Kind.choices)
    division = models.CharField(_("type"), max_length=16, choices=Division.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(_("path"), max_length=64, db_index=True)
    province_code = models.CharField(_("province code"), max_length=2, blank=True)
    name_folded = models.CharField(max_length=120, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="unit_current_code_unique"
            ),
            models.UniqueConstraint(
                fields=["path"], condition=Q(valid_to__isnull=True), name="unit_current_path_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.COUNTRY, parent__isnull=True)
                | Q(~Q(kind=Kind.COUNTRY), parent__isnull=False),
                name="unit_only_country_is_root",
            ),
        ]
        indexes = [models.Index(fields=["parent", "sort_key"], name="unit_children_sorted")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def ancestor_paths(self) -> list[str]:
        """Paths of the units above this one, country first."""
        parts = self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
        return [PATH_SEPARATOR.join(parts[:i]) + PATH_SEPARATOR for i in range(1, len(parts))]
