"""Measure the dashboard (/dashboard/) over a large synthetic registry.

    python manage.py benchmark_dashboard --models 1000000

As benchmark_registry does, everything happens inside one transaction that is rolled back at the end (and
the models table is VACUUMed afterwards on PostgreSQL), and a database that already holds models is refused
unless --i-understand-this-writes-data is given; --keep commits the rows and VACUUMs them (the steady state,
with index-only scans) on an empty registry in a scratch database, and leaves them there.

The models are written by one INSERT ... SELECT over a series of numbers (generate_series on PostgreSQL, a
recursive CTE on SQLite), so a million rows take well under a minute: every column is derived from the row
number, spread over the synthetic agencies, today's and the merged communes, the fields, the years since
2015 and every status of the workflow. Each agency registers its models in a few units, as real agencies do.

The page is requested with Django's test client in this process as a leader (the province) and as an
official (a district's agency subtree): uncached (the cache is cleared before each request, so the figures
are computed every time) and cached. docs/benchmarks-dashboard.md has the figures.
"""

import logging
import math
import os
import platform
import re
import statistics
import time
import warnings

import django
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, sync_role_groups
from models_registry.choices import AgencyKind, ModelStatus, UnitLevel
from models_registry.models import AdministrativeUnit, Agency, Field, MovementModel
from models_registry.reference_data import load_all

SLOTS = 3_000  # (agency, unit, field) combinations the rows cycle through
FIRST_YEAR = 2015

# Status by (row * 31) mod 100: 5 % drafts, 3 % submitted, 2 % flagged, 2 % under review, 8 % removed.
STATUS_SQL = f"""CASE
    WHEN (i * 31) %% 100 < 5 THEN '{ModelStatus.DRAFT.value}'
    WHEN (i * 31) %% 100 < 8 THEN '{ModelStatus.SUBMITTED.value}'
    WHEN (i * 31) %% 100 < 10 THEN '{ModelStatus.FLAGGED.value}'
    WHEN (i * 31) %% 100 < 12 THEN '{ModelStatus.UNDER_REVIEW.value}'
    WHEN (i * 31) %% 100 < 20 THEN '{ModelStatus.REMOVED.value}'
    ELSE '{ModelStatus.RECOGNISED.value}' END"""


class Command(BaseCommand):
    help = (
        "Build a large synthetic registry inside a transaction, time /dashboard/ over it uncached and cached "
        "(median and p95, SQL queries), then roll everything back (and VACUUM on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--models", type=int, default=100_000, help="synthetic models to create (100000)")
        parser.add_argument("--requests", type=int, default=10, help="timed requests per page (10)")
        parser.add_argument(
            "--i-understand-this-writes-data",
            action="store_true",
            dest="writes_data_understood",
            help="run even though the database already holds models; needed for --keep",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="commit the rows and VACUUM ANALYZE before measuring, and leave them (scratch database only)",
        )
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the models queries (PostgreSQL)")
        parser.add_argument(
            "--existing",
            action="store_true",
            help="measure the registry as it is (e.g. what --keep left), creating nothing but two users, rolled back",
        )

    def handle(self, *args, models, requests, writes_data_understood, keep, explain, existing, **options):
        if existing:
            self.describe_machine()
            logging.getLogger("axes").setLevel(logging.WARNING)
            warnings.filterwarnings("ignore", "No directory at", UserWarning)
            with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]), transaction.atomic():
                district = Agency.objects.filter(name="Huyện ủy benchmark 04").first() or Agency.objects.first()
                self.stdout.write(f"{MovementModel.objects.count():,} models in the registry.")
                setup = {
                    "district": district,
                    "leader": self.user("leader", Role.LEADER, agency=None),
                    "official": self.user("official", Role.OFFICIAL, agency=district),
                }
                self.benchmark(setup, requests, explain)
                transaction.set_rollback(True)
            cache.clear()
            return
        if models < 1_000:
            raise CommandError("Use at least 1000 models.")
        existing = MovementModel.objects.count()
        if keep and not (writes_data_understood and existing == 0):
            raise CommandError(
                "--keep commits the synthetic rows and leaves them: it runs only on a registry without models "
                f"(this one holds {existing}) and with --i-understand-this-writes-data."
            )
        if existing and not writes_data_understood:
            raise CommandError(
                f"This database holds {existing} models. The benchmark writes {models} more inside a transaction "
                "that it rolls back; run it on a copy or a scratch database, or pass --i-understand-this-writes-data."
            )
        self.describe_machine()
        logging.getLogger("axes").setLevel(logging.WARNING)
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            if keep:
                with transaction.atomic():
                    setup = self.build(models)
                self.vacuum()
                self.benchmark(setup, requests, explain)
                self.stdout.write(self.style.WARNING("--keep: the synthetic rows stay in this database."))
                return
            self.vacuum(analyze=False)
            with transaction.atomic():
                try:
                    setup = self.build(models)
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
                    self.benchmark(setup, requests, explain)
                finally:
                    transaction.set_rollback(True)
            if connection.vendor == "postgresql":
                self.vacuum()
        cache.clear()
        self.stdout.write(
            self.style.SUCCESS("Rolled back: the synthetic rows are gone; only the id sequences moved on.")
        )

    # -- the synthetic registry --------------------------------------------------------------------------

    def build(self, count) -> dict:
        started = time.perf_counter()
        if not Field.objects.exists() or not AdministrativeUnit.objects.exists():
            load_all(django.apps.apps)
        sync_role_groups()
        root = Agency.objects.create(name="Ban Chỉ đạo (dữ liệu benchmark dashboard)", kind=AgencyKind.OTHER)
        districts = Agency.objects.bulk_create(
            Agency(name=f"Huyện ủy benchmark {n:02d}", short_name=f"HU {n:02d}", kind=AgencyKind.PARTY, parent=root)
            for n in range(1, 16)
        )
        communes = Agency.objects.bulk_create(
            Agency(name=f"Đảng ủy xã benchmark {d:02d}-{n:02d}", kind=AgencyKind.COMMUNE, parent=district)
            for d, district in enumerate(districts, start=1)
            for n in range(1, 13)
        )
        agencies = [root, *districts, *communes]
        units = list(
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).order_by("pk").values_list("pk", flat=True)
        )
        fields = list(Field.objects.order_by("pk").values_list("pk", flat=True))
        self.create_models(count, agencies, units, fields)
        self.stdout.write(
            f"Created {count:,} models in {time.perf_counter() - started:.1f} s over {len(agencies)} agencies, "
            f"{len(units)} commune-level units (current and merged) and {len(fields)} fields."
        )
        return {
            "district": districts[3],  # "Huyện ủy benchmark 04", which --existing looks for
            "leader": self.user("leader", Role.LEADER, agency=None),
            "official": self.user("official", Role.OFFICIAL, agency=districts[3]),
        }

    def create_models(self, count, agencies, units, fields):
        """One INSERT ... SELECT: row i gets slot i mod SLOTS, an (agency, unit, field) drawn once here."""
        slots = []
        for slot in range(SLOTS):
            number = slot % len(agencies)
            # An agency registers in a handful of units next to each other, not all over the province.
            unit = units[(number * 3 + (slot // len(agencies)) % 4) % len(units)]
            slots.append((slot, agencies[number].pk, unit, fields[(slot // 7) % len(fields)]))
        this_year = timezone.localdate().year
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_slot (slot integer, agency_id bigint, unit_id bigint, field_id bigint)"
            )
            cursor.executemany("INSERT INTO bench_slot VALUES (%s, %s, %s, %s)", slots)
            if connection.vendor == "postgresql":
                numbers, series = "", f"generate_series(1, {int(count)}) AS g(i)"
            else:
                numbers = f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {int(count)}) "
                series = "g"
            started = f"({FIRST_YEAR} + (i %% {this_year - FIRST_YEAR}))"
            recognised = f"({started} + (i / 7) %% ({this_year} - {started} + 1))"
            status = f"({STATUS_SQL})"
            # The columns Django would fill: see MovementModel. search_text as save() would fold it.
            cursor.execute(
                f"""INSERT INTO {MovementModel._meta.db_table} (
                    code, name, kind, owner_agency_id, registered_unit_id, field_id, level, year_started,
                    recognition_year, recognition_decision, recognising_body, description, approach, results,
                    is_typical, removal_year, status, created_at, results_updated_at, updated_at, version, search_text)
                {numbers}SELECT
                    'BD-' || i, 'Mô hình dân vận khéo benchmark ' || i, 'model', s.agency_id, s.unit_id, s.field_id,
                    'commune', {started},
                    CASE WHEN {status} IN ('draft', 'submitted') THEN NULL ELSE {recognised} END,
                    '', '', '', '', '',
                    (i %% 20 = 0),
                    CASE WHEN {status} = 'removed' THEN
                        CASE WHEN {recognised} < {this_year} THEN {recognised} + 1 ELSE {recognised} END
                    END,
                    {status}, %s, %s, %s, 1, 'bd-' || i || ' mo hinh dan van kheo benchmark ' || i
                FROM {series} JOIN bench_slot s ON s.slot = i %% {SLOTS}""",
                [now, now, now],
            )
            cursor.execute("DROP TABLE bench_slot")

    def vacuum(self, *, analyze=True):
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                if analyze:
                    cursor.execute("ANALYZE")
                return
            option = "(ANALYZE) " if analyze else ""
            for table in (MovementModel._meta.db_table, Agency._meta.db_table):
                cursor.execute(f"VACUUM {option}{table}")

    def user(self, name, role, *, agency):
        # A fresh name each run: --keep leaves its users behind.
        user = User.objects.create(username=f"benchmark-dashboard-{name}-{time.time_ns()}", agency=agency)
        user.groups.add(Group.objects.get(name=role.value))
        return user

    # -- the measurements --------------------------------------------------------------------------------

    def benchmark(self, setup, requests, explain):
        year = timezone.localdate().year - 1
        scenarios = [
            ("today", {}),
            (f"year {year}", {"year": year}),
            ("agency (district subtree)", {"agency": setup["district"].pk}),
        ]
        rows = []
        for user in ("leader", "official"):
            for label, params in scenarios:
                for cached in (False, True):
                    rows.append((user, label, cached, *self.measure(setup[user], params, requests, cached)))
        self.stdout.write("")
        self.stdout.write(
            f"GET /dashboard/, {requests} timed requests each after one warm-up; uncached: the cache is cleared "
            "before each request. Wall-clock median and p95 in ms; queries and SQL ms of one more request."
        )
        header = (
            f"{'user':<9} {'filters':<28} {'cache':<9} {'median':>8} {'p95':>8} {'queries':>7} {'SQL':>8}  in the list"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for user, label, cached, median, p95, queries, sql_ms, in_list in rows:
            self.stdout.write(
                f"{user:<9} {label:<28} {'cached' if cached else 'uncached':<9} {median:>8.1f} {p95:>8.1f} "
                f"{queries:>7} {sql_ms:>8.1f}  {in_list:,}"
            )
        if explain and connection.vendor == "postgresql":
            self.explain(setup["leader"], {})

    def measure(self, user, params, requests, cached):
        client = Client()
        client.force_login(user)
        response = client.get("/dashboard/", params, secure=True)
        if response.status_code != 200:
            raise CommandError(f"/dashboard/ {params}: HTTP {response.status_code}")
        wall = []
        for _ in range(requests):
            if not cached:
                cache.clear()
            start = time.perf_counter()
            client.get("/dashboard/", params, secure=True)
            wall.append((time.perf_counter() - start) * 1000)
        if not cached:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/dashboard/", params, secure=True)
        wall.sort()
        in_list = self.in_list_from(response)
        return (
            statistics.median(wall),
            wall[math.ceil(0.95 * len(wall)) - 1],
            len(queries.captured_queries),
            sum(float(q["time"]) * 1000 for q in queries.captured_queries),
            in_list,
        )

    def in_list_from(self, response):
        match = re.search(rb'data-figure="in_list"><strong>([\d.,]+)</strong>', response.content)
        return int(re.sub(rb"[.,]", b"", match.group(1))) if match else -1

    def explain(self, user, params):
        client = Client()
        client.force_login(user)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get("/dashboard/", params, secure=True)
        for query in queries.captured_queries:
            if f'FROM "{MovementModel._meta.db_table}"' not in query["sql"]:
                continue
            self.stdout.write("")
            self.stdout.write(f"EXPLAIN ANALYZE ({float(query['time']) * 1000:.1f} ms in the page): {query['sql']}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                for (line,) in cursor.fetchall():
                    self.stdout.write("  " + line)

    def describe_machine(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                database = f"PostgreSQL {cursor.fetchone()[0]}"
            else:
                cursor.execute("SELECT sqlite_version()")
                database = f"SQLite {cursor.fetchone()[0]}"
        self.stdout.write(
            f"Machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"Python {platform.python_version()}, Django {django.get_version()}, {database}, DEBUG={settings.DEBUG}. "
            f"Load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}."
        )
