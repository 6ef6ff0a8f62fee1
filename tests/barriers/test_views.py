"""Pages: who sees what (internal notes, unescalated and held barriers), the forms' messages,
the report as page, PDF and XLSX, the public status page, categories, themes and
notifications, and the municipality page's section."""

import datetime
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from fellesloft.barriers import services
from fellesloft.barriers.models import Barrier, BarrierCategory, Status
from fellesloft.core.exceptions import ServiceError
from fellesloft.notifications.models import Notification
from tests.barriers.helpers import (
    category,
    escalate,
    national_partner,
    outsider,
    recipient,
    report,
)

pytestmark = pytest.mark.django_db

NOTE = "Rådmannen vil ikke ta dette opp ennå."


@pytest.fixture
def barriers(world):
    lead = world.users["mission_lead"]
    unescalated = report(world, title="Ikke eskalert ennå")
    services.barrier_note_add(barrier=unescalated, author=lead, text=NOTE)
    escalated = escalate(report(world, title="Eskalert til departementet"), lead)
    services.barrier_note_add(barrier=escalated, author=lead, text=NOTE)
    held = report(world, title="Holdt tilbake", example="Ring 932 12 345.")
    services.barrier_note_add(barrier=held, author=lead, text=NOTE)
    return {"unescalated": unescalated, "escalated": escalated, "held": held}


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_who_sees_internal_notes_and_unescalated_barriers(client, world, barriers):
    """The issue's permission test: internal notes and another organisation's unescalated
    barriers are not visible to those who may not see them."""
    partner = national_partner(world)
    nobody = outsider()
    detail = {name: reverse("barriers:detail", args=[b.pk]) for name, b in barriers.items()}
    expectations = [
        # (user, barrier, status, sees the note)
        (None, "unescalated", 404, False),
        (None, "escalated", 200, False),
        (None, "held", 404, False),
        (nobody, "unescalated", 404, False),
        (nobody, "escalated", 200, False),
        (world.users["other_coordinator"], "unescalated", 200, False),
        (world.users["other_coordinator"], "escalated", 200, False),
        (world.users["other_coordinator"], "held", 404, False),
        (world.users["member"], "unescalated", 200, True),
        (world.users["member"], "held", 200, True),
        (partner, "unescalated", 404, False),
        (partner, "escalated", 200, True),
        (world.users["mission_lead"], "unescalated", 200, True),
        (world.users["mission_lead"], "held", 200, True),
    ]
    for user, name, status, sees_note in expectations:
        response = _get(client, user, detail[name])
        assert response.status_code == status, (user, name)
        if status == 200:
            assert (NOTE in response.content.decode()) is sees_note, (user, name)


def test_lists_show_each_user_only_what_they_may_see(client, world, barriers):
    listing = reverse("barriers:list")
    anonymous = _get(client, None, listing).content.decode()
    assert "Eskalert til departementet" in anonymous
    assert "Ikke eskalert ennå" not in anonymous and "Holdt tilbake" not in anonymous
    other = _get(client, world.users["other_coordinator"], listing).content.decode()
    assert "Ikke eskalert ennå" in other and "Holdt tilbake" not in other
    member = _get(client, world.users["member"], listing).content.decode()
    assert "Holdt tilbake" in member
    for url in (reverse("barriers:public_status"), "/api/v1/barriers"):
        body = _get(client, world.users["other_coordinator"], url).content.decode()
        if "status" in url:
            assert "Ikke eskalert ennå" not in body
        assert NOTE not in body


def test_the_lead_finds_held_barriers_and_others_get_no_such_filter(client, world, barriers):
    listing = reverse("barriers:list")
    lead = _get(client, world.users["mission_lead"], listing).content.decode()
    assert "1 barriere er holdt tilbake" in lead and 'name="holdt"' in lead
    held_only = _get(client, world.users["mission_lead"], listing + "?holdt=on").content.decode()
    assert "Holdt tilbake" in held_only and "Ikke eskalert ennå" not in held_only
    member = _get(client, world.users["member"], listing).content.decode()
    assert 'name="holdt"' not in member and "er holdt tilbake fordi" not in member


def test_a_merged_public_barrier_sends_visitors_to_the_one_it_joined(client, world, barriers):
    lead = world.users["mission_lead"]
    target = escalate(report(world, title="Hovedsaken"), lead)
    services.barrier_merge(barrier=barriers["escalated"], actor=lead, target=target)
    response = _get(client, None, reverse("barriers:detail", args=[barriers["escalated"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("barriers:detail", args=[target.pk])
    # Merged into a barrier the visitor may not see: still nothing to find.
    unescalated_target = report(world, title="Ikke eskalert hovedsak")
    services.barrier_merge(barrier=barriers["unescalated"], actor=lead, target=unescalated_target)
    assert (
        _get(
            client, None, reverse("barriers:detail", args=[barriers["unescalated"].pk])
        ).status_code
        == 404
    )


def test_public_status_page_shows_answers_and_no_internal_notes(client, world, barriers):
    lead = world.users["mission_lead"]
    services.barrier_answer(
        barrier=barriers["escalated"],
        actor=lead,
        outcome="partly",
        text="Departementet endrer rundskrivet.",
    )
    page = _get(client, None, reverse("barriers:public_status")).content.decode()
    assert "Eskalert til departementet" in page
    assert "Delvis" in page and "Departementet endrer rundskrivet." in page
    assert "Arbeids- og inkluderingsdepartementet" in page
    assert NOTE not in page
    assert "Ikke eskalert ennå" not in page


def test_report_form_shows_the_hold_and_the_page_explains_it(client_as, world):
    client = client_as("member")
    response = client.post(
        reverse("barriers:create"),
        {
            "organisation": world.organisation.pk,
            "title": "Helsestasjonen stenger klokka 15",
            "description": "Ungdommene går på skolen til 15.",
            "example": "Moren ringte fra 932 12 345.",
            "level": "local",
            "category": category("ressurser-og-prioriteringer").pk,
        },
        follow=True,
    )
    barrier = Barrier.objects.get()
    assert barrier.is_held
    content = response.content.decode()
    assert "holdes tilbake til oppdragslederen har sett på den" in content


def test_report_form_errors_are_norwegian(client_as, world):
    response = client_as("member").post(reverse("barriers:create"), {"title": ""})
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert not Barrier.objects.exists()


def test_lead_walks_the_workflow_through_the_forms(client_as, world, barriers):
    client = client_as("mission_lead")
    barrier = barriers["unescalated"]
    url = lambda action: reverse("barriers:transition", args=[barrier.pk, action])  # noqa: E731
    # An illegal step shows a Norwegian message and saves nothing.
    response = client.post(
        url("answer"), {"outcome": "yes", "text": "Ja", "answered_on": "2026-03-01"}
    )
    assert "kan ikke bli «Besvart»" in response.content.decode()
    assert client.post(url("review"), {"assessment": "funding"}).status_code == 302
    response = client.post(
        url("escalate"),
        {
            "recipient": recipient("udir").pk,
            "escalated_on": "2026-03-01",
            "answer_deadline": "2026-04-15",
        },
    )
    assert response.status_code == 302
    # A missing answer text: the service's message on the field; still escalated.
    response = client.post(
        url("answer"), {"outcome": "yes", "text": "", "answered_on": "2026-03-20"}
    )
    assert "Skriv inn svarteksten fra mottakeren." in response.content.decode()
    barrier.refresh_from_db()
    assert barrier.status == Status.ESCALATED
    response = client.post(
        url("answer"),
        {"outcome": "yes", "text": "Udir endrer veilederen.", "answered_on": "2026-03-20"},
    )
    assert response.status_code == 302
    barrier.refresh_from_db()
    assert barrier.status == Status.ANSWERED
    assert barrier.answered_on == datetime.date(2026, 3, 20)


def test_unknown_recipient_in_the_form_is_refused(client_as, world, barriers):
    barrier = barriers["unescalated"]
    client = client_as("mission_lead")
    client.post(
        reverse("barriers:transition", args=[barrier.pk, "review"]), {"assessment": "regulation"}
    )
    response = client.post(
        reverse("barriers:transition", args=[barrier.pk, "escalate"]),
        {"recipient": 99999, "escalated_on": "2026-03-01", "answer_deadline": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    barrier.refresh_from_db()
    assert barrier.status == Status.UNDER_REVIEW


def test_unknown_action_is_a_404(client_as, world, barriers):
    url = reverse("barriers:transition", args=[barriers["unescalated"].pk, "publiser"])
    assert client_as("mission_lead").get(url).status_code == 404


def test_endorse_through_the_page(client_as, world, barriers):
    barrier = barriers["unescalated"]
    client = client_as("other_coordinator")
    page = client.get(reverse("barriers:detail", args=[barrier.pk])).content.decode()
    assert "Gjelder oss også" in page
    client.post(
        reverse("barriers:endorse", args=[barrier.pk]),
        {"organisation": world.other_organisation.pk, "comment": "Også på Frøya."},
    )
    page = client.get(reverse("barriers:detail", args=[barrier.pk])).content.decode()
    assert "Også på Frøya." in page
    assert "Trekk tilbake for" in page


def test_release_by_the_lead_makes_the_barrier_visible_to_others(client, world, barriers):
    held = barriers["held"]
    client.force_login(world.users["mission_lead"])
    client.post(reverse("barriers:release", args=[held.pk]), {"example": "Moren ringte."})
    held.refresh_from_db()
    assert not held.is_held and held.example == "Moren ringte."
    response = _get(
        client, world.users["other_coordinator"], reverse("barriers:detail", args=[held.pk])
    )
    assert response.status_code == 200


def test_report_page_pdf_and_xlsx(client_as, world, barriers):
    lead = world.users["mission_lead"]
    theme = services.theme_save(name="Informasjonsdeling på tvers")
    services.barrier_set_theme(barrier=barriers["escalated"], theme=theme)
    services.barrier_endorse(
        barrier=barriers["escalated"],
        organisation=world.other_organisation,
        user=world.users["other_coordinator"],
    )
    client = client_as("other_coordinator")
    page = client.get(reverse("barriers:report")).content.decode()
    assert "Informasjonsdeling på tvers" in page
    assert "Holdt tilbake" not in page and NOTE not in page
    assert page.index("Informasjonsdeling på tvers") < page.index("Uten tema")

    pdf = client.get(reverse("barriers:report_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    xlsx = client.get(reverse("barriers:report_xlsx") + f"?tema={theme.pk}")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tema", "Barriere", "Beskrivelse", "Status")
    assert len(rows) == 2  # only the theme's barrier
    assert rows[1][0] == "Informasjonsdeling på tvers"
    assert rows[1][1] == "Eskalert til departementet"
    assert rows[1][2].startswith("Taushetsplikten hindrer")  # the description
    assert rows[1][7] == 1 and rows[1][8] == world.other_organisation.name
    assert isinstance(rows[1][10], datetime.datetime)  # the deadline is a date cell
    assert lead  # the lead made the theme


def test_report_xlsx_keeps_formula_like_text_as_text(client_as, world):
    lead = world.users["mission_lead"]
    barrier = report(world, title='=HYPERLINK("http://example.com")', description="+47 sier nei")
    escalate(barrier, lead)
    xlsx = client_as("mission_lead").get(reverse("barriers:report_xlsx"))
    sheet = load_workbook(BytesIO(xlsx.content)).active
    row = next(row for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[1].value))
    # Text as typed, as a text cell with Excel's quote prefix: never run as a formula.
    assert row[1].data_type == "s" and row[1].value == '=HYPERLINK("http://example.com")'
    assert row[1].quotePrefix
    assert row[2].data_type == "s" and row[2].value == "+47 sier nei"


def test_categories_are_a_reference_list_the_lead_edits(client_as, world):
    client = client_as("mission_lead")
    lists = client.get(reverse("mission:reference_lists")).content.decode()
    assert 'id="liste-barrierekategorier"' in lists and "Lov- og regelverk" in lists
    moved = client.get(reverse("barriers:category_list"))
    assert moved.status_code == 301
    assert moved["Location"] == "/oppdraget/referanselister/#liste-barrierekategorier"
    client.post(
        reverse("mission:reference_term_create", args=["barrierekategorier"]),
        {"name": "Arbeidsmarkedstiltak", "description": "", "order": 9, "is_active": "on"},
    )
    created = BarrierCategory.objects.get(name="Arbeidsmarkedstiltak")
    assert created.slug == "arbeidsmarkedstiltak"
    edit = reverse("mission:reference_term_edit", args=["barrierekategorier", created.pk])
    response = client.post(edit, {"name": "Lov- og regelverk", "order": 9})
    assert "«Lov- og regelverk» står allerede i lista." in response.content.decode()
    client.post(edit, {"name": "Arbeidsmarkedstiltak", "order": 9})
    created.refresh_from_db()
    assert not created.is_active
    form = client_as("member").get(reverse("barriers:create")).context["form"]
    assert created not in form.fields["category"].queryset


def test_themes_group_barriers(client_as, world, barriers):
    client = client_as("mission_lead")
    response = client.post(reverse("barriers:theme_list"), {"name": "Finansiering", "order": 1})
    theme_url = response["Location"]
    client.post(
        theme_url,
        {"save_barriers": "1", "barriers": [barriers["unescalated"].pk, barriers["escalated"].pk]},
    )
    assert set(Barrier.objects.filter(theme__name="Finansiering")) == {
        barriers["unescalated"],
        barriers["escalated"],
    }
    client.post(theme_url, {"save_barriers": "1", "barriers": [barriers["escalated"].pk]})
    assert list(Barrier.objects.filter(theme__name="Finansiering")) == [barriers["escalated"]]


def test_a_theme_is_escalated_as_one_package(
    client_as, world, barriers, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    theme = services.theme_save(name="Informasjonsdeling")
    ready = services.barrier_review(
        barrier=report(world, title="Klar for eskalering"), actor=lead, assessment="regulation"
    )
    for barrier in (ready, barriers["unescalated"], barriers["escalated"], barriers["held"]):
        services.barrier_set_theme(barrier=barrier, theme=theme)
    client = client_as("mission_lead")
    url = reverse("barriers:theme_detail", args=[theme.pk])
    page = client.get(url).content.decode()
    assert "Eskaler 1 barriere" in page and "Klar for eskalering" in page

    today = datetime.date.today()
    form = {
        "escalate_theme": "1",
        "pakke-recipient": recipient("udir").pk,
        "pakke-escalated_on": today.isoformat(),
        "pakke-answer_deadline": (today - datetime.timedelta(days=1)).isoformat(),
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Svarfristen må være etter datoen barrieren eskaleres." in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.UNDER_REVIEW

    form["pakke-answer_deadline"] = (today + datetime.timedelta(days=42)).isoformat()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.ESCALATED and ready.recipient.slug == "udir"
    assert ready.transitions.filter(to_status=Status.ESCALATED).count() == 1
    assert [message.to for message in mail.outbox] == [[world.users["member"].email]]
    # Not ready (reported, already escalated, held): untouched.
    for name, status in (
        ("unescalated", "reported"),
        ("escalated", "escalated"),
        ("held", "reported"),
    ):
        barriers[name].refresh_from_db()
        assert barriers[name].status == status
    assert barriers["escalated"].recipient.slug == "aid"
    page = client.get(url).content.decode()
    assert "Ingen barrierer i temaet er klare" in page
    with pytest.raises(ServiceError):
        services.theme_escalate(
            theme=theme, actor=lead, recipient=recipient(), answer_deadline=today
        )


def test_notification_page_and_opening_marks_read(
    client_as, world, barriers, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_review(barrier=barriers["unescalated"], actor=lead, assessment="funding")
    assert len(mail.outbox) == 1
    client = client_as("member")
    # The barriers' own page moved to the notification centre of every part.
    old = client.get(reverse("barriers:notifications"))
    assert old.status_code == 301 and old["Location"] == reverse("notifications:list")
    page = client.get(reverse("notifications:list")).content.decode()
    assert "er under vurdering" in page
    notification = Notification.objects.get(
        recipient=world.users["member"],
        url=reverse("barriers:detail", args=[barriers["unescalated"].pk]),
    )
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("barriers:detail", args=[barriers["unescalated"].pk])
    notification.refresh_from_db()
    assert notification.is_read


def test_municipality_page_lists_barriers_with_a_fixed_query_budget(
    client, world, django_assert_max_num_queries
):
    lead = world.users["mission_lead"]
    escalate(report(world, title="Første eskalerte"), lead)
    url = reverse("organisations:municipality_detail", args=[world.municipality.number])
    client.get(url)  # warm up caches
    with django_assert_max_num_queries(60) as few:
        page = client.get(url).content.decode()
    assert "Første eskalerte" in page
    for number in range(8):
        escalate(report(world, title=f"Eskalert {number}"), lead)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    other = client.get(
        reverse("organisations:municipality_detail", args=[world.other_municipality.number])
    ).content.decode()
    assert "Første eskalerte" not in other


def test_list_queries_do_not_grow(client_as, world, django_assert_max_num_queries):
    client = client_as("member")
    report(world, title="Én")
    client.get(reverse("barriers:list"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("barriers:list"))
    for number in range(10):
        services.barrier_endorse(
            barrier=report(world, title=f"Barriere {number}"),
            organisation=world.other_organisation,
            user=world.users["other_coordinator"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("barriers:list"))


def test_detail_queries_do_not_grow_with_endorsements(
    client_as, world, django_assert_max_num_queries
):
    from fellesloft.organisations.models import Organisation
    from tests.barriers.helpers import add_member

    lead = world.users["mission_lead"]
    barrier = escalate(report(world), lead)
    url = reverse("barriers:detail", args=[barrier.pk])
    client = client_as("other_coordinator")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for number in range(6):
        organisation = Organisation.objects.create(
            name=f"Organisasjon {number}",
            slug=f"organisasjon-{number}",
            kind="volunteer",
            sector=world.organisation.sector,
        )
        user = add_member(world, organisation, f"person{number}@test.no")
        services.barrier_endorse(barrier=barrier, organisation=organisation, user=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Organisasjon 5" in page


def test_a_hidden_barrier_is_a_404_before_any_permission_and_an_unknown_action_too(
    client_as, world, barriers
):
    held = barriers["held"]
    other = client_as("other_coordinator")
    # The held barrier is not theirs: its pages do not exist for them, not «forbidden».
    for name, kwargs in (
        ("barriers:edit", {"pk": held.pk}),
        ("barriers:links", {"pk": held.pk}),
        ("barriers:transition", {"pk": held.pk, "action": "review"}),
    ):
        assert other.get(reverse(name, kwargs=kwargs)).status_code == 404
    # A barrier they see but may not manage: forbidden; with an unknown action: not found.
    unescalated = barriers["unescalated"]
    url = reverse("barriers:transition", kwargs={"pk": unescalated.pk, "action": "review"})
    assert other.get(url).status_code == 403
    unknown = reverse("barriers:transition", kwargs={"pk": unescalated.pk, "action": "fly"})
    assert other.get(unknown).status_code == 404
    assert client_as("mission_lead").get(unknown).status_code == 404


def test_the_edit_form_starts_from_what_the_barrier_says_and_saves_a_change(client_as, world):
    sector = world.organisation.sector
    barrier = report(world, title="Vedtak tar for lang tid", sectors=[sector])
    url = reverse("barriers:edit", kwargs={"pk": barrier.pk})
    member = client_as("member")

    form = member.get(url).context["form"]
    assert "organisation" not in form.fields  # chosen once, when reported
    assert form.initial["title"] == "Vedtak tar for lang tid"
    assert form.initial["level"] == "national" and form.initial["category"] == barrier.category_id
    assert list(form.initial["sectors"]) == [sector]

    data = {
        "title": "Vedtak tar for lang tid i NAV",
        "description": barrier.description,
        "level": "regional",
        "category": barrier.category_id,
        "sectors": [sector.pk],
    }
    assert member.post(url, data).status_code == 302
    barrier.refresh_from_db()
    assert (barrier.title, barrier.level) == ("Vedtak tar for lang tid i NAV", "regional")
    assert list(barrier.sectors.all()) == [sector]
