import os
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from fellesloft.accounts.models import User
from fellesloft.core.demo_logins import DEMO_PASSWORD, DEMO_USERS
from fellesloft.organisations.models import Invitation, Membership, Organisation, Sector
from tests.world import ensure_reference_data

pytestmark = pytest.mark.django_db

DEMO_MUNICIPALITIES = ["5001", "5014", "5006", "5037", "5059"]


def test_demo_is_idempotent_and_covers_every_sector(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_reference_data()
    call_command("demo")
    counts = (Organisation.objects.count(), User.objects.count())
    call_command("demo")
    assert (Organisation.objects.count(), User.objects.count()) == counts
    for number in DEMO_MUNICIPALITIES:
        local_sectors = set(
            Organisation.objects.filter(municipality__number=number).values_list(
                "sector__slug", flat=True
            )
        )
        assert len(local_sectors) >= 7, number
    employer_sectors = set(
        Sector.objects.filter(is_youth_voice=False).values_list("slug", flat=True)
    )
    assert employer_sectors <= set(Organisation.objects.values_list("sector__slug", flat=True))
    for email, _role in DEMO_USERS:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    # The members page shows an invitation waiting and a former member; the audit log who.
    assert Invitation.objects.filter(accepted_at=None, revoked_at=None).count() == 1
    assert Membership.objects.filter(is_active=False).count() == 1
    coordinator = User.objects.get(email="koordinator.trondheim@demo.fellesloft.no")
    assert LogEntry.objects.filter(actor=coordinator).count() >= 2


def test_demo_if_empty_leaves_an_existing_database_alone(world, capsys):
    call_command("demo", "--if-empty")
    assert not Organisation.objects.filter(name="NAV Trondheim").exists()


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fellesloft", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_check_deploy(tmp_path):
    result = _check_deploy(
        {
            "FELLESLOFT_ENV": "production",
            "SECRET_KEY": "k" * 20 + "Zx9!q2#Lp0&vB7@mN4$tR1^wE6*yU3" + "j" * 10,
            "ALLOWED_HOSTS": "fellesloft.example.no",
            "FELLESLOFT_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "fellesloft.settings",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _check_deploy(
        {
            "FELLESLOFT_ENV": "production",
            "SECRET_KEY": "",
            "FELLESLOFT_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "fellesloft.settings",
        }
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
