from django import template

register = template.Library()


@register.filter
def percent(share) -> str:
    """0.734 → «73 %»; None (suppressed or unknown) → «–»."""
    if share is None or share == "":
        return "–"
    return f"{round(float(share) * 100)} %"


@register.filter
def direction_label(direction: str) -> str:
    return {"agree": "enig", "disagree": "uenig"}.get(direction, "")
