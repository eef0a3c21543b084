from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.docx", views.export_docx, name="export_docx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("report/<str:fmt>/", views.start_report, name="start_report"),
]
