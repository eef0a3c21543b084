from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and directives")

    def ready(self):
        from core import choices

        from .models import Meeting

        # The directive list's meeting drop-down is cached until a meeting changes (core/choices.py).
        choices.watch(Meeting)
