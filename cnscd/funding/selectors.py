"""Reads of policies, payments and contributions, always through the caller's scope."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cnscd.accounts.models import User
from cnscd.errors import ServiceError
from cnscd.funding.models import Contribution, Payment, Policy
from cnscd.geo.models import Unit
from cnscd.geo.scope import paths_above, scope_q
from cnscd.geo.selectors import units_visible_to


def policies_visible_to(user: User) -> QuerySet[Policy]:
    """Policies of units in the user's subtrees, and those of the units above that pay them.

    A commune officer sees the province's policy, because it pays the
    commune's teams; an outsider sees neither.
    """
    return (
        Policy.objects.filter(scope_q(user) | Q(path__in=paths_above(user)))
        .select_related("unit")
        .prefetch_related("areas")
    )


def policy_get_for(user: User, *, policy_id: int) -> Policy:
    return get_object_or_404(policies_visible_to(user), pk=policy_id)


def policies_filter(policies: QuerySet[Policy], *, unit: Unit | None) -> QuerySet[Policy]:
    """Shared by the funding page and `GET /api/v1/funding/policies?unit=`: policies inside
    `unit` and those of the units above it."""
    if unit is None:
        return policies
    return policies.filter(Q(path__under=unit.path) | Q(path__in=unit.ancestor_paths()))


def payments_visible_to(user: User) -> QuerySet[Payment]:
    return Payment.objects.filter(scope_q(user)).select_related(
        "team", "team__village", "recorded_by"
    )


def contributions_visible_to(user: User) -> QuerySet[Contribution]:
    return Contribution.objects.filter(scope_q(user)).select_related("unit", "recorded_by")


def unit_for_writing(user: User, *, code: str) -> Unit:
    """The unit a write names by code; one clear error when it is unknown or out of scope alike.

    Unit names and codes are the public official list, so the message may
    repeat the code; it does not say which of the two cases it is.
    """
    unit = units_visible_to(user).filter(code=code).first()
    if unit is None:
        raise _out_of_scope(code, field="unit")
    return unit


def _out_of_scope(code: str, *, field: str) -> ServiceError:
    return ServiceError(
        "unit_out_of_scope",
        _("There is no unit %(code)s in the area you work on.") % {"code": code},
        field=field,
        status=404,
    )


def units_for_writing(user: User, *, codes: list[str]) -> list[Unit]:
    """Several units named by code (a policy's communes), in one query; the same error as
    `unit_for_writing` for the first code that is unknown or out of scope."""
    found = {u.code: u for u in units_visible_to(user).filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise _out_of_scope(missing[0], field="areas")
    return [found[code] for code in dict.fromkeys(codes)]
