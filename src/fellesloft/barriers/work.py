"""The barriers' part of «Mitt arbeid» (core.work): barriers waiting for the user's decision
(the mission lead moves them through the workflow), for an answer to the user's
organisation, or for its endorsement («gjelder oss også»). Who acts is the policy's
(`may_manage_barrier`, `is_member_of_reporting_organisation`, `may_endorse_barrier`)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.barriers import selectors
from fellesloft.barriers.models import Barrier, Status
from fellesloft.core.work import DUE, INFO, WorkItem, WorkSection, state_for

SECTION = WorkSection(
    key="barriers",
    title=gettext_lazy("Systembarrierer"),
    empty=gettext_lazy(
        "Ingen systembarrierer venter på dere. Møter dere en regel, en rutine eller en "
        "finansiering som stopper arbeidet, meld den som en systembarriere."
    ),
    order=20,
)

# Barriers from others in the user's municipalities are offered for endorsement this long.
ENDORSE_WITHIN = timedelta(days=30)


def _url(barrier: Barrier, anchor: str = "") -> str:
    url = reverse("barriers:detail", kwargs={"pk": barrier.pk})
    return f"{url}#{anchor}" if anchor else url


def _awaiting_answer(barrier: Barrier, today) -> WorkItem:
    recipient = barrier.recipient.name if barrier.recipient else _("mottakeren")
    deadline = barrier.answer_deadline
    return WorkItem(
        kind="barrier_answer",
        title=_("«%(title)s» venter på svar fra %(recipient)s")
        % {"title": barrier.title, "recipient": recipient},
        url=_url(barrier, "eskalering"),
        due=deadline,
        state=state_for(deadline, today=today) if deadline else INFO,
        detail=_("Svarfristen er passert. Purr på svaret.")
        if barrier.is_overdue
        else _("Eskalert. Svaret registreres på barrierens side."),
    )


def _to_manage(barrier: Barrier, today) -> WorkItem | None:
    if barrier.is_held:
        return WorkItem(
            kind="barrier_held",
            title=_("Se over eksempelet i «%(title)s»") % {"title": barrier.title},
            url=_url(barrier, "behandling"),
            state=DUE,
            detail=_("Holdt tilbake fordi teksten kan inneholde personopplysninger."),
        )
    titles = {
        Status.REPORTED: _("Vurder den nye barrieren «%(title)s»"),
        Status.UNDER_REVIEW: _("Avgjør hva som skjer med «%(title)s»: eskaler, løs eller lukk"),
        Status.ANSWERED: _("Følg opp svaret på «%(title)s»: løst, lukk eller eskaler på nytt"),
    }
    if barrier.status == Status.ESCALATED:
        return _awaiting_answer(barrier, today)
    if barrier.status not in titles:
        return None
    return WorkItem(
        kind="barrier_decision",
        title=titles[barrier.status] % {"title": barrier.title},
        url=_url(barrier, "behandling"),
        state=DUE,
        detail=_("Meldt av %(organisation)s.")
        % {"organisation": barrier.reporting_organisation.name},
    )


def _of_own_organisation(barrier: Barrier, today) -> WorkItem | None:
    if barrier.is_held and barrier.status == Status.REPORTED:
        return WorkItem(
            kind="barrier_held",
            title=_("Fjern personopplysningene i «%(title)s»") % {"title": barrier.title},
            url=reverse("barriers:edit", kwargs={"pk": barrier.pk}),
            state=DUE,
            detail=_(
                "Barrieren er holdt tilbake fordi eksempelet kan inneholde personopplysninger."
            ),
        )
    if barrier.status == Status.ESCALATED:
        return _awaiting_answer(barrier, today)
    if barrier.status == Status.ANSWERED:
        return WorkItem(
            kind="barrier_answered",
            title=_("«%(title)s» er besvart: %(outcome)s")
            % {"title": barrier.title, "outcome": barrier.get_answer_outcome_display()},
            url=_url(barrier, "eskalering"),
            state=INFO,
            detail=_("Les svaret og si fra til oppdragslederen om saken er løst."),
        )
    return None


def work_items(*, user) -> list[WorkItem]:
    today = timezone.localdate()
    found: dict[int, WorkItem] = {}
    for barrier in selectors.barriers_to_manage(user=user):
        item = _to_manage(barrier, today)
        if item is not None:
            found[barrier.pk] = item
    for barrier in selectors.barriers_of_own_organisations(user=user):
        item = _of_own_organisation(barrier, today)
        if item is not None:
            found.setdefault(barrier.pk, item)
    since = timezone.now() - ENDORSE_WITHIN
    for barrier in selectors.barriers_to_endorse(user=user, since=since):
        found.setdefault(
            barrier.pk,
            WorkItem(
                kind="barrier_endorsement",
                title=_("Gjelder «%(title)s» dere også?") % {"title": barrier.title},
                url=_url(barrier, "gjelder-oss"),
                state=INFO,
                detail=_("Meldt av %(organisation)s. Si fra om dere møter den samme barrieren.")
                % {"organisation": barrier.reporting_organisation.name},
            ),
        )
    return list(found.values())
