"""Order: arrange selected sentences for reading.

News is written as an inverted pyramid, so a sentence's relative position in its own article
says how much context it assumes. Sentences are ordered by that position, then by score, then
by ``(article, index)`` so the order is total and deterministic. A summarizer that picks the
brief's lead (the sentence stating the news) has it put first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsdesk.types import ScoredSentence, Story


def order_sentences(
    selected: Sequence[ScoredSentence], story: Story, *, lead: ScoredSentence | None = None
) -> list[ScoredSentence]:
    """The selected sentences, earliest relative position in their article first; ``lead``,
    when the summarizer chose one, opens the brief."""
    sizes = Counter(s.article_id for s in story.sentences)
    ranks = {article.id: rank for rank, article in enumerate(story.articles)}

    def key(item: ScoredSentence) -> tuple[float, float, int, int]:
        sentence = item.sentence
        relative = sentence.index / max(sizes[sentence.article_id], 1)
        return (relative, -item.score, ranks[sentence.article_id], sentence.index)

    rest = sorted((item for item in selected if item is not lead), key=key)
    return [lead, *rest] if lead is not None and lead in selected else rest
