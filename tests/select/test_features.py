from __future__ import annotations

import numpy as np

from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.represent import represent
from newsdesk.select.features import FEATURE_NAMES, sentence_features
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
