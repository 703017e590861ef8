"""The embeddings extra: runs where newsdesk[embeddings] is installed (CI installs it)."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE

from newsdesk import embed
from newsdesk.attribute import statement, support_units, supporting
from newsdesk.ingest import read_story
from newsdesk.pipeline import prepare
from newsdesk.represent import represent

pytestmark = pytest.mark.skipif(
    not embed.available(),
    reason="the embeddings extra is not installed (pip install -e '.[embeddings]')",
)


def test_paraphrases_are_closer_than_unrelated_sentences() -> None:
    embedder = embed.Embedder()
    similar = embedder.similarity(
        "Pirated copies of the show could dent Netflix's subscriber growth and stock price.",
        [
            "The leak of new episodes could hurt Netflix's subscriber numbers and stock price.",
            "The summit will be held in Hanoi next month.",
        ],
    )
    assert similar[0] > 0.5 > similar[1]
    again = embed.Embedder().encode(["The summit will be held in Hanoi next month."])
    assert again.shape == (1, 384) and abs(float((again @ again.T)[0, 0]) - 1.0) < 1e-5


def test_embeddings_add_support_but_keep_the_strict_checks() -> None:
    story = prepare(read_story([EXAMPLE]))
    representation = represent(story)
    units = support_units(representation)
    embedder = embed.Embedder()
    text = "Trump and Kim held their first summit in Singapore last June."
    lexical = {
        c.article_id for c in supporting(statement(text, representation), representation, units)
    }
    semantic = {
        c.article_id
        for c in supporting(
            statement(text, representation), representation, units, embedder=embedder
        )
    }
    assert lexical <= semantic
    wrong = statement(
        "Trump and Kim held their first summit in Singapore last March.", representation
    )
    assert supporting(wrong, representation, units, embedder=embedder) == []
