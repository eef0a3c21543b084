from django.conf import settings
from django.urls import reverse


def public_showcase(request):
    """The address of the public showcase, for the login and home pages' link; nothing when it is switched off."""
    if not settings.PUBLIC_SHOWCASE_ENABLED:
        return {}
    return {"public_showcase_url": reverse("showcase:index")}
