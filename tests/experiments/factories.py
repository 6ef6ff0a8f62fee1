"""Builders for experiments in tests, written through the services like the app does."""

from datetime import timedelta

from django.utils import timezone

from fellesloft.experiments import services
from fellesloft.experiments.models import Experiment, ExperimentStatus
from fellesloft.mission.models import MainChallenge, NeedTheme
from fellesloft.organisations.models import Organisation, OrganisationKind, Sector


def organisation(name: str, sector_slug: str, municipality=None) -> Organisation:
    return Organisation.objects.create(
        name=name,
        slug=services_slug(name),
        kind=OrganisationKind.OTHER,
        sector=Sector.objects.get(slug=sector_slug),
        municipality=municipality,
    )


def services_slug(name: str) -> str:
    from fellesloft.organisations.services import unique_organisation_slug

    return unique_organisation_slug(name)


def experiment(
    world,
    *,
    title: str = "Fraværsteam i Vg1",
    owner=None,
    partners=(),
    municipality=None,
    by=None,
    challenges=("samarbeid-pa-tvers",),
    themes=("relasjoner",),
) -> Experiment:
    return services.experiment_create(
        municipality=municipality or world.municipality,
        owner_organisation=owner or world.organisation,
        partners=list(partners),
        title=title,
        challenge="Elever med høyt fravær faller ut før tjenestene snakker sammen.",
        hypothesis_change="et fast fraværsteam",
        hypothesis_target_group="elever i Vg1",
        hypothesis_effect="færre som slutter",
        hypothesis_evidence="flere fullfører Vg1",
        main_challenges=MainChallenge.objects.filter(slug__in=challenges),
        need_themes=NeedTheme.objects.filter(slug__in=themes),
        created_by=by or world.users["mission_lead"],
    )


def running_experiment(world, **kwargs) -> Experiment:
    nav = kwargs.pop("partner", None) or world.other_organisation
    item = experiment(world, partners=[nav], **kwargs)
    lead = world.users["mission_lead"]
    services.experiment_change_status(experiment=item, status=ExperimentStatus.PLANNING, by=lead)
    services.experiment_change_status(experiment=item, status=ExperimentStatus.RUNNING, by=lead)
    item.refresh_from_db()
    return item


def past_sprint(experiment, *, weeks_ago: int = 8, length_weeks: int = 4, by=None):
    start = timezone.localdate() - timedelta(weeks=weeks_ago)
    return services.sprint_create(
        experiment=experiment,
        start_date=start,
        end_date=start + timedelta(weeks=length_weeks, days=-1),
        plan_change="Møtes ukentlig",
        by=by,
    )


def evaluate(sprint, *, by=None, barrier_note: str = ""):
    return services.sprint_evaluate(
        sprint=sprint,
        by=by,
        what_worked="Elevene møtte opp.",
        what_to_adjust="Møtetidspunktet.",
        what_to_take_forward="Fast kontaktperson.",
        act_decision="adapt",
        barrier_note=barrier_note,
    )
