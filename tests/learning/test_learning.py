"""Resources, the discussion guide, meetings, the feed and the weekly digest."""

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from fellesloft.core.exceptions import ServiceError
from fellesloft.learning import digest, services
from fellesloft.learning.models import DigestPreference, Discussion, DiscussionVisibility, Resource
from fellesloft.learning.tasks import send_weekly_digests
from fellesloft.mission.models import NeedTheme
from tests.learning.factories import make_discussion, make_meeting, make_resource


def test_the_knowledge_base_is_seeded(db):
    titles = " ".join(Resource.objects.values_list("title", flat=True))
    for words in [
        "NEET",
        "Trøbbel i grenseflatene",
        "Hele mennesker",
        "0–24",
        "Barn og unge først",
        "Det e no det gjeld",
    ]:
        assert words in titles
    assert not Resource.objects.exclude(url__startswith="https://").exists()


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=abc_DEF-123",
            "https://www.youtube-nocookie.com/embed/abc_DEF-123",
        ),
        ("https://youtu.be/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456?dnt=1"),
        ("https://example.com/video.mp4", None),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_video_embed(url, embed):
    result = services.video_embed(url)
    assert (result[0] if result else None) == embed


def test_video_loads_only_after_the_visitor_asks(client, world):
    resource = make_resource(video_url="https://www.youtube.com/watch?v=abc123")
    url = resource.get_absolute_url()
    first = client.get(url)
    assert b"<iframe" not in first.content
    assert b'src="https://www.youtube' not in first.content
    assert "youtube" not in first.headers["Content-Security-Policy"]
    shown = client.get(url, {"video": "vis"})
    assert b'<iframe src="https://www.youtube-nocookie.com/embed/abc123"' in shown.content
    assert (
        "frame-src 'self' https://www.youtube-nocookie.com"
        in shown.headers["Content-Security-Policy"]
    )


def test_a_webinar_needs_a_known_video_host(world):
    with pytest.raises(ServiceError):
        make_resource(video_url="https://example.com/film")


def test_discussion_guide_records_answers_for_the_organisation(client_as, world):
    resource = make_resource(questions=["Hvem faller utenfor?", "Hva gjør vi nå?"])
    first, second = resource.questions.all()
    client = client_as("member")
    response = client.post(
        reverse("learning:discussion_create", kwargs={"slug": resource.slug}),
        {
            "organisation": world.organisation.pk,
            "held_on": "2026-03-01",
            "participants": "Ledergruppen",
            "visibility": DiscussionVisibility.SHARED,
            f"question_{first.pk}": "De som slutter i vg1.",
            f"question_{second.pk}": "Et felles treffpunkt.",
        },
    )
    discussion = Discussion.objects.get()
    assert response.status_code == 302
    assert discussion.organisation == world.organisation
    assert [answer.text for answer in discussion.answers.all()] == [
        "De som slutter i vg1.",
        "Et felles treffpunkt.",
    ]
    page = client_as("other_coordinator").get(discussion.get_absolute_url())
    assert "Et felles treffpunkt." in page.content.decode()


def test_discussion_rejects_personal_data_and_foreign_organisations(client_as, world):
    resource = make_resource()
    question = resource.questions.first()
    response = client_as("member").post(
        reverse("learning:discussion_create", kwargs={"slug": resource.slug}),
        {
            "organisation": world.organisation.pk,
            "held_on": "2026-03-01",
            "visibility": "private",
            f"question_{question.pk}": "Ring Kari på 412 34 567.",
        },
    )
    assert response.status_code == 200
    assert "personopplysninger" in response.content.decode()
    with pytest.raises(ServiceError):
        make_discussion(resource, world.other_organisation, world.users["member"])
    assert not Discussion.objects.exists()


def test_meeting_registration_capacity_and_past_meetings(world):
    meeting = make_meeting(capacity=1)
    services.meeting_register(meeting=meeting, user=world.users["member"])
    services.meeting_register(meeting=meeting, user=world.users["member"])  # idempotent
    with pytest.raises(ServiceError, match="full"):
        services.meeting_register(meeting=meeting, user=world.users["other_coordinator"])
    services.meeting_unregister(meeting=meeting, user=world.users["member"])
    services.meeting_register(meeting=meeting, user=world.users["other_coordinator"])
    past = make_meeting("Gammel samling", days=-5)
    with pytest.raises(ServiceError):
        services.meeting_register(meeting=past, user=world.users["member"])


def test_meeting_validation(world):
    with pytest.raises(ServiceError):
        make_meeting(location="")
    starts = timezone.now()
    with pytest.raises(ServiceError):
        services.meeting_create(title="X", starts_at=starts, ends_at=starts, location="Her")


def test_meeting_list_splits_upcoming_and_past(client, world):
    make_meeting("Kommer snart", days=3)
    make_meeting("Var i fjor", days=-300)
    content = client.get(reverse("learning:meeting_list")).content.decode()
    upcoming, past = content.split('id="tidligere"')
    assert "Kommer snart" in upcoming and "Var i fjor" not in upcoming
    assert "Var i fjor" in past


def test_ics_file(client, world):
    meeting = make_meeting("Samling med kalender", agenda="Velkommen")
    response = client.get(reverse("learning:meeting_ics", kwargs={"slug": meeting.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Samling med kalender"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert "Trondheim" in str(event["LOCATION"])


def test_tasks_and_notes(client_as, world):
    meeting = make_meeting()
    client = client_as("mission_lead")
    client.post(
        reverse("learning:meeting_task_add", kwargs={"slug": meeting.slug}),
        {"title": "Dele rutinen", "owner": world.users["member"].pk, "due_date": "2099-01-01"},
    )
    task = meeting.tasks.get()
    assert task.owner == world.users["member"]
    owner = client_as("member")
    owner.post(
        reverse("learning:meeting_task_toggle", kwargs={"slug": meeting.slug, "pk": task.pk}),
        {"is_done": "1"},
    )
    task.refresh_from_db()
    assert task.is_done
    services.meeting_update(meeting=meeting, notes="Vi ble enige om å dele rutinen.")
    meeting.refresh_from_db()
    assert meeting.notes_published_at is not None
    anonymous = client_as("anonymous").get(meeting.get_absolute_url()).content.decode()
    assert "Vi ble enige" not in anonymous
    member_page = client_as("member").get(meeting.get_absolute_url()).content.decode()
    assert "Vi ble enige" in member_page


def test_feed_filters_paginates_and_hides_network_items(client_as, world):
    theme = NeedTheme.objects.get(slug="psykisk-helse")
    for number in range(25):
        meeting = make_meeting(f"Samling {number}", host_municipality=world.municipality)
        services.meeting_update(meeting=meeting, notes=f"Referat {number}")
    frøya = make_meeting(
        "Frøya-samling", host_municipality=world.other_municipality, themes=[theme]
    )
    services.meeting_update(meeting=frøya, notes="Referat fra Frøya")
    make_resource("Ressurs om psykisk helse", themes=[theme])
    member = client_as("member")
    page = member.get(reverse("learning:feed")).content.decode()
    assert "Side 1 av 2" in page
    filtered = member.get(reverse("learning:feed"), {"kommune": "5014"}).content.decode()
    assert "Referat: Frøya-samling" in filtered and "Referat: Samling 1<" not in filtered
    themed = member.get(reverse("learning:feed"), {"tema": "psykisk-helse"}).content.decode()
    assert "Ressurs om psykisk helse" in themed and "Referat: Frøya-samling" in themed
    assert "Referat: Samling 3<" not in themed
    anonymous = client_as("anonymous").get(reverse("learning:feed")).content.decode()
    assert "Referat:" not in anonymous  # notes are for the network only
    assert "Ressurs om psykisk helse" in anonymous


def test_atom_feed(client, world):
    make_resource("Ressurs i strømmen")
    meeting = make_meeting()
    services.meeting_update(meeting=meeting, notes="Internt referat")
    response = client.get(reverse("learning:feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 – our own response
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [
        entry.findtext("atom:title", namespaces=namespace)
        for entry in root.findall("atom:entry", namespace)
    ]
    assert any("Ressurs i strømmen" in title for title in titles)
    assert not any("Referat" in title for title in titles)


def test_feed_page_queries_do_not_grow(client_as, world, django_assert_max_num_queries):
    for number in range(30):
        make_resource(f"Ressurs {number}")
    client = client_as("member")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("learning:feed")).status_code == 200


def test_digest_opt_in_send_and_unsubscribe(client_as, world):
    member = world.users["member"]
    client = client_as("member")
    client.post(
        reverse("learning:digest_settings"),
        {"is_subscribed": "on", "themes": [NeedTheme.objects.get(slug="lavinntekt").pk]},
    )
    meeting = make_meeting("Samling i Trondheim", host_municipality=world.municipality)
    services.meeting_update(meeting=meeting, notes="Nytt fra Trondheim")
    make_resource("Ressurs om lavinntekt", themes=NeedTheme.objects.filter(slug="lavinntekt"))
    make_resource("Ressurs om noe annet")
    mail.outbox.clear()
    send_weekly_digests.enqueue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Referat: Samling i Trondheim" in message.body  # the member's municipality
    assert "Ressurs om lavinntekt" in message.body  # a chosen theme
    assert "Ressurs om noe annet" not in message.body
    link = re.search(r"https?://\S+/avmeld/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    # Sent this week already: not again.
    send_weekly_digests.enqueue()
    assert len(mail.outbox) == 1
    path = link.split("://", 1)[1].split("/", 1)[1]
    client_as("anonymous").post("/" + path)
    preference = DigestPreference.objects.get(user=member)
    assert preference.is_subscribed is False
    preference.last_sent_at = timezone.now() - timedelta(days=8)
    preference.save()
    send_weekly_digests.enqueue()
    assert len(mail.outbox) == 1


def test_unsubscribe_rejects_forged_tokens(client, world):
    token = digest.unsubscribe_token(world.users["member"])
    assert client.get(f"/laering/ukeoppsummering/avmeld/{token}x/").status_code == 404
    assert client.get(f"/laering/ukeoppsummering/avmeld/{token}/").status_code == 200


def test_no_digest_without_news_or_subscription(world):
    services.digest_preference_update(user=world.users["member"], is_subscribed=False)
    make_resource("Nyhet")
    mail.outbox.clear()
    send_weekly_digests.enqueue()
    assert mail.outbox == []


def test_digest_opt_in_and_out_on_the_profile_page(client_as, world):
    member = world.users["member"]
    theme = NeedTheme.objects.get(slug="lavinntekt")
    services.digest_preference_update(user=member, is_subscribed=False, themes=[theme])
    client = client_as("member")
    profile = reverse("accounts:profile")
    page = client.get(profile).content.decode()
    assert "Meld meg på ukeoppsummeringen" in page
    assert reverse("learning:digest_subscription") in page
    response = client.post(
        reverse("learning:digest_subscription"), {"is_subscribed": "1", "next": profile}
    )
    assert response.status_code == 302 and response["Location"] == profile
    preference = DigestPreference.objects.get(user=member)
    assert preference.is_subscribed is True
    assert list(preference.themes.all()) == [theme]  # the choices stay
    assert "Meld meg av ukeoppsummeringen" in client.get(profile).content.decode()
    response = client.post(
        reverse("learning:digest_subscription"),
        {"is_subscribed": "0", "next": "https://evil.example/"},
    )
    assert response["Location"] == profile  # never away from the site
    assert DigestPreference.objects.get(user=member).is_subscribed is False


def test_resource_page_lists_the_discussions_each_role_may_open(client_as, world):
    """A discussion listed on the resource page is one its own page opens, and the other
    way round: the organisation's own, shared ones for the network, all for a superuser."""
    resource = make_resource(questions=["Hvem faller utenfor?"])
    make_discussion(resource, world.organisation, world.users["member"], text="Privat svar.")
    make_discussion(
        resource,
        world.other_organisation,
        world.users["other_coordinator"],
        text="Delt svar.",
        visibility=DiscussionVisibility.SHARED,
    )
    listed = {
        "anonymous": set(),
        "member": {"Trondheim", "Frøya"},
        "other_coordinator": {"Frøya"},
        "mission_lead": {"Frøya"},
        "superuser": {"Trondheim", "Frøya"},
    }
    for role, expected in listed.items():
        client = client_as(role)
        page = client.get(reverse("learning:resource_detail", args=[resource.slug])).content
        for discussion in Discussion.objects.select_related("organisation"):
            shown = discussion.get_absolute_url() in page.decode()
            opens = client.get(discussion.get_absolute_url()).status_code == 200
            assert shown == opens, (role, discussion.organisation.name)
            assert shown == any(name in discussion.organisation.name for name in expected), (
                role,
                discussion.organisation.name,
            )
