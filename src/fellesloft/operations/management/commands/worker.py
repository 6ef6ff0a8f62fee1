"""`fellesloft worker`: the background worker – django-tasks' `db_worker`, with the clock that
queues the periodic jobs (`operations.scheduler`) running beside it in the same process."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from fellesloft.operations.scheduler import Clock


class Command(DatabaseWorkerCommand):
    help = (
        "Runs the background tasks (dialog analyses, e-mail, purges) and queues the periodic "
        "jobs (daily reminders, weekly digests) when they are due."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-clock",
            action="store_true",
            help="Do not queue the periodic jobs from this worker (another one does).",
        )

    def handle(self, *args, no_clock: bool = False, **options) -> None:
        # Under the autoreloader only the child process runs tasks, so only it keeps the clock.
        reloader_parent = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not (no_clock or options.get("batch") or reloader_parent):
            Clock().start()
        super().handle(*args, **options)
