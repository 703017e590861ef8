"""Furniture: is a sentence of an article page furniture rather than news, and of what kind?

Page furniture is the text a web page puts around a story: promos, interface text, photo and
video captions and credits, headlines and headline questions, teasers of other stories,
bylines, sign-offs and editors' notes. :mod:`newsdesk.clean` removes the lines whose form
gives them away and :func:`newsdesk.segment._why_not_presentable` refuses sentences by
pattern; this module adds a learned test next to those rules, for the furniture that no
pattern lists ("Help us investigate and warn others by reporting what you know.", "A man
watches a TV news program ... in Seoul, South Korea, Monday, April 11, 2016.").

The method follows Kohlschütter, Fankhauser & Nejdl (2010), "Boilerplate Detection using
Shallow Text Features" (WSDM): boilerplate is told from content by shallow features of each
piece of text (its length, position, punctuation and word classes) with a decision-tree
classifier. Deviations: the pieces are sentences, not HTML blocks (the training articles
come as plain lower-cased text without their markup or lines, so no link density and no line
structure); the trees are gradient-boosted (LightGBM, Ke et al. 2017) and evaluated with
numpy (:mod:`newsdesk.trees`); and one feature is a linear score of the sentence's
word n-grams (a logistic regression on the training labels, stacked under the trees), so
that the words of furniture ("subscribe", "getty images", "story highlights") count without
a list of them. The kind comes from a second, multinomial logistic regression on the same
features, fitted on furniture sentences only.

Every feature ignores capitals (the training text is lower-cased, with sentence starts
capitalised). Labels, training and thresholds: ``training/furniture.py``; the model ships as
``data/furniture.json``.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from newsdesk.trees import TreeEnsemble

KINDS = (
    "promo",
    "interface",
    "caption",
    "headline",
    "teaser",
    "byline",
    "signoff",
    "editors_note",
    "other",
)
# How each kind reads in a ``why_not``: "page furniture (a promo)".
KIND_NAMES = {
    "promo": "a promo",
    "interface": "interface text",
    "caption": "a caption or credit",
    "headline": "a headline",
    "teaser": "a teaser",
    "byline": "a byline",
    "signoff": "a sign-off",
    "editors_note": "an editor's note",
    "other": "not news",
}

# Words of one class each, counted per sentence (lower case, apostrophes dropped).
_LEXICON: dict[str, str] = {
    "imperative": "click tap subscribe sign watch follow share read download see check join like "
    "listen get find learn visit donate pledge help tell send vote scroll swipe enjoy please "
    "register log",
    "credit": "getty images photo photos photograph photographer image credit courtesy afp ap "
    "reuters epa pool file handout shutterstock istock via",
    "interface": "comment comments commenting login password browser javascript cookie cookies "
    "email newsletter inbox app facebook twitter instagram pinterest linkedin whatsapp embed "
    "playback player loading video gallery slideshow advertisement ad ads reply menu button "
    "link links print toggle caption enlarge",
    "promo": "subscribe subscription subscribers newsletter donate donation donations proceeds "
    "sale buy offer free exclusive discount shop order pledge fundraising sponsored premium",
    "teaser": "related read more here below above following watch also next previous",
    "byline": "by written posted published updated staff reporter correspondent editor writer "
    "contributed covers contact reached",
    "second_person": "you your yours yourself",
    "first_person": "i me my we our us",
    "speech": "said says told tells according added asked explained wrote stated announced "
    "reported confirmed",
    "place_side": "left right center centre background foreground front",
    "auxiliary": "is are was were be been being has have had will would can could should may "
    "might must do does did isn aren wasn weren hasn haven hadn won didn doesn don",
    # The present tense of a picture ("arrives", "poses", "is seen"): captions describe one.
    "picture": "arrive arrives pose poses walk walks stand stands speak speaks hold holds gesture "
    "gestures attend attends wave waves sit sits listen listens watches leaves enter enters "
    "talk talks pray prays march marches gather gathers celebrate celebrates cries hug hugs "
    "smile smiles ride rides carry carries deliver delivers addresses answer answers point "
    "points survey surveys wait waits passes displays cheer cheers crosses prepare prepares "
    "pulls rushes performs reacts kisses greets stare stares seen pictured shown",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLASSES = tuple(_LEXICON)
_SETS = tuple(_words(words) for words in _LEXICON.values())
_LEXICON_WORDS = frozenset().union(*_SETS)
_CLASSES_OF = {
    word: tuple(c for c, members in enumerate(_SETS) if word in members)
    for word in sorted(_LEXICON_WORDS)
}
# The classes whose words, opening a sentence, tell furniture ("Click ...", "Related ...").
_OPENING_CLASSES = ("imperative", "teaser", "byline")
_OPENS = {
    word: tuple(int(word in _SETS[_CLASSES.index(name)]) for name in _OPENING_CLASSES)
    for word in sorted(_LEXICON_WORDS)
}
_NO_CLASS = (0,) * len(_OPENING_CLASSES)
_CREDIT_WORDS = _SETS[_CLASSES.index("credit")]
_DATE_WORDS = _words(
    """0 jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december mon monday tue tues tuesday wed wednesday
    thu thurs thursday fri friday sat saturday sun sunday"""
)
# Words too common to tell whether a sentence shares its article's subject.
_STOP = _words(
    "this that these those with from have been were will would could should about after "
    "before over into their there here what when where which said says also just than then "
    "they them your more most some other only such very much many like even well back"
)
# The training articles are cut after about 430 words (the Multi-News+ form: 8 sentences in
# the median, 13 at the 99th percentile of the labelled ones), articles at run time are whole:
# a sentence's position counts up to POSITION_CAP, its end is not known (the training texts'
# last sentence is where they were cut), and it is compared with the sentences up to CONTEXT
# before and after it, not with a whole article whose length training never saw.
POSITION_CAP = 15
CONTEXT = 5
# ... and, for a caption repeated after its truncated preview, with those up to NEARBY.
NEARBY = 3

# Words without their apostrophes: the training text writes "we ' ll" as often as "we'll".
_TOKEN = re.compile(r"[a-z0-9]+")
_CONTENT = re.compile(r"[a-z]{4,}")
_DIGITS = re.compile(r"[0-9]+")
_DIGIT = re.compile(r"[0-9]")
_ED = re.compile(r"[a-z]ed\b")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_FULL_DATE = re.compile(_MONTH + r"\s+\d{1,2}\s*,\s*(?:19|20)\d\d")
_ENDS_ON_DATE = re.compile(
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:\s*,\s*(?:19|20)\d\d)?|\b(?:19|20)\d\d)\W*$"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A credit in brackets: "( getty images )", "(AP Photo/Evan Vucci)", "( scott olson/getty )".
_CREDIT_BRACKETS = re.compile(
    r"[(\[][^()\[\]]{0,60}(?:/|photo|image|getty|associated press|\bap\b|reuters|afp|"
    r"credit|courtesy)[^()\[\]]{0,60}[)\]]"
)
_SLASH = re.compile(r"\w\s?/\s?\w")
_THIS_PICTURE = re.compile(
    r"\bth(?:is|ese) (?:\w+ )?(?:photo|image|picture|video|file|undated|handout|screenshot|"
    r"still|frame|film|clip|footage|x-ray)\b"
)

FEATURES = (
    "index",
    "words",
    "chars_per_word",
    "digit_share",
    "date_share",
    "ed_share",
    "ends_question",
    "ends_exclamation",
    "ends_period",
    "full_date",
    "ends_on_date",
    "year",
    *(f"opens_{name}" for name in _OPENING_CLASSES),
    *(f"{name}_words" for name in _CLASSES),
    "credit_brackets",
    "slash",
    "slash_early",
    "credit_early",
    "this_picture",
    "quote_marks",
    "brackets",
    "shared_nearby",
    "near_copy_nearby",
    "shared_with_previous",
    "shared_with_next",
    "ngram_score",
)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, digits folded to 0 ("2016" and "2017" are one token)."""
    return _TOKEN.findall(_DIGITS.sub("0", text.lower()))


def ngrams(words: Sequence[str]) -> list[str]:
    """The n-grams the linear score reads: words, pairs of words, and the first and last
    one and two words marked as such ("<s> click", "<s> sign up", "getty images </s>")."""
    if not words:
        return []
    edges = [f"<s> {words[0]}", f"{words[-1]} </s>"]
    if len(words) > 1:
        edges += [f"<s> {words[0]} {words[1]}", f"{words[-2]} {words[-1]} </s>"]
    return [*words, *map(" ".join, itertools.pairwise(words)), *edges]


def ngram_key(ngram: str) -> str | tuple[str, ...]:
    """How the shipped weights key an n-gram of :func:`ngrams`: a word as itself, longer
    n-grams as tuples of words (looked up from ``zip`` without joining strings)."""
    return tuple(ngram.split(" ")) if " " in ngram else ngram


def _ngram_score(words: list[str], get: Callable[[Any], float | None]) -> float:
    """The sum of the weights of :func:`ngrams` (keyed by :func:`ngram_key`)."""
    if not words:
        return 0.0
    total = sum(filter(None, map(get, words)))
    total += sum(filter(None, map(get, itertools.pairwise(words))))
    edges: list[tuple[str, ...]] = [("<s>", words[0]), (words[-1], "</s>")]
    if len(words) > 1:
        edges += [("<s>", words[0], words[1]), (words[-2], words[-1], "</s>")]
    return float(total + sum(filter(None, map(get, edges))))


def furniture_features(
    texts: Sequence[str],
    rows: Sequence[int] | None = None,
    *,
    ngram_weights: Mapping[str | tuple[str, ...], float] | None = None,
    ngram_bias: float = 0.0,
) -> np.ndarray:
    """The features (:data:`FEATURES`) of the sentences ``rows`` (all when None) of one
    article whose sentences are ``texts``, in article order. The last, ``ngram_score``, is the
    linear n-gram score under ``ngram_weights`` (keyed by :func:`ngram_key`; 0 without them).

    Besides the sentence's own form, what it shares with the sentences around it counts:
    news sentences share their story's words, while promos, interface text and teasers of
    other stories share few (and a caption repeated in full after its truncated preview
    shares nearly all of them with a sentence close by).

    This runs on every sentence of every article: the work per sentence is a few regular
    expressions run in C and set and dictionary look-ups, guarded by cheap tests.
    """
    n = len(texts)
    rows = range(n) if rows is None else rows
    lowered_texts = [text.strip().lower() for text in texts]
    content = [set(_CONTENT.findall(text)) - _STOP for text in lowered_texts]
    get = ngram_weights.get if ngram_weights is not None else None
    out = []
    for i in rows:
        lowered = lowered_texts[i]
        words = _TOKEN.findall(_DIGITS.sub("0", lowered)) if lowered else []
        vocabulary = set(words)
        count = max(len(words), 1)
        found = [0] * len(_SETS)
        for word in vocabulary & _LEXICON_WORDS:  # (distinct words: a few, most sentences none)
            for c in _CLASSES_OF[word]:
                found[c] += 1
        last = lowered.rstrip(" \"')]")[-1:]
        digits = "0" in vocabulary
        dated = digits and _ENDS_ON_DATE.search(lowered[-40:]) is not None
        full_date = digits and _FULL_DATE.search(lowered) is not None
        mine = content[i]
        size = max(len(mine), 1)
        around = set().union(*content[max(0, i - CONTEXT) : i], *content[i + 1 : i + 1 + CONTEXT])
        near = [*content[max(0, i - NEARBY) : i], *content[i + 1 : i + 1 + NEARBY]]
        near_copy = max(map(len, map(mine.__and__, near)), default=0)
        score = ngram_bias + (_ngram_score(words, get) if get is not None else 0.0)
        slash = "/" in lowered
        bracket = "(" in lowered or "[" in lowered
        letters = max(len(lowered) - lowered.count(" "), 1)
        out.append(
            [
                min(i, POSITION_CAP),
                len(words),
                letters / count,
                len(_DIGIT.findall(lowered)) / letters if digits else 0.0,
                sum(map(_DATE_WORDS.__contains__, words)) / count,
                len(_ED.findall(lowered)) / count,
                last == "?",
                last == "!",
                last == ".",
                full_date,
                dated,
                digits and _YEAR.search(lowered) is not None,
                *(_OPENS.get(words[0], _NO_CLASS) if words else _NO_CLASS),
                *found,
                bracket and _CREDIT_BRACKETS.search(lowered) is not None,
                slash,
                slash and _SLASH.search(lowered, 0, 50) is not None,
                not _CREDIT_WORDS.isdisjoint(words[:6]),
                ("this " in lowered or "these " in lowered)
                and _THIS_PICTURE.search(lowered) is not None,
                lowered.count('"'),
                lowered.count("(") + lowered.count("[") if bracket else 0,
                len(mine & around) / size,
                near_copy / size,
                len(mine & content[i - 1]) / size if i > 0 else 0.0,
                len(mine & content[i + 1]) / size if i + 1 < n else 0.0,
                score,
            ]
        )
    return np.array(out, dtype=float).reshape(len(out), len(FEATURES))


@dataclass(frozen=True)
class Furniture:
    """A sentence's probability of being page furniture, and its most likely kind."""

    probability: float
    kind: str

    @property
    def why_not(self) -> str:
        """The reason a brief does not show the sentence, if it is furniture."""
        return f"page furniture ({KIND_NAMES[self.kind]})"


@dataclass(frozen=True)
class FurnitureModel:
    """The shipped model (``data/furniture.json``, written by training/furniture.py): the
    n-gram weights of the linear score, the trees over :data:`FEATURES`, the threshold from
    which a sentence is taken as furniture, and the kind classifier (standardised features,
    one row of weights per kind)."""

    ngram_weights: Mapping[str | tuple[str, ...], float]
    ngram_bias: float
    trees: TreeEnsemble
    threshold: float
    kind_mean: np.ndarray
    kind_scale: np.ndarray
    kind_weights: np.ndarray
    kind_bias: np.ndarray

    def features(self, texts: Sequence[str], rows: Sequence[int] | None = None) -> np.ndarray:
        """:func:`furniture_features` with this model's n-gram score."""
        return furniture_features(
            texts, rows, ngram_weights=self.ngram_weights, ngram_bias=self.ngram_bias
        )

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(furniture) of each row of features."""
        if not len(features):
            return np.zeros(0)
        return np.asarray(1.0 / (1.0 + np.exp(-self.trees.predict(features))))

    def kinds(self, features: np.ndarray) -> list[str]:
        """The most likely kind of furniture of each row of features."""
        if not len(features):
            return []
        logits = (features - self.kind_mean) / self.kind_scale @ self.kind_weights.T
        return [KINDS[int(k)] for k in np.argmax(logits + self.kind_bias, axis=1)]

    def assess(self, texts: Sequence[str], rows: Sequence[int] | None = None) -> list[Furniture]:
        """Furniture probability and kind of the sentences ``rows`` (all when None) of one
        article whose sentences are ``texts``, in article order."""
        x = self.features(texts, rows)
        return [
            Furniture(round(float(p), 4), kind)
            for p, kind in zip(self.probabilities(x), self.kinds(x), strict=True)
        ]


@functools.lru_cache(maxsize=1)
def furniture_model() -> FurnitureModel:
    """The model shipped as package data (read once per process)."""
    text = resources.files("newsdesk").joinpath("data/furniture.json").read_text("utf-8")
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES or tuple(data["kinds"]) != KINDS:
        raise RuntimeError("furniture.json was trained on other features: retrain it")
    return FurnitureModel(
        {ngram_key(ngram): weight for ngram, weight in data["ngram_weights"].items()},
        float(data["ngram_bias"]),
        TreeEnsemble.from_dict(data["trees"]),
        float(data["threshold"]),
        np.array(data["kind_mean"]),
        np.array(data["kind_scale"]),
        np.array(data["kind_weights"]),
        np.array(data["kind_bias"]),
    )


def article_furniture(texts: Sequence[str], rows: Sequence[int] | None = None) -> list[Furniture]:
    """Each sentence's furniture probability and kind (``rows`` of the article's sentences
    ``texts``, all when None), by the shipped model."""
    return furniture_model().assess(texts, rows)


def furniture_reasons(
    articles: Sequence[tuple[Sequence[str], Sequence[int]]],
) -> list[list[str | None]]:
    """For each article, given as its sentences' texts and the sentences to test: why a brief
    does not show each tested sentence ("page furniture (a promo)") when the model takes it as
    furniture (its probability reaches the shipped threshold, chosen for a cross-validated
    precision of 0.9), else None. The trees score all articles' sentences at once."""
    model = furniture_model()
    parts = [model.features(texts, rows) for texts, rows in articles if rows]
    if not parts:
        return [[None] * len(rows) for _, rows in articles]
    x = np.vstack(parts)
    found = np.flatnonzero(model.probabilities(x) >= model.threshold)
    flat: list[str | None] = [None] * len(x)
    for at, kind in zip(found, model.kinds(x[found]), strict=True):
        flat[at] = f"page furniture ({KIND_NAMES[kind]})"
    out = []
    start = 0
    for _, rows in articles:
        out.append(flat[start : start + len(rows)])
        start += len(rows)
    return out
