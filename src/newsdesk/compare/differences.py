"""Differences: the same slot filled differently by different sources.

Precision comes first: a difference is reported only for slots whose values can be read
without guessing what an article meant.

- **Venue**: a place a sentence gives as where an event is held ("venue", "location",
  "host", "take place in"). A place governed by "between", "with", "from", ... is a party,
  not a venue; a negated one ("would not be Singapore") is left out; a country is left out
  when a city of it is a value, since the two do not disagree. Candidates are not venues: a
  sentence naming several ("Bangkok, Hanoi and Hawaii have been visited by scouting teams"),
  one that adds one ("Ho Chi Minh City has also been mentioned") and a hedged report ("the
  likely venue", "the venue could be Da Nang", "hosting it in Hanoi would ...": any hedge of
  :func:`newsdesk.content.hedges`, or a conditional) give none.
- **Count**: a number tied to what it counts ("12 people were killed", "killing at least 12",
  "death toll rose to 12"), keyed by the outcome and the noun counted.
- **Age**: "Name, 45," keyed by the person's surname.
- **Speaker**: the same quote attributed to different people.

A count or age given under a hedge ("may have killed 12") is left out too. A slot in which
one article itself gives two values (a death toll for one town and for the
region, say) is dropped: the values may count different things. A slot is a difference when
it has two or more values and the sources do not all name the same ones.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from newsdesk.compare.facts import PERSON, PLACE, QUOTE, classify, lookup_place, place_key
from newsdesk.content import hedged_at, hedges
from newsdesk.represent import terms
from newsdesk.types import Citation, Claim, Difference, Fact, Sentence, SlotValue, Story

VENUE, COUNT, AGE, SPEAKER = "venue", "count", "age", "speaker"

_VENUE_CUE = re.compile(
    r"\b(?:venues?|locations?|host(?:s|ed|ing)?|take\s+place\s+in|(?:be|been|being)\s+"
    r"held\s+in|to\s+hold\s+the\s+\w+\s+in)\b",
    re.IGNORECASE,
)
# A planned event tied to a place: "going to Vietnam for the next summit", "the next summit in
# Hanoi". A weaker cue than "venue", so the place must sit right by the event's name.
_PLANNED = (
    r"(?:next|second|planned|upcoming|potential|possible|proposed)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:summit|meeting|talks|conference|match|game|tournament|election|ceremony|rally)"
)
_PLANNED_EVENT = re.compile(rf"\b{_PLANNED}\b", re.IGNORECASE)
_PLANNED_BEFORE_PLACE = re.compile(rf"\b{_PLANNED}\s+(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_TO_PLACE = re.compile(r"\b(?:in|to|at)\s+(?:the\s+)?$", re.IGNORECASE)
_PLANNED_AFTER_PLACE = re.compile(rf"^\s+for\s+(?:the|a|an)\s+{_PLANNED}\b", re.IGNORECASE)
_CALLED_OFF = re.compile(r"\b(?:cancell?ed|called\s+off|scrapped|postponed)\b", re.IGNORECASE)
_VENUE_WORD = re.compile(r"\bvenues?\b", re.IGNORECASE)  # needs no event named beside it
_CONTINUATION = re.compile(
    r"\balso\s+(?:been\s+)?(?:mentioned|considered|discussed|touted|floated|named|suggested)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|rather\s+than|instead\s+of)\b|n't\b", re.IGNORECASE)
# A venue supposed, not stated: "hosting the summit in Hanoi would send the wrong message".
_CONDITIONAL = re.compile(r"\b(?:would|if|whether|should)\b", re.IGNORECASE)
_PARTY_BEFORE = frozenset(["between", "with", "from", "against", "versus", "than", "by", "and"])
# A country is a venue only where the sentence puts something in it ("in Vietnam", "could be
# Vietnam"), not where it names a party or qualifies a noun ("US officials").
_COUNTRY_VENUE_BEFORE = frozenset(["in", "to", "at", "be", "is", "was", "visit", "visiting"])
_AFTER_A_PLACE = frozenset(
    [
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "to",
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "would",
        "will",
        "could",
        "might",
        "may",
        "should",
        "be",
        "been",
        "as",
        "with",
        "which",
        "where",
        "who",
        "that",
        "but",
        "if",
        "remains",
        "seems",
        "also",
    ]
)
_LIST_GAP = re.compile(r"^(?:\s*,\s*|\s+(?:and|or)\s+|\s*,\s*(?:and|or)\s+)$")
_EVENT_NOUNS = [
    "summit",
    "meeting",
    "talks",
    "conference",
    "match",
    "game",
    "tournament",
    "olympics",
    "election",
    "trial",
    "hearing",
    "ceremony",
    "funeral",
    "rally",
    "concert",
    "festival",
    "negotiations",
    "convention",
]

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
# "one" is left out: "no one was hurt". A number glued to a hyphen is a model ("767-300").
_NUM = (
    r"(?<![\w-])(?:\d{1,3}(?:,\d{3})+|\d+|"
    + "|".join(w for w in _NUMBER_WORDS if w not in {"zero", "one"})
    + r")"
)
_QUALIFIER = r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to)\s+)"
_OUTCOMES = {
    "killed": "killed", "dead": "killed", "died": "killed", "killing": "killed",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "injuring": "injured",
    "wounding": "injured", "missing": "missing", "arrested": "arrested", "detained": "arrested",
    "arresting": "arrested", "evacuated": "evacuated", "rescued": "rescued",
    "hospitalized": "hospitalised", "hospitalised": "hospitalised", "displaced": "displaced",
}  # fmt: skip
_ACTIVE = {"killing", "injuring", "wounding", "arresting"}  # "killing 12", not "12 killing"
_OUTCOME = "(?P<outcome>" + "|".join(_OUTCOMES) + ")"
_PASSIVE_OUTCOME = "(?P<outcome>" + "|".join(set(_OUTCOMES) - _ACTIVE) + ")"
_COUNTED = (
    r"(?P<noun>people|persons|others|civilians|children|students|soldiers|officers|"
    r"passengers|workers|migrants|protesters|police\s+officers|firefighters|residents|"
    r"victims|men|women|troops)"
)
_COUNT_PATTERNS = (
    re.compile(
        rf"\b(?P<qual>{_QUALIFIER})?(?P<num>{_NUM})\s+(?:{_COUNTED}\s+)?"
        rf"(?:(?:were|was|have\s+been|had\s+been|are|is|being)\s+)?{_PASSIVE_OUTCOME}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_OUTCOME}\s+(?P<qual>{_QUALIFIER})?(?P<num>{_NUM})\s+{_COUNTED}\b", re.IGNORECASE
    ),
    re.compile(
        rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at|is|was|stood\s+at)\s+"
        rf"(?P<qual>{_QUALIFIER})?(?P<num>{_NUM})\b(?P<outcome>)(?P<noun>)",
        re.IGNORECASE,
    ),
)
MIN_SHARED_CONTEXT = 3
MAX_RATIO = 1.5
_COUNT_TERMS = frozenset(
    terms(" ".join([*_OUTCOMES, *_NUMBER_WORDS, "people death deaths toll injuries"]))
)
_AGE = re.compile(r"\b(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3}),\s+(?P<age>\d{1,3}),")


@dataclass(frozen=True)
class _Reading:
    """One article filling one slot: the slot key, its label, the value and where."""

    kind: str
    key: str
    slot: str
    value: str
    number: str  # what makes two values the same (a place key, a count)
    article_id: str
    index: int


def compare_slots(
    story: Story, facts: Sequence[Fact]
) -> tuple[tuple[Difference, ...], tuple[Claim, ...]]:
    """Every slot the sources fill differently, in order of kind, then slot name; and every
    slot value that more than half of the articles (at least two) agree on."""
    readings = [
        *_venues(story, facts),
        *_counts(story.sentences),
        *_ages(story),
        *_speakers(facts),
    ]
    by_slot: dict[tuple[str, str], list[_Reading]] = defaultdict(list)
    for reading in readings:
        by_slot[(reading.kind, reading.key)].append(reading)
    differences = []
    agreed: list[Claim] = []
    for (kind, _), slot_readings in sorted(by_slot.items()):
        compared = _without_containing_countries(slot_readings) if kind == VENUE else slot_readings
        difference = _difference(story, kind, compared)
        shown = {v.value for v in difference.values} if difference else set()
        agreed += _agreed(story, slot_readings, shown)
        if difference is not None:
            differences.append(difference)
    return tuple(differences), tuple(agreed)


def _agreed(story: Story, readings: list[_Reading], in_difference: set[str]) -> Iterator[Claim]:
    """Values most articles give, unless a difference of the slot already shows them."""
    values: dict[str, list[_Reading]] = defaultdict(list)
    for reading in readings:
        values[reading.number].append(reading)
    for group in values.values():
        value = _slot_value(story, group)
        if (
            value.value in in_difference
            or len(value.evidence) < 2
            or 2 * len(value.evidence) <= len(story.articles)
        ):
            continue
        shown = next((c for c in value.evidence if not story.article(c.article_id).degraded), None)
        if shown is None:
            continue
        # The claim is the agreed value, not one sentence: a sentence shown here would carry
        # the citations of the slot, not those the support test gives it in a brief.
        evidence = (shown, *(c for c in value.evidence if c != shown))
        yield Claim(value.value, evidence, about=group[0].slot)


def _difference(story: Story, kind: str, readings: list[_Reading]) -> Difference | None:
    values: dict[str, list[_Reading]] = defaultdict(list)
    for reading in readings:
        values[reading.number].append(reading)
    if len(values) < 2:
        return None
    if kind != VENUE:
        per_article: dict[str, set[str]] = defaultdict(set)
        for reading in readings:
            per_article[reading.article_id].add(reading.number)
        if any(len(numbers) > 1 for numbers in per_article.values()):
            return None  # one article gives two values: they may count different things
    article_sets = {frozenset(r.article_id for r in group) for group in values.values()}
    if len(article_sets) == 1:
        return None  # every source names every value: they agree
    if kind == COUNT:
        values = _linked(story, values)
        if len(values) < 2:
            return None
    slot_values = [_slot_value(story, group) for group in values.values()]
    slot_values.sort(key=lambda v: (-len(v.evidence), v.value))
    return Difference(kind, readings[0].slot, tuple(slot_values))


def _linked(story: Story, values: dict[str, list[_Reading]]) -> dict[str, list[_Reading]]:
    """The counts that another count contradicts: one within a factor of :data:`MAX_RATIO`,
    given in a sentence sharing :data:`MIN_SHARED_CONTEXT` content terms besides the count.

    Stories that run for weeks report many tolls ("11 killed in Tanzania", "250 in all", "7
    arrested here"); those are far apart or told in other words, and are not differences.
    """
    context = {
        number: [_context_terms(story.sentence(r.article_id, r.index).text) for r in group]
        for number, group in values.items()
    }
    kept = set()
    for first in values:
        for second in values:
            low, high = sorted((int(first), int(second)))
            if first == second or high > MAX_RATIO * low:
                continue
            if any(
                len(a & b) >= MIN_SHARED_CONTEXT for a in context[first] for b in context[second]
            ):
                kept |= {first, second}
    return {number: group for number, group in values.items() if number in kept}


def _context_terms(text: str) -> set[str]:
    return {t for t in terms(text) if not t.isdigit()} - _COUNT_TERMS


def _slot_value(story: Story, group: list[_Reading]) -> SlotValue:
    """A value, under its most common spelling, with each article's first sentence for it."""
    labels = Counter(r.value for r in group)
    label = min(labels, key=lambda v: (-labels[v], v))
    first: dict[str, _Reading] = {}
    for reading in group:
        first.setdefault(reading.article_id, reading)
    evidence = tuple(
        Citation(r.article_id, r.index, 1.0)
        for r in sorted(first.values(), key=lambda r: story.article_number(r.article_id))
    )
    return SlotValue(label, evidence)


def _venues(story: Story, facts: Sequence[Fact]) -> list[_Reading]:
    places: dict[tuple[str, int], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.kind == PLACE:
            places[(fact.article_id, fact.index)].append(fact)
    events: Counter[str] = Counter()
    readings: list[_Reading] = []
    previous_cued: tuple[str, int] | None = None
    for sentence in story.sentences:
        if story.article(sentence.article_id).degraded:
            continue
        cued = bool(_VENUE_CUE.search(sentence.text))
        continued = previous_cued == (sentence.article_id, sentence.index - 1) and bool(
            _CONTINUATION.search(sentence.text)
        )
        planned = (
            not cued
            and bool(_PLANNED_EVENT.search(sentence.text))
            and not _CALLED_OFF.search(sentence.text)
        )
        previous_cued = sentence.key if cued else None
        named = [w for w in re.findall(r"[a-z]+", sentence.text.lower()) if w in _EVENT_NOUNS]
        explicit = bool(_VENUE_WORD.search(sentence.text))
        if not (cued or continued or planned) or not (named or continued or explicit):
            continue  # a venue is the venue of a named kind of event
        events.update(named)
        found = list(_venue_places(sentence, places.get(sentence.key, []), planned))
        if continued or len(found) > 1:
            continue  # candidates ("Bangkok, Hanoi and Hawaii have been visited"), not a venue
        if hedges(sentence.text) or _CONDITIONAL.search(sentence.text):
            continue  # "the venue could be Da Nang", "hosting it in Hanoi would": not a venue
        for fact in found:
            # The gazetteer's name where it is plain ("Da Nang" for "Danang"), else the text's.
            label = fact.value if fact.value.isascii() else fact.text
            readings.append(
                _Reading(VENUE, "", "", label, place_key(fact.value), fact.article_id,
                         fact.index)
            )  # fmt: skip
    readings += _degraded_venues(story, {r.number: r.value for r in readings})
    if not events:
        return []
    event = min(events, key=lambda e: (-events[e], e))
    slot = f"venue of the {event}"
    return [_Reading(VENUE, slot, slot, r.value, r.number, r.article_id, r.index) for r in readings]


def _venue_places(sentence: Sentence, places: list[Fact], planned: bool) -> Iterator[Fact]:
    """The places of a venue sentence that are offered as venues (see the module docstring)."""
    head_context = ""
    previous_end: int | None = None
    for fact in places:
        start = fact.start - sentence.start
        gap = sentence.text[previous_end:start] if previous_end is not None else None
        if gap is None or not _LIST_GAP.match(gap):
            head_context = sentence.text[:start]  # a new list: its own context decides
        previous_end = fact.end - sentence.start
        words = [w for w in re.findall(r"[\w']+", head_context.lower()) if w != "the"]
        before = words[-1] if words else ""
        if before in _PARTY_BEFORE or (planned and not _by_planned_event(sentence, fact)):
            continue
        place = lookup_place(fact.value)
        if place and place.is_country and before not in _COUNTRY_VENUE_BEFORE:
            continue
        following = re.match(r"\s+([a-z]+)", sentence.text[fact.end - sentence.start :])
        if following and following.group(1) not in _AFTER_A_PLACE:
            continue  # "the Kyoto protocol", "Gaza airport": the place qualifies a noun
        if _NEGATION.search(" ".join(words[-5:])):
            continue
        yield fact


def _by_planned_event(sentence: Sentence, fact: Fact) -> bool:
    """Whether a place sits right by a planned event's name (see :data:`_PLANNED`)."""
    before = sentence.text[: fact.start - sentence.start]
    after = sentence.text[fact.end - sentence.start :]
    return bool(
        _PLANNED_BEFORE_PLACE.search(before)
        or (_TO_PLACE.search(before) and _PLANNED_AFTER_PLACE.match(after))
    )


def _degraded_venues(story: Story, known: dict[str, str]) -> Iterator[_Reading]:
    """Known venues named in a venue passage of a degraded article (its words, not quoted)."""
    seen: set[tuple[str, str]] = set()
    for sentence in story.sentences:
        if not story.article(sentence.article_id).degraded:
            continue
        if not _VENUE_CUE.search(sentence.text):
            continue
        words = re.findall(r"[a-z]+", sentence.text.lower())
        if hedges(sentence.text):
            continue  # "the likely venue", "keen to host": a hedged report is no difference
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                key = "".join(words[i : i + size])
                if key not in known or (sentence.article_id, key) in seen:
                    continue
                if _NEGATION.search(" ".join(words[max(0, i - 5) : i])):
                    continue
                seen.add((sentence.article_id, key))
                yield _Reading(VENUE, "", "", known[key], key, sentence.article_id, sentence.index)


def _without_containing_countries(readings: list[_Reading]) -> list[_Reading]:
    places = {r.number: lookup_place(r.value) for r in readings}
    with_a_city = {p.country for p in places.values() if p and not p.is_country}
    return [
        r
        for r in readings
        if not ((place := places[r.number]) and place.is_country and place.country in with_a_city)
    ]


def _counts(sentences: Iterable[Sentence]) -> Iterator[_Reading]:
    for sentence in sentences:
        seen: set[int] = set()
        for pattern in _COUNT_PATTERNS:
            for match in pattern.finditer(sentence.text):
                if match.start("num") in seen:
                    continue
                seen.add(match.start("num"))
                if hedged_at(sentence.text, match.start("num"), match.end("num")):
                    continue  # "may have killed 12": a hedged report is no difference
                number = _number(match.group("num"))
                outcome = _OUTCOMES.get((match.group("outcome") or "").lower(), "killed")
                noun = re.sub(r"\s+", " ", (match.group("noun") or "people").lower())
                if noun in {"persons", "others"}:
                    noun = "people"
                qualifier = re.sub(r"\s+", " ", (match.group("qual") or "").lower())
                slot = f"number of {noun} {outcome}"
                yield _Reading(
                    COUNT, slot, slot, f"{qualifier}{number}", str(number),
                    sentence.article_id, sentence.index,
                )  # fmt: skip


def _number(text: str) -> int:
    text = text.lower().replace(",", "")
    return _NUMBER_WORDS[text] if text in _NUMBER_WORDS else int(text)


def _ages(story: Story) -> Iterator[_Reading]:
    for sentence in story.sentences:
        if story.article(sentence.article_id).degraded:
            continue
        for match in _AGE.finditer(sentence.text):
            name = match.group("name")
            if classify(name) != PERSON:
                continue
            surname = name.split()[-1]
            slot = f"age of {surname}"
            yield _Reading(
                AGE, surname.lower(), slot, match.group("age"), match.group("age"),
                sentence.article_id, sentence.index,
            )  # fmt: skip


def _speakers(facts: Sequence[Fact]) -> Iterator[_Reading]:
    for fact in facts:
        speaker = fact.detail.get("speaker", "") if fact.kind == QUOTE else ""
        if not speaker or classify(speaker) != PERSON:
            continue
        words = re.findall(r"[a-z0-9]+", fact.value.lower())
        slot = f"speaker of \u201c{fact.value}\u201d"
        surname = speaker.split()[-1]
        yield _Reading(
            SPEAKER, " ".join(words), slot, speaker, surname.lower(),
            fact.article_id, fact.index,
        )  # fmt: skip
