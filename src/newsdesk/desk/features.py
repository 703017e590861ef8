"""Features of one article for the desk: its fingerprint, its terms and entities, its MinHash.

This is the per-article work of ``newsdesk add``: it needs nothing but the article, so it runs
on worker processes (``--jobs``) while the assignment to stories runs in input order.

- The **content hash** is the SHA-1 of the text with white space collapsed and case folded: the
  same article read twice (from a file, then from a JSONL line) has the same hash and is stored
  once.
- **Terms** are the stemmed content words of :func:`newsdesk.represent.terms`; the title is
  counted twice (it names the event). **Entities** are runs of capitalised words that do not
  open a sentence (a cheap stand-in for named entities that needs no model; a lower-cased
  article has none and is compared on its terms alone).
- The **MinHash** (Broder 1997, "On the resemblance and containment of documents") is taken over
  word 5-shingles of the casefolded text, with ``datasketch``; near-copies are found from it in
  :mod:`newsdesk.desk.copies`.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from newsdesk.represent import STOP_WORDS, terms

SHINGLE = 5  # words per shingle: APW write-thrus sit at 5-shingle Jaccard >= 0.9
NUM_PERM = 128  # MinHash permutations (Jaccard estimate error about 0.03 at 0.9)
MINHASH_SEED = 1  # fixed: signatures stored in one run are compared in the next
MINHASH_SCHEME = "affine32"  # datasketch 2 hash scheme, named: stored signatures must match
TOP_TERMS = 80  # an article's vector keeps its heaviest terms (the tail is noise and cost)

_WORD = re.compile(r"\w+", re.UNICODE)
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$|ncid$|ocid$)", re.I)
# A run of capitalised words (with inner "of", "de", "bin"...) that names something.
_ENTITY = re.compile(
    r"\b([A-Z][\w'’\-.&]*(?:\s+(?:(?:of|de|la|du|van|von|bin|al|el|the)\s+)?[A-Z][\w'’\-.&]*)*)"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”'‘’(\[]\s*|\n\s*)$")


@dataclass(frozen=True)
class ArticleFeatures:
    """What the desk computes once for an article.

    ``terms`` and ``entities`` are raw counts (weighted by IDF at assignment time, when the
    document frequencies of the stream so far are known); ``signature`` is the MinHash as
    ``NUM_PERM`` unsigned 64-bit values and ``shingles`` the number of distinct shingles.
    """

    content_hash: str
    terms: tuple[tuple[str, float], ...]
    entities: tuple[tuple[str, float], ...]
    signature: bytes
    shingles: int
    day: int | None  # days since 1970-01-01 of the publication date, when known


def content_hash(text: str) -> str:
    """The article's fingerprint: SHA-1 of its words, case folded, one space apart."""
    return hashlib.sha1(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """A URL without what does not name the article: scheme case, ``www.``, fragment, tracking
    parameters, a trailing slash. ``None`` for no URL or one without a host."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))


def parse_day(published: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date (``2019-01-07``, ``2019-01-07T10:00:00Z``)."""
    if not published:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published)
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).toordinal() - date(1970, 1, 1).toordinal()
    except ValueError:
        return None


def entities(text: str) -> Counter[str]:
    """Capitalised phrases that do not open a sentence, case folded, with their counts."""
    found: Counter[str] = Counter()
    for match in _ENTITY.finditer(text):
        phrase = match.group(1).rstrip(".-'’")
        if (
            _SENTENCE_START.search(text, max(0, match.start() - 4), match.start())
            and " " not in phrase
        ):
            continue  # a capital that may only open the sentence
        key = phrase.casefold()
        if key in STOP_WORDS or len(key) < 2:
            continue
        found[key] += 1
    return found


def shingles(text: str) -> list[bytes]:
    """Word 5-shingles of the casefolded text (every word kept: copies share function words)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else []
    return sorted(
        {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    )


@functools.lru_cache(maxsize=1)
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations of our seed, made once (datasketch draws them anew for every
    sketch otherwise, which costs more than hashing an article)."""
    from datasketch import MinHash

    made: tuple[np.ndarray, np.ndarray] = MinHash(
        num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME
    ).permutations
    return made


def sketch(signature: np.ndarray | None = None) -> Any:
    """A ``datasketch.MinHash`` of our parameters: empty, or holding ``signature``."""
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
        hashvalues=signature,
        permutations=permutations(),
    )


def minhash(items: list[bytes]) -> np.ndarray:
    """The MinHash signature of a set of shingles (``datasketch``, fixed seed)."""
    sketch_ = sketch()
    if items:
        sketch_.update_batch(items)
    return np.asarray(sketch_.hashvalues, dtype=np.uint64)


def weights(counts: Counter[str]) -> tuple[tuple[str, float], ...]:
    """Sublinear term frequencies (1 + log tf), heaviest first, ties by term, cut to TOP_TERMS
    before IDF is known (a generous cut: IDF reorders them later)."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: TOP_TERMS * 3]
    return tuple((term, 1.0 + math.log(count)) for term, count in ranked)


def features(text: str, title: str | None = None, published: str | None = None) -> ArticleFeatures:
    """Everything the desk needs to know about one article's text (pure: runs anywhere)."""
    counts = Counter(terms(text))
    entity_counts = entities(text)
    if title:
        for term in terms(title):
            counts[term] += 2  # titles are in title case: their capitals name nothing
    grams = shingles(text)
    return ArticleFeatures(
        content_hash=content_hash(text),
        terms=weights(counts),
        entities=weights(entity_counts),
        signature=minhash(grams).tobytes(),
        shingles=len(grams),
        day=parse_day(published),
    )
