"""Django admin: funding rows are read-only here; writes go through the services (rules, audit).

Search is by unit name (folded) or code, like the other admin lists.
"""

from django.contrib import admin

from cnscd.funding.models import Contribution, Payment, Policy
from cnscd.teams.admin import ReadOnlyAdmin


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "unit",
        "basis",
        "amount",
        "cap_per_year",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["basis", "additive"]
    search_fields = ["unit__name_folded", "unit__code"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "team", "period", "amount", "paid_on", "override"]
    list_filter = ["override", "province_code"]
    search_fields = ["team__village__name_folded", "team__village__code"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["donor", "unit", "kind", "amount", "item", "received_on"]
    list_filter = ["kind", "province_code"]
    search_fields = ["unit__name_folded", "unit__code"]
