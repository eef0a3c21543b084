"""core.models.ChoiceLabels: get_FOO_display() gives the label of the value in the language of the moment, as
Django's does, from a table made once per field."""

from django.utils import translation

from models_registry.choices import ModelStatus
from models_registry.models import MovementModel

VIETNAMESE_FLAGGED = "Bị đề nghị xem xét do có thể không hiệu quả"
VIETNAMESE_RECOGNISED = "Đã công nhận"


def test_the_label_in_the_language_of_the_moment():
    model = MovementModel(status=ModelStatus.FLAGGED)
    with translation.override("en"):
        assert model.get_status_display() == "Flagged as possibly ineffective"
    with translation.override("vi"):
        assert model.get_status_display() == VIETNAMESE_FLAGGED
    with translation.override("en"):
        assert model.get_status_display() == "Flagged as possibly ineffective"


def test_each_value_its_own_label_and_an_unknown_value_as_it_is():
    with translation.override("en"):
        assert [MovementModel(status=status).get_status_display() for status in ModelStatus.values] == [
            str(label) for label in ModelStatus.labels
        ]
        assert MovementModel(status="archived").get_status_display() == "archived"


def test_the_model_list_shows_each_status_label(client, db, leader):
    from tests.factories import MovementModelFactory

    MovementModelFactory(recognised=True)
    MovementModelFactory(flagged=True)
    client.force_login(leader)
    content = client.get("/models/", {"status": "all"}).content.decode()  # in Vietnamese, the default
    assert VIETNAMESE_FLAGGED in content and VIETNAMESE_RECOGNISED in content
