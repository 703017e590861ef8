"""ROUGE through the ``rouge-score`` package, under one declared protocol.

ROUGE-1, ROUGE-2 and ROUGE-Lsum with Porter stemming. ROUGE-Lsum needs summaries one sentence
a line: system summaries already are, references are split with the article splitter
(``rouge-score``'s own splitting needs NLTK data that cannot be downloaded here).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.segment import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
_WORD = re.compile(r"\S+")


def cut_to_words(summary: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of a summary, keeping its line breaks."""
    kept: list[str] = []
    left = words
    for line in summary.split("\n"):
        if left <= 0:
            break
        tokens = line.split()[:left]
        if tokens:
            kept.append(" ".join(tokens))
            left -= len(tokens)
    return "\n".join(kept)


def reference_lines(reference: str) -> str:
    """A reference summary one sentence a line, for ROUGE-Lsum."""
    return "\n".join(split_sentences(reference))


@dataclass(frozen=True)
class RougeScores:
    """Per-type scores in percent (F1 or recall, as the protocol says)."""

    rouge1: float
    rouge2: float
    rougeLsum: float

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.rouge1, self.rouge2, self.rougeLsum)


class Rouge:
    """Scores a system summary against one or more references.

    A cluster's score is the mean over its references of each reference's score (not the
    best reference), in percent; ``recall=True`` reports recall instead of F1.
    """

    def __init__(self, *, recall: bool = False) -> None:
        from rouge_score import rouge_scorer

        self.recall = recall
        self._scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=_StemmingTokenizer())

    def score(self, summary: str, references: Sequence[str]) -> RougeScores:
        """Mean over the references of ROUGE-1/2/Lsum (percent)."""
        if not references:
            raise ValueError("no reference summary to score against")
        totals = dict.fromkeys(ROUGE_TYPES, 0.0)
        for reference in references:
            result = self._scorer.score(reference_lines(reference), summary)
            for name in ROUGE_TYPES:
                measure = result[name]
                totals[name] += measure.recall if self.recall else measure.fmeasure
        count = len(references)
        return RougeScores(*(100.0 * totals[name] / count for name in ROUGE_TYPES))

    def rouge1_f1(self, sentence: str, references: Sequence[str]) -> float:
        """Mean over the references of the ROUGE-1 F1 (percent) of one sentence."""
        if not references:
            return 0.0
        total = sum(self._scorer.score(r, sentence)["rouge1"].fmeasure for r in references)
        return float(100.0 * total / len(references))


class _StemmingTokenizer:
    """rouge-score's default tokenizer with its Porter stemmer, memoised.

    The same tokens as ``DefaultTokenizer(use_stemmer=True)``; stemming is most of the time
    rouge-score spends, and a summary's words repeat across its references and summarizers.
    """

    def __init__(self) -> None:
        from nltk.stem import porter

        stemmer: Any = porter.PorterStemmer()
        self.stem = functools.lru_cache(maxsize=200_000)(stemmer.stem)

    def tokenize(self, text: str) -> list[str]:
        from rouge_score import tokenize

        return list(tokenize.tokenize(text, self))
