"""The person's own security: password, authenticator app, recovery codes. Thin views over second_factor.py."""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login

from core import audit

from . import second_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


@require_safe
def overview(request):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "has_authenticator": second_factor.has_authenticator(user),
            "needs_second_factor": second_factor.needs_second_factor(user),
            "recovery_codes_left": second_factor.recovery_codes_left(user),
            "settings_idle": settings.SESSION_IDLE_MINUTES,
            "settings_max": settings.SESSION_MAX_HOURS,
        },
    )


def otp_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), then type a code it shows."""
    user = request.user
    if second_factor.has_authenticator(user) and not request.user.is_verified():
        # Replacing an authenticator needs the current one (or a recovery code) first.
        return redirect(f"{reverse('security:otp_verify')}?next={reverse('security:otp_setup')}")
    device = second_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = second_factor.confirm_authenticator(user, form.cleaned_data["code"], request=request)
        if confirmed:
            device, codes = confirmed
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("That code is not right. Check the time on your phone and try again."))
    key = device.config_url.split("secret=")[1].split("&")[0]
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code for the authenticator app"))
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": mark_safe(qr), "key": key, "next": _next(request)},  # noqa: S308 - segno's own SVG
    )


def otp_verify(request):
    """Type a code from the authenticator app, or a recovery code, to finish signing in."""
    user = request.user
    if not second_factor.has_authenticator(user):
        return redirect(f"{reverse('security:otp_setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["code"], request=request)
        if device is not None:
            otp_login(request, device)
            if device.name == second_factor.RECOVERY:
                messages.warning(
                    request,
                    _("You used a recovery code; %(count)s are left. Make new ones on your security page.")
                    % {"count": second_factor.recovery_codes_left(user)},
                )
            return redirect(_next(request))
        form.add_error("code", _("That code is not right, or was already used."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@require_POST
def recovery_codes(request):
    """New recovery codes, shown once; the old ones stop working. Needs the second factor given in this session."""
    if not request.user.is_verified():
        return redirect(f"{reverse('security:otp_verify')}?next={reverse('security:overview')}")
    codes = second_factor.new_recovery_codes(request.user)
    audit.record(request.user, audit.SECOND_FACTOR_ENROLLED, request=request, recovery_codes="renewed")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("security:overview")})


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("security:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, audit.PASSWORD_CHANGED, request=self.request)
        return response
