"""Checkable content of a sentence: numbers, names, negation and who-did-what order.

Word overlap says whether two texts talk about the same thing; these say whether they state
it the same way. :mod:`newsdesk.attribute` uses them to refuse support from a unit that
shares the words but not the facts, and :mod:`newsdesk.check` to say in words what differs.
The tests are deliberately narrow (precision first, in the spirit of the slot comparison of
:mod:`newsdesk.compare.differences`): a name is a run of capitalised words, negation is a
cue and the content word after it in the same clause (NegEx, Chapman et al. 2001, reduced to
a window of one content word), a role swap is two names that trade places around a word
both texts share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsdesk.represent import term_of, terms

# Spelled numbers compared as digits ("two officers" and "2 officers" state the same count).
NUMBER_WORDS = {
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
    "dozen": "12",
}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|\d+(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,;:.!?()\"\u201c\u201d]")
_CLAUSE_END = frozenset(',;:.!?()"\u201c\u201d')
# Negation cues: grammatical ones, and the verbs that negate the verb they govern ("declined to
# confirm" is "did not confirm"); "deny" is left out (it takes a clause or an object whose own
# polarity we do not parse).
_NEGATION = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor"})
_NEGATION_PHRASES = frozenset({"without", "cannot", "declined", "refused", "failed"})
# Any text that may hold a negation cue matches this (a quick test before :func:`polarity`).
NEGATION_CUE = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|declined|refused|"
    r"failed|yet)\b|n't|n’t"
)
_SCOPE_SKIP = frozenset(terms("even ever really necessarily always actually quite"))
NEGATION_SCOPE = 1  # content terms after a cue that it negates ("not guilty to four counts")
ROLE_WINDOW = 5  # words between two names whose order is compared
# A capitalised run: words starting with a capital, joined by spaces, hyphens or "of".
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|van|von|bin|al)\s+)?[A-Z][\w'’.-]*)*")
# Capitalised words that are not names (sentence openers, titles, months are handled apart).
_NOT_NAMES = frozenset(
    terms(
        "president chairman leader minister secretary officials official senator governor "
        "mayor judge police chief director spokesman spokeswoman prime general sir lady lord "
        "king queen prince princess pope dr mrs mr ms rep sen gov gen col lt sgt capt "
        "january february march april may june july august september october november "
        "december monday tuesday wednesday thursday friday saturday sunday "
        "today yesterday tomorrow tonight however meanwhile after before but and or while "
        "when where why how what who this that these those there here it its his her their "
        "our we they he she you i a an the in on at for from by with as if so then also "
        "still yet according north south east west new"
    )
)


def numbers(text: str) -> frozenset[str]:
    """The numbers a text states, as digits without separators ("1,200" -> "1200")."""
    found = {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}
    found |= {NUMBER_WORDS[w] for w in _WORD.findall(text.lower()) if w in NUMBER_WORDS}
    return frozenset(found)


def number_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each number of a text, digits and spelled."""
    for m in _NUMBER.finditer(text):
        yield m.start(), m.end(), m.group(0).replace(",", "")
    for m in _WORD.finditer(text):
        value = NUMBER_WORDS.get(m.group(0).lower())
        if value:
            yield m.start(), m.end(), value


@dataclass(frozen=True)
class Name:
    """A run of capitalised words and its stemmed terms (any one of which names it)."""

    text: str
    start: int
    terms: frozenset[str]
    credited: bool = False  # a speaker credited with the words ("..., Smith said")


# A news outlet credited for the story ("CNN reports", "according to the Post", "tells the
# Chronicle", "per MarketWatch") is an attribution, not a name the statement is about:
# summaries credit outlets the articles never name. A speaker ("Payes says") is content (who
# said it), but summaries often name speakers differently ("an LAX employee says"), so a
# speaker is marked ``credited`` and :mod:`newsdesk.check` does not call a different speaker a
# contradiction (it still keeps the sentence from being supported).
_OUTLET_AFTER = re.compile(r"[’']?s?\s+(?:reports|reported|recounts|notes|finds)\b")
_OUTLET_BEFORE = re.compile(
    r"(?:according to|\bper|\breports?|\btells?|\btold|\bwrites? (?:at|in|for))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    r"[’']?s?,?\s+(?:says|said|tells|told|tweeted|writes|wrote|adds|added)\b"
)
_SPEAKER_BEFORE = re.compile(r"(?:\bsays|\bsaid|\bwrites|\bwrote)\s+$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 14)  # a sentence is read once per brief
def names(text: str) -> tuple[Name, ...]:
    """Names in a text: runs of capitalised words, less titles, openers, months, weekdays and
    the outlets a story is credited to (speakers are kept, marked ``credited``).

    A single capitalised word that opens the text is not taken (it may be capitalised only
    because it opens the sentence)."""
    found = []
    for match in _CAPITALISED.finditer(text):
        run = match.group(0).rstrip(".'’-")
        opening = not text[: match.start()].strip(" \"'“‘([")
        if opening and " " not in run:
            continue
        end = match.start() + len(run)
        before = text[max(0, match.start() - 20) : match.start()]
        if _OUTLET_AFTER.match(text, end) or _OUTLET_BEFORE.search(before):
            continue  # "..., CNN reports": who told it, not what is told
        credited = bool(_SPEAKER_AFTER.match(text, end) or _SPEAKER_BEFORE.search(before))
        name_terms = frozenset(t for t in terms(run) if t not in _NOT_NAMES and not t.isdigit())
        if name_terms:
            found.append(Name(run, match.start(), name_terms, credited))
    return tuple(found)


@dataclass(frozen=True)
class Polarity:
    """The content terms a text states under a negation cue, and those it states plainly."""

    negated: frozenset[str]
    plain: frozenset[str]

    def conflicts(self, other: Polarity) -> frozenset[str]:
        """Terms one text negates that the other states only plainly."""
        return (self.negated & (other.plain - other.negated)) | (
            other.negated & (self.plain - self.negated)
        )


@functools.lru_cache(maxsize=1 << 14)  # a sentence is read once per brief
def polarity(text: str) -> Polarity:
    """Which content terms fall within :data:`NEGATION_SCOPE` content terms after a cue
    ("not", "n't", "never", "no", "without", ...) in the same clause."""
    negated: set[str] = set()
    plain: set[str] = set()
    scope = 0
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    pending = False  # a cue whose scope has not reached a content word yet
    for i, token in enumerate(tokens):
        if token in _CLAUSE_END:
            scope = 0
            pending = False
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        later = tokens[i + 2] if i + 2 < len(tokens) else ""
        cue = token in _NEGATION or token.endswith("n't")
        # "declined to confirm", "failed to link"; not "declined by 50 percent".
        cue = cue or (token in _NEGATION_PHRASES and (after == "to" or token != "declined"))
        # Not negations: "with or without a ceasefire" (either way), "not even five months"
        # (a degree); a negation without a cue word: "has yet to be identified".
        if token == "without" and before == "or":
            cue = False
        if token == "not" and after == "even" and (later.isdigit() or later in NUMBER_WORDS):
            cue = False
        if token == "yet" and after == "to":
            cue = True
        if cue:
            # A cue inside another's scope cancels it: "not failed to link" states the link.
            scope = 0 if scope and pending else NEGATION_SCOPE
            pending = scope > 0
            continue
        term = [found] if (found := term_of(token)) else []  # terms(token), not searched again
        if not term:
            continue
        if scope and term[0] in _SCOPE_SKIP:
            continue  # "has not even been photographed": the negation is of what follows
        pending = False
        if scope:
            negated.add(term[0])
            scope -= 1
        else:
            plain.add(term[0])
    return Polarity(frozenset(negated), frozenset(plain))


# A word that may be the verb between a subject and an object ("dismissed", "sues"); without
# one, two names side by side are an apposition, whose order means nothing.
_VERB_LIKE = re.compile(r"\b(?!(?:is|was|has|his|its|this|us)\b)[a-z]+(?:ed|es|s)\b")


def swapped_roles(statement: str, unit: str) -> tuple[Name, Name] | None:
    """Two names of ``statement`` that ``unit`` gives in the opposite order around a content
    word both put between them ("Smith sued Jones" against "Jones sued Smith"), or None.

    Passives ("by") and symmetric links ("and", "with", "met") are not swaps."""
    stated = names(statement)
    if len(stated) < 2:
        return None
    unit_terms = terms(unit)
    positions = {t: [i for i, u in enumerate(unit_terms) if u == t] for t in set(unit_terms)}
    lowered = statement.lower()
    for i, first in enumerate(stated):
        for second in stated[i + 1 :]:
            if first.terms & second.terms:
                continue
            between = lowered[first.start + len(first.text) : second.start]
            if len(between.split()) > ROLE_WINDOW:
                continue  # who did what to whom is said close by; far apart, order means little
            if re.search(r"\b(?:by|and|with|met|meet|meets|meeting|vs|versus|or)\b", between):
                continue
            if not _VERB_LIKE.search(between):
                continue  # "Rice University history professor Douglas Brinkley": no verb
            middle = set(terms(between))
            a = [p for t in first.terms for p in positions.get(t, [])]
            b = [p for t in second.terms for p in positions.get(t, [])]
            if not a or not b or min(a) <= max(b):
                continue
            unit_between = unit_terms[max(b) + 1 : min(a)]
            if len(unit_between) > ROLE_WINDOW:
                continue
            if middle & set(unit_between) and "by" not in unit.lower().split():
                return first, second
    return None


# Ordinals, compared as their position ("third" and "3rd" are one value); a conflict is two
# ordinals before the same word ("second summit" / "third summit").
ORDINAL_WORDS = {
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "sixth": "6",
    "seventh": "7",
    "eighth": "8",
    "ninth": "9",
    "tenth": "10",
}
ORDINAL = re.compile(
    r"\b(?:(\d+)(?:st|nd|rd|th)|(" + "|".join(ORDINAL_WORDS) + r"))\b", re.IGNORECASE
)


def ordinal_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, position) of each ordinal of a text, spelled ("third") or not ("3rd")."""
    for m in ORDINAL.finditer(text):
        if m.group(1):
            yield m.start(), m.end(), m.group(1)
        elif (value := ORDINAL_WORDS.get(m.group(2).lower())) is not None:
            yield m.start(), m.end(), value


def ordinal_conflict(statement: str, unit: str) -> tuple[str, str] | None:
    """An ordinal of ``statement`` that ``unit`` gives as another before the same word
    ("their third summit" / "a second summit"): (the unit's ordinal, the statement's), or
    None. An ordinal the unit also gives before that word is no conflict, whatever else it
    gives ("the second summit, after the first summit")."""
    theirs: dict[str, list[tuple[str, str]]] = {}
    for start, end, value in ordinal_spans(unit):
        following = terms(unit[end : end + 40])[:1]
        if following:
            theirs.setdefault(following[0], []).append((value, unit[start:end]))
    for start, end, value in ordinal_spans(statement):
        following = terms(statement[end : end + 40])[:1]
        given = theirs.get(following[0], []) if following else []
        if given and all(other != value for other, _ in given):
            return given[0][1], statement[start:end]
    return None


# Hedges: words by which a report gives a fact as likely, planned, wished or said by others
# rather than as a fact ("likely venue", "is keen to host", "reportedly planning"). Evidence
# that hedges what a statement states plainly does not support it (modality, in the sense of
# the FactBank annotation of event factuality: Saurí & Pustejovsky 2009). Phrases are matched
# on lower-cased words, so the test works on lower-cased text too.
HEDGE_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        "likely unlikely reportedly possibly probably perhaps maybe may might could "
        "allegedly purportedly apparently potential possible possibility proposed rumored "
        "rumoured expected considering considered hopes hoping planned planning plans "
        "plan intends intended aims seeks wants feared",
    )
)
HEDGE_PHRASES = (
    "keen to",
    "eager to",
    "in talks",
    "set to",
    "is said to",
    "are said to",
    "was said to",
    "could be",
    "believed to",
    "thought to",
    "tipped to",
    "in line to",
    "in the running",
    "under consideration",
    "being considered",
    "front-runner",
    "frontrunner",
)
_HEDGE_LABEL = {
    "likely": "likely",
    "unlikely": "unlikely",
    "reportedly": "reported",
    "allegedly": "alleged",
    "purportedly": "alleged",
    "rumored": "rumoured",
    "rumoured": "rumoured",
}


def hedges(text: str) -> tuple[str, ...]:
    """The hedge words and phrases of a text, lower-cased, in order of appearance."""
    return tuple(hedge for hedge, _ in _hedge_positions(_words(text)[0]))


HEDGE_WINDOW = 6  # words between a hedge and a word of the statement it qualifies


def hedged_against(statement: str, unit: str) -> str | None:
    """A hedge of ``unit`` that ``statement`` drops: the statement gives as a fact what the
    unit only reports as likely, planned, wished or alleged ("Trump will meet Kim in Hanoi"
    / "Hanoi was keen to host", "the likely venue"). Only hedges within
    :data:`HEDGE_WINDOW` words of a word of the statement, in the same clause, count (they
    qualify what both say, not something else the unit says); the statement drops one when
    it has fewer hedges than those (any hedge for any: "could" for "likely" is still a
    hedge). The first of the unit's hedges the statement lacks, or None."""
    words, clauses, found = _hedge_spots(unit)
    if not found:
        return None
    stated = set(terms(statement))
    shared = [i for i, word in enumerate(words) if (term := terms(word)) and term[0] in stated]
    near = [
        hedge
        for hedge, at in found
        if any(abs(i - at) <= HEDGE_WINDOW and clauses[i] == clauses[at] for i in shared)
    ]
    mine = hedges(statement)
    if len(mine) >= len(near):
        return None
    return next((h for h in near if h not in mine), near[0])


@functools.lru_cache(maxsize=4096)
def _hedge_spots(text: str) -> tuple[list[str], list[int], list[tuple[str, int]]]:
    """The words of a text, the clause of each and its hedges (kept: a unit is asked about
    many statements)."""
    words, clauses = _words(text, clauses=True)
    return words, clauses, _hedge_positions(words)


def hedged_at(text: str, start: int, end: int) -> str | None:
    """A hedge qualifying the words at ``text[start:end]`` (within :data:`HEDGE_WINDOW`
    words, in the same clause: "likely venue", "Hanoi was keen to host"), or None."""
    if not HEDGE_CUE.search(text.lower()):
        return None
    before, _ = _words(text[:start], clauses=True)
    words, clauses = _words(text, clauses=True)
    first = len(before)
    last = first + max(len(_words(text[start:end])[0]), 1) - 1
    for hedge, at in _hedge_positions(words):
        near = min(abs(at - first), abs(at - last)) <= HEDGE_WINDOW
        if near and clauses[at] == clauses[min(first, len(clauses) - 1)]:
            return hedge
    return None


_CLAUSE_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z]+)?|[,;:.!?()\u2014\u2013\"]")


def _words(text: str, clauses: bool = False) -> tuple[list[str], list[int]]:
    """The lower-cased words of a text and, with ``clauses``, the number of each one's
    clause (punctuation separates clauses)."""
    words: list[str] = []
    clause_of: list[int] = []
    clause = 0
    for token in _CLAUSE_WORD.findall(text.lower().replace("\u2019", "'")):
        if token[0].isalnum():
            words.append(token)
            clause_of.append(clause)
        elif clauses:
            clause += 1
    return words, clause_of


HEDGE_CUE = re.compile(
    r"\b(?:" + "|".join(sorted(HEDGE_WORDS | {p.split()[0] for p in HEDGE_PHRASES})) + r")\b"
)


def _hedge_positions(words: list[str]) -> list[tuple[str, int]]:
    """(hedge, index of its first word) of each hedge word and phrase among ``words``."""
    if not HEDGE_CUE.search(" ".join(words)):
        return []
    found = [(w, i) for i, w in enumerate(words) if w in HEDGE_WORDS]
    firsts = {phrase.split()[0] for phrase in HEDGE_PHRASES}
    for i, word in enumerate(words):
        if word in firsts:
            for phrase in HEDGE_PHRASES:
                parts = phrase.split()
                if words[i : i + len(parts)] == parts:
                    found.append((phrase, i))
    return sorted(found, key=lambda f: f[1])


def hedge_label(hedge: str) -> str:
    """How a report words a hedge, for a reader ("likely", "reported", "planned")."""
    if hedge in _HEDGE_LABEL:
        return _HEDGE_LABEL[hedge]
    if hedge.startswith("plan") or hedge in ("intends", "intended", "aims", "set to"):
        return "planned"
    if hedge in ("keen to", "eager to", "hopes", "hoping", "wants", "seeks"):
        return "wished"
    return "likely"


# Qualifiers of a number: a unit saying "more than 100" does not support "100", nor "almost
# £14m" "£14m" (a dropped qualifier turns an estimate or a bound into an exact figure).
_QUALIFIED = re.compile(
    r"\b(almost|nearly|about|around|roughly|approximately|more than|over|at least|"
    r"up to|less than|fewer than|under|some|as many as|as much as|close to)\s+"
    r"([$£€]?\s?\d[\d,.]*|(?:" + "|".join(NUMBER_WORDS) + r")\b)",
    re.IGNORECASE,
)


def qualifier_dropped(statement: str, unit: str) -> tuple[str, str] | None:
    """A number ``unit`` gives with a qualifier ("more than 100", "almost 14") that
    ``statement`` gives bare: (the unit's phrase, the statement's number), or None. A
    statement qualifying the number in any way ("over 100" for "more than 100") is left
    alone."""
    stated = {value: (start, end) for start, end, value in number_spans(statement)}
    for match in _QUALIFIED.finditer(unit):
        value = next(iter(numbers(match.group(2))), None)
        if value is None or value not in stated:
            continue
        start, end = stated[value]
        before = statement[max(0, start - 20) : start]
        if not _QUALIFIED.search(before + statement[start:end]):
            return match.group(0), statement[start:end]
    return None


# Quantifiers: "most of those at the dance" is not "many of the victims".
QUANTIFIERS = frozenset(
    ["all", "every", "most", "many", "some", "several", "few", "half", "none", "majority"]
)
QUANTIFIER_CUE = re.compile(r"\b(?:" + "|".join(sorted(QUANTIFIERS)) + r")\b")


def quantifier_differs(statement: str, unit: str) -> tuple[str, str] | None:
    """A quantifier of ``statement`` ("most", "all") that ``unit`` replaces by another
    ("many", "some"): (the unit's, the statement's), or None when the unit gives the
    statement's quantifiers or none at all."""
    mine = [w for w in re.findall(r"[a-z]+", statement.lower()) if w in QUANTIFIERS]
    theirs = [w for w in re.findall(r"[a-z]+", unit.lower()) if w in QUANTIFIERS]
    missing = [w for w in mine if w not in theirs]
    others = [w for w in theirs if w not in mine]
    if missing and others:
        return others[0], missing[0]
    return None
