"""Agreement: which claims most sources make, and which rest on one source alone.

A claim is a presentable sentence or one of its clauses (split at commas, semicolons and
dashes, pieces of fewer than :data:`MIN_CLAUSE_TERMS` content terms joined to the next; a
clause counts only when it opens as a sentence does and has a finite verb, so that a noun
phrase is never a claim), shown word for word. An article states it when one of its
sentences (or two adjacent ones, or a word window of a degraded article) states it by the
support test that decides a brief's citations (:func:`newsdesk.attribute.supporting`: the
learned support model of :mod:`newsdesk.support`, with numbers, dates, names, negation,
hedges and ordinals as vetoes). Clauses matter because outlets
rarely repeat a whole sentence but often its core.

- **Consensus**: claims stated by more than half of the articles (and at least two); of a
  sentence, the whole when enough articles state it, else its clause stated by the most.
- **Single source**: claims that carry a checkable fact (a number, a date, a name, a quote)
  and whose content no other article covers even to :data:`NOT_STATED_BELOW`, far below the
  citation threshold, so that a claim merely worded differently elsewhere is not called
  single-source. Numbers and dates are left out of this test: a source that gives another
  toll or day still tells the same story.

Only the most salient claims are considered (by the scores of
:data:`newsdesk.compare.SALIENCE_SCORER`), and a
claim is left out when it repeats one already listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np

from newsdesk.attribute import (
    SupportUnits,
    must_match,
    rounded,
    statement,
    support_by_article,
    support_units,
    supporting,
)
from newsdesk.represent import Representation, terms
from newsdesk.types import Citation, Claim, Fact, ScoredSentence, Sentence, Story

# A claim whose content no other article covers to this share is stated by its own alone.
NOT_STATED_BELOW = 0.35
MAX_CANDIDATES = 300  # salient sentences examined; bounds the cost on very large stories
MAX_CONSENSUS = 8
MAX_SINGLE_SOURCE = 3
MIN_CLAUSE_TERMS = 4
# The matches of "\s*(?:[,;:\u2014\u2013]|\s-\s)\s*", but leading spaces are taken only where
# their run starts ("(?<!\s)"): from each position of a long run, "\s*" would rescan the rest
# of it, quadratic in its length.
_CLAUSE_BREAK = re.compile(r"(?:(?<!\s)\s+)?(?:[,;:\u2014\u2013]|\s-\s)\s*")
_QUOTE_MARK = re.compile('["\u201c\u201d]')
_OPENS = re.compile(r"[\"\u201c']?[A-Z0-9]")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|could|may|might|must|shall|should|"
    r"does|did|do|says|said|tells|told)\b|\b[a-z]{3,}ed\b"
)
_CHECKABLE = frozenset({"number", "date", "place", "person", "organisation", "quote"})


def find_claims(
    story: Story,
    representation: Representation,
    scored: Sequence[ScoredSentence],
    facts: Sequence[Fact],
) -> tuple[tuple[Claim, ...], tuple[Claim, ...]]:
    """(consensus, single-source) claims, each list by salience."""
    articles = len(story.articles)
    if articles < 2:
        return (), ()
    units = support_units(representation)
    checkable = {(f.article_id, f.index) for f in facts if f.kind in _CHECKABLE}
    exact_terms = {i for i, term in enumerate(representation.terms_by_column) if must_match(term)}
    ranked = sorted(
        (s for s in scored if s.sentence.presentable),
        key=lambda s: (-s.score, representation.row(s.sentence.key)),
    )[:MAX_CANDIDATES]
    candidates: list[tuple[int, int, Claim]] = []
    single: list[Claim] = []
    for rank, item in enumerate(ranked):
        sentence = item.sentence
        row = representation.row(sentence.key)
        whole = _stating(sentence, sentence.text, representation, units)
        best_text, best = sentence.text, whole
        # A quotation is claimed whole: its pieces are not claims of the outlets that give it.
        if 2 * (len(whole) + 1) <= articles and not _QUOTE_MARK.search(sentence.text):
            for clause in _clauses(sentence.text):
                stating = _stating(sentence, clause, representation, units)
                if len(stating) > len(best):
                    best_text, best = clause, stating
        evidence = (
            Citation(sentence.article_id, sentence.index, 1.0),
            *(rounded(c) for c in best),
        )
        if 2 * len(evidence) > articles:
            candidates.append((-len(evidence), rank, Claim(best_text, evidence)))
            continue
        # Without its numbers and dates: a source giving another toll still tells the story.
        words = [i for i in representation.term_ids[row] if i not in exact_terms]
        others = [
            c.support
            for c in support_by_article(np.array(words, dtype=int), representation, units)
            if c.article_id != sentence.article_id
        ]
        if (
            len(single) < MAX_SINGLE_SOURCE
            and sentence.key in checkable
            and all(s < NOT_STATED_BELOW for s in others)
        ):
            single.append(Claim(sentence.text, evidence[:1]))
    # Most widely stated first; a claim whose sentences an earlier one used repeats it.
    consensus: list[Claim] = []
    used: set[tuple[str, int]] = set()
    for _, _, claim in sorted(candidates, key=lambda c: c[:2]):
        if len(consensus) < MAX_CONSENSUS and not any(_key(c) in used for c in claim.evidence):
            consensus.append(claim)
            used.update(_key(c) for c in claim.evidence)
    return tuple(consensus), tuple(single)


def _stating(
    sentence: Sentence,
    text: str,
    representation: Representation,
    units: SupportUnits,
) -> list[Citation]:
    """The other articles that state ``text`` (``sentence`` or one of its clauses), by the
    support test of the brief's citations (:func:`newsdesk.attribute.supporting`)."""
    stated = statement(text, representation)
    return [
        c for c in supporting(stated, representation, units) if c.article_id != sentence.article_id
    ]


def _clauses(text: str) -> Iterator[str]:
    """The clauses of a sentence that are claims of their own: at least
    :data:`MIN_CLAUSE_TERMS` content terms, opening as a sentence opens (a capital or a
    quotation mark: not "to teen-agers who arranged the dance") and with a finite verb (not
    "The new reports from the National Transportation Safety Board")."""
    pieces = _CLAUSE_BREAK.split(text)
    pending = ""
    for piece in pieces:
        pending = f"{pending}, {piece}" if pending else piece
        if len(set(terms(pending))) >= MIN_CLAUSE_TERMS:
            clause = _as_in(text, pending)
            if _OPENS.match(clause) and _FINITE.search(clause):
                yield clause
            pending = ""


def _as_in(text: str, clause: str) -> str:
    """The clause as it appears in the sentence (joined pieces keep their own separators)."""
    first, last = clause.split(", ")[0], clause.split(", ")[-1]
    start = text.find(first)
    end = text.find(last, start) + len(last)
    return text[start:end].strip(" ,;:") if start >= 0 and end >= start else clause


def _key(citation: Citation) -> tuple[str, int]:
    return (citation.article_id, citation.index)
