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
import scipy.sparse as sp

from newsdesk.represent import Representation
from newsdesk.select.base import Summarizer, scored_presentable
from newsdesk.types import ScoredSentence, Story

THRESHOLD = 0.1
JUMP = 0.15
TOLERANCE = 1e-10
MAX_ITERATIONS = 1000
# Rows of the similarity matrix computed at a time (bounds the memory of one block).
GRAPH_BLOCK_ROWS = 2000


def stationary_distribution(transition: sp.csr_matrix, jump: float = JUMP) -> np.ndarray:
    """The stationary distribution of a row-stochastic matrix with a uniform random jump.

    An empty row (an isolated sentence) stands for a uniform row: its mass is spread evenly.
    """
    size = transition.shape[0]
    empty = np.diff(transition.indptr) == 0
    to_transpose = transition.T.tocsr()
    scores = np.full(size, 1.0 / size)
    for _ in range(MAX_ITERATIONS):
        walked = to_transpose @ scores + scores[empty].sum() / size
        updated: np.ndarray = jump / size + (1.0 - jump) * walked
        if np.abs(updated - scores).sum() < TOLERANCE:
            return updated
        scores = updated
    return scores


def similarity_graph(vectors: sp.csr_matrix, threshold: float = THRESHOLD) -> sp.csr_matrix:
    """Links between sentences whose cosine exceeds the threshold, row-normalised.

    Built in blocks of rows and kept sparse, so memory grows with the links, not with the
    square of the number of sentences (the graph of a 1,000-article cluster fits).
    """
    blocks = []
    for start in range(0, vectors.shape[0], GRAPH_BLOCK_ROWS):
        block = sp.csr_matrix(vectors[start : start + GRAPH_BLOCK_ROWS] @ vectors.T)
        block.data = (block.data > threshold).astype(np.float64)
        block.eliminate_zeros()
        blocks.append(block)
    if not blocks:
        return sp.csr_matrix((0, 0))
    return row_normalised(sp.csr_matrix(sp.vstack(blocks)))


def row_normalised(weights: sp.csr_matrix) -> sp.csr_matrix:
    """Each row scaled to sum to 1 (a random walk's transitions); empty rows stay empty."""
    sums = np.asarray(weights.sum(axis=1)).ravel()
    return sp.csr_matrix(sp.diags(1.0 / np.where(sums > 0, sums, 1.0)) @ weights)


class LexRank(Summarizer):
    """Degree-normalised random walk over the thresholded cosine graph."""

    name = "lexrank"

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        salience = stationary_distribution(similarity_graph(representation.vectors))
        return scored_presentable(representation, salience, "lexrank")
