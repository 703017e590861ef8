"""Sentence-boundary error rate of the splitter, on hand-labelled boundaries of dev news text.

Usage:
  python benchmarks/splitter.py [--data ../shared/data]
      Error rate of newsdesk's splitter and of the alternatives (Punkt variants, pysbd when
      installed) on ``benchmarks/splitter_boundaries.tsv``, with their speed.
  python benchmarks/splitter.py --labels benchmarks/splitter_boundaries_heldout.tsv
      The same on a second sample (seed 15, rows of the first removed), labelled after the
      rules of segment.py were written: a check that they were not fitted to the first.
  python benchmarks/splitter.py --sample N [--seed 0] > new.tsv
      Draw N candidate boundaries (seeded) to label by hand: half "hard" ones (after an
      abbreviation-like word, an initial, or "!"/"?" inside a quotation), half ordinary ones.

A candidate boundary is a sentence-final mark (". ! ?", with closing quotes or brackets) that
is followed by a space and more text on the same line. Each row of the TSV names its place
(data file, cluster id, document, character offset of the space after the mark in the
document's text after ``normalise_line`` of every line), shows 60 characters of context on
either side for the labeller, and holds the label: 1 = a sentence ends here, 0 = it does not
("U.S. Ambassador", "Gen. Mattis", "J. Smith", '"Why?" she asked'). A splitter errs on a
candidate when it splits where the label says 0 or does not split where it says 1. Only the
dev/test-derived files are read (never the training file).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from newsdesk.clean import normalise_line
from newsdesk.segment import _spans

ROOT = Path(__file__).resolve().parent
LABELS = ROOT / "splitter_boundaries.tsv"
DEFAULT_DATA = ROOT.parent.parent / "shared" / "data"
# Source file -> share of the sample: mostly web news (multinews-dev), where the issue's
# broken sentences were seen, plus newswire and WikiNews.
SOURCES = {
    "multinews-dev.jsonl": 0.55,
    "duc2003-task2.jsonl": 0.2,
    "duc2006-main.jsonl": 0.15,
    "multiling2011-english.jsonl": 0.1,
}
CONTEXT = 60
_CANDIDATE = re.compile(r"[.!?][\"')\]]*( )(?=\S)")
_HARD = re.compile(r"(?:\b[A-Z]\.|(?:\b[A-Za-z]\.){2,}|\b[A-Z][a-z]{1,3}\.|[!?][\"'])[\"')\]]*$")

Splitter = Callable[[str], Iterator[tuple[int, int]]]


def documents(data: Path) -> Iterator[tuple[str, str, int, str]]:
    """(file, cluster id, document index, normalised text) of every source document."""
    for name in SOURCES:
        with open(data / name, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                for index, document in enumerate(record["documents"]):
                    text = "\n".join(normalise_line(x) for x in document.split("\n"))
                    yield name, str(record["id"]), index, text


def sample(data: Path, n: int, seed: int) -> None:
    hard: dict[str, list[tuple[str, ...]]] = {name: [] for name in SOURCES}
    easy: dict[str, list[tuple[str, ...]]] = {name: [] for name in SOURCES}
    for name, cluster, index, text in documents(data):
        for match in _CANDIDATE.finditer(text):
            offset = match.start(1)
            left = text[max(0, offset - CONTEXT) : offset].replace("\n", " ")
            right = text[offset + 1 : offset + 1 + CONTEXT].replace("\n", " ")
            row = (name, cluster, str(index), str(offset), left, right, "")
            (hard if _HARD.search(text[:offset]) else easy)[name].append(row)
    rng = random.Random(seed)
    rows = []
    for name, share in SOURCES.items():
        quota = round(n * share)
        rows += rng.sample(hard[name], quota // 2) + rng.sample(easy[name], quota - quota // 2)
    rows.sort()
    writer = csv.writer(
        sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None
    )
    writer.writerow(["file", "cluster", "document", "offset", "left", "right", "boundary"])
    writer.writerows(rows)


def load_labels(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None))


def splitters() -> dict[str, Splitter]:
    import punkt

    def punkt_lines(model: str, prefixes: bool = False) -> Splitter:
        tokenizer = punkt.tokenizer_for(model, prefixes=prefixes)

        def split(text: str) -> Iterator[tuple[int, int]]:
            offset = 0
            for line in text.split("\n"):
                for start, end in tokenizer.span_tokenize(line):
                    yield offset + start, offset + end
                offset += len(line) + 1

        return split

    def newsdesk(text: str) -> Iterator[tuple[int, int]]:
        for start, end, _ in _spans(text):
            yield start, end

    found: dict[str, Splitter] = {
        "newsdesk (segment._spans)": newsdesk,
        "punkt english, lines first": punkt_lines("english"),
        "punkt english + prefixes": punkt_lines("english", prefixes=True),
        "punkt english_web, lines first": punkt_lines("english_web"),
        "punkt english_web + prefixes": punkt_lines("english_web", prefixes=True),
    }
    try:
        import pysbd
    except ImportError:
        return found
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def pysbd_lines(text: str) -> Iterator[tuple[int, int]]:
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                for span in segmenter.segment(line):
                    yield offset + span.start, offset + span.end
            offset += len(line) + 1

    found["pysbd 0.3.4, lines first"] = pysbd_lines
    return found


def measure(data: Path, path: Path, only: str | None = None, show: bool = False) -> None:
    labels = load_labels(path)
    wanted = {(r["file"], r["cluster"], int(r["document"])) for r in labels}
    texts = {
        (name, cluster, index): text
        for name, cluster, index, text in documents(data)
        if (name, cluster, index) in wanted
    }
    positive = sum(r["boundary"] == "1" for r in labels)
    negative = len(labels) - positive
    print(f"{len(labels)} labelled candidates ({positive} boundaries, {negative} not)")
    print(f"{'splitter':34} {'errors':>6} {'rate':>6}", end="")
    print(f" {'false splits':>12} {'missed':>6} {'sent/s':>8}")
    for name, split in splitters().items():
        if only and only not in name:
            continue
        began = time.perf_counter()
        starts: dict[tuple[str, str, int], set[int]] = {}
        sentences = 0
        for key, text in texts.items():
            spans = list(split(text))
            sentences += len(spans)
            starts[key] = {start for start, _ in spans}
        seconds = time.perf_counter() - began
        false_splits = missed = 0
        for row in labels:
            key = (row["file"], row["cluster"], int(row["document"]))
            text = texts[key]
            offset = int(row["offset"])
            following = offset + len(text[offset:]) - len(text[offset:].lstrip())
            predicted = following in starts[key]
            truth = row["boundary"] == "1"
            if predicted and not truth:
                false_splits += 1
            elif truth and not predicted:
                missed += 1
            if show and predicted != truth:
                verdict = "SPLIT" if predicted else "JOIN "
                print(f"  {verdict} {row['left'][-40:]} || {row['right'][:40]}")
        errors = false_splits + missed
        print(
            f"{name:34} {errors:6d} {errors / len(labels):6.1%} {false_splits:12d} {missed:6d}"
            f" {sentences / seconds:8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--sample", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", help="measure the splitters whose name contains this")
    parser.add_argument("--show", action="store_true", help="print every error")
    args = parser.parse_args()
    if args.sample:
        sample(args.data, args.sample, args.seed)
    else:
        measure(args.data, args.labels, args.only, args.show)


if __name__ == "__main__":
    main()
