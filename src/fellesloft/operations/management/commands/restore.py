"""`fellesloft restore FILE`: puts a backup from `fellesloft backup` back."""

from pathlib import Path

from fellesloft.operations.backups import backup_restore
from fellesloft.operations.management.base import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Gjenoppretter databasen og de opplastede filene fra en sikkerhetskopi. Stopp "
        "webtjenesten og bakgrunnsarbeideren først."
    )
    file_help = "Sikkerhetskopien (fra fellesloft backup)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erstatt også en database som har data.",
        )

    def handle_file(self, file: Path, *, force: bool = False, **options) -> None:
        result = backup_restore(path=file, force=force)
        manifest = result.manifest
        self.stdout.write(
            f"Sikkerhetskopi fra {manifest['created_at']} (Fellesløft "
            f"{manifest['application_version']}): {result.tables} tabeller og {result.rows} "
            "rader, som i manifestet."
        )
        if result.migrated:
            self.stdout.write(f"Databaseskjemaet er oppdatert: {', '.join(result.migrated)}.")
        self.stdout.write(f"{result.media_files} opplastede filer er lagt tilbake.")
        self.stdout.write(f"Søkeindeksen er à jour: {result.search_documents} dokumenter.")
        self.stdout.write(self.style.SUCCESS("Gjenopprettingen er ferdig."))
