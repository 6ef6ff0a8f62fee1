"""`fellesloft restore FILE`: puts a backup from `fellesloft backup` back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fellesloft.operations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Gjenoppretter databasen og de opplastede filene fra en sikkerhetskopi. Stopp "
        "webtjenesten og bakgrunnsarbeideren først."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Sikkerhetskopien (fra fellesloft backup).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erstatt også en database som har data.",
        )

    def handle(self, *args, file: Path, force: bool = False, **options):
        try:
            result = backup_restore(path=file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
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
