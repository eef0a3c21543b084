from django.urls import path

from core.views import AttachmentDownloadView

from .models import MeetingAttachment, ProgressAttachment
from .views import directives, documents, meetings

app_name = "meetings"

urlpatterns = [
    path("meetings/", meetings.MeetingListView.as_view(), name="list"),
    path("meetings/new/", meetings.meeting_create, name="create"),
    path("meetings/export.xlsx", meetings.MeetingListView.as_view(export_format="xlsx"), name="export_xlsx"),
    path("meetings/export.csv", meetings.MeetingListView.as_view(export_format="csv"), name="export_csv"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_update, name="update"),
    path("meetings/<int:pk>/publish/", meetings.meeting_publish, name="publish"),
    path("meetings/<int:pk>/amend/", meetings.meeting_amend, name="amend"),
    path("meetings/<int:pk>/amendments/<int:number>/", meetings.amendment_detail, name="amendment"),
    path("meetings/<int:pk>/export.docx", meetings.meeting_export, name="export"),
    path("meetings/<int:pk>/export.pdf", meetings.meeting_export_pdf, name="export_pdf"),
    path(
        "meetings/<int:pk>/attachments/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(model=MeetingAttachment),
        name="attachment",
    ),
    path("meetings/<int:pk>/directives/new/", directives.directive_create, name="directive_create"),
    path("directives/", directives.DirectiveListView.as_view(), name="directive_list"),
    path("directives/export.xlsx", directives.DirectiveListView.as_view(export_format="xlsx"), name="directive_xlsx"),
    path("directives/export.csv", directives.DirectiveListView.as_view(export_format="csv"), name="directive_csv"),
    path("directives/<int:pk>/", directives.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", directives.directive_update, name="directive_update"),
    path("directives/<int:pk>/parts/<int:part_pk>/report/", directives.assignment_report, name="report"),
    path("directives/<int:pk>/parts/<int:part_pk>/confirm/", directives.assignment_confirm, name="confirm"),
    path("directives/<int:pk>/parts/<int:part_pk>/reopen/", directives.assignment_reopen, name="reopen"),
    path(
        "directives/<int:pk>/files/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(model=ProgressAttachment),
        name="progress_attachment",
    ),
    path("documents/", documents.DocumentListView.as_view(), name="document_list"),
    path("documents/new/", documents.document_create, name="document_create"),
    path("documents/export.xlsx", documents.DocumentListView.as_view(export_format="xlsx"), name="document_xlsx"),
    path("documents/export.csv", documents.DocumentListView.as_view(export_format="csv"), name="document_csv"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", documents.document_update, name="document_update"),
]
