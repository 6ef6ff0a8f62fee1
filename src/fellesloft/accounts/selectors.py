from fellesloft.accounts.models import User


def user_by_email(email: str) -> User | None:
    """The user with this e-mail, whatever the case of either (active or not)."""
    return User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
