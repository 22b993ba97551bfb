from django.contrib import admin

from cnscd.geo.models import Unit
from cnscd.vntext.folding import fold


class FoldedSearchAdmin(admin.ModelAdmin):
    """Admin whose search_fields hold folded text: the query is folded the same way."""

    def get_search_results(self, request, queryset, search_term):
        """So that `thanh hoa` and `Thanh Hóa` find the same rows."""
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Unit)
class UnitAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "kind", "division", "valid_from", "valid_to"]
    list_filter = ["kind", "division", "province_code"]
    search_fields = ["code", "name_folded"]
    raw_id_fields = ["parent", "successor"]
    readonly_fields = ["path", "province_code", "created_at"]
