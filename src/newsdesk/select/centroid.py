"""Centroid-based summarization: Radev, Jing, Styś & Tam (2004), "Centroid-based summarization
of multiple documents", Information Processing and Management 40 (the MEAD system).

The cluster's *centroid* is the mean over its articles of each word's TF-IDF weight. A
sentence scores the sum of three features (MEAD's default equal weights): its centroid value
C (the centroid weights of its words), its position value P = Cmax * (n - i + 1) / n for the
i-th of n sentences of its article, and its overlap F with the first sentence of its article.
MEAD's re-ranker then drops sentences too similar to one already chosen.

F is the cosine with the first sentence scaled by Cmax (the paper's inner product has no
fixed scale), so that the three features share a range.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from newsdesk.represent import Representation
from newsdesk.select.base import Summarizer
from newsdesk.types import ScoredSentence, Story


def centroid(representation: Representation) -> np.ndarray:
    """Mean over articles of term frequency times IDF, one weight per term."""
    articles = len({s.article_id for s in representation.sentences})
    total = np.asarray(representation.counts.sum(axis=0)).ravel()
    return np.asarray(total * representation.idf / max(articles, 1))


class Centroid(Summarizer):
    """MEAD: centroid value + position value + first-sentence overlap."""

    name = "centroid"

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        sentences = representation.sentences
        values = representation.presence @ centroid(representation)
        top = float(values.max()) if len(values) else 0.0
        first_row: dict[str, int] = {}
        size: dict[str, int] = defaultdict(int)
        for row, sentence in enumerate(sentences):
            first_row.setdefault(sentence.article_id, row)
            size[sentence.article_id] += 1
        scored = []
        for row, sentence in enumerate(sentences):
            if not sentence.presentable:
                continue
            article = sentence.article_id
            position_in_article = row - first_row[article]
            position = top * (size[article] - position_in_article) / size[article]
            first = representation.vectors[row] @ representation.vectors[first_row[article]].T
            overlap = top * float(first.sum())
            value = float(values[row]) + position + overlap
            features = {"centroid": float(values[row]), "position": position, "first": overlap}
            scored.append(ScoredSentence(sentence, value, features))
        return scored
