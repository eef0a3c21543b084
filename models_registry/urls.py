from django.urls import path

from . import views

app_name = "models_registry"

urlpatterns = [
    path("", views.ModelListView.as_view(), name="list"),
    path("new/", views.model_create, name="create"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/edit/", views.model_update, name="update"),
    path("<int:pk>/submit/", views.model_submit, name="submit"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
