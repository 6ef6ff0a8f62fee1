"""The README's production steps, run as written: `collectstatic` with production settings,
then gunicorn (`gunicorn.conf.py`) serving pages, their static files and the API over HTTP on
the test database – behind a proxy that speaks HTTPS, as production's settings expect."""

import os
import re
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.dialogs.helpers import make_dialog
from tests.test_asgi import database_url, free_port, request, start_gunicorn, stop_process

ROOT = Path(__file__).resolve().parents[1]
HTTPS = {"X-Forwarded-Proto": "https"}  # SECURE_PROXY_SSL_HEADER: the proxy ended TLS


def production_environment(tmp_path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        FELLESLOFT_ENV="production",
        SECRET_KEY="p" * 64,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(),
        FELLESLOFT_DATA_DIR=str(tmp_path / "data"),
        STATIC_ROOT=str(tmp_path / "static"),
        WEB_THREADS="2",
    )
    return env


@pytest.mark.django_db(transaction=True)  # the server must see the test's rows
def test_production_collects_its_static_files_and_gunicorn_serves_every_kind_of_page(
    world, tmp_path
):
    dialog = make_dialog(world)
    env = production_environment(tmp_path)
    collected = subprocess.run(
        [sys.executable, "-m", "fellesloft", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()

    port = free_port()
    server = start_gunicorn(port, env, headers=HTTPS)
    try:
        assert server.poll() is None, server.stdout.read().decode()
        pages = [
            reverse("core:home"),
            reverse("accounts:login"),
            f"/dialoger/{dialog.slug}/",
            reverse("core:privacy"),
        ]
        stylesheets = set()
        for page in pages:
            status, _headers, body = request(port, "GET", page, headers=HTTPS)
            assert status == 200, (page, body[:500])
            stylesheets |= set(re.findall(rb'href="(/static/[^"]+\.css)"', body))
        # The pages name the hashed files of the manifest, and WhiteNoise serves them.
        theme = rb"/static/designsystemet/theme\.[0-9a-f]{12}\.css"
        assert any(re.fullmatch(theme, stylesheet) for stylesheet in stylesheets), stylesheets
        for stylesheet in stylesheets:
            status, headers, _body = request(port, "GET", stylesheet.decode(), headers=HTTPS)
            assert (status, headers["Content-Type"].split(";")[0]) == (200, "text/css")

        # Cookies that only this HTTPS site can set: Secure, and named __Host-.
        _status, headers, _body = request(port, "GET", reverse("accounts:login"), headers=HTTPS)
        cookies = SimpleCookie()
        for header in headers.get_all("Set-Cookie"):
            cookies.load(header)
        assert "__Host-csrftoken" in cookies
        for name, cookie in cookies.items():
            assert name.startswith("__Host-"), name
            assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"], name

        status, _headers, body = request(port, "GET", "/api/v1/organisations", headers=HTTPS)
        assert status == 200
    finally:
        stop_process(server)
    output = server.stdout.read().decode()
    assert "Traceback" not in output, output


def test_a_vendored_file_that_names_a_missing_file_does_not_stop_collectstatic(tmp_path):
    """Source maps, fonts and images a vendored file points to but the set-up did not copy:
    the reference stays as it is, the rest is hashed and in the manifest."""
    vendor = tmp_path / "vendor"
    (vendor / "lib").mkdir(parents=True)
    (vendor / "lib" / "lib.min.js").write_text("var a=1;\n//# sourceMappingURL=lib.min.js.map\n")
    (vendor / "lib" / "present.png").write_bytes(b"\x89PNG\r\n")
    (vendor / "lib" / "theme.css").write_text(
        "@font-face{font-family:Inter;src:url(fonts/inter.woff2) format('woff2')}\n"
        "@import 'missing.css';\n"
        ".logo{background:url(present.png)}\n"
        "/*# sourceMappingURL=theme.css.map */\n"
    )
    with override_settings(
        STATICFILES_DIRS=[vendor],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STATIC_ROOT=tmp_path / "static",
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "fellesloft.core.staticfiles.StaticFilesStorage"},
        },
    ):
        call_command("collectstatic", "--no-input", verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        theme = staticfiles_storage.stored_name("lib/theme.css")
        assert re.fullmatch(r"lib/theme\.[0-9a-f]{12}\.css", theme)
        css = (tmp_path / "static" / theme).read_text()
        assert "url(fonts/inter.woff2)" in css and "@import 'missing.css'" in css
        assert re.search(r"url\(\"?present\.[0-9a-f]{12}\.png", css)
        script = staticfiles_storage.stored_name("lib/lib.min.js")
        assert "sourceMappingURL=lib.min.js.map" in (tmp_path / "static" / script).read_text()
