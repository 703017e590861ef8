"""Every baseline on the example cluster: budgets, determinism, and its paper's defining trait."""

from __future__ import annotations

import pytest

from newsdesk.registry import get
from newsdesk.represent import represent
from newsdesk.select.base import Budget, ranks_in_article
from newsdesk.select.lexrank import similarity_graph, stationary_distribution
from newsdesk.select.textrank import overlap_weights
from newsdesk.types import Story

BASELINES = ["lead", "lexrank", "textrank", "centroid", "mmr", "concept"]


@pytest.mark.parametrize("name", BASELINES)
def test_baseline_respects_budget_and_is_deterministic(name: str, example_story: Story) -> None:
    representation = represent(example_story)
    for words in (20, 120, 300):
        first = get(name).summarize(example_story, representation, Budget(words=words))
        again = get(name).summarize(example_story, representation, Budget(words=words))
        assert first, f"{name} chose nothing for {words} words"
        assert [s.sentence.key for s in first] == [s.sentence.key for s in again]
        assert sum(s.sentence.words for s in first) <= words
        assert all(s.sentence.presentable for s in first)
    chosen = get(name).summarize(example_story, representation, Budget(sentences=3))
    assert len(chosen) == 3


def test_lead_takes_every_article_lead_before_any_second_sentence(example_story: Story) -> None:
    representation = represent(example_story)
    chosen = get("lead").summarize(example_story, representation, Budget(sentences=4))
    ranks = ranks_in_article(representation.sentences)
    assert [ranks[s.sentence.key] for s in chosen] == [0, 0, 0, 0]
    articles = [s.sentence.article_id for s in chosen]
    assert len(set(articles)) == 4  # four different articles, in article order
    order = [a.id for a in example_story.articles]
    assert articles == sorted(articles, key=order.index)


def test_stationary_distribution_of_a_small_graph() -> None:
    import numpy as np
    import scipy.sparse as sp

    # A star: the centre is linked to three leaves; it must be the most central node. The
    # fifth node is isolated: its empty row jumps anywhere.
    adjacency = np.array(
        [[1, 1, 1, 1, 0], [1, 1, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 0, 1, 0], [0, 0, 0, 0, 0]],
        dtype=float,
    )
    sums = adjacency.sum(axis=1, keepdims=True)
    scores = stationary_distribution(sp.csr_matrix(adjacency / np.where(sums, sums, 1)))
    assert scores.sum() == pytest.approx(1.0)
    assert scores[0] > scores[1] > scores[4] > 0
    assert scores[1] == pytest.approx(scores[2])


def test_lexrank_graph_is_the_thresholded_cosine(example_story: Story) -> None:
    import numpy as np

    from newsdesk.select import lexrank

    vectors = represent(example_story).vectors
    dense = (vectors @ vectors.T).toarray() > lexrank.THRESHOLD
    graph = similarity_graph(vectors).toarray()
    assert ((graph > 0) == dense).all()
    assert np.allclose(graph.sum(axis=1)[dense.any(axis=1)], 1.0)


def test_textrank_overlap_is_symmetric_without_self_loops(example_story: Story) -> None:
    weights = overlap_weights(represent(example_story)).toarray()
    assert (weights == weights.T).all()
    assert not weights.diagonal().any()


def test_concept_coverage_never_repeats_a_fact(example_story: Story) -> None:
    from newsdesk.select.concept import concepts

    representation = represent(example_story)
    chosen = get("concept").summarize(example_story, representation, Budget(words=120))
    texts = [s.sentence.text for s in chosen]
    assert len(set(texts)) == len(texts)
    bags = [concepts(t) for t in texts]
    assert all(bags[i] != bags[j] for i in range(len(bags)) for j in range(i))
