"""Measure the models list (/models/) over a large synthetic registry.

    python manage.py benchmark_registry --models 100000

By default everything happens inside one transaction that is rolled back at the end: the synthetic
agencies, models, users and sessions are never committed, and the registry is the same afterwards.
On PostgreSQL the command then VACUUMs the models table, so the dead rows of the rolled-back insert
and the row estimate that ANALYZE wrote do not linger; what remains is that the id sequences have
moved on (ids are skipped, nothing else). A database that already holds models is refused unless
--i-understand-this-writes-data is given: run it against a copy or a scratch database.

Inside that transaction the rows are fresh and uncommitted, as just after a large import: PostgreSQL
cannot use index-only scans yet (no visibility map). --keep measures the steady state instead: it
commits the rows, VACUUMs as autovacuum would, and leaves them there, so it runs only on an empty
registry with --i-understand-this-writes-data (a scratch database to drop afterwards).

The pages are requested with Django's test client in this process (no web server, no network), as a
leader (who reads the whole province) and as an official (who also reads their agency's drafts), so
the figures are the time Django and the database take to build each page. docs/benchmarks.md has
the figures and what they led to.
"""

import logging
import math
import os
import platform
import random
import re
import statistics
import time
import warnings
from dataclasses import dataclass

import django
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, sync_role_groups
from models_registry.choices import AgencyKind, ModelKind, ModelLevel, ModelStatus, UnitLevel
from models_registry.models import AdministrativeUnit, Agency, Field, MovementModel, UnitSuccession
from models_registry.reference_data import load_all

BATCH = 2_000
SEED = 20231635  # fixed, so two runs build the same registry

# Name parts: about a third of the names start with "Dân vận khéo", as many real ones do.
ACTIVITIES = [
    "vận động hiến đất làm đường giao thông nông thôn",
    "xây dựng nông thôn mới kiểu mẫu",
    "giải phóng mặt bằng dự án trọng điểm",
    "giải quyết khiếu nại, tố cáo từ cơ sở",
    "xóa nhà tạm, nhà dột nát cho hộ nghèo",
    "bảo vệ môi trường, phân loại rác tại nguồn",
    "phát triển kinh tế hộ gia đình",
    "xây dựng khu dân cư an toàn về an ninh trật tự",
    "chuyển đổi số, thanh toán không dùng tiền mặt",
    "sắp xếp đơn vị hành chính cấp xã",
    "giữ gìn bản sắc văn hóa dân tộc",
    "trồng cây xanh, thắp sáng đường quê",
]
OPENINGS = ["Dân vận khéo trong", "Mô hình", "Tổ tự quản", "Câu lạc bộ", "Điển hình", "Phong trào"]
PLACES = ["thôn Đông", "xóm Trại", "tổ dân phố 3", "thôn Thượng", "xóm Bãi", "khu phố 5", "thôn Tiền Phong"]
DESCRIPTION = (
    "Cấp ủy, chính quyền và Mặt trận vận động nhân dân {activity}; công khai phương án, lấy ý kiến từng hộ, "
    "cán bộ, đảng viên gương mẫu đi trước, nhân dân bàn và cùng làm."
)

SAMPLE_STATUSES = [ModelStatus.RECOGNISED] * 8 + [ModelStatus.SUBMITTED, ModelStatus.DRAFT]


@dataclass
class Scenario:
    label: str
    params: dict


@dataclass
class CountPlan:
    ms: float
    buffers: int
    access: str


@dataclass
class Result:
    user: str
    scenario: Scenario
    found: str
    median_ms: float
    p95_ms: float
    cpu_ms: float
    queries: int
    sql_ms: float
    count: CountPlan | None


class Command(BaseCommand):
    help = (
        "Build a large synthetic registry inside a transaction, time the models list page over it (median and "
        "p95, CPU, SQL queries, and on PostgreSQL the plan of the paginator's COUNT), then roll everything back "
        "(and VACUUM on PostgreSQL). --keep measures committed, vacuumed rows instead, on a scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--models", type=int, default=100_000, help="synthetic models to create (100000)")
        parser.add_argument("--requests", type=int, default=20, help="timed requests per page (20)")
        parser.add_argument(
            "--i-understand-this-writes-data",
            action="store_true",
            dest="writes_data_understood",
            help="run even though the database already holds models; needed for --keep",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help=(
                "commit the synthetic rows and VACUUM ANALYZE before measuring (the steady state of a database "
                "that autovacuum has caught up with), and leave them there: only on an empty registry in a "
                "scratch database, with --i-understand-this-writes-data"
            ),
        )
        parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN ANALYZE (PostgreSQL)")

    def handle(self, *args, models, requests, writes_data_understood, keep, no_explain, **options):
        if models < 1_000:
            raise CommandError("Use at least 1000 models.")
        if requests < 1:
            raise CommandError("--requests must be at least 1.")
        existing = MovementModel.objects.count()
        if keep and not (writes_data_understood and existing == 0):
            raise CommandError(
                "--keep commits the synthetic rows and leaves them: it runs only on a registry without models "
                f"(this one holds {existing}) and with --i-understand-this-writes-data."
            )
        if existing and not writes_data_understood:
            raise CommandError(
                f"This database holds {existing} models. The benchmark writes {models} more inside a transaction "
                "that it rolls back, but it still loads the database for minutes, VACUUMs the models table and "
                "moves the id sequences on. Run it on a copy or a scratch database, or pass "
                "--i-understand-this-writes-data."
            )
        self.rng = random.Random(SEED)
        self.describe_machine()
        # django-axes logs every force_login at INFO; WhiteNoise warns that collectstatic never ran.
        logging.getLogger("axes").setLevel(logging.WARNING)
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        # The benchmark measures views and queries, not static files: the manifest storage would need a
        # collectstatic first, so the plain storage builds the same pages without one. The test client
        # calls itself "testserver" and speaks HTTPS, so no redirect to HTTPS is timed instead of a page.
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
                self.benchmark(setup, requests, explain=not no_explain)
                self.stdout.write(self.style.WARNING("--keep: the synthetic rows stay in this database."))
                return
            # Dead rows that earlier runs left would make the table look bigger than it is.
            self.vacuum(analyze=False)
            with transaction.atomic():
                try:
                    setup = self.build(models)
                    self.refresh_statistics()
                    self.benchmark(setup, requests, explain=not no_explain)
                finally:
                    transaction.set_rollback(True)
            # The rolled-back rows are dead rows now, and ANALYZE's row estimate in pg_class (written in
            # place, not rolled back) still counts them: clean both up rather than wait for autovacuum.
            # SQLite's rollback leaves nothing behind, not even statistics.
            if connection.vendor == "postgresql":
                self.vacuum()
        self.stdout.write(
            self.style.SUCCESS(
                "Rolled back: the synthetic rows are gone (PostgreSQL: and vacuumed); only the id sequences moved on."
            )
        )

    # -- the synthetic registry --------------------------------------------------------------------------

    def build(self, count) -> dict:
        started = time.perf_counter()
        if not Field.objects.exists() or not AdministrativeUnit.objects.exists():
            load_all(django.apps.apps)
        sync_role_groups()
        agencies, districts = self.create_agencies()
        fields = list(Field.objects.all())
        communes = list(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE))
        self.create_models(count, agencies, fields, communes)
        self.stdout.write(
            f"Created {count:,} models, {len(agencies)} agencies in {time.perf_counter() - started:.1f} s "
            f"(spread over {len(fields)} fields and {len(communes)} commune-level units, current and merged)."
        )
        district = self.rng.choice(districts)
        return {
            "district": district,
            "field": fields[0],
            "merged": self.most_merged_unit(),
            "leader": self.user("leader", Role.LEADER, agency=None),
            "official": self.user("official", Role.OFFICIAL, agency=district),
            "code": f"BM-{self.rng.randint(1, count):07d}",
        }

    def benchmark(self, setup, requests, *, explain):
        district, field, merged = setup["district"], setup["field"], setup["merged"]
        pages = math.ceil(MovementModel.objects.in_list().count() / settings.REGISTRY_PAGE_SIZE)
        deep_page = min(200, pages)  # 200 once there are 5,000 models in the list
        search = {"q": "dan van kheo"}
        scenarios = [
            Scenario("default list (in the list)", {}),
            Scenario(f"page {deep_page}", {"page": deep_page}),
            Scenario("agency subtree + field", {"agency": district.pk, "field": field.pk}),
            Scenario("search q=dan van kheo", search),
            Scenario("search q=dan van kheo, all statuses", {**search, "status": "all"}),
            Scenario(f"search by code q={setup['code'].lower()}, all", {"q": setup["code"].lower(), "status": "all"}),
            Scenario(f"unit {merged.name} (+{merged.predecessor_count} merged)", {"unit": merged.pk}),
        ]
        self.stdout.write(
            f"Agency filter: {district.name} ({Agency.objects.subtree_of(district).count()} agencies in its subtree); "
            f"field: {field.name}; unit filter: {merged.name}, "
            f"{AdministrativeUnit.objects.counted_under(merged).count()} units counted under it."
        )
        load_before = os.getloadavg()
        results = [
            self.measure(name, setup[name], scenario, requests)
            for name in ("leader", "official")
            for scenario in scenarios
        ]
        self.report(results, requests, load_before)
        if explain and connection.vendor == "postgresql":
            self.explain("leader", setup["leader"], search)
            self.explain("official", setup["official"], search)

    def create_agencies(self):
        root = Agency.objects.create(
            name="Ban Chỉ đạo phong trào “Dân vận khéo” (dữ liệu benchmark)", kind=AgencyKind.STEERING_COMMITTEE
        )
        districts = Agency.objects.bulk_create(
            Agency(name=f"Huyện ủy benchmark {n:02d}", short_name=f"HU {n:02d}", kind=AgencyKind.PARTY, parent=root)
            for n in range(1, 16)
        )
        communes = Agency.objects.bulk_create(
            Agency(
                name=f"Đảng ủy xã benchmark {d:02d}-{n:02d}",
                short_name=f"ĐU {d:02d}-{n:02d}",
                kind=AgencyKind.COMMUNE,
                parent=district,
            )
            for d, district in enumerate(districts, start=1)
            for n in range(1, 13)
        )
        return [root, *districts, *communes], districts

    def create_models(self, count, agencies, fields, communes):
        this_year = timezone.localdate().year
        rng = self.rng
        batch = []
        for number in range(1, count + 1):
            activity = rng.choice(ACTIVITIES)
            name = f"{rng.choice(OPENINGS)} {activity} ở {rng.choice(PLACES)}"
            status = rng.choice(SAMPLE_STATUSES)
            started = rng.randint(2015, this_year - 1)
            recognised = rng.randint(started, this_year) if status == ModelStatus.RECOGNISED else None
            model = MovementModel(
                code=f"BM-{number:07d}",
                name=name,
                kind=rng.choice([ModelKind.MODEL] * 4 + [ModelKind.EXEMPLAR_COLLECTIVE, ModelKind.EXEMPLAR_INDIVIDUAL]),
                owner_agency=rng.choice(agencies),
                registered_unit=rng.choice(communes),
                field=rng.choice(fields),
                level=rng.choice(list(ModelLevel)),
                year_started=started,
                recognition_year=recognised,
                recognition_decision=f"{rng.randint(1, 999)}/QĐ-BCĐ" if recognised else "",
                description=DESCRIPTION.format(activity=activity),
                approach="Họp dân, công khai, dân bàn, dân làm, dân kiểm tra.",
                results=f"{rng.randint(10, 500)} hộ tham gia; {rng.randint(100, 9000)} ngày công.",
                is_typical=rng.random() < 0.05,
                status=status,
            )
            # bulk_create skips save(), which is where the folded search text is normally computed.
            model.search_text = model.folded_search_text()
            batch.append(model)
            if len(batch) == BATCH:
                MovementModel.objects.bulk_create(batch)
                batch = []
        if batch:
            MovementModel.objects.bulk_create(batch)

    def refresh_statistics(self):
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            return
        with connection.cursor() as cursor:
            # Rows inserted by this (still open) transaction count as live for ANALYZE. The trigram
            # index's pending list (GIN fastupdate) is merged in, as autovacuum would do after a commit,
            # so the search is timed against the index and not against its backlog.
            cursor.execute("ANALYZE models_registry_movementmodel")
            cursor.execute("ANALYZE models_registry_agency")
            cursor.execute("SELECT gin_clean_pending_list('models_registry_movementmodel_search_trgm'::regclass)")

    def vacuum(self, *, analyze=True):
        """What autovacuum would do: drop dead rows, set the visibility map (index-only scans), refresh statistics.

        Runs outside any transaction. Only PostgreSQL keeps dead rows; SQLite just refreshes its statistics.
        """
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                if analyze:
                    cursor.execute("ANALYZE")
                return
            option = "(ANALYZE) " if analyze else ""
            for table in (MovementModel._meta.db_table, Agency._meta.db_table):
                cursor.execute(f"VACUUM {option}{table}")

    def most_merged_unit(self):
        """The current commune-level unit into which the most former units were merged."""
        counts = (
            UnitSuccession.objects.filter(successor__valid_to__isnull=True, successor__level=UnitLevel.COMMUNE)
            .values("successor")
            .annotate(n=Count("predecessor"))
            .order_by("-n", "successor")
        )
        best = counts.first()
        if best is None:
            raise CommandError("No merged units in the reference data (manage.py load_reference_data).")
        unit = AdministrativeUnit.objects.get(pk=best["successor"])
        unit.predecessor_count = best["n"]
        return unit

    def user(self, name, role, *, agency):
        user = User.objects.create(username=f"benchmark-{name}-{self.rng.randrange(10**9)}", agency=agency)
        user.groups.add(Group.objects.get(name=role.value))
        return user

    # -- the measurements --------------------------------------------------------------------------------

    def measure(self, user_name, user, scenario, requests) -> Result:
        client = Client()
        client.force_login(user)
        path = "/models/"
        first = client.get(path, scenario.params, secure=True)  # warms caches; not timed
        if first.status_code != 200:
            raise CommandError(f"{scenario.label} as {user_name}: HTTP {first.status_code}")
        wall, cpu = [], []
        for _ in range(requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path, scenario.params, secure=True)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, scenario.params, secure=True)
        found = re.search(rb'id="result-count">\s*([^<]*?)\s*<', response.content)
        wall.sort()
        count_sql = next((q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")), None)
        return Result(
            user=user_name,
            scenario=scenario,
            found=found.group(1).decode() if found else "?",
            median_ms=statistics.median(wall),
            p95_ms=wall[math.ceil(0.95 * len(wall)) - 1],
            cpu_ms=statistics.median(cpu),
            queries=len(queries.captured_queries),
            sql_ms=sum(float(q["time"]) * 1000 for q in queries.captured_queries),
            count=self.explain_count(count_sql) if count_sql and connection.vendor == "postgresql" else None,
        )

    def explain_count(self, sql) -> "CountPlan":
        """What the paginator's COUNT(*) costs the server: time, 8 kB buffers touched, how the table is read."""
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]

        def scans(node):
            found = []
            if node.get("Relation Name") == MovementModel._meta.db_table:
                kind = {"Index Only Scan": "index-only", "Bitmap Heap Scan": "bitmap", "Seq Scan": "seq scan"}
                found.append(kind.get(node["Node Type"], node["Node Type"]))
            for child in node.get("Plans", []):
                found += scans(child)
            return found

        top = plan["Plan"]
        return CountPlan(
            ms=plan["Execution Time"],
            buffers=top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0),
            access=", ".join(scans(top)) or "?",
        )

    def report(self, results, requests, load_before):
        self.stdout.write("")
        load_after = os.getloadavg()
        load = ", ".join(f"{before:.2f}→{after:.2f}" for before, after in zip(load_before, load_after, strict=True))
        self.stdout.write(
            f"GET /models/, {requests} timed requests each after one warm-up: wall-clock median and p95, and the "
            "median CPU time of this (Django) process. Queries and SQL ms from one more request; on PostgreSQL, "
            "EXPLAIN (ANALYZE, BUFFERS) of its COUNT(*) for the paginator."
        )
        self.stdout.write(f"Load average (1, 5, 15 min) before→after: {load}.")
        header = (
            f"{'user':<9} {'page':<40} {'found':>14} {'median':>7} {'p95':>7} {'CPU':>6} {'queries':>7} {'SQL':>6}"
            f" {'COUNT':>6} {'buffers':>7}  COUNT reads the table by"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            count = f" {r.count.ms:>6.1f} {r.count.buffers:>7}  {r.count.access}" if r.count else f" {'':>6} {'':>7}"
            self.stdout.write(
                f"{r.user:<9} {r.scenario.label[:40]:<40} {r.found[:14]:>14} {r.median_ms:>7.1f} {r.p95_ms:>7.1f}"
                f" {r.cpu_ms:>6.1f} {r.queries:>7} {r.sql_ms:>6.1f}" + count
            )
        self.stdout.write("(all times in ms; buffers are 8 kB pages read from shared buffers or disk)")

    def explain(self, user_name, user, params):
        """EXPLAIN ANALYZE of the queries on the models table that the list page runs for this search."""
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get("/models/", params, secure=True)
        registry_queries = [
            q
            for q in queries.captured_queries
            if q["sql"].startswith("SELECT") and 'FROM "models_registry_movementmodel"' in q["sql"]
        ]
        # The count for the paginator and the page's rows.
        for query in registry_queries:
            self.stdout.write("")
            self.stdout.write(
                f"EXPLAIN (ANALYZE, BUFFERS), {user_name}, {params}: {float(query['time']) * 1000:.1f} ms in the page"
            )
            self.stdout.write(query["sql"])
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
            f"Python {platform.python_version()}, Django {django.get_version()}, {database}, "
            f"DEBUG={settings.DEBUG}, page size {settings.REGISTRY_PAGE_SIZE}."
        )
