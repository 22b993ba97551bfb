"""Django admin for national administrators: the digital-model catalogue is edited here.

Teams and members are read-only in the admin: their writes go through the
services (counts, flags and audit), i.e. the team pages and the API.
"""

from django.contrib import admin

from cnscd.geo.admin import FoldedSearchAdmin
from cnscd.teams.models import DigitalModel, Member, Team


@admin.register(DigitalModel)
class DigitalModelAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "is_active", "position"]
    list_editable = ["is_active", "position"]
    search_fields = ["name", "key"]


class ReadOnlyAdmin(FoldedSearchAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "village", "status", "active_members", "has_leader"]
    list_filter = ["status", "province_code"]
    search_fields = ["village__name_folded", "village__code"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "team", "role", "background", "joined_on", "left_on"]
    list_filter = ["role", "background", "province_code"]
    search_fields = ["name_folded"]
