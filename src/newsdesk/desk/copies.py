"""Copies: the same agency text carried by several outlets, updated or cut.

Follows Broder (1997), "On the resemblance and containment of documents": each article is a
set of word 5-shingles summarised by a MinHash signature (:mod:`newsdesk.desk.features`).
Candidates come from a MinHash LSH index (``datasketch``) tuned to a low Jaccard threshold, so
that a truncated copy (whose Jaccard with the full text is only its share of it) is still found;
each candidate is then checked on the signatures:

- **near-duplicate**: estimated Jaccard resemblance at least ``resemblance`` (a republished
  copy with another headline or byline, a "write-thru" that changed a few sentences);
- **contained**: the smaller article's shingles lie in the larger one's at least ``containment``
  of the time (estimated from the resemblance and both set sizes), and the smaller has at least
  ``min_shingles`` shingles (a cut copy, not a shared stock sentence).

A copy points at the earliest article it copies (its original, never another copy). The index
holds the last ``window`` articles only: memory stays bounded on a long stream.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from newsdesk.desk.features import NUM_PERM, ArticleFeatures, sketch
from newsdesk.errors import ConfigError


@dataclass(frozen=True)
class CopyConfig:
    """Thresholds of the copy test (see the module's docstring); calibrated on the hand-labelled
    pairs of ``benchmarks/copies/pairs.jsonl``."""

    # Calibrated on the labelled pairs: every copy there has resemblance >= 0.45 or
    # containment >= 0.67, every distinct pair resemblance <= 0.29 and containment <= 0.53;
    # the thresholds sit between, with room for the MinHash estimate's error (about 0.04).
    resemblance: float = 0.4
    containment: float = 0.62
    min_shingles: int = 20
    lsh_threshold: float = 0.2
    window: int = 20_000

    def __post_init__(self) -> None:
        for name in ("resemblance", "containment", "lsh_threshold"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ConfigError(f"copies.{name}", "a number in (0, 1]", value)
        if self.min_shingles < 1 or self.window < 1:
            raise ConfigError("copies.window", "at least 1", self.window)


@dataclass(frozen=True)
class CopyMatch:
    """An article found to copy an earlier one."""

    original: int  # the earlier article's arrival number
    kind: str  # "near-duplicate" or "contained"
    resemblance: float
    containment: float


def is_copy(
    first: np.ndarray, first_size: int, second: np.ndarray, second_size: int, config: CopyConfig
) -> tuple[str, float, float] | None:
    """Whether two signatures are copies of each other: (kind, resemblance, containment)."""
    resemblance = float(np.count_nonzero(first == second)) / NUM_PERM
    small, large = sorted((max(first_size, 1), max(second_size, 1)))
    # |A ∩ B| = J (|A| + |B|) / (1 + J); containment of the smaller in the larger.
    containment = min(1.0, resemblance * (small + large) / ((1.0 + resemblance) * small))
    if resemblance >= config.resemblance:
        return "near-duplicate", resemblance, containment
    if containment >= config.containment and small >= config.min_shingles:
        return "contained", resemblance, containment
    return None


class CopyIndex:
    """The LSH index of recent articles' signatures."""

    def __init__(self, config: CopyConfig | None = None) -> None:
        from datasketch import MinHashLSH

        self.config = config or CopyConfig()
        self._lsh = MinHashLSH(threshold=self.config.lsh_threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, tuple[np.ndarray, int, int]] = {}  # seq -> (sig, size, root)
        self._order: deque[int] = deque()

    def find(self, features: ArticleFeatures) -> CopyMatch | None:
        """The earliest original this article copies, if any (the index is not changed)."""
        signature = np.frombuffer(features.signature, dtype=np.uint64)
        if not self._signatures:
            return None
        query = sketch(signature)
        best: tuple[float, int, CopyMatch] | None = None
        for seq in sorted(self._lsh.query(query)):
            other, size, root = self._signatures[seq]
            verdict = is_copy(signature, features.shingles, other, size, self.config)
            if verdict is None:
                continue
            kind, resemblance, containment = verdict
            match = CopyMatch(root, kind, resemblance, containment)
            # The most resembling candidate; on a tie the earliest.
            if best is None or (resemblance, -root) > (best[0], -best[1]):
                best = (resemblance, root, match)
        return best[2] if best else None

    def add(self, seq: int, features: ArticleFeatures, original: int | None = None) -> None:
        """Index an article (``original``: the article it copies, when it is a copy)."""
        signature = np.frombuffer(features.signature, dtype=np.uint64)
        self._lsh.insert(
            seq,
            sketch(signature),
            check_duplication=False,
        )
        self._signatures[seq] = (
            signature,
            features.shingles,
            seq if original is None else original,
        )
        self._order.append(seq)
        while len(self._order) > self.config.window:
            old = self._order.popleft()
            self._lsh.remove(old)
            del self._signatures[old]

    def __len__(self) -> int:
        return len(self._signatures)
