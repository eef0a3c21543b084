"""The audit log in the admin: read-only, filtered by action, date and person, searchable. Nothing adds, changes or
deletes an entry here (core/audit.py refuses it anyway, and on PostgreSQL so does the database)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import ACTION_LABELS, AuditEntry


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(ACTION_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action_label", "target", "target_type", "ip_address", "path"]
    list_filter = [ActionFilter, "at", "target_type"]
    search_fields = ["username", "target", "target_id", "path"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    readonly_fields = [
        "at",
        "actor",
        "username",
        "action",
        "target_type",
        "target_id",
        "target",
        "details",
        "ip_address",
        "path",
    ]
    actions = []
    show_full_result_count = False

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return entry.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
