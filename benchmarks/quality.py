"""The quality table of the quality issue, and a pinned-floor regression check.

Usage:
  python benchmarks/quality.py [--data ../shared/data] [--out benchmarks/out]
      Every protocol below, every summarizer side by side, with bootstrap intervals and the
      share of sentences that open on a word needing context; per-cluster scores go to --out.
  python benchmarks/quality.py --floor
      The default summarizer on a small fixed subset (first clusters of multinews-dev and
      duc2003-task2); exits 1 when a score falls under its pinned floor. Seconds, for CI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsdesk.evaluate import evaluate

BASELINES = ["lead", "lexrank", "textrank", "centroid", "mmr", "concept"]
EVERY = ["newsdesk", "newsdesk.v1", *BASELINES]
# (data file, words, recall, clusters or None for all, summarizers)
PROTOCOLS = [
    ("multinews-dev.jsonl", 250, False, None, EVERY),
    ("duc2003-task2.jsonl", 100, True, None, EVERY),
    ("duc2003-task4.jsonl", 100, True, None, EVERY),
    ("multiling2011-english.jsonl", 250, False, None, EVERY),
    ("duc2007-update.jsonl", 100, True, None, ["newsdesk", "newsdesk.v1", "lead"]),
    ("multinews-plus-test-lowercased.jsonl", 250, False, 500, ["newsdesk", "newsdesk.v1", "lead"]),
]
# The floor subset and its floors: the default's scores there when pinned, less 0.5 point of
# slack so that an intended change of a few sentences does not trip it. Re-pin deliberately.
FLOOR_SUBSET = [("multinews-dev.jsonl", 250, False, 25), ("duc2003-task2.jsonl", 100, True, 10)]
# Re-pinned for newsdesk.v4 (issue 28), which trades ROUGE for sentences that stand alone,
# fewer repeats and no overtaken statements: it scores lower here than v3 did (v3's floors,
# pinned 2026-11-26 at 45.84 / 13.86 and 37.87 / 10.36, were 45.34 / 13.36 and 37.37 / 9.86).
FLOORS = {  # newsdesk.v4, pinned 2026-12-05 (measured 43.47 / 13.05 and 35.53 / 8.50)
    "multinews-dev.jsonl": {"rouge1": 42.97, "rouge2": 12.55},
    "duc2003-task2.jsonl": {"rouge1": 35.03, "rouge2": 8.00},
}


def full(data: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, words, recall, limit, summarizers in PROTOCOLS:
        evaluation = evaluate(
            data / name, words=words, summarizers=summarizers, recall=recall, limit=limit
        )
        evaluation.write_per_cluster(out / f"{Path(name).stem}.{words}w.scores.tsv")
        print(evaluation.table(), flush=True)


def floor(data: Path) -> int:
    failures = 0
    for name, words, recall, limit in FLOOR_SUBSET:
        result = evaluate(data / name, words=words, recall=recall, limit=limit).systems[0]
        for metric, pinned in FLOORS[name].items():
            value = getattr(result.mean, metric)
            ok = value >= pinned
            failures += not ok
            print(
                f"{name} first {limit}: {metric} {value:.2f} (floor {pinned:.2f}) "
                f"{'ok' if ok else 'BELOW FLOOR'}"
            )
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description="newsdesk quality benchmark")
    here = Path(__file__).resolve().parent
    parser.add_argument("--data", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=here / "out")
    parser.add_argument("--floor", action="store_true", help="run the pinned-floor check only")
    args = parser.parse_args()
    if args.floor:
        sys.exit(floor(args.data))
    full(args.data, args.out)


if __name__ == "__main__":
    main()
