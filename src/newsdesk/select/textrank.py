"""TextRank: Mihalcea & Tarau (2004), "TextRank: Bringing Order into Texts", EMNLP.

Sentences are nodes of an undirected graph weighted by their content overlap, the number of
words they share normalised by their lengths: |Si ∩ Sj| / (log |Si| + log |Sj|). Salience is
weighted PageRank (damping 0.85, as in the paper), by power iteration over the sparse graph
(what networkx's ``pagerank`` computes, without building a Python object per edge). The most
salient sentences are taken first, skipping near-duplicates.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from newsdesk.represent import Representation
from newsdesk.select.base import Summarizer, scored_presentable
from newsdesk.select.lexrank import row_normalised, stationary_distribution
from newsdesk.types import ScoredSentence, Story

DAMPING = 0.85


def overlap_weights(representation: Representation) -> sp.csr_matrix:
    """The paper's similarity between every pair of sentences (zero on the diagonal)."""
    sentences = representation.sentences
    presence = representation.presence
    shared = sp.csr_matrix(presence @ presence.T)
    log_length = np.log(np.array([max(s.words, 1) for s in sentences], dtype=np.float64))
    coo = shared.tocoo()
    denominator = log_length[coo.row] + log_length[coo.col]
    keep = (coo.row != coo.col) & (denominator > 0)
    values = coo.data[keep] / denominator[keep]
    return sp.csr_matrix((values, (coo.row[keep], coo.col[keep])), shape=shared.shape)


class TextRank(Summarizer):
    """Weighted PageRank over the content-overlap graph of sentences."""

    name = "textrank"

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        transition = row_normalised(overlap_weights(representation))
        salience = stationary_distribution(transition, jump=1.0 - DAMPING)
        return scored_presentable(representation, salience, "textrank")
