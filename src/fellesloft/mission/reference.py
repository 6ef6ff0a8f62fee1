"""The reference lists from the domain doc, loaded by a data migration."""

# (slug, name, description)
NEED_THEMES = [
    ("relasjoner", "Betydningen av relasjoner", "Én trygg relasjon – et menneske, ikke et system."),
    (
        "selvfolelse-mestring",
        "Selvfølelse og mestring",
        "Å oppleve mestring og bli sett som et helt menneske.",
    ),
    ("moter-med-systemet", "Møter med systemet", "Hvordan de unge blir møtt av tjenestene."),
    ("psykisk-helse", "Psykisk helse", "Psykiske plager, også på grensen til det «normale»."),
    ("lavinntekt", "Lavinntekt", "Lav inntekt i familien som risiko."),
]

MAIN_CHALLENGES = [
    (
        "ukoordinerte-tiltak",
        "Mange ukoordinerte tiltak",
        "Tjenester er det nok av – men de henger ikke sammen.",
    ),
    (
        "tjenester-ikke-tilpasset",
        "Tjenestene er ikke tilpasset behovene",
        "Tett en-til-en-oppfølging, for eksempel IPS, virker.",
    ),
    (
        "ungdom-ikke-i-sentrum",
        "Ungdommene blir ikke satt i sentrum",
        "De unge har for lite å si i sin egen prosess.",
    ),
    ("samarbeid-pa-tvers", "Samarbeid på tvers fungerer ikke", "Siloer mellom sektorene."),
    (
        "samfunnets-potensial",
        "Vi utnytter ikke samfunnets potensial",
        "Frivillighet og næringsliv er lite brukt.",
    ),
]

INNOVATION_AREAS = [
    ("tidlig-innsats", "Tidlig innsats", ""),
    ("en-ny-skole", "En ny skole", ""),
    ("fra-ungdom-til-ung-voksen", "Fra ungdom til ung voksen", ""),
    ("frakoblingsprosessen", "Frakoblingsprosessen", ""),
    ("offentlig-sektor-for-var-tid", "En offentlig sektor for vår tid", ""),
]


def load_reference_lists(need_theme_model, main_challenge_model, innovation_area_model) -> None:
    for model, rows in (
        (need_theme_model, NEED_THEMES),
        (main_challenge_model, MAIN_CHALLENGES),
        (innovation_area_model, INNOVATION_AREAS),
    ):
        for order, (slug, name, description) in enumerate(rows, start=1):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order}
            )


# The terms' English names (a term added later gets its own in the form).
ENGLISH_NAMES = {
    "relasjoner": "The importance of relationships",
    "selvfolelse-mestring": "Self-esteem and coping",
    "moter-med-systemet": "Encounters with the system",
    "psykisk-helse": "Mental health",
    "lavinntekt": "Low income",
    "ukoordinerte-tiltak": "Many uncoordinated measures",
    "tjenester-ikke-tilpasset": "Services are not adapted to the needs",
    "ungdom-ikke-i-sentrum": "Young people are not put at the centre",
    "samarbeid-pa-tvers": "Cross-sector collaboration does not work",
    "samfunnets-potensial": "We do not use the potential of society",
    "tidlig-innsats": "Early intervention",
    "en-ny-skole": "A new school",
    "fra-ungdom-til-ung-voksen": "From youth to young adult",
    "frakoblingsprosessen": "The disconnection process",
    "offentlig-sektor-for-var-tid": "A public sector for our time",
}
