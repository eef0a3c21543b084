from django.urls import path

from . import views

app_name = "compilations"

urlpatterns = [
    path("", views.compilation_list, name="list"),
    path("new/", views.compilation_create, name="create"),
    path("<int:pk>/", views.compilation_detail, name="detail"),
    path("<int:pk>/entries/", views.compilation_entries, name="entries"),
    path("<int:pk>/booklet.docx", views.compilation_booklet, name="booklet"),
    path("<int:pk>/booklet/build/", views.compilation_booklet_job, name="booklet_job"),
    path("<int:pk>/booklet.pdf", views.compilation_booklet_pdf, name="booklet_pdf"),
    path("<int:pk>/entries.xlsx", views.CompilationEntriesExportView.as_view(export_format="xlsx"),
         name="entries_xlsx"),
    path("<int:pk>/entries.csv", views.CompilationEntriesExportView.as_view(export_format="csv"), name="entries_csv"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/select-highest/", views.select_highest, name="select_highest"),
    path("<int:pk>/publish/", views.compilation_publish, name="publish"),
    path("<int:pk>/nominations/<int:nomination_pk>/", views.nomination_detail, name="nomination"),
    path("<int:pk>/nominations/<int:nomination_pk>/score/", views.nomination_score, name="score"),
    path("<int:pk>/nominations/<int:nomination_pk>/select/", views.nomination_select, name="select"),
    path("<int:pk>/nominations/<int:nomination_pk>/write-up/", views.nomination_write_up, name="write_up"),
    path("<int:pk>/nominations/<int:nomination_pk>/photo/", views.nomination_photo, name="photo"),
]
