"""The pipeline, end to end: ingest -> clean -> segment -> represent -> select -> order ->
attribute -> render. :func:`summarize` is the one call behind ``newsdesk summarize``."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsdesk import registry
from newsdesk.attribute import attribute
from newsdesk.clean import clean_story
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError
from newsdesk.focus import focus
from newsdesk.ingest import no_usable_article, read_story
from newsdesk.order import order_sentences
from newsdesk.represent import represent
from newsdesk.segment import segment_story
from newsdesk.select.base import Budget, Writer
from newsdesk.standalone import introduce, introducing_order, people_of
from newsdesk.types import Brief, BriefSentence, Insertion, ScoredSentence, Story

# What each stage did, and how long it took: ``newsdesk -v`` shows these lines.
logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _timed(stage: str) -> Iterator[list[str]]:
    """Log ``stage: <what the block appends> (N ms)`` at INFO when the block ends."""
    said: list[str] = []
    start = time.perf_counter()
    yield said
    if logger.isEnabledFor(logging.INFO):
        elapsed = (time.perf_counter() - start) * 1000
        logger.info("%s: %s (%.0f ms)", stage, "; ".join(said) or "done", elapsed)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def prepare(story: Story) -> Story:
    """Clean and segment an ingested story, and the articles its reader has read.

    Raises :class:`InputError` when cleaning leaves no article (all were page furniture).
    Read articles that are all unusable are dropped with a warning: the brief is then one of
    the new articles alone.
    """
    with _timed("clean") as said:
        cleaned = clean_story(story)
        degraded = sum(a.degraded for a in cleaned.articles)
        said.append(f"removed {_count(len(cleaned.removed), 'piece')} of page furniture")
        said.append(f"{_count(degraded, 'article')} degraded (cited, never quoted)")
    if not cleaned.articles:
        raise no_usable_article(cleaned.skipped)
    with _timed("segment") as said:
        prepared = segment_story(cleaned)
        shown = sum(s.presentable for s in prepared.sentences)
        said.append(f"{_count(len(prepared.sentences), 'sentence')}, {shown} presentable")
    if story.seen is None:
        return prepared
    try:
        return replace(prepared, seen=prepare(story.seen))
    except InputError as exc:
        warning = f"no article already read could be used ({exc}): the brief is not an update"
        return replace(prepared, seen=None, warnings=(*prepared.warnings, warning))


def summarize_story(
    story: Story, config: SummaryConfig | None = None, *, compare: bool = False, **options: Any
) -> Brief:
    """Write the brief of an ingested story (see :func:`newsdesk.ingest.read_story`).

    With ``compare``, the brief also carries the cross-source comparison of the story
    (:mod:`newsdesk.compare`).
    """
    config = config_from(config, options)
    summarizer = registry.get(config.summarizer)
    story = prepare(story)
    with _timed("represent") as said:
        representation = represent(story)
        said.append(f"{_count(len(representation.vocabulary), 'term')} (TF-IDF)")
    budget = Budget(words=config.word_budget, sentences=config.sentences)
    name = registry.resolve(config.summarizer)
    narrowed = focus(
        representation,
        query=config.question(story.query),
        seen=story.seen.sentences if story.seen else (),
        seen_articles=len(story.seen.articles) if story.seen else 0,
    )
    attributed: tuple[BriefSentence, ...] = ()
    if isinstance(summarizer, Writer):  # (a writer is not focused: it writes the whole story)
        with _timed(f"write ({name})") as said:
            written = summarizer.write(story, representation, budget, config)
            attributed = written.sentences
            said.append(f"{_count(len(attributed), 'sentence')} of its draft kept")
        if not attributed:  # too little of the draft held up: the extractive brief instead
            name = registry.resolve(summarizer.fallback)
            summarizer = registry.get(name)
        story = replace(story, warnings=(*story.warnings, *written.notes))
    ordered: list[ScoredSentence] = []
    if not attributed:
        with _timed(f"select ({name})") as said:
            if narrowed is not None and not narrowed.summary.addressed:
                selected = []  # nothing the sources say answers the question: say so, do not pad
            else:
                selected = summarizer.summarize(story, representation, budget, narrowed)
            words = sum(s.sentence.words for s in selected)
            limit = f"{budget.words} words" if budget.words else f"{budget.sentences} sentences"
            said.append(
                f"{_count(len(selected), 'sentence')} of {len(story.sentences)}, "
                f"{_count(words, 'word')} (budget {limit})"
            )
        with _timed("order") as said:
            ordered = order_sentences(selected, story, lead=summarizer.lead_of(selected))
            said.append(f"{_count(len(ordered), 'sentence')} in reading order")
        insertions: list[tuple[Insertion, ...]] = [() for _ in ordered]
        if summarizer.introduces_people:
            with _timed("introduce") as said:
                ordered, insertions = introduce_people(ordered, story, budget)
                said.append(f"{_count(sum(map(len, insertions)), 'insertion')}")
    comparison = None
    if compare:
        from newsdesk.compare import compare_prepared  # its libraries load only when asked

        with _timed("compare") as said:
            comparison = compare_prepared(story, representation)
            said.append(
                f"{len(comparison.consensus)} consensus, {len(comparison.single_source)} single "
                f"source, {len(comparison.differences)} differences, "
                f"{len(comparison.timeline)} timeline entries"
            )
    if not attributed:
        with _timed("attribute") as said:
            attributed = tuple(
                replace(item, insertions=inserted)
                for item, inserted in zip(
                    attribute(ordered, representation), insertions, strict=True
                )
            )
            cited = sum(len(item.citations) for item in attributed)
            said.append(f"{_count(cited, 'citation')} for {_count(len(attributed), 'sentence')}")
    return Brief(
        sentences=attributed,
        story=story,
        summarizer=name,
        config=config.echo(),
        comparison=comparison,
        focus=narrowed.summary if narrowed else None,
    )


def introduce_people(
    ordered: Sequence[ScoredSentence], story: Story, budget: Budget
) -> tuple[list[ScoredSentence], list[tuple[Insertion, ...]]]:
    """Complete each person's first mention in the brief (see :mod:`newsdesk.standalone`):
    a sentence naming someone the story cannot complete moves after the sentence that names
    them in full; one that no sentence introduces is left out; and, should insertions push
    the brief over its word budget, the last sentences are left out until it fits."""
    people = people_of(story.sentences)
    ordered = [ordered[k] for k in introducing_order([s.sentence for s in ordered], people)]
    kept: list[ScoredSentence] = []
    insertions: list[tuple[Insertion, ...]] = []
    for item, inserted in zip(
        ordered, introduce([s.sentence for s in ordered], people), strict=True
    ):
        if inserted is not None:
            kept.append(item)
            insertions.append(inserted)
    if budget.words is not None:
        while (
            kept
            and sum(
                s.sentence.words + sum(len(i.text.split()) for i in ins)
                for s, ins in zip(kept, insertions, strict=True)
            )
            > budget.words
        ):
            kept.pop()
            insertions.pop()
    return kept, insertions


def summarize(
    paths: Sequence[str | Path] | str | Path,
    *,
    stdin: bytes | None = None,
    cluster: str | None = None,
    seen: Sequence[str | Path] | str | Path = (),
    config: SummaryConfig | None = None,
    compare: bool = False,
    split: bool | None = None,
    **options: Any,
) -> Brief:
    """Read the articles at ``paths`` (``"-"``: ``stdin``) and write their brief.

    ``paths`` is a list of paths, or one path (``"folder"``). Options are those of
    :class:`SummaryConfig` (``words``, ``sentences``, ``summarizer``, ``query``, ...), given
    either as a config or as keywords; ``compare`` adds the cross-source comparison; ``split``
    is :func:`~newsdesk.ingest.read_story`'s (Multi-News ``|||||`` files). With ``seen``
    (paths of articles the reader has read), the brief tells what the articles at ``paths``
    add to them.
    """
    config = config_from(config, options)
    if isinstance(paths, (str, Path)):  # one path given as such, not a string's characters
        paths = [paths]
    with _timed("read") as said:
        story = read_story(paths, stdin=stdin, cluster=cluster, config=config, split=split)
        said.append(
            f"{_count(len(story.articles), 'article')} from {_count(len(paths), 'input')}, "
            f"{len(story.skipped)} skipped"
        )
    if seen:
        if isinstance(seen, (str, Path)):
            seen = [seen]
        story = replace(story, seen=read_story(seen, config=config, split=split))
    return summarize_story(story, config, compare=compare)


def config_from(config: SummaryConfig | None, options: dict[str, Any]) -> SummaryConfig:
    """The config given, or one built from keyword options (not both)."""
    if config is not None and options:
        raise ConfigError("options", "given either as a SummaryConfig or as keywords", options)
    if config is not None:
        return config
    try:
        return SummaryConfig(**options)
    except TypeError as exc:
        raise ConfigError("options", "names of SummaryConfig fields", sorted(options)) from exc
