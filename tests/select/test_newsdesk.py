from __future__ import annotations

from newsdesk.registry import available, get, resolve
from newsdesk.represent import represent
from newsdesk.select.base import Budget
from newsdesk.select.concept import concept_weights, concepts
from newsdesk.types import Story


def test_concepts_are_stemmed_bigrams() -> None:
    assert concepts("The second summit in late February") == {
        "second summit",
        "summit late",
        "late februari",
    }


def test_concepts_weighted_by_outlets(example_story: Story) -> None:
    sentences = example_story.sentences
    weights = concept_weights(sentences, [concepts(s.text) for s in sentences])
    assert weights["late februari"] >= 3  # three outlets give the late-February date
    assert weights["second summit"] >= 3
    assert all(w >= 2 for w in weights.values())


def test_scores_only_presentable_sentences(example_story: Story) -> None:
    scored = get("newsdesk.v1").score(example_story, represent(example_story))
    assert scored and all(s.sentence.presentable for s in scored)
    assert all({"coverage", "position", "dangling_opener"} <= set(s.features) for s in scored)


def test_selection_respects_budgets(example_story: Story) -> None:
    representation = represent(example_story)
    summarizer = get("newsdesk.v1")
    for words in (15, 60, 120, 400):
        chosen = summarizer.summarize(example_story, representation, Budget(words=words))
        assert sum(s.sentence.words for s in chosen) <= words
    chosen = summarizer.summarize(example_story, representation, Budget(sentences=2))
    assert len(chosen) == 2


def test_selected_sentences_are_distinct(example_story: Story) -> None:
    chosen = get("newsdesk.v1").summarize(
        example_story, represent(example_story), Budget(words=250)
    )
    keys = [s.sentence.key for s in chosen]
    assert len(keys) == len(set(keys))


def test_outlets_sharing_no_wording_still_get_a_brief() -> None:
    from conftest import example_text

    from newsdesk import summarize_story
    from newsdesk.ingest import story_from_cluster

    first = example_text("002_b7be0f4736482fe2.txt").split("\n")[0]
    second = example_text("000_d20ab8346781905e.txt").split("\n\n")[8]  # Pompeo on Vietnam
    brief = summarize_story(story_from_cluster({"id": "x", "documents": [first, second]}))
    sentences = brief.story.sentences
    assert concept_weights(sentences, [concepts(s.text) for s in sentences]) == {}
    assert brief.sentences and brief.words <= 120


def test_position_decay_weighs_early_statements_more(example_story: Story) -> None:
    sentences = example_story.sentences
    bags = [concepts(s.text) for s in sentences]
    flat = concept_weights(sentences, bags)
    decayed = concept_weights(sentences, bags, position_decay=0.5)
    assert decayed.keys() == flat.keys()
    assert all(0 < decayed[c] <= flat[c] for c in flat)


def test_calibrated_version_keeps_the_budget_and_the_news(example_story: Story) -> None:
    representation = represent(example_story)
    chosen = get("newsdesk.v2").summarize(example_story, representation, Budget(words=120))
    text = " ".join(s.sentence.text for s in chosen)
    assert sum(s.sentence.words for s in chosen) <= 120
    assert "Vietnam" in text and "second summit" in text


def test_every_version_stays_registered() -> None:
    assert {"newsdesk.v1", "newsdesk.v2", "newsdesk.v3", "newsdesk.v4"} <= set(available())
    assert resolve("newsdesk") == "newsdesk.v4"
