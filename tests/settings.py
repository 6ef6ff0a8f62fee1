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
