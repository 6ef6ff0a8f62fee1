"""The observations as CSV: the indicator page's download and the open-data API."""

from fellesloft.core.spreadsheets import CsvWriter
from fellesloft.mission.ssb import attribution

CSV_HEADER = [
    "indikator",
    "region",
    "regionnavn",
    "periode",
    "verdi",
    "status",
    "foreløpig",
    "merknad",
    "oppdatert",
    "kilde",  # SSB's figures are CC BY 4.0: the attribution travels with each row
]


def write_observations_csv(stream, observations) -> None:
    """The same layout the CSV import reads, so an export can be edited and imported again."""
    writer = CsvWriter(stream, decimal_comma=True)
    writer.writerow(CSV_HEADER)
    for observation in observations:
        writer.writerow(
            [
                observation.indicator.code,
                observation.region.code,
                observation.region.name,
                observation.period,
                observation.value,
                observation.status,
                "ja" if observation.is_preliminary else "nei",
                observation.note,
                observation.updated,
                attribution(observation.indicator.source),
            ]
        )
