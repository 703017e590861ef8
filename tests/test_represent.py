from __future__ import annotations

import numpy as np

from newsdesk.represent import represent, terms
from newsdesk.types import Story


def test_terms_are_stemmed_content_words() -> None:
    assert terms("The summits were held in Vietnam's capital") == [
        "summit",
        "held",
        "vietnam",
        "capit",
    ]


def test_degraded_and_clean_spellings_meet() -> None:
    assert terms("president donald trump s second summit") == terms(
        "President Donald Trump's second summit"
    )


def test_rows_are_unit_vectors(example_story: Story) -> None:
    representation = represent(example_story)
    norms = np.sqrt(np.asarray(representation.vectors.multiply(representation.vectors).sum(1)))
    nonzero = norms[norms > 0]
    assert np.allclose(nonzero, 1.0)
    assert representation.vectors.shape[0] == len(example_story.sentences)


def test_same_sentence_in_two_outlets_is_two_rows(example_story: Story) -> None:
    representation = represent(example_story)
    keys = [s.key for s in representation.sentences]
    assert len(set(keys)) == len(keys)
