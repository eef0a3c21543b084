"""Administrators manage reference data here. Nothing users rely on can be deleted: it is deactivated,
and models change only through the application's services (their admin page is read-only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import NoDeleteAdmin, ReadOnlyAdmin

from .models import AdministrativeUnit, Agency, Field, IndicatorType, MovementModel, UnitSuccession


@admin.register(Agency)
class AgencyAdmin(NoDeleteAdmin):
    list_display = ["name", "short_name", "kind", "parent", "administrative_unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "administrative_unit"]
    list_select_related = ["parent", "administrative_unit"]


@admin.register(Field, IndicatorType)
class ReferenceAdmin(NoDeleteAdmin):
    list_display = ["__str__", "order", "is_active"]
    list_editable = ["order", "is_active"]


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    verbose_name = _("merged into")
    verbose_name_plural = _("merged into")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [SuccessionInline]


@admin.register(MovementModel)
class MovementModelAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "owner_agency", "field", "status", "recognition_year"]
    list_filter = ["status", "field", "level", "is_typical"]
    search_fields = ["code", "name"]
    list_select_related = ["owner_agency", "field"]
