"""Indicator definitions, targets, and the counters every dashboard reads."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Unit

# Birth years before this share counter bucket 0 (aged 86 and over in 2026); an
# indicator's minimum age is exact as long as it is below reference year - 1939.
BUCKET_START = 1940


class Population(models.TextChoices):
    RESIDENTS = "residents", _("residents")
    HOUSEHOLDS = "households", _("households")


class Indicator(models.Model):
    """An adoption rate: residents (of an age) or households with a skill or fact.

    Data, edited by national administrators; `key` is a contract (API, CLI).
    Age is reference year minus birth year, as Vietnamese lists count it.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    population = models.CharField(_("population"), max_length=16, choices=Population.choices)
    skill = models.CharField(_("skill or fact"), max_length=40)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=0)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A unit's planned rate for an indicator in a year (e.g. 80% VNeID level 2 by 2026)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.DecimalField(
        _("target rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "year"], name="target_unique"),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=100), name="target_rate_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator.key} · {self.year}: {self.rate}%"


class Level(models.TextChoices):
    NATIONAL = "n", _("country")
    VILLAGE = "v", _("village")
    COMMUNE = "c", _("commune")
    PROVINCE = "p", _("province")


# The `month` of a counter row that holds the sum over all months: where a unit stands
# now. Above every real month (months since January 2000), so `month <= m` never sums it.
TOTAL = 32767


class Counter(models.Model):
    """Monthly change of one count for one unit and birth cohort, and its running total.

    `skill` is a core skill or household fact (how many have it) or one of
    the populations `residents` / `households` (how many are present).
    Summing a unit's rows up to a month gives the counts at the end of that
    month; the row with month TOTAL holds the sum of all months, so the
    figures for today read one row per skill and cohort. An indicator is a
    skill count over a population count, both summed over the birth cohorts
    old enough. `bucket` is the birth year (0: born before BUCKET_START;
    households use 0). Written only by `indicators.counters`, in the
    transaction of the change that causes it.

    The total sits next to its months in the unique index, so a visit's update
    of this month and of the total reads one index page per unit. `rebuild`
    writes each unit's totals together, first, so its figures read a few
    table pages.
    """

    level = models.CharField(max_length=1, choices=Level.choices)
    unit_code = models.CharField(max_length=16)
    parent_code = models.CharField(max_length=16)
    skill = models.CharField(max_length=40)
    bucket = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)
    verified = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "unit_code", "skill", "bucket", "month"], name="counter_unique"
            )
        ]
        indexes = [
            # a unit's totals (its figures today), without its months
            models.Index(
                fields=["level", "unit_code"], condition=Q(month=TOTAL), name="counter_totals"
            ),
            # a unit's children: their totals (ranking today), their months up to a date
            models.Index(
                fields=["level", "parent_code", "month", "skill"], name="counter_children"
            ),
        ]

    def __str__(self) -> str:
        month = "total" if self.month == TOTAL else self.month
        return f"{self.level}:{self.unit_code} {self.skill}/{self.bucket}@{month}"
