"""Represent: sentences as TF-IDF vectors over stemmed content words.

Terms are lower-cased word tokens, stop words removed, reduced by the Snowball English stemmer
(PyStemmer), so that "summit"/"summits" and a degraded article's lower-cased words match the
original ones. IDF is computed over the story's own sentences: it needs no background corpus
and treats every outlet alike.
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from newsdesk.types import Sentence, Story

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Function words that carry no content (a compact list in the spirit of the SMART list; news
# reporting verbs such as "said" are included because every outlet uses them for everything).
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let's",
        "may",
        "me",
        "might",
        "more",
        "most",
        "mr",
        "mrs",
        "ms",
        "much",
        "must",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "said",
        "same",
        "says",
        "say",
        "saying",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "though",
        "through",
        "to",
        "too",
        "told",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "yet",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "d",
        "ll",
        "re",
        "ve",
    ]
)


@functools.lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Content terms of a text: lower-cased, stop words removed, stemmed."""
    return [term for term in map(_TERMS.__getitem__, _TOKEN.findall(text.lower())) if term]


def term_of(token: str) -> str:
    """The term of one token as :func:`terms` finds them (lower-case letters and digits, an
    apostrophe's ending): its stem, or "" for a stop word or a single letter. For a stage that
    splits text into such tokens itself: ``terms(token)`` is ``[term_of(token)]`` or ``[]``,
    without searching the token again."""
    return _TERMS[token]


class _Terms(dict[str, str]):
    """Each token's term. Tokens repeat (Zipf): each distinct one is filtered and stemmed
    once, then looked up (in C, by :func:`terms`); emptied when it holds ``MAX_TOKENS``, so
    that a long batch over millions of clusters does not grow memory."""

    MAX_TOKENS = 1 << 17

    def __missing__(self, token: str) -> str:
        if len(self) >= self.MAX_TOKENS:
            self.clear()
        term = self[token] = _term(token)
        return term


_TERMS = _Terms()


def _term(token: str) -> str:
    """The stemmed term of one lower-cased token, or "" for a stop word or a single letter."""
    if token in STOP_WORDS:
        return ""
    base = token.split("'")[0]  # "trump's" -> "trump"
    if base in STOP_WORDS or (len(base) < 2 and not base.isdigit()):
        return ""
    return str(_stemmer().stemWord(base))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Representation:
    """TF-IDF rows for a sequence of sentences, in the same order.

    ``vectors`` rows are L2-normalised (a row of zeros for a sentence without content terms),
    so ``vectors @ vectors.T`` is the cosine similarity. ``counts`` holds the raw term counts,
    ``term_ids`` lists each row's distinct term columns and ``idf`` weighs them.
    ``sentence_terms`` keeps each row's terms in text order (see :func:`terms`), so that
    stages needing word order (bigram concepts) do not tokenise again; ``columns`` holds the
    same terms as vector columns, every row's one after another (``sentence_terms`` flattened).
    """

    sentences: tuple[Sentence, ...]
    sentence_terms: tuple[tuple[str, ...], ...]
    vectors: sp.csr_matrix
    counts: sp.csr_matrix
    idf: np.ndarray
    term_ids: tuple[np.ndarray, ...]
    vocabulary: dict[str, int]
    columns: np.ndarray

    def row(self, key: tuple[str, int]) -> int:
        return self._rows[key]

    def terms_of(self, text: str) -> tuple[str, ...]:
        """:func:`terms` of ``text``: those found when the story was represented if it is the
        text of one of its sentences (each sentence is tokenised once per brief: represent,
        select, focus, attribute and check share it), else found now."""
        found = self._terms_by_text.get(text)
        return found if found is not None else tuple(terms(text))

    @functools.cached_property
    def _terms_by_text(self) -> dict[str, tuple[str, ...]]:
        # (Two sentences with one text, such as a wire copy's, have the same terms.)
        return dict(zip((s.text for s in self.sentences), self.sentence_terms, strict=True))

    @functools.cached_property
    def _rows(self) -> dict[tuple[str, int], int]:
        return {s.key: i for i, s in enumerate(self.sentences)}

    @functools.cached_property
    def terms_by_column(self) -> list[str]:
        """The term of each vector column (the inverse of ``vocabulary``)."""
        by_column = [""] * len(self.vocabulary)
        for term, column in self.vocabulary.items():
            by_column[column] = term
        return by_column

    @functools.cached_property
    def presence(self) -> sp.csr_matrix:
        """1 where a sentence contains a term, else 0 (the counts, binarised)."""
        binary = self.counts.copy()
        binary.data[:] = 1.0
        return binary

    def article_rank(self, article_id: str) -> int:
        """The article's place in story order (its sentences' first appearance)."""
        return self._article_ranks[article_id]

    @functools.cached_property
    def _article_ranks(self) -> dict[str, int]:
        ranks: dict[str, int] = {}
        for sentence in self.sentences:
            ranks.setdefault(sentence.article_id, len(ranks))
        return ranks


def represent(story: Story) -> Representation:
    """TF-IDF vectors of every sentence of the story (presentable or not)."""
    return represent_sentences(story.sentences)


def represent_sentences(sentences: Sequence[Sentence]) -> Representation:
    sentence_terms = tuple(tuple(terms(sentence.text)) for sentence in sentences)
    vocabulary: dict[str, int] = {}
    columns = [vocabulary.setdefault(t, len(vocabulary)) for row in sentence_terms for t in row]
    rows = np.repeat(np.arange(len(sentences)), [len(row) for row in sentence_terms])
    shape = (len(sentences), max(len(vocabulary), 1))
    tf = sp.csr_matrix((np.ones(len(columns)), (rows, columns)), shape=shape)
    tf.sum_duplicates()  # one entry a distinct term of a row, columns sorted
    term_ids = np.split(tf.indices, tf.indptr[1:-1]) if len(sentences) else []
    document_frequency = np.bincount(tf.indices, minlength=shape[1])
    # Smoothed IDF as in common TF-IDF practice: log((1 + n) / (1 + df)) + 1.
    idf = np.log((1.0 + len(sentences)) / (1.0 + document_frequency)) + 1.0
    weighted = tf.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]  # sublinear tf
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    vectors = sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)
    return Representation(
        tuple(sentences),
        sentence_terms,
        vectors,
        tf,
        idf,
        tuple(term_ids),
        vocabulary,
        np.array(columns, dtype=np.int64),
    )


BACKGROUND = "desk_df.tsv.gz"


@functools.lru_cache(maxsize=1)
def background_frequencies() -> tuple[dict[str, int], int]:
    """Document frequencies of terms over the Multi-News training articles, and their count
    (package data built by ``training/desk_df.py``; only terms in at least 3 articles)."""
    resource = importlib.resources.files("newsdesk") / "data" / BACKGROUND
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        documents = int(handle.readline().split("\t")[1])
        frequencies = {}
        for line in handle:
            term, count = line.rstrip("\n").split("\t")
            frequencies[term] = int(count)
    return frequencies, documents
