"""Screening of free text from the public for personal data.

Finds national identity numbers and D-numbers (checked with their mod-11 digits by
python-stdnum), Norwegian phone numbers (phonenumbers) and e-mail addresses. A hit does not
reject the text: the caller holds it for a moderator, who sees what was found and why.
"""

import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext_lazy as _
from stdnum.no import fodselsnummer

EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Eleven digits, optionally written 6+5 with a space or dash.
IDENTITY_NUMBER_PATTERN = re.compile(r"(?<!\d)(\d{6})[ -]?(\d{5})(?!\d)")

KIND_LABELS = {
    "identity_number": _("fødselsnummer eller D-nummer"),
    "phone_number": _("telefonnummer"),
    "email": _("e-postadresse"),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # "identity_number", "phone_number" or "email"
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def find_personal_data(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in IDENTITY_NUMBER_PATTERN.finditer(text):
        if fodselsnummer.is_valid(match.group(1) + match.group(2)):
            findings.append(Finding("identity_number", match.start(), match.end()))
    for match in EMAIL_PATTERN.finditer(text):
        findings.append(Finding("email", match.start(), match.end()))
    taken = [(finding.start, finding.end) for finding in findings]
    for match in phonenumbers.PhoneNumberMatcher(text, "NO", leniency=phonenumbers.Leniency.VALID):
        overlaps = any(start < match.end and match.start < end for start, end in taken)
        if not overlaps:
            findings.append(Finding("phone_number", match.start, match.end))
    return sorted(findings, key=lambda finding: finding.start)


def contains_personal_data(text: str) -> bool:
    return bool(find_personal_data(text))


def describe_findings(findings: list[Finding]) -> str:
    """«telefonnummer, e-postadresse» – for the moderator and the writer."""
    labels: list[str] = []
    for finding in findings:
        if finding.label not in labels:
            labels.append(finding.label)
    return ", ".join(labels)
