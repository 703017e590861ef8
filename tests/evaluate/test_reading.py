from __future__ import annotations

from newsdesk.evaluate.reading import orphans, restated_pairs
from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.segment import depends_on_context
from newsdesk.types import Brief, BriefSentence, ScoredSentence, Sentence


def test_a_restatement_is_found_and_a_new_fact_is_not() -> None:
    sentences = [
        "A bomb killed five people at a market in Kabul on Monday, police said.",
        "The president condemned the attack and promised an inquiry.",
        "Police said five people were killed at a Kabul market by a bomb on Monday.",
    ]
    assert restated_pairs(sentences) == [(0, 2)]


def test_openers_that_point_back_are_caught() -> None:
    assert depends_on_context("He said the talks would resume.")
    assert depends_on_context("The move drew criticism from both parties.")
    assert depends_on_context("The lawsuit seeks $2 million in damages.")
    assert not depends_on_context("The White House said on Friday that talks would resume.")
    assert not depends_on_context("Police in Ohio arrested a man on Tuesday.")


def test_an_orphan_leans_on_a_sentence_that_is_not_right_before_it() -> None:
    text = (
        "The city council approved a new budget for the coming year on Monday night. "
        "The move drew criticism from residents who packed the meeting hall."
    )
    story = prepare(story_from_cluster({"id": "council", "documents": [text]}))
    first, second = story.sentences

    def brief_of(*sentences: Sentence) -> Brief:
        cited = tuple(BriefSentence(ScoredSentence(s, 1.0), ()) for s in sentences)
        return Brief(cited, story, "test", {})

    assert orphans(brief_of(first, second)) == []
    assert [item.sentence for item in orphans(brief_of(second))] == [second]
    assert [item.sentence for item in orphans(brief_of(second, first))] == [second]
