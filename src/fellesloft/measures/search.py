"""Measures in the site-wide search (see fellesloft.search.registry): the service landscape,
seen by whoever may see the measure (measures.view_measure); inactive measures are left out."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fellesloft.measures.models import Measure, MeasureYouthNeed
from fellesloft.search import SearchSource


def _municipalities(measure: Measure):
    return measure.municipalities.all() or [measure.provider.municipality_id]


SOURCES = [
    SearchSource(
        key="measure",
        model=Measure,
        label=_("Tiltak"),
        fields=[
            "description",
            "access_note",
            "location",
            "opening_hours",
            "contact_role",
            lambda measure: measure.get_access_display(),
            lambda measure: measure.provider.name,
            lambda measure: [municipality.name for municipality in measure.municipalities.all()],
            lambda measure: [need.get_need_display() for need in measure.youth_needs.all()],
        ],
        title=lambda measure: measure.name,
        url=lambda measure: reverse("measures:detail", kwargs={"slug": measure.slug}),
        permission="measures.view_measure",
        include=lambda measure: measure.is_active,
        municipality=_municipalities,
        themes=lambda measure: measure.need_themes.all(),
        date=lambda measure: measure.updated_at,
        summary=lambda measure: measure.description,
        queryset=lambda: Measure.objects.select_related("provider").prefetch_related(
            "municipalities", "need_themes", "youth_needs"
        ),
        depends_on={MeasureYouthNeed: lambda need: [need.measure]},
    ),
]
