"""Batch: summarize every cluster of a JSONL file, one result a cluster, in input order.

One cluster's failure never stops the run: it yields a result with an ``error`` instead of a
``summary``. :func:`run_batch` is the one call behind ``newsdesk batch``.

The input is streamed: lines are read, summarized and written a few chunks at a time, so
memory does not grow with the number of clusters. Chunks go to an engine:

- ``local`` with ``jobs=1``: this process;
- ``local`` with ``jobs=N``: N worker processes (:mod:`concurrent.futures`);
- ``dask``: the workers of a Dask cluster (``scheduler`` is its address; without one, a
  ``LocalCluster`` of ``jobs`` workers). Needs the extra ``newsdesk[dask]``, installed on the
  client and on every worker.

Whatever the engine, results are written in input order and are the same, line for line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TextIO

from newsdesk import registry
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError, NewsdeskError
from newsdesk.ingest import iter_cluster_lines, parse_cluster_line, story_from_cluster
from newsdesk.pipeline import summarize_story
from newsdesk.segment import warm_up as warm_up_segmenter
from newsdesk.types import Brief

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
# Clusters sent to a worker at a time: enough to make the cost of a hand-over small, few
# enough that output keeps flowing and progress moves.
CHUNK_SIZE = 8
# Chunks in flight per worker: keeps every worker busy while bounding memory.
CHUNKS_IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class ClusterResult:
    """The summary of one input line (sentences separated by ``\\n``), or why there is none."""

    line: int
    id: str | None
    summary: str | None = None
    error: str | None = None
    #: The brief itself, when asked for (``summarize_record(..., keep_brief=True)``).
    brief: Brief | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON line: ``{"id", "summary"}`` or ``{"id", "line", "error"}``."""
        if self.error is not None:
            return {"id": self.id, "line": self.line, "error": self.error}
        return {"id": self.id, "summary": self.summary}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def summarize_record(
    record: Mapping[str, Any], config: SummaryConfig, *, line: int = 0, keep_brief: bool = False
) -> ClusterResult:
    """Summarize one cluster record; an error becomes the result's ``error``.

    With ``keep_brief`` the result also carries the :class:`~newsdesk.types.Brief`.
    """
    cluster_id = cluster_id_of(record)
    try:
        story = story_from_cluster(record, origin=f"line {line}", config=config)
        brief = summarize_story(story, config)
    except NewsdeskError as exc:
        return ClusterResult(line, cluster_id, error=str(exc))
    except Exception as exc:  # one bad cluster must not end a run of thousands
        log.exception("internal error on line %d", line)
        return ClusterResult(line, cluster_id, error=f"internal error: {type(exc).__name__}: {exc}")
    return ClusterResult(
        line, cluster_id, summary=brief.text, brief=brief if keep_brief else None
    )


def summarize_line(raw: bytes | str, config: SummaryConfig, *, line: int) -> ClusterResult:
    """Summarize one JSONL line (undecoded); a line that is no cluster becomes an error."""
    record = parse_cluster_line(raw, f"line {line}")
    if isinstance(record, InputError):
        return ClusterResult(line, None, error=str(record))
    return summarize_record(record, config, line=line)


def summarize_chunk(chunk: list[tuple[int, bytes]], config: SummaryConfig) -> list[ClusterResult]:
    """Summarize a list of ``(line number, raw line)``: the unit of work sent to a worker."""
    return [summarize_line(raw, config, line=line) for line, raw in chunk]


def summarize_clusters(path: str | Path, config: SummaryConfig) -> Iterator[ClusterResult]:
    """Stream the results for every cluster of a JSONL file, in input order (this process)."""
    for line, raw in iter_cluster_lines(path):
        yield summarize_line(raw, config, line=line)


def cluster_id_of(record: Mapping[str, Any]) -> str | None:
    """A record's ``id`` as text (``None`` when it has none)."""
    value = record.get("id")
    return None if value is None else str(value)


@dataclass(frozen=True)
class BatchReport:
    """How a batch run went: clusters written by this run, failed ones among them, and
    clusters found already done in the output (``--resume``)."""

    clusters: int
    failed: int
    resumed: int = 0


class Progress(Protocol):
    """What :func:`run_batch` reports progress to (a ``tqdm`` bar fits)."""

    def update(self, n: int = 1) -> Any: ...


def run_batch(
    data: str | Path,
    config: SummaryConfig,
    output: TextIO,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    skip: int = 0,
    progress: Progress | None = None,
) -> BatchReport:
    """Write one JSON line a cluster of ``data`` to ``output`` (:meth:`ClusterResult.to_dict`).

    ``skip`` passes over the first clusters (those an interrupted run already wrote, see
    :func:`completed_clusters`). Each result is written as soon as all before it are.
    """
    if jobs < 1:
        raise ConfigError("jobs", "a whole number of worker processes, at least 1", jobs)
    if engine not in ENGINES:
        raise ConfigError("engine", f"one of {', '.join(ENGINES)}", engine)
    if scheduler is not None and engine != "dask":
        raise ConfigError("scheduler", "given only with the dask engine", scheduler)
    registry.get(config.summarizer)  # an unknown name fails before any work
    lines = islice(iter_cluster_lines(data), skip, None)
    clusters = failed = 0
    with _engine(engine, jobs, scheduler) as (submit, workers):
        chunks = _chunked(lines, CHUNK_SIZE)
        results = _in_order(submit, chunks, config, workers * CHUNKS_IN_FLIGHT_PER_WORKER)
        for chunk_results in results:
            for result in chunk_results:
                output.write(result.to_json() + "\n")
                clusters += 1
                failed += result.error is not None
            output.flush()  # an interrupted run leaves whole lines for --resume
            if progress is not None:
                progress.update(len(chunk_results))
    return BatchReport(clusters, failed, skip)


def count_clusters(data: str | Path) -> int:
    """How many clusters (non-blank lines) a JSONL file holds, read without parsing."""
    return sum(1 for _ in iter_cluster_lines(data))


def completed_clusters(data: str | Path, output: str | Path) -> int:
    """How many clusters of ``data`` an interrupted run already wrote to ``output``.

    The output holds results in input order, so it is the first N clusters. A partly written
    last line is cut off. Raises :class:`InputError` when the output does not belong to this
    input (a line that is not a result, or whose id differs from its cluster's).
    """
    path = Path(output)
    if not path.exists():
        return 0
    with open(path, "r+b") as handle:
        done = _whole_lines(handle)
        if not done:
            return 0
    inputs = iter_cluster_lines(data)
    for number, raw in enumerate(done, start=1):
        try:
            result = json.loads(raw)
        except ValueError as exc:
            raise InputError(f"{path}:{number}: not a batch result ({exc}); cannot resume") from exc
        source = next(inputs, None)
        if source is None:
            raise InputError(f"{path}: has more lines than {data} has clusters; cannot resume")
        record = parse_cluster_line(source[1], f"{data}:{source[0]}")
        expected = None if isinstance(record, InputError) else cluster_id_of(record)
        if not isinstance(result, dict) or result.get("id") != expected:
            raise InputError(
                f"{path}:{number}: is not the result of cluster {expected!r} "
                f"({data} line {source[0]}); cannot resume"
            )
    return len(done)


def _whole_lines(handle: BinaryIO) -> list[bytes]:
    """The complete lines of a file; a last line without its newline is truncated away."""
    content = handle.read()
    end = content.rfind(b"\n") + 1
    if end < len(content):
        log.warning("cutting off an incomplete last line of %s", handle.name)
        handle.truncate(end)
    return content[:end].splitlines()


def _chunked(items: Iterable[tuple[int, bytes]], size: int) -> Iterator[list[tuple[int, bytes]]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_Submit = Callable[[list[tuple[int, bytes]], SummaryConfig], "Future[list[ClusterResult]] | Any"]


def _in_order(
    submit: _Submit,
    chunks: Iterable[list[tuple[int, bytes]]],
    config: SummaryConfig,
    in_flight: int,
) -> Iterator[list[ClusterResult]]:
    """Submit chunks, at most ``in_flight`` ahead of the oldest, and yield results in order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk, config))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Done:
    """A finished computation with the interface of a future (the in-process engine)."""

    def __init__(self, value: list[ClusterResult]) -> None:
        self._value = value

    def result(self) -> list[ClusterResult]:
        return self._value


@contextlib.contextmanager
def _engine(engine: str, jobs: int, scheduler: str | None) -> Iterator[tuple[_Submit, int]]:
    """``(submit(chunk, config) -> future, number of workers)`` for the chosen engine."""
    if engine == "dask":
        with _dask_client(jobs, scheduler) as client:
            workers = max(len(client.scheduler_info().get("workers", {})), 1)
            yield (
                (lambda chunk, config: client.submit(summarize_chunk, chunk, config, pure=False)),
                workers,
            )
        return
    warm_up_segmenter()  # loaded once, before workers fork, so that they share it
    if jobs == 1:
        yield (lambda chunk, config: _Done(summarize_chunk(chunk, config))), 1
        return
    pool = ProcessPoolExecutor(jobs, mp_context=_process_context())
    try:
        yield (lambda chunk, config: pool.submit(summarize_chunk, chunk, config)), jobs
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _process_context() -> Any:
    # Forked workers inherit the loaded sentence splitter and imports and start at once;
    # elsewhere (macOS, Windows) forking is unsafe or absent and the default is kept.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


@contextlib.contextmanager
def _dask_client(jobs: int, scheduler: str | None) -> Iterator[Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(
            "engine", "installed: pip install 'newsdesk[dask]'", "dask (not installed)"
        ) from exc
    # dask.distributed sets its loggers to INFO: follow the application's level instead.
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    # dask.distributed's constructors carry no annotations.
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=jobs, threads_per_worker=1, dashboard_address=None
        )
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    try:
        client = Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    with client:
        yield client
