from django.db import models
from django.utils.translation import gettext_lazy as _


class CompilationStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations and scoring")
    PUBLISHED = "published", _("Published")


# The four criteria of the issue, each scored from SCORE_MIN to SCORE_MAX by every reviewer: the field of
# the Score row and its label.
SCORE_MIN, SCORE_MAX = 0, 10
CRITERIA = [
    ("concrete_address", _("A concrete address")),
    ("way_of_working", _("A concrete way of working")),
    ("measurable_results", _("Measurable results")),
    ("replicated", _("Replicated elsewhere")),
]
