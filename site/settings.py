"""Socle settings, read from the environment.

With no environment at all Socle runs on SQLite, the in-memory channel layer
and django-q2's ORM broker, so a newcomer needs nothing but Python.

- ``DATABASE_URL`` (e.g. ``postgres://user@host:5432/socle``) switches the database.
- ``REDIS_URL`` (e.g. ``redis://127.0.0.1:6379/0``) switches the channel layer
  and the cache to Redis, so several app processes behind a proxy share one
  state. Redis is a help, never a dependency: the cache treats its errors as
  misses and django-q2 always queues in the database.
- ``SOCLE_ENV=production`` turns on the production mode: it refuses to start
  without ``SECRET_KEY`` and sets what ``check --deploy`` asks for.
"""

import os
import sys
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.maps import csp_with_tiles

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SOCLE_VAR_DIR", BASE_DIR / "var"))
# prometheus-client's multi-process mode (socle_site.kernel.metrics): read when
# prometheus_client is imported, so it is set here, before any app loads.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(VAR_DIR / "metrics"))
Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

PRODUCTION = os.environ.get("SOCLE_ENV", "development") == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SOCLE_ENV=production needs a SECRET_KEY in the environment.")
    SECRET_KEY = "development-only-key-never-used-in-production-3f1c9a"

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A form refused for its missing token says why, on the site's 403 page.
CSRF_FAILURE_VIEW = "socle_site.kernel.refusals.csrf_failure"

INSTALLED_APPS = [
    # daphne first: its runserver serves HTTP and websockets from one ASGI server.
    "daphne",
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "socle_site",
    "socle_site.ops",
    "socle_site.kernel",
    "community",
    "community.governance",
    "community.candidates",
    "community.stewardship",
    "community.support",
    "community.privacy",
    "events",
    "coownership",
    "platform_forums",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "django_q",
    "rest_framework",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    # /healthz and /readyz, before anything else (socle_site.health).
    "socle_site.health.HealthMiddleware",
    # /metrics for operators; a request id, metrics and one log line for the rest.
    "socle_site.ops.middleware.OpsMiddleware",
    # An anonymous visitor's stored public page, before the rest (socle_site.page_cache).
    "socle_site.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "socle_site.kernel.middleware.AdminCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # /api/ resolves in its own URLconf, without a language prefix.
    "community.api.middleware.ApiUrlconfMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "community.middleware.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Logins and password resets pause (503) while their rate limits' cache is down.
    "socle_site.kernel.middleware.AuthRateLimitGuardMiddleware",
    "socle_site.kernel.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "socle_site.urls"
WSGI_APPLICATION = "socle_site.wsgi.application"
ASGI_APPLICATION = "socle_site.asgi.application"

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
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "community.context_processors.notifications",
                "socle_site.kernel.identity.context",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'socle.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so writers
        # queue instead of failing half-way: on SQLite every write transaction
        # is serialised (the bookings and ballots rely on it).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # secure_delete: a deleted row's bytes are overwritten, not left in a
        # free page (a secret vote's envelopes and totals, README "Secret ballots").
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Prepared statements (issue 18; bench/all.py measures them with SOCLE_DB_PREPARE=0
# and 2): psycopg binds the values on the server and prepares a statement once
# it has run this many times on a connection, so PostgreSQL plans the member
# pages' long UNION reads once per connection instead of once per request: a
# member page's database CPU fell by 55-70 % (My space 12.5 -> 4.5 ms). 0: off
# (Django's default; needed behind a pooler that cannot keep them, such as
# pgbouncer in transaction mode before 1.21).
DB_PREPARE_THRESHOLD = int(os.environ.get("SOCLE_DB_PREPARE", "2"))
if IS_POSTGRES and DB_PREPARE_THRESHOLD:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=DB_PREPARE_THRESHOLD
    )

# Threads serving requests in each ASGI process (socle_site.kernel.request_threads).
REQUEST_THREADS = int(os.environ.get("SOCLE_REQUEST_THREADS", "8"))
# The task cluster forks its workers after its sentinel has read the database
# (the ORM broker), and a psycopg pool does not survive a fork (its worker
# threads stay behind): its tasks then waited 20 s for a connection and failed.
TASK_CLUSTER = sys.argv[1:2] == ["qcluster"]
if IS_POSTGRES and not DATABASES["default"]["CONN_MAX_AGE"] and env_bool("SOCLE_DB_POOL", True) and not TASK_CLUSTER:
    # psycopg's pool (Django 5.1+): a request borrows an open connection and
    # gives it back when it ends. Without it every request opened a connection,
    # and PostgreSQL started a server process for each: a quarter of the CPU
    # during an assembly's vote went to that. Room for every request thread and
    # the live pushes (which compute off those threads). Since every request
    # thread has a connection of its own in the pool, a request that waits for
    # one is waiting for PostgreSQL itself: after 5 s it gets the 503 "back in
    # a moment" page rather than holding the person (and its thread) longer.
    # Each connection is checked as it leaves the pool (Django's health check,
    # an empty query not counted among a page's queries): after PostgreSQL
    # restarted, the pool's connections from before are found dead there and
    # replaced, instead of failing one request each (tests/deploy/
    # test_several_hosts.py saw a visitor get the 503 page after the database was back).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2, "max_size": REQUEST_THREADS + 4, "timeout": float(os.environ.get("SOCLE_DB_POOL_TIMEOUT", "5"))
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.User"

# --- Redis: channel layer, cache, task broker -------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_PREFIX = os.environ.get("SOCLE_REDIS_PREFIX", "socle")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 reads with a 5 s socket timeout by default, the same as
            # channels_redis's blocking BZPOPMIN: under load every idle consumer
            # then dies with "Timeout reading". Reads get more room than the pop.
            # A Redis that does not answer fails a send within a second
            # (socle_site.kernel.fanout logs it; live screens poll meanwhile).
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30, "socket_connect_timeout": 1}],
                "prefix": f"{REDIS_PREFIX}:channels",
            },
        }
    }
    CACHES = {
        "default": {
            # Errors are misses, logged once per outage (socle_site.kernel.cache):
            # pages never depend on Redis. Short timeouts, so that a Redis that
            # hangs costs a request a fraction of a second, once per RETRY_AFTER.
            "BACKEND": "socle_site.kernel.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{REDIS_PREFIX}:cache",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("SOCLE_REDIS_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("SOCLE_REDIS_TIMEOUT", "0.25")),
                "RETRY_AFTER": 5,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "socle",
        }
    }

Q_CLUSTER = {
    "name": f"{REDIS_PREFIX}-tasks",
    "workers": int(os.environ.get("SOCLE_Q_WORKERS", "2")),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 3,
    "queue_limit": 50,
    "catch_up": False,
    "label": _("Background tasks"),
}
# Tasks are queued in the database even when Redis is set: an action that
# sends e-mails must still succeed, and lose none, while Redis is down.
Q_CLUSTER["orm"] = "default"
Q_CLUSTER["poll"] = 1

# The trust's name and contact address: every e-mail names the one and gives
# the other (socle_site.kernel.identity), allauth's as well.
SOCLE_SITE_NAME = os.environ.get("SOCLE_SITE_NAME", "Socle")
SOCLE_CONTACT_EMAIL = os.environ.get("SOCLE_CONTACT_EMAIL", "contact@socle.localhost")

# --- Accounts (django-allauth) ------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading permissions with the member's access rows.
    "community.backends.AccessModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SOCLE_SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # Failed logins per address and per account; allauth answers 429 beyond.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff and editors reach /admin/ and /cms/ only with TOTP set up
# (socle_site.kernel.middleware); on by default in production.
SOCLE_STAFF_MFA_REQUIRED = env_bool("SOCLE_STAFF_MFA_REQUIRED", PRODUCTION)
MFA_TOTP_ISSUER = "Socle"
LOGIN_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = "account_login"
# A restricted page or document sends a visitor to the site's login page (Wagtail's own is not served).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "community:my_space"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail -------------------------------------------------------------------
# E-mails go through a backend that counts them (socle_site.ops.mail) to the real one.
EMAIL_BACKEND = "socle_site.ops.mail.MeasuredEmailBackend"
SOCLE_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
# django.core.mail.backends.filebased.EmailBackend writes each message here
# (the production-stack test reads what the task cluster sent).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SOCLE_SITE_NAME} <no-reply@socle.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = f"[{SOCLE_SITE_NAME}] "  # mail_admins: the alerts (socle_site.ops.alerts)

# --- Languages ----------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en", "nl")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# The files people upload (media/ and private/) live under SOCLE_FILES_DIR. On
# one server it is the var directory; with several app servers it is the same
# shared folder on each (a network file system mounted at one path: README,
# "Several servers"), while each keeps its own SOCLE_VAR_DIR for what is its
# own (metrics, mail spool, caches, backups staging).
FILES_DIR = Path(os.environ.get("SOCLE_FILES_DIR") or VAR_DIR)
MEDIA_ROOT = FILES_DIR / "media"
PRIVATE_ROOT = FILES_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = SOCLE_SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("SOCLE_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "csv", "txt"]
# Uploads through the editor: the same limits as the portal's checked uploads.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Documents are served by a view that checks the collection's privacy
# settings (never a direct link to MEDIA_ROOT).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Their bytes must match their extension, within 20 MB.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "community.privacy.wagtail_forms.CheckedDocumentForm"
# Editors' avatars are not fetched from Gravatar: their e-mail hashes would
# leave for a third party, and the policy allows only our own images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin ask releases.wagtail.org for new versions (a request to a
# third party from every editor's browser, refused by the policy anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Database sessions; a cookie naming no session costs no query (socle_site.kernel.sessions).
SESSION_ENGINE = "socle_site.kernel.sessions"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# django-csp: no inline scripts on the site, the portal and Django's admin.
# /admin/ and /cms/ add inline styles, blob: previews and same-origin frames;
# Wagtail's admin (/cms/) alone still needs inline scripts (the list and the
# reasons: socle_site.kernel.middleware, README "Security").
# Maps (socle_site.kernel.maps): a tile server's URL template and the credit its
# licence asks for. Unset by default: pages then list the places without a map. Set,
# its origin joins img-src and connect-src below (it sees visitors' addresses; the
# privacy page names it).
SOCLE_MAP_TILES = os.environ.get("SOCLE_MAP_TILES", "")
SOCLE_MAP_ATTRIBUTION = os.environ.get("SOCLE_MAP_ATTRIBUTION", "")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": csp_with_tiles({
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }, SOCLE_MAP_TILES),
}

# --- Operations (socle_site.ops) ----------------------------------------------
# Administrators get the alerts: SOCLE_ADMINS="Ana <ana@example.org>, ops@example.org".
ADMINS = [(name or address, address) for name, address in getaddresses([os.environ.get("SOCLE_ADMINS", "")]) if address]
# /metrics answers only these networks, and never a request that came through the proxy.
SOCLE_METRICS_ALLOWED_NETWORKS = env_list("SOCLE_METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
SOCLE_ALERT_DISK_FREE_PERCENT = float(os.environ.get("SOCLE_ALERT_DISK_FREE_PERCENT", "10"))
SOCLE_ALERT_FAILED_TASKS = int(os.environ.get("SOCLE_ALERT_FAILED_TASKS", "5"))
SOCLE_ALERT_QUEUE_AGE_MINUTES = int(os.environ.get("SOCLE_ALERT_QUEUE_AGE_MINUTES", "30"))
# Where manage.py backup leaves its last outcome, if it does (socle_site.ops.status).
SOCLE_BACKUP_STATUS_FILE = os.environ.get("SOCLE_BACKUP_STATUS_FILE", str(VAR_DIR / "backups" / "last.json"))

# One line per request and per task with its request id (socle_site.ops.request_log):
# JSON in production, text in development.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "socle_site.ops.request_log.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "not_an_outage": {"()": "socle_site.kernel.outage.NotAnOutage"},
    },
    "formatters": {
        "json": {"()": "socle_site.ops.request_log.JsonFormatter"},
        "text": {"()": "socle_site.ops.request_log.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if PRODUCTION else "text",
        },
        # Django's own, less a database outage's errors (socle_site.kernel.outage).
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false", "not_an_outage"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "socle.requests": {"level": os.environ.get("SOCLE_REQUEST_LOG_LEVEL", "INFO")},
        "socle.tasks": {"level": "INFO"},
        # As Django's default, with the handler above (its console handler
        # only speaks when DEBUG; the root's console carries the lines).
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
    },
}


# The read-only partner API (community.api, /api/v1/).
REST_FRAMEWORK = {
    # Every endpoint is a community.api.framework.PartnerView, which sets the
    # key, scope and rate limit itself (naming them here would import DRF's
    # views from inside their own import); anything else is closed.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "community.api.framework.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Socle partner API",
    "DESCRIPTION": "Read-only figures for partners and open data: no personal data.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["community.api.schema.only_partner_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "community.api.schema.add_errors",
    ],
}
# Calls per key (socle_site.kernel.ratelimit's notation: 120/m, 5000/d).
SOCLE_API_RATE = os.environ.get("SOCLE_API_RATE", "120/m")
# The licence of the open data (socle_site open data page and its files).
SOCLE_OPEN_DATA_LICENCE = {
    "name": os.environ.get("SOCLE_OPEN_DATA_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get("SOCLE_OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
