"""The named people of the tests, as healthchecks names them: alice is an official of the Kim Sơn agency, bob an
official of another agency, and one person for each other role. tests/conftest.py makes them for each test that
asks; tests/once_per_module.py makes the same people once for all the cells of a module's permission matrix."""

from accounts.roles import Role

from .factories import AgencyFactory, UserFactory


def agency():
    return AgencyFactory(name="Ban Dân vận Huyện ủy Kim Sơn", short_name="BDV Kim Sơn")


def sub_agency(agency):
    return AgencyFactory(name="Đảng ủy xã Kim Chính", parent=agency)


def other_agency():
    return AgencyFactory(name="Ban Dân vận Huyện ủy Yên Mô", short_name="BDV Yên Mô")


def alice(agency):
    """An official of the Kim Sơn agency."""
    return UserFactory(username="alice", agency=agency, roles=[Role.OFFICIAL])


def bob(other_agency):
    """An official of another agency."""
    return UserFactory(username="bob", agency=other_agency, roles=[Role.OFFICIAL])


def reviewer():
    return UserFactory(username="rita", roles=[Role.REVIEWER])


def secretary():
    return UserFactory(username="sam", roles=[Role.SECRETARY])


def leader():
    return UserFactory(username="lee", roles=[Role.LEADER])


def administrator():
    return UserFactory(username="ada", agency=None, roles=[Role.ADMINISTRATOR], is_staff=True)


def superuser():
    """A superuser with no role: for the shell only, it passes no rule of the product (accounts/backends.py)."""
    return UserFactory(username="root", agency=None, is_staff=True, is_superuser=True)


def superuser_administrator():
    """The administrator role held by a superuser: the administrator's rights, no more."""
    return UserFactory(username="root-ada", agency=None, roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)


def nobody():
    """Signed in, but holds no role."""
    return UserFactory(username="nemo")
