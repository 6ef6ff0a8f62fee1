"""`fellesloft learning_send_digests`: queues this week's digest e-mails (run it weekly)."""

from django.core.management.base import BaseCommand

from fellesloft.learning.tasks import send_weekly_digests


class Command(BaseCommand):
    help = "Legger ukens oppsummering på e-post i køen for bakgrunnsjobber."

    def handle(self, *args, **options):
        result = send_weekly_digests.enqueue()
        self.stdout.write(f"Lagt i kø: {result.id} ({result.status})")
