"""How many articles brief sentences cite, on multinews-dev.

Usage: python benchmarks/citation_counts.py [--words 120]

For the brief of every multinews-dev cluster: citations a sentence, and the share of sentences
cited to more than their own article (a change of the support test shows here first).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import summarize_story

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews-dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=120)
    args = parser.parse_args()
    sentences = citations = multiple = 0
    with DEV.open() as handle:
        for line in handle:
            brief = summarize_story(story_from_cluster(json.loads(line)), words=args.words)
            for item in brief.sentences:
                sentences += 1
                citations += len(item.citations)
                multiple += len(item.citations) > 1
    print(
        f"{sentences} sentences, {citations / sentences:.3f} citations a sentence, "
        f"{multiple / sentences:.1%} cited to more than their own article"
    )


if __name__ == "__main__":
    main()
