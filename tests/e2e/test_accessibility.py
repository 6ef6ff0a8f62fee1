"""Every page of the permission matrix, as every role of the matrix, on a phone (390 × 844) and
on a desktop (1366 × 900): axe-core finds no WCAG 2.0/2.1 A or AA violation, the page does not
scroll sideways, and every table wider than its region says that it scrolls (and no table that
fits says so).

One browser page per role, one visit per page: axe and the measurements run at the phone's
size, the window is then widened to the desktop's (as a phone turned or a window resized: the
pages' CSS and scripts follow a resize) and they run again. axe is loaded once per browser
context (an init script), not sent again with every page.

The sweep runs on SQLite only: the pages' HTML and CSS do not depend on the database, and the
permission matrix (`tests/core/test_permission_matrix.py`) already opens every page as every
role on PostgreSQL too. Running it on both would double its cost (minutes of `make test`)
and find nothing new.
"""

import pytest
from django.db import connection
from django.urls import reverse

from tests.e2e.conftest import AXE_SCRIPT, log_in
from tests.matrix import all_cases, extend_world
from tests.world import ROLES, build_world

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _html_pages(role: str) -> list:
    return [
        case
        for case in all_cases()
        if case.html and case.method == "get" and case.expect[role] == 200
    ]


def _violations(page) -> list[dict]:
    """axe's WCAG A/AA violations on the page as it is now (axe injected if it is not there)."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core mangler ({AXE_SCRIPT}); kjør make static-deps", pytrace=False)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
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


# The innermost elements reaching past the screen's edge, to say in the failure what to mend.
WIDEST = """() => {
  const wide = [...document.querySelectorAll("body *")].filter(
    e => e.getBoundingClientRect().right > window.innerWidth + 1
      && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1));
  return wide.slice(0, 3).map(e => e.tagName.toLowerCase()
    + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "")
    + " «" + (e.textContent || "").trim().slice(0, 30) + "»").join(", ");
}"""

# Tables that hide columns without saying so, and cues shown for tables that fit: a table is
# hidden in part when it is wider than the box that clips it; that box must be a table region
# (core/table_scroll.html) whose hint is visible – and a region's hint shows only then.
SCROLL_CUES = """() => {
  const problems = [];
  const label = t =>
    "«" + ((t.caption && t.caption.textContent) || t.textContent).trim().slice(0, 40) + "»";
  for (const table of document.querySelectorAll("main table")) {
    let box = table.parentElement;
    while (box && box !== document.body && getComputedStyle(box).overflowX === "visible") {
      box = box.parentElement;
    }
    if (!box || box === document.body || !table.checkVisibility()) continue;
    const hidden = table.getBoundingClientRect().width > box.clientWidth + 1;
    const scroll = box.closest("[data-table-scroll]");
    const hint = scroll && scroll.querySelector("[data-table-scroll-hint]");
    const shown = !!hint && hint.checkVisibility();
    if (hidden && !shown) problems.push("skjuler kolonner uten hint: " + label(table));
    if (!hidden && shown) problems.push("hint for en tabell som får plass: " + label(table));
  }
  return problems;
}"""


def _check(page, size: dict) -> list:
    problems: list = list(_violations(page))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > size["width"]:
        problems.append(f"ruller sideveis: {width} px, {page.evaluate(WIDEST)}")
    problems += page.evaluate(SCROLL_CUES)
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible_and_fits_on_a_phone_and_a_desktop(page, role):
    if connection.vendor != "sqlite":
        pytest.skip("Sidene er de samme på begge databaser; se modulens docstring.")
    world = build_world()
    extend_world(world)
    if role != "anonymous":
        log_in(page, world.users[role].email)
    page.context.add_init_script(path=str(AXE_SCRIPT))
    failures = {}
    for case in _html_pages(role):
        url = reverse(case.url_name, kwargs=case.resolve_kwargs(world))
        page.set_viewport_size(PHONE)
        page.goto(url)
        phone = _check(page, PHONE)
        page.set_viewport_size(DESKTOP)
        page.evaluate(NEXT_FRAME)  # the tables' cues follow the resize before the next frame
        desktop = _check(page, DESKTOP)
        if phone:
            failures[f"{url} (390 px)"] = phone
        if desktop:
            failures[f"{url} (1366 px)"] = desktop
    assert not failures, "\n".join(f"{url}: {what}" for url, what in failures.items())
