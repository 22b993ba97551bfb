from django.contrib import admin

from cnscd.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for administrators."""

    list_display = ["created_at", "actor", "verb", "object_repr", "unit_path"]
    list_filter = ["verb"]
    search_fields = ["verb", "object_repr", "unit_path"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
