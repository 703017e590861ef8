"""Timeline: dated events in order, each with the articles that date it.

Every resolved date phrase makes an event of its sentence. Events of different articles are
one event when their dates agree (the same span, or a coarser date that contains a finer
one: "June" and "June 12") and their sentences share content: at least
:data:`MIN_SHARED_TERMS` content terms, date words aside, carrying :data:`MIN_OVERLAP` of the
IDF weight of the smaller side (so that the names every sentence of the story shares do not
make two events one; :data:`MIN_OVERLAP_FINE` for a day or part of a month, which says more
by itself). Content is read within :data:`WINDOW_WORDS` words of the date phrase, since a
sentence may tell of several things. A sentence joins the event it overlaps most. The event
takes the finest date, and the text of its first presentable sentence; degraded articles add sources
but are never quoted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.compare.dates import DAY, MONTH, PART_OF_MONTH, WEEK, YEAR, DateSpan
from newsdesk.represent import Representation, terms
from newsdesk.types import Citation, Fact, Sentence, Story, TimelineEvent

MIN_SHARED_TERMS = 2
MIN_OVERLAP = 0.4
# A day or part of a month is specific enough that less shared content makes it the same event.
MIN_OVERLAP_FINE = 0.25
WINDOW_WORDS = 12  # words each side of the date phrase that describe its event
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PRECISION_RANK = {DAY: 0, PART_OF_MONTH: 1, WEEK: 2, MONTH: 3, YEAR: 4}
_DATE_TERMS = frozenset(
    terms(
        "january february march april may june july august september october november "
        "december monday tuesday wednesday thursday friday saturday sunday last next this "
        "early mid late end week month year today yesterday tomorrow"
    )
)


MAX_DATED_PHRASES = 2_000
WINDOW_CHARS_PER_WORD = 50  # a slice this many times WINDOW_WORDS holds the words wanted


@dataclass
class _Event:
    span: DateSpan
    members: list[tuple[Sentence, DateSpan]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    keys: set[tuple[str, int]] = field(default_factory=set)  # of the member sentences


def build_timeline(
    story: Story, facts: Sequence[Fact], representation: Representation
) -> tuple[tuple[TimelineEvent, ...], int]:
    """The timeline, and how many dated events only degraded articles mention (not shown)."""
    sentences = {s.key: s for s in representation.sentences}
    idf = {term: representation.idf[i] for term, i in representation.vocabulary.items()}
    dated = []
    seen: set[tuple[str, int]] = set()
    for fact in _one_date_a_sentence(facts):
        # Degraded articles' windows overlap: a phrase counts once, at its first window.
        if (fact.article_id, fact.start) in seen:
            continue
        seen.add((fact.article_id, fact.start))
        sentence = sentences[(fact.article_id, fact.index)]
        dated.append((sentence, _span(fact), _window(sentence, fact)))
    dated.sort(
        key=lambda d: (
            _PRECISION_RANK[d[1].precision],
            not d[1].certain,
            story.article_number(d[0].article_id),
            d[0].index,
        )
    )
    # Each dated phrase is compared with every event so far: bounded, so that a text of
    # thousands of dates stays within a request's time (the finest and surest come first).
    dated = dated[:MAX_DATED_PHRASES]
    events: list[_Event] = []
    for sentence, span, words in dated:
        scores = [(_overlap(e, span, sentence, words, idf), -i) for i, e in enumerate(events)]
        best = max(scores, default=(0.0, 0))
        event = events[-best[1]] if best[0] > 0 else None
        if event is None:
            event = _Event(span)
            events.append(event)
        event.members.append((sentence, span))
        event.keys.add(sentence.key)
        event.words |= words
    shown, hidden = [], 0
    for event in events:
        item = _timeline_event(story, event)
        if item is None:
            hidden += 1
        else:
            shown.append(item)
    shown.sort(key=lambda e: (e.start, e.end, e.evidence[0].article_id, e.evidence[0].index))
    return tuple(shown), hidden


def _one_date_a_sentence(facts: Sequence[Fact]) -> list[Fact]:
    """The date of each sentence: the complete date it states (day, month and year) if any,
    else the latest date it names.

    A sentence shown under two dates reads as two events; it is listed once. The latest date
    is the news of the sentence more often than the earlier ones, which set the scene ("who
    joined Wella in 2007, was found dead Monday"; "On Friday, the White House said the next
    summit would take place in late February").
    """
    chosen: dict[tuple[str, int], Fact] = {}
    for fact in facts:
        if fact.kind != "date" or "start" not in fact.detail:
            continue
        key = (fact.article_id, fact.index)
        if key not in chosen or _sentence_date_order(fact) > _sentence_date_order(chosen[key]):
            chosen[key] = fact
    return list(chosen.values())


def _sentence_date_order(fact: Fact) -> tuple[bool, str, str]:
    return (_states_a_day(fact), fact.detail["end"], fact.detail["start"])


def _states_a_day(fact: Fact) -> bool:
    return fact.detail["precision"] == DAY and _YEAR.search(fact.text) is not None


def _span(fact: Fact) -> DateSpan:
    detail = fact.detail
    return DateSpan(
        dt.date.fromisoformat(detail["start"]),
        dt.date.fromisoformat(detail["end"]),
        detail["precision"],
        detail["certain"] == "yes",
    )


def _overlap(
    event: _Event, span: DateSpan, sentence: Sentence, words: set[str], idf: dict[str, float]
) -> float:
    """How well a dated sentence fits an event (0: it does not)."""
    if not event.span.within(span):
        return 0.0
    if sentence.key in event.keys:
        return 1.0
    shared = words & event.words
    if len(shared) < MIN_SHARED_TERMS:
        return 0.0
    smaller = min(sum(idf[t] for t in words), sum(idf[t] for t in event.words))
    score = sum(idf[t] for t in shared) / smaller if smaller else 0.0
    fine = _PRECISION_RANK[event.span.precision] <= _PRECISION_RANK[PART_OF_MONTH]
    return score if score >= (MIN_OVERLAP_FINE if fine else MIN_OVERLAP) else 0.0


def _window(sentence: Sentence, fact: Fact) -> set[str]:
    """The content terms within :data:`WINDOW_WORDS` words of a date phrase, date words aside."""
    start, end = fact.start - sentence.start, fact.end - sentence.start
    # Words are taken from a slice either side, not from the whole sentence: the work per
    # date phrase must not grow with the sentence (thousands of dates in one "sentence").
    reach = WINDOW_WORDS * WINDOW_CHARS_PER_WORD
    before = sentence.text[max(0, start - reach) : start].split()[-WINDOW_WORDS:]
    after = sentence.text[end : end + reach].split()[:WINDOW_WORDS]
    return set(terms(" ".join(before + after))) - _DATE_TERMS


def _timeline_event(story: Story, event: _Event) -> TimelineEvent | None:
    shown = next((s for s, _ in event.members if s.presentable), None)
    if shown is None:
        return None
    first: dict[str, Sentence] = {shown.article_id: shown}
    for sentence, _ in event.members:
        first.setdefault(sentence.article_id, sentence)
    evidence = [Citation(shown.article_id, shown.index, 1.0)] + [
        Citation(s.article_id, s.index, 1.0)
        for s in sorted(first.values(), key=lambda s: story.article_number(s.article_id))
        if s.article_id != shown.article_id
    ]
    span = event.span
    certain = any(s.certain and s.precision == span.precision for _, s in event.members)
    return TimelineEvent(
        start=span.start,
        end=span.end,
        label=span.label,
        precision=span.precision,
        certain=certain,
        text=shown.text,
        evidence=tuple(evidence),
    )
