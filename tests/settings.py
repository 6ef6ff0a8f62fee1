"""Settings for the test suite: the project's settings in test mode."""

import os

os.environ["FELLESLOFT_ENV"] = "test"
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from fellesloft.settings import *  # noqa: E402, F403
