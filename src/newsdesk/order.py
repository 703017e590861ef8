"""Order: arrange selected sentences for reading.

News is written as an inverted pyramid, so a sentence's relative position in its own article
says how much context it assumes. Sentences are ordered by that position, then by score, then
by ``(article, index)`` so the order is total and deterministic. Two adjacent sentences of
one article stay together, in their order: the second may lean on the first ("He said ...").
A summarizer that picks the brief's lead (the sentence stating the news), or an opening of a
few sentences, has it put first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsdesk.types import ScoredSentence, Story


def order_sentences(
    selected: Sequence[ScoredSentence],
    story: Story,
    *,
    lead: ScoredSentence | None = None,
    opening: Sequence[ScoredSentence] = (),
) -> list[ScoredSentence]:
    """The selected sentences, earliest relative position in their article first; the
    ``opening`` (or ``lead``), when the summarizer chose one, opens the brief in its order,
    each of its sentences followed by the selected sentences that follow it in its article."""
    if not opening and lead is not None:
        opening = [lead]
    opening = [item for item in opening if item in selected]
    sizes = Counter(s.article_id for s in story.sentences)
    ranks = {article.id: rank for rank, article in enumerate(story.articles)}

    def key(item: ScoredSentence) -> tuple[float, float, int, int]:
        sentence = item.sentence
        relative = sentence.index / max(sizes[sentence.article_id], 1)
        return (relative, -item.score, ranks[sentence.article_id], sentence.index)

    by_key = {item.sentence.key: item for item in selected}
    first = {id(item) for item in opening}

    def next_of(item: ScoredSentence) -> ScoredSentence | None:
        following = by_key.get((item.sentence.article_id, item.sentence.index + 1))
        return None if following is None or id(following) in first else following

    heads = [
        item
        for item in sorted(selected, key=key)
        if id(item) not in first
        and (item.sentence.article_id, item.sentence.index - 1) not in by_key
    ]
    ordered: list[ScoredSentence] = []
    for head in [*opening, *heads]:
        item: ScoredSentence | None = head
        while item is not None and item not in ordered:
            ordered.append(item)
            item = next_of(item)
    return ordered
