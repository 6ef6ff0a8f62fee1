"""Norwegian text analysis for the search index – the same on SQLite and PostgreSQL.

Both databases match *terms* that this module makes, never the text itself:

- at index time every word of a document's title and text becomes its Snowball Norwegian
  stem («ungdommene» → «ungdomm», «tiltakene» → «tiltak», «skolen» → «skol»), stored as a
  space-separated string (`SearchDocument.title_terms` / `body_terms`) that FTS5
  (unicode61) and PostgreSQL (the `simple` configuration: lower case, no stemming, no stop
  words) split into exactly the same tokens: each term is lower case letters and ASCII
  digits only;
- at query time each word becomes a *prefix* of such terms: its stem, with a doubled final
  consonant undone («ungdommer» → «ungdom»), so that the plain form, the inflected forms and
  compounds that start with the word find each other («ungdom» → «ungdomsklubb»,
  «ungdomsskole»). Stop words («og», «i», «som» …) are dropped from a query that has other
  words.

A document matches when it has, for every prefix, a term that starts with it – one rule that
FTS5 (`"prefix"*`) and PostgreSQL (`prefix:*`) apply the same way, so both give the same hits.

The user sees the original text: `mark_matches` and `snippet` find the words to highlight by
the same rule, in Python, for the shown page only.

Changing what `index_terms` makes changes the stored form: add a migration that fills the
terms again (see migration 0002), or run `fellesloft search_rebuild`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left

import Stemmer

MAX_TERM = 60
MAX_QUERY_WORDS = 8
# A snippet is looked for in the first this many characters of a text (a few ms).
SNIPPET_SCAN = 100_000
START, STOP = "\x02", "\x03"

_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouyæøå")
_local = threading.local()

# Snowball's Norwegian stop word list (the one PostgreSQL's `norwegian` configuration uses).
_STOP_WORDS = """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men
    ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans
    hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen
    noe ville dere som deres kun ja etter ned skulle denne for deg si sine sitt mot å meget
    hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni
    mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært være båe
    begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles honom hjå ho hoe
    henne hennar hennes hoss hossen ikkje ingi inkje korleis korso kva kvar kvarhelst kven kvi
    kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so somt somme
    um upp vere vore verte vort varte vart
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def _stemmer() -> Stemmer.Stemmer:
    # A PyStemmer object is not safe to share between threads.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("norwegian")
    return stemmer


def _normal(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _clean(word: str) -> str:
    """`word` in lower case, with only the characters both databases take as one token."""
    word = word.lower()
    if not (word.isascii() or word.isalpha()):
        word = "".join(char for char in word if char.isalpha() or "0" <= char <= "9")
    return word[:MAX_TERM]


def words(text: str) -> list[str]:
    """The words of `text`, cleaned (lower case letters and digits)."""
    return [word for word in map(_clean, _WORD.findall(_normal(text))) if word]


def stems(cleaned: list[str]) -> list[str]:
    return _stemmer().stemWords(cleaned)


def index_terms(text: str) -> str:
    """What the database indexes for `text`: the stems of its words, space-separated."""
    return " ".join(stems(words(text)))


def _undouble(stem: str) -> str:
    # «ungdommer» stems to «ungdomm», «ungdom» to «ungdom»: the query looks for «ungdom».
    last = stem[-1:]
    if len(stem) >= 5 and last == stem[-2] and last.isalpha() and last not in _VOWELS:
        return stem[:-1]
    return stem


def query_prefixes(text: str) -> list[str]:
    """The prefixes a search for `text` requires (every one, in some term of a document)."""
    found = words(text)[:MAX_QUERY_WORDS]
    content = [word for word in found if word not in STOP_WORDS] or found
    return list(dict.fromkeys(_undouble(stem) for stem in stems(content)))


# --- Highlighting the original text ----------------------------------------------------------


class _Matcher:
    """Whether a word of the original text matches one of the prefixes, and which."""

    def __init__(self, prefixes: list[str]):
        self.prefixes = tuple(prefixes)
        self._seen: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word in self._seen:
            return self._seen[word]
        found = None
        cleaned = _clean(word)
        # A stem is a prefix of its word: a word that does not start with a prefix can not
        # have a stem that does, and is not stemmed at all.
        if cleaned and cleaned.startswith(self.prefixes):
            stem = _stemmer().stemWord(cleaned)
            found = next((prefix for prefix in self.prefixes if stem.startswith(prefix)), None)
        self._seen[word] = found
        return found


def _spans(text: str, matcher: _Matcher) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), matcher(m.group())) for m in _WORD.finditer(text)]


def _marked(text: str, spans, start: int, end: int) -> str:
    parts, at = [], start
    for begin, finish, prefix in spans:
        if prefix is None:
            continue
        parts += [text[at:begin], START, text[begin:finish], STOP]
        at = finish
    parts.append(text[at:end])
    return " ".join("".join(parts).split())


def mark_matches(text: str, prefixes: list[str]) -> str:
    """`text` with every matching word between START and STOP (the title)."""
    text = _normal(text)
    spans = _spans(text, _Matcher(prefixes))
    return _marked(text, spans, 0, len(text))


def snippet(text: str, prefixes: list[str], *, size: int = 24) -> str | None:
    """The `size` words of `text` with the most different matching words, marked; None
    when no word of `text` (of its first SNIPPET_SCAN characters) matches."""
    text = _normal(text[:SNIPPET_SCAN])
    spans = _spans(text, _Matcher(prefixes))
    hits = [index for index, span in enumerate(spans) if span[2] is not None]
    if not hits:
        return None
    best, best_score = 0, (-1, -1)
    for hit in hits[:200]:
        first = max(0, min(hit - 3, len(spans) - size))
        inside = hits[bisect_left(hits, first) : bisect_left(hits, first + size)]
        score = (len({spans[index][2] for index in inside}), len(inside))
        if score > best_score:
            best, best_score = first, score
    window = spans[best : best + size]
    start = window[0][0] if best > 0 else 0
    end = window[-1][1] if best + size < len(spans) else len(text)
    shown = _marked(text, window, start, end)
    return ("… " if best > 0 else "") + shown + (" …" if best + size < len(spans) else "")
