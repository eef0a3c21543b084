"""Meetings, directives and their follow-up change only through the application's services, which keep
their history and notify people; here administrators read them (and their history). Nothing is deleted."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Directive, DirectiveAssignment, Meeting, MeetingAmendment, ProgressEntry, ReferenceDocument


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["date", "title", "kind", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    date_hierarchy = "date"


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "number", "text", "deadline", "is_ongoing"]
    list_select_related = ["meeting"]
    search_fields = ["text"]


@admin.register(DirectiveAssignment)
class DirectiveAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["directive", "agency", "role", "state"]
    list_filter = ["role", "state"]
    list_select_related = ["directive", "agency"]


@admin.register(ProgressEntry, MeetingAmendment)
class AppendOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReferenceDocument)
class ReferenceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "kind", "issuing_body", "issued_on"]
    list_filter = ["kind"]
    search_fields = ["number", "title"]
