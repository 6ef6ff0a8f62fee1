"""`{% breadcrumbs %}`: the trail from the pages above down to the page the user is on."""

from django import template
from django.shortcuts import resolve_url

register = template.Library()


@register.inclusion_tag("core/breadcrumbs.html")
def breadcrumbs(*trail, current):
    """`{% breadcrumbs "barriers:list" _("Systembarrierer") barrier_url barrier.title
    current=_("Koblinger") %}`: the pages above as pairs of a place and its label, then the
    current page (core/breadcrumbs.html). A place is what `redirect()` takes – a URL name
    without arguments, a path or an object with `get_absolute_url`."""
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of a place and a label")
    links = [
        (resolve_url(place), label) for place, label in zip(trail[::2], trail[1::2], strict=True)
    ]
    return {"links": links, "current": current}
