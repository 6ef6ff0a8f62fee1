from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fellesloft.core.numbers import format_measure
from fellesloft.mission.models import ObservationStatus
from fellesloft.mission.ssb import LICENCE_URL

register = template.Library()


@register.simple_tag
def measure(value, indicator) -> str:
    """A value of an indicator with its unit and decimals: «9,5 %», «9 178 personer»."""
    return format_measure(value, indicator.unit, indicator.decimals) if value is not None else ""


@register.simple_tag
def figure(observation, *, unit: bool = False):
    """An observation as shown in tables: the value, or SSB's symbol with its meaning for
    screen readers, and a star for a preliminary figure."""
    if observation is None:
        return ""
    if observation.value is None:
        meaning = ObservationStatus(observation.status).label
        return format_html(
            '<span aria-hidden="true">{}</span><span class="ds-sr-only">{}</span>',
            observation.status,
            meaning,
        )
    indicator = observation.indicator
    text = format_measure(observation.value, indicator.unit if unit else "", indicator.decimals)
    if observation.is_preliminary:
        return format_html(
            '{}<span aria-hidden="true">*</span><span class="ds-sr-only"> ({})</span>',
            text,
            _("foreløpig"),
        )
    return text


@register.simple_tag
def ssb_attribution():
    """SSB's figures are published under CC BY 4.0: every page that shows them says so."""
    return format_html(
        '<p class="ds-paragraph source-attribution" data-size="sm">{} '
        '<a class="ds-link" href="{}" rel="license">CC BY 4.0</a></p>',
        _("Kilde: Statistisk sentralbyrå (SSB),"),
        LICENCE_URL,
    )
