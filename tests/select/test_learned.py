from __future__ import annotations

from newsdesk import registry
from newsdesk.evaluate.reading import restated_pairs
from newsdesk.represent import represent
from newsdesk.select.base import Budget
from newsdesk.select.features import FEATURE_NAMES
from newsdesk.select.learned import NewsdeskV3, load_model
from newsdesk.types import Story


def test_the_shipped_model_fits_the_features() -> None:
    model = load_model()
    assert model.salience.feature.max() < len(FEATURE_NAMES)
    assert model.lead.feature.max() < len(FEATURE_NAMES)


def test_scores_carry_salience_lead_and_the_context_test(example_story: Story) -> None:
    scored = NewsdeskV3().score(example_story, represent(example_story))
    assert scored and all(s.sentence.presentable for s in scored)
    assert all({"salience", "lead", "needs_context"} <= set(s.features) for s in scored)


def test_the_brief_opens_with_the_best_lead_and_never_repeats(example_story: Story) -> None:
    representation = represent(example_story)
    summarizer = NewsdeskV3()
    scored = summarizer.score(example_story, representation)
    for words in (20, 60, 120, 250):
        chosen = summarizer.select(scored, representation, Budget(words=words))
        assert chosen and sum(s.sentence.words for s in chosen) <= words
        assert summarizer.lead_of(chosen) is chosen[0]
        fitting = [
            s
            for s in scored
            if s.sentence.words <= min(words, summarizer.lead_max_words)
            and not s.features["needs_context"]
        ]
        assert chosen[0].features["lead"] == max(s.features["lead"] for s in fitting)
        assert restated_pairs([s.sentence.text for s in chosen]) == []
    assert len(summarizer.select(scored, representation, Budget(sentences=2))) == 2


def test_same_brief_every_time(example_story: Story) -> None:
    representation = represent(example_story)
    first = registry.get("newsdesk.v3").summarize(example_story, representation, Budget(120))
    again = registry.get("newsdesk.v3").summarize(example_story, representation, Budget(120))
    assert first == again
