from __future__ import annotations

import numpy as np

from newsdesk.represent import Representation, represent
from newsdesk.select.base import REDUNDANCY_THRESHOLD, Budget, Summarizer
from newsdesk.types import ScoredSentence, Story


class LeadFirst(Summarizer):
    """Scores by position only, so the default greedy selection is what is tested."""

    name = "test-lead"

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        return [
            ScoredSentence(s, -float(s.index)) for s in representation.sentences if s.presentable
        ]


def test_greedy_select_fills_without_exceeding(example_story: Story) -> None:
    representation = represent(example_story)
    chosen = LeadFirst().summarize(example_story, representation, Budget(words=100))
    assert 0 < sum(s.sentence.words for s in chosen) <= 100
    assert all(s.sentence.presentable for s in chosen)
    first_ranked = sorted(chosen, key=lambda s: -s.score)[0]
    assert first_ranked.sentence.index == min(s.sentence.index for s in chosen)


def test_greedy_select_skips_near_duplicates(example_story: Story) -> None:
    representation = represent(example_story)
    chosen = LeadFirst().summarize(example_story, representation, Budget(sentences=20))
    rows = [representation.row(s.sentence.key) for s in chosen]
    similarity = (representation.vectors[rows] @ representation.vectors[rows].T).toarray()
    np.fill_diagonal(similarity, 0.0)
    assert len(chosen) > 5 and similarity.max() <= REDUNDANCY_THRESHOLD
