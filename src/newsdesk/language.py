"""Which articles are not in English: briefs are written for English, and others are set aside.

A cheap look at the letters and words of an article clears English text without loading a
model: mostly Latin letters, and a share of English function words that every English text
has (news, lower-cased news and personal posts alike: 25 to 50% of the words). Only an
article that fails it is given to py3langid (its model ships in the wheel; loading it takes a
second), which names the language.
"""

from __future__ import annotations

import functools
import re
from typing import Any

SAMPLE_CHARS = 5_000  # the start of an article is enough to tell its language
MIN_WORDS = 20  # shorter, an article is taken as English (too little to judge)
MIN_LATIN_SHARE = 0.9  # of the letters
MIN_FUNCTION_WORD_SHARE = 0.15  # of the words
MIN_PROBABILITY = 0.9  # that Latin-letter text is in the language named

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

NAMES = {
    "ar": "Arabic", "de": "German", "el": "Greek", "es": "Spanish", "fa": "Persian",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ru": "Russian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese",
    "zh": "Chinese",
}  # fmt: skip


def other_language(text: str) -> str | None:
    """The language of ``text`` (``"Russian (ru)"``) when it is not English, else ``None``.

    Text mostly in another script is never English; text in Latin letters is taken as
    another language only when the identifier is sure of it (a list of country names, say,
    has few English function words and no language).
    """
    sample = text[:SAMPLE_CHARS]
    # Letters counted in C: the ASCII ones by deleting every other byte of the ASCII text;
    # only the few non-ASCII characters of English text (curly quotes, dashes, accents) are
    # looked at one by one.
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    letters = ascii_letters + sum(c.isalpha() for c in _NON_ASCII.findall(sample))
    if not letters:
        return None  # nothing to judge (numbers, symbols): left to the other checks
    latin = ascii_letters / letters >= MIN_LATIN_SHARE
    if latin:
        from newsdesk.represent import STOP_WORDS  # numpy and scipy: not for reading files

        words = _WORD.findall(sample.lower())
        if len(words) < MIN_WORDS:
            return None
        if sum(map(STOP_WORDS.__contains__, words)) / len(words) >= MIN_FUNCTION_WORD_SHARE:
            return None
    code, probability = _identifier().classify(sample)
    if code == "en" or (latin and probability < MIN_PROBABILITY):
        return None
    return f"{NAMES[code]} ({code})" if code in NAMES else str(code)


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier, with probabilities (loads its model: about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
