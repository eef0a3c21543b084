"""`manage.py benchmark` runs end to end (here on the test database, at its smallest size) and leaves no rows."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from models_registry.models import Agency, ModelCount, MovementModel
from tests.factories import MovementModelFactory


@pytest.mark.django_db(transaction=True)
def test_it_times_every_page_judges_the_targets_and_cleans_up():
    agencies_before = Agency.objects.count()
    out = io.StringIO()
    call_command("benchmark", sizes="1000", rounds=1, stdout=out)
    output = out.getvalue()

    for page in ("list last page", "search rare", "list sorted by name", "model detail", "model spread",
                 "model history", "review queue", "dashboard uncached", "dashboard cached", "api models list",
                 "api figures uncached", "api figures cached", "public list", "public list rendered",
                 "public model page", "public model page rendered"):
        assert re.search(rf"^{page} +\d+\.\d", output, re.MULTILINE), page
    assert re.search(r"^(PASS|FAIL)  list @ 1,000: queries: \d+ \(≤ 8\)$", output, re.MULTILINE)
    # Beside the targets, each page's cost over the site's bare layout (base.html with nothing in it).
    bare = r"^(PASS|FAIL)  dashboard cached @ 1,000: page ÷ empty: [\d.]+ \(≤ 1.2; ÷ the bare layout: [\d.]+\)$"
    assert re.search(bare, output, re.MULTILINE)
    assert re.search(r"^benchmark: \d+ passed, \d+ failed$", output.strip().splitlines()[-1])
    assert MovementModel.objects.count() == 0 and Agency.objects.count() == agencies_before
    assert not ModelCount.objects.filter(n__gt=0).exists()


@pytest.mark.django_db(transaction=True)  # as the other test of the module (tests/conftest.py says why)
def test_it_refuses_a_database_with_real_models():
    MovementModelFactory()
    with pytest.raises(CommandError, match="scratch database"):
        call_command("benchmark", sizes="1000", rounds=1, stdout=io.StringIO())
    assert MovementModel.objects.count() == 1
