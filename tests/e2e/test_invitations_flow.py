"""An invitation from a coordinator to a colleague's first page as a member, in the browser:
the coordinator invites, the colleague opens the link from the e-mail, chooses a password and
lands logged in as a member; the link does not work a second time."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from fellesloft.organisations.models import Membership, MembershipRole
from tests.e2e.conftest import log_in
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

INVITEE = "ny.kollega@test.no"
PASSWORD = "fjellbekk-lyng-tyttebær-9"


def test_a_coordinator_invites_and_the_colleague_joins_with_a_password(page):
    world = build_world()
    mail.outbox = []

    # The coordinator invites a colleague from the organisation's members page.
    log_in(page, world.users["coordinator"].email)
    page.goto(f"/organisasjoner/{world.organisation.slug}/")
    page.get_by_role("link", name="Administrer medlemmer").click()
    page.get_by_label("E-post").fill(INVITEE)
    page.get_by_label("Rolle", exact=True).select_option(label="Medlem")
    page.get_by_role("button", name="Send invitasjonen").click()
    expect(page.get_by_text(f"Invitasjonen er sendt til {INVITEE}.")).to_be_visible()
    expect(page.get_by_role("cell", name=INVITEE, exact=True)).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()

    # The colleague opens the link in the e-mail …
    (message,) = [message for message in mail.outbox if message.to == [INVITEE]]
    link = re.search(r"https?://[^/\s]+(/organisasjoner/invitasjon/\S+/)", message.body)
    assert link, message.body
    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Invitasjon til {world.organisation.name}"
    )
    expect(page.get_by_text("har invitert deg")).to_contain_text("medlem")

    # … chooses a password (a weak one is refused first) and lands logged in as a member.
    page.get_by_label("Nytt passord", exact=True).fill("123")
    page.get_by_label("Bekreft nytt passord").fill("123")
    page.get_by_role("button", name="Lagre passordet og godta").click()
    expect(page.get_by_text("Skjemaet har feil")).to_be_visible()
    page.get_by_label("Nytt passord", exact=True).fill(PASSWORD)
    page.get_by_label("Bekreft nytt passord").fill(PASSWORD)
    page.get_by_role("button", name="Lagre passordet og godta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.organisation.name)
    expect(page.get_by_text("Velkommen! Du er nå med i")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    members = page.get_by_role("region", name="Medlemmer")
    expect(members).to_contain_text("ny.kollega")
    membership = Membership.objects.get(user__email=INVITEE, organisation=world.organisation)
    assert membership.role == MembershipRole.MEMBER and membership.is_active

    # Logged out, the same link does not work again.
    page.get_by_role("button", name="Logg ut").click()
    response = page.goto(link.group(1))
    assert response.status == 410
    expect(page.get_by_text("allerede brukt")).to_be_visible()
