"""Rate-limit counters: one attempt at a time (`hit`) and a batch at once (`hit_many`, what the
vote writer uses) count the same counters, in the process's memory, in Redis and in the database."""

import os
import socket

import pytest
from django.core.cache import cache
from django.core.management import call_command

from fellesloft.dialogs import ratelimit

WINDOW_SECONDS = 10**6
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_answers() -> bool:
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


def use_cache(kind: str, settings):
    if kind == "redis":
        if not _redis_answers():
            if os.environ.get("CI") == "true":
                pytest.fail(f"Redis does not answer on {REDIS_URL}, and CI=true needs it")
            pytest.skip(f"Redis does not answer on {REDIS_URL}")
        # A prefix of its own: parallel test processes share the Redis database.
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"fellesloft-test-{os.getpid()}",
            }
        }
    if kind == "database":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "fellesloft_test_cache",
            }
        }
        call_command("createcachetable", verbosity=0)
    # A window of ~12 days: a test cannot fall into two windows (as at a minute's end).
    settings.DIALOGS_RATE_LIMITS = {"vote": (3, WINDOW_SECONDS)}
    clear = cache.clear if kind != "redis" else lambda: cache.delete_pattern("*")
    clear()
    yield kind
    clear()


# The database backend's need of the database is a mark, not a fixture asked for on the way:
# pytest-django orders tests by what they declare, and a test that opens the database among
# those without it (after the browser tests) leaves a connection that pytest-django does not
# close, so PostgreSQL cannot drop the test database at the end.
@pytest.fixture(params=["memory", "redis", pytest.param("database", marks=pytest.mark.django_db)])
def backend(request, settings):
    yield from use_cache(request.param, settings)


@pytest.fixture
def redis(settings):
    yield from use_cache("redis", settings)


def test_a_batch_counts_each_key_as_often_as_it_comes(backend):
    assert ratelimit.hit_many("vote", ["a", "b", "a", "a", "a"]) == [True, True, True, True, False]
    assert ratelimit.hit_many("vote", ["b", "c"]) == [True, True]


def test_single_attempts_and_batches_share_their_counters(backend):
    assert ratelimit.hit("vote", "a")
    assert ratelimit.hit_many("vote", ["a", "a"]) == [True, True]
    assert not ratelimit.hit("vote", "a")
    assert ratelimit.hit_many("vote", ["a"]) == [False]


def test_a_batched_counter_in_redis_expires_after_its_window(redis):
    ratelimit.hit_many("vote", ["a"])
    counter = next(iter(cache.keys("dialogs:ratelimit:vote:a:*")))
    assert 2 * WINDOW_SECONDS - 60 < cache.ttl(counter) <= 2 * WINDOW_SECONDS + 5


def _at(monkeypatch, seconds: float) -> None:
    monkeypatch.setattr(ratelimit, "_now", lambda: seconds)


@pytest.mark.parametrize("batched", [False, True])
def test_no_burst_passes_twice_the_limit_across_a_window_edge(
    backend, settings, monkeypatch, batched
):
    """600 votes a minute: 600 in the last second of one minute, then the first seconds of the
    next may add only what has slid out of the last 60 s (fixed windows let 600 more in)."""
    settings.DIALOGS_RATE_LIMITS = {"vote": (600, 60)}
    start = 60 * 29_000_000

    def votes(n):
        if batched:
            return sum(ratelimit.hit_many("vote", ["p"] * n))
        return sum(ratelimit.hit("vote", "p") for _ in range(n))

    _at(monkeypatch, start + 59)
    assert votes(600) == 600
    assert votes(1) == 0
    _at(monkeypatch, start + 60 + 6)  # a tenth of the window on: 60 of the 600 slid out
    assert 59 <= votes(600) <= 61
    _at(monkeypatch, start + 60 + 59)
    assert votes(600) <= 600 - 59 + 60  # never more than the limit within any 60 s
    _at(monkeypatch, start + 60 * 3)
    assert votes(700) == 600  # after a quiet minute the whole allowance is back


def test_refused_attempts_do_not_count_and_retry_after_is_when_the_next_one_passes(
    backend, settings, monkeypatch
):
    settings.DIALOGS_RATE_LIMITS = {"vote": (10, 60)}
    start = 60 * 29_000_000
    _at(monkeypatch, start + 30)
    assert sum(ratelimit.hit("vote", "p") for _ in range(10)) == 10
    for _ in range(50):  # hammering does not push the wait further out
        assert not ratelimit.hit("vote", "p")
    wait = ratelimit.retry_after("vote", "p")
    assert 30 < wait <= 60
    _at(monkeypatch, start + 30 + wait - 2)
    assert not ratelimit.hit("vote", "p")
    _at(monkeypatch, start + 30 + wait)
    assert ratelimit.hit("vote", "p")
