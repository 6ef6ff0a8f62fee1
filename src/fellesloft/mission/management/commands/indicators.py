"""`fellesloft indicators import|list`: statistics into the mission's indicators.

    fellesloft indicators import neet.json --indicator neet-andel-15-29 --dry-run
    fellesloft indicators import "https://data.ssb.no/api/pxwebapi/v2/tables/12423/data?..." \\
        --indicator NEET=neet-andel-15-29 --fixed Alder=15-29
    fellesloft indicators import tall.csv
    fellesloft indicators import --preset neet-kommune            # fetched from SSB
    fellesloft indicators import --preset neet-kommune 13556.json # a saved answer, no internet
    fellesloft indicators presets
    fellesloft indicators refresh                 # every preset in SSB_IMPORT_PRESETS, now
    fellesloft indicators list
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fellesloft.core.exceptions import ServiceError
from fellesloft.mission import fetch, selectors, services, ssb, tasks
from fellesloft.mission.forms import parse_assignments


def _assignments(values: list[str]) -> dict[str, str]:
    from django import forms

    try:
        return parse_assignments(",".join(values))
    except forms.ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


class Command(BaseCommand):
    help = "Importerer statistikk (JSON-stat 2.0 fra SSB eller CSV) og viser indikatorene."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser(
            "import", help="Importer tall fra en fil eller en nettadresse (SSBs PxWebApi v2)."
        )
        importing.add_argument(
            "source",
            nargs="?",
            help="Filsti eller https-adresse. Med --preset: en JSON-stat-fil lagret fra "
            "forhåndsvalgets spørring (uten: hentes fra SSB).",
        )
        importing.add_argument(
            "--preset",
            choices=sorted(ssb.PRESETS),
            help="Et ferdig oppsett for oppdragets SSB-tabeller (se «indicators presets»).",
        )
        importing.add_argument(
            "--top",
            type=int,
            help="Med --preset: bare de N nyeste årene (ellers alle, for befolkning-alder 5).",
        )
        importing.add_argument(
            "--county", help="Med --preset: fylkesnummeret (ellers innstillingen SSB_COUNTY)."
        )
        importing.add_argument(
            "--format",
            choices=["jsonstat", "csv"],
            help="Filformat (ellers ut fra filnavnet eller innholdet).",
        )
        importing.add_argument(
            "--indicator",
            action="append",
            default=[],
            metavar="[KATEGORI=]KODE",
            help="JSON-stat: indikatoren tallene hører til; KATEGORI=KODE for hver "
            "statistikkvariabel når datasettet har flere (kan gjentas).",
        )
        importing.add_argument("--region", help="JSON-stat: dimensjonen med regioner.")
        importing.add_argument("--time", help="JSON-stat: dimensjonen med tid.")
        importing.add_argument(
            "--contents", help="JSON-stat: dimensjonen med statistikkvariabler (ContentsCode)."
        )
        importing.add_argument(
            "--fixed",
            action="append",
            default=[],
            metavar="DIMENSJON=KODE",
            help="JSON-stat: velg én kategori i en annen dimensjon (kan gjentas).",
        )
        importing.add_argument(
            "--preliminary", action="store_true", help="Merk alle tallene som foreløpige."
        )
        importing.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis hva som ville blitt endret, uten å lagre noe.",
        )
        importing.add_argument(
            "--timeout", type=float, default=fetch.TIMEOUT_SECONDS, help="Sekunder (for URL)."
        )
        importing.add_argument("--no-progress", action="store_true", help="Uten fremdriftslinje.")
        importing.add_argument(
            "--allow-new-regions",
            action="store_true",
            help="Godta regionkoder Fellesløft ikke kjenner (ellers avvises de som feil).",
        )
        actions.add_parser("list", help="Vis indikatorene med siste tall.")
        actions.add_parser("presets", help="Vis forhåndsvalgene og adressene de henter fra.")
        actions.add_parser(
            "refresh",
            help="Hent forhåndsvalgene i SSB_IMPORT_PRESETS fra SSB nå (det den planlagte "
            "importen gjør; for hånd eller fra cron).",
        )

    def handle(self, *args, action: str, **options):
        if action == "list":
            self.list_indicators()
        elif action == "presets":
            self.list_presets()
        elif action == "refresh":
            for line in tasks.run_scheduled_import(force=True, trigger="manual"):
                self.stdout.write(line)
        elif options.get("preset"):
            self.import_preset(**options)
        else:
            self.import_source(**options)

    def list_indicators(self) -> None:
        for summary in selectors.indicator_summaries():
            headline = summary.headline
            figure = (
                f"{headline.value.normalize() if headline.value is not None else headline.status}"
                f" ({headline.region.name}, {headline.period})"
                if headline
                else "ingen tall"
            )
            self.stdout.write(f"{summary.indicator.code:<32} {summary.indicator.name} – {figure}")

    def list_presets(self) -> None:
        county = settings.SSB_COUNTY
        municipalities = services.county_municipalities(county)
        for preset in ssb.PRESETS.values():
            self.stdout.write(f"{preset.name}: {preset.title}")
            self.stdout.write(f"  {preset.description}")
            url = ssb.preset_url(preset, municipalities=municipalities, county=county)
            self.stdout.write(f"  {url}")

    def import_preset(self, *, preset: str, source: str | None, **options) -> None:
        data = None
        if source:
            if fetch.is_url(source):
                raise CommandError(
                    "Med --preset bygges adressen til SSB av Fellesløft; oppgi en fil eller "
                    "ingenting."
                )
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"Fant ikke fila «{source}».")
            data = path.read_bytes()
        else:
            self.stderr.write(f"Henter {preset} fra SSB …")
        try:
            report = services.preset_import(
                preset=preset,
                data=data,
                filename=source or "",
                county=options.get("county"),
                top=options.get("top"),
                dry_run=options["dry_run"],
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.report(report)

    def import_source(self, *, source: str | None, **options) -> None:
        if not source:
            raise CommandError("Oppgi en fil eller en adresse, eller --preset.")
        try:
            if fetch.is_url(source):
                self.stderr.write(f"Henter {source} …")
                data = fetch.fetch(source, timeout=options["timeout"])
            else:
                path = Path(source)
                if not path.is_file():
                    raise CommandError(f"Fant ikke fila «{source}».")
                data = path.read_bytes()
            file_format = options["format"] or services.guess_format(source, data)
            indicators = {}
            for item in options["indicator"]:
                key, _, code = item.rpartition("=")
                indicators[key.strip()] = code.strip()
            show_progress = not options["no_progress"]

            def progress(description: str, total: int):
                return tqdm(
                    total=total,
                    desc=description,
                    unit=" rader",
                    disable=not show_progress or total == 0,
                    file=self.stderr._out,
                )

            report = services.import_data(
                data=data,
                file_format=file_format,
                source=source,
                indicators=indicators,
                region=options["region"],
                time=options["time"],
                contents=options["contents"],
                fixed=_assignments(options["fixed"]),
                preliminary=options["preliminary"],
                allow_new_regions=options["allow_new_regions"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.report(report)

    def report(self, report) -> None:
        for note in report.notes:
            self.stdout.write(f"Merk: {note}")
        if report.dry_run:
            self.stdout.write("Prøvekjøring – ingenting er lagret.")
            for change in report.changes[:20]:
                before = change.before or "(nytt)"
                self.stdout.write(
                    f"  {change.where}: {change.indicator} {change.region} {change.period}: "
                    f"{before} → {change.after}"
                )
            remaining = report.created + report.updated - min(20, len(report.changes))
            if remaining > 0:
                self.stdout.write(f"  … og {remaining} til.")
        self.stdout.write(self.style.SUCCESS(report.summary()))
