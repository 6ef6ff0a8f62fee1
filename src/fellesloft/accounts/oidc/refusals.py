"""Every way an OpenID Connect login can end without logging in, said in plain Norwegian:
what happened and what to do. One page (`accounts/oidc_refused.html`) shows them all."""

import enum
import logging
from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Text:
    heading: str
    message: str
    advice: str
    status: int


class Refusal(enum.Enum):
    STATE = _Text(
        _("Innloggingen kunne ikke bekreftes"),
        _(
            "Svaret fra %(provider)s hører ikke til en innlogging som ble startet her i denne "
            "nettleseren, eller innloggingen tok mer enn ti minutter."
        ),
        _("Start innloggingen på nytt fra innloggingssiden."),
        400,
    )
    CODE = _Text(
        _("Innloggingen kunne ikke fullføres"),
        _(
            "%(provider)s godtok ikke svaret vi sendte tilbake. Det skjer når en "
            "innloggingslenke brukes to ganger, eller når den er for gammel."
        ),
        _("Start innloggingen på nytt fra innloggingssiden."),
        400,
    )
    PROVIDER_ERROR = _Text(
        _("Innloggingen ble stoppet hos %(provider)s"),
        _("%(provider)s svarte med en feil (%(error)s), så du er ikke logget inn."),
        _(
            "Start innloggingen på nytt. Skjer det igjen, kontakt brukerstøtten hos "
            "%(provider)s eller den som administrerer brukere hos dere."
        ),
        400,
    )
    CANCELLED = _Text(
        _("Innloggingen ble avbrutt"),
        _("Du avbrøt innloggingen hos %(provider)s, så du er ikke logget inn."),
        _("Du kan starte innloggingen på nytt når du vil."),
        400,
    )
    UNAVAILABLE = _Text(
        _("%(provider)s svarer ikke"),
        _("Vi får ikke kontakt med %(provider)s akkurat nå, så innloggingen kan ikke gjøres."),
        _("Prøv igjen om litt, eller logg inn med e-post og passord hvis du har det."),
        503,
    )
    INVALID = _Text(
        _("Innloggingen kunne ikke bekreftes"),
        _(
            "Svaret fra %(provider)s kunne ikke kontrolleres (identitetsbeviset var ugyldig, "
            "for gammelt eller hørte til en annen innlogging)."
        ),
        _("Start innloggingen på nytt fra innloggingssiden."),
        400,
    )
    NO_EMAIL = _Text(
        _("Ingen e-postadresse fra %(provider)s"),
        _(
            "%(provider)s oppga ingen e-postadresse, og uten den finner vi ikke kontoen din i "
            "Fellesløft."
        ),
        _(
            "Kontakt den som administrerer brukere hos dere, og be om at e-postadressen din "
            "blir registrert hos %(provider)s."
        ),
        403,
    )
    UNVERIFIED = _Text(
        _("E-postadressen er ikke bekreftet"),
        _(
            "%(provider)s har ikke bekreftet at e-postadressen %(email)s er din, så vi kan ikke "
            "logge deg inn med den."
        ),
        _(
            "Bekreft e-postadressen hos %(provider)s og prøv igjen, eller logg inn med e-post "
            "og passord."
        ),
        403,
    )
    NO_ACCOUNT = _Text(
        _("Ingen konto for %(email)s"),
        _(
            "Du er logget inn hos %(provider)s, men det finnes ingen konto i Fellesløft med "
            "e-postadressen %(email)s."
        ),
        _(
            "Be koordinatoren i organisasjonen din om en invitasjon til Fellesløft, og logg inn "
            "på nytt når du har fått den."
        ),
        403,
    )
    INACTIVE = _Text(
        _("Kontoen er deaktivert"),
        _("Kontoen for %(email)s i Fellesløft er deaktivert."),
        _("Kontakt koordinatoren i organisasjonen din hvis du skal ha tilgang igjen."),
        403,
    )


def refusal_response(request, refusal: Refusal, *, provider_name: str, email: str = "", error=""):
    text = refusal.value
    values = {"provider": provider_name, "email": email, "error": error or "?"}
    logger.info("OpenID Connect login refused: %s (%s)", refusal.name, provider_name)
    return render(
        request,
        "accounts/oidc_refused.html",
        {
            "refusal": refusal.name.lower(),
            "heading": str(text.heading) % values,
            "message": str(text.message) % values,
            "advice": str(text.advice) % values,
        },
        status=text.status,
    )
