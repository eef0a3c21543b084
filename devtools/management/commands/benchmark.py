"""Time every page that must stay fast, beside its own physical floor, at several registry sizes (issue 15).

    python manage.py benchmark --sizes 10000,1000000 [--rounds 15] [--load 20]

For each size it builds a synthetic registry set-based (one INSERT ... SELECT over generate_series on
PostgreSQL, a recursive CTE on SQLite): agencies in a tree, today's and merged communes, the fields, years since
2015, every status, Vietnamese names. It commits them (the database must hold no models: use a scratch
database), VACUUM ANALYZEs, and then, for every page, in the same round and in this process:

  page    the page through Django's test client (every middleware, the session, the template);
  sql     the SQL the page ran, replayed on a raw cursor;
  empty   an empty view behind the same middleware, as the same user;
  shell   a page with nothing in it but the site's layout (base.html: the navigation, the language switch), as
          the same user: the least any page of the site costs; printed beside the targets, not judged;
  admin   Django admin's changelist over the same rows, ordering and filter (where admin can say it).

The median of the warm rounds is printed, with the ratios the targets are about and PASS/FAIL per target;
the last line is `benchmark: N passed, M failed`. `--load SECONDS` also drives gunicorn on loopback (2 workers,
4 concurrent clients, bounded by time) over the list and reports requests/s, p50/p95/p99 and errors. The
synthetic rows are deleted at the end of each size (`--keep` leaves the last size's). docs/performance.md.
"""

import html
import http.client
import logging
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field

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
from core.audit import AuditEntry
from core.search import fold
from dashboard import versioning
from models_registry.choices import AgencyKind, ModelStatus, UnitLevel
from models_registry.models import AdministrativeUnit, Agency, Field, ModelCount, MovementModel
from models_registry.reference_data import load_all

FIRST_YEAR = 2015
SLOTS = 3_000  # (agency, unit, field) combinations the rows cycle through
SAMPLE_SLOT = 1  # the slot of the model whose pages are timed (sample_model); its models are recognised
MARK = "BENCH-"  # the synthetic models' codes, so they can be told apart and deleted

PREFIXES = ["Dân vận khéo trong", "Mô hình dân vận khéo", "Dân vận khéo", "Mô hình", "Điển hình dân vận khéo",
            "Phong trào", "Dân vận khéo về", "Cách làm hay"]
TOPICS = ["xây dựng nông thôn mới", "hiến đất làm đường giao thông", "chuyển đổi số ở cơ sở",
          "bảo vệ môi trường", "phát triển kinh tế hộ gia đình", "giảm nghèo bền vững", "cải cách hành chính",
          "xây dựng khu dân cư văn hóa", "an ninh trật tự thôn xóm", "chăm sóc người cao tuổi",
          "phụ nữ khởi nghiệp", "thanh niên lập nghiệp", "đồng bào có đạo", "vệ sinh an toàn thực phẩm"]
PLACES = ["thôn Đông", "xóm Trại", "tổ dân phố 3", "bản Mường", "khu phố Bắc Sơn", "xóm Chùa", "thôn Thượng",
          "làng nghề Vân Lâm", "xóm Đồng Tâm", "thôn Yên Phú", "khu 5", "xóm Mới", "thôn Hạ"]
DISTRICTS = ["Kim Sơn", "Yên Mô", "Yên Khánh", "Hoa Lư", "Gia Viễn", "Nho Quan", "Tam Điệp", "Ý Yên", "Vụ Bản",
             "Nam Trực", "Trực Ninh", "Xuân Trường", "Giao Thủy", "Hải Hậu", "Lý Nhân"]
RARE_EVERY = 997  # one model in this many also "dệt thổ cẩm": the rare search

STATUS_SQL = f"""CASE
    WHEN (i * 31) %% 100 < 5 THEN '{ModelStatus.DRAFT.value}'
    WHEN (i * 31) %% 100 < 8 THEN '{ModelStatus.SUBMITTED.value}'
    WHEN (i * 31) %% 100 < 10 THEN '{ModelStatus.FLAGGED.value}'
    WHEN (i * 31) %% 100 < 12 THEN '{ModelStatus.UNDER_REVIEW.value}'
    WHEN (i * 31) %% 100 < 20 THEN '{ModelStatus.REMOVED.value}'
    ELSE '{ModelStatus.RECOGNISED.value}' END"""

SORTS = ["code", "name", "agency", "field", "year_started", "recognition_year", "status"]
# Admin's changelist orders by the position of the column in list_display (MovementModelAdmin).
ADMIN_ORDER = {"code": "1", "name": "2", "agency": "3", "field": "4", "status": "5", "recognition_year": "6"}
IN_LIST = "status__in=recognised,flagged,under_review"


@dataclass
class Page:
    name: str
    url: str
    admin: str | None = None
    kind: str = "list"  # list, detail, queue, dashboard, dashboard_cached
    user: str = "reviewer"
    # Drawn afresh in every round: a public page's kept copy (showcase.views.kept_until_changed) dropped first,
    # as a change to the registry drops it. Without it a public page is timed as its readers get it, kept.
    rendered: bool = False


@dataclass
class Timing:
    page: float
    sql: float
    empty: float
    shell: float
    admin: float | None
    queries: int
    status: int


@dataclass
class Outcome:
    passed: int = 0
    failed: list = field(default_factory=list)


def median(values):
    return statistics.median(values) if values else 0.0


class Command(BaseCommand):
    help = "Build synthetic registries of the given sizes and time every page against its floor (issue 15)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10000", help="comma-separated numbers of models (10000)")
        parser.add_argument("--rounds", type=int, default=15, help="warm rounds per page; the median is kept (15)")
        parser.add_argument("--load", type=float, default=0, help="seconds of load on gunicorn per size (0: none)")
        parser.add_argument("--keep", action="store_true", help="leave the last size's rows in the database")

    # The in-process client speaks plain HTTP, as the app behind its proxy does; the redirect to HTTPS is not timed.
    @override_settings(SECURE_SSL_REDIRECT=False)
    def handle(self, *args, sizes, rounds, load, keep, **options):
        sizes = [int(size.replace("_", "")) for size in sizes.split(",") if size.strip()]
        if not sizes or min(sizes) < 1_000:
            raise CommandError("Sizes of at least 1000 models.")
        if MovementModel.objects.filter(code__startswith=MARK).exists():
            self.clean()  # what an interrupted run (or --keep) left
        if MovementModel.objects.exists():
            raise CommandError(
                "This database holds models. The benchmark commits synthetic ones (and deletes them afterwards): "
                "run it on a scratch database (DATABASE_URL=.../dvk_benchmark, migrated)."
            )
        logging.getLogger("axes").setLevel(logging.WARNING)
        logging.getLogger("django.request").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        self.describe_machine()
        results = {}
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            ROOT_URLCONF="devtools.benchmark_urls",
            # The API's rounds would otherwise meet its per-user rate limit (2,000 an hour) within one run.
            API_THROTTLE_RATES={"token": "1000000/hour", "anonymous": "1000000/hour"},
            STORAGES={**settings.STORAGES, "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        ):
            for position, size in enumerate(sizes):
                setup = self.build(size)
                try:
                    results[size] = self.measure_all(setup, rounds)
                    if load:
                        results[size]["_load"] = self.load(setup, load)
                finally:
                    if not (keep and position == len(sizes) - 1):
                        self.clean()
        self.judge(results, sizes)

    # -- the synthetic registry --------------------------------------------------------------------------

    def build(self, count) -> dict:
        started = time.perf_counter()
        with transaction.atomic():
            if not Field.objects.exists() or not AdministrativeUnit.objects.exists():
                load_all(django.apps.apps)
            sync_role_groups()
            root = Agency.objects.create(name="Ban Chỉ đạo phong trào (benchmark)", kind=AgencyKind.OTHER)
            districts = Agency.objects.bulk_create(
                Agency(name=f"Huyện ủy {name} (benchmark)", short_name=f"HU {name}", kind=AgencyKind.PARTY, parent=root)
                for name in DISTRICTS
            )
            communes = Agency.objects.bulk_create(
                Agency(name=f"Đảng ủy xã {d:02d}-{n:02d} (benchmark)", kind=AgencyKind.COMMUNE, parent=district)
                for d, district in enumerate(districts, start=1)
                for n in range(1, 13)
            )
            agencies = [root, *districts, *communes]
            units = list(
                AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).order_by("pk").values_list("pk", flat=True)
            )
            fields = list(Field.objects.order_by("pk").values_list("pk", flat=True))
            self.create_models(count, agencies, units, fields)
            users = {
                "reviewer": self.user("reviewer", [Role.REVIEWER, Role.SECRETARY], agency=None),
                "leader": self.user("leader", [Role.LEADER], agency=None),
                # The admin opens to the administrator role only (accounts/admin.py): a bare superuser gets its login.
                "admin": self.user("admin", [Role.ADMINISTRATOR], agency=None, superuser=True),
            }
        self.vacuum()
        merged = (
            AdministrativeUnit.objects.filter(valid_to__isnull=True, level=UnitLevel.COMMUNE)
            .order_by("pk").values_list("pk", flat=True).first()
        )
        self.stdout.write(f"\n== {count:,} models: built in {time.perf_counter() - started:.1f} s "
                          f"({ModelCount.objects.count():,} count groups)")
        return {"size": count, "users": users, "district": districts[3], "unit": merged, "field": fields[0],
                "model": self.sample_model(count)}

    @staticmethod
    def sample_model(count) -> MovementModel:
        """The model whose pages are timed: recognised, a third into the table, and of the same slot (agency, unit,
        field) at every size, so that its page does the same work at each (a model of a commune merged away in 2025
        reads today's units too: two more queries)."""
        for i in range(count // 3 // SLOTS * SLOTS + SAMPLE_SLOT, count + 1, SLOTS):
            model = MovementModel.objects.filter(code=f"{MARK}{i}", status=ModelStatus.RECOGNISED).first()
            if model is not None:
                return model
        return MovementModel.objects.filter(status=ModelStatus.RECOGNISED).order_by("pk")[count // 3]

    def create_models(self, count, agencies, units, fields):
        slots = []
        for slot in range(SLOTS):
            number = slot % len(agencies)
            unit = units[(number * 3 + (slot // len(agencies)) % 4) % len(units)]
            slots.append((slot, agencies[number].pk, unit, fields[(slot // 7) % len(fields)]))
        words = [("p", k, w, fold(w)) for k, w in enumerate(PREFIXES)]
        words += [("t", k, w, fold(w)) for k, w in enumerate(TOPICS)]
        words += [("l", k, w, fold(w)) for k, w in enumerate(PLACES)]
        this_year = timezone.localdate().year
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE bench_slot (slot integer, agency_id bigint, unit_id bigint, "
                           "field_id bigint)")
            cursor.executemany("INSERT INTO bench_slot VALUES (%s, %s, %s, %s)", slots)
            cursor.execute("CREATE TEMPORARY TABLE bench_word (kind varchar(1), k integer, word text, folded text)")
            cursor.executemany("INSERT INTO bench_word VALUES (%s, %s, %s, %s)", words)
            if connection.vendor == "postgresql":
                numbers, series = "", f"generate_series(1, {int(count)}) AS g(i)"
            else:
                numbers = f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {int(count)}) "
                series = "g"
            started = f"({FIRST_YEAR} + (i %% {this_year - FIRST_YEAR}))"
            recognised = f"({started} + (i / 7) %% ({this_year} - {started} + 1))"
            status = f"({STATUS_SQL})"
            rare = f"CASE WHEN i %% {RARE_EVERY} = 7 THEN 'Dệt thổ cẩm, giữ nghề truyền thống.' ELSE '' END"
            rare_folded = f"CASE WHEN i %% {RARE_EVERY} = 7 THEN ' det tho cam, giu nghe truyen thong.' ELSE '' END"
            name = "p.word || ' ' || t.word || ' ' || l.word"
            cursor.execute(
                f"""INSERT INTO {MovementModel._meta.db_table} (
                    code, name, kind, owner_agency_id, registered_unit_id, field_id, level, year_started,
                    recognition_year, recognition_decision, recognising_body, description, approach, results,
                    is_typical, removal_year, status, created_at, results_updated_at, updated_at, version, search_text,
                    search_name, field_position, owner_agency_name)
                {numbers}SELECT
                    '{MARK}' || i, {name}, 'model', s.agency_id, s.unit_id, s.field_id, 'commune', {started},
                    CASE WHEN {status} IN ('draft', 'submitted') THEN NULL ELSE {recognised} END,
                    '', '', {rare}, '', '',
                    (i %% 20 = 0),
                    CASE WHEN {status} = 'removed' THEN
                        CASE WHEN {recognised} < {this_year} THEN {recognised} + 1 ELSE {recognised} END
                    END,
                    {status}, %s, %s, %s, 1,
                    lower('{MARK}' || i) || ' ' || p.folded || ' ' || t.folded || ' ' || l.folded || {rare_folded},
                    p.folded || ' ' || t.folded || ' ' || l.folded,
                    f."order", a.name
                FROM {series}
                JOIN bench_slot s ON s.slot = i %% {SLOTS}
                JOIN {Field._meta.db_table} f ON f.id = s.field_id
                JOIN {Agency._meta.db_table} a ON a.id = s.agency_id
                JOIN bench_word p ON p.kind = 'p' AND p.k = i %% {len(PREFIXES)}
                JOIN bench_word t ON t.kind = 't' AND t.k = (i / {len(PREFIXES)}) %% {len(TOPICS)}
                JOIN bench_word l ON l.kind = 'l' AND l.k = (i / 7) %% {len(PLACES)}""",
                [now, now, now],
            )
            cursor.execute("DROP TABLE bench_slot")
            cursor.execute("DROP TABLE bench_word")

    def vacuum(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for model in (MovementModel, ModelCount, Agency):
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
            else:
                cursor.execute("ANALYZE")

    def clean(self):
        with transaction.atomic(), connection.cursor() as cursor:
            # One plain DELETE: the ORM's delete() would write a history row per model (simple_history).
            # The synthetic models have no events, indicators or files to cascade to.
            cursor.execute(f"DELETE FROM {MovementModel._meta.db_table} WHERE code LIKE %s", [MARK + "%"])
            # The count groups the triggers kept for them stay at 0 (models_registry/models/counts.py); a next run's
            # dashboard would read them all (24,830 groups instead of 5,772 at 10,000 models, 81 -> 259 ms).
            ModelCount.objects.filter(n=0).delete()
            # The audit log keeps who signed in, and nothing deletes it: those accounts stay, switched off.
            accounts = User.objects.filter(username__startswith="benchmark-")
            audited = AuditEntry.objects.filter(actor__in=accounts).values("actor")
            accounts.filter(pk__in=audited).update(is_active=False)
            accounts.exclude(pk__in=audited).delete()
            for _ in range(3):  # the agency tree, leaves first
                Agency.objects.filter(name__endswith="(benchmark)", children__isnull=True).delete()
        cache.clear()

    def user(self, name, roles, *, agency, superuser=False):
        user = User.objects.create(username=f"benchmark-{name}-{time.time_ns()}", agency=agency,
                                   is_superuser=superuser, is_staff=superuser)
        for role in roles:
            user.groups.add(Group.objects.get(name=role.value))
        return user

    # -- the pages -------------------------------------------------------------------------------------------

    def pages(self, setup) -> list[Page]:
        year = timezone.localdate().year - 1
        deep = min(setup["size"] // 2, 50_000)
        deep_cursor = self.cursor_at(setup, deep)
        listed = MovementModel.objects.in_list().count()
        admin_last = max(0, (listed - 1) // 100)  # admin shows 100 rows a page, numbered from 0
        pages = [
            Page("list", "/models/", f"?{IN_LIST}"),
            Page("list page 2", "/models/?" + self.next_link(setup), f"?{IN_LIST}&p=1"),
            Page("list deep page", f"/models/?after={deep_cursor}", f"?{IN_LIST}&p={deep // 100}"),
            Page("list last page", "/models/?page=last", f"?{IN_LIST}&p={admin_last}"),
            Page("list agency subtree", f"/models/?agency={setup['district'].pk}", f"?{IN_LIST}"),
            Page("list unit (merged in)", f"/models/?unit={setup['unit']}", f"?{IN_LIST}"),
            Page("list field and year", f"/models/?field={setup['field']}&recognition_year={year}",
                 f"?{IN_LIST}&field__id__exact={setup['field']}"),
            Page("search common", "/models/?q=dan+van+kheo", f"?{IN_LIST}&q=D%C3%A2n+v%E1%BA%ADn+kh%C3%A9o"),
            Page("search rare", "/models/?q=tho+cam", f"?{IN_LIST}&q=BENCH-7"),
            *[Page(f"list sorted by {key}", f"/models/?o={key}",
                   f"?{IN_LIST}&o={ADMIN_ORDER[key]}.-0" if key in ADMIN_ORDER else f"?{IN_LIST}")
              for key in SORTS],
            Page("model detail", f"/models/{setup['model'].pk}/", f"{setup['model'].pk}/change/", kind="detail"),
            # The model page's other tabs (admin has no counterpart to either).
            Page("model spread", f"/models/{setup['model'].pk}/spread/", None, kind="detail"),
            Page("model history", f"/models/{setup['model'].pk}/history/", None, kind="detail"),
            Page("review queue", "/reviews/", "?status__exact=submitted", kind="queue"),
            Page("directive list", "/directives/", None),
            Page("dashboard uncached", "/dashboard/", None, kind="dashboard", user="leader"),
            Page("dashboard cached", "/dashboard/", None, kind="dashboard_cached", user="leader"),
            # The public showcase, read as its readers do: a visitor who has not signed in (a signed-in reader pays
            # the three queries of their session, user and second factor on top).
            # The API as a national system reads it: the models list (its own cursor, newest first) and the roll-up.
            Page("api models list", "/api/v1/models/", None),
            Page("api figures uncached", "/api/v1/figures/", None, kind="dashboard", user="leader"),
            Page("api figures cached", "/api/v1/figures/", None, kind="dashboard_cached", user="leader"),
            # Each public page twice: as a reader gets it (kept as rendered until the registry changes) and drawn
            # afresh, as the first reader after a change gets it.
            *[Page(f"public list{how}", "/public/models/", None, user="visitor", rendered=rendered)
              for how, rendered in (("", False), (" rendered", True))],
            # A search is drawn afresh for every reader: only addresses without a query string are kept.
            Page("public search", "/public/models/?q=dan+van+kheo", None, user="visitor"),
        ]
        public = MovementModel.objects.published_for_public().order_by("pk").first()
        if public is not None:
            pages += [Page(f"public model page{how}", f"/public/models/{public.code}/", None, kind="detail",
                           user="visitor", rendered=rendered) for how, rendered in (("", False), (" rendered", True))]
        return pages

    def next_link(self, setup) -> str:
        response = self.client(setup["users"]["reviewer"]).get("/models/")
        found = re.search(r'href="\?([^"]*)" rel="next"', response.content.decode())
        if found is None:
            raise CommandError(f"/models/ shows the reviewer no next page (status {response.status_code}, "
                               f"{response.get('Location', '')})")
        return html.unescape(found.group(1))

    def cursor_at(self, setup, position) -> str:
        from core.pagination import encode_cursor

        row = MovementModel.objects.in_list().order_by("-pk").values_list("pk", flat=True)[position]
        return encode_cursor([row])

    def client(self, user):
        """Signed in as a finished sign-in is: with the second factor given for the roles that need one (the
        reviewer), or every page of theirs would be the redirect to the code's page."""
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.second_factor import AUTHENTICATOR, needs_second_factor

        client = Client()
        client.force_login(user)
        if needs_second_factor(user):
            device, _created = TOTPDevice.objects.get_or_create(user=user, name=AUTHENTICATOR,
                                                               defaults={"confirmed": True})
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    def measure_all(self, setup, rounds) -> dict:
        results = {}
        clients = {name: self.client(user) for name, user in setup["users"].items()} | {"visitor": Client()}
        admin_base = "/admin/models_registry/movementmodel/"
        header = (f"{'page':<34}{'page ms':>9}{'sql ms':>8}{'empty':>7}{'shell':>7}{'admin':>8}{'queries':>8}"
                  "  page/(sql+empty)  page/(sql+shell)")
        self.stdout.write(header)
        for page in self.pages(setup):
            client = clients[page.user]
            if page.kind == "dashboard":
                cache.clear()
            response = client.get(page.url)  # warm: the session, the content types, the cache when wanted
            if response.status_code != 200:
                raise CommandError(f"{page.url}: HTTP {response.status_code}")
            if page.admin is not None:  # a redirect to admin's login would time a page that shows nothing
                admin_response = clients["admin"].get(admin_base + page.admin)
                if admin_response.status_code != 200:
                    raise CommandError(f"admin {page.admin}: HTTP {admin_response.status_code}")
            timings = []
            for _ in range(rounds):
                if page.kind == "dashboard":
                    cache.clear()
                if page.rendered:
                    versioning._bump_now()  # what a committed change does: the kept copies are keyed by the version
                connection.queries_log.clear()  # a full log (DEBUG off) would make the capture below empty
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(page.url)
                    page_ms = (time.perf_counter() - start) * 1000
                captured = list(queries.captured_queries)  # before the next request resets the log
                sql_ms = self.replay(captured)
                start = time.perf_counter()
                client.get("/__benchmark_empty__/")
                empty_ms = (time.perf_counter() - start) * 1000
                start = time.perf_counter()
                client.get("/__benchmark_shell__/")
                shell_ms = (time.perf_counter() - start) * 1000
                admin_ms = None
                if page.admin is not None:
                    start = time.perf_counter()
                    clients["admin"].get(admin_base + page.admin)
                    admin_ms = (time.perf_counter() - start) * 1000
                timings.append(Timing(page_ms, sql_ms, empty_ms, shell_ms, admin_ms, len(captured),
                                      response.status_code))
            result = {
                "page": median([t.page for t in timings]),
                "sql": median([t.sql for t in timings]),
                "empty": median([t.empty for t in timings]),
                "shell": median([t.shell for t in timings]),
                "admin": median([t.admin for t in timings]) if page.admin else None,
                "queries": timings[-1].queries,
                "kind": page.kind,
            }
            results[page.name] = result
            admin = f"{result['admin']:8.1f}" if result["admin"] is not None else f"{'—':>8}"
            self.stdout.write(
                f"{page.name:<34}{result['page']:9.1f}{result['sql']:8.1f}{result['empty']:7.1f}"
                f"{result['shell']:7.1f}{admin}{result['queries']:8}"
                f"  {result['page'] / (result['sql'] + result['empty']):16.2f}"
                f"  {result['page'] / (result['sql'] + result['shell']):16.2f}"
            )
        return results

    def replay(self, queries) -> float:
        """The page's own SQL on a raw cursor (its parameters already inlined by Django's capture)."""
        total = 0.0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # past Django's wrapper: no debug recording, no hooks
            for query in queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                start = time.perf_counter()
                raw.execute(sql)
                raw.fetchall()
                total += (time.perf_counter() - start) * 1000
        return total

    # -- load on gunicorn ------------------------------------------------------------------------------------

    def load(self, setup, seconds) -> dict | None:
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
        if gunicorn is None:
            self.stdout.write("load: gunicorn not found, skipped")
            return None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        client = self.client(setup["users"]["reviewer"])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        env = {**os.environ, "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
        # gunicorn serves as production does: the collected files and their manifest, which a fresh checkout has
        # not built yet (every page would be a 500). In its own process: this one runs with plain static storage.
        subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "collectstatic", "--noinput"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [gunicorn, "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            results = {}
            for concurrency in (1, 4):
                results[concurrency] = self.drive(port, session, concurrency, seconds / 2)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        single, four = results[1], results[4]
        self.stdout.write(
            f"load /models/ on gunicorn (2 workers), {seconds / 2:.0f} s each: "
            f"concurrency 1: {single['rps']:.1f} req/s; "
            f"concurrency 4: {four['rps']:.1f} req/s, p50 {four['p50']:.0f} ms, p95 {four['p95']:.0f} ms, "
            f"p99 {four['p99']:.0f} ms, {four['errors']} errors"
            + (f" (HTTP {four['statuses'] or single['statuses']})" if four["errors"] or single["errors"] else "")
        )
        return results

    def drive(self, port, session, concurrency, seconds) -> dict:
        latencies, errors, lock, statuses = [], [0], threading.Lock(), {}
        stop = time.monotonic() + seconds

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop:
                start = time.perf_counter()
                try:
                    conn.request("GET", "/models/", headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                    if not ok:
                        with lock:
                            statuses[response.status] = statuses.get(response.status, 0) + 1
                except OSError:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    ok = False
                with lock:
                    if ok:
                        latencies.append((time.perf_counter() - start) * 1000)
                    else:
                        errors[0] += 1

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        latencies.sort()

        def pct(p):
            return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

        return {"rps": len(latencies) / seconds, "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99),
                "errors": errors[0], "statuses": statuses}

    # -- the targets -----------------------------------------------------------------------------------------

    def judge(self, results, sizes):
        outcome = Outcome()

        def check(label, ok, detail):
            if ok:
                outcome.passed += 1
            else:
                outcome.failed.append(label)
            self.stdout.write(f"{'PASS' if ok else 'FAIL'}  {label}: {detail}")

        self.stdout.write("\n== targets")
        smallest, largest = sizes[0], sizes[-1]
        for size in sizes:
            for name, r in results[size].items():
                if name.startswith("_"):
                    continue
                kind = r["kind"]
                if kind in ("list", "queue"):
                    check(f"{name} @ {size:,}: queries", r["queries"] <= 8, f"{r['queries']} (≤ 8)")
                if kind == "detail":
                    check(f"{name} @ {size:,}: queries", r["queries"] <= 12, f"{r['queries']} (≤ 12)")
                if kind in ("list", "queue", "detail"):
                    overhead = r["page"] / (r["sql"] + r["empty"])
                    in_layout = r["page"] / (r["sql"] + r["shell"])
                    check(f"{name} @ {size:,}: page ÷ (sql + empty)", overhead <= 2.0,
                          f"{overhead:.2f} (≤ 2.0; ÷ (sql + the bare layout): {in_layout:.2f})")
                    if r["admin"]:
                        ratio = r["page"] / r["admin"]
                        check(f"{name} @ {size:,}: page ÷ admin", ratio <= 1.0, f"{ratio:.2f} (≤ 1.0)")
                if kind == "dashboard":
                    ratio = r["page"] / max(r["sql"], 0.001)
                    check(f"{name} @ {size:,}: page ÷ its SQL", ratio <= 1.5, f"{ratio:.2f} (≤ 1.5)")
                    if size >= 1_000_000:
                        check(f"{name} @ {size:,}: time", r["page"] < 500, f"{r['page']:.0f} ms (< 500)")
                if kind == "dashboard_cached":
                    ratio = r["page"] / r["empty"]
                    check(f"{name} @ {size:,}: page ÷ empty", ratio <= 1.2,
                          f"{ratio:.2f} (≤ 1.2; ÷ the bare layout: {r['page'] / r['shell']:.2f})")
            load = results[size].get("_load")
            if load:
                target = 0.8 * 2 * load[1]["rps"]
                check(f"throughput @ {size:,}", load[4]["rps"] >= target and load[4]["errors"] == 0,
                      f"{load[4]['rps']:.1f} req/s at 4 (≥ {target:.1f}), {load[4]['errors']} errors")
        if largest != smallest:
            for name, big in results[largest].items():
                if name.startswith("_") or big["kind"] not in ("list", "queue", "detail"):
                    continue
                small = results[smallest][name]
                ratio = big["page"] / small["page"]
                check(f"{name}: {largest:,} ÷ {smallest:,}", ratio <= 1.5, f"{ratio:.2f} (≤ 1.5)")
                check(f"{name}: queries flat", big["queries"] == small["queries"],
                      f"{small['queries']} → {big['queries']}")
        self.stdout.write(f"benchmark: {outcome.passed} passed, {len(outcome.failed)} failed")

    def describe_machine(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                database = f"PostgreSQL {cursor.fetchone()[0]}"
            else:
                cursor.execute("SELECT sqlite_version()")
                database = f"SQLite {cursor.fetchone()[0]}"
        self.stdout.write(
            f"{timezone.now():%Y-%m-%d %H:%M} UTC. Machine: {os.cpu_count()} CPUs "
            f"({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
            f"Django {django.get_version()}, {database}, DEBUG={settings.DEBUG}. "
            f"Load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}."
        )
