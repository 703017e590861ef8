"""TextRank: Mihalcea & Tarau (2004), "TextRank: Bringing Order into Texts", EMNLP.

Sentences are nodes of an undirected graph weighted by their content overlap, the number of
words they share normalised by their lengths: |Si ∩ Sj| / (log |Si| + log |Sj|). Salience is
weighted PageRank (damping 0.85, as in the paper) computed by networkx. The most salient
sentences are taken first, skipping near-duplicates.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from newsdesk.represent import Representation
from newsdesk.select.base import Summarizer, scored_presentable
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
        import networkx as nx  # imported here: only this summarizer needs it

        graph = nx.from_scipy_sparse_array(overlap_weights(representation))
        rank = nx.pagerank(graph, alpha=DAMPING, weight="weight", tol=1e-10, max_iter=1000)
        salience = [rank[row] for row in range(len(representation.sentences))]
        return scored_presentable(representation, salience, "textrank")
