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
    units = _support_units(representation)
    out = []
    for scored in selected:
        sentence = scored.sentence
        citations = [Citation(sentence.article_id, sentence.index, 1.0)]
        for article_id, index, support in best_support(scored, representation, units):
            if article_id != sentence.article_id and support >= SUPPORT_THRESHOLD:
                citations.append(Citation(article_id, index, round(support, 4)))
        out.append(BriefSentence(scored, tuple(citations)))
    return tuple(out)


def best_support(
    scored: ScoredSentence,
    representation: Representation,
    units: tuple[sp.csr_matrix, list[tuple[str, int]]] | None = None,
) -> list[tuple[str, int, float]]:
    """For every article: (article id, index of its best unit, containment of the sentence)."""
    matrix, owners = units if units is not None else _support_units(representation)
    row = representation.row(scored.sentence.key)
    ids = representation.term_ids[row]
    weights = np.zeros(matrix.shape[1])
    weights[ids] = representation.idf[ids]
    total = weights.sum()
    if total == 0:
        return []
    coverage = (matrix @ weights) / total
    names = representation.terms_by_column
    exact = [int(i) for i in ids if names[i].isdigit() or names[i] in _MUST_MATCH]
    if exact:
        has_all = np.asarray(matrix[:, exact].sum(axis=1)).ravel() >= len(exact)
        coverage = np.where(has_all, coverage, 0.0)
    best: dict[str, tuple[int, float]] = {}
    for (article_id, index), value in zip(owners, coverage, strict=False):
        if article_id not in best or value > best[article_id][1] + 1e-12:
            best[article_id] = (index, float(value))
    ranks = representation.article_rank
    return [(a, i, v) for a, (i, v) in sorted(best.items(), key=lambda item: ranks(item[0]))]


def _support_units(representation: Representation) -> tuple[sp.csr_matrix, list[tuple[str, int]]]:
    """Binary term rows for every sentence and every pair of adjacent sentences of an article.

    A pair is reported under the index of its first sentence.
    """
    present = representation.vectors.copy()
    present.data = np.ones_like(present.data)
    sentences = representation.sentences
    owners = [s.key for s in sentences]
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
    return present, owners
