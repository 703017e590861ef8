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
  word 5-shingles of the casefolded text, as ``datasketch`` 2 takes it with its ``affine32``
  scheme (each shingle's SHA-1, its first four bytes as a number, the MurmurHash3 finalizer,
  then ``NUM_PERM`` affine permutations modulo 2**32 and the least value of each), value for
  value, but over all the shingles at once in numpy: the hashes come out of one buffer and
  the permutations are one array operation, where ``datasketch`` unpacks each hash and builds
  a sketch per article. Stored signatures stay valid (tested against ``datasketch``);
  near-copies are found from them in :mod:`newsdesk.desk.copies`.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Collection
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


def shingles(text: str) -> set[bytes]:
    """The distinct word 5-shingles of the casefolded text, as UTF-8 (every word kept: copies
    share function words); a text of fewer words is one shingle."""
    words = [word.encode("utf-8") for word in _WORD.findall(text.casefold())]
    if len(words) < SHINGLE:
        return {b" ".join(words)} if words else set()
    # Five copies of the words, each one word further on: zip stops at the shortest.
    return set(map(b" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))


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


# The MurmurHash3 32-bit finalizer (Appleby, MurmurHash3 ``fmix32``): shifts and multipliers.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_EMPTY = np.full(NUM_PERM, 2**32 - 1, dtype=np.uint64)  # an empty sketch's values


def minhash(items: Collection[bytes]) -> np.ndarray:
    """The MinHash signature of a set of shingles: what ``datasketch.MinHash(num_perm=NUM_PERM,
    seed=MINHASH_SEED, scheme=MINHASH_SCHEME).update_batch(items)`` holds, as uint64."""
    if not items:
        return np.array(_EMPTY)
    # datasketch's sha1_hash32: the first four bytes of the SHA-1 digest, little-endian.
    digests = b"".join([hashlib.sha1(item).digest() for item in items])
    hashed = np.frombuffer(digests, dtype="<u4")[:: hashlib.sha1().digest_size // 4].copy()
    first, multiplier, second, multiplier2, third = (np.uint32(c) for c in _FMIX32)
    hashed ^= hashed >> first
    hashed *= multiplier  # modulo 2**32, as uint32 arithmetic wraps
    hashed ^= hashed >> second
    hashed *= multiplier2
    hashed ^= hashed >> third
    a, b = (p.astype(np.uint32, copy=False) for p in permutations())
    permuted = hashed[:, None] * a[None, :] + b[None, :]  # [shingle, permutation], mod 2**32
    signature: np.ndarray = permuted.min(axis=0).astype(np.uint64)
    return signature


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
