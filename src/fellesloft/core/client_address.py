"""The address of the client behind the reverse proxies this deployment trusts.

With `TRUSTED_PROXY_COUNT` proxies in front of the web process, each appends the address it
saw to X-Forwarded-For, so the client is the entry that the outermost trusted proxy added:
the N-th from the right. Anything further left was sent by the client and can be forged.
Without trusted proxies only REMOTE_ADDR counts. Rate limits and login throttling both use it.
"""

from django.conf import settings


def client_address(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Fewer hops than configured: the request did not come through every proxy.
        return forwarded[0] if forwarded else remote
    return forwarded[-proxies]
