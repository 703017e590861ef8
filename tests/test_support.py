"""The support model: features, the shipped ensembles, and the decision around the vetoes."""

from __future__ import annotations

from importlib import resources

import numpy as np

from newsdesk.attribute import ContentRows, statement, support_units, supporting
from newsdesk.represent import represent_sentences
from newsdesk.support import FEATURE_NAMES, Weights, features, load_model, pair_features, side
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
