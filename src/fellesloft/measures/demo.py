"""Demo measures for the five demo municipalities, safe to run again.

The landscapes differ on purpose: Trondheim is broad and well coordinated, Frøya is small
with gaps for young adults, Steinkjer's mental-health offer is fragmented, and Orkland's
low-income measures work side by side without links.
"""

from dataclasses import dataclass

from fellesloft.measures.models import Access, Measure, Reach
from fellesloft.measures.services import MeasureInput, unique_measure_slug, write_measure
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation, OrganisationKind, Sector
from fellesloft.organisations.services import organisation_create


@dataclass(frozen=True)
class Template:
    name: str
    provider: str  # a key of _providers()
    description: str
    ages: tuple[int, int]
    themes: tuple[str, ...]
    access: str
    contact_role: str
    opening_hours: str
    youth_needs: tuple[str, ...] = ()
    access_note: str = ""
    capacity: int | None = None
    location: str = ""
    website: str = ""


TEMPLATES = {
    "helsestasjon": Template(
        "Helsestasjon for ungdom",
        "helse",
        "Et gratis sted å snakke om kropp, følelser, sex, rus eller det som er vanskelig. "
        "Du trenger ikke time og kan komme alene.",
        (13, 23),
        ("psykisk-helse", "relasjoner"),
        Access.DROP_IN,
        "Helsesykepleier eller lege",
        "Tirsdag og torsdag 15–19",
        location="Helsehuset, 2. etasje",
    ),
    "skolehelse": Template(
        "Skolehelsetjenesten på videregående",
        "helse",
        "Helsesykepleier på skolen som du kan snakke med om stress, søvn, mat og det som "
        "gjør det tungt å gå på skolen.",
        (15, 21),
        ("psykisk-helse", "selvfolelse-mestring"),
        Access.DROP_IN,
        "Helsesykepleier på skolen",
        "Skoledager 8.30–15",
        youth_needs=("helse", "snakke", "skole"),
        location="Helsesykepleiers kontor på skolen",
    ),
    "los": Template(
        "Ungdomslos",
        "oppvekst",
        "En voksen som følger deg tett når skolen butter, hjelper deg å finne veien videre "
        "og går sammen med deg i møter med hjelpeapparatet.",
        (13, 20),
        ("relasjoner", "selvfolelse-mestring", "moter-med-systemet"),
        Access.SELF_REFERRAL,
        "Ungdomslos",
        "Hverdager 9–16, ettermiddag etter avtale",
        youth_needs=("snakke", "skole"),
        capacity=30,
        location="Ungdomshuset i sentrum",
    ),
    "ot": Template(
        "Oppfølgingstjenesten (OT)",
        "ot",
        "For deg mellom 15 og 24 som har rett til videregående, men ikke går på skole eller "
        "er i jobb. Vi finner sammen ut hva som kan være neste steg.",
        (15, 24),
        ("moter-med-systemet", "selvfolelse-mestring"),
        Access.SELF_REFERRAL,
        "Rådgiver i oppfølgingstjenesten",
        "Hverdager 8–15.30",
        youth_needs=("skole", "jobb", "snakke"),
        location="Den videregående skolen der du bor",
    ),
    "nav_ung": Template(
        "Ungdomsteamet i NAV",
        "nav",
        "Hjelp til å komme i jobb, utdanning eller praksis, og til å ordne økonomien mens du "
        "venter. Du får én fast veileder.",
        (16, 29),
        ("lavinntekt", "moter-med-systemet"),
        Access.SELF_REFERRAL,
        "Ungdomsveileder",
        "Hverdager 9–15, drop-in onsdag 12–15",
        youth_needs=("jobb", "penger"),
        location="NAV-kontoret i kommunen",
        website="https://www.nav.no",
    ),
    "ips": Template(
        "IPS ung – jobbstøtte",
        "nav",
        "Du får en jobbspesialist som hjelper deg rett ut i vanlig jobb eller skole, også "
        "mens du får hjelp for psykiske plager eller rus.",
        (18, 29),
        ("psykisk-helse", "selvfolelse-mestring"),
        Access.REFERRAL,
        "Jobbspesialist",
        "Hverdager 8–16",
        youth_needs=("jobb", "helse"),
        access_note="Henvisning fra NAV-veileder eller psykisk helsetjeneste",
        capacity=20,
        location="NAV-kontoret i kommunen",
        website="https://www.nav.no",
    ),
    "rask": Template(
        "Rask psykisk helsehjelp",
        "helse",
        "Samtaler for deg som er nedfor, bekymret eller sover dårlig. Gratis, og du trenger "
        "ikke henvisning.",
        (16, 99),
        ("psykisk-helse",),
        Access.SELF_REFERRAL,
        "Terapeut i Rask psykisk helsehjelp",
        "Hverdager 8–15.30",
        youth_needs=("helse", "snakke"),
        location="Helsehuset",
    ),
    "bup": Template(
        "BUP poliklinikk",
        "bup",
        "Barne- og ungdomspsykiatrisk poliklinikk gir utredning og behandling når plagene er "
        "store eller varer lenge.",
        (0, 17),
        ("psykisk-helse",),
        Access.REFERRAL,
        "Inntaksteamet",
        "Hverdager 8–15",
        youth_needs=("helse",),
        access_note="Henvisning fra fastlege eller barnevernet",
        location="St. Olavs hospital",
    ),
    "klubb": Template(
        "Fritidsklubben",
        "kultur",
        "Et sted å være med andre unge – spill, musikk, mat og voksne som har tid til å prate.",
        (13, 18),
        ("relasjoner", "selvfolelse-mestring"),
        Access.DROP_IN,
        "Miljøarbeider",
        "Mandag, onsdag og fredag 18–22",
        youth_needs=("snakke",),
        location="Ungdomshuset",
    ),
    "fritid_for_alle": Template(
        "Fritid for alle",
        "volunteer",
        "Gratis aktiviteter, utstyr og turer, så ikke penger skal stoppe deg fra å være med.",
        (13, 25),
        ("lavinntekt", "relasjoner"),
        Access.SELF_REFERRAL,
        "Frivillig koordinator",
        "Torsdager 17–20",
        youth_needs=("penger", "snakke"),
        location="Frivilligsentralen",
    ),
    "leksehjelp": Template(
        "Leksehjelp",
        "volunteer",
        "Frivillige hjelper deg med lekser og eksamenslesing. Gratis, og det er vafler.",
        (13, 25),
        ("selvfolelse-mestring",),
        Access.DROP_IN,
        "Frivillige leksehjelpere",
        "Mandag og onsdag 17–19",
        youth_needs=("skole",),
        location="Biblioteket",
    ),
    "okonomi": Template(
        "Økonomi- og gjeldsrådgivning",
        "nav",
        "Hjelp til å lage budsjett, få oversikt over regninger og gjøre avtaler om gjeld.",
        (18, 99),
        ("lavinntekt",),
        Access.SELF_REFERRAL,
        "Økonomirådgiver",
        "Hverdager 9–15",
        location="NAV-kontoret i kommunen",
        website="https://www.nav.no",
    ),
    "bolig": Template(
        "Boligkontakt for unge",
        "helse",
        "Hjelp til å finne og beholde et sted å bo, søke bostøtte eller startlån.",
        (18, 29),
        ("lavinntekt", "moter-med-systemet"),
        Access.SELF_REFERRAL,
        "Boligkonsulent",
        "Hverdager 9–15",
        youth_needs=("bolig", "penger"),
        location="Servicetorget på rådhuset",
    ),
    "ettervern": Template(
        "Ettervern i barnevernet",
        "barnevern",
        "Har du hatt hjelp fra barnevernet, kan du få støtte til bolig, økonomi og en fast "
        "voksen fram til du fyller 25.",
        (18, 25),
        ("relasjoner", "moter-med-systemet"),
        Access.DECISION,
        "Kontaktperson i barnevernet",
        "Etter avtale, hverdager",
        youth_needs=("bolig", "snakke", "penger"),
        access_note="For deg som har hatt tiltak fra barnevernet",
        location="Barnevernstjenesten på rådhuset",
    ),
    "sommerjobb": Template(
        "Sommerjobb for ungdom",
        "business",
        "Fire ukers betalt sommerjobb med en fast voksen på arbeidsplassen.",
        (15, 18),
        ("selvfolelse-mestring", "lavinntekt"),
        Access.SELF_REFERRAL,
        "Personalavdelingen",
        "Søknadsfrist 1. april",
        youth_needs=("jobb", "penger"),
        capacity=40,
        location="Servicetorget på rådhuset",
    ),
    "kvp": Template(
        "Kvalifiseringsprogrammet (KVP)",
        "nav",
        "Et helårs program med arbeidstrening, kurs og fast stønad for deg som står langt "
        "fra arbeidslivet.",
        (18, 67),
        ("lavinntekt", "moter-med-systemet"),
        Access.DECISION,
        "NAV-veileder",
        "Hverdager 9–15",
        youth_needs=("jobb", "penger"),
        location="NAV-kontoret i kommunen",
        website="https://www.nav.no",
    ),
    "blakors": Template(
        "Blå Kors Ung – samtaletilbud",
        "blakors",
        "Gratis samtaler for unge som er bekymret for egen eller andres rus, eller har det "
        "vanskelig hjemme.",
        (15, 25),
        ("psykisk-helse", "relasjoner"),
        Access.SELF_REFERRAL,
        "Samtaleterapeut",
        "Hverdager 10–18",
        youth_needs=("snakke", "helse"),
        location="Blå Kors i Trondheim",
        website="https://www.blakors.no",
    ),
    "mentor": Template(
        "Mentor – en voksen på lag",
        "volunteer",
        "En frivillig mentor du møter jevnlig, som heier på deg og hjelper deg å nå egne mål.",
        (15, 24),
        ("relasjoner", "selvfolelse-mestring"),
        Access.SELF_REFERRAL,
        "Frivillig koordinator",
        "Etter avtale",
        youth_needs=("snakke", "jobb"),
        location="Frivilligsentralen",
    ),
    "ungdomsloftet": Template(
        "Prosjekt Ungdomsløftet",
        "oppvekst",
        "Et treårig prosjekt med aktivitetstilbud i skoleferiene. Avsluttet.",
        (13, 17),
        ("selvfolelse-mestring",),
        Access.DROP_IN,
        "Prosjektleder",
        "Skoleferier",
        location="Ungdomshuset i sentrum",
    ),
}

# Regional measures, one object offered in several municipalities.
REGIONAL = {"ot", "bup", "blakors"}

LANDSCAPES: dict[str, dict] = {
    "5001": {
        "measures": [
            "helsestasjon",
            "skolehelse",
            "los",
            "ot",
            "nav_ung",
            "ips",
            "rask",
            "bup",
            "klubb",
            "fritid_for_alle",
            "leksehjelp",
            "okonomi",
            "bolig",
            "ettervern",
            "sommerjobb",
            "kvp",
            "blakors",
            "mentor",
        ],
        "links": [
            ("helsestasjon", "rask"),
            ("rask", "bup"),
            ("helsestasjon", "skolehelse"),
            ("skolehelse", "los"),
            ("los", "ot"),
            ("ips", "rask"),
            ("ips", "nav_ung"),
            ("nav_ung", "okonomi"),
            ("nav_ung", "bolig"),
            ("bolig", "ettervern"),
            ("klubb", "fritid_for_alle"),
            ("klubb", "los"),
            ("blakors", "rask"),
            ("mentor", "nav_ung"),
            ("leksehjelp", "los"),
            ("sommerjobb", "nav_ung"),
            ("kvp", "nav_ung"),
        ],
    },
    "5014": {
        "measures": ["helsestasjon", "los", "ot", "nav_ung", "bup", "klubb", "fritid_for_alle"],
        "links": [("los", "ot"), ("nav_ung", "ot")],
        "age_overrides": {"helsestasjon": (13, 20)},
    },
    "5006": {
        "measures": [
            "helsestasjon",
            "los",
            "ot",
            "nav_ung",
            "ips",
            "bup",
            "klubb",
            "bolig",
            "ettervern",
            "blakors",
        ],
        "links": [("los", "ot"), ("nav_ung", "bolig"), ("klubb", "los")],
    },
    "5037": {
        "measures": [
            "helsestasjon",
            "skolehelse",
            "los",
            "ot",
            "nav_ung",
            "rask",
            "bup",
            "klubb",
            "leksehjelp",
            "bolig",
            "sommerjobb",
            "mentor",
        ],
        "links": [
            ("helsestasjon", "rask"),
            ("skolehelse", "helsestasjon"),
            ("los", "ot"),
            ("nav_ung", "bolig"),
            ("mentor", "nav_ung"),
            ("rask", "bup"),
        ],
    },
    "5059": {
        "measures": [
            "helsestasjon",
            "los",
            "ot",
            "nav_ung",
            "bup",
            "klubb",
            "fritid_for_alle",
            "bolig",
            "sommerjobb",
            "ungdomsloftet",
        ],
        "links": [("los", "ot"), ("helsestasjon", "bup")],
        "ended": {"ungdomsloftet"},
    },
}


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
    ages = landscape.get("age_overrides", {}).get(key, template.ages)
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
        is_active=key not in landscape.get("ended", set()),
    )
    place = [] if key in REGIONAL else [municipality]
    measure = Measure(slug=unique_measure_slug(template.name, municipalities=place))
    return write_measure(measure, data)


# Services for the whole county and the whole country: what «Hva kan hjelpe meg?» offers where
# a municipality has nothing for a need. Real services, with their own public contact points.
# (provider, kind, sector) for providers the organisations' demo does not make.
WIDER_PROVIDERS = {
    "Røde Kors": (OrganisationKind.VOLUNTEER, "frivillighet"),
    "Barne-, ungdoms- og familiedirektoratet (Bufdir)": (OrganisationKind.STATE, "stat"),
    "Arbeids- og velferdsetaten (NAV)": (OrganisationKind.NAV, "nav"),
    "Husbanken": (OrganisationKind.STATE, "stat"),
}
WIDER = [
    {
        "reach": Reach.NATIONAL,
        "name": "Kors på halsen",
        "provider": "Røde Kors",
        "description": "Snakk med en voksen på telefon eller chat om hva som helst. Du er anonym.",
        "ages": (0, 18),
        "themes": ("relasjoner", "psykisk-helse"),
        "access": Access.DROP_IN,
        "contact_role": "Frivillig samtalepartner",
        "opening_hours": "Hverdager 14–22",
        "youth_needs": ("snakke",),
        "contact_phone": "800 33 321",
        "website": "https://korspahalsen.rodekors.no",
    },
    {
        "reach": Reach.NATIONAL,
        "name": "Spør anonymt på ung.no",
        "provider": "Barne-, ungdoms- og familiedirektoratet (Bufdir)",
        "description": "Still et spørsmål om skole, jobb, penger, bolig, helse eller følelser, "
        "og få svar fra en fagperson. Du trenger ikke si hvem du er.",
        "ages": (13, 20),
        "themes": ("relasjoner", "psykisk-helse", "selvfolelse-mestring"),
        "access": Access.SELF_REFERRAL,
        "contact_role": "Fagpersonene bak ung.no",
        "opening_hours": "Send spørsmål når som helst",
        "youth_needs": ("snakke", "skole", "jobb", "penger", "bolig", "helse"),
        "website": "https://www.ung.no/oss",
    },
    {
        "reach": Reach.NATIONAL,
        "name": "Økonomirådstelefonen",
        "provider": "Arbeids- og velferdsetaten (NAV)",
        "description": "Gratis råd på telefon når pengene ikke strekker til, eller du har gjeld du "
        "ikke klarer å betale.",
        "ages": (16, 99),
        "themes": ("lavinntekt",),
        "access": Access.SELF_REFERRAL,
        "contact_role": "Økonomirådgiver",
        "opening_hours": "Hverdager 9–15",
        "youth_needs": ("penger",),
        "contact_phone": "55 55 33 39",
        "website": "https://www.nav.no",
    },
    {
        "reach": Reach.NATIONAL,
        "name": "Bostøtte og startlån",
        "provider": "Husbanken",
        "description": "Husbanken kan hjelpe deg å betale husleie (bostøtte) eller kjøpe bolig "
        "(startlån) når du har lite penger.",
        "ages": (18, 99),
        "themes": ("lavinntekt",),
        "access": Access.DECISION,
        "contact_role": "Husbankens veiledning",
        "opening_hours": "Hverdager 9–15",
        "youth_needs": ("bolig", "penger"),
        "website": "https://www.husbanken.no",
    },
    {
        "reach": Reach.REGIONAL,
        "name": "Oppfølgingstjenesten – for deg som har sluttet på skolen",
        "provider": "Trøndelag fylkeskommune – oppfølgingstjenesten",
        "description": "Har du sluttet på videregående, eller fikk du ikke plass? "
        "Oppfølgingstjenesten "
        "hjelper deg tilbake til skole, læreplass eller jobb, uansett hvor i fylket du bor.",
        "ages": (15, 21),
        "themes": ("moter-med-systemet", "selvfolelse-mestring"),
        "access": Access.SELF_REFERRAL,
        "contact_role": "Rådgiver i oppfølgingstjenesten",
        "opening_hours": "Hverdager 8–15.30",
        "youth_needs": ("skole", "jobb"),
        "website": "https://www.trondelagfylke.no",
    },
]


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
