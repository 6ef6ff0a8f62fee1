"""Every barrier URL, as every role. The world gets three barriers of the member's
organisation: one reported (not public), one escalated (public) and one held for personal data.
"""

from fellesloft.barriers import services
from tests.barriers.helpers import ensure_barrier_reference_data, escalate, report
from tests.matrix import Case, everyone, logged_in, only

MANAGERS = {"mission_lead", "superuser"}
# The reporting organisation's members (and the superuser, who has every permission).
DRAFTERS = {"member", "superuser"}


def extend_world(world) -> None:
    ensure_barrier_reference_data()
    lead = world.users["mission_lead"]
    world.extra["barrier"] = report(world, title="Meldt barriere")
    world.extra["escalated_barrier"] = escalate(report(world, title="Eskalert barriere"), lead)
    world.extra["held_barrier"] = report(
        world, title="Holdt barriere", example="Ring meg på 932 12 345."
    )
    world.extra["barrier_theme"] = services.theme_save(name="Informasjonsdeling")
    # The reported barrier is about confidentiality (a rule): its organisation drafts a trial.
    application = services.trial_application_save(
        barrier=world.barrier, user=world.users["member"], purpose="Prøve ut deling."
    )
    world.extra["trial_deviation"] = services.trial_deviation_add(
        application=application,
        user=world.users["member"],
        law="opplæringslova",
        section="§ 24-2",
        deviation="OT kan varsle NAV.",
    )


def _barrier(world):
    return {"pk": world.barrier.pk}


def _escalated(world):
    return {"pk": world.escalated_barrier.pk}


def _escalated_api(world):
    return {"barrier_id": world.escalated_barrier.pk}


CASES = [
    Case("barriers:list", everyone()),
    Case("barriers:public_status", everyone()),
    Case("barriers:create", {**logged_in(), "mission_lead": 403}),
    # Not escalated: members of the mission's organisations only; visitors get a 404.
    Case("barriers:detail", {**everyone(), "anonymous": 404}, kwargs=_barrier),
    Case("barriers:edit", only({"member"} | MANAGERS), kwargs=_barrier),
    Case(
        "barriers:endorse",
        only({"member", "other_coordinator", "superuser"}, 302),
        kwargs=_escalated,
        method="post",
        data=lambda world: {"organisation": world.other_organisation.pk},
    ),
    Case(
        "barriers:withdraw",
        only({"other_coordinator"}, 302),
        kwargs=_escalated,
        method="post",
        data=lambda world: {"organisation": world.other_organisation.pk},
    ),
    Case(
        "barriers:transition",
        only(MANAGERS),
        kwargs=lambda world: {"pk": world.barrier.pk, "action": "review"},
    ),
    Case(
        "barriers:release",
        # The other organisation does not even see the held barrier.
        {**only(MANAGERS, 302), "other_coordinator": 404},
        kwargs=lambda world: {"pk": world.held_barrier.pk},
        method="post",
        data={"example": "Ring servicetorget."},
    ),
    Case(
        "barriers:add_note",
        only({"member"} | MANAGERS, 302),
        kwargs=_barrier,
        method="post",
        data={"text": "Vi har snakket med rådgiveren."},
    ),
    Case(
        "barriers:set_theme",
        only(MANAGERS, 302),
        kwargs=_barrier,
        method="post",
        data=lambda world: {"theme": world.barrier_theme.pk},
    ),
    Case("barriers:links", only({"member"} | MANAGERS), kwargs=_barrier),
    Case("barriers:theme_list", only(MANAGERS)),
    Case(
        "barriers:theme_detail",
        only(MANAGERS),
        kwargs=lambda world: {"pk": world.barrier_theme.pk},
    ),
    Case("barriers:report", logged_in()),
    Case("barriers:report_pdf", logged_in(), html=False),
    Case("barriers:report_xlsx", logged_in(), html=False),
    # Moved to the reference lists (tests/mission/permissions.py).
    Case("barriers:category_list", everyone(301), html=False),
    # Moved to the notification centre (tests/notifications/permissions.py).
    Case("barriers:notifications", everyone(301), html=False),
    # The trial application (forsøkssøknad): seen with the barrier, drafted by its organisation.
    Case("barriers:trial_application", {**everyone(), "anonymous": 404}, kwargs=_barrier),
    Case("barriers:trial_edit", only(DRAFTERS), kwargs=_barrier),
    Case("barriers:trial_deviation_add", only(DRAFTERS), kwargs=_barrier),
    Case(
        "barriers:trial_deviation_remove",
        only(DRAFTERS, 302),
        kwargs=lambda world: {"pk": world.barrier.pk, "deviation_pk": world.trial_deviation.pk},
        method="post",
    ),
    Case(
        "barriers:trial_step",
        only(DRAFTERS),
        kwargs=lambda world: {"pk": world.barrier.pk, "step": "forhandssoknad"},
    ),
    Case("barriers:trial_docx", {**everyone(), "anonymous": 404}, kwargs=_barrier, html=False),
    Case("barriers:trial_pdf", {**everyone(), "anonymous": 404}, kwargs=_barrier, html=False),
    Case(
        "api:barrier_trial_application",
        {**everyone(), "anonymous": 404},
        kwargs=lambda world: {"barrier_id": world.barrier.pk},
        html=False,
    ),
    # API: reads are open (unescalated barriers are a 404 for visitors, see test_api.py).
    Case("api:barriers", everyone(), html=False),
    Case("api:barrier", everyone(), kwargs=_escalated_api, html=False),
    Case("api:barrier_categories", everyone(), html=False),
    Case("api:barrier_recipients", everyone(), html=False),
    Case("api:barrier_themes", everyone(), html=False),
    # The write endpoints' own names; their POSTs are tested in test_api.py.
    Case("api:barrier_create", everyone(), html=False),
    Case("api:barrier_endorse", everyone(405), kwargs=_escalated_api, html=False),
    Case("api:barrier_transition", everyone(405), kwargs=_escalated_api, html=False),
    # Changing what a barrier says, with a JSON body: as the edit page (its reporting
    # organisation while it is reported, and the mission lead).
    Case(
        "api:barrier_update",
        only({"member"} | MANAGERS, anonymous=401),
        kwargs=lambda world: {"barrier_id": world.barrier.pk},
        method="put",
        data={
            "title": "Endret barriere",
            "description": "Ny beskrivelse.",
            "level": "regional",
            "category": "organisasjonskultur",
            "sectors": ["nav"],
        },
        json=True,
        html=False,
    ),
]
