"""What ROUGE cannot see in a summary: a sentence that says again what another says, and one
that leans on something the brief does not give.

Two summary sentences restate each other when either holds at least the citation threshold
of the other's IDF-weighted content (:meth:`newsdesk.attribute.ContentRows.restating`), with
IDF taken over the summary's own sentences: the check needs nothing but the summary's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.attribute import ContentRows
from newsdesk.focus import restated_by
from newsdesk.represent import represent_sentences
from newsdesk.standalone import mentions, people_of, story_needs
from newsdesk.types import Brief, BriefSentence, Sentence


def restated_pairs(sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of sentences where one restates the other."""
    rows = [Sentence("summary", i, text, 0, len(text), 0) for i, text in enumerate(sentences)]
    restating = ContentRows.of(represent_sentences(rows), range(len(rows))).restating()
    return [(i, j) for j in range(len(rows)) for i in range(j) if restating[i, j]]


def orphans(brief: Brief) -> list[BriefSentence]:
    """Brief sentences that cannot run where they stand (see :mod:`newsdesk.standalone`):
    they lean on the sentence before them in their article (the learned stand-alone test) and
    that sentence is not right before them in the brief, or they name a person by a short form
    that no earlier brief sentence introduces (an editorial insertion introduces)."""
    story = brief.story
    articles = {item.sentence.article_id for item in brief.sentences}
    people = people_of(story.sentences)
    needs = story_needs([s for s in story.sentences if s.article_id in articles], people)
    found = []
    previous: tuple[str, int] | None = None
    given: set[str] = set()
    for item in brief.sentences:
        sentence = item.sentence
        need = needs.get(sentence.key)
        named, introduced = mentions(sentence.text, people)
        completed = {_completed_word(sentence.text, i.at) for i in item.insertions}
        unmet_name = any(f not in given and f not in completed for f in named)
        leans = need is not None and need.previous
        if unmet_name or (leans and previous != (sentence.article_id, sentence.index - 1)):
            found.append(item)
        given.update(introduced)
        given.update(named)
        previous = sentence.key
    return found


def _completed_word(text: str, at: int) -> str:
    """The word an insertion at ``at`` completes: the word starting there, else the one
    ending there."""
    after = re.match(r"[\w'’-]+", text[at:])
    if after:
        return after.group(0).split("'")[0].split("’")[0]
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
