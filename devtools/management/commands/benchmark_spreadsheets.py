"""Time the spreadsheets in and out, through the code the pages run (issue 12, "Speed").

    python manage.py benchmark_spreadsheets [--import-rows 10000] [--export-sizes 10000,100000]

Import: an official of a synthetic agency fills the import template (build_template(): the very headers and
lists /models/import/template.xlsx gives) with `--import-rows` valid rows (units, fields and levels from the
reference data), and the file goes the way an upload does: stored as a ModelImport, checked by run_check() (what
the background check of a large file runs: read_table() and validate_stored()), then confirm_import() (which checks
the rows again against the registry as it is now, and saves them through the services in one transaction). The
check and the confirmation are timed apart; the target is under 30 s for both together at 10,000 rows.

Export: for each size the `benchmark` command's synthetic registry is built (set-based, the same builder), and the
models list is exported as a reviewer with every status (`?status=all`) in CSV and XLSX, two ways:

  request  ModelListView.as_view(export_format=…), its row limit lifted: the streamed CSV, the XLSX written row
           by row into a temporary file; the whole response is consumed;
  job      the background export (core.exports.list_export, over EXPORT_IN_REQUEST_MAX_ROWS rows): the same view
           and columns, the file written row by row by spreadsheet_file().

Each is timed once plainly and once under tracemalloc for its peak of Python allocations (the target: the peak at
the largest size no more than 1.5× that at the smallest). The last line is `benchmark_spreadsheets: N passed, M
failed`. The database must hold no models (a scratch database); every row made is deleted at the end.
"""

import gc
import tempfile
import time
import tracemalloc
from functools import partial
from types import SimpleNamespace

import django
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import RequestFactory
from django.test.utils import override_settings
from django.utils import timezone

from accounts.roles import Role, sync_role_groups
from core.exports import KIND as LIST_EXPORT
from core.exports import list_export
from models_registry.choices import AgencyKind, ModelKind, ModelLevel, UnitLevel
from models_registry.filtersets import ALL_STATUSES
from models_registry.imports.checking import run_check
from models_registry.imports.columns import COLUMNS
from models_registry.imports.saving import checksum, confirm_import
from models_registry.imports.template import build_template
from models_registry.imports.validation import unit_label
from models_registry.models import AdministrativeUnit, Agency, Field, ModelImport, MovementModel
from models_registry.models.registry import FIRST_YEAR
from models_registry.reference_data import load_all
from models_registry.views.registry import ModelListView

from . import benchmark

IMPORT_TARGET_SECONDS = 30
MEMORY_RATIO_TARGET = 1.5
FORMATS = ("csv", "xlsx")
WAYS = ("request", "job")
SUFFIX = "(benchmark)"  # benchmark.clean() deletes the agencies so named


def _sizes(text: str) -> list[int]:
    return [int(size.replace("_", "")) for size in text.split(",") if size.strip()]


class Command(BaseCommand):
    help = "Time a 10,000-row import (check, then save) and the models list's export at two sizes (issue 12)."

    def add_arguments(self, parser):
        parser.add_argument("--import-rows", type=int, default=10_000, help="rows of the imported workbook (10000)")
        parser.add_argument("--export-sizes", default="10000,100000",
                            help="comma-separated numbers of models to export (10000,100000)")

    def handle(self, *args, import_rows, export_sizes, **options):
        sizes = _sizes(export_sizes)
        if import_rows < 1 or not sizes or min(sizes) < 1:
            raise CommandError("Give a number of rows to import and at least one export size.")
        self.registry = benchmark.Command(stdout=self.stdout._out, stderr=self.stderr._out)
        if Agency.objects.filter(name__endswith=SUFFIX).exists():
            self.clean()  # what an interrupted run left
        if MovementModel.objects.exists():
            raise CommandError(
                "This database holds models. The benchmark commits synthetic ones (and deletes them afterwards): "
                "run it on a scratch database (DATABASE_URL=.../dvk_benchmark, migrated)."
            )
        self.registry.describe_machine()
        self.outcome = {"passed": 0, "failed": 0}
        # The request and the export run in this process, as plain HTTP behind the proxy would.
        with override_settings(SECURE_SSL_REDIRECT=False):
            imported = self.run_import(import_rows)
            exported = {size: self.run_export(size) for size in sizes}
        self.judge(imported, exported, sizes)

    # -- import --------------------------------------------------------------------------------------------------

    def run_import(self, count) -> dict:
        self.stdout.write(f"\n== import of {count:,} rows (an official, the template's columns)")
        try:
            official, agencies = self.import_setup()
            with tempfile.TemporaryFile() as handle:
                started = time.perf_counter()
                self.fill_template(handle, official, agencies, count)
                size = handle.tell()
                handle.seek(0)
                self.stdout.write(f"workbook written: {size / 1024:,.0f} KiB in {time.perf_counter() - started:.1f} s")
                model_import = ModelImport(user=official, created_at=timezone.now(),
                                           original_name=f"benchmark-{count}.xlsx", checksum=checksum(handle))
                model_import.file.save(f"benchmark-{count}.xlsx", File(handle), save=False)
            # As an upload too large to check in the request: "being checked", then the background check's work.
            model_import.status = ModelImport.Status.CHECKING
            model_import.save()
            started = time.perf_counter()
            run_check(model_import.pk)
            checked = time.perf_counter() - started
            model_import.refresh_from_db()
            previewed = (model_import.status, model_import.created_count, model_import.error_count)
            self.stdout.write(f"check (read + validate_stored): {checked:.1f} s — {model_import.created_count:,} "
                              f"to create, {model_import.error_count:,} errors, {model_import.warning_count:,} "
                              "warnings")
            started = time.perf_counter()
            confirm_import(model_import, user=official)
            saved = time.perf_counter() - started
            created = MovementModel.objects.filter(owner_agency__in=agencies).count()
            self.stdout.write(f"confirm (checked again, then saved): {saved:.1f} s — {created:,} models created")
            return {"rows": count, "check": checked, "save": saved, "created": created, "previewed": previewed}
        finally:
            self.clean()

    def import_setup(self):
        with transaction.atomic():
            if not Field.objects.exists() or not AdministrativeUnit.objects.exists():
                load_all(django.apps.apps)
            sync_role_groups()
            root = Agency.objects.create(name=f"Huyện ủy Bình Lục {SUFFIX}", short_name="HU Bình Lục",
                                         kind=AgencyKind.PARTY)
            communes = Agency.objects.bulk_create(
                Agency(name=f"Đảng ủy xã Bình Lục {n:02d} {SUFFIX}", kind=AgencyKind.COMMUNE, parent=root)
                for n in range(1, 11)
            )
            official = self.registry.user("official", [Role.OFFICIAL], agency=root)
        return official, [root, *communes]

    def fill_template(self, handle, official, agencies, count) -> None:
        """The template as the official downloads it, its models sheet filled with `count` valid rows."""
        workbook = build_template(official)
        sheet = workbook.worksheets[0]
        units = [unit_label(unit) for unit in AdministrativeUnit.objects.filter(
            level=UnitLevel.COMMUNE, valid_to__isnull=True).order_by("pk")[:500]]
        fields = list(Field.objects.filter(is_active=True).order_by("pk").values_list("name", flat=True))
        level, kind = str(ModelLevel.COMMUNE.label), str(ModelKind.MODEL.label)
        years = timezone.localdate().year - FIRST_YEAR + 1
        P, T, L = benchmark.PREFIXES, benchmark.TOPICS, benchmark.PLACES
        for i in range(count):
            values = {
                "name": f"{P[i % len(P)]} {T[(i // len(P)) % len(T)]} {L[(i // 7) % len(L)]} (số {i + 1})",
                "kind": kind,
                "owner_agency": agencies[i % len(agencies)].name,
                "registered_unit": units[(i * 7) % len(units)],
                "field": fields[(i // 3) % len(fields)],
                "level": level,
                "year_started": FIRST_YEAR + i % years,
                "description": "Vận động nhân dân cùng làm, cùng hưởng; cán bộ, đảng viên đi trước làm gương.",
                "approach": "Họp thôn, tổ tự quản, phân công hộ phụ trách.",
                "results": f"{i % 40 + 1} hộ tham gia; {i % 9 + 1} km đường bê tông.",
            }
            sheet.append([values.get(column.key, None) for column in COLUMNS])
        workbook.save(handle)

    def clean(self):
        """The imported models (and their events and history), the imports and their files, then the synthetic
        registry's own rows (benchmark.clean(): models, agencies, accounts)."""
        agencies = Agency.objects.filter(name__endswith=SUFFIX)
        imported = MovementModel.objects.filter(owner_agency__in=agencies).exclude(code__startswith=benchmark.MARK)
        with transaction.atomic():
            for model_import in ModelImport.objects.filter(user__username__startswith="benchmark-"):
                model_import.file.delete(save=False)
                model_import.delete()
            pks = list(imported.values_list("pk", flat=True))
            imported.delete()  # the events cascade; simple-history writes a deletion entry per model
            MovementModel.history.filter(id__in=pks).delete()
        self.registry.clean()

    # -- export --------------------------------------------------------------------------------------------------

    def run_export(self, size) -> dict:
        setup = self.registry.build(size)
        results = {}
        try:
            reviewer = setup["users"]["reviewer"]
            listed = MovementModel.objects.visible_to(reviewer).count()  # every status but others' drafts
            self.stdout.write(f"the list with every status, as the reviewer sees it: {listed:,} rows")
            self.stdout.write(f"{'export':<16}{'rows':>9}{'time s':>9}{'peak MiB':>10}{'bytes':>14}")
            for way in WAYS:
                for file_format in FORMATS:
                    export = self.request_export if way == "request" else self.job_export
                    plain = self.measure(partial(export, reviewer, file_format, size), traced=False)
                    traced = self.measure(partial(export, reviewer, file_format, size), traced=True)
                    result = {"rows": plain["rows"], "listed": listed, "seconds": plain["seconds"],
                              "peak": traced["peak"], "bytes": plain["bytes"]}
                    results[(way, file_format)] = result
                    self.stdout.write(f"{way + ' ' + file_format:<16}{result['rows'] or listed:>9,}"
                                      f"{result['seconds']:9.1f}{result['peak'] / 2**20:10.1f}{result['bytes']:>14,}")
        finally:
            self.registry.clean()
        return results

    def measure(self, export, *, traced) -> dict:
        gc.collect()
        if traced:
            tracemalloc.start()
        try:
            started = time.perf_counter()
            written, rows = export()
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] if traced else 0
        finally:
            if traced:
                tracemalloc.stop()
        return {"seconds": seconds, "peak": peak, "bytes": written, "rows": rows}

    def request_export(self, user, file_format, size) -> tuple[int, int]:
        """GET /models/export.<format>?status=all through the list's own view, the whole response read."""
        request = RequestFactory().get(f"/models/export.{file_format}", {"status": ALL_STATUSES})
        request.user = user
        with override_settings(EXPORT_IN_REQUEST_MAX_ROWS=size + 1):
            response = ModelListView.as_view(export_format=file_format)(request)
        if response.status_code != 200:
            raise CommandError(f"The export answered HTTP {response.status_code}.")
        written = lines = 0
        try:
            for chunk in response.streaming_content:
                chunk = chunk.encode() if isinstance(chunk, str) else chunk
                written += len(chunk)
                lines += chunk.count(b"\n")
        finally:
            response.close()
        return written, self.exported_rows(file_format, lines, size)

    def job_export(self, user, file_format, size) -> tuple[int, int]:
        """The background export's work, for a job asking for the same URL (its row not stored)."""
        job = SimpleNamespace(kind=LIST_EXPORT, owner=user, params={
            "view": f"models_registry:export_{file_format}", "args": [], "kwargs": {},
            "query": f"status={ALL_STATUSES}", "language": "vi"})
        counted = []
        output = list_export(job, lambda done, total: counted.append(total))
        if output.file is None:
            return len(output.data), counted[0]
        with output.file as handle:  # written row by row to a temporary file: its size, as stored
            return handle.seek(0, 2), counted[0]

    def exported_rows(self, file_format, lines, size) -> int | None:
        if file_format == "csv":
            return lines - 5  # the title block (3 lines), a blank line and the header row
        return None  # not counted in the zipped workbook (the job's count below is the same view's)

    # -- the targets ---------------------------------------------------------------------------------------------

    def target(self, label, ok, detail):
        self.outcome["passed" if ok else "failed"] += 1
        self.stdout.write(f"{'PASS' if ok else 'FAIL'}  {label}: {detail}")

    def judge(self, imported, exported, sizes):
        self.stdout.write("\n== targets")
        rows = imported["rows"]
        status, to_create, errors = imported["previewed"]
        self.target(f"import of {rows:,} rows: preview", status == ModelImport.Status.PREVIEWED
                    and to_create == rows and errors == 0, f"{to_create:,} to create, {errors} errors")
        self.target(f"import of {rows:,} rows: saved", imported["created"] == rows, f"{imported['created']:,} models")
        total = imported["check"] + imported["save"]
        self.target(f"import of {rows:,} rows: check + save", total < IMPORT_TARGET_SECONDS,
                    f"{imported['check']:.1f} s + {imported['save']:.1f} s = {total:.1f} s "
                    f"(< {IMPORT_TARGET_SECONDS} s)")
        for size in sizes:
            for (way, file_format), result in exported[size].items():
                if result["rows"] is not None:
                    self.target(f"export {way} {file_format} @ {size:,}: every row of the list",
                                result["rows"] == result["listed"], f"{result['rows']:,} of {result['listed']:,}")
        smallest, largest = min(sizes), max(sizes)
        if largest != smallest:
            for key, big in exported[largest].items():
                small = exported[smallest][key]
                ratio = big["peak"] / max(small["peak"], 1)
                self.target(f"export {key[0]} {key[1]}: peak memory {largest:,} ÷ {smallest:,}",
                            ratio <= MEMORY_RATIO_TARGET,
                            f"{big['peak'] / 2**20:.1f} MiB ÷ {small['peak'] / 2**20:.1f} MiB = {ratio:.2f} "
                            f"(≤ {MEMORY_RATIO_TARGET})")
        self.stdout.write(f"benchmark_spreadsheets: {self.outcome['passed']} passed, {self.outcome['failed']} failed")
