"""Groups and consensus explained in their own words (issue 21 part 4).

Adds to a phase's published results keyword labels per opinion group and for the consensus:
the words that set the group's representative statements apart from the other groups'
(`fellesloft.opinion.keywords`), always with the statements they came from. Worked out from
the published texts when the results are read, so a statement rejected since the analysis
lends no word, and older snapshots get labels too. Nothing here is shown without its quotes.

A label as published (results page, report, API); a group has one for the statements it
agrees with and one for those it disagrees with (`{"agree": …, "disagree": …}`):

    {"text": "mobilen, sekken",
     "words": [{"word": "mobilen", "statements": [12, 15]}, {"word": "sekken", ...}],
     "statements": [{"statement": 12, "text": "…", "direction": "agree", "share": 0.8, …}]}
"""

from fellesloft.opinion.keywords import REST, Corpus, KeywordLabel, keyword_label

RANK_DECAY = 0.25  # the n-th statement's words weigh 1 / (1 + RANK_DECAY · (n − 1))


def _published(label: KeywordLabel, items: list[dict]) -> dict:
    by_id = {item["statement"]: item for item in items}
    return {
        "text": label.text,
        "words": [
            {"word": keyword.word, "statements": list(keyword.statements)}
            for keyword in label.keywords
        ],
        "statements": [by_id[statement] for statement in label.statements],
    }


def _pairs(items: list[dict]) -> list[tuple[int, str]]:
    seen, pairs = set(), []
    for item in items:
        if item["statement"] not in seen:
            seen.add(item["statement"])
            pairs.append((item["statement"], item["text"]))
    return pairs


def _weights(n: int) -> list[float]:
    """The engine lists a group's statements most representative first: 1, 0.8, 0.67, …"""
    return [1 / (1 + RANK_DECAY * rank) for rank in range(n)]


def _corpus(phase_texts: dict[int, str], *item_lists: list[dict]) -> Corpus:
    """Every published statement of the phase, counted once for all labels."""
    texts = dict(phase_texts)
    for items in item_lists:
        texts.update((item["statement"], item["text"]) for item in items)
    return Corpus.of(texts.values())


def label_groups(
    groups: list[dict],
    phase_texts: dict[int, str],
    question: str = "",
    *,
    corpus: Corpus | None = None,
) -> list[dict]:
    """Each group with `keywords`: {"agree": label, "disagree": label}, from the representative
    statements it agrees with (and those it disagrees with) against the other groups' of the
    same direction – a statement one group agrees with is often one the other disagrees with,
    so mixing the directions would give both the same words. Rarity is over every published
    statement of the phase; the words of the dialog's question count half (the topic)."""
    if corpus is None:
        corpus = _corpus(phase_texts, *(group["representative"] for group in groups))
    labelled = []
    for group in groups:
        keywords = {}
        for direction in ("agree", "disagree"):
            items = [i for i in group["representative"] if i.get("direction") == direction]
            own = _pairs(items)
            own_ids = {statement for statement, _ in own}
            contrast = {
                item["statement"]: item["text"]
                for other in groups
                if other is not group
                for item in other["representative"]
                if item.get("direction") == direction and item["statement"] not in own_ids
            }
            label = keyword_label(
                own,
                contrast=list(contrast.values()),
                corpus=corpus,
                weights=_weights(len(own)),
                topic=question,
            )
            keywords[direction] = _published(label, items)
        labelled.append({**group, "keywords": keywords})
    return labelled


def label_consensus(
    items: list[dict],
    phase_texts: dict[int, str],
    question: str = "",
    *,
    corpus: Corpus | None = None,
) -> dict:
    """What most agree (or disagree) on, against the rest of the phase's statements."""
    if corpus is None:
        corpus = _corpus(phase_texts, items)
    own = _pairs(items)
    label = keyword_label(
        own, contrast=REST, corpus=corpus, weights=_weights(len(own)), topic=question
    )
    return _published(label, items)


def label_phase(
    *,
    groups: list[dict],
    consensus_agree: list[dict],
    consensus_disagree: list[dict],
    phase_texts: dict[int, str],
    question: str = "",
) -> tuple[list[dict], dict, dict]:
    """(groups with `keywords`, consensus agree label, consensus disagree label) of a phase."""
    corpus = _corpus(
        phase_texts,
        consensus_agree,
        consensus_disagree,
        *(group["representative"] for group in groups),
    )
    return (
        label_groups(groups, phase_texts, question, corpus=corpus),
        label_consensus(consensus_agree, phase_texts, question, corpus=corpus),
        label_consensus(consensus_disagree, phase_texts, question, corpus=corpus),
    )
