"""Demo barriers at every stage of the workflow, with endorsements, themes and answers.

Idempotent: a barrier whose title exists is left alone. Everything goes through the services,
so the history, the notifications and the audit log look as they would in real use.
"""

import datetime

from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.barriers import services
from fellesloft.barriers.evidence import evidence_choices
from fellesloft.barriers.models import (
    Barrier,
    BarrierCategory,
    BarrierTheme,
    Recipient,
    TrialApplication,
)
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Membership, MembershipRole, Organisation, Sector
from fellesloft.organisations.rules import counting_memberships

LEAD = "oppdragsleder@demo.fellesloft.no"

THEMES = [
    (
        "Informasjonsdeling på tvers",
        "Taushetsplikt og fagsystemer gjør at tjenestene ikke vet nok om hverandres "
        "oppfølging av den samme ungdommen.",
    ),
    (
        "Finansiering på tvers av sektorer",
        "Tilskudd og budsjetter som er bundet til én sektor, hindrer felles tiltak.",
    ),
]

# Each: title, reporter e-mail, organisation, category slug, level, sectors, need themes,
# description, example, endorsers [(organisation, comment)], steps, theme name, days ago.
BARRIERS = [
    {
        "title": "NAV og oppfølgingstjenesten kan ikke dele at en ungdom har falt ut av skolen",
        "reporter": "medlem.trondheim@demo.fellesloft.no",
        "organisation": "NAV Trondheim",
        "category": "taushetsplikt-og-informasjonsdeling",
        "level": "national",
        "sectors": ["nav", "fylkeskommune"],
        "need_themes": ["moter-med-systemet", "relasjoner"],
        "description": (
            "Når en elev slutter i videregående skole, vet oppfølgingstjenesten (OT) det, "
            "men NAV-kontoret får ikke vite det før ungdommen selv tar kontakt – ofte mange "
            "måneder senere. Taushetsplikten i opplæringsloven og NAV-loven gir ikke hjemmel "
            "for å dele opplysningen uten samtykke, og samtykke er vanskelig å få fra en "
            "ungdom som har trukket seg unna."
        ),
        "example": (
            "En 17-åring sluttet i oktober. OT hadde tre samtaler, men fikk ikke samtykke til "
            "å involvere NAV. Ungdommen kom til NAV i april, etter et halvt år hjemme."
        ),
        "endorsers": [
            ("Trøndelag fylkeskommune – oppfølgingstjenesten", "Vi møter dette hver høst."),
            ("NAV Steinkjer", ""),
            ("Frøya kommune – oppvekst", "Samme problem mellom skolen og helsetjenesten."),
            ("NAV Levanger", ""),
        ],
        "steps": [
            ("review", {"assessment": "regulation", "note": "Tydelig regelverksbarriere."}),
            (
                "escalate",
                {"recipient": "aid", "escalated_days_ago": 75, "deadline_days_ago": 14},
            ),
        ],
        "theme": "Informasjonsdeling på tvers",
        "days_ago": 120,
        "meets": ["oppfølgingstjenesten", "frafall", "fullfører", "skole"],
    },
    {
        "title": "Tilskudd til lavterskeltilbud er bundet til ett sektorbudsjett",
        "reporter": "koordinator.trondheim@demo.fellesloft.no",
        "organisation": "Trondheim kommune – oppvekst",
        "category": "finansieringsordninger",
        "level": "national",
        "sectors": ["skole-oppvekst", "helse", "nav"],
        "need_themes": ["psykisk-helse", "moter-med-systemet"],
        "description": (
            "Tilskuddet til lavterskel psykisk helsetilbud kan bare brukes av "
            "helsetjenesten. Et felles tiltak der skole, helse og NAV deler én "
            "ungdomskontakt må derfor deles opp i tre prosjekter med tre rapporteringer."
        ),
        "example": (
            "Ungdomslos-forsøket i Trondheim måtte søke tre ordninger og rapportere tre "
            "ganger for én stilling."
        ),
        "endorsers": [
            ("Steinkjer kommune – helse og velferd", "Gjelder også vår ungdomshelsestasjon."),
            ("Orkland kommune – oppvekst", ""),
        ],
        "steps": [
            ("review", {"assessment": "funding"}),
            (
                "escalate",
                {
                    "recipient": "helsedirektoratet",
                    "escalated_days_ago": 90,
                    "deadline_days_ago": 30,
                },
            ),
            (
                "answer",
                {
                    "outcome": "partly",
                    "text": (
                        "Helsedirektoratet vil åpne for felles søknad fra flere sektorer i "
                        "tilskuddsordningen fra neste år. Rapporteringen forblir per sektor "
                        "inntil videre."
                    ),
                    "answered_days_ago": 40,
                    "commitment": (
                        "Felles søknad fra flere sektorer i tilskuddsordningen fra neste år."
                    ),
                    "follow_up_in_days": 30,
                },
            ),
        ],
        "theme": "Finansiering på tvers av sektorer",
        "days_ago": 150,
        "meets": ["los", "lavterskel", "psykisk"],
    },
    {
        "title": "Kommunen og NAV kan ikke ansette én felles ungdomslos",
        "reporter": "koordinator.froya@demo.fellesloft.no",
        "organisation": "Frøya kommune – oppvekst",
        "category": "lov-og-regelverk",
        "level": "national",
        "sectors": ["skole-oppvekst", "nav"],
        "need_themes": ["relasjoner", "selvfolelse-mestring"],
        "description": (
            "De unge ber om én fast person. En stilling som er delt mellom kommunen og det "
            "statlige NAV krever to arbeidsgivere, to fagsystemer og to sett med "
            "instrukser."
        ),
        "example": "",
        "endorsers": [("NAV Frøya", "Vi vil gjerne være med på et forsøk.")],
        "steps": [
            ("review", {"assessment": "regulation"}),
            (
                "escalate",
                {
                    "recipient": "pri",
                    "escalated_days_ago": 10,
                    "deadline_days_ago": -50,
                    "trial_act_candidate": True,
                },
            ),
        ],
        "theme": "Finansiering på tvers av sektorer",
        "days_ago": 40,
        "meets": ["los", "kontakt", "NAV"],
    },
    {
        "title": "Skolens og NAVs fagsystemer kan ikke dele en felles plan for ungdommen",
        "reporter": "medlem.trondheim@demo.fellesloft.no",
        "organisation": "NAV Trondheim",
        "category": "ikt-systemer-og-data",
        "level": "national",
        "sectors": ["nav", "skole-oppvekst", "fylkeskommune"],
        "need_themes": ["moter-med-systemet"],
        "description": (
            "Ungdommen har en individuell plan i kommunen, en aktivitetsplan i NAV og en "
            "opplæringsplan i skolen. Ingen av systemene kan vise de andre planene."
        ),
        "example": "",
        "endorsers": [("Levanger kommune – oppvekst", "")],
        "steps": [("review", {"assessment": "regulation", "note": "Sjekk Digdirs arbeid."})],
        "theme": "Informasjonsdeling på tvers",
        "days_ago": 25,
    },
    {
        "title": "Oppfølgingen stopper når ungdommen flytter til en annen kommune",
        "reporter": "koordinator.froya@demo.fellesloft.no",
        "organisation": "Frøya kommune – oppvekst",
        "category": "planer-og-strategier",
        "level": "regional",
        "sectors": ["skole-oppvekst", "helse"],
        "need_themes": ["relasjoner"],
        "description": (
            "Når en ungdom flytter for å gå på videregående, overføres ikke ansvaret for "
            "oppfølgingen. Den nye kommunen vet ikke at ungdommen hadde en fast kontakt."
        ),
        "example": "",
        "endorsers": [],
        "steps": [],
        "theme": None,
        "days_ago": 6,
    },
    {
        "title": "Ingen felles møteplass for ungdomskontaktene i tjenestene",
        "reporter": "koordinator.trondheim@demo.fellesloft.no",
        "organisation": "Trondheim kommune – oppvekst",
        "category": "organisasjonskultur",
        "level": "local",
        "sectors": ["skole-oppvekst", "kultur-fritid", "helse"],
        "need_themes": ["relasjoner"],
        "description": (
            "Ungdomskontaktene i skole, fritid og helse kjenner ikke hverandre og henviser "
            "derfor til skjema i stedet for til en person."
        ),
        "example": "",
        "endorsers": [],
        "steps": [
            ("review", {"assessment": "local_practice"}),
            (
                "resolve",
                {
                    "reason": (
                        "Løst lokalt: månedlig samling for ungdomskontaktene fra januar, "
                        "ledet av oppvekst."
                    )
                },
            ),
        ],
        "theme": None,
        "days_ago": 200,
    },
    {
        "title": "Fastlegen har ingen takst for å delta i ansvarsgruppe for unge voksne",
        "reporter": "koordinator.trondheim@demo.fellesloft.no",
        "organisation": "Trondheim kommune – oppvekst",
        "category": "finansieringsordninger",
        "level": "national",
        "sectors": ["helse"],
        "need_themes": ["psykisk-helse"],
        "description": (
            "Fastlegen er den som kjenner ungdommen best, men møter sjelden i "
            "ansvarsgruppen fordi tiden ikke kan tas ut i takst."
        ),
        # Personal data on purpose: this barrier is held for the mission lead.
        "example": (
            "Legen til en av ungdommene sa i telefon (ring 932 12 345) at hun ville kommet "
            "om det var betalt."
        ),
        "endorsers": [],
        "steps": [],
        "theme": None,
        "days_ago": 2,
    },
]


def load(*, stdout) -> None:
    lead = User.objects.filter(email=LEAD).first()
    if lead is None:
        stdout.write("  Systembarrierer: fant ikke demobrukerne; hopper over.")
        return
    themes = {}
    for order, (name, description) in enumerate(THEMES, start=1):
        themes[name] = BarrierTheme.objects.filter(name=name).first() or services.theme_save(
            name=name, description=description, order=order
        )
    created = 0
    for spec in BARRIERS:
        barrier = Barrier.objects.filter(title=spec["title"]).first()
        if barrier is None:
            barrier = _create(
                spec, lead=lead, theme=themes.get(spec["theme"]) if spec["theme"] else None
            )
            created += 1
        _link_where_met(barrier, spec.get("meets", []))
    _trial_application()
    stdout.write(
        f"  Systembarrierer: {Barrier.objects.count()} ({created} nye), "
        f"temaer: {BarrierTheme.objects.count()}"
    )


TRIAL_BARRIER = "Kommunen og NAV kan ikke ansette én felles ungdomslos"
TRIAL_DEVIATIONS = [
    {
        "law": "Lov om arbeids- og velferdsforvaltningen (NAV-loven)",
        "section": "§ 13",
        "deviation": (
            "I forsøksperioden kan en felles ungdomslos, ansatt i kommunen, utføre både de "
            "kommunale og de statlige oppgavene i NAV-kontoret for ungdom under 25 år, etter "
            "en avtale mellom kommunen og NAV Trøndelag."
        ),
    },
    {
        # On purpose: the page shows the § 4 warning for it.
        "law": "forvaltningsloven",
        "section": "§ 13",
        "deviation": (
            "Ungdomslosen kan dele opplysninger mellom skolen, kommunen og NAV uten samtykke "
            "når ungdommen har falt ut av opplæring."
        ),
    },
]


def _trial_application() -> None:
    """The trial barrier gets a drafted application whose preliminary step is sent."""
    barrier = Barrier.objects.filter(title=TRIAL_BARRIER).first()
    if barrier is None:
        return
    drafter = User.objects.get(email="koordinator.froya@demo.fellesloft.no")
    offered = evidence_choices(barrier=barrier, user=drafter)
    existing = TrialApplication.objects.filter(barrier=barrier).first()
    if existing is not None:
        # The dialogs load after this app's demo: their links arrive on a later run.
        if offered["dialogs"].exists() and not existing.dialogs.exists():
            services.trial_application_save(
                barrier=barrier,
                user=drafter,
                **{name: getattr(existing, name) for name in services.APPLICATION_FIELDS},
                **{name: list(queryset) for name, queryset in offered.items()},
            )
        return
    application = services.trial_application_save(
        barrier=barrier,
        user=drafter,
        purpose=(
            "De unge ber om én fast person. Forsøket skal vise om én ungdomslos som følger "
            "ungdommen på tvers av kommunen og NAV gir færre brudd i oppfølgingen og raskere "
            "vei tilbake til skole eller arbeid."
        ),
        trial_description=(
            "To ungdomsloser ansettes i Frøya kommune og arbeider i NAV-kontoret med både "
            "kommunale og statlige oppgaver for 20–30 ungdommer mellom 16 og 25 år."
        ),
        start_date=timezone.localdate().replace(month=1, day=1) + datetime.timedelta(days=366),
        duration_months=36,
        extension_months=12,
        evaluation=(
            "Nordlandsforskning evaluerer forsøket: tid fra frafall til første møte, andel i "
            "skole eller arbeid etter 12 måneder, og intervjuer med ungdommene og losene."
        ),
        ministry=Recipient.objects.get(slug="aid"),
        **{name: list(queryset) for name, queryset in offered.items()},
    )
    for deviation in TRIAL_DEVIATIONS:
        services.trial_deviation_add(application=application, user=drafter, **deviation)
    services.trial_application_set_step(
        application=application,
        user=drafter,
        step="preliminary",
        status="sent",
        sent_on=timezone.localdate() - datetime.timedelta(days=5),
    )


def _endorser(organisation: Organisation) -> User:
    """Someone who speaks for the organisation: its coordinator, or a demo coordinator."""
    membership = (
        counting_memberships(organisation.memberships.all())
        .select_related("user")
        .order_by("role")
        .first()
    )
    if membership is not None:
        return membership.user
    slug = organisation.slug
    user, _created = User.objects.get_or_create(
        email=f"kontakt.{slug}@demo.fellesloft.no"[:254],
        defaults={"full_name": f"Kontakt {organisation.name}"[:150]},
    )
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": MembershipRole.COORDINATOR}
    )
    return user


def _link_where_met(barrier: Barrier, keywords: list[str]) -> None:
    """Links the demo experiments and dialogs whose titles match, so the report shows what the
    experiments observed. Experiments load before this app's demo; dialogs load after it
    (INSTALLED_APPS order), so their links appear from the second `fellesloft demo`."""
    if not keywords:
        return
    from django.db.models import Q

    from fellesloft.dialogs.models import Dialog
    from fellesloft.experiments.models import Experiment

    match = Q()
    for keyword in keywords:
        match |= Q(title__icontains=keyword)
    experiments = list(barrier.experiments.all())
    sprints = list(barrier.sprints.all())
    dialogs = list(barrier.dialogs.all())
    if not experiments:
        experiments = list(Experiment.objects.filter(match).order_by("pk")[:2])
        sprints = [s for e in experiments for s in _observed_sprints(e)[:1]]
    if not dialogs:
        dialogs = list(Dialog.objects.filter(match).order_by("pk")[:1])
    services.barrier_set_links(
        barrier=barrier, experiments=experiments, sprints=sprints, dialogs=dialogs
    )


def _create(spec: dict, *, lead: User, theme: BarrierTheme | None) -> Barrier:
    today = timezone.localdate()
    reporter = User.objects.get(email=spec["reporter"])
    barrier = services.barrier_report(
        reporter=reporter,
        organisation=Organisation.objects.get(name=spec["organisation"]),
        title=spec["title"],
        description=spec["description"],
        example=spec["example"],
        level=spec["level"],
        category=BarrierCategory.objects.get(slug=spec["category"]),
        sectors=Sector.objects.filter(slug__in=spec["sectors"]),
        need_themes=NeedTheme.objects.filter(slug__in=spec["need_themes"]),
    )
    reported_at = timezone.now() - datetime.timedelta(days=spec["days_ago"])
    Barrier.objects.filter(pk=barrier.pk).update(created_at=reported_at)
    barrier.transitions.update(created_at=reported_at)
    for name, comment in spec["endorsers"]:
        organisation = Organisation.objects.get(name=name)
        services.barrier_endorse(
            barrier=barrier,
            organisation=organisation,
            user=_endorser(organisation),
            comment=comment,
        )
    for action, data in spec["steps"]:
        data = dict(data)
        if action == "escalate":
            data = {
                "recipient": Recipient.objects.get(slug=data["recipient"]),
                "escalated_on": today - datetime.timedelta(days=data["escalated_days_ago"]),
                "answer_deadline": today - datetime.timedelta(days=data["deadline_days_ago"]),
                "trial_act_candidate": data.get("trial_act_candidate", False),
            }
        elif action == "answer":
            data["answered_on"] = today - datetime.timedelta(days=data.pop("answered_days_ago"))
            if "follow_up_in_days" in data:
                data["follow_up_on"] = today + datetime.timedelta(
                    days=data.pop("follow_up_in_days")
                )
        services.barrier_transition(barrier=barrier, actor=lead, action=action, **data)
        # Date the step as it would have happened, so the history reads naturally.
        happened = {
            "escalate": data.get("escalated_on"),
            "answer": data.get("answered_on"),
        }.get(action) or (reported_at + datetime.timedelta(days=3)).date()
        step = barrier.transitions.order_by("-pk").first()
        step.created_at = timezone.make_aware(
            datetime.datetime.combine(happened, datetime.time(10, 0))
        )
        step.save(update_fields=["created_at"])
    if theme is not None:
        services.barrier_set_theme(barrier=barrier, theme=theme)
    return barrier


def _observed_sprints(experiment) -> list:
    """The experiment's sprints, the latest with observations first."""
    sprints = list(experiment.sprints.order_by("-number"))
    return sorted(sprints, key=lambda sprint: not sprint.do_observations)
