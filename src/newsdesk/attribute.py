"""Attribute: cite, for every brief sentence, each article that states the same content.

A sentence's own article is always cited first. Another article is cited when one of its
sentences, or two adjacent ones, covers at least ``SUPPORT_THRESHOLD`` of the brief sentence's
content: the IDF-weighted share of its content terms (stemmed, stop words removed) that the
other text contains. Containment rather than cosine, because a source that says more than the
brief sentence still supports it. Numbers and dates are where outlets differ, so a
unit that lacks any number, month or weekday of the brief sentence never supports it, however
much else it shares. Degraded articles take part through their word windows, so
they can be cited without ever being quoted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from newsdesk.represent import Representation, terms
from newsdesk.types import BriefSentence, Citation, ScoredSentence

# Calibrated on 43 hand-judged pairs from the example cluster and multinews-dev
# (benchmarks/attribution_judgements.tsv; table: benchmarks/calibrate_attribution.py): at
# 0.65 every judged citation is right (16 of 16) and 55% of the true ones are found; at 0.6
# precision falls to 0.94. Precision first: a missing citation is safer than a false one.
SUPPORT_THRESHOLD = 0.65

# Terms that must all be present in a supporting unit (compared after stemming).
_MUST_MATCH = frozenset(
    terms(
        "january february march april may june july august september october november "
        "december monday tuesday wednesday thursday friday saturday sunday"
    )
)


def attribute(
    selected: Sequence[ScoredSentence], representation: Representation
) -> tuple[BriefSentence, ...]:
    """Citations for each selected sentence, own article first, then by article order."""
    units = support_units(representation)
    out = []
    for scored in selected:
        sentence = scored.sentence
        citations = [Citation(sentence.article_id, sentence.index, 1.0)]
        for found in best_support(scored, representation, units):
            if found.article_id != sentence.article_id and found.support >= SUPPORT_THRESHOLD:
                citations.append(rounded(found))
        out.append(BriefSentence(scored, tuple(citations)))
    return tuple(out)


def rounded(citation: Citation) -> Citation:
    """The citation with its support rounded to four places, as results show it."""
    return replace(citation, support=round(citation.support, 4))


def best_support(
    scored: ScoredSentence,
    representation: Representation,
    units: SupportUnits | None = None,
) -> list[Citation]:
    """For every article, its best unit as a citation whose support is the containment of the
    sentence (not rounded)."""
    row = representation.row(scored.sentence.key)
    return support_by_article(representation.term_ids[row], representation, units)


def support_by_article(
    ids: np.ndarray,
    representation: Representation,
    units: SupportUnits | None = None,
) -> list[Citation]:
    """:func:`best_support` of any set of term columns (a sentence's, or part of one)."""
    units = units if units is not None else support_units(representation)
    weights = np.zeros(units.matrix.shape[1])
    weights[ids] = representation.idf[ids]
    total = weights.sum()
    if total == 0:
        return []
    coverage = (units.matrix @ weights) / total
    names = representation.terms_by_column
    exact = [int(i) for i in ids if must_match(names[i])]
    if exact:
        required = np.zeros(units.matrix.shape[1])
        required[exact] = 1.0
        coverage = np.where(units.matrix @ required >= len(exact), coverage, 0.0)
    # Best unit of each article; on a tie, its first unit (units are in article order).
    order = np.lexsort((-coverage, units.article))
    firsts = order[np.r_[True, units.article[order][1:] != units.article[order][:-1]]]
    found = []
    for i in sorted(firsts, key=lambda i: units.article[i]):
        article_id, index = units.owners[i]
        found.append(Citation(article_id, index, float(coverage[i]), int(units.widths[i])))
    return found


@dataclass(frozen=True)
class ContentRows:
    """The IDF-weighted content terms of some sentences, to test which restate which."""

    presence: sp.csr_matrix
    weighted: sp.csr_matrix
    totals: np.ndarray

    @classmethod
    def of(cls, representation: Representation, rows: Sequence[int]) -> ContentRows:
        presence = representation.presence[list(rows)]
        weighted = sp.csr_matrix(presence.multiply(representation.idf[None, :]))
        return cls(presence, weighted, np.asarray(weighted.sum(axis=1)).ravel())

    def restating(self) -> np.ndarray:
        """``[k, r]``: whether rows k and r state the same thing, either holding at least
        ``SUPPORT_THRESHOLD`` of the other's IDF-weighted content: the test by which one would
        be cited as support for the other (numbers aside: two counts of the same thing are
        still the same statement). A row restates itself."""
        holds = np.asarray((self.presence @ self.weighted.T).todense())  # [r, k]: r holds of k
        totals = self.totals[None, :]
        holds_enough: np.ndarray = (totals > 0) & (holds >= SUPPORT_THRESHOLD * totals)
        restating: np.ndarray = holds_enough | holds_enough.T
        return restating


def must_match(term: str) -> bool:
    """Whether a unit must contain this term to support a sentence that has it."""
    return term.isdigit() or term in _MUST_MATCH


@dataclass(frozen=True)
class SupportUnits:
    """Binary term rows of every sentence and of every pair of adjacent sentences of an
    article, with each row's owner (article id, index of its first sentence), its number of
    sentences and the owning article's rank in story order."""

    matrix: sp.csr_matrix
    owners: list[tuple[str, int]]
    widths: np.ndarray
    article: np.ndarray


def support_units(representation: Representation) -> SupportUnits:
    present = representation.presence
    sentences = representation.sentences
    owners = [s.key for s in sentences]
    widths = [1] * len(owners)
    pair_rows = [
        i
        for i in range(len(sentences) - 1)
        if sentences[i].article_id == sentences[i + 1].article_id
    ]
    if pair_rows:
        pairs = present[pair_rows] + present[[i + 1 for i in pair_rows]]
        pairs.data = np.minimum(pairs.data, 1.0)
        present = sp.vstack([present, pairs], format="csr")
        owners += [sentences[i].key for i in pair_rows]
        widths += [2] * len(pair_rows)
    article = np.array([representation.article_rank(a) for a, _ in owners], dtype=np.int64)
    return SupportUnits(present, owners, np.array(widths), article)
