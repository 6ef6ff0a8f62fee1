"""Rate limits for the anonymous participant flow, without storing anybody's IP address.

The address is hashed together with a random salt that lives only in the cache and is replaced
every day, so the counters cannot be traced back to an address once the day is over. Counters
live in the cache (Redis when configured, shared by all web processes).

Each limit is a sliding window, counted the classic way with two fixed windows: the attempts
in the current window plus the previous window's, weighted by how much of it still lies within
the last `seconds`. So no burst passes twice the limit across a window's edge (as 992 votes in
25 s did across a minute's edge with fixed windows), and a batch is still counted with INCR
and EXPIRE in one pipeline (`hit_many`). A refused attempt is not counted: a participant who
keeps trying gets in as soon as the window allows, which is what `retry_after` tells them.
"""

import contextlib
import hashlib
import math
import secrets
import time
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
# A dialog whose facilitator raised its join limit may take half of it within a minute.
JOIN_BURST_SHARE = 2


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int


# Nobody votes ten times a second, and nobody writes a statement a minute for long.
DEFAULT_LIMITS = {
    # New participants per minute from one address into any dialogs: 20 a second, so a school
    # hall gets in at once, while a script cannot create participants as fast as it likes.
    "join_burst": Limit("join_burst", 1200, 60),
    "vote": Limit("vote", 600, 60),  # votes per participant per minute
    "statement": Limit("statement", 10, 600),  # own statements per participant per 10 min
    "statement_address": Limit("statement_address", 200, 3600),  # per address per hour
}


def limit_for(scope: str, count: int | None = None) -> Limit:
    """The scope's limit (`DIALOGS_RATE_LIMITS` may override it), with `count` if given."""
    override = getattr(settings, "DIALOGS_RATE_LIMITS", {}).get(scope)
    if override:
        limit = Limit(scope, int(override[0]), int(override[1]))
    elif scope == "join":  # new participants per dialog and address per hour
        limit = Limit(scope, settings.DIALOGS_JOIN_LIMIT_PER_HOUR, 3600)
    else:
        limit = DEFAULT_LIMITS[scope]
    return limit if count is None else Limit(scope, count, limit.seconds)


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


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class _Window:
    """Where now falls for a limit: the current fixed window and the share of it that has
    passed. A key's counters are `current(key)` and `previous(key)`."""

    scope: str
    index: int
    elapsed: float

    @classmethod
    def now(cls, limit: Limit) -> "_Window":
        index, into = divmod(_now(), limit.seconds)
        return cls(limit.scope, int(index), into / limit.seconds)

    def current(self, key: str) -> str:
        return f"dialogs:ratelimit:{self.scope}:{key}:{self.index}"

    def previous(self, key: str) -> str:
        return f"dialogs:ratelimit:{self.scope}:{key}:{self.index - 1}"

    def allows(self, limit: Limit, previous: int, current: int) -> bool:
        return previous * (1 - self.elapsed) + current <= limit.count


def _timeout(limit: Limit) -> int:
    """A counter is read during its own window and the next one."""
    return 2 * limit.seconds + 5


def hit(scope: str, key: str, *, count: int | None = None) -> bool:
    """Counts one attempt; False (and not counted) when the limit is used up."""
    limit = limit_for(scope, count)
    window = _Window.now(limit)
    counter = window.current(key)
    if cache.add(counter, 1, timeout=_timeout(limit)):
        current = 1
    else:
        try:
            current = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=_timeout(limit))
            current = 1
    if window.allows(limit, int(cache.get(window.previous(key)) or 0), current):
        return True
    _uncount(counter)
    return False


def _uncount(counter: str) -> None:
    with contextlib.suppress(ValueError):  # the counter expired meanwhile
        cache.decr(counter)


def hit_many(scope: str, keys: list[str]) -> list[bool]:
    """`hit` for each key (a key may come more than once), with one round trip to Redis for
    all of them: the vote writer counts a whole batch of votes at once (`intake.py`). Only
    when some are refused does a second round trip take their counts back."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return [hit(scope, key) for key in keys]
    limit = limit_for(scope)
    window = _Window.now(limit)
    timeout = _timeout(limit)
    counters = [backend.make_key(window.current(key)) for key in keys]
    # The same counters as `hit` (django-redis keeps integers as Redis integers). INCR, then
    # EXPIRE: a counter never outlives the next window by more than a few seconds. The
    # previous window's counters come in one MGET.
    client = backend.client.get_client(write=True)
    pipeline = client.pipeline(transaction=False)
    for counter in counters:
        pipeline.incr(counter)
        pipeline.expire(counter, timeout)
    pipeline.mget([backend.make_key(window.previous(key)) for key in keys])
    answers = pipeline.execute()
    previous = answers[-1]
    allowed = [
        window.allows(limit, int(previous[i] or 0), answers[2 * i]) for i in range(len(keys))
    ]
    if not all(allowed):
        pipeline = client.pipeline(transaction=False)
        for counter, ok in zip(counters, allowed, strict=True):
            if not ok:
                pipeline.decr(counter)
        pipeline.execute()
    return allowed


def retry_after(scope: str, key: str, *, count: int | None = None) -> int:
    """Seconds until `key` may make its next attempt (at least 1)."""
    limit = limit_for(scope, count)
    window = _Window.now(limit)
    counts = cache.get_many([window.previous(key), window.current(key)])
    previous = int(counts.get(window.previous(key)) or 0)
    current = int(counts.get(window.current(key)) or 0)
    room = limit.count - current - 1  # what the previous window's weighted share may use
    if room >= 0:  # later in this window, once enough of the previous one has slid out
        wait = ((1 - room / previous if previous else 0.0) - window.elapsed) * limit.seconds
    else:  # in the next window, where this window's count is the weighted one
        later = max(1 - (limit.count - 1) / current, 0.0)
        wait = (1 - window.elapsed + later) * limit.seconds
    return max(math.ceil(wait), 1)


def join_wait(request, dialog) -> int:
    """Counts one join of `dialog` from the request's address: 0 when it may join, else the
    seconds to wait. The hourly limit is per dialog and address, so a school's network that
    brings a whole hall into one dialog does not hold up another, and the facilitator may raise
    it for the dialog; the burst limit is per address."""
    address = address_key(request)
    hourly = dialog.join_limit_per_hour
    burst = max(limit_for("join_burst").count, (hourly or 0) // JOIN_BURST_SHARE)
    checks = (("join", f"{dialog.pk}:{address}", hourly), ("join_burst", address, burst))
    for passed, (scope, key, count) in enumerate(checks):
        if not hit(scope, key, count=count):
            for earlier_scope, earlier_key, _count in checks[:passed]:  # this join did not happen
                _uncount(_Window.now(limit_for(earlier_scope)).current(earlier_key))
            return retry_after(scope, key, count=count)
    return 0
