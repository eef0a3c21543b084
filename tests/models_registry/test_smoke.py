from models_registry.choices import ModelStatus
from tests.factories import MovementModelFactory


def test_official_sees_list_and_own_draft(client, alice):
    draft = MovementModelFactory(owner_agency=alice.agency, name="Dân vận khéo trong xây dựng nông thôn mới")
    client.force_login(alice)
    response = client.get("/models/?status=all&q=dan van kheo")
    assert response.status_code == 200
    assert draft.name in response.content.decode()
    assert draft.status == ModelStatus.DRAFT
