from django.urls import path

from core.views import AttachmentDownloadView

from . import directive_views, views
from .models import MeetingAttachment, ProgressAttachment

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    path("meetings/new/", views.meeting_create, name="create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/edit/", views.meeting_update, name="update"),
    path("meetings/<int:pk>/publish/", views.meeting_publish, name="publish"),
    path("meetings/<int:pk>/amend/", views.meeting_amend, name="amend"),
    path("meetings/<int:pk>/amendments/<int:number>/", views.amendment_detail, name="amendment"),
    path("meetings/<int:pk>/export.docx", views.meeting_export, name="export"),
    path(
        "meetings/<int:pk>/attachments/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(model=MeetingAttachment),
        name="attachment",
    ),
    path("meetings/<int:pk>/directives/new/", directive_views.directive_create, name="directive_create"),
    path("directives/", directive_views.DirectiveListView.as_view(), name="directive_list"),
    path("directives/<int:pk>/", directive_views.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", directive_views.directive_update, name="directive_update"),
    path("directives/<int:pk>/parts/<int:part_pk>/report/", directive_views.assignment_report, name="report"),
    path("directives/<int:pk>/parts/<int:part_pk>/confirm/", directive_views.assignment_confirm, name="confirm"),
    path("directives/<int:pk>/parts/<int:part_pk>/reopen/", directive_views.assignment_reopen, name="reopen"),
    path(
        "directives/<int:pk>/files/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(model=ProgressAttachment),
        name="progress_attachment",
    ),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_update, name="document_update"),
]
