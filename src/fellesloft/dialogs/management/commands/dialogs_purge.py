"""Deletes participant tokens and self-descriptions of dialogs closed longer than their
retention period. Run it daily (cron or a scheduler); it is safe to run again."""

from django.core.management.base import BaseCommand

from fellesloft.dialogs.services import participants_purge_expired


class Command(BaseCommand):
    help = "Slett deltakernøkler og selvbeskrivelser i dialoger som har vært stengt lenge nok."

    def handle(self, *args, **options):
        purged = participants_purge_expired()
        self.stdout.write(f"Anonymiserte deltakere: {purged}")
