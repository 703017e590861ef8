"""Writers: summarizers that write their own sentences (a language model) instead of choosing
the sources', their drafts held to :func:`newsdesk.check.check`."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from newsdesk.represent import Representation
from newsdesk.select.base import Budget, Summarizer
from newsdesk.types import BriefSentence, ScoredSentence, Story


@dataclass(frozen=True)
class Written:
    """What a :class:`Writer` produced: the brief's sentences, already cited (empty when too
    little of its draft held up and the brief must fall back to an extractive one), and notes
    on what it dropped and why."""

    sentences: tuple[BriefSentence, ...]
    notes: tuple[str, ...] = ()


class Writer(Summarizer):
    """A summarizer that writes its own sentences (a language model) instead of choosing the
    sources'. Its draft is held to :func:`newsdesk.check.check`: only supported sentences are
    kept, each cited like an extractive one. :meth:`score` is that of the extractive fallback,
    so that the writer can stand wherever a summarizer is expected."""

    fallback: ClassVar[str] = "newsdesk"

    @abstractmethod
    def write(
        self, story: Story, representation: Representation, budget: Budget, options: Any
    ) -> Written:
        """The checked brief of a cleaned and segmented story (``options``: the run's
        :class:`~newsdesk.config.SummaryConfig`)."""

    def score(self, story: Story, representation: Representation) -> list[ScoredSentence]:
        from newsdesk import registry

        return registry.get(self.fallback).score(story, representation)
