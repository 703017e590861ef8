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

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from newsdesk.represent import Representation
from newsdesk.segment import MIN_PRESENTABLE_WORDS, needs_context
from newsdesk.select.base import Budget, ModelSummarizer, ranks_in_article
from newsdesk.select.concept import Concept, ConceptModel
from newsdesk.types import ScoredSentence


@dataclass(frozen=True)
class _Model:
    """The story's concepts and the largest total concept weight of one sentence."""

    concepts: ConceptModel
    top: float


class NewsdeskV1(ModelSummarizer[_Model]):
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

    def build_model(self, representation: Representation) -> _Model:
        concepts = ConceptModel.build(representation, position_decay=self.concept_position_decay)
        top = max((concepts.value(bag) for bag in concepts.bags.values()), default=0.0)
        return _Model(concepts, top or 1.0)

    def score_with(self, representation: Representation, model: _Model) -> list[ScoredSentence]:
        sentences = representation.sentences
        ranks = ranks_in_article(sentences)
        scored = []
        for sentence in sentences:
            if not sentence.presentable:
                continue
            coverage = model.concepts.value(model.concepts.bag(sentence)) / model.top
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

    def select_with(
        self, scored: Sequence[ScoredSentence], model: _Model, budget: Budget
    ) -> list[ScoredSentence]:
        """Greedy budgeted coverage: best (new concept weight + priors) / words ** r first.

        Lazy greedy (Minoux's accelerated greedy): a gain only falls as the brief covers more,
        so a candidate's last computed ratio bounds its current one, and only the candidate on
        top of the heap needs recomputing. Picks what a full rescan would pick (ties: the
        earlier sentence), in about n log n rather than n times the brief's length.
        """
        covered: set[Concept] = set()
        chosen: list[ScoredSentence] = []
        words_left = budget.words
        # Entries: (-ratio bound, position in `scored`, round it was computed in).
        heap = [(-math.inf, position, -1) for position in range(len(scored))]
        while heap:
            if budget.sentences is not None and len(chosen) >= budget.sentences:
                break
            if words_left is not None and words_left < MIN_PRESENTABLE_WORDS:
                break
            bound, position, computed_in = heapq.heappop(heap)
            item = scored[position]
            if words_left is not None and item.sentence.words > words_left:
                continue  # the budget only shrinks: it will never fit
            if computed_in != len(chosen):
                ratio = self._gain(item, covered, model) / item.sentence.words**self.cost_exponent
                heapq.heappush(heap, (-ratio, position, len(chosen)))
                continue
            if -bound <= 1e-12:
                break  # nothing left adds anything
            chosen.append(item)
            covered |= model.concepts.bag(item.sentence)
            if words_left is not None:
                words_left -= item.sentence.words
        return chosen

    def _gain(self, item: ScoredSentence, covered: set[Concept], model: _Model) -> float:
        """New concept weight plus the position prior; 0 when all its shared concepts are covered.

        A sentence that shares no concept with another outlet still has its position prior, so
        a story whose outlets share no wording gets a lead-like brief rather than none.
        """
        bag = model.concepts.bag(item.sentence)
        weights = model.concepts.weights
        new = model.concepts.value(bag - covered)
        if new <= 0 and any(c in weights for c in bag):
            return 0.0  # says nothing the brief does not already say
        gain = new / model.top + self.position_weight * item.features["position"]
        if item.features["dangling_opener"]:
            gain *= self.dangling_opener_penalty
        return gain


class NewsdeskV2(NewsdeskV1):
    """v1 with its parameters calibrated on the development sets."""

    name = "newsdesk.v2"
    position_weight = 1.0
    dangling_opener_penalty = 0.1
