from django.db import models

from ..choices import ModelStatus
from .registry import MovementModelQuerySet


class ModelCountQuerySet(models.QuerySet):
    """The models' own scope words, over the counts: the same definitions (they name the same columns)."""

    of_agency = MovementModelQuerySet.of_agency
    in_unit = MovementModelQuerySet.in_unit


class ModelCount(models.Model):
    """How many models share each combination of the columns the dashboard counts by (a few thousand rows for a
    million models), so its figures add up these rows instead of reading the whole models table.

    Kept by the database itself, in the same transaction as every change to the models table, whatever makes
    it (a service, a bulk update, an import, raw SQL): triggers added by migration 0011 (a statement-level
    trigger on PostgreSQL, row-level on SQLite). Nothing in Python writes it. Its columns have the models'
    names, so the registry's words (ModelWords) filter it unchanged: one definition of each word."""

    status = models.CharField(max_length=20, choices=ModelStatus.choices)
    recognition_year = models.PositiveSmallIntegerField(null=True)
    removal_year = models.PositiveSmallIntegerField(null=True)
    is_typical = models.BooleanField()
    # Plain ids, not enforced: a group whose count fell to 0 may outlive the agency, field or unit it names.
    field = models.ForeignKey(
        "models_registry.Field", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    owner_agency = models.ForeignKey(
        "models_registry.Agency", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    registered_unit = models.ForeignKey(
        "models_registry.AdministrativeUnit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    n = models.IntegerField(default=0)

    objects = ModelCountQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        # The unique key (nulls not distinct) is created with the triggers, in SQL: Django cannot state it on SQLite.

    def __str__(self):
        return f"{self.status} {self.recognition_year} {self.removal_year}: {self.n}"
