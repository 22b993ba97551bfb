from django.contrib import admin

from cnscd.geo.models import Unit
from cnscd.vntext.folding import fold


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "division", "valid_from", "valid_to"]
    list_filter = ["kind", "division", "province_code"]
    search_fields = ["code", "name_folded"]
    raw_id_fields = ["parent", "successor"]
    readonly_fields = ["path", "province_code", "created_at"]

    def get_search_results(self, request, queryset, search_term):
        """Search the folded name, so `thanh hoa` and `Thanh Hóa` find the same units."""
        return super().get_search_results(request, queryset, fold(search_term))
