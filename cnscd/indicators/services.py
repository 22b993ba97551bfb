"""Writes of the indicators app: targets (the counters are written by `counters`)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.errors import ServiceError
from cnscd.geo.models import Unit
from cnscd.indicators.models import Indicator, Target


@transaction.atomic
def target_set(*, unit: Unit, indicator: Indicator, year: int, rate: Any, by: Any) -> Target:
    """Set (or change) a unit's planned rate for a year, in percent from 0 to 100."""
    try:
        value = Decimal(str(rate).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ServiceError(
            "invalid_rate", _("The target is a percentage, e.g. 80."), field="rate"
        ) from None
    if not Decimal(0) <= value <= Decimal(100):
        raise ServiceError(
            "invalid_rate", _("A target rate lies between 0 and 100%."), field="rate"
        )
    if not 2020 <= year <= 2100:
        raise ServiceError("invalid_year", _("Choose a year between 2020 and 2100."), field="year")
    target, _created = Target.objects.update_or_create(
        unit=unit, indicator=indicator, year=year, defaults={"rate": value}
    )
    audit_record(
        actor=by,
        verb="indicators.target.set",
        obj=target,
        unit_path=unit.path,
        details={"indicator": indicator.key, "year": year, "rate": str(value)},
    )
    return target
