"""Every named URL pattern of the project has a row in some app's permission matrix (tests/permissions.py), so a
new page cannot ship without saying who may open it. The Django admin's own pages are left out, as in
tests/url_coverage.py."""

from tests.accounts import test_permissions as accounts
from tests.api import test_permissions as api
from tests.compilations import test_permissions as compilations
from tests.core import test_jobs as jobs
from tests.dashboard import test_access as dashboard
from tests.meetings import test_permissions as meetings
from tests.models_registry import test_permissions as registry
from tests.models_registry import test_workflow_permissions as workflow
from tests.showcase import test_permissions as showcase
from tests.url_coverage import url_pattern_names

MODULES = (accounts, api, compilations, dashboard, meetings, registry, workflow, jobs, showcase)


def rows_views() -> set[str]:
    return {row.view for module in MODULES for row in module.MATRIX}


def test_every_url_pattern_has_a_row():
    missing = sorted(url_pattern_names() - rows_views())
    assert not missing, f"URL patterns in no permission matrix: {', '.join(missing)}"


def test_every_row_names_a_url_pattern():
    # A row for a renamed or removed pattern would count for nothing; the admin's are not in the names.
    unknown = sorted(view for view in rows_views() - url_pattern_names() if not view.startswith("admin:"))
    assert not unknown, f"rows naming no URL pattern: {', '.join(unknown)}"
