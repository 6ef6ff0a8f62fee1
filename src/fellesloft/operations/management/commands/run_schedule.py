"""`fellesloft run_schedule`: queues the periodic jobs that are due, once – for an
installation that runs `db_worker` without the clock and uses cron instead. `--list` shows
each job with when it was last queued and is next due."""

from django.core.management.base import BaseCommand
from django.utils import formats, timezone

from fellesloft.operations.scheduler import queue_due_jobs, schedule_overview


class Command(BaseCommand):
    help = "Queues the periodic jobs that are due (the worker's clock does this every minute)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--list", action="store_true", help="Show the jobs; queue nothing.")

    def handle(self, *args, list: bool = False, **options) -> None:
        if list:
            for row in schedule_overview():
                last = row["last_queued_at"]
                self.stdout.write(
                    f"{row['name']}: {row['description']} – hver {row['every']}, sist "
                    f"{_when(last) if last else 'aldri'}, neste {_when(row['next_due_at'])}"
                )
            return
        queued = queue_due_jobs()
        self.stdout.write(
            f"Satt i kø: {', '.join(queued)}" if queued else "Ingen jobber var forfalt."
        )


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
