"""Check: hold any draft, human or machine, to its sources, sentence by sentence.

Each draft sentence gets a verdict from the support test of the brief's citations
(:func:`newsdesk.attribute.supporting`), so a sentence taken from a source is cited here as a
brief cites it:

- ``supported``: some article states it (every article that does is cited);
- ``contradicted``: no article states it, and the closest evidence (a unit holding at least
  :data:`CONTRADICTION_FROM` of its content, numbers and names aside) gives a different
  number, ordinal, month, weekday or name, negates what it states plainly (or the reverse),
  or swaps two of its names (:mod:`newsdesk.content`);
- ``partly``: the closest evidence holds at least :data:`PARTLY_FROM` of its content, not all,
  or states it only as likely, planned or reported (a hedge the sentence drops: "the sources
  only report it as likely");
- ``unsupported``: nothing comes close.

Anything but ``supported`` comes with what is wrong, in words a reader can act on ("the
sources say "1 TSA officer", not "2 TSA officer" [3]"). The approach is that of claim
verification against retrieved evidence (FEVER, Thorne et al. 2018): the support decision
is the learned model of :mod:`newsdesk.support` over lexical features, with strict checks
that explain themselves as vetoes, so that it runs offline and says what is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from newsdesk.attribute import (
    SUPPORT_THRESHOLD,
    Statement,
    SupportUnits,
    coverage,
    must_match,
    rounded,
    statement,
    support_units,
    supporting,
    unit_text,
)
from newsdesk.config import SummaryConfig
from newsdesk.content import (
    MONTHS,
    WEEKDAYS,
    hedge_label,
    hedged_against,
    names,
    number_spans,
    ordinal_conflict,
    polarity,
    qualifier_dropped,
    swapped_roles,
)
from newsdesk.errors import InputError
from newsdesk.files import display_name, read_bounded
from newsdesk.ingest import decode_text, read_story
from newsdesk.pipeline import prepare
from newsdesk.represent import Representation, represent, terms
from newsdesk.segment import sentence_spans
from newsdesk.text import clean_text
from newsdesk.types import Citation, Skipped, Story

if TYPE_CHECKING:
    from newsdesk.embed import Embedder

SUPPORTED = "supported"
PARTLY = "partly"
UNSUPPORTED = "unsupported"
CONTRADICTED = "contradicted"
VERDICTS = (SUPPORTED, PARTLY, UNSUPPORTED, CONTRADICTED)

# The closest evidence must hold this share of a sentence's content (numbers and names
# aside) before a difference in it is called a contradiction: what would be cited as
# support, but for the difference. (0.5 flagged 110 sentences of the multinews-dev reference
# summaries as contradicted, none of the first 20 rightly: precision first.)
CONTRADICTION_FROM = SUPPORT_THRESHOLD
PARTLY_FROM = 0.35
# Evidence holding this share of a sentence's content but hedging it ("likely", "keen to")
# makes the sentence partly supported, with the hedge named: the sentence states as a fact
# what the sources only report as likely.
HEDGED_FROM = 0.5
CANDIDATES = 5  # closest units examined for a contradiction
MAX_DRAFT_CHARS = 200_000
MAX_DRAFT_BYTES = 4 * MAX_DRAFT_CHARS  # a UTF-8 character takes at most four bytes
# ("May" is a stop word: it is too often the verb to be compared as a month.)
_MONTH_TERMS = {term: month for month in MONTHS for term in terms(month)}
_WEEKDAY_TERMS = {term: day for day in WEEKDAYS for term in terms(day)}


@dataclass(frozen=True)
class CheckedSentence:
    """One draft sentence: where it is in the draft, its verdict, the evidence (every
    supporting article, or the closest evidence) and what is wrong with it."""

    text: str
    start: int
    end: int
    verdict: str
    citations: tuple[Citation, ...]
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    """A checked draft: its sentences in draft order, and the story it was checked against."""

    sentences: tuple[CheckedSentence, ...]
    story: Story

    @property
    def supported(self) -> bool:
        """Whether every sentence of the draft is supported."""
        return all(s.verdict == SUPPORTED for s in self.sentences)

    def counts(self) -> dict[str, int]:
        """How many sentences got each verdict."""
        return {v: sum(s.verdict == v for s in self.sentences) for v in VERDICTS}


def check(
    draft: str,
    against: Story | Sequence[str | Path],
    *,
    stdin: bytes | None = None,
    cluster: str | None = None,
    split: bool | None = None,
    embeddings: bool = False,
) -> CheckResult:
    """Check every sentence of ``draft`` against a story, or against the articles at the
    paths ``against`` (read as :func:`newsdesk.summarize` reads them). ``embeddings`` lets
    sentence embeddings find support worded differently (the optional extra
    ``newsdesk[embeddings]``; :class:`MissingExtraError` without it).

    Raises :class:`InputError` for an empty or oversized draft or unusable sources."""
    story = (
        against
        if isinstance(against, Story)
        else read_story(
            list(against), stdin=stdin, cluster=cluster, config=SummaryConfig(), split=split
        )
    )
    embedder = None
    if embeddings:
        from newsdesk.embed import Embedder

        embedder = Embedder()
    prepared = prepare(story)
    return check_prepared(draft, prepared, represent(prepared), embedder=embedder)


def check_prepared(
    draft: str,
    story: Story,
    representation: Representation,
    *,
    embedder: Embedder | None = None,
) -> CheckResult:
    """:func:`check` of a cleaned and segmented story with its representation.

    The draft is cleaned as article text is (:func:`newsdesk.text.clean_text`: terminal
    control sequences, control characters and the controls of text direction removed, line
    ends made ``\\n``): sentence offsets are into the draft so cleaned."""
    if len(draft) > MAX_DRAFT_CHARS:
        raise InputError(f"the draft has {len(draft):,} characters; at most {MAX_DRAFT_CHARS:,}")
    draft = clean_text(draft)
    spans = sentence_spans(draft)
    if not spans:
        raise InputError("the draft is empty: nothing to check")
    units = support_units(representation)
    checked = tuple(
        check_sentence(
            draft[start:end], story, representation, units, start=start, embedder=embedder
        )
        for start, end in spans
    )
    return CheckResult(checked, story)


def read_draft(source: str | Path | BinaryIO) -> str:
    """The draft in the file at ``source``, or in a binary stream (standard input), as text.

    It is read as an article file is: at most :data:`MAX_DRAFT_BYTES`, whatever the file's
    size says (``/dev/zero`` ends), decoded by the readers' rules, and refused when it is
    not text (NUL bytes, no known encoding). Raises :class:`InputError` naming the real size
    of a draft over the limit (or "over N bytes" for a stream), or why it is no text."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{display_name(path)} is a folder; the draft is a text file")
        if not path.is_file():
            raise InputError(f"no such draft file: {display_name(path)}")
        with path.open("rb") as handle:
            size: int | None = os.fstat(handle.fileno()).st_size
            data = read_bounded(handle, MAX_DRAFT_BYTES)
        origin = display_name(path)
    else:
        size, origin = None, "standard input"
        data = read_bounded(source, MAX_DRAFT_BYTES)
    if len(data) > MAX_DRAFT_BYTES:
        real = f"{size:,}" if size and size > MAX_DRAFT_BYTES else f"over {MAX_DRAFT_BYTES:,}"
        raise InputError(f"the draft is {real} bytes; at most {MAX_DRAFT_CHARS:,} characters")
    decoded = decode_text(data, origin)
    if isinstance(decoded, Skipped):
        if decoded.reason == "empty":
            raise InputError("the draft is empty: nothing to check")
        raise InputError(f"the draft is not text: {decoded.reason.removesuffix(', not text')}")
    return decoded[0]


def check_sentence(
    text: str,
    story: Story,
    representation: Representation,
    units: SupportUnits,
    *,
    start: int = 0,
    embedder: Embedder | None = None,
) -> CheckedSentence:
    """The verdict on one sentence (``start``: its offset in the draft)."""
    end = start + len(text)
    stated = statement(text, representation)
    found = supporting(stated, representation, units, embedder=embedder)
    if found:
        return CheckedSentence(text, start, end, SUPPORTED, tuple(rounded(c) for c in found))
    relaxed = coverage(
        _checkable_aside(stated, representation), representation, units, strict=False
    )
    closest = sorted(np.nonzero(relaxed >= CONTRADICTION_FROM)[0], key=lambda i: (-relaxed[i], i))
    for i in closest[:CANDIDATES]:
        unit = unit_text(units, int(i), representation)
        problems = conflicts(stated, unit)
        if problems:
            cited = _citation(units, int(i), float(relaxed[i]))
            marker = f" [{story.article_number(cited.article_id)}]"
            return CheckedSentence(
                text, start, end, CONTRADICTED, (cited,), tuple(p + marker for p in problems)
            )
    strict = coverage(stated, representation, units)
    hedged = _hedged_evidence(stated, strict, units, representation)
    if hedged is not None:
        at, hedge = hedged
        cited = _citation(units, at, float(strict[at]))
        marker = f" [{story.article_number(cited.article_id)}]"
        problem = f'the sources only report it as {hedge_label(hedge)} ("{hedge}")'
        return CheckedSentence(text, start, end, PARTLY, (cited,), (problem + marker,))
    best = int(np.argmax(strict)) if len(strict) else -1
    if best >= 0 and strict[best] >= PARTLY_FROM:
        cited = _citation(units, best, float(strict[best]))
        unit = unit_text(units, best, representation)
        missing = _missing(text, unit)
        problem = (
            f"not in the sources: {', '.join(missing)}"
            if missing
            else "the closest source sentence states it only in part"
        )
        marker = f" [{story.article_number(cited.article_id)}]"
        return CheckedSentence(text, start, end, PARTLY, (cited,), (problem + marker,))
    return CheckedSentence(text, start, end, UNSUPPORTED, (), ("no source states this",))


def _checkable_aside(stated: Statement, representation: Representation) -> Statement:
    """The statement without its numbers, months, weekdays and ordinals: what the closest
    evidence must hold before a difference in those is called a contradiction."""
    by_column = representation.terms_by_column
    ids = np.array([i for i in stated.ids if not must_match(by_column[i])], dtype=int)
    unknown = tuple(t for t in stated.unknown if not must_match(t))
    return replace(stated, ids=ids, unknown=unknown)


def _hedged_evidence(
    stated: Statement, strict: np.ndarray, units: SupportUnits, representation: Representation
) -> tuple[int, str] | None:
    """The closest unit (holding at least :data:`HEDGED_FROM` of the statement, every number
    and date) that would state it but that it hedges what the statement says plainly ("is
    keen to host", "the likely venue"), with the hedge; or None."""
    closest = sorted(np.nonzero(strict >= HEDGED_FROM)[0], key=lambda i: (-strict[i], i))
    for i in closest[:CANDIDATES]:
        hedge = hedged_against(stated.text, unit_text(units, int(i), representation))
        if hedge is not None:
            return int(i), hedge
    return None


def conflicts(stated: Statement, unit: str) -> list[str]:
    """What the unit states differently from the statement, in words (empty: nothing)."""
    text = stated.text
    problems: list[str] = []
    mine = {value: (s, e) for s, e, value in number_spans(text)}
    theirs = {value: (s, e) for s, e, value in number_spans(unit)}
    # Two numbers conflict when they count the same thing: the same word follows or precedes
    # them ("1 TSA officer" / "2 TSA officers"); "76 was" and "four years ago" do not.
    pairs = [
        (ours, other)
        for ours in mine
        if ours not in theirs
        for other in theirs
        if other not in mine and _same_slot(text, mine[ours], unit, theirs[other])
    ]
    if pairs:
        ours, other = pairs[0]
        problems.append(
            f'the sources say "{_phrase(unit, *theirs[other])}", not "{_phrase(text, *mine[ours])}"'
        )
    qualified = qualifier_dropped(text, unit)
    if qualified:
        phrase, bare = qualified
        problems.append(f'the sources say "{phrase}", not "{bare}"')
    ordinal = ordinal_conflict(text, unit)
    if ordinal:
        theirs_word, mine_word = ordinal
        problems.append(f'the sources say "{theirs_word}", not "{mine_word}"')
    for table, what in ((_MONTH_TERMS, "month"), (_WEEKDAY_TERMS, "day")):
        stated_terms = {t for t in terms(text) if t in table}
        unit_terms = {t for t in terms(unit) if t in table}
        if stated_terms - unit_terms and unit_terms - stated_terms:
            said = ", ".join(sorted(table[t].title() for t in unit_terms - stated_terms))
            wrong = ", ".join(sorted(table[t].title() for t in stated_terms - unit_terms))
            problems.append(f"the sources give the {what} as {said}, not {wrong}")
    unit_prefixes = {t[:4] for t in terms(unit)}
    absent = [
        n for n in stated.names if not n.credited and not {t[:4] for t in n.terms} & unit_prefixes
    ]
    mine_prefixes = {t[:4] for t in terms(text)}
    others = [n for n in names(unit) if not n.credited and {t[:4] for t in n.terms} - mine_prefixes]
    # A name conflicts with another in the same slot: the same word before or after it
    # ("surgeon David Plurad said" / "surgeon Gerardo Hernandez said").
    swapped = [
        (name, rival)
        for name in absent
        for rival in others
        if _same_slot(
            text,
            (name.start, name.start + len(name.text)),
            unit,
            (rival.start, rival.start + len(rival.text)),
        )
    ]
    if swapped:
        name, rival = swapped[0]
        problems.append(f"the sources name {rival.text}, not {name.text}")
    negated = stated.polarity.conflicts(polarity(unit))
    if negated:
        word = _word_of(text, negated) or _word_of(unit, negated) or sorted(negated)[0]
        if negated & stated.polarity.negated:
            problems.append(f'the draft negates "{word}"; the sources state it without negation')
        else:
            problems.append(f'the sources negate "{word}"; the draft states it without negation')
    swap = swapped_roles(text, unit)
    if swap:
        first, second = swap
        problems.append(
            f"the sources give {second.text} and {first.text} the other way round "
            "(who did what to whom)"
        )
    return problems


# Words that go with a number and say nothing of what is counted ("a 20-year-old ...").
_MEASURES = frozenset(terms("year years old month months week weeks day days percent per cent"))


def _same_slot(text: str, span: tuple[int, int], unit: str, other: tuple[int, int]) -> bool:
    """Whether two numbers (or names) stand in the same place: of the content word before
    each and the two after, at least two are the same ("1 TSA officer" / "2 TSA officers";
    not "20-year-old Cobain" / "19-year-old daughter")."""

    def neighbours(source: str, start: int, end: int) -> list[str]:
        following = [t for t in terms(source[end : end + 60]) if t not in _MEASURES]
        after = [*following, "", ""][:2]
        before = terms(source[max(0, start - 40) : start])
        return [before[-1] if before else "", *after]

    pairs = zip(neighbours(text, *span), neighbours(unit, *other), strict=True)
    return sum(1 for a, b in pairs if a and a == b) >= 2


def _phrase(text: str, start: int, end: int, words: int = 2) -> str:
    """A number with the words after it ("1 TSA officer")."""
    after = text[end:].split()[:words]
    return " ".join([text[start:end], *(w.strip(",.;:\"'”)") for w in after)])


def _word_of(text: str, wanted: frozenset[str]) -> str | None:
    for word in text.split():
        stripped = word.strip(",.;:\"'“”()")
        if set(terms(stripped)) & wanted:
            return stripped
    return None


def _missing(text: str, unit: str) -> list[str]:
    """Words of the sentence whose terms the closest evidence lacks (distinct, in order)."""
    held = set(terms(unit))
    out: list[str] = []
    for word in text.split():
        stripped = word.strip(",.;:\"'“”()!?")
        word_terms = terms(stripped)
        if word_terms and not set(word_terms) <= held and stripped not in out:
            out.append(stripped)
    return out[:8]


def _citation(units: SupportUnits, i: int, support: float) -> Citation:
    article_id, index = units.owners[i]
    return Citation(article_id, index, round(support, 4), int(units.widths[i]))


__all__ = [
    "CONTRADICTED",
    "PARTLY",
    "SUPPORTED",
    "UNSUPPORTED",
    "VERDICTS",
    "CheckResult",
    "CheckedSentence",
    "check",
    "check_prepared",
    "check_sentence",
    "conflicts",
]
