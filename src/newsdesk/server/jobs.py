"""Writing briefs away from the event loop: a pool of worker processes with a time limit.

Summarizing is CPU-bound, so it runs in separate processes (one per core by default) while the
server keeps answering. A brief not written when its time is up is abandoned and, if a worker
had started it, that worker is killed and replaced: a hostile or pathological input cannot hold
one.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pebble import ProcessPool

from newsdesk.config import SummaryConfig
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import read_files, story_from_cluster
from newsdesk.pipeline import summarize_story
from newsdesk.render import brief_to_dict


@dataclass(frozen=True)
class BriefJob:
    """One request's articles, already within the server's limits: ``documents`` as a JSONL
    cluster holds them, or uploaded ``files`` as ``(name, content)``."""

    config: SummaryConfig
    documents: Sequence[Mapping[str, Any]] = ()
    files: Sequence[tuple[str, bytes]] = ()


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
            record = {"documents": list(job.documents)}
            story = story_from_cluster(record, origin="articles", config=job.config)
        return brief_to_dict(summarize_story(story, job.config, compare=True))
    except NewsdeskError as exc:
        # Re-raised as a plain exception: some of ours do not survive the trip between processes.
        raise JobFailed(str(exc)) from None


def _warm_up() -> None:
    """Load the models and tables a brief needs, so a new worker's first brief is not slow."""
    text = (
        "Officials met in Hanoi on Monday, 4 March 2019, to plan the summit. "
        "The talks lasted three hours, a spokesman said."
    )
    write_brief(BriefJob(SummaryConfig(), documents=[{"text": text}, {"text": text + " Later."}]))


class BriefPool:
    """Worker processes that write briefs, each within ``timeout`` seconds."""

    def __init__(self, workers: int, timeout: float, max_pending: int) -> None:
        self.timeout = timeout
        self.max_pending = max_pending
        self.pending = 0
        # Spawned, not forked: the server's threads and event loop must not be copied mid-step.
        self._pool = ProcessPool(
            max_workers=workers,
            initializer=_warm_up,
            context=multiprocessing.get_context("spawn"),
        )

    async def brief(self, job: BriefJob) -> dict[str, Any]:
        """The brief of ``job``, within ``timeout`` seconds of the call, queueing included.

        Raises :class:`Overloaded`, :class:`TimedOut` or :class:`JobFailed`.
        """
        if self.pending >= self.max_pending:
            raise Overloaded(f"{self.pending} briefs are already queued or being written")
        self.pending += 1
        try:
            future = self._pool.schedule(write_brief, args=(job,))
            # Cancelling the future (time up, or the client gone) stops the worker writing it.
            result: dict[str, Any] = await asyncio.wait_for(
                asyncio.wrap_future(future), self.timeout
            )
            return result
        except asyncio.TimeoutError:
            raise TimedOut(f"the brief took longer than the limit of {self.timeout:g} s") from None
        finally:
            self.pending -= 1

    def close(self) -> None:
        self._pool.stop()  # type: ignore[no-untyped-call]  # pebble's stop() has no hints
        self._pool.join()
