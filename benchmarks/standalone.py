"""The shipped stand-alone model on its held-aside labelled test part (issue 28, item 2).

The test part is blocks X1 and X2 of ``training/labels`` (400 sentences of the Multi-News
VALIDATION file, read per training/labels/PROTOCOL.md by readers who did not build the model,
never used in training or tuning). Each sentence is rebuilt from ``../shared/data`` by its key,
its features computed by today's code (:func:`newsdesk.standalone.context_features`), and every
head of ``data/standalone.json`` answers at its shipped threshold.

Usage: python benchmarks/standalone.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

from standalone import HEADS, TEST_BLOCKS, featurise, precision_recall, read_labels, targets  # noqa: E402
from standalone_sample import DATA, load_items  # noqa: E402

from newsdesk.standalone import context_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no data at {args.data}")
    model = context_model()
    test = {k: v for block in TEST_BLOCKS for k, v in read_labels(block).items()}
    items = load_items(list(test), args.data)
    keys = [k for k in test if k in items]
    x = featurise([items[k] for k in keys], dict(model.openings))
    blocks = ", ".join(TEST_BLOCKS)
    print(f"test part: {len(keys)} of {len(test)} labelled sentences rebuilt ({blocks})")
    for head in HEADS:
        y = np.array([targets(test[k])[head] for k in keys])
        scores = 1.0 / (1.0 + np.exp(-model.heads[head].predict(x)))
        threshold = model.thresholds[head]
        precision, recall = precision_recall(scores, y, threshold)
        print(
            f"{head:12s} threshold {threshold:.2f}: precision {precision:.3f}, recall {recall:.3f} "
            f"({int(y.sum())} of {len(y)} positive)"
        )


if __name__ == "__main__":
    main()
