"""Prepare: clean and segment an ingested story, and the articles its reader has read.

The front of every pipeline: ``summarize`` (:mod:`newsdesk.pipeline`), ``compare``
(:mod:`newsdesk.compare`) and ``check`` (:mod:`newsdesk.check`) read the same prepared story,
so that their sentence indices and offsets agree. Also the stage log the pipeline writes
(what each stage did, and how long it took: ``newsdesk -v`` shows these lines).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import replace

from newsdesk.clean import clean_story
from newsdesk.errors import InputError
from newsdesk.ingest import no_usable_article
from newsdesk.segment import segment_story
from newsdesk.types import Story

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def timed(stage: str) -> Iterator[list[str]]:
    """Log ``stage: <what the block appends> (N ms)`` at INFO when the block ends."""
    said: list[str] = []
    start = time.perf_counter()
    yield said
    if logger.isEnabledFor(logging.INFO):
        elapsed = (time.perf_counter() - start) * 1000
        logger.info("%s: %s (%.0f ms)", stage, "; ".join(said) or "done", elapsed)


def count(n: int, noun: str) -> str:
    """``"1 sentence"``, ``"2 sentences"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def prepare(story: Story) -> Story:
    """Clean and segment an ingested story, and the articles its reader has read.

    Raises :class:`InputError` when cleaning leaves no article (all were page furniture).
    Read articles that are all unusable are dropped with a warning: the brief is then one of
    the new articles alone.
    """
    with timed("clean") as said:
        cleaned = clean_story(story)
        degraded = sum(a.degraded for a in cleaned.articles)
        said.append(f"removed {count(len(cleaned.removed), 'piece')} of page furniture")
        said.append(f"{count(degraded, 'article')} degraded (cited, never quoted)")
    if not cleaned.articles:
        raise no_usable_article(cleaned.skipped)
    with timed("segment") as said:
        prepared = segment_story(cleaned)
        shown = sum(s.presentable for s in prepared.sentences)
        said.append(f"{count(len(prepared.sentences), 'sentence')}, {shown} presentable")
    if story.seen is None:
        return prepared
    try:
        return replace(prepared, seen=prepare(story.seen))
    except InputError as exc:
        warning = f"no article already read could be used ({exc}): the brief is not an update"
        return replace(prepared, seen=None, warnings=(*prepared.warnings, warning))
