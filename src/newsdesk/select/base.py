"""The summarizer interface: score every presentable sentence, then select within a budget."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

import numpy as np

from newsdesk.represent import Representation
from newsdesk.segment import MIN_PRESENTABLE_WORDS
from newsdesk.types import ScoredSentence, Sentence, Story

if TYPE_CHECKING:
    from newsdesk.focus import Focus

# Two sentences whose TF-IDF cosine exceeds this say much the same thing; the greedy selector
# keeps only the better one. A conventional value, not yet calibrated (the quality issue does).
REDUNDANCY_THRESHOLD = 0.5


@dataclass(frozen=True)
class Budget:
    """How much a brief may hold: at most ``words`` words and at most ``sentences`` sentences."""

    words: int | None = None
    sentences: int | None = None


class Summarizer(ABC):
    """Scores sentences, then selects some within a budget.

    Subclasses implement :meth:`score`; :meth:`select` defaults to greedy selection by score
    with a redundancy check. Every summarizer returns only presentable sentences, whole, and
    never more words than the budget allows.
    """

    name: ClassVar[str]
    #: Features that rank sentences as the score does, so a focus reweighs them too.
    focused_features: ClassVar[tuple[str, ...]] = ()
    #: Whether the pipeline completes each person's first mention in the brief and leaves out
    #: sentences naming someone it cannot introduce (see :mod:`newsdesk.standalone`).
    introduces_people: ClassVar[bool] = False

    @abstractmethod
    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        """A score (higher is better) for every presentable sentence of the story."""

    def select(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
    ) -> list[ScoredSentence]:
        """Greedy: best score first, skipping near-duplicates and what does not fit."""
        return greedy_select(scored, representation, budget)

    def lead_of(self, selected: Sequence[ScoredSentence]) -> ScoredSentence | None:
        """The selected sentence that must open the brief (None: the order stage decides)."""
        return None

    def opening_of(self, selected: Sequence[ScoredSentence]) -> list[ScoredSentence]:
        """The selected sentences that open the brief, in order: the lead, if any."""
        lead = self.lead_of(selected)
        return [] if lead is None else [lead]

    def summarize(
        self,
        story: Story,
        representation: Representation,
        budget: Budget,
        focus: Focus | None = None,
    ) -> list[ScoredSentence]:
        """The selected sentences, in selection order; a ``focus`` (a question, articles
        already read) reweighs the scores and rules some sentences out before selection."""
        scored = self.score(story, representation)
        if focus is not None:
            scored = focus.reweigh(scored, representation, self.focused_features)
        return self.select(scored, representation, budget)


Model = TypeVar("Model")


class ModelSummarizer(Summarizer, Generic[Model]):
    """A summarizer whose scoring and selection share a per-story model (e.g. concepts).

    :meth:`summarize` builds the model once and hands it to both; :meth:`score` and
    :meth:`select`, when called alone, build their own.
    """

    @abstractmethod
    def build_model(self, representation: Representation) -> Model:
        """What scoring and selection both need to know about the story."""

    @abstractmethod
    def score_with(self, representation: Representation, model: Model) -> list[ScoredSentence]:
        """:meth:`score`, given the model."""

    @abstractmethod
    def select_with(
        self, scored: Sequence[ScoredSentence], model: Model, budget: Budget
    ) -> list[ScoredSentence]:
        """:meth:`select`, given the model."""

    def summarize(
        self,
        story: Story,
        representation: Representation,
        budget: Budget,
        focus: Focus | None = None,
    ) -> list[ScoredSentence]:
        model = self.build_model(representation)
        scored = self.score_with(representation, model)
        if focus is not None:
            scored = focus.reweigh(scored, representation, self.focused_features)
        return self.select_with(scored, model, budget)

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        return self.score_with(representation, self.build_model(representation))

    def select(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        budget: Budget,
    ) -> list[ScoredSentence]:
        return self.select_with(scored, self.build_model(representation), budget)


def greedy_select(
    scored: Sequence[ScoredSentence],
    representation: Representation,
    budget: Budget,
    *,
    redundancy: float | None = REDUNDANCY_THRESHOLD,
) -> list[ScoredSentence]:
    """Take sentences by descending score (ties: article order, then index) while they fit.

    A sentence whose cosine to one already taken exceeds ``redundancy`` is passed over
    (``None``: no check).
    """
    order = sorted(
        (s for s in scored if s.sentence.presentable),
        key=lambda s: (-s.score, _article_rank(representation, s), s.sentence.index),
    )
    chosen: list[ScoredSentence] = []
    chosen_rows: list[int] = []
    words_left = budget.words
    for candidate in order:
        if budget.sentences is not None and len(chosen) >= budget.sentences:
            break
        if words_left is not None:
            if words_left < MIN_PRESENTABLE_WORDS:
                break
            if candidate.sentence.words > words_left:
                continue
        row = representation.row(candidate.sentence.key)
        if (
            redundancy is not None
            and chosen_rows
            and _max_similarity(representation, row, chosen_rows) > redundancy
        ):
            continue
        chosen.append(candidate)
        chosen_rows.append(row)
        if words_left is not None:
            words_left -= candidate.sentence.words
    return chosen


def scored_presentable(
    representation: Representation, values: Sequence[float] | np.ndarray, feature: str
) -> list[ScoredSentence]:
    """Presentable sentences scored by one value per representation row, kept as a feature."""
    return [
        ScoredSentence(s, float(values[row]), {feature: float(values[row])})
        for row, s in enumerate(representation.sentences)
        if s.presentable
    ]


def ranks_in_article(sentences: Sequence[Sentence]) -> dict[tuple[str, int], int]:
    """Each presentable sentence's 0-based rank among its article's presentable sentences."""
    seen: dict[str, int] = {}
    ranks = {}
    for sentence in sentences:
        if sentence.presentable:
            ranks[sentence.key] = seen.get(sentence.article_id, 0)
            seen[sentence.article_id] = ranks[sentence.key] + 1
    return ranks


def _max_similarity(representation: Representation, row: int, others: list[int]) -> float:
    vectors = representation.vectors
    return float(np.max((vectors[others] @ vectors[row].T).toarray()))


def _article_rank(representation: Representation, scored: ScoredSentence) -> int:
    return representation.article_rank(scored.sentence.article_id)
