"""The learned default: supervised sentence salience, a news lead, no repeats.

A sentence's salience is predicted by gradient-boosted trees trained on Multi-News
(``training/salience.py``) from the features of :mod:`newsdesk.select.features`; the target
is how much of the sentence the human summary states, so the model learns what editors keep
(early sentences, what several outlets state, central content) from their summaries rather
than from hand-set weights. This is the supervised extractive setting of Cao et al. (2015),
"Ranking with Recursive Neural Networks and Its Application to Multi-Document
Summarization", with trees in place of the network.

Selection, in the spirit of Carbonell & Goldstein (1998), "The Use of MMR, Diversity-Based
Reranking for Reordering Documents and Producing Summaries":

1. the **lead**: a second model, trained to match the summary's first sentence, picks the
   sentence that opens the brief (Multi-News summaries open with the news);
2. then greedily, the highest salience times novelty (one less the cosine to the closest
   chosen sentence) that fits the budget;
3. never a sentence that restates a chosen one (see
   :meth:`newsdesk.attribute.ContentRows.restating`: the citation test, applied between
   brief sentences) and, while others are left, never one that depends on an earlier
   sentence (:func:`newsdesk.segment.depends_on_context`) unless that earlier sentence is
   in the brief, where the order stage puts it right before.

Versions: ``newsdesk.v3`` is this design; v1 and v2 stay registered.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import ClassVar

import numpy as np

from newsdesk.attribute import ContentRows
from newsdesk.represent import Representation
from newsdesk.segment import MIN_PRESENTABLE_WORDS, depends_on_context
from newsdesk.select.base import Budget, Summarizer
from newsdesk.select.features import FEATURE_NAMES, sentence_features
from newsdesk.select.trees import TreeEnsemble
from newsdesk.types import ScoredSentence, Story

MODEL_FILE = "salience.json"


@dataclass(frozen=True)
class SalienceModel:
    """The two shipped regressors: salience of any sentence, and fitness to lead."""

    salience: TreeEnsemble
    lead: TreeEnsemble


@functools.lru_cache(maxsize=1)
def load_model() -> SalienceModel:
    """The model shipped as package data (read once per process)."""
    text = resources.files("newsdesk").joinpath(f"data/{MODEL_FILE}").read_text("utf-8")
    data = json.loads(text)
    if tuple(data["features"]) != FEATURE_NAMES:
        raise RuntimeError(f"{MODEL_FILE} was trained on other features: retrain it")
    return SalienceModel(
        TreeEnsemble.from_dict(data["salience"]), TreeEnsemble.from_dict(data["lead"])
    )


class NewsdeskV3(Summarizer):
    """Learned salience and lead, greedy by salience times novelty, no restatements."""

    name = "newsdesk.v3"
    #: The lead is a sentence a reader takes in at once.
    lead_max_words: ClassVar[int] = 45
    #: Novelty is raised to this power: 0 ignores it, larger values favour new content.
    novelty_exponent: ClassVar[float] = 1.0
    #: Selection compares candidates pairwise: a larger story offers its most salient
    #: sentences and best leads only (about 2,000 sentences hold some 40,000 words).
    max_candidates: ClassVar[int] = 2000
    focused_features = ("lead",)

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        rows, features = sentence_features(representation)
        if not rows:
            return []
        model = load_model()
        salience = model.salience.predict(features)
        lead = model.lead.predict(features)
        opens = features[:, FEATURE_NAMES.index("needs_context")]  # opens_on_context, found
        return [
            ScoredSentence(
                representation.sentences[row],
                round(float(salience[k]), 6),
                {
                    "salience": round(float(salience[k]), 6),
                    "lead": round(float(lead[k]), 6),
                    "needs_context": float(
                        depends_on_context(representation.sentences[row].text, opens=opens[k] > 0)
                    ),
                },
            )
            for k, row in enumerate(rows)
        ]

    def select(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
    ) -> list[ScoredSentence]:
        pool = self._pool(scored)
        if not pool:
            return []
        candidates = _Candidates(pool, representation, budget)
        standalone = ~candidates.needs_context
        everything = np.ones(len(pool), dtype=bool)
        lead = self._lead(candidates, standalone if standalone.any() else everything)
        if lead is not None:
            candidates.choose(lead)

        def allowed() -> np.ndarray:
            open_: np.ndarray = standalone | candidates.follows_chosen()
            return open_

        self._fill(candidates, allowed)
        if not candidates.any_left(allowed()):  # the story has no more of those, fit or not
            self._fill(candidates, lambda: everything)
        return [pool[k] for k in candidates.chosen]

    def _pool(self, scored: Sequence[ScoredSentence]) -> list[ScoredSentence]:
        """The presentable sentences, or in a very large story the most salient and the best
        leads among them (so that selection stays linear in the story's size: it compares
        candidates pairwise), in story order."""
        pool = [item for item in scored if item.sentence.presentable]
        if len(pool) <= self.max_candidates:
            return pool
        keep = set()
        for values in ([s.score for s in pool], [s.features["lead"] for s in pool]):
            ranked = sorted(range(len(pool)), key=lambda k: -values[k])
            keep.update(ranked[: self.max_candidates // 2])
        return [pool[k] for k in sorted(keep)]

    def lead_of(self, selected: Sequence[ScoredSentence]) -> ScoredSentence | None:
        return selected[0] if selected else None

    def _lead(self, candidates: _Candidates, allowed: np.ndarray) -> int | None:
        """The fitting, allowed candidate with the best lead score (ties: the earlier)."""
        limit = min(self.lead_max_words, candidates.words_left or self.lead_max_words)
        fitting = allowed & (candidates.words <= limit)
        if not fitting.any():
            return None
        return int(np.argmax(np.where(fitting, candidates.lead, -np.inf)))

    def _fill(self, candidates: _Candidates, allowed: Callable[[], np.ndarray]) -> None:
        """Choose, while the budget allows, the allowed candidate of the best salience times
        novelty (ties: the earlier in story order); what is allowed may grow as sentences
        are chosen."""
        value = candidates.salience - candidates.salience.min() + 1e-3
        while candidates.room_for_more():
            open_ = allowed() & candidates.available()
            if not open_.any():
                return
            gain = value * candidates.novelty() ** self.novelty_exponent
            candidates.choose(int(np.argmax(np.where(open_, gain, -np.inf))))


class _Candidates:
    """The presentable sentences of a story as arrays, and what a brief has taken so far.

    Choosing a sentence rules out every candidate that restates it (see
    :meth:`newsdesk.attribute.ContentRows.restating`) and lowers the novelty of the others:
    one less their highest cosine to a chosen sentence. Both are read from candidate-by-
    candidate matrices computed once.
    """

    def __init__(
        self, pool: Sequence[ScoredSentence], representation: Representation, budget: Budget
    ) -> None:
        rows = [representation.row(item.sentence.key) for item in pool]
        self.budget = budget
        self.salience = np.array([item.score for item in pool])
        self.lead = np.array([item.features["lead"] for item in pool])
        self.needs_context = np.array([bool(item.features["needs_context"]) for item in pool])
        self.words = np.array([item.sentence.words for item in pool])
        self.words_left = budget.words
        self.chosen: list[int] = []
        self._restating = ContentRows.of(representation, rows).restating()
        vectors = representation.vectors[rows]
        self._cosine = np.asarray((vectors @ vectors.T).todense())
        self._blocked = np.zeros(len(pool), dtype=bool)
        self._closest = np.zeros(len(pool))
        self._taken = np.zeros(len(pool), dtype=bool)
        at = {item.sentence.key: k for k, item in enumerate(pool)}
        self._previous = np.array(
            [at.get((item.sentence.article_id, item.sentence.index - 1), -1) for item in pool]
        )

    def room_for_more(self) -> bool:
        if self.budget.sentences is not None and len(self.chosen) >= self.budget.sentences:
            return False
        return self.words_left is None or self.words_left >= MIN_PRESENTABLE_WORDS

    def available(self) -> np.ndarray:
        """Not chosen, not restating a chosen sentence, and within the words left."""
        fits = self.words <= (self.words_left if self.words_left is not None else np.inf)
        return ~self._blocked & fits

    def follows_chosen(self) -> np.ndarray:
        """Whether the sentence before each candidate in its article is chosen: then a
        sentence that depends on it can follow it (the order stage keeps them together)."""
        follows: np.ndarray = (self._previous >= 0) & self._taken[self._previous]
        return follows

    def any_left(self, allowed: np.ndarray) -> bool:
        """Whether any allowed candidate may still be chosen, whatever its length."""
        return bool((allowed & ~self._blocked).any())

    def novelty(self) -> np.ndarray:
        return np.maximum(1.0 - self._closest, 0.0)

    def choose(self, k: int) -> None:
        self.chosen.append(k)
        self._taken[k] = True
        self._blocked |= self._restating[k]
        self._blocked[k] = True
        self._closest = np.maximum(self._closest, self._cosine[k])
        if self.words_left is not None:
            self.words_left -= int(self.words[k])
