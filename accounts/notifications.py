"""Tell people what happened to their records: a notification in the app and an e-mail.

Both are written in the transaction that made the change, so nobody is told about a change that was rolled
back; the e-mail goes through core.mail's outbox, sent by a job once that commits and retried while the mail
server is down.
"""


from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.mail import queue_mail

from .models import Notification


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
        # Mail goes out in Vietnamese, the province's working language.
        with translation.override("vi"):
            text = gettext(message) % params
            subject = gettext("Skilled Mass Mobilization: %(text)s") % {"text": text[:120]}
        queue_mail(subject, f"{text}\n\n{settings.SITE_URL}{url}", addresses)
