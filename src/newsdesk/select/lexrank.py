"""LexRank: Erkan & Radev (2004), "LexRank: Graph-based Lexical Centrality as Salience in Text
Summarization", JAIR 22.

Sentences are nodes; two are linked when the IDF-modified cosine of their TF-IDF vectors
exceeds a threshold (the paper's 0.1). A sentence's salience is its stationary probability
under a random walk on this graph with a uniform jump (the paper's damping d = 0.15),
computed by power iteration. Selection takes the most salient sentences, skipping those too
similar to one already taken (the paper re-ranks with MEAD's redundancy filter).
"""

from __future__ import annotations

import numpy as np

from newsdesk.represent import Representation
from newsdesk.select.base import Summarizer, scored_presentable
from newsdesk.types import ScoredSentence, Story

THRESHOLD = 0.1
JUMP = 0.15
TOLERANCE = 1e-10
MAX_ITERATIONS = 1000


def stationary_distribution(transition: np.ndarray, jump: float = JUMP) -> np.ndarray:
    """The stationary distribution of a row-stochastic matrix with a uniform random jump."""
    size = transition.shape[0]
    scores = np.full(size, 1.0 / size)
    for _ in range(MAX_ITERATIONS):
        updated: np.ndarray = jump / size + (1.0 - jump) * (transition.T @ scores)
        if np.abs(updated - scores).sum() < TOLERANCE:
            return updated
        scores = updated
    return scores


def row_stochastic(weights: np.ndarray) -> np.ndarray:
    """Rows scaled to sum to 1; an empty row (an isolated sentence) jumps uniformly."""
    sums = weights.sum(axis=1, keepdims=True)
    uniform = np.full_like(weights, 1.0 / weights.shape[0])
    return np.asarray(np.where(sums > 0, weights / np.where(sums > 0, sums, 1.0), uniform))


class LexRank(Summarizer):
    """Degree-normalised random walk over the thresholded cosine graph."""

    name = "lexrank"

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        adjacency = (representation.similarity() > THRESHOLD).astype(np.float64)
        salience = stationary_distribution(row_stochastic(adjacency))
        return scored_presentable(representation, salience, "lexrank")
