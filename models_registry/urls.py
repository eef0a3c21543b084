from django.urls import path

from core.views import AttachmentDownloadView

from .models import ModelAttachment
from .views import imports, rounds, workflow
from .views import registry as views

app_name = "models_registry"

urlpatterns = [
    path("models/", views.ModelListView.as_view(), name="list"),
    path("models/new/", views.model_create, name="create"),
    # Spreadsheets in (an import with its preview) and out (the list as filtered).
    path("models/export.xlsx", views.ModelListView.as_view(export_format="xlsx"), name="export_xlsx"),
    path("models/export.csv", views.ModelListView.as_view(export_format="csv"), name="export_csv"),
    path("models/import/", imports.import_upload, name="import"),
    path("models/import/template.xlsx", imports.import_template, name="import_template"),
    path("models/imports/", imports.import_list, name="import_list"),
    path("models/imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("models/imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("models/imports/<int:pk>/check/", imports.import_check_again, name="import_check_again"),
    # The model's page, in three tabs: what it is (the default), where it has spread, its history.
    path("models/<int:pk>/", views.model_detail, name="detail"),
    path("models/<int:pk>/spread/", views.model_spread_page, name="spread"),
    path("models/<int:pk>/history/", views.model_history, name="history"),
    path("models/<int:pk>/edit/", views.model_update, name="update"),
    path("models/<int:pk>/submit/", views.model_submit, name="submit"),
    path("models/<int:pk>/replications/", views.replication_add, name="replication_add"),
    path("models/<int:pk>/replications/<int:link_pk>/", views.replication_change, name="replication_change"),
    path("models/<int:pk>/replications/<int:link_pk>/remove/", views.replication_remove, name="replication_remove"),
    path(
        "models/<int:pk>/attachments/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(model=ModelAttachment),
        name="attachment",
    ),
    # The review workflow: one page per step.
    path("models/<int:pk>/recognise/", workflow.model_recognise, name="recognise"),
    path("models/<int:pk>/return/", workflow.model_return, name="return"),
    path("models/<int:pk>/flag/", workflow.model_flag, name="flag"),
    path("models/<int:pk>/answer/", workflow.model_answer, name="answer"),
    path("models/<int:pk>/decide/", workflow.model_decide, name="decide"),
    path("models/<int:pk>/restore/", workflow.model_restore, name="restore"),
    path("reviews/", workflow.review_queue, name="review_queue"),
    path("reviews/bulk/", workflow.bulk_action, name="bulk_action"),
    path("reviews/export.xlsx", workflow.ReviewQueueExportView.as_view(export_format="xlsx"), name="review_queue_xlsx"),
    path("reviews/export.csv", workflow.ReviewQueueExportView.as_view(export_format="csv"), name="review_queue_csv"),
    path("reviews/candidates/", rounds.review_candidates, name="candidates"),
    path("reviews/rounds/", rounds.round_list, name="round_list"),
    path("reviews/rounds/new/", rounds.round_create, name="round_create"),
    path("reviews/rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("reviews/rounds/<int:pk>/confirm/", rounds.round_confirm, name="round_confirm"),
    path("reviews/rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
]
