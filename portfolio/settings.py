"""Settings for the portfolio site, read once from the environment (and `.env` if present).

With DEBUG on, everything has a safe development default: SQLite under var/, an in-process cache
and mail printed to the console. With DEBUG off, the secrets, host settings and SITE_URL are
required and the process refuses to start without them.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portfolio.log_formats import FORMATTERS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)


_missing_settings = []


def _required_in_production(name, cast, dev_default):
    """Return the variable, or a development default with DEBUG on; note it missing otherwise."""
    if name in env.ENVIRON and env.str(name).strip():
        return cast(name)
    if not DEBUG:
        _missing_settings.append(name)
    return dev_default


SECRET_KEY = _required_in_production(
    "SECRET_KEY", env.str, "development-only-secret-key-never-use-in-production"
)
ALLOWED_HOSTS = _required_in_production(
    "ALLOWED_HOSTS", env.list, ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "contact.views.csrf_failure"
CONTACT_RECIPIENTS = _required_in_production("CONTACT_RECIPIENTS", env.list, ["owner@localhost"])
# Where the admin lives, e.g. "desk-7f3a/". Required in production, so that the admin is not at
# the address every password guesser tries first unless the owner chooses it ("admin/").
ADMIN_PATH = _required_in_production("ADMIN_PATH", env.str, "admin/").strip("/") + "/"
# The public address of the site, used for canonical URLs, feeds, sitemaps and mail links.
SITE_URL = _required_in_production("SITE_URL", env.str, "http://127.0.0.1:8000").rstrip("/")

if _missing_settings:
    raise ImproperlyConfigured(
        f"{', '.join(_missing_settings)} must be set when DEBUG is off (see .env.example)."
    )

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "portfolio.apps.DeskAdminConfig",  # django.contrib.admin, with the owner's desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "reversion",
    "reversion_compare",
    "dbbackup",
    "core",
    "access",
    "images",
    "web",
    "writing",
    "owner",
    "experience",
    "projects",
    "articles",
    "testimonials",
    "contact",
    "stats",
    "newsletter",
    "backups",
]

MIDDLEWARE = [
    # First, so that it times and logs the whole answer, static files included.
    "web.logs.RequestLogMiddleware",
    "web.middleware.HeadMiddleware",
    "web.middleware.SecurityHeadersMiddleware",
    "web.middleware.HealthCheckMiddleware",
    # Feed readers' subscriber figures, also for feeds from the app's page cache.
    "stats.middleware.FeedSubscribersMiddleware",
    # Compresses every answer but files (a front cache keeps the compressed copies).
    "web.middleware.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Static files are answered here, already compressed, before anything below runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags on pages, so that repeat visits and feed readers get 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out login with its lockout page.
    "axes.middleware.AxesMiddleware",
]

# The apps' content modules, in the order they load: each reads and writes its own file in
# content/ with load(loader) and dump(dumper) (load_content, dump_content).
CONTENT_MODULES = [
    "owner.content",
    "testimonials.content",
    "projects.content",
    "articles.content",
    # After projects and articles: the toolkit's evidence names them.
    "experience.content",
]

ROOT_URLCONF = "portfolio.urls"
WSGI_APPLICATION = "portfolio.wsgi.application"

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
                "owner.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the task worker share the file: writers take the lock when their
    # transaction begins (no deadlocked upgrades) and wait for it; readers never wait (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests keep their database in a file, so that a worker process started by a test sees it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache is a folder that every app process on the host shares (the task worker's
# too), so that an edit replaces the content version for all of them; several hosts need a
# shared Redis (CACHE_URL). It holds the content version, rate-limit counts and sessions.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    # Room for a large site's sessions and counters; the default of 300 entries culls often.
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 20000
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # Redis answers in a millisecond or two; a call to one that hangs is cut short at these
    # limits and the cache misses instead of failing the request: pages are rendered for each
    # visitor, sessions come from the database, /readyz reports it. Set the limits in
    # CACHE_URL's query to change them.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("SOCKET_CONNECT_TIMEOUT", 0.5)
    CACHES["default"]["OPTIONS"].setdefault("SOCKET_TIMEOUT", 0.25)
    CACHES["default"]["OPTIONS"].setdefault("IGNORE_EXCEPTIONS", True)
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Public pages, kept by each process under the code and content versions (web/cache.py), for
# where no front cache runs: a small cache of the pages asked for lately. A page is kept for
# PAGE_CACHE_SECONDS at most; an edit makes every page kept before unreachable at once.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_ENTRIES", default=500)},
}
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# The reading statistics' day salt and the marks of visitors seen today (stats.counting): the
# shared Redis when there is one, else a folder of their own inside the default cache's, so
# that a day's visitors do not push the sessions and the content version out of it.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    CACHES["stats"] = {
        "BACKEND": CACHES["default"]["BACKEND"],
        "LOCATION": str(Path(CACHES["default"]["LOCATION"]) / "stats"),
        "OPTIONS": {"MAX_ENTRIES": env.int("STATS_CACHE_ENTRIES", default=100000)},
    }
else:
    CACHES["stats"] = CACHES["default"]

if DEBUG:
    EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
else:
    EMAIL_CONFIG = env.email("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (the contact form's email) goes through Django's Tasks API; the database
# backend needs nothing beside the database, and `manage.py db_worker` runs the tasks.
TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

# The contact form.
CONTACT_MAX_SEND_ATTEMPTS = env.int("CONTACT_MAX_SEND_ATTEMPTS", default=10)
# Seconds a sender holds a message it is emailing: longer than any SMTP conversation (each of
# its steps waits EMAIL_TIMEOUT at most). Should the sender die, the running worker takes the
# message up again once they have passed.
CONTACT_SEND_CLAIM_SECONDS = env.int("CONTACT_SEND_CLAIM_SECONDS", default=45)
# Posts from one client address, e.g. "5/h"; over it a visitor gets a 429 page.
CONTACT_RATE_LIMIT = env.str("CONTACT_RATE_LIMIT", default="5/h")
# Seconds a person needs at least to fill in the form; faster posts are taken for bots.
CONTACT_MIN_FILL_SECONDS = env.int("CONTACT_MIN_FILL_SECONDS", default=3)
# Days messages are kept before `purge_messages` deletes them; spam goes sooner.
CONTACT_KEEP_DAYS = env.int("CONTACT_KEEP_DAYS", default=365)
CONTACT_KEEP_SPAM_DAYS = env.int("CONTACT_KEEP_SPAM_DAYS", default=30)
# A contact form post larger than this (bytes) is refused with a 400 page before it is read.
CONTACT_MAX_BODY_BYTES = 128 * 1024

# Reading statistics (docs/statistics.md): each app process hands its counts to the task worker
# every STATS_FLUSH_SECONDS, and `purge_stats` (the clock) deletes daily totals older than
# STATS_KEEP_DAYS.
STATS_FLUSH_SECONDS = env.int("STATS_FLUSH_SECONDS", default=60)
STATS_KEEP_DAYS = env.int("STATS_KEEP_DAYS", default=730)

# The newsletter (docs/newsletter.md): emails sent a minute, sign-ups per client address,
# how long a confirmation link works and an unconfirmed sign-up is kept, how soon one address
# may be sent a confirmation again, and how a sender holds and retries an email.
NEWSLETTER_RATE = env.int("NEWSLETTER_RATE", default=60)
NEWSLETTER_RATE_LIMIT = env.str("NEWSLETTER_RATE_LIMIT", default="5/h")
NEWSLETTER_CONFIRM_HOURS = env.int("NEWSLETTER_CONFIRM_HOURS", default=48)
NEWSLETTER_UNCONFIRMED_DAYS = env.int("NEWSLETTER_UNCONFIRMED_DAYS", default=7)
NEWSLETTER_RESEND_MINUTES = env.int("NEWSLETTER_RESEND_MINUTES", default=10)
NEWSLETTER_SEND_CLAIM_SECONDS = env.int("NEWSLETTER_SEND_CLAIM_SECONDS", default=45)
NEWSLETTER_MAX_SEND_ATTEMPTS = env.int("NEWSLETTER_MAX_SEND_ATTEMPTS", default=10)

# Backups of the database and the uploaded files (docs/backups.md): the clock's `backup --if-due`
# makes one when the newest is BACKUP_EVERY_HOURS old, then deletes those older than
# BACKUP_KEEP_DAYS. They are kept in BACKUP_DIR or, with MEDIA_BUCKET, under BACKUP_BUCKET_PREFIX
# in that bucket; with BACKUP_PASSPHRASE they are encrypted.
BACKUP_EVERY_HOURS = env.float("BACKUP_EVERY_HOURS", default=24)
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=14)
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
BACKUP_BUCKET_PREFIX = env.str("BACKUP_BUCKET_PREFIX", default="backups").strip("/")
BACKUP_PASSPHRASE = env.str("BACKUP_PASSPHRASE", default="")

# Proxies in front of the site that append the client's address to X-Forwarded-For (a load
# balancer: 1). With 0 the address is the connection's own and the header is ignored.
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=1 if env.bool("BEHIND_PROXY", default=False) else 0
)

# Rate limits count in the default cache: exact and shared by every process and host with
# Redis (CACHE_URL); per process with the development in-memory cache, and shared by the
# processes of one host, but approximate under races, with the file cache.
RATELIMIT_USE_CACHE = "default"
# While the cache cannot count, messages are let through: the form's other guards (the hidden
# field, the time trap, the idempotency key) still stand, and refusing all would lose them.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "web.http.client_ip"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# The admin's sign-in: after AXES_FAILURE_LIMIT failed attempts for one username, or from one
# address, further attempts are refused for AXES_COOLOFF_TIME (django-axes, counted in the
# database); `manage.py axes_reset` (or axes_reset_username / axes_reset_ip) lifts a lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A passkey signs in without a password (access.passkeys).
    "django_otp_webauthn.backends.WebAuthnBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Not on a right password: the second step's failures count too, and a password alone must
# not wipe them (access.policy).
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "web.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# The admin's second factor (docs/security.md): an authenticator app (TOTP), a passkey or a
# recovery code. With MFA_REQUIRED (on in production) a staff user without one is led to set
# one up at their next sign-in, and cannot use the admin before; a user who has one always
# needs it. Passkeys are bound to the site's host (SITE_URL): changing it invalidates them.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=not DEBUG)
# Where a passkey sign-in without a `next` address lands.
LOGIN_REDIRECT_URL = "admin:index"
OTP_TOTP_ISSUER = urlsplit(SITE_URL).hostname
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
if urlsplit(SITE_URL).scheme == "https":
    OTP_WEBAUTHN_RP_ID = urlsplit(SITE_URL).hostname
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"https://{urlsplit(SITE_URL).netloc}"]
else:
    # Over plain HTTP browsers make passkeys for localhost only: in development, sign in at
    # http://localhost:8000 to use them.
    OTP_WEBAUTHN_RP_ID = "localhost"
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"http://localhost:{urlsplit(SITE_URL).port or 80}"]

# Only the owner signs in; a session ends after SESSION_HOURS, or when the browser closes.
# Sessions are read from the shared cache and kept in the database, so every app process and
# host knows them and a cache restart signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=8) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
# The site and its admin are in English only: without the translation machinery, Django skips
# a lookup of the active language in every reverse(), date and number it renders.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
# Files served at the site's root (favicon.ico, humans.txt), by WhiteNoise like static files.
WHITENOISE_ROOT = BASE_DIR / "public"
# Uploaded images (images.Image): a folder under var/ by default, a Docker volume in production.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1000 * 1000)
# Pillow refuses larger images before decoding them: a small file cannot fill the memory.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40 * 1000 * 1000)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Or an S3-compatible bucket (AWS, R2, MinIO...), through django-storages (pip install
# '.[s3]'); its credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto3 reads.
if MEDIA_BUCKET := env.str("MEDIA_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env.str("MEDIA_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_REGION", default="") or None,
            "custom_domain": env.str("MEDIA_DOMAIN", default="") or None,
            "querystring_auth": False,  # public images, at stable addresses
            "file_overwrite": False,
            # Every stored name is a hash of its bytes (images.pictures): cached for good.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

# Pages load nothing but the site's own stylesheets, images, manifest and one script (the
# reading statistics' beacon): nothing from another host. The admin has the same policy, with
# what it needs added (portfolio.admin).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "manifest-src": [SELF],
        # Lighthouse, and browsers' own checks, fetch /robots.txt from the page.
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# Security headers; HTTPS-only settings apply when the site is not in development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is a lasting commitment made by submitting the domain; the owner opts in.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs go to stdout: one JSON object per line in production (LOG_FORMAT=json), plain lines in
# development (text). Each request is logged once, with its id (web/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": FORMATTERS,
    "filters": {
        "request_id": {"()": "web.logs.RequestIdFilter"},
        "without_traceback": {"()": "web.logs.WithoutTraceback"},
        "without_health_checks": {"()": "web.logs.WithoutHealthChecks"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        "security": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "without_traceback"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own records reach the root handler once (not also its development console).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Each request is logged by web.logs.RequestLogMiddleware; Django's "Not Found: /x"
        # lines would say it twice.
        "django.request": {
            "handlers": [],
            "level": "ERROR",
            "propagate": True,
            "filters": ["without_health_checks"],
        },
        # A request naming a host the site does not serve is noise from scanners: one warning
        # line, without the traceback Django attaches.
        "django.security.DisallowedHost": {
            "handlers": ["security"],
            "level": "WARNING",
            "propagate": False,
        },
        # Each cache call that Redis could not answer (the cache misses instead): one line,
        # without the traceback.
        "django_redis.cache": {
            "handlers": ["security"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}
