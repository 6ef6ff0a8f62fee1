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


def test_one_search_box_finds_every_part_and_filters_by_type(page):
    from fellesloft.experiments import services as experiment_services
    from tests.barriers.helpers import escalate, report
    from tests.experiments.factories import experiment

    world = build_world()
    lead = world.users["mission_lead"]
    item = experiment(world, title="Forsøk med blåveis")
    card = experiment_services.learning_card_create(
        experiment=item,
        title="Blåveis i skolen",
        hypothesis="h",
        observation="o",
        learning="Blåveis hjelper.",
        decision="d",
        by=lead,
    )
    experiment_services.learning_card_publish(card=card, by=lead)
    escalate(report(world, title="Blåveis stopper ved grensen"), lead)
    report(world, title="Intern blåveis-barriere")
    page.goto("/sok/?q=bl%C3%A5veis")
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Blåveis i skolen")).to_be_visible()
    expect(results.get_by_role("link", name="Blåveis stopper ved grensen")).to_be_visible()
    # Visitors see neither the network's experiments nor barriers that are not escalated.
    expect(results.get_by_role("link", name="Forsøk med blåveis")).to_have_count(0)
    expect(results).not_to_contain_text("Intern blåveis-barriere")
    log_in(page, world.users["member"].email)
    page.goto("/sok/?q=bl%C3%A5veis&type=learning_card")
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Blåveis i skolen")).to_be_visible()
    expect(results).not_to_contain_text("Blåveis stopper ved grensen")
    page.goto("/sok/?q=bl%C3%A5veis")
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Forsøk med blåveis")).to_be_visible()
    expect(results.get_by_role("link", name="Intern blåveis-barriere")).to_be_visible()


def test_digest_opt_in_on_the_profile_page_at_320_px(page):
    from tests.e2e.conftest import AXE_SCRIPT

    world = build_world()
    page.set_viewport_size({"width": 320, "height": 900})
    log_in(page, world.users["member"].email)
    page.goto("/konto/profil/")
    page.get_by_role("button", name="Meld meg på ukeoppsummeringen").click()
    expect(page.get_by_role("button", name="Meld meg av ukeoppsummeringen")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations.map(v => v.id))"
    )
    assert violations == []
