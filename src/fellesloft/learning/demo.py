"""Demo content for the learning network: webinars with reflection questions, meetings with
notes and tasks, a discussion and digest subscriptions. Safe to run again."""

from datetime import timedelta

from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.learning import services
from fellesloft.learning.models import (
    DiscussionVisibility,
    MeetingRegistration,
    NetworkMeeting,
    Resource,
)
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality
from fellesloft.organisations.rules import organisations_of

WEBINARS = [
    {
        "title": "Webinar 1: Ikke utelate noen – alle skal med",
        "publisher": "KS Trøndelag",
        "summary": "Regionale aktører – KS, NAV, Statsforvalteren og fylkeskommunen – forteller "
        "hvorfor ungt utenforskap bare kan løses på tvers av sektorer, og hva de selv vil "
        "gjøre annerledes.",
        "themes": ["moter-med-systemet", "relasjoner"],
        "questions": [
            "Hvilke unge i vår kommune faller mellom tjenestene i dag?",
            "Hvor i egen organisasjon kjenner vi igjen siloene som beskrives?",
            "Hva er ett konkret samarbeid på tvers vi kan starte før sommeren?",
        ],
    },
    {
        "title": "Webinar 2: Relasjonen er tiltaket",
        "publisher": "KS Trøndelag",
        "summary": "Unge forteller at de vil møte et menneske, ikke et system. Erfaringer fra "
        "oppfølgingstjenesten og NAV om én trygg voksen som følger over tid.",
        "themes": ["relasjoner", "selvfolelse-mestring"],
        "questions": [
            "Hvem er den trygge voksne for de unge vi følger opp – og hvor lenge?",
            "Hva i rutinene våre gjør det vanskelig å holde på en relasjon over tid?",
        ],
    },
]

MEETINGS = [
    {
        "title": "Nettverkssamling: Eksperimenter på tvers",
        "days": -40,
        "location": "Scandic Lerkendal, Trondheim",
        "host": "5001",
        "agenda": "Velkommen og status i oppdraget\nErfaringer fra de første sprintene\n"
        "Gruppearbeid: Hvilke barrierer møter vi?\nVeien videre",
        "reflection": {
            "Hvilke barrierer møter vi når tjenestene skal samarbeide om én ungdom?": [
                ("Bord 1", "Taushetsplikten gjør at skole og NAV venter på hverandre."),
                ("Bord 2", "Ulike fagsystemer: ingen ser hele bildet av den unge."),
            ],
            "Hva tar vi med hjem til neste sprint?": [
                ("Bord 1", "Faste treffpunkter mellom skole og NAV hver andre uke."),
            ],
        },
        "notes": "Trondheim og Frøya delte erfaringer fra første sprint. Felles læring: "
        "faste treffpunkter mellom skole og NAV gir raskere avklaringer for unge som står "
        "i fare for å slutte. Flere meldte om samme barriere i taushetsplikten mellom "
        "tjenestene, og den meldes inn som systembarriere.",
        # (title, due in days, for whom): the coordinator, or the first of their organisations.
        "tasks": [
            ("Dele rutinen for treffpunkt skole–NAV med nettverket", 14, "owner"),
            ("Sette opp et møte mellom skole og NAV om elever som slutter", 21, "organisation"),
        ],
        "themes": ["moter-med-systemet"],
    },
    {
        "title": "Nettverkssamling: Unges stemme i tjenesteutviklingen",
        "days": 21,
        "location": "Frøya kultur- og kompetansesenter",
        "host": "5014",
        "online": "https://teams.microsoft.com/l/meetup-join/fellesloft-demo",
        "agenda": "Fremtidsverksted med ungdomsrådet\nSamskapingsrapporten: hva sa de unge?\n"
        "Planlegging av neste sprint",
        "notes": "",
        "themes": ["relasjoner", "psykisk-helse"],
    },
]


def _theme_objects(slugs: list[str]) -> list[NeedTheme]:
    return list(NeedTheme.objects.filter(slug__in=slugs))


def load(*, stdout) -> None:
    for webinar in WEBINARS:
        if not Resource.objects.filter(title=webinar["title"]).exists():
            services.resource_create(
                kind="webinar",
                title=webinar["title"],
                publisher=webinar["publisher"],
                year=2024,
                url="https://www.ks.no/regioner/ks-trondelag/fellesloft-trondelag--ungt-utenforskap/",
                summary=webinar["summary"],
                themes=_theme_objects(webinar["themes"]),
                questions=webinar["questions"],
            )
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    coordinator = User.objects.filter(email="koordinator.trondheim@demo.fellesloft.no").first()
    # The coordinator's first organisation has a task from the meeting and discusses a webinar.
    organisation = organisations_of(coordinator).order_by("name").first() if coordinator else None
    for spec in MEETINGS:
        if NetworkMeeting.objects.filter(title=spec["title"]).exists():
            continue
        starts_at = now + timedelta(days=spec["days"])
        meeting = services.meeting_create(
            title=spec["title"],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=6),
            location=spec["location"],
            online_url=spec.get("online", ""),
            host_municipality=Municipality.objects.get(number=spec["host"]),
            agenda=spec["agenda"],
            capacity=60,
            themes=_theme_objects(spec["themes"]),
        )
        for text, answers in spec.get("reflection", {}).items():
            question = services.meeting_question_add(meeting=meeting, text=text)
            for group, answer in answers:
                services.meeting_group_answer_add(
                    question=question, group=group, text=answer, by=None
                )
        if spec["days"] < 0:
            people = list(User.objects.filter(email__endswith="@demo.fellesloft.no")[:6])
            # History: the service closes registration once a meeting is over.
            for person in people:
                MeetingRegistration.objects.get_or_create(meeting=meeting, user=person)
            services.meeting_attendance_set(
                meeting=meeting, attended_user_ids=[person.pk for person in people[:4]]
            )
        if spec["notes"]:
            services.meeting_update(meeting=meeting, notes=spec["notes"])
        if spec.get("tasks") and coordinator is not None:
            assignees = {"owner": coordinator, "organisation": organisation}
            for title, due_in_days, assignee in spec["tasks"]:
                if assignees[assignee] is not None:
                    services.meeting_task_add(
                        meeting=meeting,
                        title=title,
                        due_date=(now + timedelta(days=due_in_days)).date(),
                        **{assignee: assignees[assignee]},
                    )
    webinar = Resource.objects.filter(title=WEBINARS[0]["title"]).first()
    if coordinator is not None and webinar is not None and not webinar.discussions.exists():
        if organisation is not None:
            questions = list(webinar.questions.all())
            services.discussion_create(
                resource=webinar,
                organisation=organisation,
                user=coordinator,
                held_on=(now - timedelta(days=10)).date(),
                participants="Ledergruppen i oppvekst",
                visibility=DiscussionVisibility.SHARED,
                answers={
                    questions[0].pk: "Unge mellom 16 og 20 som slutter i videregående og "
                    "ikke er registrert hos NAV.",
                    questions[1].pk: "Skolehelsetjenesten og oppfølgingstjenesten har hver "
                    "sine møter om de samme ungdommene.",
                    questions[2].pk: "Et felles ukentlig treffpunkt mellom skole, "
                    "oppfølgingstjenesten og NAV.",
                },
            )
        services.digest_preference_update(user=coordinator, is_subscribed=True)
