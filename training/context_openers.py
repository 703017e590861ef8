"""Mine the openers that mark a sentence as depending on an earlier one.

Free labels: a news article's first sentence stands alone, so an opening (its first one, two
or three words) that almost never starts an article, though it often starts a sentence, points
back to something said before: "The move", "The lawsuit", "Since then", "As a result". Over
the first 15,000 clusters of Multi-News TRAIN, an opening is kept when it starts at least
``MIN_SENTENCES`` sentences and its smoothed rate of starting an article is under
``MAX_RATIO`` times the rate of all sentences. Pronouns and connectives are already caught
by the rule in :func:`newsdesk.segment.needs_context`; the list extends it to definite
references and set phrases, for :func:`newsdesk.segment.depends_on_context`.

The counting is exact and ordered, so the same data gives the same list.

Usage: python training/context_openers.py [--data ../shared/data] [--train 15000]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from itertools import islice
from pathlib import Path

from newsdesk.segment import split_sentences

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "src" / "newsdesk" / "data" / "context_openers.txt"
MIN_SENTENCES = 40
MAX_RATIO = 0.2
# Additive smoothing: an opening seen n times is counted as if it had PRIOR more sentences at
# the base rate, so that a rare opening is not kept on a handful of sightings.
PRIOR = 5
_WORD = re.compile(r"[a-z0-9']+")


def openings(sentence: str) -> list[str]:
    """The sentence's first one, two and three words, lower-cased."""
    words = _WORD.findall(sentence.lower())[:3]
    return [" ".join(words[: n + 1]) for n in range(len(words))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--train", type=int, default=15_000)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    first: Counter[str] = Counter()
    later: Counter[str] = Counter()
    with open(args.data / "multinews-train-lowercased.jsonl", encoding="utf-8") as handle:
        for line in islice(handle, args.train):
            for document in json.loads(line)["documents"]:
                for position, sentence in enumerate(split_sentences(document)):
                    (first if position == 0 else later).update(openings(sentence))
    base = sum(first[k] for k in first if " " not in k) / sum(
        first[k] + later[k] for k in set(first) | set(later) if " " not in k
    )
    kept = []
    for opening in sorted(set(later)):
        seen = first[opening] + later[opening]
        rate = (first[opening] + PRIOR * base) / (seen + PRIOR)
        if seen >= MIN_SENTENCES and rate < MAX_RATIO * base:
            kept.append(opening)
    header = [
        "# Sentence openings (first 1-3 words, lower-cased) that almost never open a news",
        f"# article: mined by training/context_openers.py from the first {args.train} clusters",
        f"# of multinews-train-lowercased.jsonl (at least {MIN_SENTENCES} sentences, article-",
        f"# opening rate under {MAX_RATIO} of the base rate {base:.4f}). One a line.",
    ]
    args.output.write_text("\n".join(header + kept) + "\n", encoding="utf-8")
    print(f"wrote {len(kept)} openings to {args.output}")


if __name__ == "__main__":
    main()
