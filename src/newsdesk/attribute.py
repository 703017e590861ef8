"""Attribute: cite, for every brief sentence, each article that states the same content.

A sentence's own article is always cited first. Another article is cited when one of its
sentences, or two adjacent ones, covers at least ``SUPPORT_THRESHOLD`` of the brief sentence's
content: the IDF-weighted share of its content terms (stemmed, stop words removed) that the
other text contains. Containment rather than cosine, because a source that says more than the
brief sentence still supports it. Numbers and dates are where outlets differ, so a
unit that lacks any number, month or weekday of the brief sentence never supports it, however
much else it shares. Degraded articles take part through their word windows, so
they can be cited without ever being quoted.

:func:`supporting` is the one support test: the brief's citations, the comparison's claims
(:mod:`newsdesk.compare.agreement`) and ``newsdesk check`` (:mod:`newsdesk.check`) all call
it, so the same sentence gets the same citations everywhere. Beyond containment, a unit
supports a statement only when it gives every number (spelled or in digits), month and
weekday of the statement; names every person, place or organisation the statement names (each
of their words, outlets credited with the story aside); does not negate what the
statement states plainly (or the reverse) and negates what it negates; and does not give two
of its names in swapped roles (see :mod:`newsdesk.content`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from newsdesk.content import NUMBER_WORDS, Name, Polarity, names, polarity, swapped_roles
from newsdesk.represent import Representation, terms
from newsdesk.types import BriefSentence, Citation, ScoredSentence

if TYPE_CHECKING:
    from newsdesk.embed import Embedder

# Calibrated on 43 hand-judged pairs from the example cluster and multinews-dev
# (benchmarks/attribution_judgements.tsv; table: benchmarks/calibrate_attribution.py): at
# 0.65 every judged citation is right (16 of 16) and 55% of the true ones are found; at 0.6
# precision falls to 0.94. Precision first: a missing citation is safer than a false one.
# On the 214 pairs judged since (issue 16) the whole test at 0.65 has precision 0.94 and
# recall 0.40; 0.6: 0.89 / 0.42 (benchmarks/attribution_recall.py --threshold=0.6).
SUPPORT_THRESHOLD = 0.65

# Terms that must all be present in a supporting unit (compared after stemming).
_MUST_MATCH = frozenset(
    terms(
        "january february march april may june july august september october november "
        "december monday tuesday wednesday thursday friday saturday sunday"
    )
)
# With the embeddings extra: a unit whose sentence embedding is this alike (cosine) states the
# sentence in other words, provided it also holds this share of its content (so that it is
# about the same thing) and passes every other check. Set before any measurement, from what
# all-MiniLM-L6-v2 gives paraphrases (its documentation's examples score 0.7 and up), not
# tuned on the judged pairs.
SEMANTIC_SIMILARITY = 0.7
SEMANTIC_FLOOR = 0.4
# Below this many content terms, only a unit holding the statement word for word supports it.
# (One threshold for every statement, clauses included: a clause-specific 0.8, as the
# comparison had, cost 4 of 81 true citations on the judged pairs and removed no false one.)
MIN_STATEMENT_TERMS = 2
# A spelled number and its digits satisfy each other ("two" / "2").
_NUMBER_TERMS = {term: digits for word, digits in NUMBER_WORDS.items() for term in terms(word)}
NAME_PREFIX = 4  # a name's word matches a word with the same first letters ("Korea"/"Korean")


def attribute(
    selected: Sequence[ScoredSentence], representation: Representation
) -> tuple[BriefSentence, ...]:
    """Citations for each selected sentence, own article first, then by article order."""
    units = support_units(representation)
    out = []
    for scored in selected:
        sentence = scored.sentence
        citations = [Citation(sentence.article_id, sentence.index, 1.0)]
        stated = statement(sentence.text, representation)
        for found in supporting(stated, representation, units):
            if found.article_id != sentence.article_id:
                citations.append(rounded(found))
        out.append(BriefSentence(scored, tuple(citations)))
    return tuple(out)


@dataclass(frozen=True)
class Statement:
    """What a text states, as the support test reads it: its content-term columns in the
    story's vocabulary, the content terms no sentence of the story has, its names and which
    of its terms it negates."""

    text: str
    ids: np.ndarray
    unknown: tuple[str, ...]
    names: tuple[Name, ...]
    polarity: Polarity


def statement(text: str, representation: Representation) -> Statement:
    """The :class:`Statement` of any text (a brief sentence, a clause, a draft's sentence)."""
    vocabulary = representation.vocabulary
    distinct = sorted(set(representation.terms_of(text)))  # a sentence's: as represented
    ids = np.array(sorted(vocabulary[t] for t in distinct if t in vocabulary), dtype=int)
    unknown = tuple(t for t in distinct if t not in vocabulary)
    return Statement(text, ids, unknown, names(text), polarity(text))


def coverage(
    stated: Statement,
    representation: Representation,
    units: SupportUnits,
    *,
    strict: bool = True,
) -> np.ndarray:
    """For every unit, the IDF-weighted share of the statement's content terms it contains
    (terms no story sentence has weigh as much as the rarest). With ``strict``, 0 for a unit
    that lacks a number, month or weekday of the statement, or every word of one of its
    names."""
    weights = np.zeros(units.matrix.shape[1])
    weights[stated.ids] = representation.idf[stated.ids]
    rarest = np.log(1.0 + len(representation.sentences)) + 1.0
    total = weights.sum() + rarest * len(stated.unknown)
    if total == 0:
        return np.zeros(units.matrix.shape[0])
    share: np.ndarray = np.asarray(units.matrix @ weights) / total
    if not strict:
        return share
    for alternatives in requirements(stated, representation, units):
        if not alternatives:
            return np.zeros(units.matrix.shape[0])
        wanted = np.zeros(units.matrix.shape[1])
        wanted[alternatives] = 1.0
        share = np.where(units.matrix @ wanted >= 1.0, share, 0.0)
    return share


def requirements(
    stated: Statement, representation: Representation, units: SupportUnits
) -> list[list[int]]:
    """Sets of term columns of which a supporting unit must hold at least one each: every
    number, month and weekday (a spelled number or its digits).
    An empty set: the statement has a number no sentence of the story has, so nothing can
    support it. (Names are tested in :func:`supporting`, word by word, on the first
    :data:`NAME_PREFIX` letters.)"""
    vocabulary = representation.vocabulary
    out: list[list[int]] = []
    for term in {*representation.terms_of(stated.text)}:
        if not must_match(term):
            continue
        # "14m", "2bn": the number must be there, written with its scale or not ("2 billion").
        digits = _NUMBER_TERMS.get(term) or re.sub(r"\D+$", "", term) or term
        spelled = [t for t, d in _NUMBER_TERMS.items() if d == digits]
        out.append(sorted(vocabulary[t] for t in {term, digits, *spelled} if t in vocabulary))
    return out


def name_columns(stated: Statement, units: SupportUnits) -> list[list[int]]:
    """For each word of the statement's names, the term columns that match it (on their
    first :data:`NAME_PREFIX` letters); empty when no sentence has it. Word by word, not name
    by name: "Los Angeles Police Commission" is not supported by "California Police
    Commission" for sharing "Police"."""
    out = []
    for term in sorted({t for name in stated.names for t in name.terms}):
        out.append(sorted(units.prefixes.get(_prefix(term), ())))
    return out


def supporting(
    stated: Statement,
    representation: Representation,
    units: SupportUnits | None = None,
    *,
    threshold: float = SUPPORT_THRESHOLD,
    embedder: Embedder | None = None,
) -> list[Citation]:
    """The support test: each article with a unit that states the statement, by its best such
    unit, in article order (supports not rounded). A unit states it when it holds at least
    ``threshold`` of its content (:func:`coverage`, strict), negates what the statement
    negates and nothing it states plainly, does not swap two of its names, and holds every
    word of its names. With an ``embedder`` (:mod:`newsdesk.embed`, the optional extra), a
    unit holding less of its wording also states it when their sentence embeddings are at
    least :data:`SEMANTIC_SIMILARITY` alike and it holds :data:`SEMANTIC_FLOOR` of its
    content, the other conditions unchanged."""
    units = units if units is not None else support_units(representation)
    few_terms = len(stated.ids) + len(stated.unknown) < MIN_STATEMENT_TERMS
    share = coverage(stated, representation, units)
    candidates = np.nonzero(share >= threshold)[0]
    if embedder is not None and not few_terms:
        near = np.nonzero((share >= SEMANTIC_FLOOR) & (share < threshold))[0]
        if len(near):
            texts = [unit_text(units, int(i), representation) for i in near]
            alike = embedder.similarity(stated.text, texts) >= SEMANTIC_SIMILARITY
            candidates = np.union1d(candidates, near[alike])
    named = []
    for columns in name_columns(stated, units):
        wanted = np.zeros(units.matrix.shape[1])
        wanted[columns] = 1.0
        named.append(np.asarray(units.matrix @ wanted) >= 1.0)
    # By article, then best first, then unit order: the first that passes is the citation.
    ordered = sorted(candidates, key=lambda i: (units.article[i], -share[i], i))
    found: list[Citation] = []
    done: set[int] = set()
    for i in ordered:
        if units.article[i] in done:
            continue
        text = unit_text(units, int(i), representation)
        if few_terms and _plain(stated.text) not in _plain(text):
            continue  # "A man cannot do that.": too few words to be matched but verbatim
        held = polarity(text)
        if stated.polarity.conflicts(held) or swapped_roles(stated.text, text):
            continue
        if stated.polarity.negated - held.negated:
            continue  # what the statement denies, the unit must deny too, not just leave out
        # Every word of the statement's names (a unit that says "the leader" for "Kim" does
        # not support it: leaving names out and naming someone else look alike in text).
        if not all(has[i] for has in named):
            continue
        done.add(int(units.article[i]))
        article_id, index = units.owners[i]
        found.append(Citation(article_id, index, float(share[i]), int(units.widths[i])))
    return found


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def unit_text(units: SupportUnits, i: int, representation: Representation) -> str:
    """The text of unit ``i``: its sentence, or its two adjacent sentences joined."""
    article_id, index = units.owners[i]
    row = representation.row((article_id, index))
    sentences = representation.sentences[row : row + int(units.widths[i])]
    return " ".join(s.text for s in sentences)


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
    return any(c.isdigit() for c in term) or term in _MUST_MATCH or term in _NUMBER_TERMS


def _prefix(term: str) -> str:
    return term[:NAME_PREFIX]


@dataclass(frozen=True)
class SupportUnits:
    """Binary term rows of every sentence and of every pair of adjacent sentences of an
    article, with each row's owner (article id, index of its first sentence), its number of
    sentences and the owning article's rank in story order."""

    matrix: sp.csr_matrix
    owners: list[tuple[str, int]]
    widths: np.ndarray
    article: np.ndarray
    prefixes: dict[str, list[int]]


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
    ranks = np.array([representation.article_rank(s.article_id) for s in sentences], np.int64)
    article = np.concatenate([ranks, ranks[pair_rows]]) if pair_rows else ranks
    prefixes: dict[str, list[int]] = {}
    for column, term in enumerate(representation.terms_by_column):
        prefixes.setdefault(term[:NAME_PREFIX], []).append(column)  # (_prefix, inlined)
    return SupportUnits(present, owners, np.array(widths), article, prefixes)
