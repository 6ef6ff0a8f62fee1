"""Screening of free text from the public for personal data.

Finds national identity numbers and D-numbers (checked with their mod-11 digits by
python-stdnum) – and any other eleven-digit number, and any mention of «fødselsnummer» or
«personnummer» –, Norwegian phone numbers (phonenumbers, and digits spelt out as words) and
e-mail addresses, also in the forms people use to get past a filter: digits one by one or with
dots and dashes between them, a zero-width space inside a number, full-width characters
(Unicode NFKC), «ola (at) skolen.no», «ola krøllalfa skolen punktum no». A hit does not reject
the text: the caller holds it for a moderator, who sees what was found and why.

The findings' positions are positions in the text as written.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.utils.translation import gettext_lazy as _
from stdnum.no import fodselsnummer

from fellesloft.core.text import is_unwanted

KIND_LABELS = {
    "identity_number": _("fødselsnummer eller D-nummer"),
    "identity_number_like": _("tall med 11 sifre som kan være et fødselsnummer"),
    "identity_number_mention": _("omtale av fødselsnummer eller personnummer"),
    "phone_number": _("telefonnummer"),
    "email": _("e-postadresse"),
}

# --- e-mail addresses --------------------------------------------------------------------------

_BRACKETS = r"[\(\[\{<]\s*WORDS\s*[\)\]\}>]"
_AT_WORDS = r"(?:at|@|krøllalfa|krollalfa|alfakrøll)"
# «@», «(at)», «[at]», «krøllalfa»: written on purpose for an address – and « at », which is
# also the Norwegian word «at», so the address after it must end in a known top-level domain.
_STRONG_AT = (
    r"(?:\s*@\s*|\s*"
    + _BRACKETS.replace("WORDS", _AT_WORDS)
    + r"\s*|\s+(?:krøllalfa|krollalfa|alfakrøll)\s+)"
)
_WEAK_AT = r"\s+at\s+"
_DOT_WORDS = r"(?:dot|punktum|prikk)"
_SPELT_DOT = (
    r"(?:\s*\.\s*|\s*" + _BRACKETS.replace("WORDS", _DOT_WORDS) + r"\s*|\s+" + _DOT_WORDS + r"\s+)"
)
_TLDS = r"(?:no|com|net|org|se|dk|fi|is|de|uk|eu|io|info|edu|gov|me|co|biz|online|nu)"
_LABEL = r"[^\W_][\w-]*"
_LOCAL = r"(?<![\w.+-])[\w+-]+(?:\.[\w+-]+)*"
# Within the domain a plain dot joins any label; a spelt-out or spaced dot only the last one.
_DOMAIN = rf"{_LABEL}(?:\.{_LABEL})*(?:\.{_LABEL}|{_SPELT_DOT}{_TLDS}\b)"
_STRICT_DOMAIN = rf"{_LABEL}(?:\.{_LABEL})*(?:\.|{_SPELT_DOT}){_TLDS}\b"
_PROVIDERS = r"(?:gmail|hotmail|outlook|yahoo|icloud|live|online)\b"
EMAIL_PATTERN = re.compile(
    rf"{_LOCAL}(?:{_STRONG_AT}(?:{_DOMAIN}|{_PROVIDERS})|{_WEAK_AT}{_STRICT_DOMAIN})",
    re.IGNORECASE,
)

# --- identity numbers named -------------------------------------------------------------------

IDENTITY_WORD_PATTERN = re.compile(
    r"\b(?:f(?:ø|o|oe)dsels?n(?:umm?er|umre|r)\w*|person(?:numm?er|numre|nr)\w*|f\.?nr|d-numm?er\w*)\b",
    re.IGNORECASE,
)

# --- numbers, also written digit by digit or in words ------------------------------------------

DIGIT_WORDS = {
    "null": "0",
    "en": "1",
    "én": "1",
    "ett": "1",
    "to": "2",
    "tre": "3",
    "fire": "4",
    "fem": "5",
    "seks": "6",
    "sju": "7",
    "syv": "7",
    "åtte": "8",
    "ni": "9",
}
NUMBER_TOKEN = re.compile(r"\d+|(?<!\w)(?:" + "|".join(DIGIT_WORDS) + r")(?!\w)", re.IGNORECASE)
# What may stand between the digits of one number: spaces, dots, dashes, slashes, brackets.
NUMBER_GAP = re.compile(r"[^\S\n\r]*(?:[.\-–—/_()+][^\S\n\r]*){0,2}")
WORD_GAP = re.compile(r"[^\S\n\r]*,?[^\S\n\r]*")
DATE_SEPARATORS = frozenset("./-")


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of KIND_LABELS
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class _NumberRun:
    start: int
    end: int
    groups: list[str]  # the digits of each token
    gaps: list[str]  # what stood between the tokens
    has_words: bool

    @property
    def digits(self) -> str:
        return "".join(self.groups)


def normalised_for_screening(text: str) -> tuple[str, list[int]]:
    """`text` in Unicode NFKC, every digit as 0–9, without invisible characters, and for each
    character of the result the position in `text` it came from."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if is_unwanted(char) or unicodedata.category(char) == "Me" or "\ufe00" <= char <= "\ufe0f":
            continue
        digit = unicodedata.decimal(char, None)
        folded = str(digit) if digit is not None else unicodedata.normalize("NFKC", char)
        chars.append(folded)
        positions.extend([index] * len(folded))
    return "".join(chars), positions


def find_personal_data(text: str) -> list[Finding]:
    normal, positions = normalised_for_screening(text)
    spans: list[tuple[str, int, int]] = []
    for match in EMAIL_PATTERN.finditer(normal):
        spans.append(("email", match.start(), match.end()))
    for match in IDENTITY_WORD_PATTERN.finditer(normal):
        spans.append(("identity_number_mention", match.start(), match.end()))
    for run in _number_runs(normal):
        kind = _number_kind(run)
        if kind:
            spans.append((kind, run.start, run.end))
    for match in phonenumbers.PhoneNumberMatcher(
        normal, "NO", leniency=phonenumbers.Leniency.VALID
    ):
        groups = re.findall(r"\d+", match.raw_string)
        gaps = re.split(r"\d+", match.raw_string)[1:-1]
        if not _ordinary_number(groups, gaps):
            spans.append(("phone_number", match.start, match.end))
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, start, end in sorted(spans, key=lambda span: (span[1], -span[2])):
        if not any(start < other_end and other_start < end for other_start, other_end in taken):
            taken.append((start, end))
            findings.append(Finding(kind, positions[start], positions[end - 1] + 1))
    return findings


def _number_runs(normal: str) -> list[_NumberRun]:
    """Maximal runs of digit groups and digit words that may be one number."""
    runs: list[_NumberRun] = []
    current: _NumberRun | None = None
    last_was_word = False
    for token in NUMBER_TOKEN.finditer(normal):
        word = DIGIT_WORDS.get(token.group().lower())
        if current is not None:
            gap = normal[current.end : token.start()]
            # A comma joins only where a word is: «fire, fem, seks», never «3, 4, 5».
            if NUMBER_GAP.fullmatch(gap) or ((word or last_was_word) and WORD_GAP.fullmatch(gap)):
                current.groups.append(word or token.group())
                current.gaps.append(gap)
                current.end = token.end()
                current.has_words = current.has_words or bool(word)
                last_was_word = bool(word)
                continue
            runs.append(current)
        current = _NumberRun(token.start(), token.end(), [word or token.group()], [], bool(word))
        last_was_word = bool(word)
    if current is not None:
        runs.append(current)
    return runs


def _number_kind(run: _NumberRun) -> str | None:
    digits = run.digits
    if len(digits) == 11:
        return "identity_number" if fodselsnummer.is_valid(digits) else "identity_number_like"
    national = _national_phone_digits(digits)
    if national is None:
        return None
    if run.has_words:
        return "phone_number" if len(run.groups) > 1 else None
    if _ordinary_number(run.groups, run.gaps):
        return None
    number = phonenumbers.parse(national, "NO")
    return "phone_number" if phonenumbers.is_valid_number(number) else None


def _national_phone_digits(digits: str) -> str | None:
    if len(digits) == 10 and digits.startswith("47"):
        return digits[2:]
    if len(digits) == 12 and digits.startswith("0047"):
        return digits[4:]
    return digits if len(digits) == 8 else None


def _ordinary_number(groups: list[str], gaps: list[str]) -> bool:
    """A date, a span of years or an amount with thousands apart – not a phone number."""
    separators = [gap.strip() for gap in gaps]
    if (
        len(groups) == 3
        and all(separator in DATE_SEPARATORS for separator in separators)
        and (_is_date(*groups) or _is_date(*reversed(groups)))
    ):
        return True
    if len(groups) == 2 and all(len(group) == 4 and group[:2] in ("19", "20") for group in groups):
        return True
    return (
        len(groups) > 1
        and 1 <= len(groups[0]) <= 3
        and all(len(group) == 3 for group in groups[1:])
        and len(set(gaps)) == 1
        and gaps[0].strip() in ("", ".")
    )


def _is_date(day: str, month: str, year: str) -> bool:
    if len(year) not in (2, 4) or len(day) > 2 or len(month) > 2:
        return False
    try:
        date(int(year) if len(year) == 4 else 2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def contains_personal_data(text: str) -> bool:
    return bool(find_personal_data(text))


def describe_personal_data(text: str) -> str:
    """What the screening finds in `text` («telefonnummer»), or "" when nothing."""
    return describe_findings(find_personal_data(text))


def describe_findings(findings: list[Finding]) -> str:
    """«telefonnummer, e-postadresse» – for the moderator and the writer."""
    labels: list[str] = []
    for finding in findings:
        if finding.label not in labels:
            labels.append(finding.label)
    return ", ".join(labels)
