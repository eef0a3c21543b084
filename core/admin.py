"""The admin's two shapes: reference data that is never deleted, and records that change only through the
application's services (read-only here).

History pages are read-only for both. simple-history's "revert to this version" saves the old snapshot's values
over the record (even where the admin page is read-only, and SIMPLE_HISTORY_REVERT_DISABLED only hides the
button): a removed model would go back to flagged, a published meeting to draft, around the services and
without a workflow event. So a POST to a history page is refused here.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .forms import ModelForm


class NoDeleteAdmin(SimpleHistoryAdmin):
    form = ModelForm  # its text fields cleaned of control characters, as every form's (core.forms)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("History is read-only: changes go through the application.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(NoDeleteAdmin):
    """Records that change only through the application's services: readable here, with their history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from .audit_admin import AuditEntryAdmin  # noqa: E402, F401 - registers the audit log's admin
