"""The dataset every installation starts with: the mission and the published figures.

The figures are those of the domain document (and the seed documents it cites), each with its
source and whether it is preliminary. Two figures are published without a year («about 20 %»
in Trøndelag do not complete upper secondary school; NOK 73 billion a year): they are shown
as 2022, the year of the figures on the same slide, and their note says so.

Loaded by a data migration, so a fresh install shows real numbers without `fellesloft demo`.
"""

from datetime import date
from decimal import Decimal

MISSION = {
    "slug": "fellesloft-trondelag",
    "name": "Fellesløft Trøndelag – ungt utenforskap",
    "vision": (
        "Alle unge har fremtidstro, opplever tilhørighet og bidrar med sine ressurser i samfunnet"
    ),
    "description": (
        "Et felles initiativ fra kommunene i Trøndelag, ledet av KS Trøndelag sammen med NAV, "
        "Trøndelag fylkeskommune og Statsforvalteren, i samarbeid med KS' Partnerskap for "
        "radikal innovasjon (PRI). Oppdraget skal forebygge og redusere utenforskap blant unge "
        "15–29 år – gjennom en portefølje av forsøk på tvers av sektorer, dialog med de unge, "
        "systembarrierer som meldes videre og tall som viser om vi kommer dit."
    ),
}

PRESENTATION = "Presentasjonen «Ungt utenforskap – et løft og en satsing for hele Trøndelag»"
# The figures as published in the project report of September 2024 and its presentations.
PUBLISHED = date(2024, 9, 1)
UNDATED = "Kilden oppgir ikke årstall; vist som 2022, året for de andre tallene i samme kilde."

# (code, name, definition, unit, decimals, source, source_url, is_preliminary)
INDICATORS = [
    (
        "neet-andel-15-29",
        "Unge utenfor arbeid, utdanning og opplæring (NEET), 15–29 år",
        "Andelen av befolkningen 15–29 år som verken er i arbeid, utdanning eller "
        "arbeidsmarkedstiltak (NEET), målt i registrene i november. SSB tabell 12423 er "
        "registerbasert og gir tall for kommuner og fylker; tabell 09858 er "
        "utvalgsbasert (AKU) og gir bare tall for landet.",
        "%",
        1,
        "SSB tabell 12423 (registerbasert), via trondelagitall.no",
        "https://www.ssb.no/statbank/table/12423",
        True,
    ),
    (
        "neet-antall-15-29",
        "Unge utenfor arbeid, utdanning og opplæring (NEET), 15–29 år – antall",
        "Antall personer 15–29 år som verken er i arbeid, utdanning eller "
        "arbeidsmarkedstiltak (NEET), registerbasert.",
        "personer",
        0,
        "SSB tabell 12423 (registerbasert), via trondelagitall.no",
        "https://www.ssb.no/statbank/table/12423",
        True,
    ),
    (
        "uforetrygd-under-30",
        "Unge under 30 år med uføretrygd",
        "Andelen av befolkningen under 30 år som mottar uføretrygd. Antallet unge uføre er "
        "fordoblet de siste ti årene.",
        "%",
        1,
        PRESENTATION,
        "https://www.ks.no/regioner/ks-trondelag/fellesloft-trondelag--ungt-utenforskap/",
        False,
    ),
    (
        "ikke-fullfort-vgs",
        "Ikke fullført videregående opplæring",
        "Andelen elever som ikke har fullført og bestått videregående opplæring innen fem år "
        "etter at de begynte (SSB tabell 12971 og 14867).",
        "%",
        0,
        "Partnerskap for radikal innovasjon (PRI) og " + PRESENTATION + "; SSB tabell 12971",
        "https://www.ssb.no/statbank/table/12971",
        False,
    ),
    (
        "samfunnskostnad-utenforskap",
        "Samfunnskostnad av utenforskap",
        "Anslått årlig kostnad for samfunnet av at unge står utenfor arbeid og utdanning.",
        "mrd. kr per år",
        0,
        PRESENTATION,
        "https://www.ks.no/regioner/ks-trondelag/fellesloft-trondelag--ungt-utenforskap/",
        False,
    ),
]

# (indicator, region, period, value, is_preliminary, note)
OBSERVATIONS = [
    ("neet-andel-15-29", "50", "2020", "10.3", False, ""),
    ("neet-andel-15-29", "50", "2022", "9.5", True, "Foreløpig registertall."),
    ("neet-andel-15-29", "0", "2020", "11", False, "Omtrentlig tall («om lag 11 %»)."),
    ("neet-antall-15-29", "50", "2020", "9968", False, ""),
    ("neet-antall-15-29", "50", "2022", "9178", True, "Foreløpig registertall."),
    ("uforetrygd-under-30", "0", "1992", "0.8", False, ""),
    ("uforetrygd-under-30", "0", "2016", "1.7", False, ""),
    ("ikke-fullfort-vgs", "0", "2022", "23", False, "Kilde: PRI."),
    (
        "ikke-fullfort-vgs",
        "50",
        "2022",
        "20",
        False,
        f"Omtrentlig tall («om lag 20 %»). Kilde: presentasjonen. {UNDATED}",
    ),
    ("samfunnskostnad-utenforskap", "0", "2022", "73", False, f"Anslag. {UNDATED}"),
]


def load_regions(region_model, county_model, municipality_model) -> None:
    region_model.objects.get_or_create(
        code="0", defaults={"name": "Hele landet", "level": "country"}
    )
    for county in county_model.objects.all():
        region_model.objects.get_or_create(
            code=county.number, defaults={"name": county.name, "level": "county"}
        )
    for municipality in municipality_model.objects.all():
        region_model.objects.get_or_create(
            code=municipality.number, defaults={"name": municipality.name, "level": "municipality"}
        )


def load_initial_dataset(
    *,
    mission_model,
    indicator_model,
    observation_model,
    region_model,
    county_model,
    municipality_model,
) -> None:
    """Creates what is missing; never overwrites what the mission lead has changed."""
    mission_model.objects.get_or_create(slug=MISSION["slug"], defaults=MISSION)
    load_regions(region_model, county_model, municipality_model)
    indicators = {}
    for order, row in enumerate(INDICATORS, start=1):
        code, name, definition, unit, decimals, source, source_url, preliminary = row
        indicators[code], _ = indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "definition": definition,
                "unit": unit,
                "decimals": decimals,
                "source": source,
                "source_url": source_url,
                "is_preliminary": preliminary,
                "order": order,
            },
        )
    load_population_indicators(indicator_model)
    for code, region, period, value, preliminary, note in OBSERVATIONS:
        observation_model.objects.get_or_create(
            indicator=indicators[code],
            region=region_model.objects.get(code=region),
            period=period,
            defaults={
                "year": int(period[:4]),
                "value": Decimal(value),
                "is_preliminary": preliminary,
                "note": note,
                "updated": PUBLISHED,
            },
        )


def load_population_indicators(indicator_model) -> None:
    """The population in the participants' age bands (preset «befolkning-alder», SSB table
    07459), one indicator per band, for «Hvem har svart» on a dialog's results."""
    from fellesloft.mission.ssb import POPULATION_BANDS

    for order, (code, (band, _ages)) in enumerate(POPULATION_BANDS.items(), start=100):
        indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "name": f"Befolkning {band} år" if "–" in band else f"Befolkning {band}",
                "definition": (
                    "Folkemengden 1. januar i aldersgruppen, begge kjønn, summert fra SSBs "
                    "ettårige aldre. Sammenlignes med deltakerne i en dialog i kommunen."
                ),
                "unit": "personer",
                "decimals": 0,
                "source": "SSB tabell 07459",
                "source_url": "https://www.ssb.no/statbank/table/07459",
                "order": order,
            },
        )
