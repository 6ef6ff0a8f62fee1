"""`fellesloft demo`: realistic Norwegian demo content, safe to run again.

Each app that has a `demo.py` with a `load(*, stdout)` function adds its part, in the order
of INSTALLED_APPS, so a new part of the product extends the demo without editing this file.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from fellesloft.core.demo_logins import DEMO_PASSWORD, demo_logins
from fellesloft.core.plugins import app_plugins


class Command(BaseCommand):
    help = "Legger inn demodata (kan kjøres flere ganger)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Legg bare inn demodata når databasen ikke har noen brukere.",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("Databasen har data fra før; hopper over demodata.")
        else:
            with transaction.atomic():
                for _config, module in app_plugins("demo"):
                    module.load(stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS("Demodata er lagt inn."))
        self.print_logins()

    def print_logins(self) -> None:
        # core sits below accounts: it reaches the user model through Django's setting.
        users = get_user_model().objects
        logins = [login for login in demo_logins() if users.filter(email=login[0]).exists()]
        if not logins:
            return
        self.stdout.write("")
        self.stdout.write(f"Demobrukere (passord for alle: {DEMO_PASSWORD}):")
        for email, role in logins:
            self.stdout.write(f"  {email:<42} {role}")
