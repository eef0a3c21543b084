from django.contrib.auth import views as auth_views
from django.urls import path

from . import security_views as views

app_name = "security"

urlpatterns = [
    path("security/", views.overview, name="overview"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
