"""List brief-sentence / supporting-unit pairs for hand judgement of the citation threshold.

Usage: python benchmarks/attribution_pairs.py [--clusters N] > pairs.txt

For the example cluster and the first N clusters of ../shared/data/multinews-dev.jsonl, every
250-word brief sentence is paired with the best unit (a sentence or two adjacent ones) of each
other article; pairs with containment of at least 0.3 are printed with a key that
benchmarks/attribution_judgements.tsv refers to. benchmarks/calibrate_attribution.py reads the
judgements and reports precision and recall of citation at each threshold.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

from newsdesk.attribute import best_support
from newsdesk.ingest import read_story, story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.registry import get
from newsdesk.represent import represent
from newsdesk.select.base import Budget
from newsdesk.types import Story

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "multinews-dev.jsonl"
LOWEST = 0.3


def stories(clusters: int) -> Iterator[Story]:
    yield read_story([ROOT / "examples" / "seed-cluster"])
    if DEV.exists():
        with DEV.open() as handle:
            for line in itertools.islice(handle, clusters):
                yield story_from_cluster(json.loads(line))


def pairs(story: Story) -> Iterator[tuple[str, float, str, str]]:
    """(key, containment, brief sentence, supporting text) for each candidate citation."""
    story = prepare(story)
    representation = represent(story)
    selected = get("newsdesk").summarize(story, representation, Budget(words=250))
    units = {s.key: s for s in story.sentences}
    for scored in selected:
        sentence = scored.sentence
        for found in best_support(scored, representation):
            article_id, index, support = found.article_id, found.index, found.support
            if article_id == sentence.article_id or support < LOWEST:
                continue
            unit = units[(article_id, index)].text
            following = units.get((article_id, index + 1))
            if following is not None:
                unit += " || " + following.text
            key = f"{story.id}|{sentence.article_id}:{sentence.index}|{article_id}:{index}"
            yield key, support, sentence.text, unit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clusters", type=int, default=8)
    args = parser.parse_args()
    for story in stories(args.clusters):
        for key, support, text, unit in pairs(story):
            print(f"{key}\t{support:.3f}\n  BRIEF: {text}\n  UNIT:  {unit}\n")


if __name__ == "__main__":
    main()
