from __future__ import annotations

import numpy as np

from newsdesk.trees import TreeEnsemble

# Tree 1: x0 <= 0.5 ? (x1 <= 2 ? 1.0 : 2.0) : 3.0 -- a leaf above the last level on the right.
# Tree 2: a single leaf.
TREES = {
    "trees": [
        {
            "feature": [0, 1],
            "threshold": [0.5, 2.0],
            "left": [1, ~0],
            "right": [~2, ~1],
            "leaf": [1.0, 2.0, 3.0],
            "root": 0,
        },
        {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [0.25], "root": ~0},
    ]
}


def test_every_path_of_a_tree_and_a_lone_leaf_are_summed() -> None:
    ensemble = TreeEnsemble.from_dict(TREES)
    rows = np.array([[0.0, 1.0], [0.5, 2.0], [0.0, 5.0], [0.9, 0.0], [7.0, 9.0]])
    assert ensemble.predict(rows).tolist() == [1.25, 1.25, 2.25, 3.25, 3.25]


def test_no_rows_no_values() -> None:
    assert TreeEnsemble.from_dict(TREES).predict(np.zeros((0, 2))).shape == (0,)
