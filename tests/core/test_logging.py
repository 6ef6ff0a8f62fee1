import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import path

from fellesloft import urls as site_urls


def refused(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a real fault")


# The site's own pages too, so the error pages (which link to them) render as in production.
urlpatterns = [path("refused/", refused), path("broken/", broken), *site_urls.urlpatterns]
handler403 = site_urls.handler403
handler500 = site_urls.handler500


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_403_logs_one_line_without_a_traceback_and_a_500_keeps_its_own(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/refused/").status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert len(refusals) == 1
    assert refusals[0].levelno <= logging.WARNING
    assert refusals[0].exc_info is None
    assert "Traceback" not in caplog.text
    assert "/refused/" in refusals[0].getMessage()

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/broken/").status_code == 500
    (failure,) = [r for r in caplog.records if r.name == "django.request"]
    assert failure.levelno == logging.ERROR
    assert failure.exc_info and isinstance(failure.exc_info[1], RuntimeError)
