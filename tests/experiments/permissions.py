from django.utils import timezone

from fellesloft.experiments import services
from tests.experiments.factories import evaluate, experiment, organisation, past_sprint
from tests.matrix import Case, everyone, logged_in, only

MANAGERS = {"mission_lead", "superuser"}
# The experiment is owned by world.organisation (Trondheim), where «member» is a member.
TEAM = MANAGERS | {"member"}


def extend_world(world) -> None:
    lead = world.users["mission_lead"]
    item = experiment(world, title="Forsøk i matrisen")
    # A partner nobody in the world belongs to: «other_coordinator» stays outside the team.
    nav = organisation("NAV Trondheim (matrise)", "nav", world.municipality)
    partner = services.experiment_partner_add(experiment=item, organisation=nav, by=lead)
    person = services.experiment_team_member_add(
        experiment=item, name="Rådgiver Vg1", organisation=world.organisation, by=lead
    )
    sprint = past_sprint(item, by=lead)
    evaluate(sprint, by=lead)
    draft = _draft(item, lead)
    published = services.learning_card_create(
        experiment=item,
        title="Publisert",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=lead,
    )
    services.learning_card_publish(card=published, by=lead)
    _add_drafts_seen_through_partner_and_by_name(world)
    world.extra.update(
        experiment=item,
        partner=partner,
        person=person,
        sprint=sprint,
        draft_card=draft,
        published_card=published,
    )


def _draft(item, lead):
    return services.learning_card_create(
        experiment=item,
        title="Utkast",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=lead,
    )


def _add_drafts_seen_through_partner_and_by_name(world) -> None:
    """For tests/core/test_visibility.py: drafts whose team is reached only through a partner
    organisation («coordinator» and «member» of world.organisation) or only by being named in
    the team («member», not «coordinator»), so each way into a team is tested both ways."""
    lead = world.users["mission_lead"]
    partnered = experiment(
        world,
        title="Frøya med Trondheim som partner (matrise)",
        owner=world.other_organisation,
        partners=[world.organisation],
        municipality=world.other_municipality,
    )
    _draft(partnered, lead)
    named = experiment(
        world,
        title="Frøya med en navngitt deltaker (matrise)",
        owner=world.other_organisation,
        municipality=world.other_municipality,
    )
    services.experiment_team_member_add(
        experiment=named,
        name="Medlem",
        organisation=world.organisation,
        email=world.users["member"].email,
        by=lead,
    )
    _draft(named, lead)


def _experiment(world):
    return {"pk": world.experiment.pk}


def _sprint(world):
    return {"pk": world.experiment.pk, "number": world.sprint.number}


def _api_experiment(world):
    return {"experiment_id": world.experiment.pk}


def _api_sprint(world):
    return {"experiment_id": world.experiment.pk, "number": world.sprint.number}


def _trondheim(world):
    return {"number": world.municipality.number}


API_READ = {**everyone(200), "anonymous": 401}


def api_only(allowed: set[str], status: int = 200, *, hidden: set[str] = frozenset()):
    """An API write for `allowed`: 403 for the others who may see the object, 404 for those in
    `hidden` who may not, 401 without a login."""
    expect = only(allowed, status, anonymous=401)
    return expect | dict.fromkeys(hidden, 404)


def new_experiment(world):
    return {
        "municipality": world.municipality.number,
        "owner_organisation": world.organisation.slug,
        "partners": [world.other_organisation.slug],
        "title": "Nytt forsøk fra API-et",
        "challenge": "Unge faller mellom skole og NAV",
        "hypothesis_change": "et felles inntak",
        "hypothesis_target_group": "unge 16–19",
        "hypothesis_effect": "færre avbrudd",
        "hypothesis_evidence": "fraværet går ned",
    }


def _card(name):
    return lambda world: {"card_id": getattr(world, name).pk}


def _support_entry(world):
    return {
        "date": timezone.localdate().isoformat(),
        "hours": 1.5,
        "kind": "guidance",
        "given_by_organisation": world.organisation.slug,
    }


CASES = [
    Case("experiments:list", logged_in()),
    Case("experiments:create", logged_in()),
    Case("experiments:detail", logged_in(), kwargs=_experiment),
    Case("experiments:edit", only(TEAM), kwargs=_experiment),
    Case("experiments:status", only(MANAGERS), kwargs=_experiment),
    Case("experiments:team", only(MANAGERS), kwargs=_experiment),
    Case(
        "experiments:partner_remove",
        only(MANAGERS, 302),
        kwargs=lambda world: {"pk": world.experiment.pk, "partner_id": world.partner.pk},
        method="post",
    ),
    Case(
        "experiments:team_member_remove",
        only(MANAGERS, 302),
        kwargs=lambda world: {"pk": world.experiment.pk, "member_id": world.person.pk},
        method="post",
    ),
    Case("experiments:pdf", logged_in(), kwargs=_experiment, html=False),
    Case("experiments:sprint_create", only(TEAM), kwargs=_experiment),
    Case("experiments:sprint_edit", only(TEAM), kwargs=_sprint),
    Case("experiments:sprint_evaluate", only(TEAM), kwargs=_sprint),
    Case("experiments:sprint_barrier", only(TEAM), kwargs=_sprint),
    Case("experiments:card_create", only(TEAM), kwargs=_experiment),
    Case("experiments:cards", everyone()),
    Case(
        "experiments:card_detail",
        everyone(),
        kwargs=lambda world: {"pk": world.published_card.pk},
    ),
    Case(
        "experiments:card_edit",
        only(TEAM),
        kwargs=lambda world: {"pk": world.draft_card.pk},
    ),
    Case(
        "experiments:card_publish",
        only(MANAGERS, 302),
        kwargs=lambda world: {"pk": world.draft_card.pk},
        method="post",
    ),
    Case(
        "experiments:card_unpublish",
        only(MANAGERS, 302),
        kwargs=lambda world: {"pk": world.published_card.pk},
        method="post",
    ),
    Case("experiments:portfolio", logged_in()),
    Case("experiments:collaboration", logged_in()),
    Case("experiments:portfolio_xlsx", logged_in(), html=False),
    Case("experiments:portfolio_csv", logged_in(), html=False),
    Case("experiments:support_overview", logged_in()),
    Case("experiments:support", only(TEAM), kwargs=_trondheim),
    Case(
        "experiments:support_budget",
        only(MANAGERS, 302),
        kwargs=_trondheim,
        method="post",
        data={"hours": "60"},
    ),
    Case("api:experiments_portfolio", API_READ, html=False),
    Case("api:experiments_matrix", API_READ, html=False),
    Case("api:experiments_support", API_READ, html=False),
    Case("api:experiments_learning_cards", everyone(), html=False),
    Case("api:experiments_detail", API_READ, kwargs=_api_experiment, html=False),
    Case("api:experiments_sprints", API_READ, kwargs=_api_experiment, html=False),
    # The matrix sends form data, which the JSON API refuses (400) once logged in; the
    # team-only rule for writing sprints is tested with JSON in test_api.py.
    Case(
        "api:experiments_sprint_create",
        {**everyone(400), "anonymous": 401},
        kwargs=_api_experiment,
        method="post",
        html=False,
    ),
    Case(
        "api:experiments_sprint_update",
        {**only(TEAM), "anonymous": 401},
        kwargs=_api_sprint,
        method="patch",
        html=False,
    ),
    Case(
        "api:experiments_status",
        {**everyone(400), "anonymous": 401},
        kwargs=_api_experiment,
        method="post",
        html=False,
    ),
    Case(
        "api:experiments_learning_card_create",
        {**everyone(400), "anonymous": 401},
        kwargs=_api_experiment,
        method="post",
        html=False,
    ),
    Case(
        "api:experiments_sprint_evaluate",
        {**everyone(400), "anonymous": 401},
        kwargs=_api_sprint,
        method="post",
        html=False,
    ),
    # The API's writes with a JSON body, so each role meets the same rule as on the pages.
    # Creating: anyone in the mission but national partners may; the owner must be their own
    # organisation (the service's refusal, a 403, for «other_coordinator», who is not in
    # Trondheim's).
    Case(
        "api:experiments_create",
        {**api_only(TEAM | {"other_coordinator"}, 201), "other_coordinator": 403},
        method="post",
        data=new_experiment,
        json=True,
        html=False,
    ),
    Case(
        "api:experiments_update",
        api_only(TEAM),
        kwargs=_api_experiment,
        method="patch",
        data={"title": "Nytt navn"},
        json=True,
        html=False,
    ),
    Case("api:experiments_team", API_READ, kwargs=_api_experiment, html=False),
    Case(
        "api:experiments_partner_add",
        api_only(MANAGERS, 201),
        kwargs=_api_experiment,
        method="post",
        data=lambda world: {"organisation": world.other_organisation.slug},
        json=True,
        html=False,
    ),
    Case(
        "api:experiments_partner_remove",
        api_only(MANAGERS, 204),
        kwargs=lambda world: {"experiment_id": world.experiment.pk, "partner_id": world.partner.pk},
        method="delete",
        html=False,
    ),
    Case(
        "api:experiments_member_add",
        api_only(MANAGERS, 201),
        kwargs=_api_experiment,
        method="post",
        data=lambda world: {"name": "Rådgiver", "organisation": world.organisation.slug},
        json=True,
        html=False,
    ),
    Case(
        "api:experiments_member_remove",
        api_only(MANAGERS, 204),
        kwargs=lambda world: {"experiment_id": world.experiment.pk, "member_id": world.person.pk},
        method="delete",
        html=False,
    ),
    Case("api:experiments_support_log", api_only(TEAM), kwargs=_trondheim, html=False),
    Case(
        "api:experiments_support_entry_create",
        api_only(MANAGERS, 201),
        kwargs=_trondheim,
        method="post",
        data=_support_entry,
        json=True,
        html=False,
    ),
    Case(
        "api:experiments_support_budget",
        api_only(MANAGERS),
        kwargs=_trondheim,
        method="put",
        data={"hours": 60},
        json=True,
        html=False,
    ),
    Case("api:experiments_learning_card", everyone(), kwargs=_card("published_card"), html=False),
    Case(
        "api:experiments_learning_card_update",
        api_only(TEAM, hidden={"other_coordinator"}),
        kwargs=_card("draft_card"),
        method="patch",
        data={"title": "Bedre tittel"},
        json=True,
        html=False,
    ),
    Case(
        "api:experiments_learning_card_publish",
        api_only(MANAGERS, hidden={"other_coordinator"}),
        kwargs=_card("draft_card"),
        method="post",
        data={"published": True},
        json=True,
        html=False,
    ),
]
