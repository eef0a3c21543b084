from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    """The public showcase (/public/): the published compilations and the typical models, for anyone, with no login.
    A top-layer app: it reads through the other apps' QuerySets (`published_for_public()`) and writes nothing."""

    name = "showcase"
    verbose_name = _("Public showcase")
