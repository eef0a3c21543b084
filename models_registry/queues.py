"""What waits for reviewers: the review queue's tabs and the home page's counts, each one domain word."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import ModelWords, ReviewFlag

QUEUES = {
    "submitted": (_("Submissions to recognise"), ModelWords.awaiting_recognition),
    "overdue": (_("Flags past their deadline"), lambda: Q(pk__in=ReviewFlag.objects.overdue().values("model_id"))),
    "answered": (_("Answers to decide on"), ModelWords.awaiting_decision),
}


def queue(models, key: str):
    """The models of `models` waiting in the queue `key`."""
    return models.filter(QUEUES[key][1]())


def queue_counts(models) -> dict[str, int]:
    """How many of `models` wait in each queue, in one query."""
    return models.aggregate(**{key: Count("pk", filter=word()) for key, (_label, word) in QUEUES.items()})
