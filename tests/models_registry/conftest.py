import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def reviewer_of_owning_agency(agency):
    """A reviewer who works in alice's agency: separation of duties keeps them from deciding on its models."""
    return UserFactory(username="roy", agency=agency, roles=[Role.REVIEWER])
