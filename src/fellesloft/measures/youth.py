"""The youth-facing words of «Hva kan hjelpe meg?».

Young people ask for help with concrete parts of life – someone to talk to, school, work,
money, housing, health – not with the NEET report's need themes, which are the professionals'
lens. The two lists do not map one-to-one (no need theme says «school» or «work»), so each
measure carries its own youth needs. When the person registering a measure leaves them empty,
`suggest_youth_needs` proposes them from the need themes and the provider's sector.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from fellesloft.measures.models import Access, YouthNeed

# What the young person reads on the checkbox, and a line under it.
YOUTH_NEED_TEXT = {
    YouthNeed.TALK: (_("Noen å snakke med"), _("En voksen som har tid til deg")),
    YouthNeed.SCHOOL: (_("Skole"), _("Fullføre, komme tilbake eller bytte")),
    YouthNeed.WORK: (_("Jobb"), _("Finne jobb, praksis eller lærlingplass")),
    YouthNeed.MONEY: (_("Penger"), _("Lite penger, gjeld eller økonomisk hjelp")),
    YouthNeed.HOUSING: (_("Bolig"), _("Et sted å bo")),
    YouthNeed.HEALTH: (_("Helse"), _("Kropp, søvn, rus og psykisk helse")),
}

# How to get in: said to the young person, not to the professional.
ACCESS_TEXT = {
    Access.DROP_IN: _("Bare møt opp – du trenger ikke avtale"),
    Access.SELF_REFERRAL: _("Ta kontakt selv for å avtale tid"),
    Access.REFERRAL: _("Du trenger henvisning, for eksempel fra fastlegen eller NAV"),
    Access.DECISION: _("Du søker, og kommunen eller NAV bestemmer"),
}

# Lowest threshold first: drop-in before referral.
ACCESS_ORDER = {
    Access.DROP_IN: 0,
    Access.SELF_REFERRAL: 1,
    Access.REFERRAL: 2,
    Access.DECISION: 3,
}

THEME_SUGGESTIONS = {
    "relasjoner": {YouthNeed.TALK},
    "psykisk-helse": {YouthNeed.HEALTH, YouthNeed.TALK},
    "lavinntekt": {YouthNeed.MONEY},
}
SECTOR_SUGGESTIONS = {
    "skole-oppvekst": {YouthNeed.SCHOOL},
    "fylkeskommune": {YouthNeed.SCHOOL},
    "nav": {YouthNeed.WORK},
    "naeringsliv": {YouthNeed.WORK},
    "helse": {YouthNeed.HEALTH},
    "spesialisthelse": {YouthNeed.HEALTH},
}


def suggest_youth_needs(*, theme_slugs: Iterable[str], sector_slug: str) -> list[str]:
    needs: set[str] = set(SECTOR_SUGGESTIONS.get(sector_slug, set()))
    for slug in theme_slugs:
        needs.update(THEME_SUGGESTIONS.get(slug, set()))
    return [need.value for need in YouthNeed if need in needs]


def youth_needs_of(measure_input) -> list[str]:
    """The youth needs a measure will be shown for: those chosen, or else the suggested."""
    return list(measure_input.youth_needs) or suggest_youth_needs(
        theme_slugs=[theme.slug for theme in measure_input.need_themes],
        sector_slug=measure_input.provider.sector.slug,
    )


def youth_need_choices() -> list[tuple[str, str]]:
    return [(need.value, YOUTH_NEED_TEXT[need][0]) for need in YouthNeed]
