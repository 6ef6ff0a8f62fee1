"""Demo dialogs: a co-creation dialog in Trondheim with votes and results, a future workshop
in Frøya in its fantasy phase, and a closed youth panel whose «Dette skjedde videre» links to
the demo experiments and barriers (those apps' demos load before this one). Idempotent: a
dialog that exists is left as it is."""

import random
from datetime import timedelta

from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.dialogs import services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.models import (
    Audience,
    Dialog,
    DialogKind,
    ModerationMode,
    OutcomeKind,
    Phase,
    RejectionCategory,
    StatementState,
)
from fellesloft.organisations.models import Municipality, Organisation, Sector

TRONDHEIM_SEEDS = [
    "Unge trenger én fast voksen som følger dem over tid.",
    "NAV og skolen bør møte eleven sammen, ikke hver for seg.",
    "Det er for lang ventetid for å få hjelp med psykisk helse.",
    "Mer praksis og mindre teori ville fått flere til å fullføre.",
    "Oppfølgingstjenesten bør ta kontakt før eleven slutter, ikke etter.",
    "Fritidsklubbene bør holde åpent lenger på kveldstid.",
    "Unge bør få være med og bestemme i sin egen sak.",
    "Skolen bør ha en helsesykepleier til stede hver dag.",
    "Det bør være gratis å delta på fritidsaktiviteter.",
    "Lærlingplasser i kommunen bør prioriteres for unge som står utenfor.",
    "Taushetsplikten gjør det vanskelig å samarbeide på tvers.",
    "Foreldre bør involveres mer når unge står i fare for å falle ut.",
]

PARTICIPANT_STATEMENTS = [
    ("Jeg vil ha én kontaktperson, ikke fem forskjellige.", True),
    ("Skolen må lære oss om økonomi og hvordan man søker jobb.", True),
    ("Ring meg gjerne på 912 34 567 hvis dere vil høre mer.", False),
]

FROYA_CRITIQUE = [
    "Det er ingenting å gjøre for unge på kveldstid.",
    "Bussen går for sjelden til å rekke både skole og jobb.",
    "Man må flytte fra øya for å ta videregående.",
]
FROYA_FANTASY = [
    ("Et ungdomshus ved sjøen som er åpent hver kveld.", 0),
    ("Gratis båt og buss for alle under 25.", 1),
]


PANEL_TITLE = "Ungdomspanelet 2025: Hva hindrer unge i å fullføre?"
PANEL_SEEDS = [
    "Elever med mye fravær bør få hjelp før de slutter, ikke etter.",
    "Unge på AAP trenger én kontaktperson, ikke mange.",
    "NAV og skolen må kunne snakke sammen om eleven.",
    "Det er vanskelig å få hjelp når man flytter til en ny kommune.",
    "Kollektivtilbudet gjør det vanskelig å komme seg til skolen.",
    "Skolen bør tilby mer praksis i arbeidslivet.",
    "Fritidsklubbene bør være åpne i helgene.",
    "Unge bør få gratis tannbehandling til de er 25.",
]
PANEL_OWN = [
    ("Jeg sluttet fordi ingen la merke til at jeg ikke kom.", None),
    ("Vi trenger noen å snakke med som ikke er lærer.", None),
    ("Dette er bare tull, dere hører aldri på oss uansett.", RejectionCategory.OFF_TOPIC),
]
# (kind, title, text, days ago, linked demo title, the statements it answers by their index
# in PANEL_SEEDS, the opinion group it answers)
PANEL_OUTCOMES = [
    (
        OutcomeKind.EXPERIMENT,
        "Fraværsteam i videregående startet",
        "NAV og skolen møter nå elever med høyt fravær sammen, tidlig i skoleåret.",
        40,
        "Fraværsteam: NAV og videregående skole sammen om høyt fravær",
        [0, 2],
        "A",
    ),
    (
        OutcomeKind.EXPERIMENT,
        "Én kontaktperson for unge på AAP",
        "Et forsøk der én veileder følger den unge gjennom arbeidstrening, uansett etat.",
        25,
        "Én kontaktperson og arbeidstrening for unge på AAP",
        [1],
        "",
    ),
    (
        OutcomeKind.BARRIER,
        "Taushetsplikten meldt som systembarriere",
        "Skolen og NAV kan ikke dele at en elev har sluttet. Saken er sendt videre nasjonalt.",
        30,
        "NAV og oppfølgingstjenesten kan ikke dele at en ungdom har falt ut av skolen",
        [2],
        "",
    ),
    (
        OutcomeKind.BARRIER,
        "Oppfølging ved flytting meldt som systembarriere",
        "Oppfølgingen stopper når unge flytter. Det er meldt som en barriere for hele fylket.",
        12,
        "Oppfølgingen stopper når ungdommen flytter til en annen kommune",
        [3],
        "",
    ),
    (
        OutcomeKind.DECISION,
        "Praksisdager i alle Vg1-klasser",
        "Oppvekstutvalget vedtok at alle Vg1-klasser får fire praksisdager i arbeidslivet.",
        8,
        "",
        [5],
        "B",
    ),
    (
        OutcomeKind.DECISION,
        "Fritidsklubbene holder åpent på lørdager",
        "Bystyret satte av penger i budsjettet: to klubber holder åpent hver lørdag fra januar.",
        3,
        "",
        [6],
        "",
    ),
    (
        OutcomeKind.NOT_TAKEN_FURTHER,
        "Gratis busskort til alle under 25",
        "Busstilbudet er fylkeskommunens ansvar. Vi har sendt ønsket videre til dem, men "
        "kommunen kan ikke bestemme det selv.",
        20,
        "",
        [4],
        "",
    ),
    (
        OutcomeKind.NOT_TAKEN_FURTHER,
        "Gratis tannbehandling til 25 år",
        "Dette bestemmes av Stortinget. Fra 2024 er tannbehandling allerede rimeligere for "
        "unge til og med 28 år.",
        15,
        "",
        [7],
        "",
    ),
]


def _youth_panel(*, rng: random.Random, organisation, coordinator) -> None:
    """A closed dialog with published results and what came of it (`PANEL_OUTCOMES`)."""
    now = timezone.now()
    panel = services.dialog_create(
        created_by=coordinator,
        title=PANEL_TITLE,
        question="Hva er det som gjør at unge i Trondheim ikke fullfører skole eller arbeid?",
        description="Et ungdomspanel våren 2025. Under «Dette skjedde videre» ser du hva "
        "kommunen gjorde med svarene.",
        kind=DialogKind.DIALOG,
        audience=Audience.YOUTH,
        moderation_mode=ModerationMode.BEFORE,
        results_public=True,
        organisation=organisation,
        municipality=Municipality.objects.get(number="5001"),
    )
    seeds = services.seed_statements_add(dialog=panel, texts=PANEL_SEEDS)
    _camp_votes(panel, rng, participants=24)
    author = services.participant_create(dialog=panel).participant
    for text, rejection in PANEL_OWN:
        statement = services.statement_submit(participant=author, text=text)
        services.statement_moderate(
            statement=statement,
            moderator=coordinator,
            approve=rejection is None,
            reason="" if rejection is None else "Ikke et forslag",
            category=rejection or "",
        )
    compute_analysis(dialog_id=panel.pk, phase="")
    services.dialog_close(dialog=panel, now=now - timedelta(days=45))
    groups = set(services.group_labels_of(panel))
    for kind, title, text, days_ago, linked, answers, group in PANEL_OUTCOMES:
        target = None
        model = services.outcome_target_model(kind)
        if model is not None:
            target = model.objects.filter(title=linked).first()
            if target is None:
                continue  # that app's demo is not there
        services.outcome_create(
            dialog=panel,
            user=coordinator,
            kind=kind,
            title=title,
            text=text,
            decided_on=timezone.localdate() - timedelta(days=days_ago),
            experiment=target if kind == OutcomeKind.EXPERIMENT else None,
            barrier=target if kind == OutcomeKind.BARRIER else None,
            statements=[seeds[index] for index in answers],
            group_labels=[group] if group in groups else [],
        )


def _camp_votes(dialog: Dialog, rng: random.Random, *, participants: int) -> None:
    """Simulated voters: young people and professionals lean different ways on some statements."""
    statements = list(dialog.statements.filter(state=StatementState.APPROVED).order_by("pk"))
    youth = Sector.objects.get(slug="ungdom")
    professions = list(Sector.objects.filter(slug__in=["nav", "skole-oppvekst", "helse"]))
    start = timezone.now() - timedelta(days=6)
    for number in range(participants):
        is_youth = number % 2 == 0
        sector = youth if is_youth else professions[number % len(professions)]
        participant = services.participant_create(
            dialog=dialog,
            sector=sector,
            age_band=rng.choice(["16-19", "20-24"]) if is_youth else "30+",
        ).participant
        moment = start + timedelta(hours=number * 3)
        for index, statement in enumerate(statements):
            if rng.random() < 0.2:
                continue
            lean = 0.8 if (index % 3 == 0) == is_youth else 0.3
            if index in (0, 6):
                lean = 0.9  # what everybody agrees on
            roll = rng.random()
            value = 1 if roll < lean else (0 if roll < lean + 0.1 else -1)
            services.vote_cast(
                participant=participant,
                statement_id=statement.pk,
                value=value,
                now=moment + timedelta(minutes=index),
            )


def load(*, stdout) -> None:
    rng = random.Random(2025)
    coordinator = User.objects.filter(email="koordinator.trondheim@demo.fellesloft.no").first()
    organisation = Organisation.objects.filter(name="Trondheim kommune – oppvekst").first()
    if coordinator is None or organisation is None:
        stdout.write("  Dialoger: hoppet over (organisasjonene mangler)")
        return
    title = "Hva skal til for at unge fullfører videregående?"
    if not Dialog.objects.filter(title=title).exists():
        dialog = services.dialog_create(
            created_by=coordinator,
            title=title,
            question="Hva skal til for at flere unge i Trondheim fullfører videregående skole?",
            description="Ungdom, NAV, skole og helse svarer på det samme spørsmålet. "
            "Resultatene brukes når kommunen velger hvilke forsøk den skal starte.",
            kind=DialogKind.DIALOG,
            audience=Audience.ALL,
            moderation_mode=ModerationMode.AFTER,
            results_public=True,
            organisation=organisation,
            municipality=Municipality.objects.get(number="5001"),
            closes_at=timezone.now() + timedelta(days=30),
        )
        services.seed_statements_add(dialog=dialog, texts=TRONDHEIM_SEEDS)
        _camp_votes(dialog, rng, participants=48)
        author = services.participant_create(dialog=dialog).participant
        for text, _ in PARTICIPANT_STATEMENTS:
            services.statement_submit(participant=author, text=text)
        compute_analysis(dialog_id=dialog.pk, phase="")

    if not Dialog.objects.filter(title=PANEL_TITLE).exists():
        _youth_panel(rng=rng, organisation=organisation, coordinator=coordinator)
    # Opens in a few days: the coordinator's «Mitt arbeid» reminds them to share the link.
    upcoming_title = "Hvordan vil du bli møtt når du tar kontakt med NAV eller skolen?"
    if not Dialog.objects.filter(title=upcoming_title).exists():
        upcoming = services.dialog_create(
            created_by=coordinator,
            title=upcoming_title,
            question="Hva er viktig for deg når du tar kontakt med NAV eller skolen?",
            kind=DialogKind.DIALOG,
            audience=Audience.YOUTH,
            moderation_mode=ModerationMode.BEFORE,
            organisation=organisation,
            municipality=Municipality.objects.get(number="5001"),
            opens_at=timezone.now() + timedelta(days=3),
            closes_at=timezone.now() + timedelta(days=33),
        )
        services.seed_statements_add(dialog=upcoming, texts=TRONDHEIM_SEEDS[:3])

    froya_org = Organisation.objects.filter(name="Frøya kommune – oppvekst").first()
    froya_user = User.objects.filter(email="koordinator.froya@demo.fellesloft.no").first()
    workshop_title = "Fremtidsverksted: Ung på Frøya i 2030"
    if froya_org and froya_user and not Dialog.objects.filter(title=workshop_title).exists():
        workshop = services.dialog_create(
            created_by=froya_user,
            title=workshop_title,
            question="Hvordan blir Frøya et sted unge vil bli boende?",
            kind=DialogKind.FUTURE_WORKSHOP,
            critique_prompt="Hva er vanskelig for unge på Frøya i dag?",
            fantasy_prompt="Hvis alt var mulig – hvordan ville Frøya vært for unge?",
            realisation_prompt="Hva kan vi starte med allerede i år?",
            audience=Audience.YOUTH,
            moderation_mode=ModerationMode.BEFORE,
            organisation=froya_org,
            municipality=Municipality.objects.get(number="5014"),
        )
        critiques = services.seed_statements_add(
            dialog=workshop, texts=FROYA_CRITIQUE, phase=Phase.CRITIQUE
        )
        _camp_votes(workshop, rng, participants=12)
        services.dialog_phase_set(dialog=workshop, phase=Phase.FANTASY)
        author = services.participant_create(dialog=workshop).participant
        for text, critique in FROYA_FANTASY:
            statement = services.statement_submit(
                participant=author, text=text, builds_on_id=critiques[critique].pk
            )
            services.statement_moderate(statement=statement, moderator=froya_user, approve=True)
        compute_analysis(dialog_id=workshop.pk, phase=Phase.CRITIQUE)
        compute_analysis(dialog_id=workshop.pk, phase=Phase.FANTASY)
    stdout.write(f"  Dialoger: {Dialog.objects.count()}")
