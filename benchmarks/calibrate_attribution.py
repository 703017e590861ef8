"""Precision and recall of citations at each support threshold, from hand judgements.

Usage: python benchmarks/calibrate_attribution.py [benchmarks/attribution_judgements.tsv]

The threshold in newsdesk.attribute.SUPPORT_THRESHOLD is the lowest one at which every judged
pair at or above it states the brief sentence's content (precision 1.0 on this set).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from newsdesk.attribute import SUPPORT_THRESHOLD

DEFAULT = Path(__file__).with_name("attribution_judgements.tsv")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    judged = [(float(r["containment"]), r["label"] == "1") for r in rows]
    positives = sum(label for _, label in judged)
    print(f"{len(judged)} judged pairs, {positives} supported; in force: {SUPPORT_THRESHOLD}")
    print("threshold  cited  correct  precision  recall")
    for step in range(45, 80, 5):
        threshold = step / 100
        cited = [label for value, label in judged if value >= threshold]
        correct = sum(cited)
        precision = correct / len(cited) if cited else 1.0
        print(
            f"{threshold:9.2f}  {len(cited):5d}  {correct:7d}  {precision:9.2f}  "
            f"{correct / positives:6.2f}"
        )


if __name__ == "__main__":
    main()
