"""The starting lists of barrier categories and escalation recipients (a data migration loads
them; the mission lead edits the categories afterwards)."""

# (slug, name, description) – local conditions first, then national ones (seed 000).
CATEGORIES = [
    ("planer-og-strategier", "Planer og strategier", "Lokale planer og strategier som styrer."),
    ("organisasjonskultur", "Organisasjonskultur", "Vaner, holdninger og måter å jobbe på."),
    (
        "ressurser-og-prioriteringer",
        "Ressurser og prioriteringer",
        "Tid, folk og penger lokalt.",
    ),
    ("lov-og-regelverk", "Lov- og regelverk", "Lover, forskrifter og rundskriv."),
    (
        "finansieringsordninger",
        "Finansieringsordninger og nasjonal økonomi",
        "Tilskudd og budsjetter som er bundet til én sektor.",
    ),
    ("politiske-prioriteringer", "Politiske prioriteringer", "Nasjonale politiske valg."),
    (
        "taushetsplikt-og-informasjonsdeling",
        "Taushetsplikt og informasjonsdeling",
        "Hva tjenestene kan dele med hverandre, og når.",
    ),
    ("ikt-systemer-og-data", "IKT-systemer og data", "Fagsystemer som ikke snakker sammen."),
]

# The categories whose barriers are rules (law, regulation, duty of confidentiality): a trial
# under forsøksloven may get round them (barriers.rules.concerns_rule).
RULE_CATEGORY_SLUGS = ("lov-og-regelverk", "taushetsplikt-og-informasjonsdeling")

# (slug, name, kind)
RECIPIENTS = [
    ("pri", "Partnerskap for radikal innovasjon (PRI)", "partnership"),
    ("ks", "KS", "partnership"),
    ("aid", "Arbeids- og inkluderingsdepartementet", "ministry"),
    ("kd", "Kunnskapsdepartementet", "ministry"),
    ("hod", "Helse- og omsorgsdepartementet", "ministry"),
    ("bfd", "Barne- og familiedepartementet", "ministry"),
    ("kdd", "Kommunal- og distriktsdepartementet", "ministry"),
    ("fin", "Finansdepartementet", "ministry"),
    ("arbeids-og-velferdsdirektoratet", "Arbeids- og velferdsdirektoratet", "directorate"),
    ("udir", "Utdanningsdirektoratet", "directorate"),
    ("helsedirektoratet", "Helsedirektoratet", "directorate"),
    ("bufdir", "Barne-, ungdoms- og familiedirektoratet (Bufdir)", "directorate"),
    ("digdir", "Digitaliseringsdirektoratet", "directorate"),
    ("statsforvalteren-trondelag", "Statsforvalteren i Trøndelag", "state_administrator"),
    # The regional level: the county and NAV's county office (with Statsforvalteren above).
    ("trondelag-fylkeskommune", "Trøndelag fylkeskommune", "regional"),
    ("nav-trondelag", "NAV Trøndelag", "regional"),
]

# The recipients at the regional level (migration 0006 adds them where they are missing).
REGIONAL_RECIPIENT_SLUGS = (
    "trondelag-fylkeskommune",
    "nav-trondelag",
    "statsforvalteren-trondelag",
)


def load_reference_lists(category_model, recipient_model) -> None:
    for order, (slug, name, description) in enumerate(CATEGORIES, start=1):
        category_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    for slug, name, kind in RECIPIENTS:
        recipient_model.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})


# The categories' English names (a category added later gets its own in the form).
CATEGORY_ENGLISH_NAMES = {
    "planer-og-strategier": "Plans and strategies",
    "organisasjonskultur": "Organisational culture",
    "ressurser-og-prioriteringer": "Resources and priorities",
    "lov-og-regelverk": "Laws and regulations",
    "finansieringsordninger": "Funding schemes and national economy",
    "politiske-prioriteringer": "Political priorities",
    "taushetsplikt-og-informasjonsdeling": "Confidentiality and information sharing",
    "ikt-systemer-og-data": "IT systems and data",
}
