"""Settings for the "Dân vận khéo" registry.

One file, read from the environment with strict helpers (as healthchecks does): a bad value fails at
start-up instead of being read as something else, and no secret lives in the code.
Without DATABASE_URL the app runs on SQLite in the project folder; with it, on PostgreSQL.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.release import release

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-development-key-never-used-in-production-0123456789abcdef"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "models_registry",
    "meetings",
    "dashboard",
    "compilations",
    "home",
    "showcase",
    "demo",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]
# Development-only commands (benchmarks): installed when the folder is there, which it is not in the image.
if importlib.util.find_spec("devtools") is not None:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Accounts and sessions: refusals audited, the second factor (django-otp) read, the session's lifetime
    # (it tells why with a message) and the second factor required (accounts/security.py).
    "core.middleware.AuditRefusalsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.security.SessionLifetimeMiddleware",
    "accounts.security.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by the backend into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
                "showcase.context_processors.public_showcase",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Rights come from the roles only, for superusers too (separation of duties).
    "accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five wrong passwords lock a username for an hour from that address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Vietnamese first; English one click away. The chosen language lives in a cookie
# (accounts.middleware.ChosenLanguageMiddleware), never guessed from the browser.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The project's catalogue first, then Vietnamese for what Django and the libraries show but their own catalogues
# lack (devtools' `library_messages` keeps it in step; `.ci/run` checks it is complete).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "libraries"]
# django-filter's empty choice ("---------") reads "All" in every list filter.
FILTERS_EMPTY_CHOICE_LABEL = _("All")
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded evidence is private: it is never under STATIC or a public URL, only streamed by a view
# that checks the reader may see the model.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Uploads: size bound (bytes) and the allow-list of types, see models_registry/uploads.py.
MAX_UPLOAD_SIZE = envint("MAX_UPLOAD_SIZE_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Spreadsheet imports of models (models_registry/imports/): the largest file and the most rows accepted at once.
IMPORT_MAX_SIZE = envint("IMPORT_MAX_SIZE_MB", 10) * 1024 * 1024
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 50000)
# A file with more data rows than this is checked, and once confirmed saved, by a background job with progress, not
# in the request.
IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS = envint("IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS", 2000)

# Mail: printed to the console while developing, sent by SMTP in production.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": envint("DJANGO_EMAIL_PORT", 25),
        "username": os.environ.get("DJANGO_EMAIL_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
        "use_tls": envbool("DJANGO_EMAIL_USE_TLS", False),
    }
elif MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend"):  # messages written to files (the proofs)
    MAILERS["default"]["OPTIONS"] = {"file_path": os.environ.get("DJANGO_EMAIL_FILE_PATH", BASE_DIR / "sent-mail")}
# The address people use to reach the app; e-mails link to it. Required in production: a default would send
# every e-mail with links to localhost.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("Set DJANGO_SITE_URL, the address people use (e.g. https://danvankheo.example.gov.vn).")
# Models with no new results or indicators for this many months are candidates for review.
REVIEW_STALE_MONTHS = envint("REVIEW_STALE_MONTHS", 18)
# Days an agency has to answer a flag, unless the reviewer sets another deadline.
REVIEW_ANSWER_DAYS = envint("REVIEW_ANSWER_DAYS", 30)
# A nomination needs this many reviewers' scores before "select the highest-scoring" may pick it.
COMPILATION_MIN_SCORES = envint("COMPILATION_MIN_SCORES", 2)
# Largest photo of a compilation entry (JPEG or PNG); a booklet needs no more.
COMPILATION_PHOTO_MAX_SIZE = envint("COMPILATION_PHOTO_MAX_MB", 5) * 1024 * 1024
# The public showcase (/public/, README "Public showcase"): the published compilations and the typical models, with
# no login. Off: /public/ answers 404 and the login and home pages do not link to it.
PUBLIC_SHOWCASE_ENABLED = envbool("DJANGO_PUBLIC_SHOWCASE", True)
# How long browsers, shared caches and the application's own cache (showcase.views.kept_until_changed) may keep a
# public page (seconds).
PUBLIC_SHOWCASE_CACHE_SECONDS = envint("DJANGO_PUBLIC_SHOWCASE_CACHE_SECONDS", 300)
# The licence of the open data (the public list as CSV and JSON): its name and where it is explained.
PUBLIC_DATA_LICENCE = os.environ.get("DJANGO_PUBLIC_DATA_LICENCE", "CC BY 4.0")
PUBLIC_DATA_LICENCE_URL = os.environ.get(
    "DJANGO_PUBLIC_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "danvankheo@localhost")

# Security headers. HTTPS settings default to on outside DEBUG; an intranet without TLS can turn
# them off explicitly.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The container's health check asks the app itself over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_TLS_PROXY", False) else None
)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

# Rows per page on list pages.
REGISTRY_PAGE_SIZE = envint("REGISTRY_PAGE_SIZE", 25)
# Above this many matches the models list says "more than N" instead of counting them all (core/pagination.py).
REGISTRY_COUNT_CAP = envint("REGISTRY_COUNT_CAP", 1000)
# A search matching more models than this is listed by code, not ranked: the rank must be computed for every match
# before the first page can be shown (half a million matches at 1,000,000 models: 0.8 s), and a list of that many
# matches needs another word more than an order (models_registry/filtersets.py).
SEARCH_RANK_MAX_MATCHES = envint("SEARCH_RANK_MAX_MATCHES", 10_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports each rendering step at INFO; only its warnings (a missing image) are worth a line.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

AXES_LOCKOUT_TEMPLATE = "429.html"

# Sessions end after this many idle minutes, and this many hours after signing in however active
# (accounts/security.py). The authenticator apps show this name beside the account.
SESSION_IDLE_MINUTES = envint("DJANGO_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = envint("DJANGO_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
OTP_TOTP_ISSUER = "Dân vận khéo"

# The admin's history pages are read-only: "revert to this version" would write around the services
# (a removed model back to flagged, a published meeting back to draft).
SIMPLE_HISTORY_REVERT_DISABLED = True

# The API (api/, README "API"): per-user hashed tokens or the browser's session, JSON only, the request's
# Accept-Language for its messages, throttled per token/user and per anonymous client.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasViewPermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_THROTTLE_RATES = {
    "token": os.environ.get("API_THROTTLE_TOKEN", "2000/hour"),
    "anonymous": os.environ.get("API_THROTTLE_ANONYMOUS", "60/hour"),
}
API_PAGE_SIZE = envint("API_PAGE_SIZE", 50)
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 90)  # a new token's default lifetime
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", 365)
SPECTACULAR_SETTINGS = {
    "TITLE": "Dân vận khéo API",
    "DESCRIPTION": "The registry of the Dân vận khéo movement, its review workflow, meetings, directives and figures.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # Swagger UI's files from drf-spectacular-sidecar, served by the app: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ModelKindEnum": "models_registry.choices.ModelKind",
        "ModelLevelEnum": "models_registry.choices.ModelLevel",
        "ModelStatusEnum": "models_registry.choices.ModelStatus",
        "UnitLevelEnum": "models_registry.choices.UnitLevel",
        "AgencyKindEnum": "models_registry.choices.AgencyKind",
        "MeetingKindEnum": "meetings.choices.MeetingKind",
        "MeetingStatusEnum": "meetings.choices.MeetingStatus",
        "DocumentKindEnum": "meetings.choices.DocumentKind",
        "AssignmentStateEnum": "meetings.choices.AssignmentState",
        "CompilationStatusEnum": "compilations.choices.CompilationStatus",
    },
}

# --- Scaling out (README "Scaling out"): one switch, REDIS_URL, takes cache, sessions and jobs out of the process.
# Unset: a per-process memory cache, sessions in the database and jobs run at once in the request's process.
REDIS_URL = os.environ.get("REDIS_URL", "")
# The per-process memory cache, with room for what the pages keep (a filter sidebar per filter values and
# language, the drop-downs' choices, the dashboard's figures and their HTML per scope): with Django's default of
# 300 entries it filled within minutes and evicted a third of them each time, and the pages read again what they
# had cached (three more queries on a list page, seen in the benchmark).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 20_000)},
    }
}
if REDIS_URL:
    # Django's own Redis backend; a key prefix lets several deployments (or test runs) share one server, and the
    # release in it keeps a new release from reading what the previous one cached (config/release.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'dvk')}:{release(BASE_DIR)}",
        }
    }
    # Read from the shared cache, written through to the database: a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Where jobs run: "immediate" (in the request's process, after its transaction commits) or "database" (queued in
# the database, run by `manage.py jobs_worker`; see the README for why this backend). Database when REDIS_URL is set.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "database" if REDIS_URL else "immediate")
if TASKS_BACKEND == "database":
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"DJANGO_TASKS_BACKEND must be 'immediate' or 'database', not {TASKS_BACKEND!r}")
# A finished report or export is kept this many hours for the person who asked, then deleted (`housekeeping`).
JOB_RESULT_HOURS = envint("JOB_RESULT_HOURS", 24)
# A list's Excel/CSV export of more rows than this is built as a job (a button, then a progress page), not in the
# request: a long one would hold a worker, and the proxy would cut it off.
EXPORT_IN_REQUEST_MAX_ROWS = envint("EXPORT_IN_REQUEST_MAX_ROWS", 5000)
# A job whose worker dies is run again, up to this many runs in all, then marked failed (its owner can retry).
JOB_MAX_ATTEMPTS = envint("JOB_MAX_ATTEMPTS", 3)
# Only for deploy/two_nodes.py: every job waits this long once claimed, so the proof can kill its worker mid-job.
PROOF_JOB_DELAY_SECONDS = float(os.environ.get("PROOF_JOB_DELAY_SECONDS", "0"))
# Uploaded and generated files on S3-compatible object storage when a bucket is named; the local disk otherwise.
# Private either way: the bucket is never public, files are streamed by the app after its permission check.
AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("S3_REGION", "us-east-1")
    AWS_S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    AWS_S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True  # any URL the storage makes is signed and short-lived
    AWS_QUERYSTRING_EXPIRE = 300
    AWS_S3_FILE_OVERWRITE = False  # two uploads of one name never replace each other
    AWS_LOCATION = os.environ.get("S3_PREFIX", "")
