from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee meeting")
    REVIEW_SESSION = "review_session", _("Review session")
    BRIEFING = "briefing", _("Periodic briefing")
    THEMATIC = "thematic", _("Thematic meeting")
    OTHER = "other", _("Other meeting")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AttendanceRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    ATTENDEE = "attendee", _("Attendee")
    SECRETARY = "secretary", _("Secretary of the meeting")
    GUEST = "guest", _("Invited guest")


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    REGULATION = "regulation", _("Regulation")
    LAW = "law", _("Law")
    DECISION = "decision", _("Decision")
    RESOLUTION = "resolution", _("Resolution")
    CONCLUSION = "conclusion", _("Conclusion notice")
    OTHER = "other", _("Other document")


class AssignmentRole(models.TextChoices):
    # Vietnamese directives name a lead agency (cơ quan chủ trì) and co-operating ones (cơ quan phối hợp).
    LEAD = "lead", _("Lead agency")
    COOPERATING = "cooperating", _("Co-operating agency")


class AssignmentState(models.TextChoices):
    """An assigned agency's part of a directive."""

    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed done")


class DirectiveStatus(models.TextChoices):
    """A directive's status, derived from its assignments and its deadline (DirectiveQuerySet.with_status)."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class ProgressAction(models.TextChoices):
    """The entries of a directive's progress timeline."""

    REPORT = "report", _("Progress report")
    DONE = "done", _("Marked its part done")
    CONFIRM = "confirm", _("Completion confirmed")
    REOPEN = "reopen", _("Reopened")
