"""What ROUGE cannot see in a summary: sentences that say the same thing twice.

Two summary sentences restate each other when either holds at least the citation threshold
of the other's IDF-weighted content (:meth:`newsdesk.attribute.ContentRows.restating`), with IDF taken
over the summary's own sentences: the check needs nothing but the summary's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.attribute import ContentRows
from newsdesk.represent import represent_sentences
from newsdesk.types import Sentence


def restated_pairs(sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of sentences where one restates the other."""
    rows = [Sentence("summary", i, text, 0, len(text), 0) for i, text in enumerate(sentences)]
    content = ContentRows.of(represent_sentences(rows), range(len(rows)))
    pairs = []
    for j in range(len(rows)):
        pairs.extend((int(i), j) for i in content.restating(j)[:j].nonzero()[0])
    return pairs
