from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fellesloft.mission.models import ObservationStatus
from fellesloft.mission.ssb import LICENCE_URL

register = template.Library()


@register.filter
def number(value: Decimal | None, decimals: int = 1) -> str:
    """9.5000 → «9,5»; 9178 → «9 178» (Norwegian separators)."""
    if value is None:
        return ""
    return number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


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
    text = number(observation.value, observation.indicator.decimals)
    if unit:
        separator = "" if observation.indicator.unit == "%" else "\u00a0"
        text = f"{text}{separator}{observation.indicator.unit}"
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
