"""Does the brief lead with the news, say nothing twice and leave no sentence an orphan?

Usage: python benchmarks/news_first.py [--data ../shared/data] [--words 120]

On multinews-dev at --words, for each summarizer (newsdesk = the default, newsdesk.v1):
``lead R-1``, the ROUGE-1 F1 of the brief's first sentence against the reference's first
sentence (Multi-News references open with the news), beside two yardsticks: the first
presentable sentence of the first article, and the best single presentable sentence of the
cluster (the ceiling of any one-sentence lead); ``repeats``, the share of briefs in which one
sentence restates another; ``context``, the share of brief sentences that lean on an earlier
sentence which is not right before them (see newsdesk.evaluate.reading).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from newsdesk.errors import NewsdeskError
from newsdesk.evaluate import evaluate
from newsdesk.evaluate.rouge import Rouge
from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.segment import split_sentences

SUMMARIZERS = ["newsdesk", "newsdesk.v1"]


def yardsticks(path: Path) -> tuple[float, float]:
    """Mean lead R-1 of the first article's first sentence, and of the best sentence."""
    rouge = Rouge()
    first, best = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            leads = [s[0] for s in map(split_sentences, record["summaries"]) if s]
            try:
                story = prepare(story_from_cluster(record))
            except NewsdeskError:
                first.append(0.0)
                best.append(0.0)
                continue
            scores = [rouge.rouge1_f1(s.text, leads) for s in story.sentences if s.presentable]
            first.append(scores[0] if scores else 0.0)
            best.append(max(scores, default=0.0))
    return float(np.mean(first)), float(np.mean(best))


def main() -> None:
    parser = argparse.ArgumentParser(description="news-first, repeats and orphans")
    here = Path(__file__).resolve().parent
    parser.add_argument("--data", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("--words", type=int, default=120)
    args = parser.parse_args()
    path = args.data / "multinews-dev.jsonl"
    evaluation = evaluate(path, words=args.words, summarizers=SUMMARIZERS)
    print(f"multinews-dev, {args.words} words")
    print(f"{'':28} {'lead R-1':>9} {'repeats':>8} {'context':>8}")
    for system in evaluation.systems:
        print(
            f"{system.summarizer:28} {system.lead_rouge1:>9.2f} "
            f"{100 * system.repeating_share:>7.1f}% {100 * system.needs_context_share:>7.1f}%"
        )
    first, best = yardsticks(path)
    print(f"{'first article, 1st sentence':28} {first:>9.2f}")
    print(f"{'best single sentence':28} {best:>9.2f}")


if __name__ == "__main__":
    main()
