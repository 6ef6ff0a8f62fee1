"""Settings for the test suite: the project's settings in test mode."""

import os
import tempfile

os.environ["FELLESLOFT_ENV"] = "test"
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from fellesloft.settings import *  # noqa: E402, F403

# A file, not memory: the live server's threads then get their own connections (as in
# production) instead of sharing one in-memory connection across threads.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test run, so parallel runs on one machine never share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get(
            "TEST_DATABASE_NAME",
            os.path.join(tempfile.gettempdir(), f"fellesloft-test-{os.getpid()}.sqlite3"),
        )
    }

from fellesloft.accounts.oidc.config import (  # noqa: E402
    providers_from_environment,
    socialaccount_providers,
)

# One OpenID Connect provider, on a loopback port where nothing answers, so the login page and
# the permission matrix have an OIDC login to show; tests/accounts/test_oidc*.py start a real
# provider and point the settings at it.
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
    providers_from_environment(
        {
            "OIDC_PROVIDERS": "testidp",
            "OIDC_TESTIDP_NAME": "Test-ID",
            "OIDC_TESTIDP_SERVER_URL": "http://127.0.0.1:9",
            "OIDC_TESTIDP_CLIENT_ID": "fellesloft",
            "OIDC_TESTIDP_SECRET": "ikke-i-bruk",
        }
    )
)
