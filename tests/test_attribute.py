from __future__ import annotations

from conftest import DEGRADED_FILE

from newsdesk.attribute import SUPPORT_THRESHOLD, attribute, best_support
from newsdesk.represent import represent
from newsdesk.types import ScoredSentence, Story


def _scored(story: Story, text: str) -> ScoredSentence:
    return ScoredSentence(next(s for s in story.sentences if s.text == text), 1.0)


def test_own_article_is_cited_first(example_story: Story) -> None:
    representation = represent(example_story)
    item = _scored(example_story, "The second one is a follow-up of the first.")
    [cited] = attribute([item], representation)
    assert cited.citations[0].article_id == item.sentence.article_id
    assert cited.citations[0].support == 1.0


def test_degraded_article_supports_without_being_quoted(example_story: Story) -> None:
    representation = represent(example_story)
    degraded = next(a for a in example_story.articles if a.source == DEGRADED_FILE)
    item = _scored(
        example_story,
        "Trump administration officials are reportedly planning on going to Vietnam for the "
        "next summit between the US president and North Korean leader Kim Jong Un, people "
        "familiar with the plans told Bloomberg.",
    )
    [cited] = attribute([item], representation)
    assert degraded.id in [c.article_id for c in cited.citations]


def test_differing_date_never_supports(example_story: Story) -> None:
    # 004 says the first summit was on June 12, but never mentions "late February".
    representation = represent(example_story)
    item = _scored(
        example_story,
        "On Friday, after a meeting between Trump and Vice Chairman Kim Yong Chol, one of Kim's "
        "top aides and a former spy chief, the White House said the next meeting between the "
        "two leaders would take place in late February.",
    )
    by_article = {c.article_id: c.support for c in best_support(item, representation)}
    other = next(a for a in example_story.articles if a.source.startswith("004"))
    assert by_article[other.id] == 0.0


def test_unrelated_outlet_is_not_cited(example_story: Story) -> None:
    representation = represent(example_story)
    item = _scored(
        example_story, '"Lord willing, I\'ll be traveling before the end of the year," Pompeo said.'
    )
    [cited] = attribute([item], representation)
    assert [c.article_id for c in cited.citations] == [item.sentence.article_id]
    assert SUPPORT_THRESHOLD > 0.5
