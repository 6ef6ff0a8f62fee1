"""Rate limits for the anonymous participant flow, without storing anybody's IP address.

The address is hashed together with a random salt that lives only in the cache and is replaced
every day, so the counters cannot be traced back to an address once the day is over. Counters
live in the cache (Redis when configured, shared by all web processes).
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.utils import timezone
from django_redis.cache import RedisCache

from fellesloft.core.client_address import client_address

SALT_LIFETIME = 2 * 24 * 3600
# Where the vote intake (`intake.py`) leaves the result of counting a vote when it passes the
# vote on to Django, so that the API does not count it twice. Clients cannot set it: a header
# reaches the WSGI environment only with the HTTP_ prefix.
VOTE_COUNTED = "fellesloft.dialogs.vote_counted"


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int


# A school class behind one address may join together; nobody votes ten times a second.
DEFAULT_LIMITS = {
    "join": Limit("join", 300, 3600),  # new participants per address per hour
    "vote": Limit("vote", 600, 60),  # votes per participant per minute
    "statement": Limit("statement", 10, 600),  # own statements per participant per 10 min
    "statement_address": Limit("statement_address", 200, 3600),  # per address per hour
}


def limit_for(scope: str) -> Limit:
    override = getattr(settings, "DIALOGS_RATE_LIMITS", {}).get(scope)
    if override:
        return Limit(scope, int(override[0]), int(override[1]))
    return DEFAULT_LIMITS[scope]


def daily_salt() -> str:
    day = timezone.now().date().isoformat()
    key = f"dialogs:ratelimit-salt:{day}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), timeout=SALT_LIFETIME)
        salt = cache.get(key)
    return salt


def address_key(request) -> str:
    """A salted, daily-rotating hash of the client's address (never the address itself)."""
    address = client_address(request)
    return hashlib.sha256(f"{daily_salt()}|{address}".encode()).hexdigest()[:32]


def _counter_key(limit: Limit, key: str) -> str:
    window = int(timezone.now().timestamp()) // limit.seconds
    return f"dialogs:ratelimit:{limit.scope}:{key}:{window}"


def hit(scope: str, key: str) -> bool:
    """Counts one attempt; False when the limit is used up for the current window."""
    limit = limit_for(scope)
    cache_key = _counter_key(limit, key)
    if cache.add(cache_key, 1, timeout=limit.seconds + 5):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=limit.seconds + 5)
        return True
    return count <= limit.count


def hit_many(scope: str, keys: list[str]) -> list[bool]:
    """`hit` for each key (a key may come more than once), with one round trip to Redis for
    all of them: the vote writer counts a whole batch of votes at once (`intake.py`)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return [hit(scope, key) for key in keys]
    limit = limit_for(scope)
    # The same counters as `hit` (django-redis keeps integers as Redis integers). INCR, then
    # EXPIRE: a counter never outlives its window by more than the timeout.
    pipeline = backend.client.get_client(write=True).pipeline(transaction=False)
    for key in keys:
        counter = backend.make_key(_counter_key(limit, key))
        pipeline.incr(counter)
        pipeline.expire(counter, limit.seconds + 5)
    counts = pipeline.execute()[::2]
    return [count <= limit.count for count in counts]


def retry_after(scope: str) -> int:
    limit = limit_for(scope)
    return limit.seconds - int(timezone.now().timestamp()) % limit.seconds
