"""Clean: remove page furniture, normalise whitespace and quotes, flag degraded articles.

Scraped news carries text that is not the story: photo captions and credits, video widget
lines, promos, contact lines, and image previews cut mid-word then repeated in full. Each
removal is recorded as a :class:`Removal` (what, where, why) so a reader can audit it.

Furniture is found two ways: explicit rules for what its form gives away (captions with
credits, widget lines, datelines, credit and tip lines), and a learned list of sentences that
recur across unrelated stories of the Multi-News training file. Page furniture recurs, news
prose does not: template detection by recurrence across pages (Bar-Yossef & Rajagopalan,
"Template detection via data mining and its applications", WWW 2002), applied to sentences
across stories; ``benchmarks/build_boilerplate.py`` builds the list, shipped as package data.

An article is *degraded* when its casing or sentence punctuation was lost (some feeds deliver
text lower-cased with punctuation stripped). Degraded articles still count as sources, but
later stages never show their raw text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files

from newsdesk.text import plural
from newsdesk.types import (
    DEGRADED,
    FURNITURE_REMOVED,
    LOWERCASED,
    UNPUNCTUATED,
    Article,
    Removal,
    Skipped,
    Story,
)

# Whole lines that are furniture, with the reason recorded for each.
_CREDIT_WORDS = (
    r"(?:photo|photograph|photographer|image|images|getty|credit|file|pool|/|"
    r"associated press|\bap\b|reuters|afp|\bepa\b)"
)
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "photo caption or credit",
        re.compile(rf"\((?=[^()]*{_CREDIT_WORDS})[^()]{{2,80}}\)\s*$", re.I),
    ),
    (
        "photo caption or credit",
        re.compile(
            r"^(?:photo|image|caption|credit|photograph|image copyright|image caption)\s*[:|]",
            re.I,
        ),
    ),
    ("video widget line", re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*[-–—]\s*source:", re.I)),
    (
        "promo",
        re.compile(
            r"^(?:now watch|watch|read more|see also|related|more|also read|recommended|"
            r"trending|most popular|don't miss|sponsored)\s*(?::|»)",
            re.I,
        ),
    ),
    ("promo", re.compile(r"^join the conversation about this story", re.I)),
    ("promo", re.compile(r"^\W*join (?:it|us) live\b", re.I)),
    # "This story appears in the December 12, 2017 issue of Forbes."
    ("promo", re.compile(r"^this (?:story|article) (?:appears|appeared) in the\b", re.I)),
    # "From The Neal Peters Collection." (a picture's credit on its own line).
    (
        "photo caption or credit",
        re.compile(r"^(?:from|courtesy of) the [A-Z][\w' ]{1,40} collection\.?$", re.I),
    ),
    # A portal's error page: "If you're having trouble locating a destination on Yahoo!, ..."
    ("video player error", re.compile(r"having trouble locating a destination", re.I)),
    # "For more from Sara, follow her on Twitter @sarapyin.", "Follow ABC 13 for the latest".
    (
        "promo",
        re.compile(
            r"^(?:for [^.]{1,60},\s*)?follow (?:(?:us|him|her|me|them)\b|[A-Z][\w.]*"
            r"(?: [A-Z0-9][\w.]*)? (?:on (?:twitter|facebook|instagram)\b|for the latest\b))",
            re.I,
        ),
    ),
    # "Check your local moonrise time here.", "Click Here if you do not want to wait."
    (
        "promo",
        re.compile(
            r"^(?:check|click|see|watch|read|find|learn|listen)\b[^.]{0,60}\bhere\s*[.!]?$|"
            r"please wait while you are redirected",
            re.I,
        ),
    ),
    (
        "promo",
        re.compile(
            r"^(?:advertisement|skip advertisement|story continue[sd] below|"
            r"(?:advertisement )?continue reading the main story)\W*$",
            re.I,
        ),
    ),
    (
        "promo",
        re.compile(
            r"^(?:sign up|subscribe|click here|download (?:the|our) app)\b[^.!?]{0,160}[.!?]*\s*$",
            re.I,
        ),
    ),
    ("promo", re.compile(r"^follow .{1,60} on (?:twitter|facebook|instagram|x)\b", re.I)),
    (
        "share widget line",
        re.compile(r"^(?:share|tweet|email|print)(?: this)?(?: story| article)?\W*$", re.I),
    ),
    (
        "contact line",
        re.compile(
            r"^(?:contact|e-?mail|write to|reach)\b.{0,100}(?:@|\bat\s+\S+\s+(?:com|org)\b)", re.I
        ),
    ),
    ("copyright line", re.compile(r"^(?:copyright\b|©|\(c\)\s)", re.I)),
    (
        "copyright line",
        re.compile(r"may not be published, broadcast, rewritten,? or redistributed", re.I),
    ),
    ("credit line", re.compile(r"contributed to this report\.?\s*$", re.I)),
    # A video player's caption: "CLOSE Kevin Spacey was accused by ... USA TODAY".
    ("video widget line", re.compile(r"^CLOSE\s+[A-Z0-9\"'][^\s]*\s")),
    (
        "tip line",
        re.compile(
            r"(?=[sw])(?:send us a (?:secure |news )?tip\b|we'?d like to hear from you\b)", re.I
        ),
    ),
    (
        "video player error",
        re.compile(
            r"(?=[tpv])(?:the interactive transcript could not be loaded|"
            r"please try again later\.?\s*$|this video is (?:unavailable|no longer available))",
            re.I,
        ),
    ),
    # An AP file-photo caption: "FILE - In this Aug. 26, 2014, file photo, ...".
    ("photo caption or credit", re.compile(r"^FILE\s*[-\u2013\u2014]\s+(?:In )?this\b", re.I)),
    (
        "social media embed",
        re.compile(
            r"^(?:tweet with a location|play (?:facebook|twitter)\b(?:\W+\w+){0,6}\W*$|"
            r"you can add location information to your tweets)\b",
            re.I,
        ),
    ),
    (
        "web archive notice",
        re.compile(
            r"(?=[ctw])(?:crawl data to the internet archive|"
            r"these crawls are part of an effort to archive|\bwayback machine\b)",
            re.I,
        ),
    ),
)
# Whole-line rules that are safe on a sentence alone, inside a longer line.
SENTENCE_RULES = tuple(
    (reason, pattern)
    for reason, pattern in LINE_RULES
    if reason
    in {
        "promo",
        "tip line",
        "video player error",
        "copyright line",
        "contact line",
        "share widget line",
    }
)


CREDIT_AT_END = LINE_RULES[0][1]
VIDEO_WIDGET = LINE_RULES[2][1]
MAX_INLINE_REMOVALS = 20  # of each kind, in one line

# A line that ends on a credit is a caption when what precedes the credit describes a picture:
# short, without sentence punctuation, in the present tense of a picture ("surveys", "attend",
# "is seen"), or ending on its date ("..., Kiryat Gat. July 31, 2014 (Reuters)"). Otherwise it
# is prose that a web page tagged with its source or photo credit ("The violence is now in its
# fourth week ... (AP)"): only the credit goes.
MAX_CAPTION_WORDS_WITHOUT_VERB = 12
_CAPTION_VERB = re.compile(
    r"\b(?:is|are) (?:seen|pictured|shown)\b|\b(?:arrives?|poses?|walks?|stands?|looks? on|"
    r"speaks?|holds?|gestures?|shakes? hands|attends?|waves?|sits?|listens?|watches|leaves|"
    r"enters?|talks?|prays?|marches|gathers?|celebrates?|cries|hugs?|smiles?|rides?|carries|"
    r"carry|delivers?|addresses|answers?|points?|testifies|surveys?|wait|waits|pass|passes|"
    r"covers?|remove|removes|shout|shouts|display|displays|hold|stand|sit|walk|cheer|cheers|"
    r"crosses|cross|gives|give|takes|take|remains?|prepares?|pull|pulls|rush|rushes)\b"
)
_ENDS_ON_A_DATE = re.compile(
    r"(?:(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s*\d{4})?|\b(?:19|20)\d\d)\W*$"
)


def _prose_before_credit(line: str, credit: re.Match[str]) -> bool:
    """Whether the text before a closing credit reads as prose rather than as a caption."""
    before = line[: credit.start()].strip()
    words = len(before.split())
    return not (
        words <= MAX_CAPTION_WORDS_WITHOUT_VERB
        or not _TERMINAL.search(before)
        or _CAPTION_VERB.search(before)
        or _ENDS_ON_A_DATE.search(before)
        or re.match(r"(?i:file\b|in this\b|photo\b|image\b|\(left)", before)
    )


# Furniture inside a line: (reason, pattern). The match is cut out of the line.
# A lookahead on the first letters, "(?=[eth])", lets the regex engine pass over positions
# that cannot start a match: case-insensitive alternations are otherwise tried everywhere.
INLINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "LONDON (AP) _ ", "OPORTO, Portugal (AP) _ ", "BEIJING, Jan. 5 (Xinhua) -- ", "NEW YORK — ":
    # where one outlet filed from means nothing at the head of a brief sentence.
    (
        "dateline",
        re.compile(
            r"^\s*[A-Z][A-Z.'-]{2,}(?:\s+[A-Z][A-Z.'-]+)*"
            r"(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)*)?"
            r"(?:,?\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2})?"
            r"\s*(?:\([^()]{1,30}\))?\s*(?:_|--|-|—|–|>>|»)\s+"
        ),
    ),
    # An ad slot's label glued to the story in feeds that lost their line breaks:
    # "Advertisement tony aiello was arrested wednesday ...".
    (
        "promo",
        re.compile(
            r"(?:^|(?<=[.!?])\s)\s*(?i:(?:photo\s+)?advertisement(?:\s+-)?"
            r"(?:\s+continue reading(?: the main story| below)?)?)\s+(?=[a-z])"
            r"(?!(?:revenues?|sales|spending|agenc|campaign|industry|market|budget|rates|space|"
            r"executive|business)\w*)"
        ),
    ),
    # Widgets glued before a story in feeds that lost their line breaks; each ends on a mark
    # that says where the story starts: "Play facebook twitter embed <video title> 2: 35 a
    # horde of wild bunnies ...", "Listen to article 2: 32 share this article facebook twitter
    # linkedin email steve wynn's plan ...", "( photo: breckeni, getty images ) a texas ...".
    (
        "social media embed",
        re.compile(
            r"^\s*(?i:play facebook twitter (?:google plus )?embed\b"
            r"[^.!?]{0,160}?\s\d{1,2}: ?\d{2}\s+)"
        ),
    ),
    (
        "share widget line",
        re.compile(
            r"^\s*(?i:listen to article \d{1,2}: ?\d{2}\s+share this article"
            r"(?:\s+(?:facebook|twitter|linkedin|email))*\s+)"
        ),
    ),
    (
        "photo caption or credit",
        re.compile(r"^\s*\(\s*(?i:photo|credit|image)\s*:[^()]{1,80}\)\s*"),
    ),
    # A gallery's photo counter before its caption: "1 of 6. The Occupy Los Angeles ...".
    ("photo caption or credit", re.compile(r"^\s*\d{1,3} ?(?:of|/) ?\d{1,3}\.?\s+(?=[A-Z])")),
    # "Associated Press writer Justin Pritchard contributed to this report." inside a line.
    (
        "credit line",
        re.compile(
            r"(?:^\s*|(?<=[.!?])\s+)[A-Z][^.!?]{0,150}\bcontributed(?: reporting)? to this "
            r"(?:report|story)\.",
        ),
    ),
    # "Tami Abdollah can be reached at http://www.twitter.com/latams".
    (
        "contact line",
        re.compile(r"(?:^\s*|(?<=[.!?])\s+)[A-Z][^.!?]{0,80}\bcan be reached at\s+\S+\s*$"),
    ),
    # An outlet's credit opening a story, with or without a place and a dash: "(CNN) Kenyan
    # rangers killed ...", "Sycamore, Illinois (CNN) The man convicted ...", "(Reuters) - ...".
    (
        "dateline",
        re.compile(
            r"^\s*(?:[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){0,3}\s+)?"
            r"\((?:CNN(?:Money)?|AP|Reuters|AFP|UPI|Xinhua|Bloomberg|HealthDay|WebMD|BBC|"
            r"CBS(?: News)?|NBC(?: News)?|ABC(?: News)?|AAP|PTI|IANS|dpa)\)\s*(?:[-–—_]+\s*)?"
            r"(?=[A-Z\"“])"
        ),
    ),
    # A town and a state code before a dash: "Charlottesville, VA - Monday, a judge ...".
    ("dateline", re.compile(r"^\s*[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}, [A-Z]{2}\s+[-–—]\s+(?=[A-Z])")),
    # Wire-desk editors' initials closing a story: "(vi/ren)", "(pvs/nw/ls)".
    ("editors' initials", re.compile(r"\((?:[a-z]{1,4}/)+[a-z]{0,4}/?\s*\)\s*$")),
    # The source or photo credit closing a line of prose (see _prose_before_credit).
    (
        "photo caption or credit",
        re.compile(rf"\s*\((?=[^()]*{_CREDIT_WORDS})[^()]{{2,80}}\)\s*$", re.I),
    ),
    ("contact line", re.compile(r"(?=c)\bcontact us at\b.*$", re.I)),
    (
        "photo caption or credit",
        re.compile(r"(?=[eth])\b(?:enlarge this image|toggle caption|hide caption)\b", re.I),
    ),
)

# An article with fewer words than this left once its furniture is removed is no source (a
# video page's "Yes" button, a widget's last word).
MIN_WORDS_LEFT = 4
# Text that an inline rule's match must hold: without it, the rule's search is skipped.
# Words that a rule's match must hold, lower-cased: without any of them in a line, the rule's
# search is skipped (rules run on every line of every article; most lines hold none).
_HINTS = {
    "contributed": ("contributed",),
    "may not be published": ("may not be published",),
    "crawl data to the internet archive": ("crawl", "wayback"),
    "send us a": ("tip", "hear from you"),
    "interactive transcript": ("transcript", "try again", "video is"),
    "having trouble locating": ("having trouble",),
    "advertisement(?:": ("advertisement",),
    "can be reached at": ("reached at",),
    "contact us at": ("contact us",),
    "enlarge this image": ("enlarge", "caption"),
    "play facebook twitter": ("play facebook",),
    "listen to article": ("listen to article",),
}


def _hints(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    for literal, needles in _HINTS.items():
        if literal in pattern.pattern:
            return re.compile("|".join(map(re.escape, needles)))
    if pattern.pattern.endswith(r"\)\s*$"):
        return re.compile(r"\)")
    return None


_LINE_RULES_HINTED = tuple((reason, pattern, _hints(pattern)) for reason, pattern in LINE_RULES)
_INLINE_RULES_HINTED = tuple((reason, pattern, _hints(pattern)) for reason, pattern in INLINE_RULES)


# A whole line is removed as furniture only up to this length: captions and credits are
# short, and a wire story may arrive as one long line that ends with a credit.
MAX_FURNITURE_LINE_WORDS = 80
# A preview line must be this long to count as a truncated copy of the next line: short
# prefixes ("The", "Trump") are ordinary text.
MIN_TRUNCATED_CHARS = 20
# How many following lines are searched for the full version of a truncated line.
TRUNCATED_LOOKAHEAD = 3
# A title above a video widget line is short and has no final punctuation.
MAX_WIDGET_TITLE_WORDS = 15

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u2033": '"',
    }
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# What _SPACES changes: a line without these has single plain spaces only (most lines).
_OTHER_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]|  ")
# The curly quotes of _QUOTES, found by one search before any is replaced.
_CURLY = re.compile("[" + "".join(map(chr, _QUOTES)) + "]")
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")
# A word that ends a sentence, found in running text (the words of _TERMINAL).
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?!\S)")
# In words joined by single spaces: a word whose first character after opening quotes and
# brackets may be a capital (not a lower-case ASCII letter or digit); ``isupper`` decides.
_MAYBE_CAPITALISED = re.compile(r"(?<![^ ])[\"'(\[]*[^ a-z0-9\"'(\[][^ ]*")

# Degradation thresholds. Calibrated on the 285 articles of multinews-dev (normal casing) and
# the first 300 clusters of multinews-plus-test-lowercased: normal news ends a sentence every
# ~20 words, and capitalises 0.6% (a bird-song study) to 15% of the words that do not open a
# sentence (one personal post names no one, but writes "I"); every lower-cased article there
# capitalises none of them.
MIN_WORDS_TO_JUDGE = 40
MAX_WORDS_PER_SENTENCE_END = 60
MIN_INNER_CAPITAL_SHARE = 0.002
_CAPITAL_I = frozenset({"I", "I'm", "I've", "I'd", "I'll"})


# Learned boilerplate: sentences are split where a sentence mark is followed by a capital (the
# lower-cased training text capitalises sentence starts) or a separator ("... mornings. /
# updated by ..."), and keyed by their words only.
_KEY_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]*[A-Z0-9/|])")
_KEY_WORD = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"\d")
LEARNED_BOILERPLATE = "recurring boilerplate (learned from the training corpus)"


def sentence_key(text: str) -> str:
    """The key of a sentence in the learned list: lower case, digits as 0, words only.

    "We've detected that JavaScript is disabled" and the training text's "we ' ve detected
    that javascript is disabled" have the same key.
    """
    return " ".join(_KEY_WORD.findall(_DIGIT.sub("0", text.lower())))


def boilerplate_keys(line: str) -> Iterator[str]:
    """The keys of the sentences of one line (as the list's build script makes them)."""
    for _, _, key in _keyed_sentences(line):
        yield key


def _keyed_sentences(line: str) -> Iterator[tuple[int, int, str]]:
    for start, end in _sentence_spans(line):
        yield start, end, sentence_key(line[start:end])


def _sentence_spans(line: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _KEY_SPLIT.finditer(line):
        yield start, match.start()
        start = match.end()
    if start < len(line):
        yield start, len(line)


@functools.lru_cache(maxsize=1)
def learned_boilerplate() -> frozenset[str]:
    """The keys of the learned list (``newsdesk/data/boilerplate.txt``)."""
    text = files("newsdesk").joinpath("data/boilerplate.txt").read_text("utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")
    )


def _furniture_sentences(line: str) -> list[tuple[int, int, str]]:
    """Spans of a line's sentences that are furniture, with the reason: a sentence of the learned
    list, or one that a whole-line rule of :data:`SENTENCE_RULES` matches (furniture glued to a
    story's text, as in feeds that lost their line breaks: "Check your moonrise time here.")."""
    learned = learned_boilerplate()
    openers = _learned_openers()
    found = []
    spans = list(_sentence_spans(line))
    # A line of one sentence has had the whole-line rules already.
    several = len(spans) > 1
    for start, end in spans:
        sentence = line[start:end]
        # A sentence's key is made only when its first word opens one of the list's keys.
        first = _KEY_WORD.search(sentence[:24].lower())
        if first and first.group() in openers and sentence_key(sentence) in learned:
            found.append((start, end, LEARNED_BOILERPLATE))
            continue
        if sentence.count(" ") > MAX_FURNITURE_LINE_WORDS:
            continue
        sentence = sentence.strip()
        if not several or not _may_be_furniture(sentence):
            continue
        for reason, pattern in SENTENCE_RULES:
            if pattern.search(sentence):
                found.append((start, end, reason))
                break
    return found


# The first words with which a sentence rule's match can start, and the words that its
# unanchored rules need: a sentence with neither is not searched (sentences are many).
_RULE_OPENERS = frozenset({
    "sign", "subscribe", "click", "download", "follow", "for", "check", "see", "watch", "read",
    "find", "listen", "learn", "please", "now", "related", "more", "also", "recommended",
    "trending", "most", "don't", "sponsored", "join", "advertisement", "skip", "story",
    "continue", "copyright", "©", "(c)", "contact", "e-mail", "email", "write", "reach", "send",
    "this", "from", "courtesy", "if",
})  # fmt: skip
_RULE_NEEDLES = (
    "tip",
    "hear from you",
    "try again",
    "may not be published",
    "unavailable",
    "interactive transcript",
)


def _may_be_furniture(sentence: str) -> bool:
    first = sentence[:20].split(None, 1)[0].lower().strip("\"'*-") if sentence else ""
    if first in _RULE_OPENERS:
        return True
    lowered = sentence.lower()
    return any(needle in lowered for needle in _RULE_NEEDLES)


@functools.lru_cache(maxsize=1)
def _learned_openers() -> frozenset[str]:
    """The first words of the learned list's keys. Keys that open on a number (pieces of
    datelines and captions, "00 0000 in new york") are not looked up."""
    openers = {key.split(" ", 1)[0] for key in learned_boilerplate()}
    return frozenset(o for o in openers if not o[:1].isdigit())


@dataclass(frozen=True)
class _Line:
    number: int
    start: int
    text: str


def clean_story(story: Story) -> Story:
    """Clean every article of a story; add the removals and degradation flags.

    An article that was nothing but furniture moves to ``skipped``, with the reason.
    """
    articles: list[Article] = []
    removed: list[Removal] = list(story.removed)
    skipped: list[Skipped] = list(story.skipped)
    for article in story.articles:
        cleaned, removals = clean_article(article)
        removed.extend(removals)
        left = len(cleaned.text.split())
        if cleaned.text and (left >= MIN_WORDS_LEFT or not removals):
            articles.append(cleaned)
        else:
            reasons = ", ".join(sorted({r.reason for r in removals}))
            what = "nothing" if not left else f"only {plural(left, 'word')}"
            skipped.append(Skipped(article.origin, f"{what} left after removing {reasons}"))
    return replace(story, articles=tuple(articles), removed=tuple(removed), skipped=tuple(skipped))


def clean_article(article: Article) -> tuple[Article, list[Removal]]:
    """Return the cleaned article and what was removed from it.

    Removal offsets point into ``article.text`` as given; the cleaned text is normalised
    (NFC, straight quotes, single spaces, at most one blank line between paragraphs).
    """
    lines = _lines(article.text)
    normalised = [normalise_line(line.text) for line in lines]
    drop = _furniture_lines(lines, normalised)
    removals: list[Removal] = []
    kept: list[str] = []
    for line, normalised_line in zip(lines, normalised, strict=True):
        if line.number in drop:
            removals.append(
                Removal(
                    article.id,
                    line.start,
                    line.start + len(line.text),
                    line.number,
                    line.text.strip(),
                    drop[line.number],
                )
            )
            continue
        text = line.text
        lowered = text.lower()
        for reason, pattern, hints in _INLINE_RULES_HINTED:
            if hints is not None and not hints.search(lowered):
                continue
            match = pattern.search(text)
            # Each removal searches the line again (a removal can uncover another at the start
            # or end): bounded, so that a line repeating furniture stays linear.
            for _ in range(MAX_INLINE_REMOVALS):
                if not (match and match.group().strip()):
                    break
                group = match.group()
                # The offsets of the removed text itself, not of blanks before or after it.
                lead, trail = len(group) - len(group.lstrip()), len(group) - len(group.rstrip())
                removals.append(
                    Removal(
                        article.id,
                        line.start + match.start() + lead,
                        line.start + match.end() - trail,
                        line.number,
                        match.group().strip(),
                        reason,
                    )
                )
                text = (
                    text[: match.start()]
                    + " " * (match.end() - match.start())
                    + text[match.end() :]
                )
                match = pattern.search(text)
        for start, end, reason in _furniture_sentences(text) if text.strip() else ():
            # The sentence itself, not the blanks of earlier removals around it.
            sentence = text[start:end]
            start += len(sentence) - len(sentence.lstrip())
            end -= len(sentence) - len(sentence.rstrip())
            removals.append(
                Removal(
                    article.id,
                    line.start + start,
                    line.start + end,
                    line.number,
                    text[start:end],
                    reason,
                )
            )
            text = text[:start] + " " * (end - start) + text[end:]
        kept.append(normalised_line if text is line.text else normalise_line(text))
    text = _join_paragraphs(kept)
    flags = set(article.flags) | degradation_flags(text)
    if removals:
        flags.add(FURNITURE_REMOVED)
    removals.sort(key=lambda r: (r.start, r.end))
    return replace(article, text=text, flags=frozenset(flags)), removals


def normalise_line(text: str) -> str:
    """NFC, straight quotes, one space between words, no space at either end."""
    if not text.isascii():  # ASCII is already NFC and has no curly quotes
        text = unicodedata.normalize("NFC", text)
        if _CURLY.search(text):
            text = text.translate(_QUOTES)
    if _OTHER_SPACES.search(text):
        text = _SPACES.sub(" ", text)
    return text.strip()


def degradation_flags(text: str) -> set[str]:
    """Flags for text whose casing or sentence punctuation was lost (empty for normal text)."""
    words = text.split()
    if len(words) < MIN_WORDS_TO_JUDGE:
        return set()
    flags: set[str] = set()
    if len(words) / (len(_SENTENCE_END.findall(text)) + 1) > MAX_WORDS_PER_SENTENCE_END:
        flags.add(UNPUNCTUATED)
    inner_capitals = 0
    inner_capital_i = False
    joined = " ".join(words)
    for match in _MAYBE_CAPITALISED.finditer(joined):
        word, start = match.group(), match.start()
        if not word.lstrip("\"'([")[:1].isupper():
            continue
        previous = joined[joined.rfind(" ", 0, start - 1) + 1 : start - 1] if start else "."
        if _TERMINAL.search(previous) or previous.endswith(":"):
            continue  # a capital after a sentence end proves nothing
        if word.strip("\"'(),.!?:;") in _CAPITAL_I:
            inner_capital_i = True
            break  # the casing survived: no need to count further
        inner_capitals += 1
        if inner_capitals / len(words) >= MIN_INNER_CAPITAL_SHARE:
            break  # enough capitals inside sentences already: the casing survived
    # A capital "I" inside a sentence proves the casing survived, in a text that names no one
    # (a personal post); the lower-cased feed capitalises only sentence starts.
    if inner_capitals / len(words) < MIN_INNER_CAPITAL_SHARE and not inner_capital_i:
        flags.add(LOWERCASED)
    if flags:
        flags.add(DEGRADED)
    return flags


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        lines.append(_Line(number, offset, line))
        offset += len(line) + 1
    return lines


def _furniture_lines(lines: Sequence[_Line], stripped: Sequence[str]) -> dict[int, str]:
    """Line number -> reason for every whole line that is furniture (``stripped``: the lines,
    normalised)."""
    drop: dict[int, str] = {}
    for i, (line, text) in enumerate(zip(lines, stripped, strict=False)):
        if not text or len(text.split()) > MAX_FURNITURE_LINE_WORDS:
            continue
        lowered = text.lower()
        for reason, pattern, hints in _LINE_RULES_HINTED:
            if hints is not None and not hints.search(lowered):
                continue
            match = pattern.search(text)
            if match and not (pattern is CREDIT_AT_END and _prose_before_credit(text, match)):
                drop[line.number] = reason
                break
        if VIDEO_WIDGET.search(text) and i > 0:
            title_index = _previous_nonblank(stripped, i)
            title = stripped[title_index] if title_index is not None else ""
            if (
                title
                and not _TERMINAL.search(title)
                and len(title.split()) <= MAX_WIDGET_TITLE_WORDS
            ):
                drop[lines[title_index].number] = "video widget title"  # type: ignore[index]
        # An image preview: a line cut mid-word, then the full caption on a following line.
        if len(text) >= MIN_TRUNCATED_CHARS:
            for j in range(i + 1, min(i + 1 + TRUNCATED_LOOKAHEAD, len(lines))):
                if stripped[j] != text and stripped[j].startswith(text):
                    drop[line.number] = f"truncated duplicate of line {lines[j].number}"
                    drop.setdefault(lines[j].number, "photo caption (repeats a truncated preview)")
                    break
    return drop


def _previous_nonblank(texts: Sequence[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if texts[j]:
            return j
    return None


def _join_paragraphs(lines: Sequence[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
