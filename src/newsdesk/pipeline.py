"""The pipeline, end to end: ingest -> clean -> segment -> represent -> select -> order ->
attribute -> render. :func:`summarize` is the one call behind ``newsdesk summarize``.

Reading is :mod:`newsdesk.ingest`; cleaning and segmenting, shared with ``compare`` and
``check``, are :func:`newsdesk.prepare.prepare` (also importable from here); the comparison
(:mod:`newsdesk.compare`) is imported only when asked for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsdesk import registry
from newsdesk.attribute import attribute
from newsdesk.config import SummaryConfig, config_from
from newsdesk.focus import focus
from newsdesk.ingest import read_story
from newsdesk.order import order_sentences
from newsdesk.prepare import count, prepare, timed
from newsdesk.represent import represent
from newsdesk.select.base import Budget
from newsdesk.select.writer import Writer
from newsdesk.standalone import introduce, introducing_order, people_of
from newsdesk.types import Brief, BriefSentence, Insertion, ScoredSentence, Story

__all__ = ["prepare", "summarize", "summarize_story"]


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
    with timed("represent") as said:
        representation = represent(story)
        said.append(f"{count(len(representation.vocabulary), 'term')} (TF-IDF)")
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
        with timed(f"write ({name})") as said:
            written = summarizer.write(story, representation, budget, config)
            attributed = written.sentences
            said.append(f"{count(len(attributed), 'sentence')} of its draft kept")
        if not attributed:  # too little of the draft held up: the extractive brief instead
            name = registry.resolve(summarizer.fallback)
            summarizer = registry.get(name)
        story = replace(story, warnings=(*story.warnings, *written.notes))
    ordered: list[ScoredSentence] = []
    if not attributed:
        with timed(f"select ({name})") as said:
            if narrowed is not None and not narrowed.summary.addressed:
                selected = []  # nothing the sources say answers the question: say so, do not pad
            else:
                selected = summarizer.summarize(story, representation, budget, narrowed)
            words = sum(s.sentence.words for s in selected)
            limit = f"{budget.words} words" if budget.words else f"{budget.sentences} sentences"
            said.append(
                f"{count(len(selected), 'sentence')} of {len(story.sentences)}, "
                f"{count(words, 'word')} (budget {limit})"
            )
        with timed("order") as said:
            ordered = order_sentences(selected, story, opening=summarizer.opening_of(selected))
            said.append(f"{count(len(ordered), 'sentence')} in reading order")
        insertions: list[tuple[Insertion, ...]] = [() for _ in ordered]
        if summarizer.introduces_people:
            with timed("introduce") as said:
                ordered, insertions = introduce_people(ordered, story, budget)
                said.append(f"{count(sum(map(len, insertions)), 'insertion')}")
    comparison = None
    if compare:
        from newsdesk.compare import compare_prepared  # its libraries load only when asked

        with timed("compare") as said:
            comparison = compare_prepared(story, representation)
            said.append(
                f"{len(comparison.consensus)} consensus, {len(comparison.single_source)} single "
                f"source, {len(comparison.differences)} differences, "
                f"{len(comparison.timeline)} timeline entries"
            )
    if not attributed:
        with timed("attribute") as said:
            attributed = tuple(
                replace(item, insertions=inserted)
                for item, inserted in zip(
                    attribute(ordered, representation), insertions, strict=True
                )
            )
            cited = sum(len(item.citations) for item in attributed)
            said.append(f"{count(cited, 'citation')} for {count(len(attributed), 'sentence')}")
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
    with timed("read") as said:
        story = read_story(paths, stdin=stdin, cluster=cluster, config=config, split=split)
        said.append(
            f"{count(len(story.articles), 'article')} from {count(len(paths), 'input')}, "
            f"{len(story.skipped)} skipped"
        )
    if seen:
        if isinstance(seen, (str, Path)):
            seen = [seen]
        story = replace(story, seen=read_story(seen, config=config, split=split))
    return summarize_story(story, config, compare=compare)
