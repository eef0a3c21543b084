from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("read/", views.notifications_mark_read, name="notifications_read"),
]
