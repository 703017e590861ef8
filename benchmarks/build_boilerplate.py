"""Build the learned boilerplate list shipped as ``src/newsdesk/data/boilerplate.txt``.

Usage:
  python benchmarks/build_boilerplate.py [--data ../shared/data] [--min-clusters 3]

Page furniture recurs, verbatim or nearly, across unrelated stories ("Breaking News Emails Get
breaking news alerts and special reports", "Rating is available when the video has been
rented."); news prose almost never does. So the list is mined, not written: every sentence of
every article of the TRAINING file (multinews-train-lowercased.jsonl, 15,000 clusters, each one
event) is reduced to a key (lower case, digits to 0, words only, so that the lower-cased,
tokenised training text and cased web text give the same key), and a key is kept when

  - it recurs in at least --min-clusters different clusters (different events: recurrence
    across unrelated stories is the signature of furniture, not of a shared wire sentence);
  - it has at least MIN_WORDS words, and does not end on a one-letter word (a sentence cut
    after "u.s." or "gov." is a fragment whose key would match nothing useful);
  - it does not occur in any human reference summary of the training file (free labels for
    news prose: a sentence an editor wrote into a summary is not furniture; this drops, e.g.,
    "He was 00 years old." and "There were no reports of injuries.").

Sentences are split as ``newsdesk.clean.boilerplate_keys`` splits a line, so that the keys of
the list and of an article line are made the same way. The mining is deterministic (no
sampling: the seed of the brief is not needed); the output is sorted by key. Nothing of the
dev or test files is read.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from newsdesk.clean import boilerplate_keys, sentence_key

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newsdesk" / "data" / "boilerplate.txt"
TRAIN = "multinews-train-lowercased.jsonl"
MIN_WORDS = 5

HEADER = """\
# Sentences that recur across unrelated clusters of the Multi-News training file: page
# furniture. Built by benchmarks/build_boilerplate.py (see there); one key a line (lower
# case, digits as 0, words only), then a tab and the number of clusters it was found in.
"""


def build(data: Path, min_clusters: int) -> list[tuple[str, int]]:
    clusters: dict[str, set[int]] = defaultdict(set)
    summaries: list[str] = []
    with open(data / TRAIN, encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            record = json.loads(line)
            summaries.append(" " + sentence_key(" ".join(record["summaries"])) + " ")
            for document in record["documents"]:
                for key in boilerplate_keys(document):
                    words = key.split()
                    if len(words) >= MIN_WORDS and len(words[-1]) > 1:
                        clusters[key].add(number)
    prose = "\n".join(summaries)
    return sorted(
        (key, len(found))
        for key, found in clusters.items()
        if len(found) >= min_clusters and f" {key} " not in prose
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--min-clusters", type=int, default=3)
    args = parser.parse_args()
    keys = build(args.data, args.min_clusters)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(HEADER + "".join(f"{key}\t{count}\n" for key, count in keys), "utf-8")
    print(f"{len(keys)} keys written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
