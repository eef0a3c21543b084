"""Factories for the compilations' rows; the registry's people and models come from tests/factories.py."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from compilations.models import Compilation, Nomination, Score
from demo.photos import solid_png
from tests.factories import MovementModelFactory, UserFactory


class CompilationFactory(DjangoModelFactory):
    class Meta:
        model = Compilation

    title = "100 mô hình, điển hình tiêu biểu giai đoạn 2021–2025"
    first_year = 2021
    last_year = 2025
    capacity = 3
    created_by = factory.SubFactory(UserFactory)


class ListedModelFactory(MovementModelFactory):
    """A model in the list, recognised in 2023."""

    recognised = True


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    compilation = factory.SubFactory(CompilationFactory)
    model = factory.SubFactory(ListedModelFactory)
    nominated_by = factory.SelfAttribute("compilation.created_by")
    reason = "Cách làm hay, hiệu quả rõ."

    class Params:
        written_up = factory.Trait(
            selected=True,
            write_up="Mô hình vận động nhân dân hiến đất làm đường, được nhân rộng ra 5 xã.",
            photo=factory.LazyFunction(lambda: photo_upload()),
            photo_name="anh.png",
            photo_content_type="image/png",
        )


class ScoreFactory(DjangoModelFactory):
    class Meta:
        model = Score

    nomination = factory.SubFactory(NominationFactory)
    reviewer = factory.SubFactory(UserFactory)
    concrete_address = 8
    way_of_working = 8
    measurable_results = 8
    replicated = 8


def photo_upload(name="anh.png", content=None):
    return SimpleUploadedFile(name, solid_png(16, 16) if content is None else content, content_type="image/png")
