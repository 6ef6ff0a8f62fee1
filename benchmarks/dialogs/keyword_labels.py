"""Keyword labels (issue 21 part 4) are worked out when the results are read: how long do
they take for a large dialog?

    uv run --frozen python benchmarks/dialogs/keyword_labels.py [--statements 1000] [--groups 5]

Builds a phase of N statements of 6–20 words drawn from the project's Norwegian word
frequencies (benchmarks/search/norwegian_words.txt), G groups with five representative
statements each (three agreed, two disagreed) and five consensus statements, then times
`label_groups` + `label_consensus` (what one results page, report or API call adds), cold
(first call in the process) and warm (median of 20). No database, no Django.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from fellesloft.dialogs.keywords import label_consensus, label_groups  # noqa: E402


def vocabulary() -> tuple[list[str], list[int]]:
    words, counts = [], []
    for line in (ROOT / "benchmarks/search/norwegian_words.txt").read_text().splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        word, count = line.split("\t")
        words.append(word)
        counts.append(int(count))
    return words, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(0)
    words, counts = vocabulary()
    texts = {
        i: " ".join(rng.choices(words, counts, k=rng.randint(6, 20))).capitalize() + "."
        for i in range(1, args.statements + 1)
    }
    ids = list(texts)

    def item(statement: int, direction: str) -> dict:
        return {"statement": statement, "text": texts[statement], "direction": direction}

    groups = []
    for g in range(args.groups):
        chosen = rng.sample(ids, 5)
        groups.append(
            {
                "id": g,
                "label": "ABCDEFGHIJ"[g],
                "representative": [item(s, "agree") for s in chosen[:3]]
                + [item(s, "disagree") for s in chosen[3:]],
            }
        )
    consensus = [item(s, "agree") for s in rng.sample(ids, 5)]
    question = "Hva skal til for at unge fullfører videregående?"

    def run():
        labelled = label_groups(groups, texts, question)
        label_consensus(consensus, texts, question)
        return labelled

    started = time.perf_counter()
    labelled = run()
    cold = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(20):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    print(f"statements={args.statements} groups={args.groups}")
    print(f"cold {cold:.1f} ms, warm median {statistics.median(times):.1f} ms")
    for group in labelled:
        print(
            f"  {group['label']}: enig «{group['keywords']['agree']['text']}», "
            f"uenig «{group['keywords']['disagree']['text']}»"
        )


if __name__ == "__main__":
    main()
