"""Batch: summarize every cluster of a JSONL file, one result a cluster, in input order.

One cluster's failure never stops the run: it yields a result with an ``error`` instead of a
``summary``. :func:`run_batch` is the one call behind ``newsdesk batch``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.ingest import iter_clusters, story_from_cluster
from newsdesk.pipeline import summarize_story

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClusterResult:
    """The summary of one input line (sentences separated by ``\\n``), or why there is none."""

    line: int
    id: str | None
    summary: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON line: ``{"id", "summary"}`` or ``{"id", "line", "error"}``."""
        if self.error is not None:
            return {"id": self.id, "line": self.line, "error": self.error}
        return {"id": self.id, "summary": self.summary}


def summarize_record(
    record: Mapping[str, Any], config: SummaryConfig, *, line: int = 0
) -> ClusterResult:
    """Summarize one cluster record; an error becomes the result's ``error``."""
    cluster_id = _cluster_id(record)
    try:
        story = story_from_cluster(record, origin=f"line {line}", config=config)
        brief = summarize_story(story, config)
    except NewsdeskError as exc:
        return ClusterResult(line, cluster_id, error=str(exc))
    except Exception as exc:  # one bad cluster must not end a run of thousands
        log.exception("internal error on line %d", line)
        return ClusterResult(line, cluster_id, error=f"internal error: {type(exc).__name__}: {exc}")
    return ClusterResult(line, cluster_id, summary=brief.text)


def summarize_clusters(path: str | Path, config: SummaryConfig) -> Iterator[ClusterResult]:
    """Stream the results for every cluster of a JSONL file, in input order."""
    for line, record in iter_clusters(path):
        if isinstance(record, InputError):
            yield ClusterResult(line, None, error=str(record))
        else:
            yield summarize_record(record, config, line=line)


def _cluster_id(record: Mapping[str, Any]) -> str | None:
    value = record.get("id")
    return None if value is None else str(value)


@dataclass(frozen=True)
class BatchReport:
    """How a batch run went."""

    clusters: int
    failed: int


def run_batch(data: str | Path, config: SummaryConfig, output: TextIO) -> BatchReport:
    """Write one JSON line a cluster of ``data`` to ``output`` (:meth:`ClusterResult.to_dict`)."""
    clusters = failed = 0
    for result in summarize_clusters(data, config):
        output.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        clusters += 1
        failed += result.error is not None
    return BatchReport(clusters, failed)
