from __future__ import annotations

from newsdesk.evaluate.reading import context_risks, orphans, restated_pairs
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


def test_context_risk_is_the_chance_a_sentence_leans_on_one_not_before_it() -> None:
    text = (
        "The city council approved a new budget for the coming year on Monday night. "
        "The move drew criticism from residents who packed the meeting hall."
    )
    story = prepare(story_from_cluster({"id": "council", "documents": [text]}))
    first, second = story.sentences

    def brief_of(*sentences: Sentence) -> Brief:
        cited = tuple(BriefSentence(ScoredSentence(s, 1.0), ()) for s in sentences)
        return Brief(cited, story, "test", {})

    alone = context_risks(brief_of(second))[0]
    assert alone > 0.5  # "The move" leans on the sentence before it
    assert context_risks(brief_of(first, second))[1] == 0.0  # which is right before it
    assert 0.0 < context_risks(brief_of(first))[0] < alone  # a lede may still need a headline


def test_a_surname_never_introduced_cannot_run() -> None:
    text = (
        "Police arrested David Chaney on Monday after a long search across the state. "
        "Investigators said the arrest followed a tip from a neighbour of the suspect."
    )
    other = "Chaney told the court on Tuesday that he was innocent of all the charges."
    story = prepare(story_from_cluster({"id": "chaney", "documents": [text, other]}))
    court = next(s for s in story.sentences if s.text.startswith("Chaney"))
    introduced = next(s for s in story.sentences if "David Chaney" in s.text)
    alone = Brief((BriefSentence(ScoredSentence(court, 1.0), ()),), story, "test", {})
    after = Brief(
        tuple(BriefSentence(ScoredSentence(s, 1.0), ()) for s in (introduced, court)),
        story,
        "test",
        {},
    )
    assert context_risks(alone) == [1.0]
    assert context_risks(after)[1] < 1.0


def test_an_insertion_before_a_possessive_completes_the_word_before_it() -> None:
    from newsdesk.evaluate.reading import _completed_word

    assert _completed_word("Kim's envoy arrived on Friday.", 3) == "Kim"
    assert _completed_word("Chaney said so.", 0) == "Chaney"
