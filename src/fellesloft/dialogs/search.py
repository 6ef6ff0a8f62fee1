"""Dialogs with published results, and their statements, in the site-wide search
(see fellesloft.search.registry).

Only dialogs whose results are public are indexed (`include`), with their approved
statements. A hit opens the dialog's report (dialogs.view_report) or its results
(dialogs.view_results); both are «may moderate, or the results are public», so for every
indexed dialog they hold for whoever may see the dialog at all: the dialog's declared
visibility decides, for a statement through its dialog. The test suite checks that search
agrees with those permissions for every role.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.dialogs.models import Dialog, Statement, StatementState
from fellesloft.search import SearchSource


def _report_date(dialog: Dialog) -> datetime:
    """The report is there once the results are published; a closed dialog's report is dated
    by its closing (a future closing time does not date it ahead of everything else)."""
    if dialog.closes_at and dialog.closes_at <= timezone.now():
        return dialog.closes_at
    return dialog.updated_at


SOURCES = [
    SearchSource(
        key="dialog",
        model=Dialog,
        label=_("Dialoger"),
        fields=[
            "question",
            "description",
            "critique_prompt",
            "fantasy_prompt",
            "realisation_prompt",
            lambda dialog: dialog.organisation.name,
        ],
        url=lambda dialog: reverse("dialogs:report", kwargs={"slug": dialog.slug}),
        permission="dialogs.view_report",
        include=lambda dialog: dialog.results_public,
        municipality=lambda dialog: dialog.municipality_id,
        date=lambda dialog: dialog.updated_at,
        feed_date=_report_date,
        summary=lambda dialog: dialog.description or dialog.question,
        queryset=lambda: Dialog.objects.select_related("organisation"),
    ),
    SearchSource(
        key="statement",
        model=Statement,
        label=_("Utsagn i dialoger"),
        fields=["text", lambda statement: statement.dialog.title],
        title=lambda statement: statement.text[:300],
        url=lambda statement: reverse("dialogs:results", kwargs={"slug": statement.dialog.slug}),
        permission="dialogs.view_results",
        visible_through="dialog",
        include=lambda statement: (
            statement.state == StatementState.APPROVED and statement.dialog.results_public
        ),
        municipality=lambda statement: statement.dialog.municipality_id,
        date=lambda statement: statement.created_at,
        summary=lambda statement: str(
            _("Utsagn i «%(dialog)s»") % {"dialog": statement.dialog.title}
        ),
        queryset=lambda: Statement.objects.select_related("dialog"),
        # Publishing (or hiding) a dialog's results publishes (or hides) its statements.
        depends_on={Dialog: lambda dialog: dialog.statements.all()},
    ),
]
