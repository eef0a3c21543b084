"""The administrative unit drop-down, shared by the model form and the list's filter."""

from django import forms
from django.utils.translation import gettext_lazy as _


class _UnitGroups(forms.models.ModelChoiceIterator):
    """Several hundred units, grouped as a reader looks for one: today's units first, then the units that
    ended (in the 2025 reorganisation) under the district they belonged to, latest first."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[tuple, list] = {}
        for unit in self.queryset:
            if unit.valid_to is None:
                key = (0, 0, "", "")
            else:
                district = unit.parent.name if unit.parent_id and unit.level == "commune" else ""
                key = (1, -unit.valid_to.toordinal(), district, unit.valid_to.strftime("%d/%m/%Y"))
            groups.setdefault(key, []).append(self.choice(unit))
        for key in sorted(groups):
            yield self._group_label(key), groups[key]

    @staticmethod
    def _group_label(key) -> str:
        ended, _order, district, date = key
        if not ended:
            return str(_("Units of today"))
        if district:
            return str(_("%(district)s, until %(date)s") % {"district": district, "date": date})
        return str(_("Until %(date)s") % {"date": date})


class UnitChoiceField(forms.ModelChoiceField):
    iterator = _UnitGroups

    def label_from_instance(self, unit):
        label = f"{unit.name} – {unit.parent.name}" if unit.parent_id and unit.level == "commune" else unit.name
        if unit.valid_to:
            label += " " + str(_("(until %(date)s)") % {"date": unit.valid_to.strftime("%d/%m/%Y")})
        return label
