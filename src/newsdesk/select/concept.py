"""Concept coverage: Gillick & Favre (2009), "A Scalable Global Model for Summarization",
NAACL Workshop on Integer Linear Programming for NLP.

The story's *concepts* are its content-word bigrams (stemmed, stop words removed), each
weighted by the number of articles that state it; concepts in a single article carry no
weight. A summary is worth the summed weight of the distinct concepts it covers, so saying a
thing twice earns nothing. As in the paper, the best summary within the word budget is found
exactly, as an integer linear program, here with the HiGHS solver that ships with SciPy
(``scipy.optimize.milp``), which adds no dependency.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from newsdesk.represent import Representation, terms
from newsdesk.select.base import Budget, ModelSummarizer
from newsdesk.types import ScoredSentence, Sentence

Concept = str

# Each word of a summary is worth this much concept weight: far less than any concept, so it
# only breaks ties between equally covering summaries in favour of the one filling the budget
# (the paper's program is indifferent, and tends to leave words unused).
WORD_TIE_BREAK = 1e-4

# Branch-and-bound nodes the solver may explore; a node limit (unlike a time limit) keeps the
# result the same on every machine. When it is reached the best summary found so far is kept.
NODE_LIMIT = 20_000


def concepts(text: str) -> set[Concept]:
    """Adjacent content-word bigrams of a text (stemmed, stop words removed)."""
    return bigrams(terms(text))


def bigrams(words: Sequence[str]) -> set[Concept]:
    """Adjacent pairs of a sequence of terms, as concepts."""
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


def concept_weights(
    sentences: Sequence[Sentence],
    bags: Sequence[set[Concept]],
    *,
    position_decay: float | None = None,
) -> dict[Concept, float]:
    """Concept -> its weight, for concepts stated by at least two articles.

    The weight is the number of articles stating the concept; with ``position_decay`` each
    article counts 1 / (1 + p) ** position_decay instead, p being the position (from 0) of its
    earliest sentence stating it, so that what outlets put first weighs more. With a single
    article, its sentences stand in for articles.
    """
    single = len({s.article_id for s in sentences}) < 2
    # Each holder's concepts with the value of its earliest sentence stating them (the
    # largest, as the value only falls with position).
    held: dict[str | int, dict[Concept, float]] = {}
    positions: dict[str, int] = defaultdict(int)
    for sentence, bag in zip(sentences, bags, strict=False):
        position = positions[sentence.article_id]
        positions[sentence.article_id] += 1
        value = 1.0 if position_decay is None else (1.0 + position) ** -position_decay
        concepts_held = held.setdefault(sentence.index if single else sentence.article_id, {})
        concepts_held.update(dict.fromkeys(bag.difference(concepts_held), value))
    holders: Counter[Concept] = Counter()
    totals: dict[Concept, float] = defaultdict(float)
    for concepts_held in held.values():
        holders.update(concepts_held.keys())
        for concept, value in concepts_held.items():
            totals[concept] += value
    return {c: totals[c] for c in sorted(holders) if holders[c] >= 2}


@dataclass(frozen=True)
class ConceptModel:
    """A story's concepts: each sentence's bag (by sentence key) and each shared concept's weight.

    Built once per story from the representation's terms; a summarizer's ``summarize`` builds
    it once and hands it to both scoring and selection.
    """

    bags: dict[tuple[str, int], set[Concept]]
    weights: dict[Concept, float]

    @classmethod
    def build(
        cls, representation: Representation, *, position_decay: float | None = None
    ) -> ConceptModel:
        sentences = representation.sentences
        bags = [bigrams(words) for words in representation.sentence_terms]
        weights = concept_weights(sentences, bags, position_decay=position_decay)
        return cls({s.key: bag for s, bag in zip(sentences, bags, strict=True)}, weights)

    def bag(self, sentence: Sentence) -> set[Concept]:
        return self.bags[sentence.key]

    def value(self, concepts: set[Concept]) -> float:
        """The summed weight of a set of concepts (unshared ones weigh nothing)."""
        return sum(map(self.weights.get, concepts, itertools.repeat(0.0)))


def solve_coverage(
    bags: Sequence[set[Concept]],
    weights: dict[Concept, float],
    lengths: Sequence[int],
    budget: Budget,
    *,
    bonus: Sequence[float] | None = None,
) -> list[int]:
    """Indices of the sentences that cover the most concept weight within the budget.

    Maximises sum(weight of covered concepts) + sum(bonus of chosen sentences) subject to the
    word and sentence budgets: the paper's program, with an optional per-sentence term.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    index = {c: i for i, c in enumerate(sorted({c for bag in bags for c in bag if c in weights}))}
    n_sentences, n_concepts = len(bags), len(index)
    if n_sentences == 0:
        return []
    # Variables: one per sentence (chosen?), then one per concept (covered?).
    occurs = sp.lil_matrix((n_concepts, n_sentences))
    for j, bag in enumerate(bags):
        for concept in bag:
            if concept in index:
                occurs[index[concept], j] = 1.0
    occurs = sp.csr_matrix(occurs)
    objective = np.zeros(n_sentences + n_concepts)
    objective[:n_sentences] = -np.asarray(bonus if bonus is not None else np.zeros(n_sentences))
    for concept, i in index.items():
        objective[n_sentences + i] = -weights[concept]
    constraints = []
    # A concept counts only if a chosen sentence contains it: sum_j occ_ij s_j - c_i >= 0.
    if n_concepts:
        constraints.append(
            LinearConstraint(sp.hstack([occurs, -sp.identity(n_concepts)]), 0, np.inf)
        )
    caps = []
    if budget.words is not None:
        caps.append((np.asarray(lengths, dtype=float), budget.words))
    if budget.sentences is not None:
        caps.append((np.ones(n_sentences), budget.sentences))
    for row, cap in caps:
        constraints.append(
            LinearConstraint(np.concatenate([row, np.zeros(n_concepts)])[None, :], -np.inf, cap)
        )
    result = milp(
        objective,
        integrality=np.ones(n_sentences + n_concepts),
        bounds=Bounds(0, 1),
        constraints=constraints,
        options={"node_limit": NODE_LIMIT, "presolve": True},
    )
    if result.x is None:
        return []
    return [j for j in range(n_sentences) if result.x[j] > 0.5]


class ConceptCoverage(ModelSummarizer[ConceptModel]):
    """The summary within budget that covers the most cross-article bigram weight."""

    name = "concept"

    def build_model(self, representation: Representation) -> ConceptModel:
        return ConceptModel.build(representation)

    def score_with(
        self, representation: Representation, model: ConceptModel
    ) -> list[ScoredSentence]:
        return [
            ScoredSentence(s, value, {"concept_weight": value})
            for s in representation.sentences
            if s.presentable
            for value in [model.value(model.bag(s))]
        ]

    def select_with(
        self, scored: Sequence[ScoredSentence], model: ConceptModel, budget: Budget
    ) -> list[ScoredSentence]:
        pool = [item for item in scored if item.sentence.presentable]
        chosen = solve_coverage(
            [model.bag(item.sentence) for item in pool],
            model.weights,
            [item.sentence.words for item in pool],
            budget,
            bonus=[WORD_TIE_BREAK * item.sentence.words for item in pool],
        )
        return [pool[j] for j in chosen]
