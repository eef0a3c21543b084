from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AgencyKind(models.TextChoices):
    PARTY = "party", _("Party body")
    STATE = "state", _("State body")
    FRONT = "front", _("Fatherland Front and mass organisations")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL_HOSPITAL = "school_hospital", _("School or hospital")
    COMMUNE = "commune", _("Commune or ward")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    OTHER = "other", _("Other")


class ModelKind(models.TextChoices):
    # A mô hình is a way of working that can be replicated; an điển hình is an exemplary
    # collective or person.
    MODEL = "model", _("Model (way of working)")
    EXEMPLAR_COLLECTIVE = "exemplar_collective", _("Exemplary collective")
    EXEMPLAR_INDIVIDUAL = "exemplar_individual", _("Exemplary individual")


class ModelLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECOGNISED = "recognised", _("Recognised")


# A model is "in the list" once recognised; MovementModelQuerySet.in_list() is the one definition.
IN_LIST_STATUSES = [ModelStatus.RECOGNISED]
# Statuses in which the owning agency may change a model's content. A submitted model waits for
# the reviewer and is frozen until then.
EDITABLE_STATUSES = [ModelStatus.DRAFT, ModelStatus.RECOGNISED]
