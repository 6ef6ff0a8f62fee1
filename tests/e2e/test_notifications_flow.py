"""«Følg» and comments across municipalities: A follows an experiment, B comments on it, A sees
the unread count in the header, opens the notification and it is read."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fellesloft.notifications import services
from fellesloft.notifications.models import Kind, Notification
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import _violations
from tests.experiments.factories import experiment
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_follower_hears_of_a_comment_and_opening_it_marks_it_read(page):
    world = build_world()
    item = experiment(world, title="Fraværsteam i Vg1")
    follower = world.users["other_coordinator"]  # Frøya, outside the team

    # A follows the experiment.
    log_in(page, follower.email)
    page.goto(item.get_absolute_url())
    page.get_by_role("button", name="Følg").click()
    expect(page.get_by_text("Du følger nå «Fraværsteam i Vg1»")).to_be_visible()
    expect(page.get_by_role("button", name="Følger")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("link", name="Varsler", exact=True)).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()

    # B, in the team, answers with a comment.
    log_in(page, world.users["member"].email)
    page.goto(item.get_absolute_url())
    page.get_by_role("textbox", name="Kommentar").fill("Vi har fast møte med NAV hver tirsdag.")
    page.get_by_role("button", name="Publiser kommentar").click()
    expect(page.get_by_text("Kommentaren er publisert.")).to_be_visible()
    expect(page.get_by_text("Vi har fast møte med NAV hver tirsdag.")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()

    # A sees the unread count in words, opens the notification and lands on the experiment.
    log_in(page, follower.email)
    header_link = page.get_by_role("link", name="Varsler (1 ulest)")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varsler")
    notice = page.locator(".notification-unread")
    expect(notice).to_contain_text("kommenterte «Fraværsteam i Vg1»")
    expect(notice.get_by_text("Ulest")).to_be_visible()
    notice.locator(".link-button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fraværsteam i Vg1")
    expect(page.get_by_text("Vi har fast møte med NAV hver tirsdag.")).to_be_visible()
    expect(page.get_by_role("link", name="Varsler", exact=True)).to_be_visible()
    assert Notification.objects.get(recipient=follower).is_read
    page.get_by_role("link", name="Varsler", exact=True).click()
    expect(page.locator(".notification-unread")).to_have_count(0)


def test_the_centre_the_choices_and_the_comments_have_no_wcag_violations(page):
    world = build_world()
    item = experiment(world, title="Fraværsteam i Vg1")
    member = world.users["member"]
    services.comment_add(author=world.users["other_coordinator"], about=item, text="Spørsmål?")
    services.comment_add(author=member, about=item, text="Svar.")
    services.follow_add(user=member, obj=item)
    services.notify(users=[member], kind=Kind.CHANGE, text="Forsøket har ny status.", about=item)
    log_in(page, member.email)
    failures = {}
    add = reverse("notifications:comment_add", args=["experiments", "experiment", item.pk])
    for url in [
        reverse("notifications:list"),
        reverse("notifications:email_choices"),
        item.get_absolute_url(),
        add,
    ]:
        page.goto(url)
        violations = _violations(page)
        if violations:
            failures[url] = violations
    # A refused comment: the form again with its error.
    page.goto(add)
    page.get_by_role("textbox", name="Kommentar").fill("Ring 932 12 345")
    page.get_by_role("button", name="Publiser kommentar").click()
    expect(page.get_by_text("personopplysninger (telefonnummer)").first).to_be_visible()
    violations = _violations(page)
    if violations:
        failures["refused comment"] = violations
    assert not failures, failures
