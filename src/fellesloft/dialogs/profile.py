"""The municipality page's section: the municipality's dialogs and what they found."""

from django.db.models import Count
from django.utils.translation import gettext as _

from fellesloft.core.profile import ProfileSection
from fellesloft.dialogs.models import Dialog


def municipality_section(*, municipality, user) -> ProfileSection | None:
    dialogs = list(
        Dialog.objects.filter(municipality=municipality)
        .select_related("organisation")
        .annotate(participant_count=Count("participants"))
        .order_by("-created_at")[:10]
    )
    if not dialogs:
        return None
    # One question about the user, not one per dialog: the section's queries stay fixed.
    sees_all = user.is_authenticated and (user.is_mission_lead or user.global_role == "moderator")
    own = (
        set(user.memberships.values_list("organisation_id", flat=True))
        if user.is_authenticated
        else set()
    )
    for dialog in dialogs:
        dialog.may_see_results = sees_all or dialog.results_public or dialog.organisation_id in own
    return ProfileSection(
        title=_("Dialoger med unge og fagfolk"),
        template="dialogs/profile_section.html",
        context={"dialogs": dialogs},
        order=40,
    )
