"""Writing briefs away from the event loop: a pool of worker processes with a time limit.

Summarizing is CPU-bound, so it runs in separate processes (one per core by default) while the
server keeps answering. A brief not written when its time is up is abandoned and, if a worker
had started it, that worker is killed and replaced: a hostile or pathological input cannot hold
one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from pebble import ProcessExpired, ProcessPool

from newsdesk.config import SummaryConfig
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import read_files, story_from_cluster
from newsdesk.pipeline import summarize_story
from newsdesk.render import brief_to_dict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BriefJob:
    """One request's articles, already within the server's limits: ``documents`` as a JSONL
    cluster holds them, or uploaded ``files`` as ``(name, content)``."""

    config: SummaryConfig
    documents: Sequence[Mapping[str, Any]] = ()
    files: Sequence[tuple[str, bytes]] = ()
    #: Articles the reader has already read, as ``documents`` holds the new ones.
    seen: Sequence[Mapping[str, Any]] = ()
    draft: str | None = None  # a draft to check against the articles instead of a brief
    #: Whether the brief carries the cross-source comparison (asked for: it costs several
    #: times the brief).
    compare: bool = False


class JobFailed(Exception):
    """A brief could not be written from the input (the message says why)."""


class TimedOut(Exception):
    """The brief was not written within the time limit; its worker was stopped."""


class Overloaded(Exception):
    """Too many briefs are queued or being written already."""


def write_brief(job: BriefJob) -> dict[str, Any]:
    """The brief of a job as ``newsdesk summarize --format json`` gives it (runs in a worker)."""
    try:
        if job.files:
            story = read_files(job.files, config=job.config)
        else:
            record = {"documents": list(job.documents), "seen": list(job.seen)}
            story = story_from_cluster(
                record, origin="request", config=job.config, document_names="article"
            )
        if job.draft is not None:
            from newsdesk.check import check
            from newsdesk.render import check_to_dict

            return check_to_dict(check(job.draft, story))
        return brief_to_dict(summarize_story(story, job.config, compare=job.compare))
    except NewsdeskError as exc:
        # Re-raised as a plain exception: some of ours do not survive the trip between processes.
        raise JobFailed(str(exc)) from None
    except RecursionError:
        raise JobFailed("the input is nested too deeply") from None


def _warm_up() -> None:
    """Load the models and tables a brief needs, so a new worker's first brief is not slow."""
    text = (
        "Officials met in Hanoi on Monday, 4 March 2019, to plan the summit. "
        "The talks lasted three hours, a spokesman said."
    )
    documents = [{"text": text}, {"text": text + " Later."}]
    write_brief(BriefJob(SummaryConfig(), documents=documents, compare=True))


class WorkerLost(Exception):
    """The worker writing the brief stopped (killed from outside, out of memory, ...)."""


class BriefPool:
    """Worker processes that write briefs, each within ``timeout`` seconds.

    Each worker is a pebble pool of one process, with its own channel, and writes one brief
    at a time: a worker that dies (killed while idle or mid-brief) never takes the others
    with it. A broken worker is replaced when found: by :meth:`check` (run by ``/healthz``
    and a watchdog) and before a brief is given to it. A brief over the time limit, or whose
    client has gone, is stopped by replacing its worker (a pool of one: no other brief is
    lost); pebble's own cancelling is not used (a task cancelled before its worker took it up
    could stop the pool's manager thread).
    """

    def __init__(self, workers: int, timeout: float, max_pending: int) -> None:
        self.timeout = timeout
        self.max_pending = max_pending
        self.pending = 0
        self.replaced = 0  # workers replaced (broken, or stopped mid-brief), since the start
        self._workers = [_new_worker() for _ in range(workers)]
        self._waiting: list[asyncio.Future[Any] | None] = [None] * workers
        self._free: asyncio.Queue[int] | None = None  # made in the event loop that uses it

    @property
    def size(self) -> int:
        return len(self._workers)

    def check(self) -> int:
        """Replace every broken worker; the number of workers able to take a brief."""
        healthy = 0
        for index, worker in enumerate(self._workers):
            if not worker.active:
                log.warning("brief worker %d stopped working; replacing it", index)
                self._replace(index)
            healthy += self._workers[index].active
        return healthy

    def _replace(self, index: int) -> None:
        """Stop worker ``index`` (its process too) and start another in its place; a brief
        waiting on it fails with :class:`BrokenProcessPool`."""
        old = self._workers[index]
        old.stop()  # type: ignore[no-untyped-call]  # pebble's stop() has no hints
        self._workers[index] = _new_worker()
        self.replaced += 1
        waiting = self._waiting[index]
        if waiting is not None and not waiting.done():
            waiting.set_exception(BrokenProcessPool("the worker was replaced"))
        # Joined away from the event loop: its threads end within a pebble tick.
        threading.Thread(target=old.join, daemon=True).start()

    async def brief(self, job: BriefJob) -> dict[str, Any]:
        """The brief of ``job``, within ``timeout`` seconds of the call, queueing included.

        Raises :class:`Overloaded`, :class:`TimedOut`, :class:`WorkerLost` or
        :class:`JobFailed`.
        """
        if self.pending >= self.max_pending:
            raise Overloaded(f"{self.pending} briefs are already queued or being written")
        if self._free is None:
            self._free = asyncio.Queue()
            for index in range(self.size):
                self._free.put_nowait(index)
        free = self._free
        self.pending += 1
        taken: list[int] = []
        try:
            result: dict[str, Any] = await asyncio.wait_for(
                self._write(job, free, taken), self.timeout
            )
            return result
        except asyncio.TimeoutError:
            raise TimedOut(f"the brief took longer than the limit of {self.timeout:g} s") from None
        except (ProcessExpired, BrokenProcessPool) as exc:
            raise WorkerLost(f"the worker writing the brief stopped ({exc})") from None
        finally:
            self.pending -= 1
            for index in taken:
                free.put_nowait(index)

    async def _write(self, job: BriefJob, free: asyncio.Queue[int], taken: list[int]) -> Any:
        index = await free.get()  # the wait for a free worker is the queue
        taken.append(index)
        for attempt in (1, 2):
            worker = self._workers[index]
            if not worker.active:
                self._replace(index)
                worker = self._workers[index]
            try:
                return await self._run(index, worker, job)
            except asyncio.CancelledError:
                self._replace(index)  # time up, or the client gone: stop the worker writing it
                raise
            except BrokenProcessPool:
                # The worker broke before it started this brief (a brief it started and died
                # on ends in ProcessExpired, not retried: the brief may be what kills it).
                if attempt == 2:
                    raise
                if self._workers[index] is worker:
                    self._replace(index)
        raise AssertionError("unreachable")

    async def _run(self, index: int, worker: ProcessPool, job: BriefJob) -> Any:
        loop = asyncio.get_running_loop()
        waiting: asyncio.Future[Any] = loop.create_future()
        self._waiting[index] = waiting
        try:
            future = worker.schedule(write_brief, args=(job,))
        except RuntimeError as exc:  # pebble: the pool broke since it was checked
            raise BrokenProcessPool(str(exc)) from None

        def settle(done: Future[Any]) -> None:  # in one of pebble's threads
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                loop.call_soon_threadsafe(_copy_outcome, done, waiting)

        future.add_done_callback(settle)
        try:
            return await waiting
        finally:
            self._waiting[index] = None

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()  # type: ignore[no-untyped-call]
        for worker in self._workers:
            worker.join()


def _copy_outcome(done: Future[Any], waiting: asyncio.Future[Any]) -> None:
    if waiting.done():
        return
    if done.cancelled():
        waiting.set_exception(BrokenProcessPool("the brief was cancelled in its worker"))
    elif (error := done.exception()) is not None:
        waiting.set_exception(error)
    else:
        waiting.set_result(done.result())


def _new_worker() -> ProcessPool:
    # Spawned, not forked: the server's threads and event loop must not be copied mid-step.
    worker = ProcessPool(
        max_workers=1, initializer=_warm_up, context=multiprocessing.get_context("spawn")
    )
    worker.active  # noqa: B018  # starts its process now, not at the first brief
    return worker


async def answer(pool: BriefPool, job: BriefJob) -> dict[str, Any]:
    """The job's result from the pool, or the HTTP error that says why there is none."""
    from fastapi import HTTPException

    try:
        return await pool.brief(job)
    except Overloaded as exc:
        raise HTTPException(503, f"busy: {exc}", headers={"Retry-After": "1"}) from None
    except TimedOut as exc:
        raise HTTPException(504, str(exc)) from None
    except JobFailed as exc:
        raise HTTPException(422, str(exc)) from None
    except WorkerLost as exc:
        raise HTTPException(503, f"{exc}; retry", headers={"Retry-After": "1"}) from None
