"""The dialogs' part of «Mitt arbeid» (core.work): statements waiting for moderation in the
dialogs the user moderates, and the user's dialogs that open or close within a week."""

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
        if dialog.opens_at and now <= dialog.opens_at <= end:
            items.append(
                _moment_item(
                    dialog,
                    "dialog_opens",
                    dialog.opens_at,
                    url,
                    state=UPCOMING,
                    title=_("«%(title)s» åpner %(when)s"),
                    detail=_("Del lenken eller QR-koden med deltakerne."),
                )
            )
        if dialog.closes_at and now <= dialog.closes_at <= end:
            items.append(
                _moment_item(
                    dialog,
                    "dialog_closes",
                    dialog.closes_at,
                    url,
                    state=DUE,
                    title=_("«%(title)s» stenger %(when)s"),
                    detail=_("Minn deltakerne på å stemme, og gjør klar rapporten."),
                )
            )
    return items


def _moment_item(dialog, kind: str, moment, url: str, *, state, title: str, detail: str):
    """The dialog opens or closes at `moment`: `title` names the dialog and the time."""
    moment = timezone.localtime(moment)
    return WorkItem(
        kind=kind,
        title=title % {"title": dialog.title, "when": date_format(moment, "DATETIME_FORMAT")},
        url=url,
        due=moment.date(),
        state=state,
        detail=detail,
    )
