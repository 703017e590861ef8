"""The pipeline, end to end: ingest -> clean -> segment -> represent -> select -> order ->
attribute -> render. :func:`summarize` is the one call behind ``newsdesk summarize``."""

from __future__ import annotations

from collections.abc import Sequence
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
from newsdesk.types import Brief, BriefSentence, Story


def prepare(story: Story) -> Story:
    """Clean and segment an ingested story, and the articles its reader has read.

    Raises :class:`InputError` when cleaning leaves no article (all were page furniture).
    Read articles that are all unusable are dropped with a warning: the brief is then one of
    the new articles alone.
    """
    cleaned = clean_story(story)
    if not cleaned.articles:
        raise no_usable_article(cleaned.skipped)
    prepared = segment_story(cleaned)
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
    representation = represent(story)
    budget = Budget(words=config.word_budget, sentences=config.sentences)
    name = registry.resolve(config.summarizer)
    narrowed = focus(
        representation,
        query=config.question(story.query),
        seen=story.seen.sentences if story.seen else (),
        seen_articles=len(story.seen.articles) if story.seen else 0,
    )
    sentences: tuple[BriefSentence, ...] = ()
    if isinstance(summarizer, Writer):  # (a writer is not focused: it writes the whole story)
        written = summarizer.write(story, representation, budget, config)
        sentences = written.sentences
        if not sentences:  # too little of the draft held up: the extractive brief instead
            name = registry.resolve(summarizer.fallback)
            summarizer = registry.get(name)
        story = replace(story, warnings=(*story.warnings, *written.notes))
    if not sentences:
        if narrowed is not None and not narrowed.summary.addressed:
            selected = []  # nothing the sources say answers the question: say so, do not pad
        else:
            selected = summarizer.summarize(story, representation, budget, narrowed)
        ordered = order_sentences(selected, story, lead=summarizer.lead_of(selected))
        sentences = attribute(ordered, representation)
    comparison = None
    if compare:
        from newsdesk.compare import compare_prepared  # its libraries load only when asked

        comparison = compare_prepared(story, representation)
    return Brief(
        sentences=sentences,
        story=story,
        summarizer=name,
        config=config.as_dict(),
        comparison=comparison,
        focus=narrowed.summary if narrowed else None,
    )


def summarize(
    paths: Sequence[str | Path],
    *,
    stdin: bytes | None = None,
    cluster: str | None = None,
    seen: Sequence[str | Path] = (),
    config: SummaryConfig | None = None,
    compare: bool = False,
    **options: Any,
) -> Brief:
    """Read the articles at ``paths`` (``"-"``: ``stdin``) and write their brief.

    Options are those of :class:`SummaryConfig` (``words``, ``sentences``, ``summarizer``,
    ``query``, ...), given either as a config or as keywords; ``compare`` adds the
    cross-source comparison. With ``seen`` (paths of articles the reader has read), the brief
    tells what the articles at ``paths`` add to them.
    """
    config = config_from(config, options)
    story = read_story(paths, stdin=stdin, cluster=cluster, config=config)
    if seen:
        story = replace(story, seen=read_story(seen, config=config))
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
