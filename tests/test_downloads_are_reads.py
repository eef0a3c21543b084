"""The downloads (PDF, Word, Excel, CSV, the import template) are reads: asked with GET or HEAD. Any other method
is refused with 405 before the view builds anything, so a forged or mistaken POST draws no document and leaves no
"export" entry in the audit log."""

import pytest
from django.urls import reverse

from core.audit import AuditEntry
from tests.compilations.factories import CompilationFactory
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("dashboard:export_xlsx", None),
    ("dashboard:export_docx", None),
    ("dashboard:export_pdf", None),
    ("meetings:export", "meeting"),
    ("meetings:export_pdf", "meeting"),
    ("compilations:booklet", "compilation"),
    ("compilations:booklet_pdf", "compilation"),
    ("models_registry:import_template", None),
]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize(("name", "record"), DOWNLOADS)
def test_a_download_asked_with_another_method_is_refused_and_draws_nothing(client, leader, method, name, record):
    args = [{"meeting": MeetingFactory, "compilation": CompilationFactory}[record]().pk] if record else []
    client.force_login(leader)
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_same_download_read_with_get_is_drawn(client, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_xlsx"))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="export").count() == 1
