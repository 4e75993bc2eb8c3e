"""Settings: one embedded default, one production shape (docs/ARCHITECTURE.md, "Settings").

With no environment the project runs on a bare machine: SQLite, an in-memory
channel layer, eager Celery and a local-memory cache. `DATABASE_URL` and
`REDIS_URL` switch to PostgreSQL, channels_redis, Celery on Redis and a Redis
cache.

Every value the environment may set is read here, once, through the `env_*`
helpers (the README's Configuration table lists them), and each list is written
in one place. A deployment profile (dispatch/profiles.py, plain data) gives the
defaults of the region, the disposition rule and where the maps open.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.beat import beat_schedule
from config.env import env_bool, env_float, env_int, env_json, env_list, env_str
from config.storages import storages
from dispatch.profiles import PROFILES

BASE_DIR = Path(__file__).resolve().parent.parent


# --- Deployment ---------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", "")
REDIS_URL = env_str("REDIS_URL", "")

# Without production services the project is in demo mode: debug on by default.
DEBUG = env_bool("DEBUG", default=not (DATABASE_URL and REDIS_URL))

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    # A development default only: DEBUG is on, so this never reaches production.
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies in front of the app whose X-Forwarded-For and X-Forwarded-Proto
# are trusted (0: none; the client's own headers then say nothing).
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# Which call centre this is (dispatch/profiles.py). Its values below are defaults;
# the environment still overrides each of them.
PROFILE = env_str("PROFILE", "") or "bandar-lampung"
if PROFILE not in PROFILES:
    raise RuntimeError(f"Unknown PROFILE {PROFILE!r}: one of {', '.join(PROFILES)}")
_profile = PROFILES[PROFILE]

# The deployment's own region (a Kemendagri code): biases geocoding and routing.
HOME_REGION = env_str("HOME_REGION", "") or _profile.home_region
# Priorities that wait for a supervisor's disposition before routing ("P3,P4").
# Unset: the profile's rule; set but empty: nothing waits.
_disposition = env_str("DISPOSITION_REQUIRED_FOR", ",".join(_profile.disposition_required_for))
DISPOSITION_REQUIRED_FOR = [p.strip() for p in _disposition.split(",") if p.strip()]

# --- Django -------------------------------------------------------------------

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # API tokens: digests only, one per sign-in, expiring (dispatch.services.tokens).
    "knox",
    "channels",
    "axes",
    "drf_spectacular",
    # Swagger UI's files from a package: the docs page works without a CDN.
    "drf_spectacular_sidecar",
    "dispatch",
    "geo",
    "priority",
    "units",
    # The caller: call events from the phone system, handset locations (AML).
    "calls",
    "realtime",
    "frontend",
    "interop",
    # The leaders' daily report: recipients, scheduled deliveries (docs/ARCHITECTURE.md).
    "leaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, so even responses of the middlewares below
    # it carry the Content-Security-Policy.
    "frontend.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dispatch.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware that keeps staff screens in the deployment's language.
    "frontend.middleware.StaffLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns locked-out sign-ins into a clear answer.
    "axes.middleware.AxesMiddleware",
    # Innermost, a pass-through that keeps the chain in one thread under ASGI.
    "dispatch.middleware.SyncChainMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing is slowed: 5 failures per user and address lock for 15 minutes.
# Per (username, address), so guesses from elsewhere never lock an operator out,
# and the address is the one the rate limits use: X-Forwarded-For's hop added by
# the NUM_PROXIES trusted proxies, REMOTE_ADDR without a proxy.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HOURS", 0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "dispatch.ratelimit.request_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dispatch.views.lockout"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    sqlite_options = {
        # IMMEDIATE makes writers take the lock at BEGIN, so two writers queue
        # instead of failing with "database is locked" half way through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": sqlite_options,
        }
    database = dj_database_url.parse(url, conn_max_age=0)
    if database["ENGINE"].endswith("sqlite3"):
        database["OPTIONS"] = sqlite_options
        return database
    if not database["ENGINE"].endswith("postgresql"):
        return database
    # Under ASGI every request runs its sync part in a thread of its own, so
    # persistent per-thread connections pile up until PostgreSQL refuses more. A
    # bounded pool per process instead (psycopg's, PostgreSQL only); connections are
    # checked when taken, so a restarted PostgreSQL costs only the requests in flight.
    database["OPTIONS"] = {
        "pool": {
            "min_size": 1,
            "max_size": env_int("DB_POOL_SIZE", 16),
            "timeout": env_float("DB_POOL_TIMEOUT", 5),
        }
    }
    database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 times reads out after 5 s by default while the layer
                # blocks up to 5 s waiting for messages: idle consumers would crash
                # (channels_redis #422). No read timeout on the layer's sockets.
                "hosts": [
                    {"address": REDIS_URL, "socket_timeout": None, "socket_connect_timeout": 2}
                ],
                "capacity": 100,
                "expiry": 60,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", "") or BASE_DIR / "staticfiles")
# Assets are served by the app itself (no CDN: pages must work without internet).
# In development whitenoise reads app folders directly; production runs collectstatic
# (`make run` does with DEBUG off, the Dockerfile at build). A server started
# before any collectstatic reads the app folders too rather than answer 404s.
WHITENOISE_USE_FINDERS = DEBUG or not any(STATIC_ROOT.glob("*"))
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "dispatch.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["dispatch.api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "dispatch.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "dispatch.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# API tokens (POST /api/auth/token/) last a shift; `Authorization: Token <token>`.
API_TOKEN_TTL_HOURS = env_float("API_TOKEN_TTL_HOURS", 12)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_HOURS),
    "AUTH_HEADER_PREFIX": "Token",
    # An expired token is signed in again: a shift has an end.
    "AUTO_REFRESH": False,
}

# Production hardening: on whenever DEBUG is off.
if not DEBUG:
    # Only a proxy of ours may say the request came over https: without one, the
    # header is the client's own word.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES > 0 else None
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Cookies over HTTPS only. For a trial over plain HTTP (no TLS proxy in front),
    # set both to 0 with SECURE_SSL_REDIRECT=0; the sign-in page says so.
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Celery -------------------------------------------------------------------

# Eager in the embedded mode, Redis otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
# A task is acknowledged after it ran, and given back if the worker dies, so a
# report in triage is never lost with a killed worker. Triage is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Threads in one process, not prefork: triage waits on PostgreSQL and Redis for
# about half its time, and prefork's hand-off to child processes cost more CPU
# than the task itself saved (README, Performance). Killed or not, a task is
# given back (acks late), as with prefork.
CELERY_WORKER_POOL = env_str("CELERY_POOL", "threads")
CELERY_WORKER_CONCURRENCY = env_int("CELERY_CONCURRENCY", 4)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task lost with its worker comes back after the visibility timeout; the outbox
# sweep usually gets there first. Short socket timeouts: with Redis down, intake
# answers at once and the report waits in the database.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # Redis keeps a list per priority step and a worker takes from the list of 0
    # first (kombu's default steps, named here because the order matters).
    "priority_steps": [0, 3, 6, 9],
}
# Every task runs at priority 6; a report that reads as a threat to life, and the
# alerts of a P1, at 0 (dispatch.services.reports, interop.alerts): a P1 never
# waits behind a backlog of complaints. A message with no priority would go first.
CELERY_TASK_DEFAULT_PRIORITY = 6
URGENT_TASK_PRIORITY = 0
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Jakarta"
# How long a triage attempt holds its report without a heartbeat (it renews every
# third of it): a report whose worker was killed is free again this soon.
REPORT_LEASE_S = env_float("REPORT_LEASE_S", 10)
CELERY_BEAT_SCHEDULE = beat_schedule(report_lease_s=REPORT_LEASE_S)

# --- Dispatch -----------------------------------------------------------------

# Geocoding providers in order (geo.providers), as JSON, e.g.
# [{"provider": "nominatim", "domain": "nominatim.example.go.id", "timeout": 3},
#  {"provider": "gazetteer"}]. Default: the offline gazetteer alone.
GEOCODERS = env_json("GEOCODERS", [{"provider": "gazetteer"}])

# Password of the demo users made by `seed_demo` (demo mode only).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo12345")

# How long a report may stay unprocessed before the sweep hands it to triage again
# (an interrupted attempt comes back sooner: REPORT_LEASE_S).
REPORT_REQUEUE_AFTER_S = env_int("REPORT_REQUEUE_AFTER_S", 120)
# A report pending longer than this is listed to dispatchers (/api/reports/waiting/).
REPORT_WAITING_AFTER_S = env_int("REPORT_WAITING_AFTER_S", 10)
# Attempts before a report stays `failed` for a dispatcher to look at.
REPORT_MAX_ATTEMPTS = env_int("REPORT_MAX_ATTEMPTS", 5)

# SLA clocks. None keeps the defaults of priority.sla (claim: P1 2 min, P2 10 min,
# P3 1 h, P4 3 working days; resolve per priority, P4 by category in working days).
SLA_CLAIM_MINUTES = None  # e.g. {"P1": 2, "P2": 10, "P3": 60}
SLA_CLAIM_WORKING_DAYS = None  # e.g. {"P4": 3}
SLA_RESOLVE_HOURS = None
SLA_RESOLVE_WORKING_DAYS = None
SLA_RESOLVE_CATEGORY_WORKING_DAYS = None
# A claim with no "en route" within this many minutes is released for re-routing.
SLA_STALE_CLAIM_MINUTES = {"P1": 10, "P2": 30, "P3": None, "P4": None}
# Alerts to people (interop/alerts.py): minutes after an alert is raised at which
# each step of the chain is messaged, per priority; a priority not listed raises no
# alert. Routed incidents alert for ALERT_ON_ROUTED; deadline breaches for any listed.
ALERT_CHAIN_MINUTES = env_json(
    "ALERT_CHAIN_MINUTES",
    {
        "P1": {"officer": 0, "head": 3, "supervisor": 6},
        "P2": {"officer": 0, "head": 10, "supervisor": 20},
        "P3": {"officer": 0, "head": 60},
    },
)
ALERT_ON_ROUTED = env_list("ALERT_ON_ROUTED", ["P1", "P2"])
# Anonymous public intake limits (per address, per phone number), e.g. "10/m".
PUBLIC_REPORT_RATE = env_str("PUBLIC_REPORT_RATE", "10/m")
PUBLIC_REPORT_PHONE_RATE = env_str("PUBLIC_REPORT_PHONE_RATE", "5/h")
# Lookups by tracking code (/api/track/, /lacak/) and Open311 reads, per address.
PUBLIC_LOOKUP_RATE = env_str("PUBLIC_LOOKUP_RATE", "60/m")
# Who may read /metrics besides the desk: a scraper sending `Authorization: Bearer
# <METRICS_TOKEN>`, and client addresses or networks ("10.0.0.0/8,192.0.2.7").
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_ALLOWED_ADDRESSES = env_list("METRICS_ALLOWED_ADDRESSES", [])
for _entry in METRICS_ALLOWED_ADDRESSES:
    ipaddress.ip_network(_entry, strict=False)  # a typo fails at start, not per request
# `make backup` (dispatch/backups.py): where dumps and their record go, and how
# many dumps are kept (the newest).
BACKUP_DIR = Path(env_str("BACKUP_DIR", "") or BASE_DIR / "data" / "backups")
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# Reports older than this many days lose their reporter's name and phone.
RETENTION_DAYS = env_int("RETENTION_DAYS", 365)
# Photos and voice notes (dispatch.services.media): stored through Django's storage
# API, on disk under MEDIA_ROOT by default (S3-compatible storage: docs/OPERATIONS.md).
# Never served from a public URL: /api/media/<id>/<variant>/ checks who asks.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", "") or BASE_DIR / "data" / "media")
MEDIA_URL = "/media-not-served/"
MEDIA_MAX_IMAGE_BYTES = env_int("MEDIA_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
MEDIA_MAX_AUDIO_BYTES = env_int("MEDIA_MAX_AUDIO_BYTES", 16 * 1024 * 1024)
# Photos sent with one report (web form, REST).
MEDIA_MAX_FILES = env_int("MEDIA_MAX_FILES", 5)
# S3-compatible storage instead of MEDIA_ROOT when a bucket is set (config/storages.py).
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET", "")
STORAGES = storages(s3_bucket=MEDIA_S3_BUCKET)
# Units' position tracks older than this many days are deleted (units.services.retention).
UNIT_POSITIONS_RETENTION_DAYS = env_int("UNIT_POSITIONS_RETENTION_DAYS", 90)
# Seconds between the position batches of a field phone on duty (/lapangan/).
UNIT_POSITION_INTERVAL_S = env_int("UNIT_POSITION_INTERVAL_S", 15)
# Each server process writes the fixes it accepted once every this many seconds,
# every unit's in one transaction (units.services.position_writes); 0 writes each
# request's at once.
UNIT_POSITIONS_WRITE_EVERY_S = env_float("UNIT_POSITIONS_WRITE_EVERY_S", 1.0)
# A caller with this many incidents cancelled as prank is flagged to the operator.
PRANK_FLAG_AFTER = env_int("PRANK_FLAG_AFTER", 2)

# --- Realtime -----------------------------------------------------------------

# Seconds between heartbeats on live sockets (clients resume when they fall behind).
REALTIME_HEARTBEAT_S = env_float("REALTIME_HEARTBEAT_S", 10)
# Seconds a socket's next frame may wait for its client before the socket is closed
# (realtime/outbox.py; a browser leaves a socket silent for 35 s).
REALTIME_SEND_DEADLINE_S = env_float("REALTIME_SEND_DEADLINE_S", 30)

# --- Frontend -----------------------------------------------------------------

# Base map tiles: the only thing a page may load from outside. Pages work without
# them (markers on a plain background). An empty URL turns the tile layer off, e.g.
# on a network with no internet and no local tile server.
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env_str(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
MAP_TILES_MAX_ZOOM = env_int("MAP_TILES_MAX_ZOOM", 19)
# Where the maps open: the profile's area unless set ("lat,lon").
MAP_CENTER = [float(v) for v in env_list("MAP_CENTER", [str(c) for c in _profile.map_center])]
MAP_ZOOM = env_int("MAP_ZOOM", _profile.map_zoom)

# --- Interop ------------------------------------------------------------------
# Open311 GeoReport v2, the CAP 1.2 feed, GeoJSON/CSV exports, OpenAPI docs and the
# SMS/WhatsApp intake (the interop app).

SPECTACULAR_SETTINGS = {
    "TITLE": "Dispatch 112 API",
    "DESCRIPTION": (
        "REST API of the Call Center 112 dispatch system, with the interoperability "
        "endpoints: Open311 GeoReport v2, CAP 1.2, GeoJSON and CSV."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies documented apart from responses (read-only fields, nulls).
    "COMPONENT_SPLIT_REQUEST": True,
    # `check --deploy` is about production safety: an API view not documented yet is
    # caught by tests/interop/test_openapi.py instead of failing the deploy check.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# Open311: the key `seed_demo` gives the demo integration account.
OPEN311_DEMO_KEY = env_str("OPEN311_DEMO_KEY", "") or "demo-open311-key"
# The most requests one GET requests.{json,xml} answers (newest first).
OPEN311_MAX_REQUESTS = env_int("OPEN311_MAX_REQUESTS", 1000)

# CAP 1.2: who signs the alerts. Set CAP_SENDER to the deployment's own domain or
# address; identifiers are CAP_IDENTIFIER_PREFIX.<incident>.<event>.
CAP_SENDER = env_str("CAP_SENDER", "112@localhost")
CAP_SENDER_NAME = env_str("CAP_SENDER_NAME", "Call Center 112")
CAP_IDENTIFIER_PREFIX = env_str("CAP_IDENTIFIER_PREFIX", f"id.112.{HOME_REGION}")
CAP_CONTACT = env_str("CAP_CONTACT", "112")
# Demo data is not a real emergency: alerts say "Exercise" unless set otherwise.
CAP_STATUS = env_str("CAP_STATUS", "Exercise" if DEBUG else "Actual")
# Closed and cancelled incidents stay in the feed this long, so polling networks see the Cancel.
CAP_FEED_CANCEL_HOURS = env_int("CAP_FEED_CANCEL_HOURS", 24)

# WhatsApp Cloud API and a generic SMS gateway (interop.messaging). Empty secrets
# refuse every webhook call: the intake is off until configured.
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET", "")
WHATSAPP_TOKEN = env_str("WHATSAPP_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_API_URL = env_str("WHATSAPP_API_URL", "") or "https://graph.facebook.com/v21.0"
SMS_GATEWAY_SECRET = env_str("SMS_GATEWAY_SECRET", "")
SMS_GATEWAY_SEND_URL = env_str("SMS_GATEWAY_SEND_URL", "")
# A shared location attaches to the sender's report from within this many minutes.
MESSAGE_LOCATION_WINDOW_MINUTES = env_int("MESSAGE_LOCATION_WINDOW_MINUTES", 60)
# Attempts at sending one reply before it stays `failed` in the outbox.
OUTBOUND_MAX_ATTEMPTS = env_int("OUTBOUND_MAX_ATTEMPTS", 8)

# --- Leaders' reports (leaders app) --------------------------------------------

# The daily report on the day before goes out from this local hour (TIME_ZONE).
DAILY_REPORT_HOUR = env_int("DAILY_REPORT_HOUR", 7)
# Sending is opt-in per deployment: off, nothing leaves the machine.
DAILY_REPORT_SEND = env_bool("DAILY_REPORT_SEND", default=False)
# Attempts at one email delivery before it stays `failed` for a supervisor to see.
REPORT_DELIVERY_MAX_ATTEMPTS = env_int("REPORT_DELIVERY_MAX_ATTEMPTS", 6)
# The site's address, for the links in reports (a complaint to dispose).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
SITE_TITLE = env_str("SITE_TITLE", "") or _profile.title
# Django's mail settings. The default is a local mail catcher (e.g. `python -m
# aiosmtpd -n -l 127.0.0.1:1025`): a demo never mails anyone outside the machine.
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "laporan-112@localhost")
