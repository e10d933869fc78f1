"""One settings module, read from the environment (healthchecks' habit).

SQLite is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL.
SAFEGUARDING_ENV=production turns on the deploy checks' requirements (secure cookies, HSTS).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("SAFEGUARDING_ENV") == "production"
DEBUG = env_flag("DEBUG", default=False)
# The demo key only ever serves the embedded demo; production refuses to start without its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else "demo-only-not-secret-" + "x" * 40)
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when SAFEGUARDING_ENV=production")
# The previous key(s) while rotating (docs/operations.md): sessions signed with them still hold.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

FORCE_NAME = os.environ.get("FORCE_NAME", "Northmoor Police")
# New case references, one format per force (cases.references): {force} is FORCE_CODE, {district}
# the district's code, {yy}/{yyyy} the year first reported, and {number} (last) the next number
# under that prefix. The default gives the demo's NM26-0000222.
FORCE_CODE = os.environ.get("FORCE_CODE", "NM")
CASE_REFERENCE_FORMAT = os.environ.get("CASE_REFERENCE_FORMAT", "{force}{yy}-{number:07d}")

# Notifications by e-mail (issue 25): off unless turned on, so the demo sends nothing. The mail
# server is Django's (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS); SITE_URL is the address the e-mail links back to (it carries no case detail).
NOTIFICATION_EMAILS = env_flag("NOTIFICATION_EMAILS", default=False)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safeguarding@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "safeguarding.access",
    "safeguarding.force",
    "safeguarding.records",
    "safeguarding.people",
    "safeguarding.cases",
    "safeguarding.firstcontact",
    "safeguarding.standards",
    "safeguarding.audits",
    "safeguarding.inspections",
    "safeguarding.exchange",
    "safeguarding.reports",
    "safeguarding.retention",
    "safeguarding.notifications",
    "safeguarding.demo",
    "safeguarding.runtime",
    "safeguarding.home",
    # On top: the benches time the features and the demo force (issue 19).
    "safeguarding.benches",
]

MIDDLEWARE = [
    # First: the request id is on every log line of the request, and every request is logged.
    "safeguarding.runtime.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "safeguarding.runtime.static.StaticFilesMiddleware",
    # Below WhiteNoise so static files keep their caching; everything else is no-store.
    "safeguarding.access.middleware.NoStoreMiddleware",
    # Outside the rest, so every error under /api/ leaves as a problem (api_problems.py).
    "safeguarding.api_problems.ApiProblemMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before common (Django's order): the language cookie picks English or Welsh.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Inactivity timeout, the user's list of sessions, the forced password change (access/sessions.py).
    "safeguarding.access.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Deny by default: every view must declare who may use it (access/middleware.py).
    "safeguarding.access.middleware.DeclaredPermissionMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguarding.urls"
WSGI_APPLICATION = "safeguarding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeguarding.access.context_processors.viewer",
                "safeguarding.notifications.context_processors.unread",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("SAFEGUARDING_DATA_DIR", PROJECT_DIR / "var"))
# Production runs on PostgreSQL only: an unset DATABASE_URL must not quietly fall back to a
# SQLite file in the container (no backups, no concurrent writers, lost on redeploy).
if PRODUCTION and not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    raise RuntimeError(
        "DATABASE_URL must be set to a PostgreSQL URL (postgres://...) when SAFEGUARDING_ENV=production"
    )
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'safeguarding.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A connection kept between requests is checked before reuse, so one the database has
        # dropped (restart, failover, pg_terminate_backend) is replaced instead of failing a request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the demo server read while the generator or an import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Django turns psycopg's prepared statements off (for transaction-pooling PgBouncer). Its
    # own queries bind client-side and are never prepared either way; only the two statements
    # that ask for it on a server-side cursor are (the first-contact facts, a case's standards:
    # planning each costs more than running it). Behind a PgBouncer older than 1.21 in
    # transaction mode, set DB_PREPARED_STATEMENTS=0.
    if env_flag("DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite cannot enforce "one standard result per case, standard and child" when the child is
# empty (NULLS NOT DISTINCT); PostgreSQL does, and the evaluator replaces a case's rows wholesale.
# The team worklist's covering index INCLUDEs columns on PostgreSQL; SQLite builds it on its key
# columns alone, which is all the embedded default needs (W040).
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's shipped list: the 20,000 most common passwords of Royce Williams' 2018 list
    # (https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce), offline by design:
    # no breach service is reachable from a force network.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Signing in (issue 13) -------------------------------------------------------------------
# Brute force: django-axes locks an account after AXES_FAILURE_LIMIT failures, and separately a
# source address after the same number, for AXES_COOLOFF_TIME. Every attempt is in the access log.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("SIGNIN_LOCKOUT_HOURS", "0.5"))  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # successes are in our access log; axes keeps only the failure counts
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
# The server (runtime/server.py) puts the client's address in REMOTE_ADDR, taken from
# X-Forwarded-For only when the request came from TRUSTED_PROXY; a client cannot set it.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Second factor: every role signs in with a TOTP code (or a one-time recovery code).
OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Safeguarding")
OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp's own delay between wrong codes, doubling each time
# The demo force's users share one TOTP secret (hex), printed by `make demo`. Refused in
# production by a deploy check (access/checks.py): a known secret is no second factor.
DEMO_MFA_SECRET = os.environ.get(
    "DEMO_MFA_SECRET", "" if PRODUCTION else "3132333435363738393031323334353637383930"
)

# Sessions end after SESSION_INACTIVITY_SECONDS without a request, and SESSION_COOKIE_AGE
# after sign-in whatever the activity.
SESSION_INACTIVITY_SECONDS = int(os.environ.get("SESSION_INACTIVITY_MINUTES", "30")) * 60
# Re-authentication (step-up) before exports and out-of-district records lasts this long.
STEP_UP_SECONDS = int(os.environ.get("STEP_UP_MINUTES", "10")) * 60

# Optional single sign-on (OpenID Connect, e.g. Microsoft Entra ID); off unless OIDC_ENABLED.
OIDC_ENABLED = env_flag("OIDC_ENABLED")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# The ID token's `iss` must equal this (the discovery document's "issuer"); unset refuses all.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_USE_PKCE = True  # S256 code challenge (mozilla-django-oidc's default method)
# Only users who already exist here sign in by SSO: the role and districts are set by an admin.
OIDC_CREATE_USER = False
# The identity provider must say it did multi-factor authentication (the `amr` claim).
OIDC_REQUIRED_AMR = env_list("OIDC_REQUIRED_AMR", "mfa")
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("safeguarding.access.oidc.ForceOIDCBackend")

LANGUAGE_CODE = "en-gb"
# Four forces are in Wales and work under the Welsh Language Standards (issue 25). The Welsh
# catalogue (locale/cy) covers first contact, the child, the case and the worklist pages, and
# awaits review by a Welsh speaker; the user's choice is kept in the language cookie.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Project-wide assets (site.css, vendored htmx) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Filled by `safeguarding collectstatic --no-input` in the build step (docs/operations.md); nothing
# here writes to disk at import time, so the application runs from a read-only image.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# The demo and development serve straight from the apps' static folders (no collectstatic
# step); production serves the collected files only (runtime/static.py).
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Files attached to cases and entries (statements, photographs, letters): outside any folder the
# web server serves, read back only through the logged download view (cases/attachments.py).
# Back this folder up with the database: the rows name files kept here.
ATTACHMENTS_ROOT = Path(os.environ.get("ATTACHMENTS_ROOT", DATA_DIR / "attachments"))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
# Uploaded files hold personal data: readable by the server's account only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Uploads from outside (safeguarding/uploads.py): the compressed size of an extract, and for any
# zip the number of files and the size it unpacks to, checked before anything is inflated.
EXCHANGE_UPLOAD_MAX_BYTES = int(os.environ.get("EXCHANGE_UPLOAD_MAX_BYTES", 100 * 1024 * 1024))
# How each source system writes dates that are not ISO (exchange/dates.py): "NICHE=dmy,ATHENA=dmy";
# "*" for every other source. Unset: day/month/year only where it cannot be month/day.
EXCHANGE_DATE_LAYOUTS = dict(
    item.strip().split("=", 1)
    for item in os.environ.get("EXCHANGE_DATE_LAYOUTS", "").split(",")
    if "=" in item
)
UPLOAD_ZIP_MAX_ENTRIES = int(os.environ.get("UPLOAD_ZIP_MAX_ENTRIES", 200))
UPLOAD_ZIP_MAX_INFLATED_BYTES = int(os.environ.get("UPLOAD_ZIP_MAX_INFLATED_BYTES", 512 * 1024 * 1024))
# A published inspection report (.txt or .pdf): its size, and how much of a PDF is unpacked.
INSPECTION_REPORT_MAX_BYTES = int(os.environ.get("INSPECTION_REPORT_MAX_BYTES", 30 * 1024 * 1024))
INSPECTION_REPORT_MAX_PAGES = int(os.environ.get("INSPECTION_REPORT_MAX_PAGES", 1000))
INSPECTION_REPORT_MAX_CHARACTERS = int(os.environ.get("INSPECTION_REPORT_MAX_CHARACTERS", 20_000_000))

# Security: on from the first line. Secure cookies and HSTS need TLS, so they follow PRODUCTION.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one shift (the inactivity limit is above)
# The hard cap, counted from sign-in by access.middleware (Django renews SESSION_COOKIE_AGE on save).
# An administrator's temporary password is refused at sign-in after this many hours.
TEMPORARY_PASSWORD_HOURS = int(os.environ.get("TEMPORARY_PASSWORD_HOURS", "24"))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "8")) * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = PRODUCTION or env_flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The English/Welsh choice: only the server reads it.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    # __Host- cookies: the browser keeps them only if Secure, Path=/ and no Domain, so no
    # sibling host can set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_DOMAIN = None
    CSRF_COOKIE_DOMAIN = None
    SESSION_COOKIE_PATH = "/"
    CSRF_COOKIE_PATH = "/"
SECURE_SSL_REDIRECT = PRODUCTION
# Health probes come from the orchestrator over plain HTTP inside the host, not through the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Not SECURE_PROXY_SSL_HEADER: the server itself takes X-Forwarded-Proto from TRUSTED_PROXY
# only and sets the request's scheme (runtime/server.py), so Django sees https behind the proxy.
SECURE_PROXY_SSL_HEADER = None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

REST_FRAMEWORK = {
    # Token first: DRF takes WWW-Authenticate from the first class, so no credentials = 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safeguarding.access.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["safeguarding.access.api.DeclaredApiPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "safeguarding.access.throttling.ApiUserThrottle",
        "safeguarding.access.throttling.ApiAnonThrottle",
        "safeguarding.access.throttling.ApiListBurstThrottle",
        "safeguarding.access.throttling.ApiListSustainedThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    # So `safeguarding spectacular` alone prints the whole v1 schema.
    "DEFAULT_VERSION": "v1",
    "UNAUTHENTICATED_USER": None,
    # RFC 9457 problem details for every API error (ADR 0015).
    "EXCEPTION_HANDLER": "safeguarding.api_problems.api_exception_handler",
}
# API rates (DRF's "N/second|minute|hour|day"); tests raise them (tests/conftest.py). The list
# rates bound bulk paging of personal data: at 10 pages of at most 500 records a minute and 60
# an hour, 10,000 people take two minutes instead of three seconds, and a whole force hours.
API_THROTTLE_RATES = {
    "user": os.environ.get("API_THROTTLE_USER", "600/min"),
    "anon": os.environ.get("API_THROTTLE_ANON", "30/min"),
    "list_burst": os.environ.get("API_THROTTLE_LIST_BURST", "10/min"),
    "list_sustained": os.environ.get("API_THROTTLE_LIST_SUSTAINED", "60/hour"),
}
# Throttle counts must be shared by every server process and survive a restart, so they live
# in the database (no extra service to run); the table is made by access migration 0003.
API_THROTTLE_CACHE = "throttle"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "safeguarding_throttle_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# API tokens: the longest life a token may be given, and the default.
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Safeguarding API",
    "DESCRIPTION": "People, cases, stage entries, first-contact lookup and practice standards.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # PersonRequest apart from Person: a generated client need not send the read-only fields.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "safeguarding.api_problems.problem_responses_hook",
    ],
}

# --- Running in a force (ADR 0014, docs/operations.md) ------------------------------------------
SERVER_HOST = os.environ.get("SERVER_HOST", "127.0.0.1")
SERVER_PORT = int(os.environ.get("SERVER_PORT", "8000"))
SERVER_THREADS = int(os.environ.get("SERVER_THREADS", "8"))
# The TLS proxy's address (or addresses, space-separated; "*" trusts any, only on a private
# network): the one peer whose X-Forwarded-For and X-Forwarded-Proto are believed.
TRUSTED_PROXY = os.environ.get("TRUSTED_PROXY", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
# /metrics answers only a scraper presenting this bearer token; unset, it answers nobody.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# The job queue (ADR 14): imports, evaluations and the scheduler's re-judging run in
# `safeguarding db_worker`, out of the request. Tasks are rows in this same database (PostgreSQL
# or SQLite): no broker to run, and a task is queued in the transaction that asks for it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Application logs carry ids and counts, never names, dates of birth, addresses or search terms.
# One JSON object a line (LOG_FORMAT=plain for reading in a terminal), each with the request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "safeguarding.runtime.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "safeguarding.runtime.observability.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request (route name, status, duration; never the path or query string).
        "safeguarding.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        # The request logger would print full URLs; ours never hold personal data, but
        # query strings of third-party clients might.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # django-axes names the username and address in its messages: those belong in the
        # access log only (access/signals.py writes them there).
        "axes": {"level": "ERROR"},
        # mozilla-django-oidc names the email of an unmatched user at debug level.
        "mozilla_django_oidc": {"level": "WARNING"},
    },
}

# `safeguarding seal-access-log` appends the access log's head here and `verify-access-log` checks
# it (ADR 0004). Put it where the application's OS user may append but not rewrite (chattr +a, or
# a directory it cannot write), or mirror the syslog line the same command logs.
ACCESS_LOG_HEAD_FILE = os.environ.get("ACCESS_LOG_HEAD_FILE") or None

# Practice-standard thresholds a force can configure (DOMAIN.md marks them with *).
STANDARD_OVERRIDES: dict[str, dict[str, float]] = {}
