"""Pieces of the learning network shown on other apps' pages."""

from django import template

from fellesloft.learning.models import DigestPreference

register = template.Library()


@register.inclusion_tag("learning/_digest_profile.html", takes_context=True)
def digest_profile_section(context):
    """The weekly digest's opt-in and opt-out on the user's profile page (one query)."""
    request = context["request"]
    preference = DigestPreference.objects.filter(user=request.user).only("is_subscribed").first()
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "is_subscribed": preference is not None and preference.is_subscribed,
    }
