"""The data most compilation tests talk about: an open compilation of capacity 3 created by the reviewer,
a second reviewer of another agency, and models in the list."""

import pytest
from django.utils import translation

from accounts.roles import Role
from tests.factories import UserFactory

from .factories import CompilationFactory, ListedModelFactory, NominationFactory


@pytest.fixture(autouse=True)
def _english_interface(settings):
    """These tests read the English source messages, so pages and services speak English here."""
    settings.LANGUAGE_CODE = "en"
    settings.COMPILATION_MIN_SCORES = 2
    with translation.override("en"):
        yield


@pytest.fixture
def reviewer2(db):
    """A second reviewer, of an agency of their own."""
    return UserFactory(username="rex", roles=[Role.REVIEWER])


@pytest.fixture
def compilation(reviewer):
    return CompilationFactory(created_by=reviewer, capacity=3)


@pytest.fixture
def listed_model(db):
    return ListedModelFactory()


@pytest.fixture
def nomination(compilation):
    return NominationFactory(compilation=compilation)
