"""Focused briefs: a question to answer, articles already read."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import EXAMPLE, FIXTURES, example_text

import newsdesk
from newsdesk.evaluate.reading import restating_read
from newsdesk.focus import answer_kind, question_terms, seen_novelty
from newsdesk.ingest import read_story, story_from_cluster
from newsdesk.pipeline import prepare, summarize_story
from newsdesk.represent import represent_sentences
from newsdesk.types import Sentence

UPDATE = FIXTURES / "update"
VENUE = "Where will the summit be held?"
COST = "What did the summit cost?"


def test_a_question_is_answered_first_and_cited() -> None:
    brief = newsdesk.summarize([EXAMPLE], query=VENUE)
    assert brief.focus is not None and brief.focus.addressed
    opening = brief.sentences[0]
    assert "Vietnam" in opening.text  # the venue the sources name
    assert opening.citations[0].article_id == opening.sentence.article_id
    assert brief.words <= 120


def test_a_question_no_source_addresses_is_said_not_padded() -> None:
    brief = newsdesk.summarize([EXAMPLE], query=COST)
    assert brief.focus is not None and not brief.focus.addressed
    assert brief.sentences == ()
    text = newsdesk.render(brief)
    assert f"Question: {COST}" in text
    assert "The sources do not address this question." in text
    assert json.loads(newsdesk.render(brief, "json"))["focus"]["addressed"] is False


def test_no_question_and_nothing_read_is_the_generic_brief() -> None:
    generic = newsdesk.summarize([EXAMPLE])
    assert generic.focus is None
    ignored = newsdesk.summarize([EXAMPLE], query=VENUE, no_query=True)
    assert ignored.text == generic.text and ignored.focus is None


def test_question_terms_leave_out_how_a_request_is_phrased() -> None:
    asked = question_terms("Describe steps taken toward the euro. Include predictions.")
    assert asked == ["step", "taken", "toward", "euro", "predict"]
    assert answer_kind("Where will it be held?") == "place"
    assert answer_kind("How many people died?") == "number"
    assert answer_kind("Describe the reaction.") is None


def test_an_update_leaves_out_what_the_reader_has_read() -> None:
    read = prepare(read_story([UPDATE / "read"])).sentences
    update = newsdesk.summarize([UPDATE / "new"], seen=[UPDATE / "read"], words=120)
    generic = newsdesk.summarize([UPDATE / "new"], words=120)
    assert restating_read(generic, read) >= 1  # the generic brief repeats what was read
    assert restating_read(update, read) == 0
    assert update.focus is not None
    assert (update.focus.seen_articles, update.focus.set_aside) == (1, 2)
    assert "1 article already read; 2 sentences they state left out" in newsdesk.render(update)
    # Citations point at the new articles only.
    new_ids = {a.id for a in update.story.articles}
    assert all(c.article_id in new_ids for s in update.sentences for c in s.citations)


def test_a_changed_figure_is_news() -> None:
    def sentences(*texts: str) -> list[Sentence]:
        return [Sentence("a", i, t, 0, len(t), 0) for i, t in enumerate(texts)]

    new = represent_sentences(
        sentences("The death toll rose to 50 on Monday.", "Rescuers searched the rubble.")
    )
    restated, novelty = seen_novelty(
        new, sentences("The death toll rose to 30 on Monday.", "Rescuers searched the rubble.")
    )
    assert restated.tolist() == [False, True]
    assert novelty[1] == pytest.approx(0.0) and novelty[0] > 0.0


def test_cluster_fields_carry_the_question_and_what_was_read() -> None:
    documents = [{"text": example_text(p.name)} for p in sorted(EXAMPLE.iterdir())]
    record = {
        "id": "c1",
        "documents": documents[2:],
        "seen": documents[:2],
        "topic": {"title": "Summit venue", "narrative": "Describe where the summit will be held."},
    }
    story = story_from_cluster(record)
    assert story.query == "Summit venue. Describe where the summit will be held."
    assert story.seen is not None and len(story.seen.articles) == 2
    assert "seen" not in story.meta
    brief = summarize_story(story)
    assert brief.focus is not None and brief.focus.seen_articles == 2
    assert brief.focus.query == story.query
    assert summarize_story(story, no_query=True).focus.query is None  # type: ignore[union-attr]
    assert story_from_cluster({**record, "query": COST}).query == COST


def test_a_bad_seen_field_is_a_warning_not_a_failure() -> None:
    documents = [{"text": example_text(p.name)} for p in sorted(EXAMPLE.iterdir())]
    story = story_from_cluster({"documents": documents, "seen": "yesterday's"})
    assert story.seen is None
    assert any("'seen'" in w for w in story.warnings)


def test_focused_briefs_are_deterministic() -> None:
    first = newsdesk.render(newsdesk.summarize([UPDATE / "new"], seen=[UPDATE / "read"]), "json")
    again = newsdesk.render(newsdesk.summarize([UPDATE / "new"], seen=[UPDATE / "read"]), "json")
    assert first == again
    weights = [
        newsdesk.summarize([EXAMPLE], query=VENUE).sentences[0].scored.features["focus"]
        for _ in range(2)
    ]
    assert weights[0] == weights[1] and np.isfinite(weights[0])


def test_every_summarizer_takes_a_focus() -> None:
    for name in ("lead", "centroid", "lexrank", "newsdesk.v1", "newsdesk.v3"):
        brief = newsdesk.summarize([EXAMPLE], query=COST, summarizer=name)
        assert brief.sentences == (), name
        update = newsdesk.summarize(
            [UPDATE / "new"], seen=[UPDATE / "read"], summarizer=name, words=120
        )
        read = prepare(read_story([UPDATE / "read"])).sentences
        assert restating_read(update, read) == 0, name


def test_json_focus_matches_the_schema(schema: dict[str, object]) -> None:
    import jsonschema

    brief = newsdesk.summarize([UPDATE / "new"], seen=[UPDATE / "read"], query="How many died?")
    jsonschema.validate(json.loads(newsdesk.render(brief, "json")), schema)
