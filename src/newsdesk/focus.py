"""Focus: what the reader asks, and what the reader has read already.

Two standard tasks narrow a brief (DUC 2005-2007; Dang, 2005, "Overview of DUC 2005", and
Dang & Owczarzak, 2008, "Overview of the TAC 2008 Update Summarization Task"):

- **query-focused**: the brief answers a question. A sentence's relevance is the cosine of its
  TF-IDF vector to the question's, in the story's own term weights (the vector-space
  relevance of Salton & Buckley, 1988, "Term-weighting approaches in automatic text
  retrieval"), raised for a sentence that states the kind of answer a wh-question asks for
  (a place for "Where"). Pseudo-relevance feedback (Rocchio, 1971) and a topic-sensitive
  LexRank walk (Otterbacher et al., 2005) were tried and not kept (benchmarks/RESULTS.md).
  Questions that articles ask ("How are fans passing the time?") do not answer. Instruction
  words of DUC-style narratives ("Describe", "Include") are not part of the question. A
  question none of whose distinctive words the sources use is *not addressed*: the brief
  says so rather than fill its budget with what was not asked.
- **update**: the brief tells what the new articles add to those read. A new sentence that
  the read articles state (the support test of the citations,
  :func:`newsdesk.attribute.supporting`: a read sentence, or two adjacent ones, holds
  ``SUPPORT_THRESHOLD`` of its IDF-weighted content, every number, date and name of it, and
  the same negations) is never taken; the others are weighed by their novelty, one less their
  highest cosine to a read sentence. A changed figure ("rose to 50" after "30") fails the
  number test, so it counts as new: what changed is preferred by construction.

The weights multiply a summarizer's own scores (see :meth:`Focus.reweigh`); with neither a
question nor read articles there is no focus and the brief is the generic one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from newsdesk.attribute import SUPPORT_THRESHOLD, statement, support_units, supporting
from newsdesk.represent import Representation, represent_sentences, terms
from newsdesk.types import BriefFocus, ScoredSentence, Sentence

# Words with which DUC topics phrase a request rather than its subject ("Describe the steps
# taken ... Include predictions"): matched before stemming, on the question's own words.
INSTRUCTION_WORDS = frozenset(
    [
        "describe",
        "description",
        "discuss",
        "discussion",
        "include",
        "including",
        "identify",
        "explain",
        "explanation",
        "report",
        "reported",
        "reports",
        "give",
        "provide",
        "list",
        "specify",
        "detail",
        "details",
        "information",
        "info",
        "tell",
        "mention",
        "mentioned",
        "mentions",
        "summarize",
        "summary",
        "address",
        "addressed",
        "note",
        "noted",
        "kind",
        "kinds",
        "type",
        "types",
        "example",
        "examples",
        "aspect",
        "aspects",
        "regard",
        "regarding",
    ]
)

#: Relevance enters a score as ``(relevance + RELEVANCE_FLOOR) ** RELEVANCE_EXPONENT``.
RELEVANCE_FLOOR = 0.2
RELEVANCE_EXPONENT = 1.0
#: Novelty against read articles enters a score as ``novelty ** NOVELTY_EXPONENT``.
NOVELTY_EXPONENT = 0.5
#: A sentence that states the kind of answer a wh-question asks for (a place for "Where")
#: has its relevance raised by this share.
ANSWER_KIND_BONUS = 1.0
#: A question word in at least this share of a story's articles names the story itself
#: ("summit" in a story about a summit), so it cannot tell which sentence answers.
TOPIC_WIDE_SHARE = 0.6

_BLOCK = 2048

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


@dataclass(frozen=True)
class Focus:
    """Per representation row: whether a sentence may be taken and how to weigh it."""

    allowed: np.ndarray
    weight: np.ndarray
    summary: BriefFocus
    #: A question's best answer opens the brief (see :func:`is_one_question`): the features
    #: that rank sentences for the opening are replaced by the focus weight alone.
    answer_first: bool = False

    def reweigh(
        self,
        scored: Sequence[ScoredSentence],
        representation: Representation,
        features: Iterable[str] = (),
    ) -> list[ScoredSentence]:
        """The allowed sentences, their score (and the named features, which rank sentences
        for the brief's opening) made positive by a shift that keeps their order, then
        multiplied by the focus weight; with ``answer_first``, the named features become the
        focus weight itself."""
        features = tuple(features)
        kept = [s for s in scored if self.allowed[representation.row(s.sentence.key)]]
        if not kept:
            return []
        rows = [representation.row(s.sentence.key) for s in kept]
        weights = self.weight[rows]
        new_scores = _positive([s.score for s in kept]) * weights
        new_features = {
            name: weights
            if self.answer_first
            else _positive([s.features[name] for s in kept]) * weights
            for name in features
        }
        out = []
        for k, item in enumerate(kept):
            values = dict(item.features)
            values.update({name: float(column[k]) for name, column in new_features.items()})
            values["focus"] = round(float(weights[k]), 6)
            out.append(replace(item, score=round(float(new_scores[k]), 9), features=values))
        return out


def focus(
    representation: Representation,
    *,
    query: str | None = None,
    seen: Sequence[Sentence] = (),
    seen_articles: int = 0,
) -> Focus | None:
    """The focus of a brief on ``query`` and away from the ``seen`` sentences (None: neither
    is given, the brief is generic)."""
    if not query and not seen:
        return None
    rows = len(representation.sentences)
    allowed = np.ones(rows, dtype=bool)
    weight = np.ones(rows)
    addressed = True
    set_aside = 0
    if query:
        relevance, answering = query_relevance(representation, query)
        addressed = bool(answering.any())
        allowed &= answering if addressed else np.zeros(rows, dtype=bool)
        weight *= (relevance + RELEVANCE_FLOOR) ** RELEVANCE_EXPONENT
    if seen:
        restated, novelty = seen_novelty(representation, seen)
        presentable = np.array([s.presentable for s in representation.sentences], dtype=bool)
        set_aside = int((restated & presentable & allowed).sum())
        allowed &= ~restated
        weight *= novelty**NOVELTY_EXPONENT
    summary = BriefFocus(
        query=query or None,
        addressed=addressed,
        seen_articles=seen_articles,
        set_aside=set_aside,
    )
    answer_first = query is not None and is_one_question(query)
    return Focus(allowed, weight, summary, answer_first=answer_first)


def is_one_question(query: str) -> bool:
    """Whether the query is one question ("Where will it be held?"), whose answer opens the
    brief, rather than a topic to cover (a DUC title and narrative), where the news lead
    still opens it."""
    text = query.strip()
    return text.endswith("?") and not re.search(r"[.?!]\s", text)


def question_terms(query: str) -> list[str]:
    """The content terms of a question, without the words that only phrase a request."""
    words = [w for w in _WORD.findall(query) if w.lower() not in INSTRUCTION_WORDS]
    return terms(" ".join(words))


def query_relevance(representation: Representation, query: str) -> tuple[np.ndarray, np.ndarray]:
    """Each row's relevance to the question (cosine to the question's vector), and
    whether it may answer: it holds a term of the question and is not itself a question.
    Nothing answers a question that asks about something no source mentions while its other
    terms merely name the story ("What did the summit cost?").

    A question term the story never uses keeps its place in the question's vector (with the
    highest IDF), so that sentences which match only the rest of the question score lower.
    """
    rows = len(representation.sentences)
    asked = question_terms(query)
    if not asked or rows == 0:
        return np.zeros(rows), np.zeros(rows, dtype=bool)
    vocabulary = representation.vocabulary
    known = sorted({vocabulary[t] for t in asked if t in vocabulary})
    unknown = {t for t in asked if t not in vocabulary}
    highest_idf = float(np.log(1.0 + rows) + 1.0)
    vector = np.zeros(representation.vectors.shape[1])
    for term in asked:
        if term in vocabulary:
            vector[vocabulary[term]] += 1.0
    present = vector > 0
    vector[present] = (1.0 + np.log(vector[present])) * representation.idf[present]
    norm = np.sqrt(float(vector @ vector) + len(unknown) * highest_idf**2)
    if norm == 0 or not known:
        return np.zeros(rows), np.zeros(rows, dtype=bool)
    vector /= norm
    relevance = np.asarray(representation.vectors @ vector).ravel()
    relevance = np.clip(relevance, 0.0, 1.0)
    wanted = answer_kind(query)
    if wanted is not None:
        answers = np.array([has_answer_kind(s.text, wanted) for s in representation.sentences])
        relevance = relevance * np.where(answers, 1.0 + ANSWER_KIND_BONUS, 1.0)
    holds = np.asarray(representation.presence[:, known].sum(axis=1)).ravel() > 0
    # A question in an article ("How are fans passing the time?") asks; it does not answer.
    holds &= np.array([not _is_question(s.text) for s in representation.sentences], dtype=bool)
    if unknown and not _distinctive(representation, known):
        holds[:] = False  # it asks about something no source mentions ("What did it cost?")
    return relevance, holds


def _is_question(text: str) -> bool:
    return text.rstrip(" \"'’”`)").endswith("?")


def _distinctive(representation: Representation, known: list[int]) -> list[int]:
    """The question's columns that are not used by most articles: those that name the story
    ("summit" in a story about a summit) cannot show that the sources take up the question."""
    presence = representation.presence.tocsc()
    total = len({s.article_id for s in representation.sentences})
    narrow = []
    for column in known:
        rows = presence.indices[presence.indptr[column] : presence.indptr[column + 1]]
        articles = {representation.sentences[row].article_id for row in rows}
        if len(articles) < TOPIC_WIDE_SHARE * total:
            narrow.append(column)
    return narrow


# The kind of answer a wh-question asks for, by its first words.
_ASKS = (
    (re.compile(r"^\s*(where|in what (city|country|place)|at what place)\b", re.I), "place"),
    (re.compile(r"^\s*(when|what (day|date|time|year|month))\b", re.I), "time"),
    (
        re.compile(r"^\s*(how (many|much|long|old|far|big)|what (number|percentage))\b", re.I),
        "number",
    ),
    (re.compile(r"^\s*(who|whom|whose)\b", re.I), "name"),
)
_TIME = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|march|april|may|june|july|aug(ust)?|sept?(ember)?|oct(ober)?"
    r"|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|today|tomorrow|yesterday|tonight|(19|20)\d\d)\b",
    re.I,
)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?"
    r"|millions?|billions?)\b",
    re.I,
)


def answer_kind(query: str) -> str | None:
    """``place``, ``time``, ``number`` or ``name`` for a wh-question asking for one."""
    for pattern, kind in _ASKS:
        if pattern.search(query):
            return kind
    return None


def has_answer_kind(text: str, kind: str) -> bool:
    """Whether a sentence states an answer of that kind (a gazetteer place, a date, ...)."""
    if kind == "time":
        return bool(_TIME.search(text))
    if kind == "number":
        return bool(_NUMBER.search(text))
    # Entity kinds come from the comparison's gazetteer and name rules (loaded when asked).
    from newsdesk.compare.facts import PLACE, capitalised_runs, classify

    kinds = {classify(run) for _, _, run in capitalised_runs(text)}
    return PLACE in kinds if kind == "place" else bool(kinds - {None, PLACE})


def seen_novelty(
    representation: Representation, seen: Sequence[Sentence]
) -> tuple[np.ndarray, np.ndarray]:
    """For each row: whether the read sentences state it (:func:`restated_by`), and its
    novelty, one less its highest cosine to a read sentence in the story's term weights."""
    rows = len(representation.sentences)
    vocabulary = representation.vocabulary
    read_representation = represent_sentences(seen)
    columns: list[int] = []
    owners: list[int] = []
    for k, read_terms in enumerate(read_representation.sentence_terms):
        for column in {vocabulary[t] for t in read_terms if t in vocabulary}:
            columns.append(column)
            owners.append(k)
    shape = (max(len(seen), 1), representation.vectors.shape[1])
    read = sp.csr_matrix((np.ones(len(columns)), (owners, columns)), shape=shape)
    if read.nnz == 0 or rows == 0:
        return np.zeros(rows, dtype=bool), np.ones(rows)
    read_vectors = sp.csr_matrix(read.multiply(representation.idf[None, :]))
    norms = np.sqrt(np.asarray(read_vectors.multiply(read_vectors).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    read_vectors = sp.csr_matrix(sp.diags(1.0 / norms) @ read_vectors)
    cosine = np.zeros(rows)
    # In blocks of read sentences, so that memory stays bounded by the block, not by the
    # product of the two stories' sizes.
    for start in range(0, read.shape[0], _BLOCK):
        block = read_vectors[start : start + _BLOCK] @ representation.vectors.T
        cosine = np.maximum(cosine, np.asarray(block.max(axis=0).todense()).ravel())
    # Only presentable sentences can be taken: the others need not go through the test.
    presentable = [k for k, s in enumerate(representation.sentences) if s.presentable]
    restated = np.zeros(rows, dtype=bool)
    restated[presentable] = _restated(
        [representation.sentences[k] for k in presentable], read_representation
    )
    return restated, np.clip(1.0 - cosine, 0.0, 1.0)


def restated_by(sentences: Sequence[Sentence], read: Sequence[Sentence]) -> np.ndarray:
    """Whether the read sentences state each sentence: the support test of the citations
    (:func:`newsdesk.attribute.supporting`), with the read sentences (one, or two adjacent)
    as the units and IDF over them. Only sentences that hold enough of their content in some
    unit, the test's first condition, computed for all at once, go through the whole test."""
    if not sentences or not read:
        return np.zeros(len(sentences), dtype=bool)
    return _restated(sentences, represent_sentences(read))


def _restated(sentences: Sequence[Sentence], read_representation: Representation) -> np.ndarray:
    """:func:`restated_by`, given the representation of the read sentences."""
    found = np.zeros(len(sentences), dtype=bool)
    if not sentences or not read_representation.sentences:
        return found
    read = read_representation.sentences
    units = support_units(read_representation)
    stated = [statement(s.text, read_representation) for s in sentences]
    idf = read_representation.idf
    rarest = np.log(1.0 + len(read)) + 1.0
    for start in range(0, len(stated), _BLOCK):
        block = stated[start : start + _BLOCK]
        columns = [c for item in block for c in item.ids]
        owners = [k for k, item in enumerate(block) for _ in item.ids]
        weights = sp.csr_matrix(
            (idf[columns], (owners, columns)), shape=(len(block), units.matrix.shape[1])
        )
        totals = np.asarray(weights.sum(axis=1)).ravel()
        totals += rarest * np.array([len(item.unknown) for item in block])
        held = np.asarray((units.matrix @ weights.T).max(axis=0).todense()).ravel()
        for k in np.nonzero((totals > 0) & (held >= SUPPORT_THRESHOLD * totals))[0]:
            found[start + k] = bool(supporting(block[k], read_representation, units))
    return found


def _positive(values: Sequence[float]) -> np.ndarray:
    """Scores shifted so that the lowest is just above zero (order kept), ready to weigh."""
    array = np.asarray(values, dtype=float)
    shifted: np.ndarray = array - array.min() + 1e-3
    return shifted
