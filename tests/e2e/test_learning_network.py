"""The learning network in a browser: search with highlights, and a video that stays away
until the visitor asks for it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.learning.factories import make_discussion, make_resource
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_shows_highlighted_hits_the_user_may_see(page):
    world = build_world()
    resource = make_resource("Relasjoner i skolen", questions=["Hva gjør vi?"])
    make_discussion(
        resource,
        world.other_organisation,
        world.users["other_coordinator"],
        text="Hemmelige relasjoner",
    )
    log_in(page, world.users["member"].email)
    page.goto("/sok/")
    page.get_by_label("Søk etter").fill("relasjoner")
    page.get_by_role("button", name="Søk", exact=True).click()
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Relasjoner i skolen")).to_be_visible()
    expect(results.locator("mark").first).to_have_text("Relasjoner")
    expect(results).not_to_contain_text("Hemmelige")


def test_video_is_loaded_only_after_a_click(page):
    build_world()
    resource = make_resource(
        "Webinar med video", video_url="https://www.youtube.com/watch?v=abc123"
    )
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    page.goto(resource.get_absolute_url())
    expect(page.locator("iframe")).to_have_count(0)
    assert not [url for url in requested if not url.startswith(page.url.split("/laering")[0])]
    page.get_by_role("button", name="Last inn og vis videoen").click()
    expect(page.locator("iframe")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/abc123"
    )
