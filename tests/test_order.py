from __future__ import annotations

from newsdesk.order import order_sentences
from newsdesk.types import ScoredSentence, Story


def test_earlier_relative_position_first(example_story: Story) -> None:
    first, second = example_story.articles[:2]
    late = [s for s in example_story.sentences if s.article_id == first.id][-1]
    early = next(s for s in example_story.sentences if s.article_id == second.id)
    ordered = order_sentences(
        [ScoredSentence(late, 9.0), ScoredSentence(early, 1.0)], example_story
    )
    assert [s.sentence for s in ordered] == [early, late]
