import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from fellesloft.accounts import services
from fellesloft.accounts.models import ApiToken, User
from fellesloft.accounts.throttle import ACCOUNT_FAILURE_LIMIT
from fellesloft.core.exceptions import ServiceError
from fellesloft.operations.scheduler import queue_due_jobs
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_email_is_the_user_name_and_is_normalised():
    user = User.objects.create_user("Kari.Nordmann@Example.NO", "hemmelig-passord-1")
    assert user.email == "kari.nordmann@example.no"
    assert User.USERNAME_FIELD == "email"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("a@test.no", "hemmelig-passord-1")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_login_with_email_and_password(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": world.users["member"].email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(world.users["member"].pk)


def test_wrong_password_gives_a_norwegian_message(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": world.users["member"].email, "password": "feil"}
    )
    assert response.status_code == 200
    assert "Feil e-post eller passord" in response.content.decode()


def test_login_is_throttled_after_five_failures(client, world):
    email = world.users["member"].email
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": email, "password": "feil"})
    # Even the right password is refused while the account is locked for this address.
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange mislykkede forsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _login(client, email, password, address):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _lock_account_from_many_addresses(client, email, failures=ACCOUNT_FAILURE_LIMIT):
    statuses = [  # two wrong passwords from each address: below axes' 5
        _login(client, email, "feil", f"10.0.{attempt // 2}.1").status_code
        for attempt in range(failures)
    ]
    assert statuses == [200] * (failures - 1) + [429]


def test_login_is_throttled_per_account_across_addresses_and_the_holder_is_told(client, world):
    email = world.users["member"].email
    _lock_account_from_many_addresses(client, email)
    response = _login(client, email, PASSWORD, "10.9.9.9")  # the right password, a new address
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mail.outbox] == [[email]]
    assert "/konto/glemt-passord/" in mail.outbox[0].body
    for attempt in range(5):  # further tries from elsewhere send no more e-mail
        _login(client, email, "feil", f"10.1.{attempt}.1")
    assert len(mail.outbox) == 1
    # Other accounts are not held up.
    assert (
        _login(client, world.users["mission_lead"].email, PASSWORD, "10.9.9.9").status_code == 302
    )


def test_the_account_lock_is_short_and_grows(client, world):
    email = world.users["member"].email
    _lock_account_from_many_addresses(client, email)
    assert _login(client, email, PASSWORD, "10.9.9.9").status_code == 429  # counts, too

    def later(seconds):
        AccessFailureLog.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))

    later(61)  # the 11th failure locks for two minutes
    assert _login(client, email, PASSWORD, "10.9.9.8").status_code == 429
    later(15 * 60 + 1)  # never longer than 15 minutes after the last failure
    assert _login(client, email, PASSWORD, "10.9.9.7").status_code == 302


def test_the_holder_gets_in_from_a_known_address_or_after_a_password_reset(client, world):
    email = world.users["member"].email
    assert _login(client, email, PASSWORD, "192.0.2.10").status_code == 302  # the office
    client.logout()
    _lock_account_from_many_addresses(client, email)
    assert _login(client, email, PASSWORD, "192.0.2.10").status_code == 302
    client.logout()
    _lock_account_from_many_addresses(client, email)
    assert _login(client, email, PASSWORD, "198.51.100.7").status_code == 429  # on the road
    client.post(reverse("accounts:password_reset"), {"email": email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/nytt-passord/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(path, follow=True)
    new_password = "et-helt-nytt-passord-9"
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert _login(client, email, new_password, "198.51.100.7").status_code == 302


def test_login_records_are_deleted_after_the_retention_days(client, world, settings):
    settings.LOGIN_RECORDS_RETENTION_DAYS = 30
    email = world.users["member"].email
    _login(client, email, "feil", "10.0.0.1")
    _login(client, email, PASSWORD, "10.0.0.2")
    client.logout()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert model.objects.exists()
        model.objects.update(attempt_time=timezone.now() - timedelta(days=31))
    _login(client, email, "feil", "10.0.0.3")  # a recent one stays
    out = io.StringIO()
    call_command("accounts_purge_logins", stdout=out)
    assert "Slettede innloggingsoppføringer:" in out.getvalue()
    assert not AccessAttempt.objects.exclude(ip_address="10.0.0.3").exists()
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == ["10.0.0.3"]
    assert not AccessLog.objects.exists()
    # The worker's clock queues it once a day.
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(days=31))
    _login(client, email, PASSWORD, "10.0.0.2")
    assert "accounts.purge_login_records" in queue_due_jobs()
    assert not AccessFailureLog.objects.exists()
    assert AccessLog.objects.count() == 1


def test_password_reset_sends_a_link_that_works(client, world):
    email = world.users["member"].email
    client.post(reverse("accounts:password_reset"), {"email": email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [email]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/nytt-passord/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "et-nytt-langt-passord", "new_password2": "et-nytt-langt-passord"},
    )
    assert response.status_code == 302
    assert User.objects.get(email=email).check_password("et-nytt-langt-passord")


def test_password_reset_for_unknown_address_says_nothing_about_it(client, reference_data):
    response = client.post(reverse("accounts:password_reset"), {"email": "ukjent@test.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_logout_needs_post(client, world):
    client.force_login(world.users["member"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_profile_update_strips_the_name(world):
    user = services.user_update_profile(user=world.users["member"], full_name="  Kari  ")
    assert user.full_name == "Kari"


def test_api_token_is_stored_as_a_hash_and_authenticates(world):
    token, raw = services.api_token_create(user=world.users["member"], name="Import")
    assert raw.startswith("fl_")
    assert raw not in token.key_hash
    assert services.api_token_authenticate(raw_key=raw) == world.users["member"]
    assert services.api_token_authenticate(raw_key=raw + "x") is None


def test_api_token_needs_a_name(world):
    with pytest.raises(ServiceError):
        services.api_token_create(user=world.users["member"], name="   ")
    assert not ApiToken.objects.exists()


def test_revoked_token_no_longer_works(world):
    token, raw = services.api_token_create(user=world.users["member"], name="Import")
    services.api_token_revoke(token=token)
    assert services.api_token_authenticate(raw_key=raw) is None


def test_inactive_users_token_does_not_work(world):
    user = world.users["member"]
    _token, raw = services.api_token_create(user=user, name="Import")
    user.is_active = False
    user.save()
    assert services.api_token_authenticate(raw_key=raw) is None


def test_token_page_shows_the_key_once(client, world):
    client.force_login(world.users["member"])
    response = client.post(reverse("accounts:api_token_create"), {"name": "Statistikk"})
    assert "fl_" in response.content.decode()
    profile = client.get(reverse("accounts:profile")).content.decode()
    token = ApiToken.objects.get()
    assert token.key_hint in profile
    assert len([part for part in profile.split() if part.startswith("fl_") and len(part) > 20]) == 0


def test_anonymous_user_cannot_use_api_tokens(world):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("accounts.use_api_tokens")
    assert world.users["member"].has_perm("accounts.use_api_tokens")
