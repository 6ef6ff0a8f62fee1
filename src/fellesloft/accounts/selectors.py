from django.db.models import QuerySet

from fellesloft.accounts.models import DeletionRequest, User


def deletion_request_of(*, user: User) -> DeletionRequest | None:
    """The person's pending request to have their account deleted, if any."""
    return DeletionRequest.objects.filter(user=user).first()


def pending_deletion_requests() -> QuerySet[DeletionRequest]:
    return DeletionRequest.objects.select_related("user").order_by("requested_at", "pk")


def user_by_email(email: str) -> User | None:
    """The user with this e-mail, whatever the case of either (active or not)."""
    return User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
