"""Demo barriers at every stage of the workflow, with endorsements, themes and answers.

The content (themes, barriers, the trial application) is in `data/demo_barriers.toml`.
Idempotent: a barrier whose title exists is left alone. Everything goes through the services,
so the history, the notifications and the audit log look as they would in real use.
"""

import datetime

from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.barriers import services
from fellesloft.barriers.evidence import evidence_choices
from fellesloft.barriers.models import (
    AnswerOutcome,
    Assessment,
    Barrier,
    BarrierCategory,
    BarrierTheme,
    Level,
    Recipient,
    TrialApplication,
)
from fellesloft.barriers.workflow import ACTIONS
from fellesloft.core import demo_data
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Membership, MembershipRole, Organisation, Sector
from fellesloft.organisations.rules import counting_memberships

LEAD = "oppdragsleder@demo.fellesloft.no"

DATA_FILE = "demo_barriers.toml"


def _step(entry: dict, where: str) -> tuple[str, dict]:
    """A workflow step: its action and the action's fields, with choices as members."""
    data = dict(entry)
    action = data.pop("action")
    if action not in ACTIONS:
        raise demo_data.DemoDataError(
            f"{where}: unknown action {action!r} (known: {', '.join(ACTIONS)})"
        )
    if "assessment" in data:
        data["assessment"] = demo_data.choice(Assessment, data["assessment"], where=where)
    if "outcome" in data:
        data["outcome"] = demo_data.choice(AnswerOutcome, data["outcome"], where=where)
    return action, data


def _barrier(entry: dict) -> dict:
    where = f"{DATA_FILE} [[barriers]] {entry['title']!r}"
    return {
        **entry,
        "level": demo_data.choice(Level, entry["level"], where=where),
        "example": entry.get("example", ""),
        "endorsers": [
            (endorser["organisation"], endorser.get("comment", ""))
            for endorser in entry.get("endorsers", [])
        ],
        "steps": [_step(step, where) for step in entry.get("steps", [])],
        "theme": entry.get("theme"),
        "meets": entry.get("meets", []),
    }


_data = demo_data.read(__file__, DATA_FILE)
THEMES = [(theme["name"], theme["description"]) for theme in _data["themes"]]
BARRIERS = [_barrier(entry) for entry in _data["barriers"]]
TRIAL_APPLICATION = _data["trial_application"]


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
        _link_where_met(barrier, spec["meets"])
    _trial_application()
    stdout.write(
        f"  Systembarrierer: {Barrier.objects.count()} ({created} nye), "
        f"temaer: {BarrierTheme.objects.count()}"
    )


def _trial_application() -> None:
    """The trial barrier gets a drafted application whose preliminary step is sent."""
    trial = TRIAL_APPLICATION
    barrier = Barrier.objects.filter(title=trial["barrier"]).first()
    if barrier is None:
        return
    drafter = User.objects.get(email=trial["drafter"])
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
        purpose=trial["purpose"],
        trial_description=trial["trial_description"],
        start_date=timezone.localdate().replace(month=1, day=1) + datetime.timedelta(days=366),
        duration_months=trial["duration_months"],
        extension_months=trial["extension_months"],
        evaluation=trial["evaluation"],
        ministry=Recipient.objects.get(slug=trial["ministry"]),
        **{name: list(queryset) for name, queryset in offered.items()},
    )
    for deviation in trial["deviations"]:
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
