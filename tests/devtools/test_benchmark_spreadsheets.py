"""`manage.py benchmark_spreadsheets` runs end to end (here on the test database, at tiny sizes) and leaves no
rows. Transactional: the command commits, as it does on its scratch database."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from models_registry.models import Agency, ModelImport, MovementModel
from tests.factories import MovementModelFactory


@pytest.mark.django_db(transaction=True)
def test_it_times_the_import_and_the_exports_and_cleans_up():
    agencies_before = Agency.objects.count()
    out = io.StringIO()
    call_command("benchmark_spreadsheets", import_rows=20, export_sizes="100,200", stdout=out)
    output = out.getvalue()

    assert re.search(r"^check \(read \+ validate_stored\): \d+\.\d s — 20 to create, 0 errors", output, re.MULTILINE)
    assert re.search(r"^confirm \(checked again, then saved\): \d+\.\d s — 20 models created", output, re.MULTILINE)
    assert re.search(r"^PASS  import of 20 rows: check \+ save: .* \(< 30 s\)$", output, re.MULTILINE)
    for way in ("request", "job"):
        for file_format in ("csv", "xlsx"):
            assert re.search(rf"^{way} {file_format} +\d+ +\d+\.\d +\d+\.\d +[\d,]+$", output, re.MULTILINE)
            assert re.search(rf"^(PASS|FAIL)  export {way} {file_format}: peak memory 200 ÷ 100: ", output,
                             re.MULTILINE)
    assert "FAIL  export job csv @ 100: every row" not in output
    assert re.search(r"^benchmark_spreadsheets: \d+ passed, \d+ failed$", output.strip().splitlines()[-1])
    assert MovementModel.objects.count() == 0
    assert MovementModel.history.count() == 0
    assert ModelImport.objects.count() == 0
    assert Agency.objects.count() == agencies_before
    assert not User.objects.filter(username__startswith="benchmark-", is_active=True).exists()


@pytest.mark.django_db(transaction=True)  # as the other test of the module (tests/conftest.py says why)
def test_it_refuses_a_database_with_real_models():
    MovementModelFactory()
    with pytest.raises(CommandError, match="scratch database"):
        call_command("benchmark_spreadsheets", import_rows=20, export_sizes="100", stdout=io.StringIO())
    assert MovementModel.objects.count() == 1
