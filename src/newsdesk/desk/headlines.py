"""A story's headline: what its first article is called, as a person would write it.

The article's title when it has one that is not a date line; else its first presentable
sentence (see :mod:`newsdesk.segment`: never a caption, byline, date line or fragment) of its
cleaned text (captions and promos removed by :mod:`newsdesk.clean`); else its first line that
is not a date line. A headline longer than :data:`HEADLINE_CHARS` is cut at a clause or a word
boundary, never inside a name (a run of capitalised words), and ends with an ellipsis.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.ingest import ArticleInput

HEADLINE_CHARS = 120

# The headline is looked for in an article's beginning first (issue 27: cleaning whole
# articles to pick one line was 4.7% of an add): its first lines, whole, until they hold
# HEADLINE_SCAN characters, with the lines after them that cleaning a line reads (a truncated
# caption is known by the full one that follows it). A line longer than LONG_LINE characters
# and too long to be furniture (which cleaning drops whole) is cut at a word. An article
# without a presentable sentence there is cleaned whole.
HEADLINE_LINES = 8
HEADLINE_SCAN = 600
LONG_LINE = 1_000

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_DATE_WORDS = set(
    (
        _MONTHS + " monday tuesday wednesday thursday friday saturday sunday mon tue tues wed "
        "thu thur thurs fri sat sun am pm a.m p.m a.m. p.m. gmt utc est edt cst cdt mst mdt pst "
        "pdt bst cet cest et pt ct mt hkt jst ist aest aedt sgt msk published updated posted "
        "first last modified on at by date time st nd rd th today yesterday"
    ).split()
)
_TOKEN = re.compile(r"[A-Za-z]+\.?|\d+")
# A dateline's place and agency ("WASHINGTON, Aug. 24 (Reuters) -"): a line opening with a
# place in capitals and a comma, an agency in brackets anywhere, says no more than its date.
_PLACE = re.compile(r"^\s*[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,30})?,\s+")
_AGENCY = re.compile(r"\((?:[A-Z][A-Za-z]*\s?){1,3}\)")


def is_date_line(text: str) -> bool:
    """Whether a line says only when (``Saturday, August 24, 2013``, ``Updated 10:32 a.m.
    EDT``, ``2013-08-24``, ``LONDON, Aug. 24 (Reuters)``), with no word of what happened."""
    tokens = _TOKEN.findall(_AGENCY.sub(" ", _PLACE.sub("", text, count=1)))
    if not tokens:
        return True  # punctuation and numbers only
    words = [t.lower().rstrip(".") for t in tokens if not t.isdigit()]
    dated = any(t.isdigit() for t in tokens) or any(w in _MONTHS.split() for w in words)
    return dated and all(w in _DATE_WORDS or len(w) <= 1 for w in words)


def _beginning(text: str) -> str:
    """The first lines of ``text`` that :func:`headline_of` cleans first."""
    from newsdesk.clean import MAX_FURNITURE_LINE_WORDS, TRUNCATED_LOOKAHEAD

    def shortened(line: str) -> str:
        if len(line) <= LONG_LINE or len(line.split()) <= MAX_FURNITURE_LINE_WORDS:
            return line
        return line[:LONG_LINE].rsplit(" ", 1)[0]

    most = HEADLINE_LINES + TRUNCATED_LOOKAHEAD
    lines = text.split("\n", most)[:most]  # (the last piece of a split is the text's rest)
    taken, size = 0, 0
    while taken < min(HEADLINE_LINES, len(lines)) and size < HEADLINE_SCAN:
        size += len(lines[taken])
        taken += 1
    return "\n".join(shortened(line) for line in lines[: taken + TRUNCATED_LOOKAHEAD])


def headline_of(article: ArticleInput) -> str:
    """The headline of a story started by ``article`` (see the module's docstring)."""
    title = " ".join((article.title or "").split())
    if title and not is_date_line(title):
        return cut(title)
    from newsdesk.clean import clean_article
    from newsdesk.segment import segment_article
    from newsdesk.types import Article

    lines: list[str] = []
    for body in dict.fromkeys((_beginning(article.text), article.text)):  # whole: if need be
        cleaned, _ = clean_article(Article(id=article.id, text=body, source="", origin=""))
        for sentence in segment_article(cleaned):
            if sentence.presentable and not is_date_line(sentence.text):
                return cut(" ".join(sentence.text.split()))
        lines = [" ".join(line.split()) for line in (cleaned.text or body).split("\n")]
    lines = [line for line in lines if line and not is_date_line(line)]
    return cut(next((line for line in lines if len(line.split()) >= 4), lines[0] if lines else ""))


def cut(text: str, limit: int = HEADLINE_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters (ellipsis included): at the last clause
    boundary in its second half, else at the last word boundary outside a name."""
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    clause = max(room.rfind(", "), room.rfind("; "), room.rfind(" - "), room.rfind(": "))
    if clause >= limit // 2:
        return room[:clause].rstrip(" ,;:-") + "…"
    words = room.split(" ")
    if len(words) > 1 and not text[len(room) :].startswith(" "):
        words = words[:-1]  # the last word is cut
    # Never end inside a name: drop a run of capitalised words when the next word goes on with it.
    rest = text[len(" ".join(words)) :].split()
    while len(words) > 1 and rest and _capitalised(rest[0]) and _capitalised(words[-1]):
        rest.insert(0, words.pop())
    return " ".join(words).rstrip(" ,;:-") + "…"


def _capitalised(word: str) -> bool:
    word = word.lstrip("\"'“‘(")
    return bool(word) and word[0].isupper()
