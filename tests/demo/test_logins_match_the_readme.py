"""The demo logins `load_demo` prints are the README's: the same usernames, with the roles the README gives them,
the accounts exist with those roles, and the password the README names opens each of them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.roles import Role

README = Path(settings.BASE_DIR) / "README.md"
ROLES = {role.value: role for role in Role}


def readme_logins() -> dict[str, str]:
    """username -> role (its first word) from the README's demo-accounts table."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| username | role | what to try |"):].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines()[2:] if line.startswith("|")]
    logins = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        logins[cells[0].strip("`")] = cells[1].split()[0]
    return logins


def readme_password() -> str:
    text = README.read_text(encoding="utf-8")
    return re.search(r"all share the password\s+`([^`]+)`", text).group(1)


def printed_logins(output: str) -> dict[str, tuple[str, str]]:
    """username -> (role, password) from the "Demo logins:" table of load_demo's output."""
    lines = output.split("Demo logins:", 1)[1].strip().splitlines()
    logins = {}
    for line in lines[1:]:
        if not line.startswith("  "):
            break
        cells = re.split(r"\s{2,}", line.strip())
        logins[cells[0]] = (cells[1], cells[-1])
    return logins


def test_the_printed_logins_are_the_readmes(demo_output):
    printed = printed_logins(demo_output)
    readme = readme_logins()
    assert set(printed) == set(readme)
    assert {username: role for username, (role, _password) in printed.items()} == readme
    assert {password for _role, password in printed.values()} == {readme_password()}


@pytest.mark.django_db
def test_every_readme_login_opens_with_the_readme_password_and_has_its_role(demo_output):
    users = {user.username: user for user in get_user_model().objects.filter(username__in=readme_logins())}
    assert set(users) == set(readme_logins())
    for username, role in readme_logins().items():
        user = users[username]
        assert user.check_password(readme_password()), username
        assert user.is_active, username
        assert user.has_role(ROLES[role]), username
