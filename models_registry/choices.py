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
    RETURNED = "returned", _("Returned for revision")
    RECOGNISED = "recognised", _("Recognised")
    FLAGGED = "flagged", _("Flagged as possibly ineffective")
    UNDER_REVIEW = "under_review", _("Answered, under review")
    REMOVED = "removed", _("Removed from the list")


# A model is "in the list" from its recognition until a decision removes it: a flagged model still
# counts. ModelWords.in_list() (models/registry.py) is the one definition lists, counts and reports share.
IN_LIST_STATUSES = [ModelStatus.RECOGNISED, ModelStatus.FLAGGED, ModelStatus.UNDER_REVIEW]
# Recognised by a decision at some time: in the list, or removed from it since. Only these carry a recognition
# year (a database constraint says so), set by the recognise step and nothing else.
RECOGNISED_STATUSES = [*IN_LIST_STATUSES, ModelStatus.REMOVED]
# Statuses in which the owning agency may change a model's content. A submitted model waits for the
# reviewer; a flagged one is answered through its flag; a removed one needs a decision to return.
EDITABLE_STATUSES = [ModelStatus.DRAFT, ModelStatus.RETURNED, ModelStatus.RECOGNISED]


class Transition(models.TextChoices):
    """The moves of the review workflow; each one is a ModelEvent row."""

    SUBMIT = "submit", _("Submitted for recognition")
    RECOGNISE = "recognise", _("Recognised")
    RECORD = "record", _("Recorded as recognised by an earlier decision")
    RETURN = "return", _("Returned for revision")
    FLAG = "flag", _("Flagged as possibly ineffective")
    ANSWER = "answer", _("Answered the flag")
    KEEP = "keep", _("Kept in the list")
    REMOVE = "remove", _("Removed from the list")
    RESTORE = "restore", _("Restored to the list")
    CONFIRM = "confirm", _("Confirmed effective in a review round")
    MARK_TYPICAL = "mark_typical", _("Marked typical by a published compilation")


class FlagReason(models.TextChoices):
    INACTIVE = "inactive", _("No longer active")
    NO_RESULTS = "no_results", _("No measurable results")
    DUPLICATE = "duplicate", _("Duplicate of another model")
    MERGED = "merged", _("Merged into another model")
    UNIT_REORGANISED = "unit_reorganised", _("Its unit was dissolved or merged")
    OTHER = "other", _("Other")


class FlagOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    REMOVED = "removed", _("Removed")


class RoundOutcome(models.TextChoices):
    PENDING = "pending", _("Not reviewed yet")
    EFFECTIVE = "effective", _("Effective")
    FLAGGED = "flagged", _("Flagged")


class ReplicationKind(models.TextChoices):
    """How a model took up the model it replicates (nhân rộng)."""

    ADOPTED = "adopted", _("Adopted as is")
    ADAPTED = "adapted", _("Adapted")
