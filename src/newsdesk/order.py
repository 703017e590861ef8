"""Order: arrange selected sentences for reading.

News is written as an inverted pyramid, so a sentence's relative position in its own article
says how much context it assumes. Sentences are ordered by that position, then by score, then
by ``(article, index)`` so the order is total and deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsdesk.types import ScoredSentence, Story


def order_sentences(selected: Sequence[ScoredSentence], story: Story) -> list[ScoredSentence]:
    """The selected sentences, earliest relative position in their article first."""
    sizes = Counter(s.article_id for s in story.sentences)
    ranks = {article.id: rank for rank, article in enumerate(story.articles)}

    def key(item: ScoredSentence) -> tuple[float, float, int, int]:
        sentence = item.sentence
        relative = sentence.index / max(sizes[sentence.article_id], 1)
        return (relative, -item.score, ranks[sentence.article_id], sentence.index)

    return sorted(selected, key=key)
