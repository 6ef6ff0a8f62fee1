"""The follow-up of an answer: on and after the date the answer set, the reporting
organisation's members and the mission lead are reminded, once."""

import datetime

from django.db import transaction
from django.utils import timezone

from fellesloft.barriers.models import Barrier, Status
from fellesloft.barriers.services._common import _n, _n_date
from fellesloft.barriers.services.notifications import mission_leads
from fellesloft.notifications import services as notifications
from fellesloft.notifications.models import Kind
from fellesloft.organisations.selectors import organisation_members


def barrier_follow_up_reminders(today: datetime.date | None = None) -> int:
    """Sends the reminders that are due (follow-up date today or earlier, answered barrier,
    not reminded yet) and returns how many barriers were reminded of. Safe to run again."""
    today = today or timezone.localdate()
    due = (
        Barrier.objects.filter(
            status=Status.ANSWERED,
            follow_up_on__isnull=False,
            follow_up_on__lte=today,
            follow_up_reminded_at__isnull=True,
        )
        .select_related("reporting_organisation", "recipient")
        .order_by("follow_up_on", "pk")
    )
    reminded = 0
    for barrier_id in due.values_list("pk", flat=True):
        if _remind(barrier_id, today=today):
            reminded += 1
    return reminded


@transaction.atomic
def _remind(barrier_id: int, *, today: datetime.date) -> bool:
    barrier = (
        Barrier.objects.select_for_update(of=("self",))
        .select_related("reporting_organisation", "recipient")
        .filter(
            pk=barrier_id,
            status=Status.ANSWERED,
            follow_up_on__lte=today,
            follow_up_reminded_at__isnull=True,
        )
        .first()
    )
    if barrier is None:
        return False
    members = [
        membership.user
        for membership in organisation_members(organisation=barrier.reporting_organisation)
    ]
    text = _n(
        "Tid for å følge opp «%(title)s»: %(recipient)s svarte %(answered_on)s, og saken "
        "skulle følges opp %(follow_up_on)s."
    ) % {
        "title": barrier.title,
        "recipient": barrier.recipient.name if barrier.recipient else "",
        "answered_on": _n_date(barrier.answered_on) if barrier.answered_on else "",
        "follow_up_on": _n_date(barrier.follow_up_on),
    }
    if barrier.commitment:
        text += " " + _n("Forpliktelsen: %(commitment)s") % {"commitment": barrier.commitment}
    notifications.notify(
        users=[*members, *mission_leads()], kind=Kind.BARRIER, text=text, about=barrier
    )
    barrier.follow_up_reminded_at = timezone.now()
    barrier.save(update_fields=["follow_up_reminded_at", "updated_at"])
    return True
