"""`fellesloft search_rebuild`: builds the search index from the registered sources."""

from django.core.management.base import BaseCommand

from fellesloft.search import indexing
from fellesloft.search.registry import registry


class Command(BaseCommand):
    help = "Bygger søkeindeksen på nytt fra alle registrerte kilder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            action="append",
            dest="sources",
            choices=sorted(registry()),
            help="Bygg bare denne kilden (kan gjentas).",
        )

    def handle(self, *args, sources=None, **options):
        counts = indexing.rebuild(keys=sources)
        for key, count in counts.items():
            self.stdout.write(f"{key:<24} {count:>8}")
        self.stdout.write(
            self.style.SUCCESS(f"Søkeindeksen har {sum(counts.values())} dokumenter.")
        )
