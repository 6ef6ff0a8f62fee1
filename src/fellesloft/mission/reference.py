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
