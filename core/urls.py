from django.urls import path

from . import job_views

urlpatterns = [
    path("<uuid:pk>/", job_views.job_page, name="job"),
    path("<uuid:pk>/status.json", job_views.job_status, name="job_status"),
    path("<uuid:pk>/download", job_views.job_download, name="job_download"),
    path("<uuid:pk>/retry/", job_views.job_retry, name="job_retry"),
]
