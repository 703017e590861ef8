"""The support model: features, the shipped ensembles, and the decision around the vetoes."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import numpy as np

from newsdesk.attribute import ContentRows, statement, support_units, supporting
from newsdesk.embed import Encoded
from newsdesk.represent import represent_sentences
from newsdesk.support import (
    ALIGN_CUT,
    FEATURE_NAMES,
    SEMANTIC_FEATURES,
    Weights,
    features,
    load_model,
    pair_features,
    semantic_features,
    side,
)
from newsdesk.types import Sentence

SOURCE = (
    "The city council voted on Tuesday to close the old bridge for repairs.",
    "Engineers found cracks in two of its steel beams last month.",
)


def _representation(*texts: str) -> object:
    rows = [Sentence(f"a{i}", 0, text, 0, len(text), 0) for i, text in enumerate(texts)]
    return represent_sentences(rows)


def test_features_are_case_free() -> None:
    weights = Weights({}, 5.0)
    upper = pair_features(SOURCE[0], [], SOURCE[0].upper(), [], weights, 1)
    lower = pair_features(SOURCE[0].lower(), [], SOURCE[0].lower(), [], weights, 1)
    assert len(upper) == len(FEATURE_NAMES)
    assert upper == lower


def test_the_shipped_model_is_small_and_matches_the_features() -> None:
    data = resources.files("newsdesk").joinpath("data/support.json").read_bytes()
    assert len(data) < 2_000_000
    model = load_model()
    assert 0.0 < model.threshold < 1.0


def test_a_sentence_supports_itself_and_not_its_corruptions() -> None:
    representation = _representation(*SOURCE)
    weights = Weights(
        {t: float(representation.idf[c]) for t, c in representation.vocabulary.items()}, 3.0
    )
    own = side(SOURCE[0])
    rows = [
        features(side(SOURCE[0]), own, weights, 1),
        features(
            side("The city council voted on Tuesday not to close the old bridge."), own, weights, 1
        ),
    ]
    probability = load_model().probability(np.array(rows))
    assert probability[0] > probability[1]
    units = support_units(representation)
    assert supporting(statement(SOURCE[0], representation), representation, units)
    for changed in (
        "The city council voted on Friday to close the old bridge for repairs.",
        "The city council did not vote to close the old bridge for repairs.",
        "Engineers found cracks in three of its steel beams last month.",
    ):
        assert not supporting(statement(changed, representation), representation, units), changed


def test_restating_is_symmetric_and_holds_the_diagonal() -> None:
    representation = _representation(
        "The council closed the bridge on Tuesday.",
        "The bridge was closed by the council on Tuesday.",
        "A new library opens downtown next spring.",
    )
    restating = ContentRows.of(representation, range(3)).restating()
    assert (restating == restating.T).all()
    assert restating.diagonal().all()
    assert restating[0, 1] and not restating[0, 2]


def _encoded(words: dict[str, list[float]]) -> Encoded:
    """A hand-made encoding: one unit vector per content word (no model needed)."""
    states = np.array([np.array(v) / np.linalg.norm(v) for v in words.values()], dtype=np.float32)
    vector = states.sum(axis=0)
    return Encoded(vector / np.linalg.norm(vector), tuple(words), states)


def test_semantic_features_align_each_claim_word_with_its_best_match() -> None:
    weights = Weights({"council": 1.0, "closed": 1.0, "bridge": 1.0}, 4.0)
    claim = _encoded({"council": [1, 0, 0], "closed": [0, 1, 0], "bridge": [0, 0, 1]})
    same = _encoded({"bridge": [0, 0, 1], "council": [1, 0, 0], "shut": [0, 0.95, 0.3]})
    other = _encoded({"council": [1, 0, 0], "met": [0.3, 0.3, -0.9]})
    rows = semantic_features(claim, [[same], [other], [other, same]], weights)
    assert rows.shape == (3, len(SEMANTIC_FEATURES))
    column = {name: rows[:, i] for i, name in enumerate(SEMANTIC_FEATURES)}
    # "closed" finds "shut" (cosine 0.95): every word has a counterpart in the first unit.
    assert column["align_min"][0] > 0.9 and column["align_low"][0] == 0.0
    # The second lacks "closed" and "bridge": two thirds of the claim's weight unmatched.
    assert column["align_low"][1] == 2 / 3 and column["align_min"][1] < ALIGN_CUT
    assert column["align_recall"][0] > column["align_recall"][1]
    # A two-sentence unit is read as its sentences' words together.
    assert column["align_min"][2] == column["align_min"][0]


def test_without_an_embedding_ensemble_the_lexical_one_decides() -> None:
    """The default install (no extra, or no embedding ensemble shipped) falls back to the
    lexical ensemble and its thresholds, whatever semantic rows are given."""
    representation = _representation(*SOURCE)
    weights = Weights(
        {t: float(representation.idf[c]) for t, c in representation.vocabulary.items()}, 3.0
    )
    own = side(SOURCE[0])
    rows = np.array(
        [features(side(text), own, weights, 1) for text in (SOURCE[0], SOURCE[1], "Bridge.")]
    )
    semantic = np.full((3, len(SEMANTIC_FEATURES)), 0.5)
    lexical = replace(load_model(), embedding=None)
    assert np.array_equal(lexical.probability(rows, semantic), lexical.probability(rows))
    assert np.array_equal(lexical.cuts(rows, True), lexical.cuts(rows, False))
    shipped = load_model()
    if shipped.embedding is not None:
        assert shipped.embedding.predict(np.column_stack([rows, semantic])).shape == (3,)
        assert not np.array_equal(shipped.probability(rows, semantic), shipped.probability(rows))
