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
import itertools
import json
import logging
import multiprocessing
import os
import shutil
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TextIO, TypeVar

from newsdesk import registry
from newsdesk.config import SummaryConfig
from newsdesk.errors import (
    ConfigError,
    InputError,
    MissingExtraError,
    NewsdeskError,
    OutputError,
)
from newsdesk.files import (
    display_name,
    is_regular_file,
    missing_folder,
    replaced_on_success,
    same_file,
)
from newsdesk.ingest import iter_cluster_lines, load_json, parse_cluster_line, story_from_cluster
from newsdesk.render import brief_to_dict
from newsdesk.types import Brief

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
#: What a result line holds: ``summary``, ``{"id", "summary"}`` (sentences separated by
#: newlines, what ``newsdesk evaluate`` scores); ``json``, the whole brief as ``newsdesk
#: summarize --format json`` writes it (citations, scores, removed, skipped, comparison).
BATCH_FORMATS = ("summary", "json")
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
    #: The whole brief as plain data (``fmt="json"``), written as the line instead of the summary.
    full: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON line: ``{"id", "summary"}``, the whole brief (``fmt="json"``, the shape of
        ``brief.schema.json``) or ``{"id", "line", "error"}``."""
        if self.error is not None:
            return {"id": self.id, "line": self.line, "error": self.error}
        if self.full is not None:
            return self.full
        return {"id": self.id, "summary": self.summary}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def summarize_record(
    record: Mapping[str, Any],
    config: SummaryConfig,
    *,
    line: int = 0,
    keep_brief: bool = False,
    fmt: str = "summary",
) -> ClusterResult:
    """Summarize one cluster record; an error becomes the result's ``error``.

    With ``keep_brief`` the result also carries the :class:`~newsdesk.types.Brief`; with
    ``fmt="json"`` the whole brief as plain data (comparison included, as ``summarize
    --format json`` writes it).
    """
    from newsdesk.pipeline import summarize_story  # numpy and the stages: not for --help

    cluster_id = None
    try:
        cluster_id = cluster_id_of(record)
        story = story_from_cluster(record, origin=f"line {line}", config=config)
        brief = summarize_story(story, config, compare=fmt == "json")
        full = brief_to_dict(brief) if fmt == "json" else None
    except NewsdeskError as exc:
        return ClusterResult(line, cluster_id, error=str(exc))
    except Exception as exc:  # one bad cluster must not end a run of thousands
        return _internal_error(line, cluster_id, exc)
    return ClusterResult(
        line, cluster_id, summary=brief.text, brief=brief if keep_brief else None, full=full
    )


def summarize_line(
    raw: bytes | str, config: SummaryConfig, *, line: int, fmt: str = "summary"
) -> ClusterResult:
    """Summarize one JSONL line (undecoded); a line that is no cluster becomes an error.

    Whatever the line holds, the answer is a result: no exception leaves this function.
    """
    try:
        record = parse_cluster_line(raw, f"line {line}")
        if isinstance(record, InputError):
            return ClusterResult(line, None, error=str(record))
        return summarize_record(record, config, line=line, fmt=fmt)
    except Exception as exc:
        return _internal_error(line, None, exc)


def _internal_error(line: int, cluster_id: str | None, exc: BaseException) -> ClusterResult:
    log.warning("internal error on line %d: %s: %s", line, type(exc).__name__, exc)
    log.debug("the traceback of line %d", line, exc_info=exc)
    message = f"internal error: {type(exc).__name__}: {exc}"
    return ClusterResult(line, cluster_id, error=message[:1000])


def summarize_chunk(
    chunk: list[tuple[int, bytes]], config: SummaryConfig, fmt: str = "summary"
) -> list[ClusterResult]:
    """Summarize a list of ``(line number, raw line)``: the unit of work sent to a worker."""
    return [summarize_line(raw, config, line=line, fmt=fmt) for line, raw in chunk]


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
    """How a batch run went: clusters summarized by this run, failed ones among them, clusters
    found already done in the output (``--resume``) and the worker processes used."""

    clusters: int
    failed: int
    resumed: int = 0
    workers: int = 1


class Progress(Protocol):
    """What :func:`run_batch` reports progress to (a ``tqdm`` bar fits)."""

    def update(self, n: int = 1) -> Any: ...


_T = TypeVar("_T")
# One unit of work: (line number, raw line, the result line kept from an earlier run or None).
_Item = tuple[int, bytes, "str | None"]


def run_batch(
    data: str | Path,
    config: SummaryConfig,
    output: TextIO,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    skip: int = 0,
    previous: Sequence[str | None] = (),
    progress: Progress | None = None,
    fmt: str = "summary",
) -> BatchReport:
    """Write one JSON line a cluster of ``data`` to ``output`` (:meth:`ClusterResult.to_dict`).

    ``skip`` passes over the first clusters (those an interrupted run already wrote, see
    :func:`resume_point`); ``previous`` holds the result lines of the clusters after them that
    an earlier run wrote, written again as they are (``None``: summarize that one again).
    Each result is written as soon as all before it are; ``fmt`` (:data:`BATCH_FORMATS`) says
    what a line holds. ``jobs`` is capped at the cores and at the work there is. Raises
    :class:`OutputError` when ``output`` cannot be written.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ConfigError("jobs", "a whole number of worker processes, at least 1", jobs)
    if engine not in ENGINES:
        raise ConfigError("engine", f"one of {', '.join(ENGINES)}", engine)
    if scheduler is not None and engine != "dask":
        raise ConfigError("scheduler", "given only with the dask engine", scheduler)
    if fmt not in BATCH_FORMATS:
        raise ConfigError("format", f"one of {', '.join(BATCH_FORMATS)}", fmt)
    registry.get(config.summarizer)  # an unknown name fails before any work
    lines = islice(iter_cluster_lines(data), skip, None)
    kept = itertools.chain(previous, itertools.repeat(None))
    items: Iterator[_Item] = (
        (line, raw, old) for (line, raw), old in zip(lines, kept, strict=False)
    )
    chunks = _chunked(items, CHUNK_SIZE)
    # Workers for the work there is: the chunks read ahead decide it (no second read).
    ahead = list(islice(chunks, min(jobs, usable_cores())))
    workers = max(1, len(ahead))
    if workers < jobs:
        log.info("--jobs %d: %d worker process(es) for the work and cores there are", jobs, workers)
    clusters = failed = resumed = 0
    with _engine(engine, workers, scheduler) as (submit, in_use):

        def submit_items(chunk: list[_Item], config: SummaryConfig) -> _Merged:
            todo = [(line, raw) for line, raw, old in chunk if old is None]
            return _Merged(chunk, submit(todo, config, fmt) if todo else None)

        merged: Iterator[list[tuple[str | None, ClusterResult | None]]] = _in_order(
            submit_items,
            itertools.chain(ahead, chunks),
            config,
            in_use * CHUNKS_IN_FLIGHT_PER_WORKER,
        )
        for chunk_results in merged:
            text = []
            for old, result in chunk_results:
                if result is None:
                    text.append(str(old))
                    resumed += 1
                    continue
                text.append(result.to_json())
                clusters += 1
                failed += result.error is not None
            _write(output, "".join(line + "\n" for line in text))
            if progress is not None:
                progress.update(len(chunk_results))
    return BatchReport(clusters, failed, skip + resumed, workers if engine == "local" else in_use)


def _write(output: TextIO, text: str) -> None:
    try:
        output.write(text)
        output.flush()  # an interrupted run leaves whole lines for --resume
    except OSError as exc:
        raise OutputError(getattr(output, "name", "the output"), exc) from exc


class _Merged:
    """A chunk's results, in order: kept lines from an earlier run, and the computed ones."""

    def __init__(self, chunk: list[_Item], future: Any) -> None:
        self._chunk = chunk
        self._future = future

    def result(self) -> list[tuple[str | None, ClusterResult | None]]:
        computed = iter(self._future.result() if self._future is not None else ())
        return [
            (old, None) if old is not None else (None, next(computed))
            for _line, _raw, old in self._chunk
        ]


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def count_clusters(data: str | Path) -> int | None:
    """How many clusters (non-blank lines) a JSONL file holds, read without parsing; ``None``
    when ``data`` is not a regular file (a pipe can be read only once)."""
    if not is_regular_file(data):
        return None
    return sum(1 for _ in iter_cluster_lines(data))


PARTIAL_SUFFIX = ".partial"
OPTIONS_SUFFIX = ".options.json"


@dataclass
class BatchOutput:
    """The file a run writes to, and where it resumes (see :func:`open_output`)."""

    handle: TextIO
    skip: int = 0
    previous: list[str | None] = field(default_factory=list)


@contextlib.contextmanager
def open_output(
    data: str | Path,
    output: str | Path,
    config: SummaryConfig,
    *,
    resume: bool = False,
    retry_errors: bool = False,
    fmt: str = "summary",
) -> Iterator[BatchOutput]:
    """The output of a batch run, which appears at ``output`` only once the run is complete.

    Results go to ``OUTPUT.partial``, renamed to ``output`` when the block ends without an
    error; the options of the run go to ``OUTPUT.options.json``. With ``resume``, the run
    continues the partial file (or the finished output, to ``retry_errors``), after checking
    that it was written from this input with the same options. Raises :class:`ConfigError`
    for an output that is the input or options that differ from the recorded ones,
    :class:`InputError` for an output that is not this input's, :class:`OutputError` when a
    file cannot be written.
    """
    output = Path(output)
    partial = output.with_name(output.name + PARTIAL_SUFFIX)
    record = output.with_name(output.name + OPTIONS_SUFFIX)
    missing = missing_folder(output)
    if missing:  # before anything is written: no partial file to name
        raise OutputError(display_name(output), missing)
    for path in (output, partial, record):
        if same_file(data, path):
            raise ConfigError("-o/--output", "a file other than the input", display_name(path))
    # The format is recorded only when not the default: outputs written before it existed
    # (summary lines) resume as they did.
    recorded = {**config.as_dict(), **({"format": fmt} if fmt != "summary" else {})}
    options = {"input": display_name(data), "options": recorded}
    skip, previous = 0, list[str | None]()
    source = next((p for p in (partial, output) if resume and p.exists()), None)
    if source is not None and source.stat().st_size > 0:
        _check_options(record, recorded, output)
        if source == output:
            try:
                shutil.copyfile(output, partial)
            except OSError as exc:
                raise OutputError(display_name(partial), exc) from exc
        skip, previous = resume_point(data, partial, retry_errors=retry_errors)
    with replaced_on_success(record) as handle:
        handle.write(json.dumps(options, ensure_ascii=False, indent=1) + "\n")
    try:
        handle = open(partial, "a" if skip else "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise OutputError(display_name(partial), exc) from exc
    try:
        yield BatchOutput(handle, skip, previous)
        try:
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as exc:
            raise OutputError(display_name(partial), exc) from exc
    finally:
        with contextlib.suppress(OSError):  # its error, if any, is already raised
            handle.close()
    try:
        os.replace(partial, output)
    except OSError as exc:
        raise OutputError(display_name(output), exc) from exc


def _check_options(record: Path, options: Mapping[str, Any], output: Path) -> None:
    """Refuse to resume an output written with other options than ``options``."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))["options"]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(
            f"{display_name(output)}: no readable record of the options it was written with "
            f"({display_name(record)}); cannot resume: run again without --resume"
        ) from None
    keys = sorted(set(options) | set(recorded))
    changed = {k: options.get(k) for k in keys if recorded.get(k) != options.get(k)}
    if changed:
        was = ", ".join(f"{k}={recorded.get(k)!r}" for k in changed)
        now = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        raise ConfigError(
            "--resume", f"given the options {display_name(output)} was written with ({was})", now
        )


def completed_clusters(data: str | Path, output: str | Path) -> int:
    """How many clusters of ``data`` an interrupted run already wrote to ``output``.

    See :func:`resume_point`, of which this is the count of kept lines.
    """
    return resume_point(data, output)[0]


def resume_point(
    data: str | Path, output: str | Path, *, retry_errors: bool = False
) -> tuple[int, list[str | None]]:
    """Where a run writing ``output`` from ``data`` resumes: ``(skip, previous)`` for
    :func:`run_batch`.

    The output holds results in input order, so it is the first N clusters. A partly written
    last line is cut off. With ``retry_errors``, the file is cut before its first error, and the
    results after it are returned in ``previous`` (``None`` for each error, to do again).
    Raises :class:`InputError` when the output does not belong to this input (a line that is
    not a result, or whose id differs from its cluster's) or when ``data`` is not a regular
    file (it would be read twice).
    """
    path = Path(output)
    if not path.exists():
        return 0, []
    if same_file(data, path):
        raise InputError(f"{path} is the input itself, not an output; cannot resume")
    if not is_regular_file(data):
        raise InputError(f"{data} is not a regular file (a pipe is read once); cannot resume")
    with open(path, "r+b") as handle:
        done = _whole_lines(handle)
        if not done:
            return 0, []
        errors = [
            _check_result(raw, number, path, source)
            for number, raw, source in _paired(done, data, path)
        ]
        first_error = errors.index(True) if retry_errors and True in errors else len(done)
        if first_error < len(done):
            handle.truncate(sum(len(raw) + 1 for raw in done[:first_error]))
    rest = [
        None if error else raw.decode("utf-8")
        for raw, error in zip(done[first_error:], errors[first_error:], strict=True)
    ]
    return first_error, rest


def _paired(
    done: list[bytes], data: str | Path, path: Path
) -> Iterator[tuple[int, bytes, tuple[int, bytes]]]:
    inputs = iter_cluster_lines(data)
    for number, raw in enumerate(done, start=1):
        source = next(inputs, None)
        if source is None:
            raise InputError(f"{path}: has more lines than {data} has clusters; cannot resume")
        yield number, raw, source


RESULT_KEYS = ({"id", "summary"}, {"id", "line", "error"})


def _check_result(raw: bytes, number: int, path: Path, source: tuple[int, bytes]) -> bool:
    """Check that a line of the output is the result of the cluster ``source`` of the input;
    whether it is an error."""
    result = load_json(raw, f"{path}:{number}")
    if isinstance(result, InputError):
        raise InputError(f"{result}; not a batch result, cannot resume")
    whole_brief = isinstance(result, dict) and "schema_version" in result and "story_id" in result
    if not isinstance(result, dict) or (set(result) not in RESULT_KEYS and not whole_brief):
        raise InputError(f"{path}:{number}: not a batch result; cannot resume")
    record = parse_cluster_line(source[1], f"line {source[0]}")
    try:
        expected = None if isinstance(record, InputError) else cluster_id_of(record)
    except Exception:  # an id that cannot be shown as text: its result has none either
        expected = None
    # A whole brief names its cluster by ``story_id`` (a cluster without an id: a hash).
    found = result.get("story_id") if whole_brief else result.get("id")
    if found != expected and not (whole_brief and expected is None):
        raise InputError(
            f"{path}:{number}: is not the result of cluster {expected!r} "
            f"(input line {source[0]}); cannot resume"
        )
    return "error" in result


def _whole_lines(handle: BinaryIO) -> list[bytes]:
    """The complete lines of a file; a last line without its newline is truncated away."""
    content = handle.read()
    end = content.rfind(b"\n") + 1
    if end < len(content):
        log.warning("cutting off an incomplete last line of %s", handle.name)
        handle.truncate(end)
    return content[:end].split(b"\n")[:-1] if end else []


def _chunked(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_Submit = Callable[
    [list[tuple[int, bytes]], SummaryConfig, str], "Future[list[ClusterResult]] | Any"
]


def _in_order(
    submit: Callable[[_T, SummaryConfig], Any],
    chunks: Iterable[_T],
    config: SummaryConfig,
    in_flight: int,
) -> Iterator[Any]:
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


def _warm_up() -> None:
    """Load the pipeline and the sentence splitter's model once, before workers fork, so that
    they share them."""
    import newsdesk.pipeline  # noqa: F401  (what every cluster needs)
    from newsdesk.segment import warm_up

    warm_up()


@contextlib.contextmanager
def _engine(engine: str, jobs: int, scheduler: str | None) -> Iterator[tuple[_Submit, int]]:
    """``(submit(chunk, config, fmt) -> future, number of workers)`` for the chosen engine."""
    if engine == "dask":
        with _dask_client(jobs, scheduler) as client:
            workers = max(len(client.scheduler_info().get("workers", {})), 1)
            yield (
                (
                    lambda chunk, config, fmt: client.submit(
                        summarize_chunk, chunk, config, fmt, pure=False
                    )
                ),
                workers,
            )
        return
    _warm_up()
    if jobs == 1:
        yield (lambda chunk, config, fmt: _Done(summarize_chunk(chunk, config, fmt))), 1
        return
    pool = ProcessPoolExecutor(
        jobs, mp_context=_process_context(), initializer=_start_worker, initargs=(os.getpid(),)
    )
    try:
        yield (lambda chunk, config, fmt: pool.submit(summarize_chunk, chunk, config, fmt)), jobs
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """Set up a worker process: it dies with the batch process, and leaves Ctrl-C to it (the
    whole terminal's process group gets SIGINT; the batch process stops the run and says how
    to resume, where each worker would print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Make a worker exit when the process that started it dies, however it dies (SIGKILL
    included): otherwise it lives on, blocked on a pipe nobody writes to (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the call above took effect
        os._exit(1)


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
        raise MissingExtraError("--engine dask", "dask") from exc
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
