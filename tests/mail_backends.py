"""Mail backends for tests: a mail server that is down, and one that comes back."""

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """The SMTP server is down: every send fails as a refused connection does."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no SMTP server")


def use_refusing(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail_backends.RefusingBackend"}}


def use_working(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    if not hasattr(mail, "outbox"):
        mail.outbox = []
