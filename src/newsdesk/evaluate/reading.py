"""What ROUGE cannot see in a summary: a sentence that says again what another says, and one
that leans on something the brief does not give.

Two summary sentences restate each other when either holds at least the citation threshold
of the other's IDF-weighted content (:meth:`newsdesk.attribute.ContentRows.restating`), with
IDF taken over the summary's own sentences: the check needs nothing but the summary's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.attribute import ContentRows
from newsdesk.focus import restated_by
from newsdesk.represent import represent_sentences
from newsdesk.standalone import Needs, mentions, people_of, story_needs
from newsdesk.types import Brief, BriefSentence, Sentence


def restated_pairs(sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of sentences where one restates the other."""
    rows = [Sentence("summary", i, text, 0, len(text), 0) for i, text in enumerate(sentences)]
    restating = ContentRows.of(represent_sentences(rows), range(len(rows))).restating()
    return [(i, j) for j in range(len(rows)) for i in range(j) if restating[i, j]]


@dataclass(frozen=True)
class _Standing:
    """Where a brief sentence stands: whether it names someone by a short form the brief has
    not introduced, whether the sentence before it in its article is right before it, and
    what the learned test says it needs (None: a sentence the test was not asked about)."""

    item: BriefSentence
    unmet_name: bool
    follows_its_previous: bool
    need: Needs | None


def _standings(brief: Brief) -> list[_Standing]:
    story = brief.story
    articles = {item.sentence.article_id for item in brief.sentences}
    people = people_of(story.sentences)
    needs = story_needs([s for s in story.sentences if s.article_id in articles], people)
    found = []
    previous: tuple[str, int] | None = None
    given: set[str] = set()
    for item in brief.sentences:
        sentence = item.sentence
        named, introduced = mentions(sentence.text, people)
        completed = {_completed_word(sentence.text, i.at) for i in item.insertions}
        found.append(
            _Standing(
                item,
                any(f not in given and f not in completed for f in named),
                previous == (sentence.article_id, sentence.index - 1),
                needs.get(sentence.key),
            )
        )
        given.update(introduced)
        given.update(named)
        previous = sentence.key
    return found


def orphans(brief: Brief) -> list[BriefSentence]:
    """Brief sentences that cannot run where they stand (see :mod:`newsdesk.standalone`):
    they lean on the sentence before them in their article (the learned stand-alone test) and
    that sentence is not right before them in the brief, or they name a person by a short form
    that no earlier brief sentence introduces (an editorial insertion introduces)."""
    return [
        s.item
        for s in _standings(brief)
        if s.unmet_name or (s.need is not None and s.need.previous and not s.follows_its_previous)
    ]


def context_risks(brief: Brief) -> list[float]:
    """For each brief sentence, the chance that it cannot run where it stands: 1 when it names
    a person by a short form that no earlier brief sentence introduces (or an insertion
    completes); else, when the sentence before it in its article is not right before it in
    the brief, the learned test's probability that it leans on what came before it (for an
    article's first sentence: its headline, a caption); else 0.

    Their mean is an expected share, not a count of the sentences over the test's threshold:
    a summarizer that selects with the same test takes only sentences under its threshold, and
    a count would call every one of them safe although a sixth of such sentences lean on
    their predecessor (the reading of benchmarks/RESULTS.md, issue 28)."""
    return [
        1.0
        if s.unmet_name
        else 0.0
        if s.need is None or s.follows_its_previous
        else s.need.p_previous
        for s in _standings(brief)
    ]


def _completed_word(text: str, at: int) -> str:
    """The word an insertion at ``at`` completes: the word starting there, else the one
    ending there."""
    after = re.match(r"[\w'’-]+", text[at:])
    word = after.group(0).split("'")[0].split("’")[0] if after else ""
    if word:
        return word
    before = re.search(r"([\w'’-]+)$", text[:at])
    return before.group(1) if before else ""


def repeating(sentences: Sequence[str]) -> list[int]:
    """The positions of the sentences that restate an earlier one (see
    :func:`restated_pairs`)."""
    return sorted({j for _, j in restated_pairs(sentences)})


def restating_read(brief: Brief, read: Sequence[Sentence]) -> int:
    """How many sentences of a brief the read articles already state (the support test of
    the citations, :func:`newsdesk.focus.restated_by`)."""
    return int(restated_by([s.sentence for s in brief.sentences], read).sum())
