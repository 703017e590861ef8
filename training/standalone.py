"""Train the stand-alone model: does a sentence lean on what precedes it in its article?

Labels: sentences of the Multi-News TRAINING file read per training/labels/PROTOCOL.md
(blocks O, resolved from two readers, T1-T4 and F); the test part, blocks X1 and X2 from the
VALIDATION file, is never used here except to print the final figures. Features:
:func:`newsdesk.standalone.context_features`; opening statistics are mined from the first
15,000 training clusters (how often each opening of one, two or three words starts an article
rather than a later sentence: the free signal of training/context_openers.py, kept as a
smoothed log ratio instead of a cut list).

Two gradient-boosted tree ensembles (LightGBM, seeded, exported as node lists evaluated with
numpy by :mod:`newsdesk.trees`): ``context`` (the sentence needs anything before it)
and ``previous`` (it needs more than a person's introduction). Each threshold is the lowest
probability at which 5-fold cross-validated precision on the training labels reaches
``TARGET_PRECISION``.

Usage: python training/standalone.py [--data ../shared/data] [--report]
       (needs ``pip install lightgbm``; about a minute)
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from salience import export  # noqa: E402
from standalone_sample import DATA, Item, load_items  # noqa: E402

from newsdesk.segment import split_sentences  # noqa: E402
from newsdesk.standalone import (  # noqa: E402
    CONTEXT_FEATURES,
    context_features,
    rare_test,
)

OUTPUT = HERE.parent / "src" / "newsdesk" / "data" / "standalone.json"
LABELS = HERE / "labels"
TRAIN_BLOCKS = ("O-resolved", "T1-a", "T2-b", "T3-c", "T4-d", "F1-c", "F2-d")
TEST_BLOCKS = ("X1-a", "X2-b")
SEED = 28
TARGET_PRECISION = 0.85
RUNTIME_RECALL = 0.9
VOICE_PRECISION = 0.65
# Openings: kept when seen at least this often; smoothed with PRIOR sentences at the base rate.
MIN_OPENING = 30
PRIOR = 5
MAX_OPENINGS = 4000
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "max_depth": 4,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "verbose": -1,
}
ROUNDS = 300
_WORD = re.compile(r"[a-z0-9']+")


def mine_openings(data: Path, clusters: int = 15_000) -> dict[str, float]:
    """log(rate of starting an article / base rate), smoothed, for frequent openings."""
    first: Counter[str] = Counter()
    later: Counter[str] = Counter()
    with open(data / "multinews-train-lowercased.jsonl", encoding="utf-8") as handle:
        for line in islice(handle, clusters):
            for document in json.loads(line)["documents"]:
                for position, sentence in enumerate(split_sentences(document)):
                    words = _WORD.findall(sentence.lower())[:3]
                    keys = [" ".join(words[: n + 1]) for n in range(len(words))]
                    (first if position == 0 else later).update(keys)
    singles = [k for k in set(first) | set(later) if " " not in k]
    base = sum(first[k] for k in singles) / max(sum(first[k] + later[k] for k in singles), 1)
    scores = {}
    for key in set(first) | set(later):
        total = first[key] + later[key]
        if total < MIN_OPENING:
            continue
        rate = (first[key] + PRIOR * base) / (total + PRIOR)
        scores[key] = round(math.log(rate / base), 4)
    kept = sorted(scores, key=lambda k: (-(first[k] + later[k]), k))[:MAX_OPENINGS]
    return {k: scores[k] for k in sorted(kept)}


def read_labels(block: str) -> dict[str, dict[str, str]]:
    rows = [
        line.rstrip("\n").split("\t")
        for line in (LABELS / f"standalone-{block}.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    header = rows[0]
    return {
        r[0]: dict(zip(header, r + [""] * (len(header) - len(r)), strict=True)) for r in rows[1:]
    }


# The heads: ``context`` (any need), ``previous`` (a need only its article's previous sentence
# meets), ``voice``, and one per kind of need the brief may meet otherwise or must refuse.
KINDS = ("pronoun", "description", "sequence", "quote", "other")
HEADS = ("context", "previous", "voice", *KINDS)


def targets(label: dict[str, str]) -> dict[str, int]:
    needs = {n for n in label["needs"].split(",") if n}
    context = int(label["context"] == "1")
    return {
        "context": context,
        "previous": int(context and bool(needs - {"name"})),
        "voice": int(label["voice"] == "1"),
        **{kind: int(context and kind in needs) for kind in KINDS},
    }


def featurise(items: list[Item], openings: dict[str, float]) -> np.ndarray:
    is_rare = rare_test()
    rows = []
    for item in items:
        sentences = item.article_sentences
        at = next(k for k, s in enumerate(sentences) if s.index == item.sentence.index)
        rows.append(context_features(sentences, openings=openings, is_rare=is_rare)[at])
    return np.array(rows, dtype=np.float64)


def fit(x: np.ndarray, y: np.ndarray) -> Any:
    import lightgbm

    # Few positives (a kind of need, voice): fewer, smaller trees, so that they do not learn
    # a handful of sentences by heart.
    rare = y.mean() < 0.25
    params = {**PARAMS, "num_leaves": 7} if rare else PARAMS
    return lightgbm.train(params, lightgbm.Dataset(x, y), num_boost_round=150 if rare else ROUNDS)


def cross_validated(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each training sentence's probability from a model fitted on the other four folds."""
    folds = np.arange(len(y)) % 5
    np.random.default_rng(SEED).shuffle(folds)
    scores = np.zeros(len(y))
    for fold in range(5):
        model = fit(x[folds != fold], y[folds != fold])
        scores[folds == fold] = model.predict(x[folds == fold])
    return scores


def precision_recall(scores: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    said = scores >= threshold
    hits = float((said & (y == 1)).sum())
    return hits / max(float(said.sum()), 1.0), hits / max(float((y == 1).sum()), 1.0)


def threshold_for(
    scores: np.ndarray, y: np.ndarray, *, precision: float = 0.0, recall: float = 0.0
) -> float:
    """With ``precision``: the lowest threshold whose precision reaches it; with ``recall``:
    the highest threshold whose recall still reaches it."""
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]
    if precision:
        return next((t for t in grid if precision_recall(scores, y, t)[0] >= precision), 0.95)
    return next((t for t in reversed(grid) if precision_recall(scores, y, t)[1] >= recall), 0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    print("mining openings ...", flush=True)
    openings = mine_openings(args.data)
    print(f"{len(openings)} openings; drawing the labelled sentences ...", flush=True)
    train = {
        k: v
        for b in TRAIN_BLOCKS
        if (LABELS / f"standalone-{b}.tsv").exists()
        for k, v in read_labels(b).items()
    }
    test = {k: v for b in TEST_BLOCKS for k, v in read_labels(b).items()}
    items = load_items([*train, *test], args.data)
    train = {k: v for k, v in train.items() if k in items}
    test = {k: v for k, v in test.items() if k in items}
    train_items = [items[k] for k in train]
    test_items = [items[k] for k in test]
    x_train, x_test = featurise(train_items, openings), featurise(test_items, openings)
    model = {
        "features": list(CONTEXT_FEATURES),
        "openings": openings,
        "trained_on": sorted(b for b in TRAIN_BLOCKS if (LABELS / f"standalone-{b}.tsv").exists()),
    }
    # ``context`` is reported at the threshold where cross-validated precision reaches the
    # target; ``previous`` decides what a brief may print, where a missed need is an error a
    # reader sees and a false one only costs a candidate: its threshold keeps a recall of
    # RUNTIME_RECALL in cross-validation. ``voice`` is rarer (a tenth of the sentences) and
    # much of it is refused by rule already (a quotation's tail, the first person: see
    # newsdesk.segment); the test refuses what it is fairly sure of: cross-validated
    # precision VOICE_PRECISION (at recall 0.9 it would refuse a third of all sentences).
    for name in HEADS:
        y_train = np.array([targets(train[k])[name] for k in train])
        y_test = np.array([targets(test[k])[name] for k in test])
        scores = cross_validated(x_train, y_train)
        if name == "context":
            threshold = threshold_for(scores, y_train, precision=TARGET_PRECISION)
        elif name == "voice":
            threshold = threshold_for(scores, y_train, precision=VOICE_PRECISION)
        else:
            threshold = threshold_for(scores, y_train, recall=RUNTIME_RECALL)
        booster = fit(x_train, y_train)
        cv = precision_recall(scores, y_train, threshold)
        held = precision_recall(booster.predict(x_test), y_test, threshold)
        print(
            f"{name}: {len(y_train)} training sentences ({y_train.mean():.1%} positive), "
            f"threshold {threshold} (5-fold CV precision {cv[0]:.3f}, recall {cv[1]:.3f}); "
            f"TEST ({len(y_test)} sentences, {y_test.mean():.1%} positive): precision "
            f"{held[0]:.3f}, recall {held[1]:.3f}"
        )
        model[name] = export(booster)
        model[f"{name}_threshold"] = threshold
    OUTPUT.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
