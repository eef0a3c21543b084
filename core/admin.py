"""The admin's two shapes: reference data that is never deleted, and records that change only through the
application's services (read-only here). History pages are read-only for both: SIMPLE_HISTORY_REVERT_DISABLED
in the settings refuses "revert to this version", which would write around the services."""

from simple_history.admin import SimpleHistoryAdmin


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoDeleteAdmin):
    """Records that change only through the application's services: readable here, with their history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
