"""Round-robin lead: the first sentence of every article, then every second, and so on.

The position baseline of multi-document news summarization (as in the DUC evaluations and
Fabbri et al. 2019, "Multi-News"): outlets put what matters first (the inverted pyramid), so
the leads of all articles, taken in turn, are hard to beat. No redundancy check, by design.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.represent import Representation
from newsdesk.select.base import Budget, Summarizer, greedy_select, ranks_in_article
from newsdesk.types import ScoredSentence, Story


class RoundRobinLead(Summarizer):
    """Sentence k of every article (in article order) before sentence k + 1 of any."""

    name = "lead"

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        ranks = ranks_in_article(representation.sentences)
        return [
            ScoredSentence(s, 1.0 / (1.0 + ranks[s.key]), {"rank": float(ranks[s.key])})
            for s in representation.sentences
            if s.presentable
        ]

    def select(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
    ) -> list[ScoredSentence]:
        # Equal scores fall back on article order: exactly the round-robin order.
        return greedy_select(scored, representation, budget, redundancy=None)
