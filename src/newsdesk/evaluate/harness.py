"""Score summarizers on a JSONL file of clusters with reference summaries.

Every summarizer summarizes every cluster with the same options; its summary is cut to the
word budget and scored against each reference (see :class:`~newsdesk.evaluate.rouge.Rouge`).
A cluster the summarizer fails on scores zero, so failures cannot flatter a system.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk import registry
from newsdesk.batch import summarize_record
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError
from newsdesk.evaluate.reading import context_risks, repeating
from newsdesk.evaluate.rouge import Rouge, RougeScores, cut_to_words
from newsdesk.ingest import cluster_question, iter_clusters
from newsdesk.segment import split_sentences

PER_CLUSTER_COLUMNS = (
    *("summarizer", "id", "line", "words", "sentences", "needs_context", "repeating"),
    *("rouge1", "rouge2", "rougeLsum", "lead_rouge1", "error"),
)
#: How the generic brief of a focused cluster is labelled beside the focused one.
GENERIC = "(generic)"
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 0


@dataclass(frozen=True)
class ClusterScore:
    """One summarizer's result on one cluster."""

    summarizer: str
    id: str | None
    line: int
    words: int
    sentences: int
    needs_context: float
    repeating: int
    scores: RougeScores
    lead_rouge1: float
    error: str | None = None


@dataclass(frozen=True)
class SystemScore:
    """One summarizer's mean scores over the clusters, with bootstrap 95% intervals."""

    summarizer: str
    mean: RougeScores
    low: RougeScores
    high: RougeScores
    clusters: int
    failed: int
    needs_context_share: float
    repeating_share: float
    lead_rouge1: float


@dataclass(frozen=True)
class Evaluation:
    """Scores of several summarizers on one data file, under one protocol."""

    data: str
    words: int
    recall: bool
    systems: tuple[SystemScore, ...]
    clusters: tuple[ClusterScore, ...]
    skipped: tuple[str, ...] = field(default=())

    @property
    def protocol(self) -> str:
        measure = "recall" if self.recall else "F1"
        return (
            f"ROUGE {measure} (rouge-score {version('rouge-score')}, Porter stemming; "
            "ROUGE-Lsum over summaries one sentence a line, references split with Punkt); "
            f"each system summary cut to {self.words} words; a cluster's score is the mean over "
            "its references, the table the mean over clusters (a failed cluster scores 0); "
            f"95% intervals: bootstrap over clusters, {BOOTSTRAP_SAMPLES} resamples, "
            f"seed {BOOTSTRAP_SEED}; 'context' = expected share of summary sentences that cannot "
            "run where they stand: 1 for a sentence naming a person by a surname the summary "
            "has not introduced, else, when the sentence before it in its article is not right "
            "before it, the learned stand-alone test's probability that it leans on that one "
            "(newsdesk.standalone); "
            "'repeats' = share of summary sentences that restate an earlier one; "
            "'lead R-1' = ROUGE-1 F1 of the summary's first sentence against each "
            "reference's first sentence."
        )

    def table(self) -> str:
        """The results as a text table, preceded by the protocol."""
        lines = [
            f"data: {self.data} ({len(self.clusters) // max(len(self.systems), 1)} clusters)",
            f"protocol: {self.protocol}",
            "",
            f"{'summarizer':<16} {'ROUGE-1':>20} {'ROUGE-2':>20} {'ROUGE-Lsum':>20} "
            f"{'context':>8} {'repeats':>8} {'lead R-1':>8} {'failed':>6}",
        ]
        for system in self.systems:
            cells = [
                f"{m:.2f} [{lo:.2f}, {hi:.2f}]"
                for m, lo, hi in zip(
                    system.mean.as_tuple(),
                    system.low.as_tuple(),
                    system.high.as_tuple(),
                    strict=True,
                )
            ]
            lines.append(
                f"{system.summarizer:<16} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20} "
                f"{100 * system.needs_context_share:>7.1f}% {100 * system.repeating_share:>7.1f}% "
                f"{system.lead_rouge1:>8.2f} {system.failed:>6}"
            )
        lines.extend(f"skipped: {reason}" for reason in self.skipped)
        return "\n".join(lines) + "\n"

    def write_per_cluster(self, path: str | Path) -> None:
        """Write every (summarizer, cluster) score to a tab-separated file."""
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(PER_CLUSTER_COLUMNS)
            for item in self.clusters:
                writer.writerow(
                    [item.summarizer, item.id, item.line, item.words, item.sentences]
                    + [f"{item.needs_context:.2f}", item.repeating]
                    + [f"{value:.4f}" for value in (*item.scores.as_tuple(), item.lead_rouge1)]
                    + [item.error or ""]
                )


def evaluate(
    data: str | Path,
    *,
    words: int,
    summarizers: Sequence[str] = ("newsdesk",),
    recall: bool = False,
    limit: int | None = None,
    no_query: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Summarize every cluster of ``data`` with each summarizer and score it with ROUGE.

    ``limit`` keeps the first clusters only. Records that are not clusters or have no
    reference summary are skipped and listed in :attr:`Evaluation.skipped`. Clusters that
    ask a question (``query``, ``topic``) or list articles already read (``seen``) get
    focused briefs (``no_query`` ignores the question); each summarizer is then scored a
    second time, as ``NAME (generic)``, on the generic brief of the same new articles, so
    that the gain of the focus shows. ``progress`` is called after each cluster with the
    count done and the count of clusters.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ConfigError("limit", "a whole number of clusters, at least 1", limit)
    names = [registry.resolve(name) for name in summarizers]
    for name in names:
        registry.get(name)  # fail before any work on an unknown name
    rouge = Rouge(recall=recall)
    records, skipped = _records(data, limit)
    focused = any(_is_focused(record, no_query) for _, record in records)
    runs = [(name, name, no_query, False) for name in names]
    if focused:
        runs += [(f"{name} {GENERIC}", name, True, True) for name in names]
    scores: dict[str, list[ClusterScore]] = {run[0]: [] for run in runs}
    for done, (line, record) in enumerate(records, 1):
        references = [str(s) for s in record["summaries"]]
        leads = [first[0] for first in map(split_sentences, references) if first]
        for label, name, ignore_query, ignore_seen in runs:
            config = SummaryConfig(words=words, summarizer=name, no_query=ignore_query)
            given = {k: v for k, v in record.items() if k != "seen"} if ignore_seen else record
            result = summarize_record(given, config, line=line, keep_brief=True)
            summary = cut_to_words(result.summary or "", words)
            sentences = summary.split("\n") if summary else []
            scores[label].append(
                ClusterScore(
                    summarizer=label,
                    id=result.id,
                    line=line,
                    words=len(summary.split()),
                    sentences=len(sentences),
                    needs_context=sum(context_risks(result.brief)) if result.brief else 0.0,
                    repeating=len(repeating(sentences)),
                    scores=rouge.score(summary, references) if summary else RougeScores(0, 0, 0),
                    lead_rouge1=rouge.rouge1_f1(sentences[0], leads) if sentences else 0.0,
                    error=result.error,
                )
            )
        if progress is not None:
            progress(done, len(records))
    systems = tuple(_system_score(label, items) for label, items in scores.items())
    every = tuple(item for items in scores.values() for item in items)
    return Evaluation(str(data), words, recall, systems, every, tuple(skipped))


def _is_focused(record: dict[str, Any], no_query: bool) -> bool:
    return bool(record.get("seen")) or (not no_query and cluster_question(record) is not None)


def _records(
    data: str | Path, limit: int | None
) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    records: list[tuple[int, dict[str, Any]]] = []
    skipped: list[str] = []
    for line, record in iter_clusters(data):
        if limit is not None and len(records) >= limit:
            break
        if isinstance(record, InputError):
            skipped.append(str(record))
        elif not isinstance(record.get("summaries"), list) or not record["summaries"]:
            skipped.append(f"{data}:{line}: no reference summaries")
        else:
            records.append((line, record))
    if not records:
        raise InputError(f"{data}: no cluster with reference summaries to evaluate")
    return records, skipped


def _system_score(name: str, items: Sequence[ClusterScore]) -> SystemScore:
    values = np.array([item.scores.as_tuple() for item in items])
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    samples = rng.integers(0, len(items), size=(BOOTSTRAP_SAMPLES, len(items)))
    means = values[samples].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5], axis=0)
    sentences = sum(item.sentences for item in items)
    return SystemScore(
        summarizer=name,
        mean=RougeScores(*values.mean(axis=0)),
        low=RougeScores(*low),
        high=RougeScores(*high),
        clusters=len(items),
        failed=sum(item.error is not None for item in items),
        needs_context_share=sum(item.needs_context for item in items) / max(sentences, 1),
        repeating_share=sum(item.repeating for item in items) / max(sentences, 1),
        lead_rouge1=float(np.mean([item.lead_rouge1 for item in items])),
    )
