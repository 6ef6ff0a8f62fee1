"""Small builders for barrier tests, all through the services."""

import datetime

from django.utils import timezone

from fellesloft.accounts.models import GlobalRole
from fellesloft.barriers import services
from fellesloft.barriers.models import Barrier, BarrierCategory, Recipient
from fellesloft.barriers.reference import CATEGORY_ENGLISH_NAMES, load_reference_lists
from fellesloft.core.models import fill_english_names
from fellesloft.organisations.models import Membership, MembershipRole
from tests.world import make_user


def ensure_barrier_reference_data() -> None:
    """Transactional tests flush the tables the data migration filled; put them back."""
    if not BarrierCategory.objects.exists() or not Recipient.objects.exists():
        load_reference_lists(BarrierCategory, Recipient)
        fill_english_names(BarrierCategory, CATEGORY_ENGLISH_NAMES)


def category(slug: str = "taushetsplikt-og-informasjonsdeling") -> BarrierCategory:
    ensure_barrier_reference_data()
    return BarrierCategory.objects.get(slug=slug)


def recipient(slug: str = "aid") -> Recipient:
    ensure_barrier_reference_data()
    return Recipient.objects.get(slug=slug)


def report(world, *, reporter=None, organisation=None, example: str = "", **fields) -> Barrier:
    defaults = {
        "title": "NAV og skolen kan ikke dele at en elev har sluttet",
        "description": "Taushetsplikten hindrer at NAV får vite at en ungdom har falt ut.",
        "level": "national",
        "category": category(),
    }
    defaults.update(fields)
    return services.barrier_report(
        reporter=reporter or world.users["member"],
        organisation=organisation or world.organisation,
        example=example,
        **defaults,
    )


def escalate(barrier: Barrier, actor, *, deadline_days: int = 30, escalated_days_ago: int = 0):
    today = timezone.localdate()
    if barrier.status == "reported":
        barrier = services.barrier_review(barrier=barrier, actor=actor, assessment="regulation")
    return services.barrier_escalate(
        barrier=barrier,
        actor=actor,
        recipient=recipient(),
        escalated_on=today - datetime.timedelta(days=escalated_days_ago),
        answer_deadline=today + datetime.timedelta(days=deadline_days),
    )


def national_partner(world):
    user = world.extra.get("national_partner")
    if user is None:
        user = make_user("nasjonal@test.no", global_role=GlobalRole.NATIONAL_PARTNER)
        world.extra["national_partner"] = user
    return user


def outsider():
    """Logged in, but in no organisation."""
    return make_user("uten.organisasjon@test.no")


def add_member(world, organisation, email: str, role=MembershipRole.MEMBER):
    user = make_user(email)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
