"""axe-core on every page of the permission matrix, as a visitor and as a superuser.

Fails on any WCAG 2.0/2.1 A or AA violation.
"""

import pytest
from django.urls import reverse

from tests.e2e.conftest import AXE_SCRIPT, log_in
from tests.matrix import all_cases, extend_world
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _html_pages(role: str) -> list:
    return [
        case
        for case in all_cases()
        if case.html and case.method == "get" and case.expect[role] == 200
    ]


def _violations(page) -> list[dict]:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core mangler ({AXE_SCRIPT}); kjør make static-deps", pytrace=False)
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_no_wcag_violations_on_any_page(page, role):
    world = build_world()
    extend_world(world)
    if role != "anonymous":
        log_in(page, world.users[role].email)
    failures = {}
    for case in _html_pages(role):
        url = reverse(case.url_name, kwargs=case.resolve_kwargs(world))
        page.goto(url)
        violations = _violations(page)
        if violations:
            failures[url] = violations
    assert not failures, failures


PHONE_WIDTH = 390
# The innermost elements reaching past the screen's edge, to say in the failure what to mend.
WIDEST = """() => {
  const wide = [...document.querySelectorAll("body *")].filter(
    e => e.getBoundingClientRect().right > window.innerWidth + 1
      && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1));
  return wide.slice(0, 3).map(e => e.tagName.toLowerCase()
    + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "")
    + " «" + (e.textContent || "").trim().slice(0, 30) + "»").join(", ");
}"""


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_no_page_scrolls_sideways_on_a_phone(page, role):
    """Every page of the matrix fits 390 px: wide tables scroll inside their own region
    (keyboard-scrollable), never the page."""
    world = build_world()
    extend_world(world)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    if role != "anonymous":
        log_in(page, world.users[role].email)
    too_wide = {}
    for case in _html_pages(role):
        url = reverse(case.url_name, kwargs=case.resolve_kwargs(world))
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            too_wide[url] = f"{width} px, {page.evaluate(WIDEST)}"
    assert not too_wide, "; ".join(f"{url}: {what}" for url, what in too_wide.items())
