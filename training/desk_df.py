"""Background document frequencies for the desk's story grouping (issue 17).

Counts, over every article of the first 15,000 Multi-News TRAINING clusters
(``multinews-train-lowercased.jsonl``, the only set we train on), in how many articles each
content term (:func:`newsdesk.represent.terms`) occurs, and writes the terms found in at least
3 articles to ``src/newsdesk/data/desk_df.tsv.gz``: a first line ``#documents<TAB>N``, then
``term<TAB>count`` lines sorted by term. :mod:`newsdesk.desk.grouping` adds them to the
stream's own counts, so that IDF is sensible from the first article of an empty store.

Usage: python training/desk_df.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from newsdesk.represent import terms

ROOT = Path(__file__).resolve().parent.parent
MIN_DF = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    frequencies: Counter[str] = Counter()
    documents = 0
    with open(args.data / "multinews-train-lowercased.jsonl", encoding="utf-8") as handle:
        for line in handle:
            for document in json.loads(line)["documents"]:
                documents += 1
                frequencies.update(set(terms(document)))
    target = ROOT / "src" / "newsdesk" / "data" / "desk_df.tsv.gz"
    # mtime=0: the same counts give the same bytes.
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
        zipped.write(f"#documents\t{documents}\n".encode())
        for term in sorted(t for t, n in frequencies.items() if n >= MIN_DF):
            zipped.write(f"{term}\t{frequencies[term]}\n".encode())
    print(f"{documents} articles, {len(frequencies)} terms; wrote {target}")


if __name__ == "__main__":
    main()
