"""Groups explained in their own words: a short label of the words that set a group's
representative statements apart, with the statements they came from.

A statistical keyword method, no language model: TF-IDF with a contrast set.

    label = keyword_label(
        [(12, "Mobilen bør ligge i sekken i timene"), (15, "Mobilfri skole gir mer ro")],
        contrast=[(20, "Skolen bør ha mer praksis")],  # the other groups' statements
        context=["Flere lærere i skolen", ...],  # the rest of the conversation
    )
    label.text  # "mobilen, sekken, timene"
    label.statements  # (12,) – every word is cited with the statements it occurs in

For each word (after a light Norwegian suffix stripping, so «skolen» and «skoler» count as
one; the word shown is a form as written in the statements):

    fg(w)  = weighted share of the group's statements that contain w
    bg(w)  = share of the contrast statements that contain w
    idf(w) = ln((1 + N) / (1 + df(w))) + 1      over all N statements given (group, contrast,
                                                 context), df(w) = statements containing w
    score  = (fg(w) − bg(w)) · idf(w) · t(w)    kept when > 0; t = ½ for a word of the
                                                 question asked (the topic), else 1

Words are taken greedily by (score, statements containing it, occurrences, length, word),
a word whose statements the label already cites counting half, up to `max_words`. Stop
words (bokmål and nynorsk), words of fewer than three letters and numbers are never chosen.
Deterministic: the same input gives the same label. Nothing is made up: every word is a word
of the statements it cites, as written there (in lower case unless it is always capitalised
inside a sentence, as «Oslo» or «NAV»).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

MAX_WORDS = 3
REPEAT_FACTOR = 0.5  # a word whose statements the label already cites counts this much
TOPIC_FACTOR = 0.5  # a word of the question counts this much: it is the topic, not a stance
MIN_WORD_LENGTH = 3

# Bokmål and nynorsk function words and the common forms of the verbs, adverbs and
# quantifiers that say nothing about what a statement is about («bør», «mer», «viktig»).
_STOP_WORD_TEXT = """
    a alle alt andre anna annan anne annen annet at av bak bare begge berre bli blir
    blei ble blitt bort bra båe både da dag dei deim deira deires deg dem den denne
    dens der deres derfor dere dersom det dette di din disse ditt du dykk dykkar då eg ein
    eit eitt eller elles en enn er et ett etter ved for fordi fram frå fra før først få får
    fått gi gir gjennom gjer gjere gjør gjøre gjøres god gode godt ha hadde han hans har
    hatt heile hele heller helst helt henne hennar hennes her hjå ho hoe honom hoss hossen
    hun hva hvem hver hvert hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen
    ingi inkje inn inni ja jeg kan kanskje kom korleis korso kun kunne kva kvar kvarhelst
    kven kvi kvifor la lage lar laga lite litt lettare lettere man mange me med medan meg
    meget mellom men mer meir mest mi min mine mindre minst mitt mot mye mykje må måtte ned
    nei noe noen noko noka nokon nokor nokre nye nytt ny nå når og også om opp oss over
    per på rundt sammen samme seg selv si sia sidan siden sin sine sitt sjøl skal skulle
    slik slike slikt so som somme somt spesielt så sånn ta tar til tidlig uten um under
    upp ut ute utan var vart varte ved vere verte vi vil ville vore vors vort vår være vært
    bør burde kunne trenger treng trengs trenge synes syns tror trur mener meiner føler
    veldig ganske svært altfor alltid aldri ofte iblant kanskje enda ennå fortsatt heilt
    viktig viktigere viktigst flere fleire fler færre ofte større mindre stor store stort
    liten lita lite små bedre betre best beste dårlig dårlegare verre få fikk fekk gå går
    gikk gjekk komme kommer kjem sier seier seie sei sa sagt gjort gjorde vite vet veit se ser
    såg sett hverandre kvarandre ingenting inga ingen noko nokon alle kvar hver mens derimot
    dessuten
    likevel uansett altså dermed nok jo vel visst egentlig eigentleg blant hos innen innan
    innenfor utenfor ovenfor nedenfor etc osv feks vanskelig vanskeleg enkelt lett langs tvers
"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:«»\"]\s*$")

# Longest first; a suffix goes only if at least three letters remain (Snowball's Norwegian
# stemmer, step 1, cut short: enough to count «skole», «skolen», «skoler», «skolene» as one).
_SUFFIX_TEXT = (
    "hetene hetens heten heter endes ande ende edes enes erte ede ane ene ens ers ets het ast"
)
_SUFFIXES = tuple(
    sorted((_SUFFIX_TEXT + " ert en ar er as es et a e").split(), key=len, reverse=True)
)


def stem(word: str) -> str:
    """A key under which the inflected forms of a word meet (never shown)."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_WORD_LENGTH:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[tuple[str, bool]]:
    """The text's words as written, each with whether it begins a sentence."""
    found, end = [], 0
    text = text or ""
    for match in _WORD.finditer(text):
        gap = text[end : match.start()]
        first = not found or bool(_SENTENCE_END.search(gap))
        found.append((match.group(), first))
        end = match.end()
    return found


@lru_cache(maxsize=16_384)
def content_words(text: str) -> tuple[tuple[str, str, bool], ...]:
    """(stem, word as written, begins a sentence) for the words that may make a label.
    Cached: a results page labels the same statements again and again."""
    return tuple(
        (stem(word), word, first)
        for word, first in words(text)
        if len(word) >= MIN_WORD_LENGTH and word.lower() not in STOP_WORDS
    )


@lru_cache(maxsize=16_384)
def _stems(text: str) -> frozenset[str]:
    return frozenset(key for key, _, _ in content_words(text))


@dataclass(frozen=True, eq=False)
class Corpus:
    """Document frequencies over a conversation's statements, counted once and shared by
    the labels of all its groups (`keyword_label(..., corpus=...)`)."""

    n_documents: int
    document_frequency: Counter

    @classmethod
    def of(cls, texts: Iterable[str]) -> Corpus:
        """Cached by the texts: a results page read again counts nothing again."""
        return _corpus_of(tuple(texts))


@lru_cache(maxsize=64)
def _corpus_of(texts: tuple[str, ...]) -> Corpus:
    frequency: Counter = Counter()
    for text in texts:
        frequency.update(_stems(text))
    return Corpus(n_documents=len(texts), document_frequency=frequency)


# `keyword_label(..., contrast=REST, corpus=...)`: contrast with every other corpus statement.
REST = "rest of the corpus"


@dataclass(frozen=True, slots=True)
class Keyword:
    word: str  # a form of the word as written in the statements
    score: float
    statements: tuple[object, ...]  # ids of the statements it occurs in, in the given order


@dataclass(frozen=True, slots=True)
class KeywordLabel:
    keywords: tuple[Keyword, ...]
    statements: tuple[object, ...]  # ids of the statements the words came from

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(keyword.word for keyword in self.keywords)

    @property
    def text(self) -> str:
        return ", ".join(self.words)

    def __bool__(self) -> bool:
        return bool(self.keywords)


EMPTY = KeywordLabel(keywords=(), statements=())


def _shown_form(forms: Counter) -> str:
    """The form to show: the most used spelling, in lower case unless it is never written so
    and is capitalised inside a sentence (a name, or an abbreviation like «NAV»)."""
    spelled: Counter = Counter()
    for (word, _), count in forms.items():
        spelled[word.lower()] += count
    lower = min(spelled, key=lambda w: (-spelled[w], w))
    written = [(word, first) for word, first in forms if word.lower() == lower]
    if any(word == lower for word, _ in written) or not any(
        not first or word[1:] != word[1:].lower() for word, first in written
    ):
        return lower
    cased: Counter = Counter()
    for (word, _), count in forms.items():
        if word.lower() == lower:
            cased[word] += count
    return min(cased, key=lambda w: (-cased[w], w))


def keyword_label(
    statements: Sequence[tuple[object, str]],
    *,
    contrast: Iterable[tuple[object, str] | str] | str = (),
    context: Iterable[tuple[object, str] | str] = (),
    weights: Sequence[float] | None = None,
    topic: str = "",
    corpus: Corpus | None = None,
    max_words: int = MAX_WORDS,
) -> KeywordLabel:
    """The words that set `statements` ((id, text), most telling first) apart from `contrast`,
    weighed by how rare they are over all statements given (`statements`, `contrast`,
    `context`) – or over `corpus`, counted beforehand, which then holds them all and
    replaces `context`; with a corpus, `contrast=REST` contrasts with all its other
    statements without reading them again. `weights`: one per statement (default 1).
    `topic`: the question asked; its words count half. Empty when nothing qualifies."""
    if not statements or max_words <= 0:
        return EMPTY
    if weights is None:
        weights = [1.0] * len(statements)
    if len(weights) != len(statements):
        raise ValueError("one weight per statement")
    total_weight = float(sum(weights)) or 1.0

    def text_of(item) -> str:
        return item if isinstance(item, str) else item[1]

    topic_stems = _stems(topic)
    rest = isinstance(contrast, str) and contrast == REST
    if rest and corpus is None:
        raise ValueError("contrast=REST needs a corpus")
    contrast_texts = [] if rest else [text_of(item) for item in contrast]
    context_texts = [text_of(item) for item in context] if corpus is None else []

    foreground: dict[str, float] = defaultdict(float)
    sources: dict[str, list[object]] = defaultdict(list)
    forms: dict[str, Counter] = defaultdict(Counter)
    document_frequency: Counter = Counter()
    for (statement_id, text), weight in zip(statements, weights, strict=True):
        stems = set()
        for key, word, first in content_words(text):
            forms[key][(word, first)] += 1
            stems.add(key)
        for key in stems:
            foreground[key] += float(weight)
            sources[key].append(statement_id)
        document_frequency.update(stems)
    if not foreground:
        return EMPTY
    background: Counter = Counter()
    for text in contrast_texts:
        stems = _stems(text)
        background.update(stems)
        document_frequency.update(stems)
    if corpus is not None:
        document_frequency, n_documents = corpus.document_frequency, corpus.n_documents
    else:
        for text in context_texts:
            document_frequency.update(_stems(text))
        n_documents = len(statements) + len(contrast_texts) + len(context_texts)
    n_contrast = len(contrast_texts)
    if rest:
        # The corpus holds the statements: the rest is the corpus without them.
        own_frequency: Counter = Counter()
        for _, text in statements:
            own_frequency.update(_stems(text))
        n_contrast = max(n_documents - len(statements), 0)
        background = Counter(
            {key: max(document_frequency[key] - own_frequency[key], 0) for key in foreground}
        )

    scored = []
    for key, weight in foreground.items():
        share = weight / total_weight
        contrast_share = background[key] / n_contrast if n_contrast else 0.0
        idf = math.log((1 + n_documents) / (1 + document_frequency[key])) + 1
        score = (share - contrast_share) * idf * (TOPIC_FACTOR if key in topic_stems else 1)
        if score <= 1e-12:
            continue
        word = _shown_form(forms[key])
        occurrences = sum(forms[key].values())
        scored.append(
            (-round(score, 12), -len(sources[key]), -occurrences, -len(word), word, key, score)
        )
    scored.sort()
    # Greedy: a word from statements the label already cites counts half, so that the label
    # speaks for more of the statements when they are equally telling.
    chosen, cited = [], set()
    while scored and len(chosen) < max_words:
        best = min(
            range(len(scored)),
            key=lambda i: (
                scored[i][0] * (REPEAT_FACTOR if set(sources[scored[i][5]]) <= cited else 1),
                i,
            ),
        )
        *_, word, key, score = scored.pop(best)
        chosen.append(Keyword(word=word, score=round(score, 6), statements=tuple(sources[key])))
        cited.update(sources[key])
    keywords = tuple(chosen)
    return KeywordLabel(
        keywords=keywords,
        statements=tuple(statement_id for statement_id, _ in statements if statement_id in cited),
    )
