"""Two middlewares that guard a signed-in session: its lifetime, and the second factor some roles must give.

Sessions end after SESSION_IDLE_MINUTES without a request and, however active, SESSION_MAX_HOURS after the
sign-in (ASVS 5.0 V7.3). Django's own expiry (SESSION_COOKIE_AGE, the idle time) is renewed by a save of the
session, which here happens at most once a minute rather than on every request; the limits themselves are checked
on every request, against times kept in the session.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core import audit

from .second_factor import has_authenticator, needs_second_factor

STARTED = "_auth_started_at"
SEEN = "_auth_seen_at"
# How often the "last seen" time (and with it the session's expiry) is written: not on every request.
_SEEN_RESOLUTION = 60


def remember_sign_in(sender, request, user, **kwargs):
    if hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = request.session[SEEN] = now


user_logged_in.connect(remember_sign_in, dispatch_uid="accounts.security.remember_sign_in")


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request)
            if expired:
                audit.record(user, audit.SESSION_EXPIRED, request=request, limit=expired)
                logout(request)
                messages.info(request, _("Your session has ended; please sign in again."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> str:
        session, now = request.session, int(time.time())
        started, seen = session.setdefault(STARTED, now), session.get(SEEN, now)
        if now - started > settings.SESSION_MAX_HOURS * 3600:
            return "absolute"
        if now - seen > settings.SESSION_IDLE_MINUTES * 60:
            return "idle"
        if now - seen >= _SEEN_RESOLUTION or SEEN not in session:
            session[SEEN] = now  # a save: Django's expiry moves SESSION_COOKIE_AGE ahead
        return ""


# The pages a person who still owes the second factor may open.
_OPEN_BEFORE_SECOND_FACTOR = {
    "security:otp_setup",
    "security:otp_verify",
    "logout",
    "login",
    "set_language",
    "healthz",
}


class SecondFactorMiddleware:
    """Reviewers and administrators (and any superuser) reach only the second factor's pages and sign-out until they
    have entered a code in this session; those without an authenticator are sent to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not needs_second_factor(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _OPEN_BEFORE_SECOND_FACTOR:
            return None
        target = "security:otp_verify" if has_authenticator(user) else "security:otp_setup"
        next_url = request.get_full_path() if request.method == "GET" else reverse("home")
        return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
