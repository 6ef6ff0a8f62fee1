"""Reference data every installation has: counties, municipalities and sectors.

The municipality list is the project's own copy of SSB's classification for Trøndelag
(`data/kommuner.csv`); other counties can be added the same way.
"""

import csv
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).with_name("data") / "kommuner.csv"

# (slug, name, description, is_youth_voice)
SECTORS: list[tuple[str, str, str, bool]] = [
    ("skole-oppvekst", "Skole og oppvekst", "Grunnskole, PPT og oppvekst i kommunen", False),
    ("helse", "Helse", "Kommunehelse, psykisk helse og fastlege", False),
    ("barnevern", "Barnevern", "Kommunalt barnevern", False),
    ("kultur-fritid", "Kultur og fritid", "Fritidsklubber, kultur og idrett", False),
    ("nav", "NAV", "Arbeids- og velferdsforvaltningen", False),
    (
        "fylkeskommune",
        "Fylkeskommunen",
        "Videregående skole og oppfølgingstjenesten (OT)",
        False,
    ),
    ("stat", "Staten", "Statsforvalteren og direktorater", False),
    ("spesialisthelse", "Spesialisthelsetjenesten", "Blant annet BUP", False),
    ("frivillighet", "Frivillighet", "Frivillige og ideelle organisasjoner", False),
    ("naeringsliv", "Næringsliv", "Arbeidsgivere og bedrifter", False),
    ("forskning", "Forskning", "Forsknings- og utdanningsinstitusjoner", False),
    ("ks-pri", "KS og PRI", "KS og Partnerskap for radikal innovasjon", False),
    ("ungdom", "Ungdom", "De unges egen stemme – ikke en arbeidsgiver", True),
]


def read_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(county_model, municipality_model, sector_model) -> None:
    """Create or update the reference rows; safe to run again."""
    for row in read_municipalities():
        county, _ = county_model.objects.update_or_create(
            number=row["fylkesnummer"], defaults={"name": row["fylke"]}
        )
        municipality_model.objects.update_or_create(
            number=row["kommunenummer"], defaults={"name": row["navn"], "county": county}
        )
    for order, (slug, name, description, is_youth_voice) in enumerate(SECTORS):
        sector_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "is_youth_voice": is_youth_voice,
                "order": order,
            },
        )


# The sectors' English names.
SECTOR_ENGLISH_NAMES = {
    "skole-oppvekst": "Schools and childhood",
    "helse": "Health",
    "barnevern": "Child welfare",
    "kultur-fritid": "Culture and leisure",
    "nav": "NAV (labour and welfare)",
    "fylkeskommune": "County authority",
    "stat": "Central government",
    "spesialisthelse": "Specialist health services",
    "frivillighet": "Voluntary sector",
    "naeringsliv": "Business",
    "forskning": "Research",
    "ks-pri": "KS and PRI",
    "ungdom": "Young people",
}
