"""The default summarizer: cross-outlet concept coverage with news priors.

Multi-document news repeats what matters. Following Gillick & Favre (2009), "A Scalable Global
Model for Summarization", the story's *concepts* are its content-word bigrams (stemmed, stop
words removed), each weighted by the articles that state it (see
:func:`newsdesk.select.concept.concept_weights`); a brief is worth the summed weight of the
distinct concepts it covers, so repeating a fact earns nothing. Instead of their exact integer
program, this monotone submodular objective is maximised greedily with the cost-scaled ratio
of Lin & Bilmes (2011), "A Class of Submodular Functions for Document Summarization": it fills
a word budget well and leaves room for the priors below.

Two news priors adjust a sentence's gain: its outlet put it early (inverted pyramid), and it
does not open with a word that needs an earlier sentence ("he", "but", "this").

Unpresentable text (a degraded outlet's run-on windows, headlines) counts when weighing
concepts: a degraded outlet corroborates a fact even though its words are never shown.

Versions (every one stays registered, so that published figures can be reproduced):

- ``newsdesk.v1``: concepts weighted by the number of articles; parameters set by reading
  briefs.
- ``newsdesk.v2``: the same design, parameters calibrated on multinews-dev and
  duc2007-update by ``benchmarks/calibrate_selection.py`` (see benchmarks/RESULTS.md): a
  position prior as strong as the concept gain, and a stronger opener penalty.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

from newsdesk.represent import Representation
from newsdesk.segment import MIN_PRESENTABLE_WORDS, needs_context
from newsdesk.select.base import Budget, Summarizer, ranks_in_article
from newsdesk.select.concept import Concept, concept_weights, concepts
from newsdesk.types import ScoredSentence, Sentence, Story


class NewsdeskV1(Summarizer):
    """Concept coverage weighted by the number of outlets, with position and opener priors."""

    name = "newsdesk.v1"
    #: Gain is divided by words ** cost_exponent: 1 favours short sentences, 0 long ones.
    cost_exponent: ClassVar[float] = 0.5
    #: Weight of the position prior 1 / sqrt(1 + rank), relative to the best sentence's
    #: concept weight.
    position_weight: ClassVar[float] = 0.3
    #: Multiplier of the gain of a sentence that opens with a word needing earlier context.
    dangling_opener_penalty: ClassVar[float] = 0.3
    #: How an article's vote for a concept decays with its position (None: no decay).
    concept_position_decay: ClassVar[float | None] = None

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        sentences = representation.sentences
        bags, weights, top = self._concept_model(sentences)
        ranks = ranks_in_article(sentences)
        scored = []
        for sentence, bag in zip(sentences, bags, strict=True):
            if not sentence.presentable:
                continue
            coverage = sum(weights.get(c, 0.0) for c in bag) / top
            position = 1.0 / math.sqrt(1.0 + ranks[sentence.key])
            dangling = needs_context(sentence.text)
            value = coverage + self.position_weight * position
            if dangling:
                value *= self.dangling_opener_penalty
            features = {
                "coverage": round(coverage, 6),
                "position": round(position, 6),
                "dangling_opener": float(dangling),
            }
            scored.append(ScoredSentence(sentence, round(value, 6), features))
        return scored

    def select(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
    ) -> list[ScoredSentence]:
        """Greedy budgeted coverage: best (new concept weight + priors) / words ** r first."""
        bags, weights, top = self._concept_model(representation.sentences)
        bag_of = {s.key: bag for s, bag in zip(representation.sentences, bags, strict=True)}
        pool = [(item, bag_of[item.sentence.key]) for item in scored]
        covered: set[Concept] = set()
        chosen: list[ScoredSentence] = []
        words_left = budget.words
        while pool:
            if budget.sentences is not None and len(chosen) >= budget.sentences:
                break
            if words_left is not None and words_left < MIN_PRESENTABLE_WORDS:
                break
            best_index, best_ratio = -1, 0.0
            for index, (item, bag) in enumerate(pool):
                if words_left is not None and item.sentence.words > words_left:
                    continue
                gain = self._gain(item, bag, covered, weights, top)
                ratio = gain / item.sentence.words**self.cost_exponent
                if ratio > best_ratio + 1e-12:
                    best_index, best_ratio = index, ratio
            if best_index < 0:
                break
            item, bag = pool.pop(best_index)
            chosen.append(item)
            covered |= bag
            if words_left is not None:
                words_left -= item.sentence.words
        return chosen

    def _concept_model(
        self, sentences: Sequence[Sentence]
    ) -> tuple[list[set[Concept]], dict[Concept, float], float]:
        """Concept bags, concept weights and the largest total weight of one sentence."""
        bags = [concepts(s.text) for s in sentences]
        weights = concept_weights(sentences, bags, position_decay=self.concept_position_decay)
        top = max((sum(weights.get(c, 0.0) for c in bag) for bag in bags), default=0.0)
        return bags, weights, top or 1.0

    def _gain(
        self,
        item: ScoredSentence,
        bag: set[Concept],
        covered: set[Concept],
        weights: dict[Concept, float],
        top: float,
    ) -> float:
        """New concept weight plus the position prior; 0 when all its shared concepts are covered.

        A sentence that shares no concept with another outlet still has its position prior, so
        a story whose outlets share no wording gets a lead-like brief rather than none.
        """
        new = sum(weights.get(c, 0.0) for c in bag - covered)
        if new <= 0 and any(c in weights for c in bag):
            return 0.0  # says nothing the brief does not already say
        gain = new / top + self.position_weight * item.features["position"]
        if item.features["dangling_opener"]:
            gain *= self.dangling_opener_penalty
        return gain


class NewsdeskV2(NewsdeskV1):
    """v1 with its parameters calibrated on the development sets."""

    name = "newsdesk.v2"
    position_weight = 1.0
    dangling_opener_penalty = 0.1
