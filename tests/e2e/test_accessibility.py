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
