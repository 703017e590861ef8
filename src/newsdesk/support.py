"""Support: does this passage state that sentence? A learned decision over lexical features.

The one question under citations, repeats in selection, the comparison and ``newsdesk
check``. A claim and a candidate evidence unit (a sentence, or two adjacent ones) are
described by :data:`FEATURE_NAMES`: how much of the claim's IDF-weighted content the unit
holds (and the reverse), its word pairs, how rare the words it lacks are, whether the claim's
first and last content words are there, whether its numbers are, and flags from
:mod:`newsdesk.content` (a hedge the claim drops, an ordinal or a negation that differs).
Gradient-boosted trees (LightGBM, Ke et al. 2017), trained in ``training/support.py`` on
pairs built from Multi-News TRAIN (a sentence and its own unit, shortened or whole, as
positives; FactCC-style corruptions of it, Kryscinski et al. 2020, and topically close units
of the same article as negatives) and on pairs judged by reading Multi-News VALIDATION
clusters, give the probability that the unit states the claim; the shipped model is plain
arrays evaluated with numpy (:class:`newsdesk.trees.TreeEnsemble`), so the default
install needs no LightGBM. Every feature is computed on lower-cased words: Multi-News
training text and model summaries are lower-cased.

With the optional embeddings extra (:mod:`newsdesk.embed`), a second ensemble adds
:data:`SEMANTIC_FEATURES` to the same features: the sentence-embedding cosine of the two texts
and how each content word of the claim aligns with its best counterpart in the unit by
contextual word vectors (BERTScore, Zhang et al. 2020), which sees a paraphrase that shares
few words. Without the extra (or without that ensemble shipped) the lexical ensemble decides.

The strict checks of :mod:`newsdesk.attribute` (numbers, months, weekdays, names, negation,
roles, ordinals, hedges) stay vetoes around the model's decision.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from newsdesk.content import (
    HEDGE_CUE,
    NEGATION_CUE,
    ORDINAL,
    QUANTIFIER_CUE,
    Polarity,
    hedged_against,
    numbers,
    ordinal_conflict,
    polarity,
)
from newsdesk.represent import terms

if TYPE_CHECKING:
    from newsdesk.embed import Encoded
    from newsdesk.trees import TreeEnsemble

MODEL_FILE = "support.json"
FEATURE_NAMES = (
    "cover",  # IDF-weighted share of the claim's content terms the unit holds
    "cover_plain",  # the same, unweighted
    "reverse",  # IDF-weighted share of the unit's content terms the claim holds
    "bigrams",  # share of the claim's adjacent content-term pairs the unit holds
    "claim_terms",
    "unit_terms",
    "missing_rarest",  # IDF of the rarest claim term the unit lacks, over the rarest possible
    "missing_weight",  # summed IDF of the claim terms the unit lacks, over the rarest possible
    "missing_rare",  # how many claim terms of near-top IDF the unit lacks
    "head_missing",  # the claim's first content term is not in the unit
    "tail_missing",  # nor its last
    "in_order",  # share of consecutive shared terms that the unit gives in the same order
    "numbers_missing",  # numbers of the claim the unit does not give
    "numbers_extra",  # numbers of the unit the claim does not give
    "hedge",  # the unit hedges what the claim states plainly
    "negation",  # one negates what the other states
    "ordinal",  # an ordinal differs before the same word
    "width",  # sentences in the unit
)
# With the embeddings extra: how the unit aligns with the claim in meaning, token by token
# (BERTScore, Zhang et al. 2020: each content word's contextual state against the other
# text's, greedy matching, IDF weights), and as whole sentences. See semantic_features.
SEMANTIC_FEATURES = (
    "cosine",  # sentence-embedding cosine of the claim and the unit
    "align_recall",  # IDF-weighted mean, over the claim's content words, of each one's best match
    "align_min",  # the worst-matched content word of the claim
    "align_second",  # the second worst (one odd word aside)
    "align_rare_min",  # the worst match among the claim's three rarest words
    "align_low",  # IDF-weighted share of the claim's words matched below ALIGN_CUT
    "align_low_weight",  # their summed IDF, over the rarest possible
    "align_precision",  # the same mean from the unit's side (what it says beyond the claim)
)
EMBEDDING_FEATURES = (*FEATURE_NAMES, *SEMANTIC_FEATURES)
# A content word whose best match in the other text is below this cosine has no counterpart
# there. Word states of the same word in two sentences are about 0.8-0.95 alike; 0.7 was the
# best of 0.6 / 0.7 / 0.8 for the out-of-fold AUC of the alignment features alone on the
# judged validation pairs (training/support_judgements.tsv): 0.849 / 0.849 / 0.836.
ALIGN_CUT = 0.7
RARE_SHARE = 0.8  # "rare": an IDF of at least this share of the rarest possible


@dataclass(frozen=True)
class Weights:
    """IDF of the story's terms, and the weight of a term the story does not have."""

    idf: Mapping[str, float]
    rarest: float

    def of(self, term: str) -> float:
        return self.idf.get(term, self.rarest)


@dataclass(frozen=True)
class Side:
    """What the features need of one text, computed once however many pairs it is in."""

    text: str
    terms: tuple[str, ...]
    distinct: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    negates: bool  # holds a negation cue (else its polarity is only needed against one that does)
    hedged: bool  # may hold a hedge (a quick test: :func:`newsdesk.content.hedged_against`)
    ordinals: bool
    position: Mapping[str, int]
    quantified: bool = False

    @functools.cached_property
    def polarity(self) -> Polarity:
        return polarity(self.text)


def negation_differs(claim: Side, unit: Side) -> bool:
    """One negates what the other states plainly, or the unit leaves out a negation of the
    claim (:class:`newsdesk.content.Polarity`)."""
    if not (claim.negates or unit.negates):
        return False
    stated, held = claim.polarity, unit.polarity
    return bool(stated.conflicts(held) or stated.negated - held.negated)


def side(text: str, text_terms: Sequence[str] | None = None) -> Side:
    """The :class:`Side` of a text (``text_terms``: its :func:`newsdesk.represent.terms`,
    when already known)."""
    found = tuple(text_terms) if text_terms is not None else tuple(terms(text))
    position: dict[str, int] = {}
    for i, term in enumerate(found):
        position.setdefault(term, i)
    lowered = text.lower()
    return Side(
        text,
        found,
        frozenset(found),
        frozenset(itertools.pairwise(found)),
        numbers(text),
        bool(NEGATION_CUE.search(lowered)),
        bool(HEDGE_CUE.search(lowered)),
        bool(ORDINAL.search(text)),
        position,
        bool(QUANTIFIER_CUE.search(lowered)),
    )


def features(claim: Side, unit: Side, weights: Weights, width: int) -> list[float]:
    """The :data:`FEATURE_NAMES` of one (claim, unit) pair."""
    mine, theirs = claim.distinct, unit.distinct
    shared = mine & theirs
    missing = mine - theirs
    total = sum(weights.of(t) for t in mine) or 1.0
    unit_total = sum(weights.of(t) for t in theirs) or 1.0
    held = sum(weights.of(t) for t in shared)
    missing_weights = [weights.of(t) for t in missing]
    order = [unit.position[t] for t in claim.terms if t in unit.position]
    steps = list(itertools.pairwise(order))
    negation = negation_differs(claim, unit)
    hedge = unit.hedged and hedged_against(claim.text, unit.text) is not None
    ordinal = claim.ordinals and unit.ordinals and ordinal_conflict(claim.text, unit.text)
    return [
        held / total,
        len(shared) / max(len(mine), 1),
        held / unit_total,
        len(claim.pairs & unit.pairs) / len(claim.pairs) if claim.pairs else 1.0,
        float(len(mine)),
        float(len(theirs)),
        max(missing_weights, default=0.0) / weights.rarest,
        sum(missing_weights) / weights.rarest,
        float(sum(w >= RARE_SHARE * weights.rarest for w in missing_weights)),
        float(bool(claim.terms) and claim.terms[0] not in theirs),
        float(bool(claim.terms) and claim.terms[-1] not in theirs),
        sum(b > a for a, b in steps) / len(steps) if steps else 1.0,
        float(len(claim.numbers - unit.numbers)),
        float(len(unit.numbers - claim.numbers)),
        float(hedge),
        float(negation),
        float(bool(ordinal)),
        float(width),
    ]


def pair_features(
    claim: str,
    claim_terms: Sequence[str],
    unit: str,
    unit_terms: Sequence[str],
    weights: Weights,
    width: int,
) -> list[float]:
    """:func:`features` of two texts; terms in text order (see
    :func:`newsdesk.represent.terms`)."""
    return features(side(claim, claim_terms), side(unit, unit_terms), weights, width)


def semantic_features(
    claim: Encoded, units: Sequence[Sequence[Encoded]], weights: Weights
) -> np.ndarray:
    """The :data:`SEMANTIC_FEATURES` of a claim against each unit (a unit: the encoded
    sentences it is made of, see :meth:`newsdesk.embed.Embedder.encoded`), one row each.

    A unit of two sentences is read as their words together and their vectors' mean,
    weighted by content words (each sentence is encoded once, whatever units it is in)."""
    out = np.zeros((len(units), len(SEMANTIC_FEATURES)))
    claim_weights = np.array([weights.of(t) for t in claim.terms])
    for row, parts in enumerate(units):
        vector = sum((p.vector * max(len(p.terms), 1) for p in parts), np.zeros(claim.vector.shape))
        norm = float(np.linalg.norm(vector))
        out[row, 0] = float(claim.vector @ vector) / norm if norm else 0.0
        states = np.concatenate([p.states for p in parts]) if parts else np.zeros((0, 1))
        if not len(claim.terms) or not len(states):
            out[row, 1:] = (1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0) if not len(claim.terms) else 0.0
            continue
        alike = claim.states @ states.T
        best = alike.max(axis=1)
        total = claim_weights.sum()
        ordered = np.sort(best)
        rare = np.argsort(-claim_weights, kind="stable")[:3]
        low = best < ALIGN_CUT
        unit_weights = np.array([weights.of(t) for p in parts for t in p.terms])
        out[row, 1:] = (
            float(claim_weights @ best) / total,
            float(ordered[0]),
            float(ordered[1] if len(ordered) > 1 else ordered[0]),
            float(best[rare].min()),
            float(claim_weights[low].sum()) / total,
            float(claim_weights[low].sum()) / weights.rarest,
            float(unit_weights @ alike.max(axis=0)) / float(unit_weights.sum()),
        )
    return out


@dataclass(frozen=True)
class SupportModel:
    """The shipped ensembles and the probabilities from which each decides "supported": any
    unit from ``threshold``, a unit that also holds ``covered_from`` of the claim's content
    (today's containment test, which the model then confirms) from ``covered_threshold``."""

    lexical: TreeEnsemble
    threshold: float
    covered_threshold: float
    covered_from: float
    embedding: TreeEnsemble | None = None
    embedding_threshold: float = 1.0
    embedding_covered_threshold: float = 1.0

    def probability(self, features: np.ndarray, semantic: np.ndarray | None = None) -> np.ndarray:
        """P(the unit states the claim) for rows of :data:`FEATURE_NAMES` (with ``semantic``,
        rows of :data:`SEMANTIC_FEATURES`, by the embedding ensemble when it is shipped)."""
        if len(features) == 0:
            return np.zeros(0)
        if semantic is not None and self.embedding is not None:
            raw = self.embedding.predict(np.column_stack([features, semantic]))
        else:
            raw = self.lexical.predict(features)
        result: np.ndarray = 1.0 / (1.0 + np.exp(-raw))
        return result

    def cuts(self, features: np.ndarray, embedded: bool) -> np.ndarray:
        """The probability each row needs (lower for a unit holding ``covered_from``)."""
        embedded = embedded and self.embedding is not None
        high = self.embedding_threshold if embedded else self.threshold
        low = self.embedding_covered_threshold if embedded else self.covered_threshold
        covered = features[:, FEATURE_NAMES.index("cover")] >= self.covered_from
        result: np.ndarray = np.where(covered, low, high)
        return result

    def supports(self, features: np.ndarray, semantic: np.ndarray | None = None) -> np.ndarray:
        """Whether the model decides each row supported."""
        if len(features) == 0:
            return np.zeros(0, dtype=bool)
        decided: np.ndarray = self.probability(features, semantic) >= self.cuts(
            features, semantic is not None
        )
        return decided


@functools.lru_cache(maxsize=1)
def load_model() -> SupportModel:
    """The model shipped as package data (read once per process)."""
    # Imported here: newsdesk.select imports the support test (through newsdesk.focus).
    from newsdesk.trees import TreeEnsemble

    text = resources.files("newsdesk").joinpath(f"data/{MODEL_FILE}").read_text("utf-8")
    data = json.loads(text)
    if tuple(data["features"]) != FEATURE_NAMES:
        raise RuntimeError(f"{MODEL_FILE} was trained on other features: retrain it")
    embedding = data.get("embedding")
    if embedding and tuple(data.get("embedding_features", ())) != SEMANTIC_FEATURES:
        raise RuntimeError(f"{MODEL_FILE}'s embedding ensemble was trained on other features")
    return SupportModel(
        TreeEnsemble.from_dict(data["lexical"]),
        float(data["threshold"]),
        float(data["covered_threshold"]),
        float(data["covered_from"]),
        TreeEnsemble.from_dict(embedding) if embedding else None,
        float(data.get("embedding_threshold", 1.0)),
        float(data.get("embedding_covered_threshold", 1.0)),
    )


# A word fewer than this many of the 34,159 Multi-News training articles use (or none) names
# something specific: a person, a place, a product. A statement giving one that no source
# uses states something the sources do not ("an entity from elsewhere"), whatever else it
# shares with them. Set from the table's scale, before any measurement: "Hanoi" is in 9
# articles, "McFarland" in 7; "Pompeo" in 32 and "harden" in 31 are not rare.
RARE_DF = 10


def rare_words(unknown: Sequence[str]) -> list[str]:
    """The terms of ``unknown`` (terms no source sentence has) that are rare in news at
    large (see :data:`RARE_DF`); numbers aside (they have checks of their own)."""
    if not unknown:
        return []
    frequencies = _background()
    return [
        t for t in unknown if not any(c.isdigit() for c in t) and frequencies.get(t, 0) < RARE_DF
    ]


@functools.lru_cache(maxsize=1)
def _background() -> dict[str, int]:
    import gzip

    resource = resources.files("newsdesk").joinpath("data/desk_df.tsv.gz")
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        handle.readline()
        return {term: int(count) for term, count in (line.split("\t") for line in handle)}


def logit(probability: float) -> float:
    """The raw score of a probability (as the ensembles sum it)."""
    return math.log(probability / (1.0 - probability))
