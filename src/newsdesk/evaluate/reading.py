"""What ROUGE cannot see in a summary: a sentence that says again what another says, and one
that leans on a sentence the brief does not have.

Two summary sentences restate each other when either holds at least the citation threshold
of the other's IDF-weighted content (:meth:`newsdesk.attribute.ContentRows.restating`), with
IDF taken over the summary's own sentences: the check needs nothing but the summary's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.attribute import ContentRows
from newsdesk.focus import restated_by
from newsdesk.represent import represent_sentences
from newsdesk.segment import depends_on_context
from newsdesk.types import Brief, BriefSentence, Sentence


def restated_pairs(sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of sentences where one restates the other."""
    rows = [Sentence("summary", i, text, 0, len(text), 0) for i, text in enumerate(sentences)]
    restating = ContentRows.of(represent_sentences(rows), range(len(rows))).restating()
    return [(i, j) for j in range(len(rows)) for i in range(j) if restating[i, j]]


def orphans(brief: Brief) -> list[BriefSentence]:
    """Brief sentences that depend on an earlier sentence (see
    :func:`newsdesk.segment.depends_on_context`) which does not come right before them: the
    sentence before them in the brief is not the one before them in their article."""
    found = []
    previous: tuple[str, int] | None = None
    for item in brief.sentences:
        sentence = item.sentence
        if depends_on_context(sentence.text) and previous != (
            sentence.article_id,
            sentence.index - 1,
        ):
            found.append(item)
        previous = sentence.key
    return found


def restating_read(brief: Brief, read: Sequence[Sentence]) -> int:
    """How many sentences of a brief the read articles already state (the support test of
    the citations, :func:`newsdesk.focus.restated_by`)."""
    return int(restated_by([s.sentence for s in brief.sentences], read).sum())
