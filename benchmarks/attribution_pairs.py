"""List brief-sentence / supporting-unit pairs for hand judgement of the citation threshold.

Usage: python benchmarks/attribution_pairs.py [--clusters N] > pairs.txt
       python benchmarks/attribution_pairs.py --paraphrases --start 31 --clusters 60 > pairs.txt

For the example cluster and the first N clusters of ../shared/data/multinews-dev.jsonl, every
250-word brief sentence is paired with the best unit (a sentence or two adjacent ones) of each
other article; pairs with containment of at least 0.3 are printed with a key that
benchmarks/attribution_judgements.tsv refers to. benchmarks/calibrate_attribution.py reads the
judgements and reports precision and recall of citation at each threshold.

``--paraphrases`` (issue 23) draws candidates that containment alone would hide: for clusters
``--start`` to ``--clusters`` (1-based, the example left out), the best unit of each other
article by sentence-embedding cosine (the embeddings extra) and, where it differs, the best by
containment, each printed when its cosine is at least 0.45 or its containment at least 0.2.
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


def stories(clusters: int, start: int = 0) -> Iterator[Story]:
    """The example (unless ``start``), then multinews-dev clusters ``start + 1`` to
    ``clusters``."""
    if not start:
        yield read_story([ROOT / "examples" / "seed-cluster"])
    if DEV.exists():
        with DEV.open() as handle:
            for line in itertools.islice(handle, start, clusters):
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


def paraphrase_pairs(story: Story) -> Iterator[tuple[str, float, float, str, str]]:
    """(key, containment, cosine, brief sentence, unit) of the candidates ``--paraphrases``
    draws: per brief sentence and other article, the best unit by cosine, and the best by
    containment where it differs."""
    from newsdesk.attribute import coverage, statement, support_units, unit_text
    from newsdesk.embed import Embedder

    embedder = Embedder()
    story = prepare(story)
    representation = represent(story)
    units = support_units(representation)
    selected = get("newsdesk").summarize(story, representation, Budget(words=250))
    texts = [unit_text(units, i, representation) for i in range(len(units.owners))]
    for scored in selected:
        sentence = scored.sentence
        cosine = embedder.similarity(sentence.text, texts)
        share = coverage(statement(sentence.text, representation), representation, units)
        loose = coverage(
            statement(sentence.text, representation), representation, units, strict=False
        )
        for article in story.articles:
            if article.id == sentence.article_id:
                continue
            mine = [i for i, (a, _) in enumerate(units.owners) if a == article.id]
            if not mine:
                continue
            chosen = {max(mine, key=lambda i: (cosine[i], -i))}
            chosen.add(max(mine, key=lambda i: (share[i], -i)))
            for i in sorted(chosen):
                if cosine[i] < 0.45 and loose[i] < 0.2:
                    continue
                _, index = units.owners[i]
                key = f"{story.id}|{sentence.article_id}:{sentence.index}|{article.id}:{index}"
                yield key, float(loose[i]), float(cosine[i]), sentence.text, texts[i]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clusters", type=int, default=8)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--paraphrases", action="store_true")
    args = parser.parse_args()
    for story in stories(args.clusters, args.start):
        if args.paraphrases:
            for key, share, cosine, text, unit in paraphrase_pairs(story):
                print(f"{key}\t{share:.3f}\t{cosine:.3f}\n  BRIEF: {text}\n  UNIT:  {unit}\n")
            continue
        for key, support, text, unit in pairs(story):
            print(f"{key}\t{support:.3f}\n  BRIEF: {text}\n  UNIT:  {unit}\n")


if __name__ == "__main__":
    main()
