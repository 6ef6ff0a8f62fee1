"""The one cleaning of free text that enters the product (forms, the API, imports).

PostgreSQL refuses NUL in text (a 500 where it is written or searched for), XML – and so an
XLSX – cannot hold most control characters, U+FFFE/U+FFFF or lone surrogates, and invisible
characters (zero-width spaces, bidi controls) let a «statement» with nothing to read be
published, or hide a phone number from the screening. `clean_text` removes them all and keeps
what carries meaning: newlines, and the joiner inside emoji such as 👨‍👩‍👧.
"""

import re
import unicodedata

KEEP_CONTROLS = "\n\r\t"
ZERO_WIDTH_JOINER = "\u200d"
# Blank letters and marks that draw nothing (Unicode's «default ignorable» code points that
# are not format characters), used to make a text look empty or to split a word invisibly.
INVISIBLE_FILLERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0"
)
BLANK_LOOKALIKES = {"\u2800": " ", "\u2028": "\n", "\u2029": "\n"}
# Variation selectors and enclosing marks draw nothing of their own.
_MARKS = frozenset(("Mn", "Me", "Mc"))
# Anything that may need cleaning: C0/C1 controls but \t\n\r, and the non-ASCII rest is
# looked at one character at a time. Plain ASCII text (most input) is returned at once.
_NEEDS_LOOK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\U0010ffff]")


def is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _is_pictograph(char: str) -> bool:
    return unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF


def _keeps_joiner(text: str, index: int) -> bool:
    """U+200D between two pictographs (with a variation selector or skin tone between)."""
    before = index - 1
    while before >= 0 and (
        unicodedata.category(text[before]) in _MARKS or _is_modifier(text[before])
    ):
        before -= 1
    after = index + 1
    return (
        before >= 0
        and after < len(text)
        and _is_pictograph(text[before])
        and _is_pictograph(text[after])
    )


def _is_modifier(char: str) -> bool:
    return 0x1F3FB <= ord(char) <= 0x1F3FF  # skin tones


def is_unwanted(char: str) -> bool:
    """A character that no free text keeps (controls but \\n\\r\\t, format characters,
    surrogates, noncharacters, invisible fillers)."""
    if char in KEEP_CONTROLS:
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Cs") or is_noncharacter(char) or char in INVISIBLE_FILLERS


def clean_text(value: str) -> str:
    """`value` without the characters no text may hold; tabs become spaces."""
    if not _NEEDS_LOOK.search(value):
        return value.replace("\t", " ") if "\t" in value else value
    kept = []
    for index, char in enumerate(value):
        if char == "\t":
            kept.append(" ")
        elif char in BLANK_LOOKALIKES:
            kept.append(BLANK_LOOKALIKES[char])
        elif not is_unwanted(char) or (char == ZERO_WIDTH_JOINER and _keeps_joiner(value, index)):
            kept.append(char)
    return "".join(kept)


def clean_value(value):
    """`clean_text` through a parsed JSON document (keys and values)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {clean_value(key): clean_value(item) for key, item in value.items()}
    return value


def is_blank(text: str) -> bool:
    """True when `text` shows nothing: only spaces, marks without a base, invisible characters."""
    return all(
        char.isspace()
        or unicodedata.category(char) in _MARKS
        or is_unwanted(char)
        or char in BLANK_LOOKALIKES
        for char in text
    )
