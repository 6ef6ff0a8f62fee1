"""Imports a Pol.is open-data export folder as a closed dialog."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.polis import files_from_folder, import_polis
from fellesloft.organisations.models import Organisation


class Command(BaseCommand):
    help = "Importer en Pol.is-eksport (mappe med comments.csv og votes.csv) som en stengt dialog."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--organisation", required=True, help="organisasjonens slug")

    def handle(self, *args, folder: Path, organisation: str, **options):
        owner = Organisation.objects.filter(slug=organisation).first()
        if owner is None:
            raise CommandError(f"Fant ikke organisasjonen «{organisation}».")
        if not folder.is_dir():
            raise CommandError(f"Fant ikke mappen {folder}.")
        try:
            dialog = import_polis(
                files=files_from_folder(folder), organisation=owner, source=str(folder)
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        analysis = compute_analysis(dialog_id=dialog.pk, phase="")
        self.stdout.write(
            f"Importert «{dialog.title}» ({dialog.slug}): {analysis.votes_counted} stemmer, "
            f"{len(analysis.summary['groups'])} grupper."
        )
