"""Demo measures for the five demo municipalities, safe to run again.

The content is in `data/demo_measures.toml`: the measure templates, the landscape each
municipality gets (they differ on purpose), and the services for the whole county and the
whole country. This module reads it and writes the measures through the services.
"""

from dataclasses import dataclass

from fellesloft.core import demo_data
from fellesloft.measures.models import Access, Measure, Reach, YouthNeed
from fellesloft.measures.services import MeasureInput, unique_measure_slug, write_measure
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation, OrganisationKind, Sector
from fellesloft.organisations.services import organisation_create

DATA_FILE = "demo_measures.toml"


@dataclass(frozen=True)
class Template:
    name: str
    provider: str  # a key of _providers()
    description: str
    ages: tuple[int, int]
    themes: tuple[str, ...]
    access: Access
    contact_role: str
    opening_hours: str
    youth_needs: tuple[YouthNeed, ...] = ()
    access_note: str = ""
    capacity: int | None = None
    location: str = ""
    website: str = ""


def _youth_needs(entry: dict, where: str) -> tuple[YouthNeed, ...]:
    return tuple(
        demo_data.choice(YouthNeed, need, where=where) for need in entry.get("youth_needs", ())
    )


def _template(key: str, entry: dict) -> Template:
    where = f"{DATA_FILE} [templates.{key}]"
    return Template(
        **{
            **entry,
            "ages": tuple(entry["ages"]),
            "themes": tuple(entry["themes"]),
            "access": demo_data.choice(Access, entry["access"], where=where),
            "youth_needs": _youth_needs(entry, where),
        }
    )


def _landscape(number: str, entry: dict) -> dict:
    unknown = {key for pair in entry["links"] for key in pair} | set(entry["measures"])
    unknown -= TEMPLATES.keys()
    if unknown:
        raise demo_data.DemoDataError(
            f"{DATA_FILE} [landscapes.{number}]: unknown templates {sorted(unknown)}"
        )
    return {
        "measures": entry["measures"],
        "links": [tuple(pair) for pair in entry["links"]],
        "age_overrides": {key: tuple(ages) for key, ages in entry.get("age_overrides", {}).items()},
        "ended": set(entry.get("ended", ())),
    }


def _wider(entry: dict) -> dict:
    where = f"{DATA_FILE} [[wider]] {entry['name']!r}"
    return {
        **entry,
        "reach": demo_data.choice(Reach, entry["reach"], where=where),
        "access": demo_data.choice(Access, entry["access"], where=where),
        "ages": tuple(entry["ages"]),
        "themes": tuple(entry["themes"]),
        "youth_needs": _youth_needs(entry, where),
    }


_data = demo_data.read(__file__, DATA_FILE)
TEMPLATES = {key: _template(key, entry) for key, entry in _data["templates"].items()}
REGIONAL = set(_data["regional"])
LANDSCAPES = {number: _landscape(number, entry) for number, entry in _data["landscapes"].items()}
# (kind, sector slug) for providers the organisations' demo does not make.
WIDER_PROVIDERS = {
    name: (
        demo_data.choice(
            OrganisationKind, entry["kind"], where=f"{DATA_FILE} [wider_providers] {name!r}"
        ),
        entry["sector"],
    )
    for name, entry in _data["wider_providers"].items()
}
WIDER = [_wider(entry) for entry in _data["wider"]]


def _providers(municipality: Municipality) -> dict[str, str]:
    from fellesloft.organisations.demo import DEMO_MUNICIPALITIES

    name = municipality.name
    _school, volunteer, business = DEMO_MUNICIPALITIES[municipality.number]
    return {
        "oppvekst": f"{name} kommune – oppvekst",
        "helse": f"{name} kommune – helse og velferd",
        "barnevern": f"{name} kommune – barnevern",
        "kultur": f"{name} kommune – kultur og fritid",
        "nav": f"NAV {name}",
        "volunteer": volunteer,
        "business": business,
        "ot": "Trøndelag fylkeskommune – oppfølgingstjenesten",
        "bup": "St. Olavs hospital – BUP",
        "blakors": "Blå Kors Trøndelag",
    }


def _measure(key: str, municipality: Municipality, landscape: dict) -> Measure:
    template = TEMPLATES[key]
    provider = Organisation.objects.select_related("sector").get(
        name=_providers(municipality)[template.provider]
    )
    existing = Measure.objects.filter(provider=provider, name=template.name).first()
    if existing is not None:
        if key in REGIONAL:
            existing.municipalities.add(municipality)
        return existing
    themes = list(NeedTheme.objects.filter(slug__in=template.themes))
    ages = landscape["age_overrides"].get(key, template.ages)
    data = MeasureInput(
        name=template.name,
        provider=provider,
        municipalities=[municipality],
        description=template.description,
        age_from=ages[0],
        age_to=ages[1],
        need_themes=themes,
        access=template.access,
        contact_role=template.contact_role,
        opening_hours=template.opening_hours,
        youth_needs=list(template.youth_needs),
        access_note=template.access_note,
        capacity=template.capacity,
        location=template.location,
        website=template.website,
        is_active=key not in landscape["ended"],
    )
    place = [] if key in REGIONAL else [municipality]
    measure = Measure(slug=unique_measure_slug(template.name, municipalities=place))
    return write_measure(measure, data)


def _wider_measure(definition: dict) -> Measure:
    definition = dict(definition)
    provider_name = definition.pop("provider")
    provider = Organisation.objects.select_related("sector").filter(name=provider_name).first()
    if provider is None:
        kind, sector_slug = WIDER_PROVIDERS[provider_name]
        provider = organisation_create(
            name=provider_name, kind=kind, sector=Sector.objects.get(slug=sector_slug)
        )
    existing = Measure.objects.filter(provider=provider, name=definition["name"]).first()
    if existing is not None:
        return existing
    ages = definition.pop("ages")
    themes = list(NeedTheme.objects.filter(slug__in=definition.pop("themes")))
    data = MeasureInput(
        provider=provider,
        municipalities=[],
        age_from=ages[0],
        age_to=ages[1],
        need_themes=themes,
        **{**definition, "youth_needs": list(definition["youth_needs"])},
    )
    measure = Measure(slug=unique_measure_slug(definition["name"]))
    return write_measure(measure, data)


def load(*, stdout) -> None:
    for definition in WIDER:
        _wider_measure(definition)
    for number, landscape in LANDSCAPES.items():
        municipality = Municipality.objects.get(number=number)
        measures = {key: _measure(key, municipality, landscape) for key in landscape["measures"]}
        for first, second in landscape["links"]:
            measures[first].coordinated_with.add(measures[second])
    stdout.write(f"  Tiltak: {Measure.objects.count()}")
