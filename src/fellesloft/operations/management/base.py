"""What `fellesloft backup` and `fellesloft restore` share: one backup file named on the command
line, and a backup refused with a reason (BackupError) said as the command's error, without a
traceback."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fellesloft.operations.backups import BackupError


class BackupFileCommand(BaseCommand):
    file_help = ""  # what the FILE argument is, in --help

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=self.file_help)

    def handle(self, *args, file: Path, **options):
        try:
            self.handle_file(file, **options)
        except BackupError as error:
            raise CommandError(str(error)) from error

    def handle_file(self, file: Path, **options) -> None:
        raise NotImplementedError
