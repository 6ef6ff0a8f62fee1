"""The learning network's part of «Mitt arbeid» (core.work): the user's open tasks from
network meetings and the next network meeting."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.work import INFO, WorkItem, WorkSection, state_for
from fellesloft.learning import selectors

SECTION = WorkSection(
    key="learning",
    title=gettext_lazy("Læringsnettverket"),
    empty=gettext_lazy(
        "Du har ingen oppgaver fra nettverkssamlingene, og ingen samling er satt opp ennå. "
        "Se ressursene i læringsnettverket og del det dere har lært."
    ),
    order=40,
)


def work_items(*, user) -> list[WorkItem]:
    today = timezone.localdate()
    items = [
        WorkItem(
            kind="meeting_task",
            title=task.title,
            url=f"{task.meeting.get_absolute_url()}#oppgaver",
            due=task.due_date,
            state=state_for(task.due_date, today=today),
            detail=(
                _("Oppgave for %(organisation)s fra «%(meeting)s»")
                % {"organisation": task.organisation.name, "meeting": task.meeting.title}
                if task.organisation_id and task.owner_id != user.pk
                else _("Oppgave fra «%(meeting)s»") % {"meeting": task.meeting.title}
            ),
        )
        for task in selectors.open_tasks_for(user=user)
    ]
    meeting = selectors.next_meeting(user=user)
    if meeting is not None:
        starts = timezone.localtime(meeting.starts_at)
        where = meeting.location or (_("Nettmøte") if meeting.is_online else "")
        when = date_format(starts, "DATETIME_FORMAT")
        detail = f"{when} – {where}" if where else when
        detail += " · " + (
            _("Du er påmeldt.") if meeting.is_registered else _("Du er ikke påmeldt ennå.")
        )
        items.append(
            WorkItem(
                kind="network_meeting",
                title=_("Neste nettverkssamling: %(title)s") % {"title": meeting.title},
                url=meeting.get_absolute_url(),
                state=INFO,
                detail=detail,
            )
        )
    return items
