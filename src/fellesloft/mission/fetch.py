"""Fetching a dataset from a URL (SSB's PxWebApi v2) with a timeout and a clear message."""

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from fellesloft.core.exceptions import ServiceError

TIMEOUT_SECONDS = 30
MAX_BYTES = 200 * 1024 * 1024
USER_AGENT = "Fellesloft/1 (+https://github.com/fellesloft)"
SSB_DATA_URL = (
    "https://data.ssb.no/api/pxwebapi/v2/tables/{table}/data?lang=no&outputFormat=json-stat2"
)


def is_url(text: str) -> bool:
    return urlsplit(text.strip()).scheme in ("http", "https")


def _fetch_failed(message: str) -> ServiceError:
    return ServiceError(message, field="url", code="fetch_failed")


def _no_answer(host: str, timeout: float) -> ServiceError:
    """A timeout, whether the socket raises it or urllib wraps it in a URLError."""
    return _fetch_failed(
        f"Fikk ikke svar fra {host} innen {int(timeout)} sekunder. Prøv igjen senere, "
        "eller last ned fila og importer den fra disk."
    )


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, opener=urllib.request.urlopen) -> bytes:
    """The body at `url`. Any failure becomes a ServiceError that says what to do."""
    if not is_url(url):
        raise ServiceError(
            f"«{url}» er ikke en nettadresse (den må begynne med https:// eller http://).",
            field="url",
        )
    request = urllib.request.Request(  # noqa: S310 – the scheme is checked above
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/json, text/csv"}
    )
    host = urlsplit(url).hostname or url
    try:
        with opener(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        detail = _http_detail(error)
        raise _fetch_failed(
            f"Tjeneren {host} svarte med feil {error.code} ({error.reason}){detail}. "
            "Sjekk tabellnummeret og spørringen i adressen."
        ) from error
    except TimeoutError as error:
        raise _no_answer(host, timeout) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise _no_answer(host, timeout) from error
        raise _fetch_failed(
            f"Fikk ikke kontakt med {host} ({reason}). Sjekk adressen og nettforbindelsen, "
            "eller last ned fila og importer den fra disk."
        ) from error
    if len(body) > MAX_BYTES:
        raise ServiceError(
            f"Svaret fra {host} er større enn {MAX_BYTES // (1024 * 1024)} MB; "
            "avgrens spørringen (for eksempel til færre regioner eller år).",
            field="url",
            code="too_large",
        )
    return body


def _http_detail(error: urllib.error.HTTPError) -> str:
    try:
        text = error.read(500).decode("utf-8", errors="replace").strip()
    except Exception:  # noqa: BLE001 – the detail is a courtesy only
        return ""
    return f": {text[:200]}" if text else ""
