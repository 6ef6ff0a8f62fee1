"""Demo data for the mission: example goals and example municipal figures.

The published figures are loaded by a data migration (see initial_data.py). The demo adds what
is *not* published – example targets and a clearly labelled example indicator with figures
for every municipality – so the charts and the comparison between municipalities can be seen.
The example figures go through the real JSON-stat import, in the shape SSB serves.
"""

import json
import random
from decimal import Decimal

from fellesloft.mission import services
from fellesloft.mission.jsonstat import build_dataset
from fellesloft.mission.models import Goal, Indicator, Region
from fellesloft.mission.selectors import current_mission
from fellesloft.organisations.models import Municipality

EXAMPLE_CODE = "neet-andel-eksempel"
YEARS = [str(year) for year in range(2008, 2024)]

GOALS = [
    {
        "title": "Færre unge utenfor arbeid, utdanning og opplæring",
        "description": "Eksempelmål i demodata – målverdien er ikke vedtatt.",
        "indicator": "neet-andel-15-29",
        "region": "50",
        "baseline_value": Decimal("10.3"),
        "baseline_year": 2020,
        "target_value": Decimal("8.0"),
        "target_year": 2030,
        "direction": "down",
    },
    {
        "title": "Flere fullfører videregående opplæring",
        "description": "Eksempelmål i demodata – målverdien er ikke vedtatt.",
        "indicator": "ikke-fullfort-vgs",
        "region": "50",
        "baseline_value": Decimal("20"),
        "baseline_year": 2022,
        "target_value": Decimal("15"),
        "target_year": 2030,
        "direction": "down",
    },
    {
        # Measured in every municipality: «Mitt arbeid» shows a municipality against it.
        "title": "Under 8 % unge utenfor i hver kommune",
        "description": "Eksempelmål i demodata, målt med eksempeltallene per kommune.",
        "indicator": EXAMPLE_CODE,
        "region": "50",
        "baseline_value": Decimal("10.4"),
        "baseline_year": 2015,
        "target_value": Decimal("8.0"),
        "target_year": 2030,
        "direction": "down",
    },
]


def example_dataset(municipalities: list[tuple[str, str]], years: list[str], seed: int = 50):
    """NEET-like shares for each municipality, Trøndelag and the country, in SSB's shape."""
    rng = random.Random(seed)
    regions = [("0", "Hele landet"), ("50", "Trøndelag - Trööndelage")] + [
        (f"K-{number}", name) for number, name in municipalities
    ]
    values: list[float | None] = []
    status: dict[int, str] = {}
    for region_code, _name in regions:
        level = rng.uniform(7.5, 12.5) if region_code.startswith("K-") else 10.0
        for year_index, _year in enumerate(years):
            trend = 0.6 * (year_index - len(years) / 2) / len(years)
            value = round(level + trend + rng.uniform(-0.6, 0.6), 1)
            if region_code.startswith("K-") and rng.random() < 0.03:
                status[len(values)] = ".."
                values.append(None)
            else:
                values.append(value)
    return build_dataset(
        label="Eksempeltall: unge 15–29 år utenfor arbeid, utdanning og opplæring (prosent)",
        updated="2024-05-14T06:00:00Z",
        dimensions=[
            ("Region", "region", regions),
            ("Alder", "alder", [("15-29", "15-29 år")]),
            ("ContentsCode", "statistikkvariabel", [("NEETandel", "NEET, andel (prosent)")]),
            ("Tid", "år", [(year, year) for year in years]),
        ],
        values=values,
        status=status,
        roles={"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    )


def load(*, stdout) -> None:
    mission = current_mission()
    if mission is None:
        stdout.write("  Samfunnsoppdraget mangler; kjør fellesloft migrate først.")
        return
    if not Indicator.objects.filter(code=EXAMPLE_CODE).exists():
        services.indicator_create(
            code=EXAMPLE_CODE,
            name="Unge utenfor arbeid og utdanning per kommune (eksempeltall)",
            definition="Eksempeltall laget for demonstrasjon av diagrammer og sammenligning "
            "mellom kommuner. Ikke offisiell statistikk.",
            unit="%",
            decimals=1,
            source="Eksempeltall i demodata – ikke offisiell statistikk",
            order=90,
        )
    municipalities = list(
        Municipality.objects.filter(county__number="50").values_list("number", "name")
    )
    report = services.import_data(
        data=json.dumps(example_dataset(municipalities, YEARS)).encode(),
        file_format="jsonstat",
        source="demodata",
        indicators={"NEETandel": EXAMPLE_CODE},
    )
    for number, goal in enumerate(GOALS, start=1):
        if Goal.objects.filter(mission=mission, title=goal["title"]).exists():
            continue
        indicator = Indicator.objects.filter(code=goal["indicator"]).first()
        region = Region.objects.filter(code=goal["region"]).first()
        if indicator is None or region is None:
            continue
        services.goal_create(
            mission=mission,
            **{**goal, "indicator": indicator, "region": region, "order": number},
        )
    stdout.write(f"  Indikatorer: {Indicator.objects.count()} ({report.summary()})")
