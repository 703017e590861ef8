from __future__ import annotations

import numpy as np
import pytest

from newsdesk.represent import represent, term_of, terms
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


def test_a_sentence_is_tokenised_once_and_its_terms_shared(example_story: Story) -> None:
    """Issue 27: later stages (attribute, check, focus) take a sentence's terms from the
    representation; any other text is tokenised as terms() does it."""
    representation = represent(example_story)
    for sentence, found in zip(
        representation.sentences, representation.sentence_terms, strict=True
    ):
        assert representation.terms_of(sentence.text) is found
        assert list(found) == terms(sentence.text)
    assert representation.terms_of("The summits were held") == ("summit", "held")
    flat = [representation.vocabulary[t] for row in representation.sentence_terms for t in row]
    assert representation.columns.tolist() == flat


@pytest.mark.parametrize("token", ["summits", "the", "a", "2019", "trump's", "don't", "s"])
def test_a_tokens_term_is_what_terms_finds(token: str) -> None:
    assert terms(token) == ([term_of(token)] if term_of(token) else [])
