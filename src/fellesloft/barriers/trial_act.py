"""What the trial act allows: the rules a trial application (forsøkssøknad) is checked against.

Source: lov 26. juni 1992 nr. 87 om forsøk i offentlig forvaltning (forsøksloven), as
published on Lovdata/Rettsdata, and the Ministry of Local Government's pages on the trial
municipality scheme (regjeringen.no, «Forsøkskommune»: «Regelverk for forsøk» and
«Søknadsprosessen»), consulted when this was written:

- § 1: the purpose – functional and efficient ways to organise and run public
  administration, better services to citizens, the best use of resources.
- § 3: the King may approve trials that deviate from laws and regulations on how the state,
  counties and municipalities organise their work and solve their tasks, from the division of
  tasks between them, and from state control of municipalities. Approval is given «for en
  periode på inntil fire år»; the period «kan forlenges med inntil to år» (or until a reform
  on the same matter takes effect – not handled here).
- § 4: no trial may deviate from the basic rules of the Local Government Act (kommuneloven)
  on how municipalities and counties are organised, nor from the procedural rules of the
  Public Administration Act (forvaltningsloven).
- The scheme has two steps: a preliminary application (forhåndssøknad) to the ministry,
  assessed together with the ministries concerned; then the final application, adopted by the
  municipal council, which under the trial act also adopts a local regulation (forskrift) for
  the trial that the ministry approves.

The platform warns; it does not decide. Whether a provision is a «basic rule» is for the
ministry: a warning tells the drafter why the provision is likely to be refused.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAX_TRIAL_MONTHS = 48  # § 3: «inntil fire år»
MAX_EXTENSION_MONTHS = 24  # § 3: «kan forlenges med inntil to år»

# Ways a municipality writes the two acts § 4 protects: the short title (bokmål and nynorsk,
# definite or not), the abbreviation and the full title.
_KOMMUNELOVEN = re.compile(
    r"\bkommunelov(?:en|a)?\b|\bkoml\b|lov om kommuner og fylkeskommuner", re.IGNORECASE
)
_FORVALTNINGSLOVEN = re.compile(
    r"\bforvaltningslov(?:en|a)?\b|\bfvl\b|lov om behandlingsmåten i forvaltningssaker",
    re.IGNORECASE,
)

KOMMUNELOVEN_WARNING = _(
    "Forsøksloven § 4 tillater ikke forsøk som avviker fra kommunelovens grunnleggende regler "
    "om hvordan kommuner og fylkeskommuner er organisert. Avvik fra kommuneloven blir derfor "
    "trolig ikke godkjent. Vurder om målet kan nås med avvik fra særlovgivningen i stedet."
)
FORVALTNINGSLOVEN_WARNING = _(
    "Forsøksloven § 4 tillater ikke forsøk med avvik fra forvaltningslovens "
    "saksbehandlingsregler, som sikrer innbyggernes rettssikkerhet. Avvik fra "
    "forvaltningsloven blir derfor trolig ikke godkjent. Vurder om målet kan nås med avvik fra "
    "særlovgivningen i stedet."
)


@dataclass(frozen=True)
class ProvisionWarning:
    act: str  # "kommuneloven" or "forvaltningsloven"
    text: str


def provision_warnings(*texts: str) -> list[ProvisionWarning]:
    """The § 4 warnings for a provision named by `texts` (its law, its regulation)."""
    joined = " ".join(text or "" for text in texts)
    warnings = []
    if _KOMMUNELOVEN.search(joined):
        warnings.append(ProvisionWarning("kommuneloven", str(KOMMUNELOVEN_WARNING)))
    if _FORVALTNINGSLOVEN.search(joined):
        warnings.append(ProvisionWarning("forvaltningsloven", str(FORVALTNINGSLOVEN_WARNING)))
    return warnings
