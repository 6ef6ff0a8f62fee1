"""The knowledge base named in the project report (§4 and §7.1): titles, publishers, links.

Loaded by migration 0003 so every installation has it; summaries are left for the network
to write.
"""

KNOWLEDGE_BASE = [
    {
        "slug": "neet-rapporten",
        "kind": "report",
        "title": "Unge som står utenfor arbeid, opplæring og utdanning (NEET). "
        "En analyse av unge i NEET-kategorien",
        "publisher": "NORCE Helse for KS / Partnerskap for radikal innovasjon",
        "year": 2021,
        "url": "https://arbeidoghelse.no/tema/ungt-utanforskap-kva-veit-vi/"
        "rapport-unge-som-star-utenfor-arbeid-opplaering-og-utdanning-neet/",
    },
    {
        "slug": "trobbel-i-grenseflatene",
        "kind": "report",
        "title": "Trøbbel i grenseflatene. Samordnet innsats for utsatte barn og unge",
        "publisher": "Fafo",
        "year": 2020,
        "url": "https://www.fafo.no/zoo-publikasjoner/fafo-rapporter/trobbel-i-grenseflatene",
    },
    {
        "slug": "hele-mennesker-delte-tjenester",
        "kind": "report",
        "title": "Hele mennesker – delte tjenester. Utenforskap blant unge i utsatte boområder",
        "publisher": "Fafo",
        "year": 2020,
        "url": "https://www.fafo.no/zoo-publikasjoner/fafo-rapporter/hele-mennesker-delte-tjenester",
    },
    {
        "slug": "0-24-samarbeidet",
        "kind": "programme",
        "title": "0–24-samarbeidet",
        "publisher": "Utdanningsdirektoratet, Bufdir, Helsedirektoratet, "
        "Arbeids- og velferdsdirektoratet m.fl.",
        "year": None,
        "url": "https://0-24-samarbeidet.no/",
    },
    {
        "slug": "barn-og-unge-forst",
        "kind": "report",
        "title": "Samfunnsoppdrag. Barn og unge først. Vårt felles ansvar",
        "publisher": "Norges forskningsråd (operativ gruppe)",
        "year": 2024,
        "url": "https://www.forskningsradet.no/nyheter/2024/tre-forslag-til-regjeringen-for-a-"
        "inkludere-flere-barn-og-unge-i-utdanning-arbeid-og-samfunnsliv/",
    },
    {
        "slug": "det-e-no-det-gjeld",
        "kind": "webinar",
        "title": "«Det e no det gjeld!» – webinarserien til Fellesløft Trøndelag",
        "publisher": "KS Trøndelag",
        "year": 2024,
        "url": "https://www.ks.no/regioner/ks-trondelag/fellesloft-trondelag--ungt-utenforskap/",
    },
]
