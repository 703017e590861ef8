"""Cross-source analysis: what the outlets agree on, what one alone reports, where they
differ, and when things happened.

It reads the story the summarizer reads (cleaned and segmented), so its sentence indices and
offsets are those of a brief's citations. :func:`compare_story` is the one call behind
``newsdesk compare``; ``newsdesk summarize --format json`` adds the same sections.

One module per part: :mod:`~newsdesk.compare.facts` (places, people, numbers, quotes, dates of
each article), :mod:`~newsdesk.compare.dates` (date phrases normalised with dateparser),
:mod:`~newsdesk.compare.agreement` (consensus and single-source claims),
:mod:`~newsdesk.compare.differences` (a slot filled differently) and
:mod:`~newsdesk.compare.timeline`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsdesk import registry
from newsdesk.compare.agreement import find_claims
from newsdesk.compare.dates import (
    OUT_OF_RANGE,
    Reference,
    complete_dates,
    parse_published,
    undated_days,
)
from newsdesk.compare.differences import compare_slots
from newsdesk.compare.facts import article_facts
from newsdesk.compare.timeline import build_timeline
from newsdesk.config import config_from
from newsdesk.ingest import read_story
from newsdesk.prepare import prepare
from newsdesk.represent import Representation, represent
from newsdesk.text import plural
from newsdesk.types import Comparison, Sentence, Story

__all__ = ["compare", "compare_prepared", "compare_story"]

# Which claims are salient enough to list: cross-outlet concept coverage (the scores of
# newsdesk.v1), under which the comparison's claims were judged by hand
# (benchmarks/compare/judgements.tsv); a change of scorer is a change to re-judge.
SALIENCE_SCORER = "newsdesk.v1"


def compare(
    paths: Sequence[str | Path] | str | Path,
    *,
    stdin: bytes | None = None,
    cluster: str | None = None,
    split: bool | None = None,
    **options: Any,
) -> Comparison:
    """Read the articles at ``paths`` (as :func:`newsdesk.summarize` does) and compare them.

    Options are reading options of :class:`SummaryConfig` (``max_article_chars``, ...).
    """
    config = config_from(None, options)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    story = read_story(paths, stdin=stdin, cluster=cluster, config=config, split=split)
    return compare_story(story)


def compare_story(story: Story) -> Comparison:
    """Compare the articles of an ingested story."""
    prepared = prepare(story)
    return compare_prepared(prepared, represent(prepared))


def compare_prepared(story: Story, representation: Representation) -> Comparison:
    """Compare a cleaned and segmented story (the summarizer's input) with its representation."""
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in story.sentences:
        by_article[sentence.article_id].append(sentence)
    references, notes = _references(story, by_article)
    facts = tuple(
        fact
        for article in story.articles
        for fact in article_facts(
            article, by_article.get(article.id, []), references.get(article.id)
        )
    )
    scored = registry.get(SALIENCE_SCORER).score(story, representation)
    consensus, single_source = find_claims(story, representation, scored, facts)
    differences, agreed = compare_slots(story, facts)
    timeline, hidden = build_timeline(story, facts, representation)
    if hidden:
        notes.append(
            f"{plural(hidden, 'dated event')} only in degraded articles "
            f"{'is' if hidden == 1 else 'are'} not shown (their text cannot be quoted)."
        )
    undated = [f for f in facts if f.kind == "date" and f.detail.get("resolved") == "no"]
    impossible = [f for f in undated if f.detail.get("reason") == OUT_OF_RANGE]
    if impossible:
        listed = ", ".join(
            f"{f.text!r} [{story.article_number(f.article_id)}]" for f in impossible[:5]
        )
        more = f" and {len(impossible) - 5} more" if len(impossible) > 5 else ""
        notes.append(
            f"{plural(len(impossible), 'date')} left out of the timeline: {OUT_OF_RANGE} ({listed}"
            f"{more}; the reason is in each date fact's detail)."
        )
    unresolved = len(undated) - len(impossible)
    if unresolved:
        notes.append(
            f"{plural(unresolved, 'relative date')} could not be placed: no publication date "
            "and no complete date in the story to resolve them against."
        )
    return Comparison(
        story=story,
        facts=facts,
        consensus=agreed + consensus,
        single_source=single_source,
        differences=differences,
        timeline=timeline,
        references={
            article_id: (reference.day, reference.basis)
            for article_id, reference in references.items()
        },
        notes=tuple(notes),
    )


def _latest_day(texts: list[str]) -> dt.date | None:
    """The latest complete date of an article's texts, raised by a later date of that year
    written without its year (see :func:`newsdesk.compare.dates.undated_days`)."""
    latest = max((day for text in texts for day in complete_dates(text)), default=None)
    if latest is None:
        return None
    for text in texts:
        for month, day in undated_days(text):
            with contextlib.suppress(ValueError):
                latest = max(latest, dt.date(latest.year, month, day))
    return latest


def _references(
    story: Story, by_article: dict[str, list[Sentence]]
) -> tuple[dict[str, Reference], list[str]]:
    """Each article's reference day for relative dates (see :mod:`newsdesk.compare.dates`)."""
    published = {a.id: parse_published(a.published) for a in story.articles}
    # Captions removed as page furniture still date the page ("Singapore, June 12, 2018").
    texts = {a: [s.text for s in sentences] for a, sentences in by_article.items()}
    for removal in story.removed:
        texts.setdefault(removal.article_id, []).append(removal.text)
    latest = {article_id: _latest_day(article_texts) for article_id, article_texts in texts.items()}
    story_latest = max((d for d in latest.values() if d), default=None)
    references: dict[str, Reference] = {}
    notes: list[str] = []
    for number, article in enumerate(story.articles, 1):
        if published[article.id]:
            references[article.id] = Reference(published[article.id], "published")  # type: ignore[arg-type]
            continue
        if latest.get(article.id):
            day, basis = latest[article.id], "latest date in the article"
        elif story_latest:
            day, basis = story_latest, "latest date in the story"
        else:
            continue
        references[article.id] = Reference(day, basis)  # type: ignore[arg-type]
        notes.append(
            f"[{number}] has no publication date: its relative dates are read against "
            f"{day:%d %B %Y}, the {basis} (it was published then or later), and marked "
            "uncertain."
        )
    return references, notes
