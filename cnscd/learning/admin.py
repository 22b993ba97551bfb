"""Django admin for national administrators: a read-only view of the learning data.

Writes go through the services (cleaning, search columns, scope, audit),
i.e. the learning pages and the API.
"""

from django.contrib import admin

from cnscd.learning.models import Announcement, Course, Guide, Session


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Guide)
class GuideAdmin(ReadOnlyAdmin):
    list_display = ["title", "skill", "audience", "province", "is_published"]
    list_filter = ["skill", "is_published"]
    search_fields = ["title_folded"]


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "mode"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["course", "unit", "held_on", "place", "trainer"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "kind", "sent_at"]
