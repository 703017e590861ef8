"""Sentence features for learned salience (``newsdesk.v3``) and for its training script.

The features follow the supervised extractive tradition (Hong & Nenkova 2014, "Improving the
Estimation of Word Importance for News Multi-Document Summarization"; Cao et al. 2015,
"Ranking with Recursive Neural Networks and Its Application to Multi-Document
Summarization"): where a sentence sits in its article, how much of it the other outlets state,
how central it is to the story, how long it is and what it holds (quotes, numbers, dates,
openers that need an earlier sentence).

The model is trained on lower-cased, truncated Multi-News articles and applied to cased,
full-length ones, so no feature reads capitals, and article length enters only through
bounded or logarithmic values. Every feature is computed from the story's
:class:`~newsdesk.represent.Representation` in time linear in its sentences (cross-article
statistics go through per-article term sets, never through sentence pairs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from newsdesk.represent import Representation
from newsdesk.segment import opens_on_context
from newsdesk.types import Sentence

_PERCENTILES = (
    "centroid_cosine",
    "others_centroid_cosine",
    "containment_mean",
    "term_spread_weighted",
    "shared_bigram_share",
)
FEATURE_NAMES: tuple[str, ...] = (
    "rank",  # 0-based rank among its article's presentable sentences
    "inverse_sqrt_rank",
    "is_first",
    "relative_position",  # index / sentences of the article
    "article_sentences",  # log(1 + sentences of its article)
    "story_sentences",  # log(1 + sentences of the story)
    "words",
    "content_terms",
    "articles",  # in the story
    "centroid_cosine",  # to the story's TF-IDF centroid
    "others_centroid_cosine",  # to the centroid of the other articles only
    "containment_mean",  # IDF-weighted share of its terms found in another article, mean
    "containment_max",
    "containment_half",  # share of other articles holding half of its content or more
    "term_spread_mean",  # share of articles holding each of its terms, mean over terms
    "term_spread_weighted",  # the same, IDF-weighted
    "shared_bigram_share",  # share of its term bigrams found in another article
    "shared_bigrams",
    "mean_idf",
    "quote",  # holds quotation marks
    "opens_with_quote",
    "numbers",
    "dates",  # month and weekday names
    "needs_context",  # opens on a word or phrase that points back (opens_on_context)
    "question",
    "first_person",  # I/we/my/our outside a quotation is an opinion or a quote's tail
    "said",
    "background",  # "last June", "in 2008", "years ago", "had been": what happened before
    "forward",  # "will", "plans to", "next": what is to come
    "article_rank_share",  # the article's place in the story, 0 for the first, 1 the last
    "other_leads_cosine_max",  # to the first two presentable sentences of the other articles
    "other_leads_cosine_mean",  # (outlets open with the news: what their leads share)
    # Within-story percentiles (0 lowest, 1 highest) of the cross-article measures: training
    # articles are truncated, so absolute overlaps run lower there than on full articles,
    # while the order inside a story transfers.
    *(f"{name}_percentile" for name in _PERCENTILES),
)

_QUOTES = re.compile(r"[\"\u201c\u201d]")
_OPENING_QUOTE = re.compile(r"^[\"'\u201c\u2018]")
_NUMBER = re.compile(r"\d")
_NUMBER_TOKEN = re.compile(r"\b\d[\d,.]*\b")
# Month names but "may" (mostly the verb), lower-case, as a pattern fragment.
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_WORD = re.compile(
    rf"\b(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tomorrow)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|we|my|our|me|us)\b")
_QUOTED = re.compile(r"[\"\u201c][^\"\u201d]*[\"\u201d]")
# Rows of the sentence-by-article containment computed at a time.
_BLOCK_ROWS = 2048
_BACKGROUND = re.compile(
    rf"\b(?:last (?:week|month|year|spring|summer|fall|autumn|winter|may|{_MONTHS})|"
    r"(?:19|20)\d\d|ago|previously|formerly|earlier|had been|had [a-z]+ed|first-ever|since)\b"
)
_FORWARD = re.compile(
    r"\b(?:will|plans?|planning|planned|expected|expects|set to|next|upcoming|"
    r"scheduled|to be held|would)\b"
)
_SAID = re.compile(r"\b(?:said|says|told|according to)\b")
# For each word pattern, text that every match of it contains: a sentence holding none of them
# has no match, and is not searched (most sentences hold no date, no "will", no "said").
# fmt: off
_HINTS = {
    _DATE_WORD: (
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "day",
        "tomorrow",
    ),
    _BACKGROUND: (
        "last ", "had ", "first-ever", "19", "20", "ago", "previously", "formerly", "earlier",
        "since",
    ),
    _FORWARD: (
        "set to", "to be held", "will", "plan", "expect", "next", "upcoming", "scheduled",
        "would",
    ),
    _SAID: ("said", "says", "told", "according to"),
}
# fmt: on


def _matches(pattern: re.Pattern[str], text: str) -> int:
    """How many times ``pattern`` matches ``text`` (see :data:`_HINTS`)."""
    if not any(hint in text for hint in _HINTS[pattern]):
        return 0
    return len(pattern.findall(text))


def sentence_features(representation: Representation) -> tuple[list[int], np.ndarray]:
    """The rows of the presentable sentences and their features (one row each, in
    :data:`FEATURE_NAMES` order)."""
    sentences = representation.sentences
    rows = [i for i, s in enumerate(sentences) if s.presentable]
    features = np.zeros((len(rows), len(FEATURE_NAMES)))
    if not rows:
        return rows, features
    column = {name: j for j, name in enumerate(FEATURE_NAMES)}

    def put(name: str, values: Sequence[float] | np.ndarray) -> None:
        features[:, column[name]] = values

    articles = _article_index(sentences)
    n_articles = int(articles.max()) + 1
    article_of = articles[rows]
    ranks = _presentable_ranks(sentences, rows, articles)
    put("rank", np.minimum(ranks, 50))
    put("inverse_sqrt_rank", 1.0 / np.sqrt(1.0 + ranks))
    put("is_first", ranks == 0)
    sizes = np.bincount(articles, minlength=n_articles)
    index = np.array([sentences[i].index for i in rows], dtype=float)
    put("relative_position", index / np.maximum(sizes[article_of], 1))
    put("article_sentences", np.log1p(sizes[article_of]))
    put("story_sentences", np.full(len(rows), np.log1p(len(sentences))))
    put("words", [min(sentences[i].words, 80) for i in rows])
    put("content_terms", [len(representation.term_ids[i]) for i in rows])
    put("articles", np.full(len(rows), min(n_articles, 50)))
    put("article_rank_share", article_of / max(n_articles - 1, 1))

    vectors = representation.vectors
    presence = representation.presence
    # One row per article: summed TF-IDF (for centroids) and which terms it holds.
    membership = sp.csr_matrix(
        (np.ones(len(sentences)), (articles, np.arange(len(sentences)))),
        shape=(n_articles, len(sentences)),
    )
    article_vectors = sp.csr_matrix(membership @ vectors)
    article_terms = sp.csr_matrix(membership @ presence)
    article_terms.data[:] = 1.0
    chosen_vectors = vectors[rows]
    total = np.asarray(article_vectors.sum(axis=0)).ravel()
    total_dot = np.asarray(chosen_vectors @ total).ravel()
    put("centroid_cosine", total_dot / (float(np.linalg.norm(total)) or 1.0))
    # The other articles' centroid is the story's less the sentence's own article's.
    own_dot = np.asarray(chosen_vectors.multiply(article_vectors[article_of]).sum(axis=1)).ravel()
    own_norm2 = np.asarray(article_vectors.multiply(article_vectors).sum(axis=1)).ravel()
    total_dot_own = np.asarray(article_vectors @ total).ravel()
    others_norm = np.sqrt(np.maximum(total @ total - 2 * total_dot_own + own_norm2, 0.0))
    others_norm[others_norm == 0] = 1.0
    put(
        "others_centroid_cosine",
        (total_dot - own_dot) / others_norm[article_of],
    )

    leads = np.array([row for k, row in enumerate(rows) if ranks[k] < 2])
    if n_articles > 1 and len(leads):
        lead_max, lead_mean = _other_leads_cosine(
            chosen_vectors, article_of, vectors, leads, articles
        )
        put("other_leads_cosine_max", lead_max)
        put("other_leads_cosine_mean", lead_mean)

    idf = representation.idf
    counts = presence[rows]
    weighted = sp.csr_matrix(counts.multiply(idf[None, :]))
    term_weight = np.asarray(weighted.sum(axis=1)).ravel()
    term_weight[term_weight == 0] = 1.0
    if n_articles > 1:
        put_containment = _containment(weighted, term_weight, article_terms, article_of)
        for name, values in zip(
            ("containment_mean", "containment_max", "containment_half"),
            put_containment,
            strict=True,
        ):
            put(name, values)
    spread = np.asarray(article_terms.sum(axis=0)).ravel() / n_articles
    n_terms = np.asarray(counts.sum(axis=1)).ravel()
    n_terms[n_terms == 0] = 1.0
    put("term_spread_mean", (counts @ spread) / n_terms)
    put("term_spread_weighted", (weighted @ spread) / term_weight)
    put("mean_idf", (counts @ idf) / n_terms)

    shared, share = _shared_bigrams(representation, rows, articles)
    put("shared_bigrams", np.minimum(shared, 20))
    put("shared_bigram_share", share)

    texts = [sentences[i].text for i in rows]
    lowered = [t.lower() for t in texts]  # the word patterns below are lower-case
    put("quote", [bool(_QUOTES.search(t)) for t in texts])
    put("opens_with_quote", [bool(_OPENING_QUOTE.match(t)) for t in texts])
    put(
        "numbers",
        [min(len(_NUMBER_TOKEN.findall(t)), 5) if _NUMBER.search(t) else 0 for t in texts],
    )
    put("dates", [min(_matches(_DATE_WORD, t), 3) for t in lowered])
    put("needs_context", [opens_on_context(t) for t in texts])
    put("question", ["?" in t for t in texts])
    put("first_person", [bool(_FIRST_PERSON.search(_QUOTED.sub(" ", t))) for t in lowered])
    put("said", [_matches(_SAID, t) > 0 for t in lowered])
    put("background", [min(_matches(_BACKGROUND, t), 3) for t in lowered])
    put("forward", [min(_matches(_FORWARD, t), 3) for t in lowered])
    for name in _PERCENTILES:
        put(f"{name}_percentile", _percentiles(features[:, column[name]]))
    return rows, features


def _percentiles(values: np.ndarray) -> np.ndarray:
    """Each value's share of the others it exceeds (ties share their mean rank)."""
    if len(values) < 2:
        return np.ones_like(values)
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    # Equal values get the mean of their ranks, so that the result does not depend on order.
    unique, inverse = np.unique(values, return_inverse=True)
    sums = np.bincount(inverse, weights=ranks, minlength=len(unique))
    counts = np.bincount(inverse, minlength=len(unique))
    return (sums / counts)[inverse] / (len(values) - 1)


def _article_index(sentences: Sequence[Sentence]) -> np.ndarray:
    """Each sentence's article as a number, in story order."""
    numbers: dict[str, int] = {}
    return np.array([numbers.setdefault(s.article_id, len(numbers)) for s in sentences])


def _presentable_ranks(
    sentences: Sequence[Sentence], rows: Sequence[int], articles: np.ndarray
) -> np.ndarray:
    seen: dict[int, int] = {}
    ranks = np.zeros(len(rows))
    for k, row in enumerate(rows):
        article = int(articles[row])
        ranks[k] = seen.get(article, 0)
        seen[article] = int(ranks[k]) + 1
    return ranks


def _containment(
    weighted: sp.csr_matrix,
    term_weight: np.ndarray,
    article_terms: sp.csr_matrix,
    article_of: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, max and share >= 0.5 over the other articles of the IDF-weighted share of each
    sentence's terms that an article holds; in blocks of rows, so memory stays bounded."""
    n_rows, n_articles = weighted.shape[0], article_terms.shape[0]
    mean, best, half = np.zeros(n_rows), np.zeros(n_rows), np.zeros(n_rows)
    for first in range(0, n_rows, _BLOCK_ROWS):
        block = slice(first, min(first + _BLOCK_ROWS, n_rows))
        share = (weighted[block] @ article_terms.T).toarray() / term_weight[block, None]
        share[np.arange(share.shape[0]), article_of[block]] = 0.0  # its own article
        mean[block] = share.sum(axis=1) / (n_articles - 1)
        best[block] = share.max(axis=1)
        half[block] = (share >= 0.5).sum(axis=1) / (n_articles - 1)
    return mean, best, half


def _other_leads_cosine(
    chosen: sp.csr_matrix,
    article_of: np.ndarray,
    vectors: sp.csr_matrix,
    leads: np.ndarray,
    articles: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Max and mean (over the other articles' lead sentences) cosine of each sentence."""
    lead_articles = articles[leads]
    n_others = np.maximum(len(leads) - np.bincount(lead_articles, minlength=articles.max() + 1), 1)
    best, mean = np.zeros(chosen.shape[0]), np.zeros(chosen.shape[0])
    for first in range(0, chosen.shape[0], _BLOCK_ROWS):
        block = slice(first, min(first + _BLOCK_ROWS, chosen.shape[0]))
        cosine = (chosen[block] @ vectors[leads].T).toarray()
        cosine[article_of[block, None] == lead_articles[None, :]] = 0.0  # its own article
        best[block] = cosine.max(axis=1)
        mean[block] = cosine.sum(axis=1) / n_others[article_of[block]]
    return best, mean


def _shared_bigrams(
    representation: Representation, rows: Sequence[int], articles: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How many of each sentence's distinct term bigrams another article also has, and what
    share of them. A bigram is the integer ``first * vocabulary + second``, so the counting
    is done by numpy over one flat array of the story's terms."""
    vocabulary = representation.vocabulary
    sentence_terms = representation.sentence_terms
    ids = representation.columns  # every sentence's terms in text order, as columns
    owner = np.repeat(np.arange(len(sentence_terms)), [len(words) for words in sentence_terms])
    shared, share = np.zeros(len(rows)), np.zeros(len(rows))
    within = owner[:-1] == owner[1:]  # adjacent terms of one sentence
    if not within.any():
        return shared, share
    code = (ids[:-1] * len(vocabulary) + ids[1:])[within]
    owner = owner[:-1][within]
    # Bigrams held by two articles or more: distinct (bigram, article) pairs, counted.
    n_articles = int(articles.max()) + 1
    held = np.unique(code * n_articles + articles[owner]) // n_articles
    bigrams, holders = np.unique(held, return_counts=True)
    common = bigrams[holders > 1]
    # Distinct bigrams of each chosen row, and how many of them are common.
    position = np.full(len(sentence_terms), -1)
    position[list(rows)] = np.arange(len(rows))
    mine = position[owner] >= 0
    span = len(vocabulary) ** 2
    pairs = np.unique(position[owner[mine]] * span + code[mine])
    row, pair_code = pairs // span, pairs % span
    total = np.bincount(row, minlength=len(rows))
    common_count = np.bincount(row, weights=np.isin(pair_code, common), minlength=len(rows))
    return common_count, np.divide(common_count, total, out=np.zeros(len(rows)), where=total > 0)
