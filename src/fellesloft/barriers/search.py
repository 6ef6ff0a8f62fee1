"""System barriers and their answers in the site-wide search (see fellesloft.search.registry).

Both are seen by whoever may see the barrier (barriers.view_barrier). An answer is a document
of its own, so the feed can say «new answer». Internal notes are never indexed.
"""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.barriers.models import Barrier
from fellesloft.search import SearchSource


def _answered_at(barrier: Barrier) -> datetime:
    """Noon of the day the answer is dated, or when it was saved if it has no date."""
    if barrier.answered_on is None:
        return barrier.updated_at
    return timezone.make_aware(datetime.combine(barrier.answered_on, time(12)))


def _barriers():
    return Barrier.objects.select_related(
        "category", "reporting_organisation", "recipient"
    ).prefetch_related("need_themes")


def _detail(barrier: Barrier) -> str:
    return reverse("barriers:detail", kwargs={"pk": barrier.pk})


# Both documents are made from the barrier, seen and placed as the barrier is.
_FROM_BARRIER = {
    "model": Barrier,
    "permission": "barriers.view_barrier",
    "municipality": lambda barrier: barrier.reporting_organisation.municipality_id,
    "themes": lambda barrier: barrier.need_themes.all(),
    "queryset": _barriers,
}

SOURCES = [
    SearchSource(
        key="barrier",
        label=_("Systembarrierer"),
        fields=[
            "description",
            "example",
            lambda barrier: barrier.get_level_display(),
            lambda barrier: barrier.category.name,
            lambda barrier: barrier.get_status_display(),
        ],
        url=_detail,
        date=lambda barrier: barrier.created_at,
        feed_date=lambda barrier: barrier.created_at,
        summary=lambda barrier: barrier.description,
        **_FROM_BARRIER,
    ),
    SearchSource(
        key="barrier_answer",
        label=_("Svar på barrierer"),
        fields=[
            "answer_text",
            lambda barrier: barrier.get_answer_outcome_display(),
            lambda barrier: barrier.recipient.name if barrier.recipient else "",
        ],
        title=lambda barrier: str(_("Svar: %(title)s") % {"title": barrier.title}),
        url=lambda barrier: _detail(barrier) + "#eskalering",
        include=lambda barrier: bool(barrier.answer_outcome and barrier.answer_text.strip()),
        date=_answered_at,
        feed_date=_answered_at,
        summary=lambda barrier: f"{barrier.get_answer_outcome_display()}: {barrier.answer_text}",
        **_FROM_BARRIER,
    ),
]
