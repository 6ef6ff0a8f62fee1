"""`fellesloft backup FILE`: the database, the uploaded files and a manifest in one file."""

from pathlib import Path

from fellesloft.operations.backups import backup_create
from fellesloft.operations.management.base import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Tar sikkerhetskopi av databasen og de opplastede filene til én fil (tar.gz med "
        "manifest). Kan kjøres mens tjenesten er i gang."
    )
    file_help = "Filen sikkerhetskopien skrives til."

    def handle_file(self, file: Path, **options) -> None:
        manifest = backup_create(path=file)
        tables = manifest["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhetskopien er skrevet til {file}: {len(tables)} tabeller, "
                f"{sum(tables.values())} rader, {len(manifest['media'])} opplastede filer."
            )
        )
