from django.urls import path

from core.views import AttachmentDownloadView

from . import review_views, views
from .models import ModelAttachment

app_name = "models_registry"

urlpatterns = [
    path("models/", views.ModelListView.as_view(), name="list"),
    path("models/new/", views.model_create, name="create"),
    path("models/<int:pk>/", views.model_detail, name="detail"),
    path("models/<int:pk>/edit/", views.model_update, name="update"),
    path("models/<int:pk>/submit/", views.model_submit, name="submit"),
    path(
        "models/<int:pk>/attachments/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(model=ModelAttachment),
        name="attachment",
    ),
    # The review workflow: one page per step.
    path("models/<int:pk>/recognise/", review_views.model_recognise, name="recognise"),
    path("models/<int:pk>/return/", review_views.model_return, name="return"),
    path("models/<int:pk>/flag/", review_views.model_flag, name="flag"),
    path("models/<int:pk>/answer/", review_views.model_answer, name="answer"),
    path("models/<int:pk>/decide/", review_views.model_decide, name="decide"),
    path("models/<int:pk>/restore/", review_views.model_restore, name="restore"),
    path("reviews/", review_views.review_queue, name="review_queue"),
    path("reviews/bulk/", review_views.bulk_action, name="bulk_action"),
    path("reviews/candidates/", review_views.review_candidates, name="candidates"),
    path("reviews/rounds/", review_views.round_list, name="round_list"),
    path("reviews/rounds/new/", review_views.round_create, name="round_create"),
    path("reviews/rounds/<int:pk>/", review_views.round_detail, name="round_detail"),
    path("reviews/rounds/<int:pk>/confirm/", review_views.round_confirm, name="round_confirm"),
    path("reviews/rounds/<int:pk>/close/", review_views.round_close, name="round_close"),
]
