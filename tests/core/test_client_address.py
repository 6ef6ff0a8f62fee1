"""The client's address behind trusted reverse proxies (rate limits, login throttling)."""

import pytest
from django.test import RequestFactory

from fellesloft.core.client_address import client_address
from fellesloft.dialogs import ratelimit


def _request(forwarded=None, remote="10.0.0.5"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_only_the_connection_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("203.0.113.9")) == "10.0.0.5"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # A forged entry sent by the client stands to the left of what the proxy added.
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),
        (1, "", "10.0.0.5"),
    ],
)
def test_behind_proxies_the_entry_the_outermost_proxy_added(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(forwarded)) == expected


def test_rate_limits_tell_clients_behind_one_proxy_apart(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = ratelimit.address_key(_request("203.0.113.9"))
    second = ratelimit.address_key(_request("203.0.113.10"))
    assert first != second
    assert "203.0.113.9" not in first  # a salted hash, never the address
