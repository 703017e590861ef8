"""Gradient-boosted regression trees evaluated with numpy.

The trees are fitted by LightGBM (Ke et al. 2017, "LightGBM: A Highly Efficient Gradient
Boosting Decision Tree") in ``training/salience.py`` and exported as plain node lists;
evaluating them needs no LightGBM, so the default install stays light and starts fast.

On loading, every tree is laid out as a complete binary tree of the ensemble's depth (a
shallower leaf is pushed down through splits that always go left), so all trees are walked
at once, one level a step: a story costs a few numpy calls per level whatever the number of
trees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TreeEnsemble:
    """Sum of complete regression trees of ``depth`` levels, in heap order.

    Node ``j`` of tree ``t`` sends a row to child ``2j + 1`` when
    ``x[feature[t, j]] <= threshold[t, j]``, else to ``2j + 2``; the nodes of the last level
    are the leaves ``leaf[t, j - (2 ** depth - 1)]``.
    """

    depth: int
    feature: np.ndarray
    threshold: np.ndarray
    leaf: np.ndarray

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TreeEnsemble:
        """Read the node lists written by the training script (``{"trees": [...]}``): per
        tree ``feature``, ``threshold``, ``left`` and ``right`` per split node (a child below
        0 is the leaf ``~child``), ``leaf`` values and the ``root``."""
        trees: Sequence[Mapping[str, Any]] = data["trees"]
        depth = max((_depth(tree, tree["root"]) for tree in trees), default=0)
        inner = 2**depth - 1
        feature = np.zeros((len(trees), max(inner, 1)), dtype=np.int64)
        threshold = np.full((len(trees), max(inner, 1)), np.inf)
        leaf = np.zeros((len(trees), 2**depth))
        for t, tree in enumerate(trees):
            stack = [(tree["root"], 0, 0)]  # (node, heap position, level)
            while stack:
                node, position, level = stack.pop()
                if level == depth:
                    leaf[t, position - inner] = tree["leaf"][~node]
                    continue
                if node < 0:  # a leaf above the last level: always go left
                    stack.append((node, 2 * position + 1, level + 1))
                    continue
                feature[t, position] = tree["feature"][node]
                threshold[t, position] = tree["threshold"][node]
                stack.append((tree["left"][node], 2 * position + 1, level + 1))
                stack.append((tree["right"][node], 2 * position + 2, level + 1))
        return cls(depth, feature, threshold, leaf)

    def predict(self, features: np.ndarray) -> np.ndarray:
        """The ensemble's value for every row of ``features``."""
        n_trees, n_rows = len(self.leaf), features.shape[0]
        # Flat indices: node j of tree t is t * width + j; feature f of row r is f * rows + r.
        values = np.ascontiguousarray(features.T).ravel()
        rows = np.arange(n_rows)[None, :]
        tree_start = (np.arange(n_trees) * self.feature.shape[1])[:, None]
        split_feature, split_threshold = self.feature.ravel(), self.threshold.ravel()
        node = np.zeros((n_trees, n_rows), dtype=np.int64)
        for _ in range(self.depth):
            at = node + tree_start
            goes_right = values[split_feature[at] * n_rows + rows] > split_threshold[at]
            node = 2 * node + 1 + goes_right
        leaves = node - (2**self.depth - 1) + (np.arange(n_trees) * self.leaf.shape[1])[:, None]
        return np.asarray(self.leaf.ravel()[leaves].sum(axis=0))


def _depth(tree: Mapping[str, Any], node: int) -> int:
    if node < 0:
        return 0
    return 1 + max(_depth(tree, tree["left"][node]), _depth(tree, tree["right"][node]))
