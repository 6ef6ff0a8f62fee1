"""Deletes login records (addresses and user agents of staff logins and failed attempts) older
than LOGIN_RECORDS_RETENTION_DAYS. Run it daily (cron or a scheduler); it is safe to run again.
The task worker also does it once a day when people log in."""

from django.core.management.base import BaseCommand

from fellesloft.accounts.services import login_records_purge


class Command(BaseCommand):
    help = "Slett innloggingsoppføringer (adresser og nettlesere) som er eldre enn lagringstiden."

    def handle(self, *args, **options):
        deleted = login_records_purge()
        self.stdout.write(f"Slettede innloggingsoppføringer: {deleted}")
