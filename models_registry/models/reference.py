from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


class Field(models.Model):
    """A field (lĩnh vực) that classifies models: economic, culture and society, ... Editable data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Each model keeps a copy of its field's position, for the index the list sorts by (MovementModel).
        self.models.exclude(field_position=self.order).update(field_position=self.order)


class IndicatorType(models.Model):
    """A measurable result that models report, with its unit: workdays, land donated (m²), money (VND)..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    unit = models.CharField(_("unit of measure"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator type")
        verbose_name_plural = _("indicator types")
        ordering = ["order", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.unit})"
