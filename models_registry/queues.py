"""What waits for reviewers: the review queue's tabs and the home page's counts, each one domain word."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q
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
    """How many of `models` wait in each queue, in one query: one COUNT per queue, each read through the index its
    own rule can use. (One COUNT with a FILTER per queue read every visible model instead: 70 ms at 1,000,000
    models, docs/performance.md.)"""
    connection = connections[models.db]
    parts, params = [], []
    for key, (_label, word) in QUEUES.items():
        try:
            sql, query_params = models.filter(word()).order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # models.none(): nobody to count
            sql, query_params = "SELECT 1 WHERE 1 = 0", ()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS waiting) AS {connection.ops.quote_name(key)}")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(QUEUES, cursor.fetchone(), strict=True))
