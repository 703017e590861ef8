"""The desk's per-article features: the MinHash computed in numpy is datasketch's, value for
value (stored signatures stay comparable), and the headline reads an article's beginning."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import EXAMPLE, example_text
from datasketch import MinHash

from newsdesk.desk.features import (
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
    features,
    minhash,
    shingles,
)
from newsdesk.desk.headlines import HEADLINE_SCAN, headline_of
from newsdesk.ingest import ArticleInput

TEXTS = [
    "",
    "One.",
    "four words only here",
    "Exactly five words in it.",
    "Ünïcödé STRASSE straße ΣΊΣΥΦΟΣ — naïve café, 1,200 people; it's 3.5% (of them).",
    "the same words the same words the same words the same words",
    *(example_text(p.name) for p in sorted(EXAMPLE.glob("*.txt"))),
]


def datasketch_signature(items: list[bytes]) -> np.ndarray:
    sketch = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    if items:
        sketch.update_batch(items)
    return np.asarray(sketch.hashvalues, dtype=np.uint64)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_the_minhash_is_datasketchs_value_for_value(text: str) -> None:
    grams = shingles(text)
    # datasketch, fed the shingles in any order and with repeats, gives the same signature.
    expected = datasketch_signature(sorted(grams) * 2)
    assert minhash(grams).dtype == np.uint64
    assert np.array_equal(minhash(grams), expected)
    assert np.frombuffer(features(text).signature, dtype=np.uint64).tolist() == expected.tolist()


def test_shingles_are_five_casefolded_words() -> None:
    assert shingles("A b C d E f") == {b"a b c d e", b"b c d e f"}
    assert shingles("Short text") == {b"short text"}
    assert shingles("  ") == set()


def article(text: str, title: str | None = None) -> ArticleInput:
    return ArticleInput(id="a", text=text, title=title)


def test_the_headline_is_the_title_or_the_first_line_of_six_words() -> None:
    assert headline_of(article("Body text of it all here.", title="The Title")) == "The Title"
    caption = "Photo: The new bridge over the Elm River at dawn (AP Photo/Jane Doe)"
    text = f"Short line\n\n{caption}\nThe council voted on Tuesday to build it."
    assert headline_of(article(text)) == "The council voted on Tuesday to build it."
    # Far down an article, after a beginning without a line of six words: still found.
    late = "\n".join(["Two words"] * 40) + "\nThe mayor opened the new bridge on Monday."
    assert headline_of(article(late)) == "The mayor opened the new bridge on Monday."
    assert headline_of(article("Only\nshort\nlines")) == "Only"


def test_the_headline_of_a_long_article_reads_its_beginning_only() -> None:
    first = "The mayor opened the new bridge over the river on Monday, officials said."
    body = "\n\n".join([first] + ["Another paragraph that goes on about the bridge."] * 2000)
    assert len(body) > 100 * HEADLINE_SCAN
    assert headline_of(article(body)) == first
    # A caption that the beginning's cleaning removes is not the headline.
    captioned = "Photo: The new bridge over the Elm River at dawn (AP Photo/Jane Doe)\n" + body
    assert headline_of(article(captioned)) == first
