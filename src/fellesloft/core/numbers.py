"""The one way to write a number, a percentage or a measured value for people to read, in the
active language: «9 178», «9,5 %» in bokmål, «9,178», «9.5%» in English.

The separators are Django's formats for the language (CLDR's: a no-break space groups
thousands in bokmål, a comma in English); the percent sign follows CLDR's percent pattern,
`PERCENT_PATTERN` in `fellesloft/formats/<language>/formats.py` («#,##0 %» with a no-break
space in bokmål, «#,##0%» in English). Dates have their named formats in the same modules
(`|date:"SHORT_DATE_FORMAT"`, `django.utils.formats.date_format`). The API writes machine
numbers and ISO dates and does not use this module. Template filters: `core/templatetags/
numbers.py` (`number`, `percent`, `share`)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language

MISSING = "–"
DEFAULT_PERCENT_PATTERN = "{}\u00a0%"


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def format_number(value, decimals: int | None = None) -> str:
    """9178 → «9 178»; 9.5 with one decimal → «9,5»; decimals=None: as many as the value
    has (1.50 → «1,5», 2.0 → «2»). None or not a number → «–»."""
    number = _decimal(value)
    if number is None:
        return MISSING
    if decimals is None:
        number = number.normalize()
        places = max(-number.as_tuple().exponent, 0)
    else:
        places = max(int(decimals), 0)
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def language_format(name: str, fallback: str) -> str:
    """A format of the active language from `fellesloft/formats/<language>/formats.py` that
    Django does not know itself (the percent pattern, the XLSX date formats)."""
    for module in formats.get_format_modules(get_language() or "nb"):
        value = getattr(module, name, None)
        if value:
            return value
    return fallback


def percent_pattern() -> str:
    """«{}» and the percent sign as the active language writes them (for the charts' script)."""
    return language_format("PERCENT_PATTERN", DEFAULT_PERCENT_PATTERN)


def format_percent(points, decimals: int = 0) -> str:
    """Percentage points as a percentage: 9.5 with one decimal → «9,5 %» / «9.5%»."""
    if _decimal(points) is None:
        return MISSING
    return percent_pattern().format(format_number(points, decimals))


def format_share(share, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage: 0.734 → «73 %» / «73%»."""
    number = _decimal(share)
    return MISSING if number is None else format_percent(number * 100, decimals)


def format_measure(value, unit: str = "", decimals: int | None = None) -> str:
    """A value with its unit: «9,5 %» for the unit «%», «9 178 personer» for others."""
    if unit == "%":
        return format_percent(value, decimals or 0)
    text = format_number(value, decimals)
    return f"{text}\u00a0{unit}" if unit and text != MISSING else text
