"""Groups and consensus explained in their own words (issue 21 part 4).

Adds to a phase's published results a keyword label per opinion group and for the consensus:
the words that set the group's representative statements apart from the other groups'
(`fellesloft.opinion.keywords`), always with the statements they came from. Worked out from
the published texts when the results are read, so a statement rejected since the analysis
lends no word, and older snapshots get labels too. Nothing here is shown without its quotes.

The label as published (results page, report, API):

    {"text": "mobilen, sekken",
     "words": [{"word": "mobilen", "statements": [12, 15]}, {"word": "sekken", ...}],
     "statements": [{"statement": 12, "text": "…", "direction": "agree", "share": 0.8, …}]}
"""

from fellesloft.opinion.keywords import KeywordLabel, keyword_label


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


def label_groups(groups: list[dict], phase_texts: dict[int, str]) -> list[dict]:
    """Each group with `keywords`: its representative statements against the other groups'
    (a statement the group shares with another counts for it alone), rarity over every
    published statement of the phase."""
    labelled = []
    for group in groups:
        own = _pairs(group["representative"])
        own_ids = {statement for statement, _ in own}
        contrast = {
            item["statement"]: item["text"]
            for other in groups
            if other is not group
            for item in other["representative"]
            if item["statement"] not in own_ids
        }
        context = [
            text
            for statement, text in phase_texts.items()
            if statement not in own_ids and statement not in contrast
        ]
        label = keyword_label(own, contrast=list(contrast.values()), context=context)
        labelled.append({**group, "keywords": _published(label, group["representative"])})
    return labelled


def label_consensus(items: list[dict], phase_texts: dict[int, str]) -> dict:
    """What most agree (or disagree) on, against the rest of the phase's statements."""
    own = _pairs(items)
    own_ids = {statement for statement, _ in own}
    contrast = [text for statement, text in phase_texts.items() if statement not in own_ids]
    return _published(keyword_label(own, contrast=contrast), items)
