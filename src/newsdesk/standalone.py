"""Standalone: what each sentence needs from before it, and whether a brief gives it.

A brief sentence is printed without its article around it, so whatever it leans on must be
in the brief before it. Two kinds of need are told apart, because they are met differently:

- **the sentence before it** in its article: a pronoun, a description pointing back ("the
  move"), a sequence word ("two more"), speech without its speaker. Only that sentence, right
  before it in the brief, gives it. A learned test decides (below: features of the sentence
  and the sentences before it in its article, gradient-boosted trees trained on sentences of
  the training articles read by people, training/standalone.py).
- **a person's introduction**: a person named by a short form only ("Chaney", "Kim"), whose
  full name the brief has not given. Any earlier brief sentence that names the person in full
  gives it; where the story's articles give exactly one full name for that short form, the
  first mention may be completed as a marked editorial insertion ("[David] Chaney"), recorded
  with the sentence that gives the full name. This follows wire style: a person's first
  mention is the full name (AP Stylebook, "names"), later ones the surname.

People are found without a tagger, precision first: a run of two to four capitalised words is
a person's full name when the story shows it acts as one (a title or role before it, a verb
of saying after it, or one of its words used alone as a speaker, "Chaney said"); its short
forms are those of its words that the story also uses alone.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from newsdesk.trees import TreeEnsemble
from newsdesk.types import Insertion, Sentence

# Titles and roles that, before a capitalised run, make it a person's name. Those marked as
# offices also introduce a person with the surname alone ("President Trump", "Pope Francis").
_OFFICES = "President|Pope|Chancellor|Prime Minister|King|Queen|Prince|Princess|Emperor|Empress"
_TITLES = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Adm|Maj|Det|Insp|Supt|Prof)\.?"
    r"|\b(?:" + _OFFICES + r"|Vice President|Senator|Representative|Congressman|"
    r"Congresswoman|Governor|Mayor|Judge|Justice|Secretary|Minister|Ambassador|Chairman|"
    r"Chairwoman|Chief|Director|Officer|Detective|Sheriff|Coach|General|Commissioner|"
    r"Attorney|Councilman|Councilwoman|Speaker|Leader|Sir|Dame|Lord|Lady|Saint|"
    r"actor|actress|singer|rapper|star|author|writer|director|producer|comedian|"
    r"spokesman|spokeswoman|spokesperson|lawyer|attorney|CEO|founder|chairman|president|"
    r"senator|governor|mayor|judge|coach|player|quarterback|pitcher|officer|son|daughter|"
    r"wife|husband|mother|father|brother|sister|friend|victim|suspect|student|"
    r"reporter|correspondent|analyst|professor|researcher|scientist|doctor|nurse)"
    r")\s+$"
)
_OFFICE_BEFORE = re.compile(r"\b(?:" + _OFFICES + r")\s+$")
_SPEECH_AFTER = re.compile(
    r"^(?:'s|’s)?,?\s+(?:\w+ly\s+)?(?:said|says|told|tells|added|adds|wrote|writes|tweeted|"
    r"explained|explains|noted|asked|asks|replied|recalled|testified|argued|insisted|"
    r"admitted|declared|announced|posted|claimed|warned|continued|acknowledged)\b"
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|according to)\s+$")
# A capitalised word (letters, inner apostrophes and hyphens; "O'Brien", "Jae-in").
_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:['’-][A-Za-z]+)*"  # "MacDonald", "McCain" whole
# A run of such words, possibly with initials ("George W. Bush") or a particle; titles and
# other words that are never names are trimmed from its ends before it is taken as a name.
_RUN = re.compile(
    rf"\b{_WORD}(?:\s+(?:[A-Z]\.\s+)*(?:(?:de|van|von|bin|al|da|di|del|la|le)\s+)?{_WORD})+"
    r"(?![\w'’-])"
)
MAX_NAME_WORDS = 4
_SINGLE = re.compile(rf"(?<![\w’'.-])({_WORD})(?:['’]s)?(?![\w-])")
# Capitalised words that are never a person's name or part of one.
_NOT_A_NAME = frozenset(
    """
    The A An In On At But And Or If As For From By With After Before When While Since This
    That These Those There Here It Its His Her Their Our We They He She You I Who What Why How
    Where Mr Mrs Ms Dr Sen Rep Gov Gen President Pope Chancellor Prime Minister King Queen
    Prince Princess Vice Senator Governor Mayor Judge Justice Secretary Ambassador Chairman
    Chief Director Officer Detective Sheriff Coach General Commissioner Attorney Speaker
    Leader Sir Lord Lady Saint Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    North South East West New Old Great United States Republican Republicans Democrat
    Democrats Democratic House Senate Congress Court Supreme White Department State Police
    University College School Street Avenue Road County City Church Party National
    International Company Inc Corp Group News Times Post Journal Press Associated Reuters
    Twitter Facebook Instagram YouTube God Christmas Easter Internet Army Navy Air Force
    Marine Marines Federal Committee Council Office Ministry Agency Bureau Service Center
    Centre Institute Foundation Museum Hospital Airport Station Park Bridge River Lake
    Mountain Island Islands Bay Sea Ocean Kingdom Republic Union European Korean Korea
    American America Chinese China Russian Russia Administration Fellow Tower Organization Act
    Award Awards Prize Cup League Games Olympics Day Week Month Year Hall Building Plaza
    Square Hotel Club Team Show Festival Conference Summit War Project Program Fund Bank
    Capital Media Network Channel Magazine Daily Weekly Mount Fort Port Saint St Sgt Capt Col
    Lt Rev Prof Vice Deputy Acting Former First Lady Gentleman Mister Miss Madam Doctor
    Professor Analyst Editor Staff Writer Although Though However Meanwhile Despite Amid
    During Under Over Among Between Against Without Within Through Throughout Into Upon Until
    Unlike Like Also Yet Still Even Now Then Thus So Such Many Most Some Several All Both Each
    Every Other Another Few No Not Only Just More Less According Earlier Later Last Next Today
    Tonight Yesterday Tomorrow Following Including Instead Once Whether Because Unless Asked
    Meet Dear Thanks Please Welcome About Above Below Read Watch See Photo Video One Two Three
    Four Five Six Seven Eight Nine Ten Dozens Hundreds Thousands Millions Defense Forces Foods
    Airlines Airways Motors Systems Technologies Energy Holdings Partners Industries Pharma
    Entertainment Studios Records Pictures Communications Labs Stores Brands Talks
    """.split()  # noqa: SIM905 (a word list reads better as words)
)


@dataclass(frozen=True)
class Person:
    """A person the story names in full, and the short forms it also uses alone."""

    full_name: str
    short_forms: frozenset[str]
    #: Where the full name is given: (article id, sentence index, start, end) in the article.
    evidence: tuple[str, int, int, int]


@dataclass(frozen=True)
class Needs:
    """What a sentence needs from before it in a brief.

    ``previous``: it leans on the sentence before it in its article. ``names``: short forms
    of people it names without their full name. ``introduces``: short forms of people it names
    in full (or by an office and surname, "President Trump").
    """

    previous: bool
    names: tuple[str, ...] = ()
    introduces: tuple[str, ...] = ()
    #: The learned test's probabilities that the sentence needs anything before it, and that
    #: it needs its article's previous sentence.
    p_context: float = 0.0
    p_previous: float = 0.0
    #: Whether it is someone's words (a quotation's tail, a first-person or judging voice)
    #: that would read as the brief's own statement, and the learned test's probability.
    voice: bool = False
    p_voice: float = 0.0
    #: The kinds of need the learned test finds (pronoun, description, sequence, quote,
    #: other): a description the brief has introduced is met, the others are not.
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class People:
    """The people of a story by short form: a short form with one person is completable."""

    by_short_form: Mapping[str, tuple[Person, ...]]
    #: Short forms the story also gives an office ("President Trump") that none of its full
    #: names for them carries: the office holder may be someone the story never names in full
    #: ("Ivanka Trump" is not President Trump), so they are not completed.
    unsafe: frozenset[str] = frozenset()

    def person(self, short_form: str) -> Person | None:
        """The one person the story gives this short form, or None (none, several, or one
        whose completion is unsafe)."""
        found = self.by_short_form.get(short_form, ())
        return found[0] if len(found) == 1 and short_form not in self.unsafe else None


def people_of(sentences: Iterable[Sentence]) -> People:
    """The people named in full in a story's sentences (those of degraded articles, lower-cased,
    give none) and their short forms."""
    return _people_of(tuple(sentences))


# A brief reads a story's people twice, in selection and when it introduces them (the
# pipeline): the last stories' answers are kept (sentences are frozen, so equal sentences
# have the same people).
@functools.lru_cache(maxsize=4)
def _people_of(shown: tuple[Sentence, ...]) -> People:
    # (lower-cased text, a degraded article's, has no name to find)
    # Per article: an article that uses a short form alone without the full name is read below.
    alone_in = {
        article: _used_alone(s for s in shown if s.article_id == article)
        for article in sorted({s.article_id for s in shown})
    }
    alone = set().union(*alone_in.values())
    found: dict[str, Person] = {}
    with_office: set[str] = set()  # full names the story gives with an office before them
    full_in: dict[str, set[str]] = defaultdict(set)  # the articles giving each full name
    kin: set[str] = set()  # full names told as someone's relative ("X, the president's son")
    for sentence in shown:
        for start, end in full_names(sentence.text):
            words = _name_words(sentence.text[start:end])
            short = frozenset(w for w in words if w in alone)
            if not short or not _acts_as_person(sentence.text, start, end, alone):
                continue
            name = " ".join(sentence.text[start:end].split())
            key = _spelling(name)  # "Kim Jong Un" and "Kim Jong-un" are one person
            if _OFFICE_BEFORE.search(sentence.text, 0, start):
                with_office.add(key)
            full_in[key].add(sentence.article_id)
            if _KIN_AFTER.match(sentence.text, end):
                kin.add(key)
            if key not in found:
                at = sentence.start + start
                found[key] = Person(
                    name, short, (sentence.article_id, sentence.index, at, at + end - start)
                )
    by_short: dict[str, list[Person]] = defaultdict(list)
    for person in found.values():
        for form in person.short_forms:
            same = next((p for p in by_short[form] if _same_person(p, person)), None)
            if same is None:
                by_short[form].append(person)
    offices = _with_an_office(shown)
    unsafe = set()
    for form, persons in by_short.items():
        keys = [_spelling(p.full_name) for p in persons]
        if form in offices and not any(k in with_office for k in keys):
            unsafe.add(form)
        # A relative's full name does not tell which of the family a bare surname is.
        if any(
            k in kin and _name_words(p.full_name)[-1] == form
            for k, p in zip(keys, persons, strict=True)
        ):
            unsafe.add(form)
        # An article that uses the short form alone without giving the full name may mean
        # someone else (its readers know who): completed only where the article names them.
        given_in = set().union(*(full_in[k] for k in keys))
        if any(form in words and article not in given_in for article, words in alone_in.items()):
            unsafe.add(form)
    return People(
        {form: tuple(people) for form, people in sorted(by_short.items())}, frozenset(unsafe)
    )
    return People({form: tuple(people) for form, people in sorted(by_short.items())}, unsafe)


def _with_an_office(sentences: Iterable[Sentence]) -> set[str]:
    """Capitalised words the story uses alone after an office ("President Trump")."""
    found: set[str] = set()
    for sentence in sentences:
        for match in _SINGLE.finditer(sentence.text):
            text = sentence.text
            if not _inside_full_name(text, match.start(), match.end()) and _OFFICE_BEFORE.search(
                text, 0, match.start()
            ):
                found.add(match.group(1))
    return found


def full_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of two to four capitalised name words in ``text``, titles and
    other words that are never names trimmed from its ends ("Vice Chairman Kim Yong Chol" ->
    "Kim Yong Chol")."""
    found = []
    for match in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", match.group(0)))
        while words and words[0].group(0) in _NOT_A_NAME:
            words.pop(0)
        while words and words[-1].group(0) in _NOT_A_NAME:
            words.pop()
        if any(re.search(r"['’]s$", w.group(0)) for w in words[:-1]):
            continue  # "Pichai's Alphabet": an owner and a thing, not one name
        names = [w for w in words if w.group(0)[0].isupper() and len(w.group(0)) > 2]
        if not 2 <= len(names) <= MAX_NAME_WORDS or any(w.group(0) in _NOT_A_NAME for w in words):
            continue
        found.append((match.start() + words[0].start(), match.start() + words[-1].end()))
    return found


def _same_person(one: Person, other: Person) -> bool:
    """Two full names of one person: the words of one are among the other's ("Alexander
    Volkov", "Cyril Alexander Volkov")."""
    a, b = set(_name_words(one.full_name)), set(_name_words(other.full_name))
    if {w.rstrip(".,") for w in a ^ b} & _GENERATIONS:
        return False  # "Donald Trump" and "Donald Trump Jr." are two people
    return a <= b or b <= a


_GENERATIONS = frozenset({"Jr", "Sr", "II", "III", "IV"})
_KIN_AFTER = re.compile(
    r",\s+(?:the\s+)?(?:[\w.'’-]+\s+){0,3}(?:daughter|son|wife|husband|brother|sister|father|"
    r"mother|widow|widower|niece|nephew|cousin|grandson|granddaughter|stepson|stepdaughter|"
    r"son-in-law|daughter-in-law)\b",
    re.IGNORECASE,
)


def _spelling(name: str) -> str:
    return re.sub(r"[\s.'’-]+", "", name).lower()


def mentions(text: str, people: People) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The short forms of the people ``text`` names by a short form only, and of those it
    introduces (in full, or by an office and surname: "President Trump")."""
    # Both answers are short forms found in the text: most sentences hold none (a substring
    # test per form is far cheaper than the name patterns below).
    if not any(form in text for form in people.by_short_form):
        return (), ()
    introduced: set[str] = set()
    for start, end in full_names(text):
        for form in _name_words(text[start:end]):
            if form in people.by_short_form:
                introduced.add(form)
    for match in _SINGLE.finditer(text):
        word = match.group(1)
        if word in people.by_short_form and _OFFICE_BEFORE.search(text, 0, match.start()):
            introduced.add(word)
    named: list[str] = []
    for match in _SINGLE.finditer(text):
        word = match.group(1)
        if (
            word in people.by_short_form
            and word not in introduced
            and word not in named
            and _names_a_person(text, match)
        ):
            named.append(word)
    return tuple(named), tuple(sorted(introduced))


def story_needs(
    sentences: Sequence[Sentence],
    people: People,
    wanted: Collection[tuple[str, int]] | None = None,
) -> dict[tuple[str, int], Needs]:
    """What each sentence of a story needs from before it: the learned test on its article
    (``previous``) and the people it names (see the module docstring). With ``wanted``, only
    the sentences of those keys are answered (a summarizer asks about its candidates: the
    test and the name search cost most of its time); their articles are still read whole."""
    model = context_model()
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in sentences:
        by_article[sentence.article_id].append(sentence)
    found: dict[tuple[str, int], Needs] = {}
    articles = [sorted(sentences, key=lambda s: s.index) for sentences in by_article.values()]
    positions = [
        [at for at, s in enumerate(ordered) if wanted is None or s.key in wanted]
        for ordered in articles
    ]
    answered = model.probabilities_of(articles, positions)
    for ordered, at_rows, probabilities in zip(articles, positions, answered, strict=True):
        row = dict(zip(at_rows, range(len(at_rows)), strict=True))
        before = 0  # presentable sentences of the article before this one
        for at, sentence in enumerate(ordered):
            if at not in row:
                before += sentence.presentable
                continue
            p = {head: float(values[row[at]]) for head, values in probabilities.items()}
            named, introduced = mentions(sentence.text, people)
            found[sentence.key] = Needs(
                # An article's first presentable sentence has nothing before it that a brief
                # could give (a headline, a caption): it is read as its article's opening.
                before > 0 and p["previous"] >= model.thresholds["previous"],
                named,
                introduced,
                round(p["context"], 4),
                round(p["previous"], 4),
                p["voice"] >= model.thresholds["voice"],
                round(p["voice"], 4),
                tuple(k for k in KINDS if p[k] >= model.thresholds[k]),
            )
            before += sentence.presentable
    return found


def introduce(sentences: Sequence[Sentence], people: People) -> list[tuple[Insertion, ...] | None]:
    """For sentences in brief order, the insertions that complete each person's first mention;
    None for a sentence that names someone by a short form that no earlier sentence introduces
    and the story cannot complete (it must not be printed: it is left out and introduces no
    one)."""
    given: set[str] = set()
    out: list[tuple[Insertion, ...] | None] = []
    for sentence in sentences:
        names, introduces = mentions(sentence.text, people)
        persons = {form: people.person(form) for form in names if form not in given}
        if any(person is None for person in persons.values()):
            out.append(None)
            continue
        inserted = [
            insertion
            for form, person in persons.items()
            if person is not None
            for insertion in _completion(sentence.text, form, person)
        ]
        given.update(persons)
        given.update(introduces)
        out.append(tuple(sorted(inserted, key=lambda i: i.at)))
    return out


def introducing_order(sentences: Sequence[Sentence], people: People) -> list[int]:
    """The positions of ``sentences`` in an order where a sentence naming someone by a short
    form that the story cannot complete comes after the sentence that names them in full: it
    moves, with the sentences of its article that follow it, right after that one."""
    order = list(range(len(sentences)))
    introduces = [set(mentions(s.text, people)[1]) for s in sentences]
    for _ in range(len(order)):  # each pass moves one run later, so this ends
        given: set[str] = set()
        moved = False
        for at, i in enumerate(order):
            names = mentions(sentences[i].text, people)[0]
            missing = {f for f in names if f not in given and people.person(f) is None}
            later = next(
                (
                    q
                    for q in range(at + 1, len(order))
                    if missing and missing <= introduces[order[q]]
                ),
                None,
            )
            if later is not None:
                run = 1
                while at + run < len(order) and _follows(
                    sentences[order[at + run - 1]], sentences[order[at + run]]
                ):
                    run += 1
                if later >= at + run:
                    block = order[at : at + run]
                    del order[at : at + run]
                    order[later - run + 1 : later - run + 1] = block
                    moved = True
                    break
            given.update(names)
            given.update(introduces[i])
        if not moved:
            break
    return order


def _follows(first: Sentence, second: Sentence) -> bool:
    return first.article_id == second.article_id and second.index == first.index + 1


def insertion_words(needs: Needs, people: People) -> int:
    """How many words completing the people a sentence names by a short form would add."""
    total = 0
    for form in needs.names:
        person = people.person(form)
        if person is not None:
            total += len(person.full_name.split()) - 1
    return total


def completable(needs: Needs, people: People, given: Iterable[str] = ()) -> bool:
    """Whether every person a sentence names by a short form is introduced already (``given``)
    or can be completed from the story."""
    known = set(given)
    return all(form in known or people.person(form) is not None for form in needs.names)


def _names_a_person(text: str, match: re.Match[str]) -> bool:
    """Whether a short form, alone, stands for its person here: not inside a longer name, not
    after an article or a number ("the Kalashnikov", "100 million Kalashnikov rifles") and not
    before a noun it qualifies ("Trump administration officials"): the next word, in lower
    case, must look like a verb ("said", "has", "felt", "tweets") or a joining word."""
    if _inside_full_name(text, match.start(), match.end()):
        return False
    if _DETERMINER_BEFORE.search(text, 0, match.start()):
        return False
    following = _NEXT_WORD.match(text, match.end())
    if following is None:
        return True
    word = following.group(1)
    return (
        not word[0].islower()
        or word in _FOLLOWS_A_NAME
        or word.endswith("ed")
        or (word.endswith("s") and not word.endswith("ss"))
    )


_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|The|A|An|million|billion|thousand|hundred|\d+)\s+$")
_NEXT_WORD = re.compile(r"(?:['’]s)?\s+([A-Za-z]+)")
# Lower-case words that follow a person's name as its verb or a joining word.
_FOLLOWS_A_NAME = frozenset(
    """
    and or who whom whose is was has had will would could can cannot should may might must did
    does do said says told tells wrote writes added adds also then still never later once
    himself herself had got went came took made gave saw knew thought felt left met won lost
    ran became began kept put set sent paid spent led held faced called asked
    """.split()  # noqa: SIM905 (a word list reads better as words)
)


def _completion(text: str, form: str, person: Person) -> list[Insertion]:
    """The words of the full name before and after the short form, inserted around its first
    use in ``text``."""
    words = person.full_name.split()
    at = words.index(form)
    for match in _SINGLE.finditer(text):
        if match.group(1) == form and _names_a_person(text, match):
            before, after = " ".join(words[:at]), " ".join(words[at + 1 :])
            found = []
            if before:
                found.append(Insertion(match.start(), before, person.evidence))
            if after:
                found.append(Insertion(match.start() + len(form), after, person.evidence))
            return found
    return []


def _name_words(run: str) -> list[str]:
    return [w for w in run.split() if not re.fullmatch(r"[A-Z]\.", w) and w[0].isupper()]


def _used_alone(sentences: Iterable[Sentence]) -> set[str]:
    """Capitalised words the story uses alone as a person: a speaker ("Chaney said"), after a
    title ("Mr. Chaney"), or as a possessive opening a sentence ("Chaney's lawyer")."""
    alone: set[str] = set()
    for sentence in sentences:
        text = sentence.text
        for match in _SINGLE.finditer(text):
            word = match.group(1)
            if word in _NOT_A_NAME or _inside_full_name(text, match.start(), match.end()):
                continue
            after = text[match.end() : match.end() + 40]
            before = text[max(0, match.start() - 30) : match.start()]
            if _SPEECH_AFTER.match(after) or _TITLES.search(before):
                alone.add(word)
    return alone


def _acts_as_person(text: str, start: int, end: int, alone: set[str]) -> bool:
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    return bool(
        _TITLES.search(before)
        or _SPEECH_AFTER.match(after)
        or _SPEECH_BEFORE.search(before)
        or any(w in alone for w in _name_words(text[start:end]))
    )


_NAME_WORD_BEFORE = re.compile(rf"({_WORD})\s+(?:[A-Z]\.\s+)*$")
_NAME_WORD_AFTER = re.compile(rf"\s+(?:[A-Z]\.\s+)*({_WORD})")


def _inside_full_name(text: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` is part of a run of capitalised name words (a word
    that is never a name, such as a title, does not count: "President Trump" is "Trump")."""
    before = _NAME_WORD_BEFORE.search(text[max(0, start - 25) : start])
    after = _NAME_WORD_AFTER.match(text[end : end + 25])
    return (before is not None and before.group(1) not in _NOT_A_NAME) or (
        after is not None and after.group(1) not in _NOT_A_NAME
    )


# --- The learned test: does a sentence lean on what precedes it in its article? -------------
#
# Features are computed on lower-cased text (the training sentences are lower-cased), from the
# sentence and the three sentences before it in its article. They describe what the sentence
# refers to rather than how it opens: a description whose noun the sentence does not introduce
# but the article's previous sentences do ("the move"), a rare word used alone after it came
# in a pair before ("chaney" after "david chaney"), pronouns with no candidate antecedent before
# them, connectives, speech with a pronoun speaker, and how often the sentence's opening words
# open an article at all (mined from the training articles: an opening that seldom starts an
# article points back). See training/standalone.py for the labels and the fit.

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[\"“”]")
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "hers",
        "their",
        "theirs",
        "its",
        "him",
        "them",
        "himself",
        "herself",
    ]
)
_DEMONSTRATIVES = frozenset(["this", "that", "these", "those"])
_DETERMINERS = _DEMONSTRATIVES | {"the"}
_CONNECTIVES = frozenset(
    [
        "but",
        "and",
        "so",
        "also",
        "however",
        "yet",
        "still",
        "then",
        "thus",
        "meanwhile",
        "moreover",
        "furthermore",
        "instead",
        "nevertheless",
        "nonetheless",
        "hence",
        "therefore",
        "later",
        "afterward",
        "afterwards",
        "besides",
        "likewise",
        "similarly",
        "otherwise",
        "nor",
        "or",
        "too",
        "again",
        "another",
        "other",
        "others",
        "both",
        "either",
        "neither",
    ]
)
_SPEECH = frozenset(
    [
        "said",
        "says",
        "told",
        "tells",
        "added",
        "adds",
        "wrote",
        "writes",
        "explained",
        "asked",
        "replied",
    ]
)
_ROLES = frozenset(
    [
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "senator",
        "governor",
        "mayor",
        "judge",
        "president",
        "minister",
        "secretary",
        "chief",
        "director",
        "officer",
        "sheriff",
        "coach",
        "lawyer",
        "attorney",
        "company",
        "firm",
        "group",
        "agency",
        "department",
        "team",
        "suspect",
        "victim",
        "man",
        "woman",
        "boy",
        "girl",
        "couple",
        "star",
        "singer",
        "actor",
        "actress",
        "player",
        "report",
        "study",
        "researchers",
        "police",
        "authorities",
    ]
)
CONTEXT_FEATURES = (
    "index",
    "relative_position",
    "is_first",
    "tokens",
    "opening_1",
    "opening_2",
    "opening_3",
    "opening_min",
    "first_is_pronoun",
    "first_is_demonstrative",
    "first_is_connective",
    "first_is_the",
    "first_is_quote",
    "pronouns",
    "pronoun_first_at",
    "pronoun_before_rare",
    "anaphoric_descriptions",
    "anaphoric_first_at",
    "demonstratives",
    "role_descriptions",
    "backreferences",
    "rare_seen_before",
    "rare_new",
    "rare_tokens",
    "connectives_early",
    "pronoun_speaker",
    "speech",
    "quote_marks",
    "first_person",
    "previous_overlap",
    "question",
    "full_names",
    "age_apposition",
    "indefinite_early",
    "opens_with_full_name",
    "first_rare_seen",
    "rare_alone_seen",
    "absolute_date",
    "named_speaker",
    "second_person",
    "exclamation",
    "evaluative",
    "attributed",
)


#: The heads of the learned test: any need, a need only the article's previous sentence
#: meets, someone's words as the brief's own, and each kind of need.
KINDS = ("pronoun", "description", "sequence", "quote", "other")
HEADS = ("context", "previous", "voice", *KINDS)


@dataclass(frozen=True)
class ContextModel:
    """The shipped model (``data/standalone.json``, written by training/standalone.py):
    opening statistics and one tree ensemble per head (:data:`HEADS`), each with the
    probability from which its answer is taken as yes."""

    openings: Mapping[str, float]
    heads: Mapping[str, TreeEnsemble]
    thresholds: Mapping[str, float]

    def probabilities(self, sentences: Sequence[Sentence]) -> dict[str, np.ndarray]:
        """Each head's probability for each sentence of one article (all of them, in
        article order)."""
        return self.probabilities_of([sentences])[0]

    def probabilities_of(
        self,
        articles: Sequence[Sequence[Sentence]],
        positions: Sequence[Sequence[int]] | None = None,
    ) -> list[dict[str, np.ndarray]]:
        """:meth:`probabilities` for several articles, the trees walked once for all; with
        ``positions`` (ascending, per article), for the sentences at those positions only."""
        rows = [
            context_features(
                sentences,
                openings=self.openings,
                is_rare=rare_test(),
                at=None if positions is None else positions[k],
            )
            for k, sentences in enumerate(articles)
        ]
        every = np.array([row for article in rows for row in article], dtype=float)
        if not len(every):
            return [{head: np.zeros(0) for head in self.heads} for _ in articles]
        predicted = {head: _sigmoid(model.predict(every)) for head, model in self.heads.items()}
        bounds = np.cumsum([0] + [len(article) for article in rows])
        return [
            {head: values[start:end] for head, values in predicted.items()}
            for start, end in itertools.pairwise(bounds)
        ]


@functools.lru_cache(maxsize=1)
def context_model() -> ContextModel:
    """The model shipped as package data (read once per process)."""
    text = resources.files("newsdesk").joinpath("data/standalone.json").read_text("utf-8")
    data = json.loads(text)
    if tuple(data["features"]) != CONTEXT_FEATURES:
        raise RuntimeError("standalone.json was trained on other features: retrain it")
    return ContextModel(
        data["openings"],
        {head: TreeEnsemble.from_dict(data[head]) for head in HEADS},
        {head: float(data[f"{head}_threshold"]) for head in HEADS},
    )


def _sigmoid(raw: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-raw)))


def context_features(
    sentences: Sequence[Sentence],
    *,
    openings: Mapping[str, float],
    is_rare: Callable[[str], bool],
    at: Collection[int] | None = None,
) -> list[list[float]]:
    """The features of each sentence of one article (``sentences``: all of them, in article
    order), or with ``at`` of the sentences at those positions only, in article order;
    ``is_rare`` tells a rare word (a name or a specific term) from a common one. A
    sentence's position counts the presentable sentences before it: a headline or a caption
    before the lede does not make the lede a second sentence."""
    texts = [s.text for s in sentences]
    tokens = [_TOKEN.findall(text.lower()) for text in texts]
    shown = sum(s.presentable for s in sentences)
    wanted = None if at is None else set(at)
    rows = []
    position = 0
    for i, words in enumerate(tokens):
        position += i > 0 and sentences[i - 1].presentable
        if wanted is not None and i not in wanted:
            continue
        before = [w for sentence in tokens[max(0, i - 3) : i] for w in sentence]
        seen = set(before)
        plain = [w for w in words if w not in '"“”']
        n = max(len(plain), 1)
        first = plain[0] if plain else ""
        opening = [" ".join(plain[: k + 1]) for k in range(min(3, len(plain)))]
        scores = [openings.get(o, 0.0) for o in opening] + [0.0] * (3 - len(opening))
        rare = [k for k, w in enumerate(plain) if is_rare(w)]
        pronoun_at = next((k for k, w in enumerate(plain) if w in _PRONOUNS), n)
        anaphoric = []
        roles = 0
        for k, w in enumerate(plain[:-1]):
            if w in _DETERMINERS:
                following = plain[k + 1 : k + 3]
                earlier = set(plain[:k])
                if any(f in seen and f not in earlier and len(f) > 3 for f in following):
                    anaphoric.append(k)
                if following and following[0] in _ROLES and w == "the":
                    roles += 1
        backrefs = 0
        for k in rare:
            word = plain[k]
            previous_word = plain[k - 1] if k else ""
            if word in seen and _preceded_otherwise(before, word, previous_word):
                backrefs += 1
        rare_seen = sum(1 for k in rare if plain[k] in seen)
        previous = set(tokens[i - 1]) if i else set()
        content = [w for w in plain if len(w) > 3]
        overlap = sum(1 for w in content if w in previous) / max(len(content), 1)
        text = texts[i]
        lower = text.lower()
        pronoun_speaker = _PRONOUN_SPEAKER_LOWER.search(lower) is not None
        rows.append(
            [
                float(position),
                position / max(shown, 1),
                float(position == 0),
                float(len(plain)),
                *scores,
                min(scores),
                float(first in _PRONOUNS),
                float(first in _DEMONSTRATIVES),
                float(first in _CONNECTIVES),
                float(first == "the"),
                float(bool(words) and words[0] in '"“”'),
                float(sum(w in _PRONOUNS for w in plain)),
                pronoun_at / n,
                float(pronoun_at < n and (not rare or pronoun_at < rare[0])),
                float(len(anaphoric)),
                (anaphoric[0] / n) if anaphoric else 1.0,
                float(sum(w in _DEMONSTRATIVES for w in plain)),
                float(roles),
                float(backrefs),
                float(rare_seen),
                float(len(rare) - rare_seen),
                float(len(rare)),
                float(any(w in _CONNECTIVES for w in plain[:4])),
                float(pronoun_speaker),
                float(any(w in _SPEECH for w in plain)),
                float(sum(w in '"“”' for w in words)),
                float(_first_person_lower(text)),
                overlap,
                float(text.rstrip().endswith("?")),
                *_introductions(plain, rare, seen, text, lower, pronoun_speaker),
            ]
        )
    return rows


def _preceded_otherwise(before: list[str], word: str, previous_word: str) -> bool:
    """Whether ``word`` came in ``before`` after some word other than ``previous_word`` (a
    rare word used alone after it came in a pair: "chaney" after "david chaney"). Asked of a
    sentence's few rare words only, rather than indexing every pair of words before it."""
    return any(before[j - 1] != previous_word for j in range(1, len(before)) if before[j] == word)


def _introductions(
    plain: list[str],
    rare: list[int],
    seen: set[str],
    text: str,
    lower: str,
    pronoun_speaker: bool,
) -> list[float]:
    """What a sentence introduces itself: full names (two rare words in a row, "rebekah
    martinez"), an age in apposition (", 22,"), an indefinite noun phrase early ("a woman"),
    and how it uses the rare words its article gave before (a name alone again). ``lower``
    is ``text`` lower-cased, ``pronoun_speaker`` whether a pronoun speaks in it (both read
    once per sentence by the caller)."""
    rare_set = set(rare)
    pairs = [k for k in rare if k + 1 in rare_set]
    first_rare = plain[rare[0]] if rare else ""
    alone_seen = sum(
        1 for k in rare if plain[k] in seen and k - 1 not in rare_set and k + 1 not in rare_set
    )
    return [
        float(len(pairs)),
        float(_AGE.search(text) is not None),
        float(any(w in ("a", "an") for w in plain[:4])),
        float(bool(pairs) and pairs[0] == 0),
        float(first_rare in seen),
        float(alone_seen),
        float(_ABSOLUTE_DATE.search(lower) is not None),
        float(_NAMED_SPEAKER.search(lower) is not None and not pronoun_speaker),
        float(_SECOND_PERSON.search(_QUOTED_LOWER.sub(" ", lower)) is not None),
        float("!" in text),
        float(sum(w in _EVALUATIVE for w in plain)),
        float(_ATTRIBUTION_LOWER.search(lower) is not None),
    ]


_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you've|yours)\b")
_ATTRIBUTION_LOWER = re.compile(
    r"\b(?:said|says|told|according to|wrote|writes|argued|claimed|tweeted|insisted)\b"
)
# Words of judgement: stated with no one they are attributed to, they are the writer's voice.
_EVALUATIVE = frozenset(
    """disgusting shameful ridiculous absurd outrageous stupid idiotic crazy insane pathetic
    terrible horrible awful horrific appalling disgraceful despicable vile sickening
    amazing awesome brilliant wonderful fantastic incredible stunning gorgeous hilarious
    best worst greatest unbelievable laughable bizarre weird creepy inexcusable sloppy
    boring dull clumsy campy cheesy embarrassing hypocritical dishonest corrupt evil""".split()  # noqa: SIM905
)
_AGE = re.compile(r",\s*\d{1,3},")
_ABSOLUTE_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b(?:19|20)\d\d\b"
)
_NAMED_SPEAKER = re.compile(r"\b[a-z]{3,}\s+(?:said|says|told|tells)\b")
_PRONOUN_SPEAKER_LOWER = re.compile(
    r"\b(?:he|she|they)\s+(?:said|says|told|tells|added|adds|wrote|explained|asked|replied)\b"
)
_FIRST_PERSON_LOWER = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|we|we're|our|us)\b")
_QUOTED_LOWER = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _first_person_lower(text: str) -> bool:
    # "US" is the country, not "us" (the training text writes it "u.s.").
    plain = _QUOTED_LOWER.sub(" ", _US.sub("u.s.", text)).lower()
    return bool(_FIRST_PERSON_LOWER.search(plain))


_US = re.compile(r"\bUS\b")


# A word is rare (a name, a specific term) when fewer than this share of the training articles
# use it: about 170 of the 34,159 articles of data/desk_df.tsv.gz.
RARE_SHARE = 0.005


@functools.lru_cache(maxsize=1)
def rare_test() -> Callable[[str], bool]:
    """Whether a lower-cased word is rare in news (its stem in few training articles)."""
    from newsdesk.represent import background_frequencies, terms

    counts, documents = background_frequencies()
    limit = RARE_SHARE * documents

    @functools.lru_cache(maxsize=65536)
    def is_rare(word: str) -> bool:
        stems = terms(word)
        return bool(stems) and counts.get(stems[0], 0) < limit

    return is_rare
