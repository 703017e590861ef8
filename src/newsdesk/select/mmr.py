"""Maximal Marginal Relevance: Carbonell & Goldstein (1998), "The Use of MMR, Diversity-Based
Reranking for Reordering Documents and Producing Summaries", SIGIR.

Each step takes the sentence maximising  λ·sim(s, Q) − (1 − λ)·max sim(s, chosen), with cosine
similarity of TF-IDF vectors. For a generic (query-less) summary the query Q is the cluster
itself: the mean of all sentence vectors. λ = 0.7 favours relevance, as in the paper's
summarization runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsdesk.represent import Representation
from newsdesk.segment import MIN_PRESENTABLE_WORDS
from newsdesk.select.base import Budget, Summarizer, scored_presentable
from newsdesk.types import ScoredSentence, Story

LAMBDA = 0.7


class MMR(Summarizer):
    """Relevance to the whole cluster, minus similarity to what is already chosen."""

    name = "mmr"

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        vectors = representation.vectors
        query = np.asarray(vectors.mean(axis=0)).ravel()
        norm = np.linalg.norm(query)
        relevance = vectors @ (query / norm if norm else query)
        return scored_presentable(representation, relevance, "relevance")

    def select(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
    ) -> list[ScoredSentence]:
        pool = list(scored)
        rows = np.array([representation.row(item.sentence.key) for item in pool], dtype=int)
        vectors = representation.vectors[rows]  # similarities are computed to chosen rows only
        relevance = np.array([item.score for item in pool])
        closest = np.zeros(len(pool))  # max similarity to a chosen sentence
        taken = np.zeros(len(pool), dtype=bool)
        chosen: list[ScoredSentence] = []
        words_left = budget.words
        while not taken.all():
            if budget.sentences is not None and len(chosen) >= budget.sentences:
                break
            if words_left is not None and words_left < MIN_PRESENTABLE_WORDS:
                break
            fits = ~taken
            if words_left is not None:
                fits &= np.array([item.sentence.words <= words_left for item in pool])
            if not fits.any():
                break
            marginal = np.where(fits, LAMBDA * relevance - (1 - LAMBDA) * closest, -np.inf)
            best = int(np.argmax(marginal))  # the first maximum: deterministic
            taken[best] = True
            chosen.append(pool[best])
            closest = np.maximum(closest, (vectors @ vectors[best].T).toarray().ravel())
            if words_left is not None:
                words_left -= pool[best].sentence.words
        return chosen
