"""Numbers and percentages in templates, by `core/numbers.py`: `{{ value|number:1 }}`,
`{{ points|percent }}`, `{{ share|share }}`."""

from django import template

from fellesloft.core.numbers import format_number, format_percent, format_share

register = template.Library()


@register.filter
def number(value, decimals=None) -> str:
    """9178 → «9 178»; `|number:1` → one decimal; without an argument as many as it has."""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(points, decimals=0) -> str:
    """Percentage points: 9.5 → `|percent:1` → «9,5 %» (English «9.5%»)."""
    return format_percent(points, int(decimals or 0))


@register.filter
def share(value, decimals=0) -> str:
    """A share between 0 and 1: 0.734 → «73 %»; None (hidden or unknown) → «–»."""
    return format_share(value, int(decimals or 0))
