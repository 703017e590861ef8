"""Train the learned salience of ``newsdesk.v3`` and write it as package data.

Data: the first 15,000 clusters of Multi-News TRAIN (``multinews-train-lowercased.jsonl``)
to fit, the Multi-News VALIDATION clusters (``multinews-val-lowercased.jsonl``) to choose the
number of trees (early stopping). Test-derived files (multinews-dev, the lower-cased test
copy) and the DUC sets are never read here.

Each cluster goes through newsdesk's own ingest, clean, segment and represent stages, so the
features are exactly those the summarizer computes at run time
(:func:`newsdesk.select.features.sentence_features`). Two targets per presentable sentence:

- ``salience``: how much of the sentence the reference summary states: the mean of its
  ROUGE-1 and ROUGE-2 precision against the reference (stemmed words), centred within its
  cluster (what matters is the order inside a cluster);
- ``lead``: ROUGE-1 F1 (stemmed words) of the sentence against the reference's first
  sentence, centred likewise: Multi-News references open with the news.

Two LightGBM regressors (seeded, deterministic, one thread) are fitted and exported as plain
arrays (``src/newsdesk/data/salience.json``) that :mod:`newsdesk.trees`
evaluates with numpy: the installed package never imports LightGBM.

Usage (needs ``pip install lightgbm``; about 10 minutes on 2 cores):
  python training/salience.py [--data ../shared/data] [--train 15000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import sys
import time
from collections.abc import Iterator
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import NewsdeskError
from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.represent import _stemmer, represent
from newsdesk.segment import split_sentences
from newsdesk.select.features import FEATURE_NAMES, sentence_features

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE.parent / "src" / "newsdesk" / "data" / "salience.json"
SEED = 13
_WORD = re.compile(r"[a-z0-9]+")

PARAMS: dict[str, Any] = {
    "objective": "regression",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "max_depth": 6,  # evaluated level by level at run time (newsdesk.trees)
    "min_data_in_leaf": 200,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
MAX_TREES = 400
TARGETS = ("salience", "lead")
EARLY_STOPPING = 30


def stems(text: str) -> list[str]:
    """Lower-cased word tokens, Snowball-stemmed (stop words kept, as ROUGE keeps them)."""
    stemmer: Any = _stemmer()
    return list(stemmer.stemWords(_WORD.findall(text.lower())))


def cluster_rows(line: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Features and the two targets of every presentable sentence of one cluster line."""
    record = json.loads(line)
    reference = " ".join(record["summaries"])
    try:
        story = prepare(story_from_cluster(record))
    except NewsdeskError:
        return None
    representation = represent(story)
    rows, features = sentence_features(representation)
    if len(rows) < 2:
        return None
    reference_words = stems(reference)
    reference_bigrams = set(pairwise(reference_words))
    first = split_sentences(reference)[:1]
    lead_words = set(stems(first[0])) if first else set()
    reference_unigrams = set(reference_words)
    salience = np.zeros(len(rows))
    lead = np.zeros(len(rows))
    for k, row in enumerate(rows):
        words = stems(representation.sentences[row].text)
        bigrams = list(pairwise(words))
        p1 = sum(w in reference_unigrams for w in words) / max(len(words), 1)
        p2 = sum(b in reference_bigrams for b in bigrams) / max(len(bigrams), 1)
        salience[k] = (p1 + p2) / 2
        unique = set(words)
        overlap = len(unique & lead_words)
        if overlap:
            precision, recall = overlap / len(unique), overlap / len(lead_words)
            lead[k] = 2 * precision * recall / (precision + recall)
    return features, np.vstack([salience - salience.mean(), lead - lead.mean()])


def extract(path: Path, limit: int, jobs: int) -> dict[str, np.ndarray]:
    """Stacked features, targets and cluster ids (for grouping) of the first ``limit`` lines."""
    started = time.time()
    with open(path, encoding="utf-8") as handle:
        lines = list(islice(handle, limit))
    parts: list[tuple[int, tuple[np.ndarray, np.ndarray]]] = []
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for number, result in enumerate(pool.imap(cluster_rows, lines, chunksize=32)):
            if result is not None:
                parts.append((number, result))
    print(
        f"{path.name}: {len(lines)} clusters, {len(parts)} used, "
        f"{sum(len(p[1][0]) for p in parts)} sentences, {time.time() - started:.0f} s",
        file=sys.stderr,
    )
    targets = np.hstack([p[1][1] for p in parts])
    return {
        "features": np.vstack([p[1][0] for p in parts]),
        **{name: targets[i] for i, name in enumerate(TARGETS)},
        "cluster": np.concatenate([np.full(len(p[1][0]), p[0]) for p in parts]),
    }


def fit(train: dict[str, np.ndarray], val: dict[str, np.ndarray], target: str) -> Any:
    import lightgbm

    train_set = lightgbm.Dataset(
        train["features"], train[target], feature_name=list(FEATURE_NAMES), free_raw_data=False
    )
    val_set = lightgbm.Dataset(val["features"], val[target], reference=train_set)
    booster = lightgbm.train(
        PARAMS,
        train_set,
        num_boost_round=MAX_TREES,
        valid_sets=[val_set],
        callbacks=[lightgbm.early_stopping(EARLY_STOPPING, verbose=False)],
    )
    predicted = booster.predict(val["features"], num_iteration=booster.best_iteration)
    print(
        f"{target}: {booster.best_iteration} trees, validation L2 "
        f"{np.mean((predicted - val[target]) ** 2):.6f} (constant: "
        f"{np.mean(val[target] ** 2):.6f}), rank correlation within clusters "
        f"{_within_cluster_correlation(predicted, val[target], val['cluster']):.3f}",
        file=sys.stderr,
    )
    return booster


def export(booster: Any) -> dict[str, Any]:
    """The booster's trees as plain node lists (see :mod:`newsdesk.trees`)."""
    dump = booster.dump_model(num_iteration=booster.best_iteration)
    return {"trees": [_export_tree(info["tree_structure"]) for info in dump["tree_info"]]}


def _export_tree(structure: dict[str, Any]) -> dict[str, Any]:
    """One tree: for every split node its feature, threshold and children (a child below 0
    is the leaf ``~child``), the leaf values, and the root."""
    nodes: list[dict[str, Any]] = []
    leaves: list[float] = []

    def visit(node: dict[str, Any]) -> int:
        if "leaf_value" in node:
            leaves.append(round(float(node["leaf_value"]), 7))
            return ~(len(leaves) - 1)
        if node["decision_type"] != "<=":
            raise ValueError(f"unsupported split: {node['decision_type']}")
        at = len(nodes)
        nodes.append({})
        left, right = visit(node["left_child"]), visit(node["right_child"])
        nodes[at] = {
            "feature": int(node["split_feature"]),
            "threshold": float(node["threshold"]),
            "left": left,
            "right": right,
        }
        return at

    root = visit(structure)
    return {
        **{key: [n[key] for n in nodes] for key in ("feature", "threshold", "left", "right")},
        "leaf": leaves,
        "root": root,
    }


def _within_cluster_correlation(
    predicted: np.ndarray, target: np.ndarray, cluster: np.ndarray
) -> float:
    values = []
    for group in _groups(cluster):
        if len(group) > 2 and target[group].std() > 0 and predicted[group].std() > 0:
            values.append(np.corrcoef(_rank(predicted[group]), _rank(target[group]))[0, 1])
    return float(np.mean(values))


def _groups(cluster: np.ndarray) -> Iterator[np.ndarray]:
    bounds = np.flatnonzero(np.r_[True, cluster[1:] != cluster[:-1], True])
    for a, b in pairwise(bounds):
        yield np.arange(a, b)


def _rank(values: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(values, kind="stable"), kind="stable").astype(float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--train", type=int, default=15_000, help="training clusters")
    parser.add_argument("--val", type=int, default=5_622, help="validation clusters")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=HERE / "out")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    sets = {}
    for name, file, limit in (
        ("train", "multinews-train-lowercased.jsonl", args.train),
        ("val", "multinews-val-lowercased.jsonl", args.val),
    ):
        cached = args.cache / f"{name}-{limit}.npz"
        if cached.exists() and _cache_fits(cached):
            sets[name] = dict(np.load(cached))
        else:
            sets[name] = extract(args.data / file, limit, args.jobs)
            np.savez_compressed(cached, names=np.array(FEATURE_NAMES), **sets[name])
    started = time.time()
    model = {
        "features": list(FEATURE_NAMES),
        "trained_on": f"multinews-train-lowercased.jsonl, first {args.train} clusters",
        "tuned_on": f"multinews-val-lowercased.jsonl, first {args.val} clusters",
        "params": {k: v for k, v in PARAMS.items() if k not in ("verbose", "num_threads")},
    }
    for target in ("salience", "lead"):
        model[target] = export(fit(sets["train"], sets["val"], target))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB) in "
        f"{time.time() - started:.0f} s of training",
        file=sys.stderr,
    )


def _cache_fits(path: Path) -> bool:
    with np.load(path) as cached:
        return tuple(cached["names"]) == FEATURE_NAMES


if __name__ == "__main__":
    main()
