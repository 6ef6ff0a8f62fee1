"""Browser tests: Playwright (Python) driving Debian's Chromium against a live server."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.world import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "build" / "static-vendor" / "axe" / "axe.min.js"
# Screenshots the tests take to be looked at (not committed; docs/tour holds the README's).
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-results"
ARTEFACTS.mkdir(exist_ok=True)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium mangler. Installer den med: sudo apt-get install -y chromium", pytrace=False
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the accessibility test inject axe; the pages' own CSP is tested elsewhere.
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/konto/logg-inn/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").last.click()
    page.wait_for_load_state()


def log_out(page) -> None:
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()
