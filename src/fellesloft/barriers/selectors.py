"""Reads of barriers: what a user may see, lists, the report and the public status page.

Overdue answers are computed on read (`overdue_q`, `Barrier.is_overdue`): an escalated barrier
whose answer deadline has passed. Nothing is stored, so the flag is right the day after the
deadline without a scheduled job, and it disappears the moment an answer is registered.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from fellesloft.barriers.models import (
    IS_PUBLIC,
    OPEN_STATUSES,
    Barrier,
    BarrierCategory,
    BarrierNote,
    BarrierTheme,
    Endorsement,
    Recipient,
    Status,
    TrialApplication,
)
from fellesloft.barriers.rules import (
    is_member_of_reporting_organisation,
    may_endorse_barrier,
    may_manage_barrier,
)
from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.organisations.models import Organisation
from fellesloft.organisations.rules import organisation_ids_of, organisations_of
from fellesloft.search import text as search_text

PUBLIC_Q = IS_PUBLIC.q(None)

SORTS = {
    "gjelder": ("-endorsement_count", "-created_at", "-pk"),
    "nyeste": ("-created_at", "-pk"),
    "svarfrist": ("answer_deadline", "-created_at", "-pk"),
}


def overdue_q() -> Q:
    return Q(status=Status.ESCALATED, answer_deadline__lt=timezone.localdate())


def visible_barriers(*, user) -> QuerySet[Barrier]:
    return visible(Barrier.objects.all(), user)


def _with_list_data(barriers: QuerySet[Barrier]) -> QuerySet[Barrier]:
    return barriers.select_related(
        "category", "reporting_organisation", "recipient", "theme"
    ).annotate(endorsement_count=Count("endorsements", distinct=True))


def barrier_list(
    *,
    user,
    status: str = "",
    category: BarrierCategory | None = None,
    level: str = "",
    theme: BarrierTheme | None = None,
    query: str = "",
    overdue: bool = False,
    held: bool = False,
    sort: str = "gjelder",
) -> QuerySet[Barrier]:
    barriers = visible_barriers(user=user)
    # A merged barrier lives on in the one it was merged into; shown only when asked for.
    barriers = barriers.filter(status=status) if status else barriers.exclude(status=Status.MERGED)
    if category is not None:
        barriers = barriers.filter(category=category)
    if level:
        barriers = barriers.filter(level=level)
    if theme is not None:
        barriers = barriers.filter(theme=theme)
    if query:
        barriers = barriers.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if overdue:
        barriers = barriers.filter(overdue_q())
    if held:
        barriers = barriers.filter(is_held=True)
    return _with_list_data(barriers).order_by(*SORTS.get(sort, SORTS["gjelder"]))


def barriers_with_details() -> QuerySet[Barrier]:
    """Barriers with everything their page shows; the caller asks the policy which one."""
    return (
        Barrier.objects.select_related(
            "category",
            "reporting_organisation__municipality",
            "reported_by",
            "recipient",
            "theme",
            "merged_into",
        )
        .prefetch_related(
            "sectors",
            "need_themes",
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("organisation", "endorsed_by"),
            ),
            "transitions__actor",
        )
        .annotate(endorsement_count=Count("endorsements", distinct=True))
    )


def barrier_notes(*, barrier: Barrier) -> QuerySet[BarrierNote]:
    return barrier.notes.select_related("author").order_by("created_at")


def public_status_list() -> QuerySet[Barrier]:
    """Escalated barriers with their answers, for everyone. No internal notes."""
    return _with_list_data(Barrier.objects.filter(PUBLIC_Q)).order_by(
        "-escalated_on", "-created_at"
    )


def public_status_counts() -> dict[str, int]:
    barriers = Barrier.objects.filter(PUBLIC_Q)
    return barriers.aggregate(
        total=Count("pk"),
        awaiting=Count("pk", filter=Q(status=Status.ESCALATED)),
        overdue=Count("pk", filter=overdue_q()),
        answered=Count("pk", filter=Q(status=Status.ANSWERED)),
        resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
    )


def held_count() -> int:
    """Barriers waiting for the mission lead to screen the example."""
    return Barrier.objects.filter(is_held=True).exclude(status=Status.CLOSED).count()


def overdue_barriers() -> QuerySet[Barrier]:
    return Barrier.objects.filter(overdue_q()).select_related("recipient")


def organisations_that_may_endorse(*, user, barrier: Barrier) -> list[Organisation]:
    """The user's organisations that have not endorsed yet and did not report it."""
    if not user.is_authenticated:
        return []
    endorsed = barrier.endorsements.values_list("organisation_id", flat=True)
    return list(
        organisations_of(user)
        .exclude(pk=barrier.reporting_organisation_id)
        .exclude(pk__in=endorsed)
        .order_by(norwegian("name"))
    )


def organisations_that_endorsed(*, user, barrier: Barrier) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(
        organisations_of(user)
        .filter(barrier_endorsements__barrier=barrier)
        .order_by(norwegian("name"))
    )


def merge_targets(*, barrier: Barrier) -> QuerySet[Barrier]:
    return (
        Barrier.objects.exclude(pk=barrier.pk)
        .filter(is_held=False)
        .exclude(status__in=[Status.MERGED, Status.CLOSED])
        .order_by(norwegian("title"))
    )


def active_categories() -> QuerySet[BarrierCategory]:
    return BarrierCategory.objects.filter(is_active=True)


def active_recipients() -> QuerySet[Recipient]:
    return Recipient.objects.filter(is_active=True)


def theme_candidates() -> QuerySet[Barrier]:
    """The barriers the mission lead may put in a theme: released, neither merged nor closed."""
    return (
        Barrier.objects.filter(is_held=False)
        .exclude(status__in=[Status.MERGED, Status.CLOSED])
        .select_related("theme", "category")
        .order_by(norwegian("title"))
    )


def theme_package(*, theme: BarrierTheme) -> QuerySet[Barrier]:
    """The theme's barriers that an escalation of the whole theme would send up."""
    return (
        theme.barriers.filter(status__in=[Status.UNDER_REVIEW, Status.ANSWERED], is_held=False)
        .select_related("recipient")
        .order_by(norwegian("title"), "pk")
    )


def theme_list() -> QuerySet[BarrierTheme]:
    return BarrierTheme.objects.annotate(
        barrier_count=Count("barriers", filter=~Q(barriers__status=Status.MERGED))
    ).order_by("order", norwegian("name"))


# --- The barrier report for the national level -------------------------------------------------


@dataclass
class ExperimentObservation:
    title: str
    url: str
    observation: str


@dataclass
class ReportRow:
    barrier: Barrier
    endorsing_organisations: list[str]
    experiments: list[ExperimentObservation] = field(default_factory=list)


@dataclass
class ReportGroup:
    theme: BarrierTheme | None
    rows: list[ReportRow]

    @property
    def title(self) -> str:
        return self.theme.name if self.theme else ""

    @property
    def endorsement_total(self) -> int:
        return sum(row.barrier.endorsement_count for row in self.rows)


def barrier_report(*, user, theme: BarrierTheme | None = None) -> list[ReportGroup]:
    """Per theme: the barriers with their endorsements and the experiments that met them.

    Barriers held for personal data, merged or closed are left out; so are internal notes.
    """
    barriers = (
        visible_barriers(user=user)
        .filter(is_held=False)
        .exclude(status__in=[Status.MERGED, Status.CLOSED])
    )
    if theme is not None:
        barriers = barriers.filter(theme=theme)
    barriers = (
        _with_list_data(barriers)
        .prefetch_related(
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            ),
            "sectors",
            *_experiment_prefetches(),
        )
        .order_by(
            "theme__order", norwegian("theme__name"), "-endorsement_count", norwegian("title")
        )
    )
    groups: list[ReportGroup] = []
    for barrier in barriers:
        row = ReportRow(
            barrier=barrier,
            endorsing_organisations=[e.organisation.name for e in barrier.endorsements.all()],
            experiments=_experiment_observations(barrier),
        )
        if not groups or groups[-1].theme != barrier.theme:
            groups.append(ReportGroup(theme=barrier.theme, rows=[]))
        groups[-1].rows.append(row)
    # Barriers without a theme last.
    groups.sort(key=lambda group: group.theme is None)
    return groups


def _experiment_prefetches() -> list:
    """Filled in by links.py when the experiments app has its models (see links.py)."""
    from fellesloft.barriers import links

    return links.report_prefetches()


def _experiment_observations(barrier: Barrier) -> list[ExperimentObservation]:
    from fellesloft.barriers import links

    return [
        ExperimentObservation(title=title, url=url, observation=observation)
        for title, url, observation in links.experiment_observations(barrier)
    ]


# --- The municipality page ---------------------------------------------------------------------


def barriers_of_municipality(*, municipality, user) -> QuerySet[Barrier]:
    return (
        _with_list_data(
            visible_barriers(user=user).filter(reporting_organisation__municipality=municipality)
        )
        .exclude(status=Status.MERGED)
        .order_by("-endorsement_count", "-created_at")
    )


# --- Trial applications (forsøkssøknader) --------------------------------------------------------


def trial_application_of(*, barrier: Barrier) -> TrialApplication | None:
    """The barrier's trial application with what its page shows; the caller has checked that
    the user may see the barrier (the application is seen with it)."""
    return (
        TrialApplication.objects.filter(barrier=barrier)
        .select_related("ministry", "barrier__reporting_organisation__municipality")
        .prefetch_related("deviations")
        .first()
    )


# --- «Mitt arbeid» ------------------------------------------------------------------------------


def _for_work(barriers: QuerySet[Barrier]) -> QuerySet[Barrier]:
    return barriers.select_related("recipient", "reporting_organisation").order_by(
        "created_at", "pk"
    )


def barriers_to_manage(*, user) -> QuerySet[Barrier]:
    """Open barriers the user moves through the workflow (`manage_barrier`), held ones
    (whose example waits to be screened) among them."""
    return _for_work(
        may_manage_barrier.filter(
            visible_barriers(user=user).filter(status__in=OPEN_STATUSES), user
        )
    )


def barriers_of_own_organisations(*, user) -> QuerySet[Barrier]:
    """Open barriers that one of the user's organisations reported."""
    return _for_work(
        is_member_of_reporting_organisation.filter(
            visible_barriers(user=user).filter(status__in=OPEN_STATUSES), user
        )
    )


def barriers_to_endorse(*, user, since) -> QuerySet[Barrier]:
    """Barriers reported since `since` by other organisations in the municipalities of the
    user's organisations that the user may endorse (`endorse_barrier`) and none of their
    organisations has endorsed or reported."""
    own = organisation_ids_of(user)
    municipalities = Organisation.objects.filter(
        pk__in=own, municipality__isnull=False
    ).values_list("municipality_id", flat=True)
    candidates = (
        visible_barriers(user=user)
        .filter(created_at__gte=since, reporting_organisation__municipality_id__in=municipalities)
        .exclude(reporting_organisation_id__in=own)
        .exclude(endorsements__organisation_id__in=own)
    )
    return _for_work(may_endorse_barrier.filter(candidates, user))


# --- Similar barriers before a new report («Gjelder oss også» instead of a duplicate) -------

# Short, common words say nothing about what a barrier is about.
SIMILAR_MAX = 5
_SIMILAR_MIN_SHARED = 2
_SIMILAR_MIN_SHARE = 0.3


def _significant_stems(text: str) -> set[str]:
    """The stems of the words that carry meaning (the search index's stemmer and stop words),
    so that «ungdommer» and «ungdommene» count as one word."""
    found = [
        word
        for word in search_text.words(text or "")
        if len(word) >= 4 and word not in search_text.STOP_WORDS and not word.isdigit()
    ]
    return set(search_text.stems(found))


def similar_open_barriers(*, user, title: str, description: str = "") -> list[Barrier]:
    """The open barriers the user may see whose title and description share enough words
    with a new report's (at least two, and a third of the new report's words, the title's
    counted twice), most alike first."""
    title_words = _significant_stems(title)
    words = title_words | _significant_stems(description)
    if len(words) < _SIMILAR_MIN_SHARED:
        return []
    # The longest stems narrow the candidates in the database (a stem starts each of its
    # word's forms); the overlap of stems decides.
    probe = Q()
    for word in sorted(words, key=len, reverse=True)[:12]:
        probe |= Q(title__icontains=word) | Q(description__icontains=word)
    candidates = (
        visible(Barrier.objects.filter(status__in=OPEN_STATUSES, merged_into=None), user)
        .filter(probe)
        .select_related("reporting_organisation", "category")
        .order_by("-created_at")[:200]
    )
    weight = len(words) + len(title_words)
    scored = []
    for barrier in candidates:
        theirs = _significant_stems(barrier.title) | _significant_stems(barrier.description)
        shared = words & theirs
        score = (len(shared) + len(title_words & shared)) / weight
        if len(shared) >= _SIMILAR_MIN_SHARED and score >= _SIMILAR_MIN_SHARE:
            scored.append((score, barrier.pk, barrier))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [barrier for _, _, barrier in scored[:SIMILAR_MAX]]
