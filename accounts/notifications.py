"""Tell people what happened to their records: a notification in the app and an e-mail.

Both are sent only once the transaction that made the change commits, so nobody is told about a
change that was rolled back.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import Notification

logger = logging.getLogger(__name__)


def notify(recipients, message: str, params: dict, url: str = "", at=None) -> None:
    """Queue `message` (an untranslated msgid marked with gettext_noop) for each distinct recipient, dated `at`
    (now by default)."""
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if not people:
        return
    Notification.objects.bulk_create(
        Notification(recipient=person, message=message, params=params, url=url, created_at=at or timezone.now())
        for person in people.values()
    )
    addresses = [person.email for person in people.values() if person.email]
    if addresses:
        transaction.on_commit(lambda: _send_mail(addresses, message, params, url))


def _send_mail(addresses, message, params, url):
    # Mail goes out in Vietnamese, the province's working language.
    with translation.override("vi"):
        text = gettext(message) % params
        subject = gettext("Skilled Mass Mobilization: %(text)s") % {"text": text[:120]}
    try:
        send_mail(subject, f"{text}\n\n{settings.SITE_URL}{url}", None, addresses)
    except OSError:
        # A mail server outage must not undo or hide the change; the in-app notification remains.
        logger.exception("Could not send the notification e-mail to %s", addresses)
