import pytest
from django.urls import reverse

from fellesloft.core.figures import PROBLEM_FIGURES

pytestmark = pytest.mark.django_db


def test_front_page_shows_vision_and_figures_with_sources(client):
    body = client.get("/").content.decode()
    assert "Alle unge har fremtidstro" in body
    for figure in PROBLEM_FIGURES:
        assert figure["value"] in body
        assert str(figure["source"]) in body
    assert "foreløpige tall" in body


def test_front_page_links_only_to_parts_that_exist(client):
    from django.urls import resolve

    body = client.get("/").content.decode()
    links = [part.split('"')[0] for part in body.split('href="')[1:]]
    for link in links:
        if link.startswith("/") and not link.startswith("/static/"):
            resolve(link.split("?")[0])


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_unknown_url_gives_a_friendly_norwegian_404(client):
    response = client.get("/denne-siden-finnes-ikke/")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_third_party_resources_on_the_front_page(client):
    body = client.get("/").content.decode()
    for attribute in ('src="http', 'href="http'):
        assert attribute not in body.replace('href="http://testserver', "")


def test_audit_log_shows_changes_to_the_mission_lead(client, world):
    from fellesloft.organisations import services

    client.force_login(world.users["mission_lead"])
    services.organisation_update(organisation=world.organisation, description="Ny tekst")
    response = client.get(reverse("core:audit_log"), {"type": "organisations.organisation"})
    assert world.organisation.name in response.content.decode()


def test_language_switch_sets_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/personvern/"})
    assert response.status_code == 302
    body = client.get("/personvern/").content.decode()
    assert 'lang="en"' in body


def test_the_wsgi_application_warms_up_at_start(db):
    from django.urls import URLResolver, clear_url_caches, get_resolver

    from fellesloft import wsgi

    assert callable(wsgi.application)
    clear_url_caches()
    assert not get_resolver()._reverse_dict
    wsgi._warm_up()
    # Every resolver, the namespaced ones included, has its reverse lookups in both languages.
    nested = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver)]
    for resolver in [get_resolver(), *nested]:
        assert {"nb", "en"} <= set(resolver._reverse_dict), resolver
