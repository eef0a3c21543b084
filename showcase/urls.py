"""Included twice by config/urls.py: at /public/ (namespace "showcase", Vietnamese) and at /public/en/ ("showcase_en",
English). `{% url "showcase:..." %}` on a page of either follows the page's own language (Django's current app)."""

from django.urls import path

from . import views

app_name = "showcase"

urlpatterns = [
    path("", views.index, name="index"),
    path("compilations/<int:pk>/", views.compilation_detail, name="compilation"),
    path("models/", views.model_list, name="models"),
    path("models.csv", views.model_list_csv, name="models_csv"),
    path("models.json", views.model_list_json, name="models_json"),
    path("models/<str:code>/", views.model_detail, name="model"),
    path("photos/<int:pk>/", views.entry_photo, name="photo"),
]
