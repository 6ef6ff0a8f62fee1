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


def _candidates() -> re.Pattern:
    """Every character that `clean_text` may change: the ones of the Basic Multilingual Plane
    found once at start-up (some 20 ms), and all beyond it (emoji, mostly), which are
    looked at one by one. Text of letters, digits and punctuation is matched nowhere."""
    lookalikes = {ord(char) for char in BLANK_LOOKALIKES} | {ord("\t")}
    chars = sorted(
        lookalikes
        | {ord(char) for char in INVISIBLE_FILLERS}
        | set(range(0xD800, 0xE000))  # surrogates
        | set(range(0xFDD0, 0xFDF0))
        | {0xFFFE, 0xFFFF}
        | {
            code
            for code in range(0x10000)
            if unicodedata.category(chr(code)) in ("Cc", "Cf") and chr(code) not in "\n\r"
        }
    )
    ranges, start = [], chars[0]
    for previous, code in zip(chars, [*chars[1:], None], strict=True):
        if code != previous + 1:
            ranges.append(f"\\U{start:08x}-\\U{previous:08x}")
            if code is not None:
                start = code
    return re.compile("[" + "".join(ranges) + "\\U00010000-\\U0010ffff]")


def _replacement(match: re.Match) -> str:
    char = match.group()
    if char == "\t":
        return " "
    if char in BLANK_LOOKALIKES:
        return BLANK_LOOKALIKES[char]
    if not is_unwanted(char) or (
        char == ZERO_WIDTH_JOINER and _keeps_joiner(match.string, match.start())
    ):
        return char
    return ""


def clean_text(value: str) -> str:
    """`value` without the characters no text may hold; tabs become spaces."""
    if not _CANDIDATES.search(value):
        return value
    return _CANDIDATES.sub(_replacement, value)


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


_CANDIDATES = _candidates()
