"""Computes the dialogs' analyses again, at once (not through the worker).

After an upgrade that adds to what an analysis keeps (e.g. each participant's place on the
map, for «Du er her»), analyses made before it lack that until new votes arrive – and a closed
dialog gets none. Run it once after such an upgrade; it is safe to run again."""

from django.core.management.base import BaseCommand

from fellesloft.dialogs.models import Analysis
from fellesloft.dialogs.tasks import recompute_analysis


class Command(BaseCommand):
    help = (
        "Beregn dialogenes analyser på nytt: de som mangler deltakernes plass på kartet, "
        "eller alle med --alle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--alle", action="store_true", help="Alle analyser, ikke bare de som mangler noe."
        )

    def handle(self, *args, alle: bool = False, **options):
        analyses = Analysis.objects.all() if alle else Analysis.objects.filter(positions={})
        pairs = sorted(set(analyses.values_list("dialog_id", "phase")))
        for dialog_id, phase in pairs:
            recompute_analysis.call(dialog_id=dialog_id, phase=phase)
        self.stdout.write(f"Beregnet på nytt: {len(pairs)} analyser")
