"""Settings for Fellesløft, read from the environment.

FELLESLOFT_ENV chooses the mode: "development" (default), "test" or "production".
Production refuses to start without SECRET_KEY and turns on every HTTPS protection
that `fellesloft check --deploy` asks for.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps its data beside the code; an installed package uses the working dir.
_CHECKOUT_DIR = PACKAGE_DIR.parent.parent
PROJECT_DIR = _CHECKOUT_DIR if (_CHECKOUT_DIR / "pyproject.toml").exists() else Path.cwd()

ENVIRONMENT = os.environ.get("FELLESLOFT_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("FELLESLOFT_DATA_DIR", PROJECT_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret_key() -> str:
    """A key generated once per checkout and kept, so sessions survive restarts."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set (50 characters or more) in production.")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()

# Off unless asked for: a newcomer should see the friendly error pages, not Django's.
DEBUG = _env_bool("DEBUG", default=False)
ALLOWED_HOSTS = _env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many reverse proxies in front of the web process add X-Forwarded-For (0: none, use the
# connection's address). Rate limits and login throttling key on the client behind them.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "django_htmx",
    "ninja",  # serves the API docs page's scripts from our static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "fellesloft.core",
    "fellesloft.accounts",
    "fellesloft.organisations",
    "fellesloft.mission",
    "fellesloft.experiments",
    "fellesloft.barriers",
    "fellesloft.dialogs",
    "fellesloft.learning",
    "fellesloft.measures",
    "fellesloft.notifications",
    "fellesloft.search",
    "fellesloft.api",
    "fellesloft.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside all that can answer an error, so every answer under /api/ is JSON.
    "fellesloft.api.middleware.ApiJsonErrorMiddleware",
    "fellesloft.core.middleware.CleanTextInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "fellesloft.core.middleware.ContentSecurityPolicyMiddleware",
    # Axes last, as its documentation asks: it turns locked-out logins into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fellesloft.urls"
WSGI_APPLICATION = "fellesloft.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fellesloft.core.context_processors.navigation",
                "fellesloft.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database: SQLite in WAL mode by default, PostgreSQL through DATABASE_URL -------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'fellesloft.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, memory otherwise -----------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Votes ---------------------------------------------------------------------------------
# How long the vote writer of each web process collects votes into one statement and commit
# (dialogs/intake.py): a few milliseconds of latency for a fraction of the database's work.
DIALOGS_VOTE_GATHER_SECONDS = float(os.environ.get("DIALOGS_VOTE_GATHER_SECONDS", "0.02"))
# New participants per hour from one address into one dialog (a school's network puts a whole
# hall behind one address); a facilitator may raise it for a dialog (dialogs/ratelimit.py).
DIALOGS_JOIN_LIMIT_PER_HOUR = int(os.environ.get("DIALOGS_JOIN_LIMIT_PER_HOUR", "1000"))

# --- Background tasks (Django's tasks API through the django-tasks backport) ----------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Statistics from SSB (mission/ssb.py) --------------------------------------------------
# The county whose municipalities the preset «neet-kommune» asks for.
SSB_COUNTY = os.environ.get("SSB_COUNTY", "50")
# How often the background worker imports the presets below from SSB's API; 0: never.
SSB_IMPORT_EVERY_DAYS = int(os.environ.get("SSB_IMPORT_EVERY_DAYS", "7") or 0)
SSB_IMPORT_PRESETS = _env_list(
    "SSB_IMPORT_PRESETS", ["neet-kommune", "neet-nasjonal", "befolkning-alder"]
)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# After logging in a person lands on what waits for them (a `next` parameter still wins).
LOGIN_REDIRECT_URL = "core:my_work"
LOGOUT_REDIRECT_URL = "core:home"

# Days an invitation's link works (organisations: invitations by e-mail).
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "7"))

# Login throttling: five failed attempts for one account from one address lock it for 15 min.
AXES_FAILURE_LIMIT = 5
AXES_CLIENT_IP_CALLABLE = "fellesloft.core.client_address.client_address"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# ... and an account, whatever the address, after ten failures (accounts/throttle.py).
AXES_HANDLER = "fellesloft.accounts.throttle.AccountThrottleHandler"
# Login records (staff addresses and user agents) are deleted after this many days.
LOGIN_RECORDS_RETENTION_DAYS = int(os.environ.get("LOGIN_RECORDS_RETENTION_DAYS", "30"))

# --- Login with OpenID Connect (django-allauth): providers from OIDC_PROVIDERS ---------------
# accounts/oidc/config.py reads and checks the variables; accounts/oidc/adapter.py decides who
# may log in. Only the login start and the provider's way back are mounted (accounts/oidc/urls.py).
from fellesloft.accounts.oidc.config import (  # noqa: E402
    providers_from_environment,
    socialaccount_providers,
)

OIDC_PROVIDERS = providers_from_environment(os.environ)
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(OIDC_PROVIDERS)
SOCIALACCOUNT_ADAPTER = "fellesloft.accounts.oidc.adapter.SocialAccountAdapter"
ACCOUNT_ADAPTER = "fellesloft.accounts.oidc.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter links by verified e-mail itself
SOCIALACCOUNT_AUTO_SIGNUP = True  # where a provider allows sign-up at all
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # a login starts with a POST (CSRF), never a link
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# --- Internationalisation: Norwegian bokmål first, English second ---------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# One way to write dates per language (fellesloft/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["fellesloft.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files: our own and Designsystemet's, never from a CDN ----------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
_VENDOR_STATIC = PROJECT_DIR / "build" / "static-vendor"
if _VENDOR_STATIC.exists():
    STATICFILES_DIRS.append(_VENDOR_STATIC)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "fellesloft.core.staticfiles.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Outside production WhiteNoise serves straight from the app folders, so no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- E-mail: printed on the console unless configured -----------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Fellesløft <ikke-svar@fellesloft.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The browser keeps a __Host- cookie only when it is Secure, for "/" and without a Domain:
    # no subdomain or plain-HTTP page can set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-django_language"

# --- Audit log --------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True  # the audit trail needs who and what, not where from

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "permission_denied": {"()": "fellesloft.core.logging.PermissionDeniedWithoutTraceback"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # An ordinary 403 is one line, not a traceback; real 500s keep theirs.
        "django.request": {"filters": ["permission_denied"]},
    },
}

if ENVIRONMENT == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    SSB_IMPORT_EVERY_DAYS = 0  # no test reaches the internet


FORM_RENDERER = "fellesloft.core.forms.DesignSystemFormRenderer"
