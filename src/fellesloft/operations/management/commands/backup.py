"""`fellesloft backup FILE`: the database, the uploaded files and a manifest in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fellesloft.operations.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Tar sikkerhetskopi av databasen og de opplastede filene til én fil (tar.gz med "
        "manifest). Kan kjøres mens tjenesten er i gang."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Filen sikkerhetskopien skrives til.")

    def handle(self, *args, file: Path, **options):
        try:
            manifest = backup_create(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhetskopien er skrevet til {file}: {len(tables)} tabeller, "
                f"{sum(tables.values())} rader, {len(manifest['media'])} opplastede filer."
            )
        )
