"""Rate-limit counters: one attempt at a time (`hit`) and a batch at once (`hit_many`, what the
vote writer uses) count the same counters, in the process's memory and in Redis."""

import os
import socket

import pytest
from django.core.cache import cache

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
    # A window of ~12 days: a test cannot fall into two windows (as at a minute's end).
    settings.DIALOGS_RATE_LIMITS = {"vote": (3, WINDOW_SECONDS)}
    clear = cache.clear if kind == "memory" else lambda: cache.delete_pattern("*")
    clear()
    yield kind
    clear()


@pytest.fixture(params=["memory", "redis"])
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
    assert WINDOW_SECONDS - 60 < cache.ttl(counter) <= WINDOW_SECONDS + 5
