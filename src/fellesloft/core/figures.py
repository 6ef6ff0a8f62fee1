"""The published figures the front page shows, each with its source (domain doc)."""

from django.utils.translation import gettext_lazy as _

PROBLEM_FIGURES = [
    {
        "value": "9,5 %",
        "text": _("av unge 15–29 år i Trøndelag var utenfor arbeid, utdanning og opplæring i 2022"),
        "detail": _("9 178 personer. Foreløpig registertall."),
        "source": _("SSB via trondelagitall.no"),
        "preliminary": True,
    },
    {
        "value": "ca. 20 %",
        "text": _("i Trøndelag fullfører ikke videregående skole"),
        "detail": _("Nasjonalt: 23 % i 2022."),
        "source": _("Partnerskap for radikal innovasjon (PRI)"),
        "preliminary": False,
    },
    {
        "value": "1,7 %",
        "text": _("av unge under 30 år mottok uføretrygd i 2016, mot 0,8 % i 1992"),
        "detail": _("Tallet på unge uføre er doblet på ti år."),
        "source": _("Presentasjonen «Ungt utenforskap – et løft og en satsing for hele Trøndelag»"),
        "preliminary": False,
    },
    {
        "value": "73 mrd. kr",
        "text": _("er den årlige samfunnskostnaden av utenforskap"),
        "detail": _("Anslag."),
        "source": _("Presentasjonen «Ungt utenforskap – et løft og en satsing for hele Trøndelag»"),
        "preliminary": False,
    },
]

VISION = _(
    "Alle unge har fremtidstro, opplever tilhørighet og bidrar med sine ressurser i samfunnet"
)
