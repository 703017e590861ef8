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


def test_a_sentence_follows_the_one_before_it_in_its_article(example_story: Story) -> None:
    first, second = example_story.articles[:2]
    own = [s for s in example_story.sentences if s.article_id == first.id]
    other = next(s for s in example_story.sentences if s.article_id == second.id)
    lead, before, after = own[-1], own[1], own[2]
    chosen = [ScoredSentence(s, 1.0) for s in (after, other, before, lead)]
    ordered = order_sentences(chosen, example_story, lead=chosen[3])
    texts = [s.sentence for s in ordered]
    assert texts[0] == lead  # the summarizer's lead opens the brief
    assert texts.index(after) == texts.index(before) + 1
