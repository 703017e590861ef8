"""Evaluation: ROUGE scores of summarizers on clusters with reference summaries."""

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
