"""Groups explained in their own words: the keyword method (fellesloft.opinion.keywords)."""

import re

import pytest

from fellesloft.opinion.keywords import (
    MAX_WORDS,
    REST,
    STOP_WORDS,
    Corpus,
    content_words,
    keyword_label,
    stem,
)

PHONES = [
    (11, "Mobilen bør ligge i sekken i timene"),
    (12, "Mobilfri skole gir mer ro i timene"),
    (13, "Skolen må forby mobilen i friminuttet også"),
]
PRACTICE = [
    (21, "Skolen bør ha mer praksis og mindre teori"),
    (22, "Praksis i arbeidslivet er viktig for å lære"),
    (23, "Eg vil ha meir praksis i lærlingtida"),
]
CONTEXT = ["Skolen bør starte senere", "Flere lærere i skolen", "Gratis skolemat for alle"]


def _words_of(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)}


def test_the_words_that_set_the_group_apart_come_first_and_cite_their_statements():
    label = keyword_label(PHONES, contrast=PRACTICE, context=CONTEXT)
    assert label.words[:2] == ("mobilen", "timene")
    assert len(label.words) == MAX_WORDS
    by_word = {keyword.word: keyword.statements for keyword in label.keywords}
    assert by_word["mobilen"] == (11, 13)
    assert by_word["timene"] == (11, 12)
    # The label cites exactly the statements its words come from, in the given order.
    assert label.statements == tuple(
        sid for sid, _ in PHONES if any(sid in k.statements for k in label.keywords)
    )
    assert label.text == ", ".join(label.words)


def test_every_word_is_written_in_each_statement_it_cites():
    texts = dict(PHONES + PRACTICE)
    for own, other in ((PHONES, PRACTICE), (PRACTICE, PHONES)):
        label = keyword_label(own, contrast=other, context=CONTEXT)
        assert label
        for keyword in label.keywords:
            assert keyword.statements
            for statement in keyword.statements:
                assert keyword.word.lower() in _words_of(texts[statement])


def test_words_the_other_groups_use_as_much_are_not_chosen():
    label = keyword_label(PRACTICE, contrast=PHONES, context=CONTEXT)
    assert label.words[0] == "praksis"
    assert label.keywords[0].statements == (21, 22, 23)
    # «skolen» is in one statement here and one of the other group's: it sets nothing apart.
    assert "skolen" not in label.words


def test_stop_words_in_bokmal_and_nynorsk_are_never_chosen():
    statements = [
        (1, "Det er ikke noe vi kan gjøre mer med, men de bør ha det bedre"),
        (2, "Eg meiner dei ikkje har noko å seie, men kva skal ein gjere då"),
    ]
    assert not keyword_label(statements)
    for word in ("ikkje", "eg", "dei", "kva", "noko", "ikke", "det", "bør", "meiner", "mer"):
        assert word in STOP_WORDS
    label = keyword_label([(3, "Ungdommen bør få mer innflytelse, ikke mindre")])
    assert set(label.words) == {"ungdommen", "innflytelse"}
    assert not set(label.words) & STOP_WORDS


def test_inflected_forms_count_as_one_word_shown_as_written():
    assert stem("skole") == stem("skolen") == stem("skoler") == stem("skolene") == stem("skola")
    label = keyword_label(
        [(1, "Leksene tar for lang tid"), (2, "Lekser hver dag er for mye"), (3, "Færre lekser")],
        contrast=[(4, "Bedre busstilbud om kvelden")],
    )
    assert label.keywords[0].word == "lekser"  # the most used form of «lekse»
    assert label.keywords[0].statements == (1, 2, 3)


def test_names_and_abbreviations_keep_their_capitals_other_words_are_lower_case():
    label = keyword_label(
        [(1, "Skolen i Oslo bør samarbeide med NAV. Oslo har mange tilbud")], max_words=10
    )
    assert "Oslo" in label.words and "NAV" in label.words
    assert all(word in {"Oslo", "NAV"} or word == word.lower() for word in label.words)
    assert [word for _, word, _ in content_words("Skolen er fin")] == ["Skolen", "fin"]


def test_deterministic_whatever_the_order_of_the_contrast_and_context():
    first = keyword_label(PHONES, contrast=PRACTICE, context=CONTEXT)
    again = keyword_label(PHONES, contrast=list(reversed(PRACTICE)), context=CONTEXT[::-1])
    assert first == again
    assert keyword_label(PHONES, contrast=PRACTICE, context=CONTEXT) == first


def test_ties_are_broken_by_the_words_not_by_chance():
    one = keyword_label([(1, "Grønne lunger parker")], max_words=2)
    two = keyword_label([(1, "Grønne lunger parker")], max_words=2)
    assert one == two and len(one.words) == 2


def test_weights_favour_the_statements_that_tell_most():
    statements = [(1, "Sykkelvei langs elva"), (2, "Gatelys langs elva")]
    heavy_first = keyword_label(statements, weights=[3, 1], max_words=2)
    heavy_second = keyword_label(statements, weights=[1, 3], max_words=2)
    assert heavy_first.words[0] in {"elva", "sykkelvei"}
    assert heavy_first.words[:2] != heavy_second.words[:2]
    with pytest.raises(ValueError):
        keyword_label(statements, weights=[1])


@pytest.mark.parametrize(
    "statements",
    [
        [],
        [(1, "")],
        [(1, "   ")],
        [(1, "1 2 3 45 %")],
        [(1, "Ja! Nei? Ok.")],
        [(1, "og i på at")],
    ],
)
def test_empty_or_wordless_groups_give_an_empty_label(statements):
    label = keyword_label(statements, contrast=PRACTICE, context=CONTEXT)
    assert not label
    assert label.words == () and label.statements == () and label.text == ""


def test_a_group_whose_words_are_all_in_the_contrast_gets_no_label():
    assert not keyword_label([(1, "Praksis i skolen")], contrast=[(2, "Praksis i skolen")])


def test_a_single_short_statement_still_gets_its_words():
    label = keyword_label([(5, "Gratis buss")], contrast=PRACTICE)
    assert set(label.words) == {"gratis", "buss"} and label.statements == (5,)


def test_the_label_speaks_for_several_statements_when_they_are_equally_telling():
    statements = [(1, "Sykkelveier gjennom sentrum"), (2, "Lys i parken")]
    label = keyword_label(statements, max_words=2)
    assert label.words == ("sykkelveier", "parken")
    assert label.statements == (1, 2)


def test_words_of_the_question_count_less_they_are_the_topic():
    statements = [(1, "Fritidsklubben bør ha gratis kafé")]
    assert keyword_label(statements, max_words=1).words == ("fritidsklubben",)
    question = "Hva ville fått deg til å bruke fritidsklubben?"
    assert keyword_label(statements, topic=question, max_words=1).words == ("gratis",)


def test_a_corpus_counted_beforehand_gives_the_same_label():
    corpus = Corpus.of([text for _, text in PHONES + PRACTICE] + CONTEXT)
    with_corpus = keyword_label(PHONES, contrast=PRACTICE, corpus=corpus)
    assert with_corpus == keyword_label(PHONES, contrast=PRACTICE, context=CONTEXT)


def test_contrast_with_the_rest_of_the_corpus_without_reading_it_again():
    corpus = Corpus.of([text for _, text in PHONES + PRACTICE] + CONTEXT)
    rest = keyword_label(PHONES, contrast=REST, corpus=corpus)
    assert rest == keyword_label(PHONES, contrast=PRACTICE + CONTEXT_PAIRS, corpus=corpus)
    assert rest.words[0] == "mobilen"
    with pytest.raises(ValueError):
        keyword_label(PHONES, contrast=REST)


CONTEXT_PAIRS = [(100 + i, text) for i, text in enumerate(CONTEXT)]
