"""Evaluation: ROUGE scores of summarizers on clusters with reference summaries.

:mod:`~newsdesk.evaluate.rouge` wraps rouge-score and states its settings,
:mod:`~newsdesk.evaluate.harness` runs summarizers over a JSONL file (``newsdesk evaluate``),
:mod:`~newsdesk.evaluate.reading` counts what ROUGE cannot see (restatements, sentences that
lean on one the brief lacks).
"""

from newsdesk.evaluate.harness import ClusterScore, Evaluation, SystemScore, evaluate
from newsdesk.evaluate.rouge import Rouge, RougeScores, cut_to_words

__all__ = [
    "ClusterScore",
    "Evaluation",
    "Rouge",
    "RougeScores",
    "SystemScore",
    "cut_to_words",
    "evaluate",
]
