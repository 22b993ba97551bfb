from django.contrib import admin

from cnscd.geo.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "division", "valid_from", "valid_to"]
    list_filter = ["kind", "division", "province_code"]
    search_fields = ["code", "name_folded"]
    raw_id_fields = ["parent", "successor"]
    readonly_fields = ["path", "province_code", "created_at"]
