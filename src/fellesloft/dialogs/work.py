"""The dialogs' part of «Mitt arbeid» (core.work): statements waiting for moderation in the
dialogs the user moderates, and the user's dialogs that open or close within a week."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fellesloft.core.work import DUE, DUE_WITHIN, UPCOMING, WorkItem, WorkSection
from fellesloft.dialogs import selectors

SECTION = WorkSection(
    key="dialogs",
    title=gettext_lazy("Dialoger"),
    empty=gettext_lazy(
        "Ingen utsagn venter på moderering, og ingen av dialogene deres åpner eller stenger "
        "den neste uken. Vil dere høre hva unge og fagfolk mener, start en dialog."
    ),
    order=30,
)


@dataclass(frozen=True)
class Moment:
    """A time in a dialog's life that «Mitt arbeid» tells of in the week before it."""

    field: str  # the dialog's time field
    kind: str
    state: str
    title: str  # names the dialog and the time
    detail: str


MOMENTS = (
    Moment(
        "opens_at",
        "dialog_opens",
        UPCOMING,
        gettext_lazy("«%(title)s» åpner %(when)s"),
        gettext_lazy("Del lenken eller QR-koden med deltakerne."),
    ),
    Moment(
        "closes_at",
        "dialog_closes",
        DUE,
        gettext_lazy("«%(title)s» stenger %(when)s"),
        gettext_lazy("Minn deltakerne på å stemme, og gjør klar rapporten."),
    ),
)


def work_items(*, user) -> list[WorkItem]:
    items = [
        WorkItem(
            kind="moderation",
            title=ngettext(
                "%(count)s utsagn venter på moderering i «%(title)s»",
                "%(count)s utsagn venter på moderering i «%(title)s»",
                dialog.waiting,
            )
            % {"count": dialog.waiting, "title": dialog.title},
            url=reverse("dialogs:moderation", kwargs={"slug": dialog.slug}),
            state=DUE,
            detail=_("Godkjenn eller avvis utsagnene før deltakerne kan stemme på dem."),
        )
        for dialog in selectors.dialogs_awaiting_moderation(user=user)
    ]
    now = timezone.now()
    end = now + DUE_WITHIN
    for dialog in selectors.dialogs_opening_or_closing(user=user, start=now, end=end):
        url = reverse("dialogs:detail", kwargs={"slug": dialog.slug})
        for moment in MOMENTS:
            at = getattr(dialog, moment.field)
            if at and now <= at <= end:
                items.append(_moment_item(dialog, moment, at, url))
    return items


def _moment_item(dialog, moment: Moment, at, url: str) -> WorkItem:
    at = timezone.localtime(at)
    return WorkItem(
        kind=moment.kind,
        title=str(moment.title)
        % {"title": dialog.title, "when": date_format(at, "DATETIME_FORMAT")},
        url=url,
        due=at.date(),
        state=moment.state,
        detail=str(moment.detail),
    )
