"""The data that flows through the pipeline.

Every stage takes and returns these small frozen dataclasses. A sentence is identified by
``(article_id, index)`` and keeps character offsets into its article's cleaned text, never by
its text: the same wire sentence carried by two outlets is two sentences and two citations.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Article flags.
DEGRADED = "degraded"  # casing or punctuation lost: may support and be cited, never quoted raw
LOWERCASED = "lowercased"  # proper nouns lost their capitals
UNPUNCTUATED = "unpunctuated"  # no sentence punctuation: the text is one run-on block
FURNITURE_REMOVED = "furniture-removed"  # clean removed captions, promos, widget lines, ...


@dataclass(frozen=True)
class Article:
    """One news article as read from the input.

    ``text`` is what later stages work on: after :mod:`newsdesk.clean` it is the cleaned
    text, and sentence offsets point into it. ``meta`` keeps any extra input fields.
    """

    id: str
    text: str
    source: str
    origin: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    encoding: str = "utf-8"
    flags: frozenset[str] = frozenset()
    meta: Mapping[str, Any] = field(default_factory=dict)
    # Where ``source`` came from (newsdesk.ingest.outlet): "metadata", "site name", "feed",
    # "url", "dateline", "credit", "file name" or "position" ("document N").
    source_from: str = "metadata"

    @property
    def degraded(self) -> bool:
        return DEGRADED in self.flags


@dataclass(frozen=True)
class Skipped:
    """An input that was not used, and why."""

    input: str
    reason: str


@dataclass(frozen=True)
class Removal:
    """A piece of page furniture removed by the clean stage.

    ``start``/``end`` are character offsets into the article text as it was read (before
    cleaning); ``line`` is the 1-based line number there.
    """

    article_id: str
    start: int
    end: int
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    """A sentence (or line, or support window) of one article.

    ``presentable`` is False for text that may support a claim but must never be shown in a
    brief: run-on text of degraded articles, headlines and captions without sentence
    punctuation, fragments. ``why_not`` says why.
    """

    article_id: str
    index: int
    text: str
    start: int
    end: int
    paragraph: int
    presentable: bool = True
    why_not: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.index)

    @functools.cached_property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Story:
    """All articles about one event, with what the stages recorded about them."""

    id: str
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...] = ()
    removed: tuple[Removal, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: The question the brief should answer, if any.
    query: str | None = None
    #: The articles the reader has already read: the brief tells what the others add.
    seen: Story | None = None

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    def sentence(self, article_id: str, index: int) -> Sentence:
        """The sentence at ``index`` of an article."""
        return self._sentences_by_key[(article_id, index)]

    @functools.cached_property
    def _sentences_by_key(self) -> dict[tuple[str, int], Sentence]:
        return {s.key: s for s in self.sentences}

    def article_number(self, article_id: str) -> int:
        """The 1-based number under which an article is cited."""
        for number, article in enumerate(self.articles, start=1):
            if article.id == article_id:
                return number
        raise KeyError(article_id)


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence with the score a summarizer gave it and the parts of that score."""

    sentence: Sentence
    score: float
    features: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    """An article that states a brief sentence's content.

    ``index`` is the article's sentence that says it best (with ``sentences`` 2, the first of
    the two adjacent sentences that say it together) and ``support`` how much of the brief
    sentence's content they cover (1.0 for the sentence itself).
    """

    article_id: str
    index: int
    support: float
    sentences: int = 1


@dataclass(frozen=True)
class Insertion:
    """An editorial insertion into a brief sentence, shown in square brackets: ``text`` goes
    in at character ``at`` of the sentence, taken from the article sentence ``evidence``
    points to (article id, sentence index, and the start and end of the words in the
    article's text). It completes a person's first mention ("[David] Chaney")."""

    at: int
    text: str
    evidence: tuple[str, int, int, int]


@dataclass(frozen=True)
class BriefSentence:
    """One sentence of a brief with its citations; the first citation is its own article.

    ``text`` is the sentence as the brief shows it: its source sentence with any editorial
    insertions in square brackets.
    """

    scored: ScoredSentence
    citations: tuple[Citation, ...]
    insertions: tuple[Insertion, ...] = ()

    @property
    def sentence(self) -> Sentence:
        return self.scored.sentence

    @property
    def text(self) -> str:
        text = self.scored.sentence.text
        for insertion in sorted(self.insertions, key=lambda i: -i.at):
            before, after = text[: insertion.at], text[insertion.at :]
            if after[:1].isalnum():  # "[David] Chaney": the insertion precedes the word
                text = f"{before}[{insertion.text}] {after}"
            else:  # "Kim [Jong Un] said": it follows the word
                text = f"{before} [{insertion.text}]{after}"
        return text

    @property
    def words(self) -> int:
        return self.sentence.words + sum(len(i.text.split()) for i in self.insertions)


@dataclass(frozen=True)
class BriefFocus:
    """What a brief was narrowed to: a question, and articles the reader has read.

    ``addressed`` is False when no source speaks to the question (the brief is then empty and
    says so); ``set_aside`` counts the sentences left out because a read article states them.
    """

    query: str | None = None
    addressed: bool = True
    seen_articles: int = 0
    set_aside: int = 0


@dataclass(frozen=True)
class Brief:
    """The result: ordered, cited sentences plus everything needed to check them."""

    sentences: tuple[BriefSentence, ...]
    story: Story
    summarizer: str
    config: Mapping[str, Any]
    comparison: Comparison | None = None
    focus: BriefFocus | None = None

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Fact:
    """A comparable unit found in an article: an entity, a number, a quote or a date.

    ``value`` is its normalised form (a place's gazetteer name, a number without separators,
    a date's label); ``start``/``end`` are offsets into the article's cleaned text and
    ``index`` its sentence. ``detail`` holds the rest (a number's unit, a quote's speaker,
    a date's first and last day).
    """

    kind: str
    text: str
    value: str
    article_id: str
    index: int
    start: int
    end: int
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    """A statement and the articles that make it.

    The first evidence is the sentence shown (its own article, support 1.0); the others are
    each supporting article's best sentence, as for a brief's citations. ``about`` names the
    slot and value agreed on when the claim comes from agreeing slot values (see
    :mod:`newsdesk.compare.differences`) rather than from shared wording.
    """

    text: str
    evidence: tuple[Citation, ...]
    about: str | None = None

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(c.article_id for c in self.evidence)


@dataclass(frozen=True)
class SlotValue:
    """One way a slot is filled, with the sentences that fill it so."""

    value: str
    evidence: tuple[Citation, ...]


@dataclass(frozen=True)
class Difference:
    """The same slot (a venue, a count, a speaker, an age) filled differently by the sources."""

    kind: str
    slot: str
    values: tuple[SlotValue, ...]


@dataclass(frozen=True)
class TimelineEvent:
    """Something dated: the first and last day the date may mean, and who says so.

    ``certain`` is False when the year or day had to be inferred (no publication date, or a
    relative date resolved against a bound taken from the text).
    """

    start: date
    end: date
    label: str
    precision: str
    certain: bool
    text: str
    evidence: tuple[Citation, ...]


@dataclass(frozen=True)
class Comparison:
    """What the sources agree on, what one alone says, where they differ, and when."""

    story: Story
    facts: tuple[Fact, ...]
    consensus: tuple[Claim, ...]
    single_source: tuple[Claim, ...]
    differences: tuple[Difference, ...]
    timeline: tuple[TimelineEvent, ...]
    references: Mapping[str, tuple[date, str]]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClusterInfo:
    """One cluster of a JSONL file, as ``newsdesk clusters`` lists it: where it is, its id
    (``None`` when it has none), how many documents it holds and its first headline."""

    line: int
    id: str | None
    articles: int
    headline: str
