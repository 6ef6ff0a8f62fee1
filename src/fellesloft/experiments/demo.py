"""Demo experiments in five municipalities, with sprints at different stages, support hours
and learning cards. Idempotent: an experiment already there (same title and municipality)
is left alone. Everything is written through the services, as a user would."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.experiments import services
from fellesloft.experiments.models import Experiment, ExperimentOutcome, ExperimentStatus, Sprint
from fellesloft.mission.models import Goal, Indicator, InnovationArea, MainChallenge, NeedTheme
from fellesloft.organisations.models import Municipality, Organisation

EXPERIMENTS = [
    {
        "municipality": "5001",
        "owner": "Trondheim kommune – oppvekst",
        "partners": [
            "Thora Storm videregående skole",
            "NAV Trondheim",
            "Trondheim kommune – helse og velferd",
        ],
        "title": "Fraværsteam: NAV og videregående skole sammen om høyt fravær",
        "challenge": (
            "Elever med høyt fravær i Vg1 faller ut før skolen, NAV og helsetjenesten har "
            "snakket sammen. Hver tjeneste ser bare sin del av bildet."
        ),
        "hypothesis": (
            "et fast fraværsteam med rådgiver, NAV-veileder og helsesykepleier som møter "
            "eleven innen to uker etter at fraværet passerer 10 %",
            "elever i Vg1 med høyt fravær",
            "færre som slutter i løpet av skoleåret og en trygg voksen å gå til",
            "andelen som fullfører Vg1 øker, og elevene sier i evalueringen at de vet hvem "
            "de skal kontakte",
        ),
        "challenges": ["samarbeid-pa-tvers", "ukoordinerte-tiltak"],
        "areas": ["en-ny-skole", "frakoblingsprosessen"],
        "themes": ["relasjoner", "moter-med-systemet"],
        "goals": [
            "ikke-fullfort-vgs",
            "neet-andel-15-29",
        ],  # the indicators of the mission goals it serves
        "age_band": "16-19",
        "youth": (
            "Fremtidsverksted med elevrådet i januar: elevene ba om «én voksen som kjenner "
            "hele historien». To elever er med i evalueringen etter hver sprint."
        ),
        "status": ExperimentStatus.RUNNING,
        "sprints": [
            {
                "weeks_ago": 12,
                "length": 4,
                "plan": "Fraværsteamet møtes ukentlig og tar inn elever over 10 % fravær.",
                "evaluation": (
                    "Elevene møtte opp når rådgiveren ringte selv.",
                    "Møtene må legges til skoletiden, ikke etter.",
                    "Én fast kontaktperson per elev.",
                    "adapt",
                ),
            },
            {
                "weeks_ago": 8,
                "length": 4,
                "plan": "Møtene flyttes til skoletiden; hver elev får én fast kontaktperson.",
                "evaluation": (
                    "Kontaktpersonen ble brukt: 14 av 17 elever tok kontakt selv.",
                    "NAV-veilederen trenger samtykkeskjema klart før første møte.",
                    "Fast kontaktperson og samtykke i første møte.",
                    "adopt",
                ),
                "barrier": (
                    "Taushetsplikten gjør at skolen ikke kan dele fraværsopplysninger med NAV "
                    "uten samtykke, og samtykket må hentes på nytt for hver tjeneste."
                ),
            },
            {
                "weeks_ago": 4,
                "length": 5,
                "plan": "Utvide til to nye klasser og prøve felles samtykkeskjema.",
            },
        ],
        "card": {
            "title": "Én fast kontaktperson gjør at elevene tar kontakt selv",
            "observation": "14 av 17 elever tok kontakt med kontaktpersonen sin uten å bli minnet.",
            "learning": "Relasjonen betyr mer enn møtestrukturen. Møter i skoletiden senker "
            "terskelen.",
            "decision": "Ta i bruk: fast kontaktperson for alle elever over 10 % fravær.",
            "publish": True,
        },
        "support": [
            (70, 6, "training"),
            (63, 4, "start_meeting"),
            (40, 14, "guidance"),
            (20, 12, "guidance"),
            (6, 6, "evaluation"),
        ],
    },
    {
        "municipality": "5014",
        "owner": "Frøya kommune – kultur og fritid",
        "partners": ["Frøya frivilligsentral", "NAV Frøya"],
        "title": "Lavterskel møteplass med frivilligsentralen",
        "challenge": (
            "Unge voksne uten jobb eller skole har få steder å møte andre. NAV når dem bare "
            "gjennom avtaler, og frivilligheten vet ikke hvem de er."
        ),
        "hypothesis": (
            "en ukentlig kveld med mat og aktiviteter på frivilligsentralen, der NAV-veilederen "
            "er til stede uten timeavtale",
            "unge voksne 20–29 år som står utenfor arbeid og utdanning",
            "flere som kommer i kontakt med NAV på egne premisser",
            "minst ti unge kommer fast, og flere ber selv om en samtale",
        ),
        "challenges": ["samfunnets-potensial", "ungdom-ikke-i-sentrum"],
        "areas": ["fra-ungdom-til-ung-voksen"],
        "themes": ["relasjoner", "selvfolelse-mestring"],
        "goals": ["neet-andel-15-29"],  # the indicators of the mission goals it serves
        "age_band": "20-24",
        "youth": "Tre unge fra ungdomsrådet planla innholdet i kveldene.",
        "status": ExperimentStatus.RUNNING,
        "sprints": [
            {
                "weeks_ago": 14,
                "length": 4,
                "plan": "Fire torsdagskvelder med middag og spill.",
                "evaluation": (
                    "Maten trakk folk; seks kom fast.",
                    "NAV-veilederen bør ikke ha på seg NAV-jakke.",
                    "Torsdagskveldene og middagen.",
                    "adapt",
                ),
                "evaluated_weeks_ago": 9,
            },
        ],
        "support": [(100, 6, "training"), (95, 4, "start_meeting"), (60, 8, "guidance")],
    },
    {
        "municipality": "5006",
        "owner": "NAV Steinkjer",
        "partners": ["Steinkjer kommune – helse og velferd", "Steinkjer Byggmester AS"],
        "title": "Én kontaktperson og arbeidstrening for unge på AAP",
        "challenge": (
            "Unge på arbeidsavklaringspenger møter mange tjenester, men ingen som følger dem "
            "hele veien inn i arbeid."
        ),
        "hypothesis": (
            "en jobbspesialist etter IPS-modellen som følger den unge både hos NAV, i "
            "helsetjenesten og på arbeidsplassen",
            "unge under 30 på arbeidsavklaringspenger",
            "raskere overgang til ordinært arbeid",
            "halvparten er i arbeid eller utdanning etter seks måneder",
        ),
        "challenges": ["tjenester-ikke-tilpasset"],
        "areas": ["frakoblingsprosessen", "offentlig-sektor-for-var-tid"],
        "themes": ["psykisk-helse", "selvfolelse-mestring"],
        "goals": ["neet-andel-15-29"],  # the indicators of the mission goals it serves
        "age_band": "25-29",
        "youth": "",
        "status": ExperimentStatus.PLANNING,
        "sprints": [{"weeks_ago": -2, "length": 6, "plan": "Rekruttere fem deltakere."}],
        "support": [(30, 6, "training"), (10, 3, "start_meeting")],
    },
    {
        "municipality": "5037",
        "owner": "Levanger kommune – kultur og fritid",
        "partners": ["Levanger Næringsforum"],
        "title": "Sommerjobb med mentor",
        "challenge": "Unge med lite nettverk får ikke sommerjobb og mister første arbeidserfaring.",
        "hypothesis": (
            "sommerjobber i lokale bedrifter med en fast mentor",
            "ungdom 16–19 år med lite nettverk",
            "første arbeidserfaring og en referanse",
            "deltakerne får tilbud om jobb eller praksisplass neste år",
        ),
        "challenges": ["samfunnets-potensial"],
        "areas": ["tidlig-innsats"],
        "themes": ["lavinntekt", "selvfolelse-mestring"],
        "goals": [
            "neet-andel-15-29",
            "ikke-fullfort-vgs",
        ],  # the indicators of the mission goals it serves
        "age_band": "16-19",
        "youth": "Ungdomsrådet har bedt om dette i budsjetthøringen.",
        "status": ExperimentStatus.IDEA,
        "sprints": [],
        "support": [],
    },
    {
        "municipality": "5059",
        "owner": "Orkland kommune – kultur og fritid",
        "partners": ["Orkland Røde Kors", "Orkland kommune – barnevern"],
        "title": "Fritidskort og aktivitetsguide",
        "challenge": (
            "Barn og unge i familier med lav inntekt deltar sjeldnere i fritidsaktiviteter, "
            "og barnevernet mangler et tilbud å vise til."
        ),
        "hypothesis": (
            "et fritidskort kombinert med en frivillig aktivitetsguide som blir med de første "
            "gangene",
            "unge 13–15 år i familier med lav inntekt",
            "at flere blir med i og blir værende i en fritidsaktivitet",
            "fire av fem fortsatt er med etter tre måneder",
        ),
        "challenges": ["ukoordinerte-tiltak", "samfunnets-potensial"],
        "areas": ["tidlig-innsats"],
        "themes": ["lavinntekt", "relasjoner"],
        "goals": [],  # the indicators of the mission goals it serves
        "age_band": "13-15",
        "youth": "Intervjuer med ti ungdommer i fritidsklubben før oppstart.",
        "status": ExperimentStatus.COMPLETED,
        "outcome": ExperimentOutcome.SCALE,
        "sprints": [
            {
                "weeks_ago": 30,
                "length": 6,
                "plan": "Ti ungdommer får fritidskort og aktivitetsguide.",
                "evaluation": (
                    "Aktivitetsguiden var avgjørende de første gangene.",
                    "Guiden trenger opplæring i å trekke seg gradvis ut.",
                    "Guide + kort.",
                    "adapt",
                ),
            },
            {
                "weeks_ago": 23,
                "length": 6,
                "plan": "Tjue ungdommer; guiden trapper ned etter fire uker.",
                "evaluation": (
                    "17 av 20 var fortsatt med etter tre måneder.",
                    "Ingenting vesentlig.",
                    "Modellen skaleres til hele kommunen.",
                    "adopt",
                ),
            },
        ],
        "card": {
            "title": "En voksen som blir med de første gangene holder ungdommen i aktivitet",
            "observation": "17 av 20 var fortsatt med etter tre måneder.",
            "learning": "Kortet alene er ikke nok; det er følget de første gangene som virker.",
            "decision": "Skaleres til hele kommunen fra høsten.",
            "publish": True,
        },
        "support": [
            (220, 6, "training"),
            (215, 4, "start_meeting"),
            (190, 10, "guidance"),
            (160, 8, "guidance"),
            (120, 4, "end_meeting"),
            (118, 6, "evaluation"),
        ],
    },
    {
        "municipality": "5001",
        "owner": "Trondheim kommune – kultur og fritid",
        "partners": ["Røde Kors Trondheim"],
        "title": "Nattåpen ungdomsklubb i helgene",
        "challenge": "Unge uten et trygt sted å være i helgene havner utenfor.",
        "hypothesis": (
            "å holde ungdomsklubben åpen til kl. 02 fredag og lørdag med frivillige nattevakter",
            "ungdom 16–19 år i bydelen",
            "færre bekymringsmeldinger fra helgene",
            "politiet og barnevernet melder om færre hendelser",
        ),
        "challenges": ["samfunnets-potensial"],
        "areas": ["tidlig-innsats"],
        "themes": ["relasjoner"],
        "goals": [],  # the indicators of the mission goals it serves
        "age_band": "16-19",
        "youth": "",
        "status": ExperimentStatus.STOPPED,
        "stop_reason": "Lokalene fikk ikke brukstillatelse for nattåpent; prøves på nytt i nytt "
        "lokale neste år.",
        "sprints": [],
        "support": [],
    },
    {
        # A sprint that ended three weeks ago with no evaluation yet: the Trondheim
        # coordinator's «Mitt arbeid» shows it as overdue.
        "municipality": "5001",
        "owner": "Trondheim kommune – oppvekst",
        "partners": ["Røde Kors Trondheim", "NAV Trondheim"],
        "title": "Ungdomslos i overgangen fra ungdomsskole til videregående",
        "challenge": (
            "Elever som strever i 10. trinn mister kontakten med de voksne de kjenner når de "
            "begynner på videregående, og ingen har ansvaret for overgangen."
        ),
        "hypothesis": (
            "en ungdomslos som følger eleven fra våren i 10. trinn til høsten i Vg1",
            "elever med høyt fravær eller lite nettverk i 10. trinn",
            "en trygg overgang og færre som slutter første høst",
            "alle elevene i forsøket er fortsatt på skolen 1. november",
        ),
        "challenges": ["ukoordinerte-tiltak", "ungdom-ikke-i-sentrum"],
        "areas": ["en-ny-skole", "tidlig-innsats"],
        "themes": ["relasjoner", "moter-med-systemet"],
        "age_band": "13-15",
        "youth": "Fem elever i 10. trinn har beskrevet hva de trenger første skoledag.",
        "status": ExperimentStatus.RUNNING,
        "sprints": [
            {
                "weeks_ago": 7,
                "length": 4,
                "plan": "Losen møter åtte elever før sommeren og blir med første skoledag.",
            },
        ],
        "support": [(30, 3, "start_meeting")],
    },
]


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _move_to(experiment: Experiment, spec: dict, lead: User) -> None:
    path = {
        ExperimentStatus.IDEA: [],
        ExperimentStatus.PLANNING: [ExperimentStatus.PLANNING],
        ExperimentStatus.RUNNING: [ExperimentStatus.PLANNING, ExperimentStatus.RUNNING],
        ExperimentStatus.COMPLETED: [ExperimentStatus.PLANNING, ExperimentStatus.RUNNING],
        ExperimentStatus.STOPPED: [ExperimentStatus.PLANNING],
    }[spec["status"]]
    for status in path:
        services.experiment_change_status(experiment=experiment, to_status=status, by=lead)


def _create(spec: dict, lead: User) -> Experiment:
    today = timezone.localdate()
    municipality = Municipality.objects.get(number=spec["municipality"])
    change, target, effect, evidence = spec["hypothesis"]
    first_sprint = min((s["weeks_ago"] for s in spec["sprints"]), default=None)
    experiment = services.experiment_create(
        municipality=municipality,
        owner_organisation=_org(spec["owner"]),
        partners=[_org(name) for name in spec["partners"]],
        title=spec["title"],
        challenge=spec["challenge"],
        hypothesis_change=change,
        hypothesis_target_group=target,
        hypothesis_effect=effect,
        hypothesis_evidence=evidence,
        main_challenges=MainChallenge.objects.filter(slug__in=spec["challenges"]),
        innovation_areas=InnovationArea.objects.filter(slug__in=spec["areas"]),
        need_themes=NeedTheme.objects.filter(slug__in=spec["themes"]),
        goals=Goal.objects.filter(indicator__code__in=spec.get("goals", [])),
        indicators=Indicator.objects.filter(code__in=spec.get("goals", [])),
        age_band=spec["age_band"],
        youth_involvement=spec["youth"],
        start_meeting_date=today - timedelta(weeks=max(spec["sprints"][0]["weeks_ago"], 0) + 1)
        if first_sprint is not None
        else None,
        created_by=lead,
    )
    _move_to(experiment, spec, lead)
    for sprint_spec in sorted(spec["sprints"], key=lambda s: -s["weeks_ago"]):
        start = today - timedelta(weeks=sprint_spec["weeks_ago"])
        sprint = services.sprint_create(
            experiment=experiment,
            start_date=start,
            end_date=start + timedelta(weeks=sprint_spec["length"], days=-1),
            plan_change=sprint_spec["plan"],
            by=lead,
        )
        if "evaluation" in sprint_spec:
            worked, adjust, forward, decision = sprint_spec["evaluation"]
            services.sprint_evaluate(
                sprint=sprint,
                by=lead,
                what_worked=worked,
                what_to_adjust=adjust,
                what_to_take_forward=forward,
                act_decision=decision,
                barrier_note=sprint_spec.get("barrier", ""),
            )
            # Demo history: the evaluation happened when the sprint ended.
            evaluated = timezone.now() - timedelta(
                weeks=sprint_spec.get(
                    "evaluated_weeks_ago", sprint_spec["weeks_ago"] - sprint_spec["length"]
                )
            )
            Sprint.objects.filter(pk=sprint.pk).update(evaluated_at=evaluated)
    if spec["status"] == ExperimentStatus.COMPLETED:
        services.experiment_change_status(
            experiment=experiment,
            to_status=ExperimentStatus.COMPLETED,
            outcome=spec["outcome"],
            by=lead,
        )
    if spec["status"] == ExperimentStatus.STOPPED:
        services.experiment_change_status(
            experiment=experiment,
            to_status=ExperimentStatus.STOPPED,
            reason=spec["stop_reason"],
            by=lead,
        )
    card = spec.get("card")
    if card:
        learning_card = services.learning_card_create(
            experiment=experiment,
            title=card["title"],
            hypothesis=f"Vi tror at {change} for {target} vil gi {effect}.",
            observation=card["observation"],
            learning=card["learning"],
            decision=card["decision"],
            sprint=experiment.sprints.order_by("-number")
            .filter(evaluated_at__isnull=False)
            .first(),
            by=lead,
        )
        if card.get("publish"):
            services.learning_card_publish(card=learning_card, by=lead)
    for days_ago, hours, kind in spec["support"]:
        services.support_entry_log(
            municipality=municipality,
            experiment=experiment,
            entry_date=today - timedelta(days=days_ago),
            hours=Decimal(hours),
            kind=kind,
            given_by_person=lead,
            given_by_organisation=Organisation.objects.filter(name="KS Trøndelag").first(),
            by=lead,
        )
    return experiment


def load(*, stdout) -> None:
    lead = User.objects.get(email="oppdragsleder@demo.fellesloft.no")
    created = 0
    for spec in EXPERIMENTS:
        if Experiment.objects.filter(
            title=spec["title"], municipality__number=spec["municipality"]
        ).exists():
            continue
        _create(spec, lead)
        created += 1
    stdout.write(f"  Forsøk: {Experiment.objects.count()} ({created} nye)")
