"""Organisations in the site-wide search (see fellesloft.search.registry)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fellesloft.organisations.models import Organisation
from fellesloft.search import SearchSource

SOURCES = [
    SearchSource(
        key="organisation",
        model=Organisation,
        label=_("Organisasjoner"),
        fields=[
            "description",
            lambda organisation: organisation.get_kind_display(),
            lambda organisation: organisation.sector.name,
            lambda organisation: organisation.municipality,
        ],
        title=lambda organisation: organisation.name,
        url=lambda organisation: reverse(
            "organisations:detail", kwargs={"slug": organisation.slug}
        ),
        permission="organisations.view_organisation",
        municipality=lambda organisation: organisation.municipality_id,
        date=lambda organisation: organisation.created_at,
        queryset=lambda: Organisation.objects.select_related("sector", "municipality"),
    ),
]
