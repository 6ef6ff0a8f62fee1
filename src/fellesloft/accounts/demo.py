"""Demo data for accounts: a person who has asked for their account to be deleted, so the
mission lead's page «Forespørsler om sletting» has something to show."""

from fellesloft.accounts.models import User
from fellesloft.accounts.services import user_deletion_request
from fellesloft.core.demo_logins import DEMO_PASSWORD


def load(*, stdout) -> None:
    email = "tidligere.ansatt@demo.fellesloft.no"
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User.objects.create_user(email, DEMO_PASSWORD, full_name="Tore Tidligere")
    user_deletion_request(user=person)
    stdout.write("  Forespørsler om sletting: 1")
