"""Settings for Newsroom: one module, every value read from the environment.

Values come from real environment variables first, then from a git-ignored `.env` beside
manage.py. With neither, this is production: DEBUG is off and SECRET_KEY must be set.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# read_env never overrides a variable that is already set, so the real environment wins.
environ.Env.read_env(BASE_DIR / ".env")

# --- Core ---------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs a long random SECRET_KEY in the environment; "
        "for local development run `make run` (it writes .env) or set DEBUG=true and SECRET_KEY."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# What readers and editors call the site: page titles, feeds, JSON-LD, the admin's header.
SITE_NAME = env.str("SITE_NAME", default="Newsroom")
SITE_TAGLINE = env.str("SITE_TAGLINE", default="Independent reporting, fast and plain.")
# The site's public address, such as https://news.example.com: absolute URLs for readers and
# machines come from here rather than from a request's Host header.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Names the deployed code (a git commit, say) in stored pages' keys; empty: a digest of the
# templates, static files and code (articles/release.py).
RELEASE = env.str("RELEASE", default="")
# Links to other sites inside section bodies get rel="noopener"; with this on, "nofollow" too.
# Bodies are rendered when saved: run `manage.py render_bodies` after changing it.
BODY_LINKS_NOFOLLOW = env.bool("BODY_LINKS_NOFOLLOW", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "reversion",
    "axes",
    "articles",
]

MIDDLEWARE = [
    # First, so that a cached page is served before any other middleware or the database runs,
    # and a stored page holds the headers every other middleware added (articles/page_cache.py).
    "articles.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Security headers on every response, static files included (so above whitenoise).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "newsroom.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database fault in a view becomes the 503 page; a bare 405 gets the styled page.
    "newsroom.errors.ErrorPagesMiddleware",
    # ETags on pages, and 304 Not Modified when a reader's copy is current. Above every
    # middleware that could change the body, so the ETag is of what is sent. Skips no-store
    # responses (previews, the admin).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Every wait on PostgreSQL is bounded, so a database that is down or hung holds no worker for
# long (the page becomes a 503, see newsroom/errors.py): connecting gives up after
# DB_CONNECT_TIMEOUT seconds (libpq's minimum is 2), a statement after DB_STATEMENT_TIMEOUT
# seconds (0 lifts the limit, e.g. for a long one-off bulk job).
DB_CONNECT_TIMEOUT = env.int("DB_CONNECT_TIMEOUT", default=3)
DB_STATEMENT_TIMEOUT = env.float("DB_STATEMENT_TIMEOUT", default=10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DB_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={int(DB_STATEMENT_TIMEOUT * 1000)}",
    )
# Each worker thread keeps its connection between requests (opening one costs more than a
# cached page), checked before reuse. A thread serves one request at a time, so one connection
# per thread is all a pool would hold; psycopg's pool would add nothing here.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers and editors share one file: WAL lets readers run beside a writer; a
    # write transaction takes its lock at BEGIN (IMMEDIATE) and waits up to 20 s for it,
    # instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Shared by every worker: Redis (CACHE_URL=redis://...) across app servers, or else files in
# .cache/ that all the workers of one machine read and write (a per-process memory cache would
# keep serving a page another worker has purged).
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / '.cache'}")}
# Sites (or test runs) sharing one Redis keep apart with a prefix of their own.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)

# --- Page cache (articles/page_cache.py) -----------------------------------------------------

# false serves every page from the views, as a miss would be (to measure one, or to debug).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
# How long a stored page lives without a change (a change purges it at once).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Cache-Control for readers' browsers (max-age) and for a CDN (s-maxage).
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=60)
PAGE_SHARED_MAX_AGE = env.int("PAGE_SHARED_MAX_AGE", default=300)
# Dotted path to a callable given the absolute URLs to purge from a CDN after a change.
PAGE_PURGE_HOOK = env.str("PAGE_PURGE_HOOK", default="articles.purging.log_purge")

# --- Accounts: passwords and log-in lockouts (see newsroom/accounts.py) --------------------

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is hashed, so
    # repeated wrong log-ins cost almost nothing once locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id (memory-hard, Django's recommendation) at OWASP's parameters, cheap enough in CPU
# that wrong log-ins cannot starve readers (newsroom/accounts.py says why); PBKDF2 hashes made
# before still verify and are upgraded at the next log-in.
PASSWORD_HASHERS = [
    "newsroom.accounts.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.accounts.client_ip"
# How many proxies (load balancer, CDN) stand between readers and the app servers, each
# appending to X-Forwarded-For. 0: clients connect directly and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Reading at scale ---------------------------------------------------------------------

# Seconds a search may hold the database; past it the reader gets a "took too long" page.
SEARCH_TIMEOUT = env.float("SEARCH_TIMEOUT", default=2.0)
# URLs per sitemap page (the protocol allows 50,000). Each page covers a fixed range of story
# ids, so a story stays on the same page and every page costs the same to build.
SITEMAP_PAGE_URLS = env.int("SITEMAP_PAGE_URLS", default=500)

# --- Editing -----------------------------------------------------------------------------

# How long a share link (a draft preview for someone without an account) works by default.
PREVIEW_LINK_DAYS = env.int("PREVIEW_LINK_DAYS", default=7)

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en-us"
# The newsroom's own zone: readers and editors see times in it, with the zone named. Stored
# times stay UTC (USE_TZ). London by default: the product's dates are British-style, and GMT/BST
# names the zone plainly; set TIME_ZONE to the newsroom's own (an IANA name).
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
# Django's formats, with the one editor-facing date format (newsroom/formats/en/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise: compressed, hashed names) ----------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Media: uploaded pictures and their renditions (articles/uploads.py, renditions.py) ---

# Local files by default. In production, an S3-compatible bucket (AWS S3, Cloudflare R2,
# MinIO...) through django-storages: set MEDIA_BUCKET (pip install "django-storages[s3]", the
# optional extra "s3") and MEDIA_URL to the CDN or bucket address readers load pictures from.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_BUCKET = env.str("MEDIA_BUCKET", default="")
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the instance's role.
            "endpoint_url": env.str("MEDIA_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_REGION", default="") or None,
            "custom_domain": env.str("MEDIA_CUSTOM_DOMAIN", default="") or None,
            # Public pictures at stable addresses: no signed, expiring query strings.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            # Names are made from content (articles/uploads.py): safe to cache for good.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Whether this app serves MEDIA_URL itself (articles/media.py): on for `make run` (DEBUG) and
# `make serve`; off in production, where the bucket or the web server in front serves it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Uploads larger than this, or with more pixels (a "decompression bomb"), are refused.
PICTURE_MAX_UPLOAD_MB = env.int("PICTURE_MAX_UPLOAD_MB", default=15)
PICTURE_MAX_PIXELS = env.int("PICTURE_MAX_PIXELS", default=50_000_000)

# --- Security (production defaults; DEBUG relaxes only what local HTTP needs) -------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's health checks often speak plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "newsroom.errors.csrf_failure"
# Reader pages load one stylesheet and images from this site, and run no script: JSON-LD is a
# data block, which script-src does not govern. No nonces: pages are cached whole, and a nonce
# stored in a cached page would protect nothing.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.SELF],
    # Pictures come from this site, or from MEDIA_URL's host when that is a CDN or a bucket.
    "img-src": [CSP.SELF, *([MEDIA_URL] if MEDIA_URL.startswith("https://") else [])],
    "form-action": [CSP.SELF],
    # No page script fetches anything, but crawlers' and auditors' in-page tools read this
    # site's own robots.txt (Lighthouse's SEO audit can't, under connect-src 'none').
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
# The admin (under /admin/, see newsroom/security.py) also runs Django's scripts from this site
# and fetches autocomplete results; still nothing inline.
ADMIN_CSP = SECURE_CSP | {"script-src": [CSP.SELF], "connect-src": [CSP.SELF]}
# Features no page of this site uses are switched off for it and for anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
# Other sites may link to pages and files here but not load them into their own pages.
CROSS_ORIGIN_RESOURCE_POLICY = env.str("CROSS_ORIGIN_RESOURCE_POLICY", default="same-origin")

# --- Logging and error reports ---------------------------------------------------------------

# Logs go to stderr, where the process manager collects them: one JSON object a line in
# production (newsroom/logs.py), plain text with DEBUG on or LOG_FORMAT=text.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"one_line": {"()": "newsroom.logs.OneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        "one_line": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["one_line"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # A request for a host not in ALLOWED_HOSTS (scanners, a misdirected DNS name): one
        # warning line, not a traceback, and no email to ADMINS.
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
    },
}
# Who hears about server errors. ADMINS get an email for every 500 (with DEBUG off), through
# the mail server in EMAIL_URL (smtp://user:password@host:587, or consolemail:// to print).
ADMINS = env.list("ADMINS", default=[])
SERVER_EMAIL = env.str("SERVER_EMAIL", default="newsroom@localhost")
EMAIL = env.email_url("EMAIL_URL", default="smtp://localhost:25")
SMTP_OPTIONS = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
    "use_ssl": "EMAIL_USE_SSL",
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL["EMAIL_BACKEND"],
        "OPTIONS": {
            option: EMAIL[key]
            for option, key in SMTP_OPTIONS.items()
            if EMAIL["EMAIL_BACKEND"].endswith("smtp.EmailBackend") and EMAIL.get(key)
        },
    }
}
# Sentry, if SENTRY_DSN is set: the optional extra `pip install "sentry-sdk[django]"`.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.logging import ignore_logger
    except ImportError as error:
        raise ImproperlyConfigured(
            'SENTRY_DSN is set but sentry-sdk is not installed: pip install "sentry-sdk[django]"'
        ) from error
    # The Django integration turns itself on when Django is installed; PII stays out.
    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False)
    ignore_logger("django.security.DisallowedHost")
