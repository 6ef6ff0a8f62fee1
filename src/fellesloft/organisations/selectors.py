"""Reads of organisations and municipalities. The organisations each read shows are those
the reader may see (`core.policy.visible`); `user=None` reads as a visitor."""

from django.db.models import Count, Q, QuerySet

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.core.policy import visible
from fellesloft.organisations.models import Membership, Municipality, Organisation, Sector
from fellesloft.organisations.rules import is_member_of


def organisation_list(
    *,
    user=None,
    municipality: Municipality | None = None,
    sector: Sector | None = None,
    query: str = "",
) -> QuerySet[Organisation]:
    organisations = (
        visible(Organisation.objects.all(), user)
        .select_related("sector", "municipality")
        .annotate(member_count=Count("memberships"))
    )
    if municipality is not None:
        organisations = organisations.filter(municipality=municipality)
    if sector is not None:
        organisations = organisations.filter(sector=sector)
    if query:
        organisations = organisations.filter(Q(name__icontains=query))
    return organisations.order_by("name")


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("role", "user__email")


def municipality_list() -> QuerySet[Municipality]:
    return (
        Municipality.objects.select_related("county")
        .annotate(organisation_count=Count("organisations"))
        .order_by("name")
    )


def sectors_for_organisations() -> QuerySet[Sector]:
    return Sector.objects.filter(is_youth_voice=False)


def organisations_of_user(*, user) -> QuerySet[Organisation]:
    return is_member_of.filter(visible(Organisation.objects.all(), user), user).select_related(
        "sector"
    )


def network_people() -> QuerySet:
    """The people of the network, to choose from (a task's owner, who gave support): active
    users with a role in the mission or in one of its organisations, by name."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(global_role__in=[GlobalRole.MISSION_LEAD, GlobalRole.MODERATOR])
            | Q(is_superuser=True)
            | Q(memberships__isnull=False)
        )
        .distinct()
        .order_by("full_name", "email")
    )
