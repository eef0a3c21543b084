"""The compilation's scoring pages show each nomination's replication figures beside "Replicated elsewhere"."""

import pytest
from django.urls import reverse

from tests.factories import ReplicationFactory

from .factories import ListedModelFactory, NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replicated(compilation):
    """A nomination replicated by two models directly and one onward; another replicated by none."""
    nomination = NominationFactory(compilation=compilation)
    first = ReplicationFactory(source=nomination.model).replica
    ReplicationFactory(source=nomination.model)
    ReplicationFactory(source=first)
    return nomination


def test_the_score_form_shows_the_replication_figures_beside_the_criterion(client, reviewer, replicated):
    client.force_login(reviewer)
    response = client.get(reverse("compilations:score", args=[replicated.compilation_id, replicated.pk]))
    page = response.content.decode()
    assert "Replication (for “Replicated elsewhere”)" in page
    assert "replicated by 3 models in the list (2 directly)" in page
    # Beside the criterion: right after its field.
    assert page.index('name="replicated"') < page.index("replication-figures") < page.index('name="comment"')


def test_the_nomination_page_and_the_compilation_show_them_too(client, reviewer, replicated, compilation):
    plain = NominationFactory(compilation=compilation, model=ListedModelFactory())
    client.force_login(reviewer)
    page = client.get(replicated.get_absolute_url()).content.decode()
    assert "replicated by 3 models in the list (2 directly)" in page
    assert "no model in the list replicates it yet." in client.get(plain.get_absolute_url()).content.decode()

    rows = {row.pk: row.spread for row in client.get(compilation.get_absolute_url()).context["rows"]}
    assert rows == {replicated.pk: 3, plain.pk: 0}
