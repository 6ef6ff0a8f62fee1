"""Region, period and status codes as SSB writes them, normalised (pure, no Django).

SSB's tables name regions in several ways: «K-5001» or «5001» for a municipality,
«F-50» or «50» for a county, «0» (sometimes «00» or «0000») for the whole country.
Fellesløft stores «5001», «50» and «0».
"""

import re

COUNTRY_CODE = "0"
COUNTRY = "country"
COUNTY = "county"
MUNICIPALITY = "municipality"

_REGION_PATTERN = re.compile(r"^(?:[KF]-)?(\d+)$")
_PERIOD_PATTERN = re.compile(r"^(\d{4})(?:[KMHUT]\d{1,2}|-\d{4})?$")


class CodeError(ValueError):
    """A code that cannot be understood; the message is Norwegian and shown as it is."""


def normalise_region_code(raw: object) -> tuple[str, str]:
    """«K-5001» → («5001», "municipality"); «F-50» → («50», "county"); «0» → («0», "country")."""
    text = str(raw).strip().upper()
    match = _REGION_PATTERN.match(text)
    if match is None:
        raise CodeError(f"ukjent regionkode «{raw}»")
    digits = match.group(1)
    if set(digits) == {"0"}:
        return COUNTRY_CODE, COUNTRY
    if len(digits) == 2:
        return digits, COUNTY
    if len(digits) == 4:
        return digits, MUNICIPALITY
    if len(digits) == 1:
        # Old single-digit county numbers are written with a leading zero.
        return f"0{digits}", COUNTY
    if len(digits) == 3:
        # «301» for Oslo municipality when a leading zero was lost in a spreadsheet.
        return f"0{digits}", MUNICIPALITY
    raise CodeError(f"ukjent regionkode «{raw}»")


def period_year(period: object) -> int:
    """The year a period code starts in: «2022» → 2022, «2022K3» → 2022, «2020-2022» → 2020."""
    text = str(period).strip().upper()
    match = _PERIOD_PATTERN.match(text)
    if match is None:
        raise CodeError(f"ukjent periode «{period}» (bruk for eksempel 2022, 2022K1 eller 2022M03)")
    return int(match.group(1))


def normalise_period(period: object) -> str:
    text = str(period).strip().upper()
    if _PERIOD_PATTERN.match(text) is None:
        period_year(period)  # raises with the period as it was written
    return text


# SSB's symbols for a figure that is not there, and the one that marks a preliminary figure.
MISSING_SYMBOLS = {".", "..", "...", ":"}
PRELIMINARY_SYMBOL = "*"


def interpret_status(value, status: object) -> tuple[object, str, bool]:
    """(value, status, is_preliminary) from a cell's value and SSB status symbol.

    A missing-figure symbol wins over a value; «*» marks a preliminary figure; any other
    symbol next to a value (for example «r», revised) is informative only and dropped.
    """
    if not status and value is not None:
        return value, "", False  # the common case, kept fast for 100 000-cell imports
    symbol = "" if status is None else str(status).strip()
    if symbol in MISSING_SYMBOLS:
        return None, symbol, False
    if symbol == PRELIMINARY_SYMBOL:
        if value is None:
            raise CodeError("«*» (foreløpig tall) uten verdi")
        return value, "", True
    if value is None:
        if symbol:
            raise CodeError(f"ukjent statussymbol «{symbol}» uten verdi")
        return None, "", False
    return value, "", False
