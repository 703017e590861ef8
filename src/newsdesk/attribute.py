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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from newsdesk.content import (
    NUMBER_WORDS,
    ORDINAL_WORDS,
    Name,
    Polarity,
    hedged_against,
    names,
    ordinal_conflict,
    polarity,
    qualifier_dropped,
    quantifier_differs,
    swapped_roles,
)
from newsdesk.represent import Representation, terms
from newsdesk.support import (
    SEMANTIC_FEATURES,
    Side,
    Weights,
    features,
    load_model,
    negation_differs,
    rare_words,
    semantic_features,
    side,
)
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

# Terms that must all be present in a supporting unit (compared after stemming): months,
# weekdays and ordinals ("third" is not supported by a unit that says "second").
_MUST_MATCH = frozenset(
    terms(
        "january february march april may june july august september october november "
        "december monday tuesday wednesday thursday friday saturday sunday "
        + " ".join(ORDINAL_WORDS)
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
    threshold: float | None = None,
    embedder: Embedder | None = None,
) -> list[Citation]:
    """The support test: each article with a unit that states the statement, by its best such
    unit, in article order (supports not rounded).

    A unit states it when the support model (:mod:`newsdesk.support`) decides so (its
    probability reaches the model's threshold; for a unit that also holds
    :data:`SUPPORT_THRESHOLD` of the statement, the lower threshold shipped with it;
    ``threshold`` replaces both) and no strict check vetoes it (:func:`vetoed`): the
    statement uses no word rare in news that no source uses
    (:func:`newsdesk.support.rare_words`: a name from elsewhere, even lower-cased); the unit
    holds every number, month, weekday and ordinal of the statement (:func:`coverage`,
    strict) and every word of its names, negates what the statement negates and nothing it
    states plainly, gives every quotation of it word for word (:func:`quotes`), does not
    swap two of its names nor credit its words to another speaker, does not hedge what the
    statement states plainly, qualify a number it gives bare, give another quantifier
    ("many" for "most") or another ordinal before the same word. Only units holding at least
    :data:`PREFILTER` of the statement's content reach the model (the best
    :data:`PER_ARTICLE` of each article). With an ``embedder`` (:mod:`newsdesk.embed`, the
    optional extra), the model's second ensemble also weighs how the two align in meaning
    (:data:`newsdesk.support.SEMANTIC_FEATURES`)."""
    return [
        c
        for c, _ in supporting_units(
            stated, representation, units, threshold=threshold, embedder=embedder
        )
    ]


def supporting_units(
    stated: Statement,
    representation: Representation,
    units: SupportUnits | None = None,
    *,
    threshold: float | None = None,
    embedder: Embedder | None = None,
) -> list[tuple[Citation, float]]:
    """:func:`supporting`, with the model's probability of each citation (1.0 for a unit
    that containment alone decides: see :data:`SUPPORT_THRESHOLD`)."""
    units = units if units is not None else support_units(representation)
    if rare_words(stated.unknown):
        return []  # it names something specific that no source names
    few_terms = len(stated.ids) + len(stated.unknown) < MIN_STATEMENT_TERMS
    share = coverage(stated, representation, units)
    candidates = _best_per_article(share, units)
    if not len(candidates):
        return []
    named = []
    for columns in name_columns(stated, units):
        wanted = np.zeros(units.matrix.shape[1])
        wanted[columns] = 1.0
        named.append(np.asarray(units.matrix @ wanted) >= 1.0)
    claim = side(stated.text)
    weights = _weights(representation)
    model = load_model()
    # A unit holding covered_from of the statement needs no model where its cut is 0 (the
    # model's "cover" feature is this share); the others are scored first and go through the
    # vetoes only when the model would support them (the vetoes cost more than the model).
    plain_test = threshold is None and embedder is None and model.covered_threshold <= 0.0
    kept: list[int] = []
    sides: list[Side] = []
    for i in candidates:
        if not all(has[i] for has in named):
            continue
        unit = units.sides.get(int(i))
        if unit is None:
            unit = units.sides[int(i)] = side(unit_text(units, int(i), representation))
        if few_terms and _plain(stated.text) not in _plain(unit.text):
            continue  # "A man cannot do that.": too few words to be matched but verbatim
        kept.append(int(i))
        sides.append(unit)
    if not kept:
        return []
    held = share[np.array(kept)]
    sure = held >= model.covered_from if plain_test else np.zeros(len(kept), dtype=bool)
    probability = np.ones(len(kept))
    cut = np.zeros(len(kept))
    asked = np.nonzero(~sure)[0]
    if len(asked):
        semantic = (
            _semantic(stated.text, [kept[k] for k in asked], units, representation, embedder)
            if embedder is not None
            else None
        )
        matrix = np.array(
            [features(claim, sides[k], weights, int(units.widths[kept[k]])) for k in asked]
        )
        probability[asked] = model.probability(matrix, semantic)
        cut[asked] = (
            np.full(len(asked), threshold)
            if threshold is not None
            else model.cuts(matrix, semantic is not None)
        )
        if semantic is not None and model.embedding is None:
            cosine = semantic[:, SEMANTIC_FEATURES.index("cosine")]
            # No embedding ensemble shipped: the extra's rule before the model (a unit whose
            # sentence embedding is SEMANTIC_SIMILARITY alike and that holds SEMANTIC_FLOOR
            # of the content), through the same vetoes.
            alike = (cosine >= SEMANTIC_SIMILARITY) & (held[asked] >= SEMANTIC_FLOOR)
            cut[asked] = np.where(alike, 0.0, cut[asked])
    passing = [
        k
        for k in range(len(kept))
        if probability[k] >= cut[k] and not vetoed(stated, claim, sides[k])
    ]
    kept = [kept[k] for k in passing]
    probability, cut = probability[passing], cut[passing]
    # By article, the most probable unit that passes (ties: the better covered, then the
    # earlier); articles in story order.
    best: dict[int, tuple[float, float, int]] = {}
    for i, chance in zip(kept, probability, strict=True):
        key = (float(chance), float(share[i]), -i)
        article = int(units.article[i])
        if article not in best or key > best[article]:
            best[article] = key
    found: list[tuple[Citation, float]] = []
    for article in sorted(best):
        p, support, negative = best[article]
        i = -negative
        article_id, index = units.owners[i]
        found.append((Citation(article_id, index, support, int(units.widths[i])), p))
    return found


# A unit reaches the support model when it holds this share of the statement's IDF-weighted
# content (numbers, months and weekdays required): below it, no judged pair of the training
# or validation sets was a restatement.
PREFILTER = 0.35
PER_ARTICLE = 3  # units of each article that reach the model, best covered first
# Between two candidate sentences of a brief (selection compares them pairwise), only pairs
# where one holds this share of the other are asked: the model supports hardly any pair below
# it, and the pairs are many.
RESTATING_PREFILTER = 0.45


def _best_per_article(share: np.ndarray, units: SupportUnits) -> np.ndarray:
    """The units holding at least :data:`PREFILTER`, at most :data:`PER_ARTICLE` an article
    (the best covered; ties: the earlier)."""
    above = np.nonzero(share >= PREFILTER)[0]
    if not len(above):
        return above
    order = above[np.lexsort((above, -share[above], units.article[above]))]
    out: list[int] = []
    taken: dict[int, int] = {}
    for i in order:
        article = int(units.article[i])
        if taken.get(article, 0) < PER_ARTICLE:
            taken[article] = taken.get(article, 0) + 1
            out.append(int(i))
    return np.array(out, dtype=int)


def vetoed(stated: Statement, claim: Side, unit: Side) -> bool:
    """Whether a strict check refuses the unit as support, whatever the model says: it
    negates what the statement states plainly (or the reverse), leaves out a negation of it,
    swaps two of its names, hedges what it states plainly, qualifies a number it gives bare
    ("more than 100" for "100"), or gives another ordinal before the same word (numbers,
    months, weekdays and names are required by :func:`coverage` and :func:`supporting`)."""
    if negation_differs(claim, unit):
        return True
    if claim.numbers and qualifier_dropped(stated.text, unit.text):
        return True
    if claim.quantified and quantifier_differs(stated.text, unit.text):
        return True
    if unit.hedged and hedged_against(stated.text, unit.text):
        return True
    held = _plain(unit.text)
    if any(quote not in held for quote in quotes(stated.text)):
        return True  # a quotation is words: the unit must give them
    if len(stated.names) > 1 and swapped_roles(stated.text, unit.text):
        return True
    if any(n.credited for n in stated.names) and other_speaker(stated, unit.text):
        return True
    return bool(claim.ordinals and unit.ordinals and ordinal_conflict(stated.text, unit.text))


_QUOTED = re.compile(r'["\u201c]([^"\u201c\u201d]+)["\u201d]')
MIN_QUOTE_WORDS = 4  # shorter quoted words are names or scare quotes ("fake news")


def quotes(text: str) -> list[str]:
    """The quotations of a text of at least :data:`MIN_QUOTE_WORDS` words, plain (lower-cased
    words and numbers only)."""
    if '"' not in text and "\u201c" not in text:
        return []
    found = (_plain(m.group(1)) for m in _QUOTED.finditer(text))
    return [q for q in found if len(q.split()) >= MIN_QUOTE_WORDS]


def other_speaker(stated: Statement, unit: str) -> bool:
    """Whether the unit credits its words to someone other than the statement's speaker
    ("Smith said four people were arrested" / "..., Occupy Los Angeles said"). A unit that
    credits no one may still support it: attribution is often left out."""
    speakers = [n for n in stated.names if n.credited]
    if not speakers:
        return False
    theirs = [n for n in names(unit) if n.credited]
    if not theirs:
        return False
    given = {_prefix(t) for n in theirs for t in n.terms}
    return not any({_prefix(t) for t in n.terms} & given for n in speakers)


def _weights(representation: Representation) -> Weights:
    return _weights_of(id(representation), representation)


_WEIGHTS: dict[int, tuple[Representation, Weights]] = {}


def _weights_of(key: int, representation: Representation) -> Weights:
    """The :class:`Weights` of a representation, kept for the last few (the support test is
    asked about many statements of one story)."""
    held = _WEIGHTS.get(key)
    if held is not None and held[0] is representation:
        return held[1]
    if len(_WEIGHTS) > 8:
        _WEIGHTS.clear()
    weights = _compute_weights(representation)
    _WEIGHTS[key] = (representation, weights)
    return weights


def _compute_weights(representation: Representation) -> Weights:
    idf = {t: float(representation.idf[c]) for t, c in representation.vocabulary.items()}
    return Weights(idf, float(np.log(1.0 + len(representation.sentences)) + 1.0))


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _semantic(
    text: str,
    asked: Sequence[int],
    units: SupportUnits,
    representation: Representation,
    embedder: Embedder,
) -> np.ndarray:
    """The :data:`newsdesk.support.SEMANTIC_FEATURES` of a statement against each asked unit
    (each sentence encoded once, whatever units hold it)."""
    parts = []
    for i in asked:
        row = representation.row(units.owners[i])
        parts.append([s.text for s in representation.sentences[row : row + int(units.widths[i])]])
    encoded = embedder.encoded([text, *(t for p in parts for t in p)])
    claim, rest = encoded[0], iter(encoded[1:])
    grouped = [[next(rest) for _ in p] for p in parts]
    return semantic_features(claim, grouped, _weights(representation))


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
    texts: tuple[str, ...] = ()
    terms: tuple[tuple[str, ...], ...] = ()
    weights: Weights | None = None

    @classmethod
    def of(cls, representation: Representation, rows: Sequence[int]) -> ContentRows:
        rows = list(rows)
        presence = representation.presence[rows]
        weighted = sp.csr_matrix(presence.multiply(representation.idf[None, :]))
        return cls(
            presence,
            weighted,
            np.asarray(weighted.sum(axis=1)).ravel(),
            tuple(representation.sentences[r].text for r in rows),
            tuple(representation.sentence_terms[r] for r in rows),
            _weights(representation),
        )

    def restating(self) -> np.ndarray:
        """``[k, r]``: whether rows k and r state the same thing: either holds at least
        ``SUPPORT_THRESHOLD`` of the other's IDF-weighted content, or the support model
        (:mod:`newsdesk.support`) decides that either states the other, a paraphrase
        (numbers aside: two counts of the same thing are still the same statement; only
        pairs where one holds :data:`PREFILTER` of the other are asked). A row restates
        itself."""
        holds = np.asarray((self.presence @ self.weighted.T).todense())  # [r, k]: r holds of k
        totals = self.totals[None, :]
        share = np.divide(holds, totals, out=np.zeros_like(holds), where=totals > 0)
        holds_enough: np.ndarray = (totals > 0) & (share >= SUPPORT_THRESHOLD)
        restating: np.ndarray = holds_enough | holds_enough.T
        if self.weights is None or not self.texts:
            return restating
        asked = np.argwhere((share >= RESTATING_PREFILTER) & ~restating)  # (unit r, claim k)
        if not len(asked):
            return restating
        sides: dict[int, Side] = {}

        def side_of(k: int) -> Side:
            if k not in sides:
                sides[k] = side(self.texts[k], self.terms[k])
            return sides[k]

        rows = [features(side_of(int(k)), side_of(int(r)), self.weights, 1) for r, k in asked]
        model = load_model()
        stated = model.supports(np.array(rows))
        for (r, k), yes in zip(asked, stated, strict=True):
            if yes and not negation_differs(side_of(int(k)), side_of(int(r))):
                restating[k, r] = restating[r, k] = True
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
    #: What the support model reads of each unit, computed once for every statement tested
    #: against the story (see :func:`supporting_units`).
    sides: dict[int, Side] = field(default_factory=dict, compare=False, repr=False)


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
