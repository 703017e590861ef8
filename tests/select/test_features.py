from __future__ import annotations

import numpy as np

from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.represent import represent
from newsdesk.select.features import _HINTS, FEATURE_NAMES, _matches, sentence_features
from newsdesk.types import Story

FIRST = (
    "A magnitude 6.1 earthquake struck the coast of northern Chile on Tuesday morning. "
    "Residents of Arica ran into the streets as buildings shook for nearly a minute. "
    "The national emergency office said no deaths had been reported."
)
SECOND = (
    "Officials said a magnitude 6.1 earthquake struck northern Chile on Tuesday. "
    "Schools in the region will stay closed until engineers inspect them."
)


def features_of(story: Story) -> dict[str, np.ndarray]:
    rows, features = sentence_features(represent(story))
    assert features.shape == (len(rows), len(FEATURE_NAMES))
    return {name: features[:, j] for j, name in enumerate(FEATURE_NAMES)}


def test_one_row_per_presentable_sentence(example_story: Story) -> None:
    rows, features = sentence_features(represent(example_story))
    presentable = [i for i, s in enumerate(example_story.sentences) if s.presentable]
    assert rows == presentable
    assert np.isfinite(features).all()


def test_what_another_outlet_states_is_measured() -> None:
    story = prepare(story_from_cluster({"id": "quake", "documents": [FIRST, SECOND]}))
    f = features_of(story)
    # Rows: the three sentences of the first article, then the two of the second.
    assert f["rank"].tolist() == [0, 1, 2, 0, 1]
    assert f["shared_bigrams"][0] > 0 and f["shared_bigram_share"][0] > 0.5  # the quake
    assert f["shared_bigrams"][1] == 0  # Arica's streets: this outlet only
    assert f["containment_max"][0] > f["containment_max"][1]
    assert f["forward"][4] == 1  # "will stay closed"
    assert f["background"][2] == 1  # "had been reported"
    for name in FEATURE_NAMES:
        if name.endswith("_percentile"):
            assert ((f[name] >= 0) & (f[name] <= 1)).all()


def test_a_single_article_has_no_cross_article_evidence() -> None:
    story = prepare(story_from_cluster({"id": "one", "documents": [FIRST]}))
    f = features_of(story)
    assert not f["containment_max"].any() and not f["shared_bigrams"].any()


def test_word_patterns_skip_only_sentences_without_a_match(example_story: Story) -> None:
    """The cheap look for hints (issue 27) never changes a count: every match holds a hint."""
    texts = [s.text.lower() for s in example_story.sentences] + [
        "on jan. 5 and in september, last week, two days ago, in 1998 and 2019",
        "she had planned it; he had worked there since; it was set to be held next monday",
        "according to officials, who told reporters; he says he will; they would, expectedly",
        "the first-ever tomorrow; today and yesterday; formerly, previously, earlier",
        "nothing of the kind here at all",
    ]
    for pattern in _HINTS:
        for text in texts:
            assert _matches(pattern, text) == len(pattern.findall(text)), (pattern, text)
    assert sum(_matches(p, t) for p in _HINTS for t in texts[-5:-1]) >= 20
