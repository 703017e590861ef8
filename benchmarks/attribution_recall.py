"""Citation precision and recall of the support test in force, on the hand-judged pairs.

Usage: python benchmarks/attribution_recall.py [--containment-only] [--threshold=P]
       [--embeddings] [JUDGEMENTS.tsv]

--threshold=P decides with the support model's probability P instead of its own threshold.

--embeddings adds the sentence-embedding test of the optional extra (newsdesk[embeddings]).

--containment-only measures the test as it was before issue 16 (containment of at least
SUPPORT_THRESHOLD, numbers and dates required; no name, negation or role checks).

Each judged pair is (brief sentence, best unit of another article, label). The test in force
(:func:`newsdesk.attribute.supporting`, the one the brief, the comparison and `newsdesk check`
share) is run again on the brief sentence; the pair counts as cited when the other article is
among the sentence's citations. Unlike benchmarks/calibrate_attribution.py, which sweeps the
containment threshold over stored containment values, this measures the whole test (names,
numbers, negation, roles included) as the code now stands. Stories are those of
benchmarks/attribution_pairs.py (the example and the first clusters of multinews-dev).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from attribution_pairs import stories

from newsdesk.attribute import (
    SUPPORT_THRESHOLD,
    best_support,
    statement,
    support_units,
    supporting,
)
from newsdesk.pipeline import prepare
from newsdesk.represent import represent
from newsdesk.types import ScoredSentence

DEFAULT = Path(__file__).with_name("attribution_judgements.tsv")
ISSUE_16_PAIRS = 214  # the pairs judged before issue 23 come first in the file


def main() -> None:
    args = sys.argv[1:]
    containment_only = "--containment-only" in args
    threshold = None
    embedder = None
    if "--embeddings" in args:  # needs the optional extra: pip install -e '.[embeddings]'
        from newsdesk.embed import Embedder

        embedder = Embedder()
    for arg in args:
        if arg.startswith("--threshold="):
            threshold = float(arg.split("=", 1)[1])
    args = [a for a in args if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    wanted = {row["key"].split("|")[1].split(":")[0] for row in rows}
    cited: dict[str, bool] = {}
    for raw in stories(60):
        story = prepare(raw)
        ids = {a.id for a in story.articles}
        if not ids & wanted:
            continue
        representation = represent(story)
        units = support_units(representation)
        for row in rows:
            _, own, other = row["key"].split("|")
            article, index = own.split(":")
            if article not in ids:
                continue
            sentence = story.sentence(article, int(index))
            if containment_only:  # the test before issue 16: containment and numbers only
                scored = ScoredSentence(sentence, 0.0)
                found = [
                    c
                    for c in best_support(scored, representation, units)
                    if c.support >= SUPPORT_THRESHOLD
                ]
            else:
                stated = statement(sentence.text, representation)
                options = {} if threshold is None else {"threshold": threshold}
                found = supporting(stated, representation, units, embedder=embedder, **options)
            cited[row["key"]] = other.split(":")[0] in {c.article_id for c in found}
    missing = [row["key"] for row in rows if row["key"] not in cited]
    print(f"{len(rows) - len(missing)} judged pairs, {len(missing)} not found")
    for name, part in (
        ("all", rows),
        (f"first {ISSUE_16_PAIRS} (containment >= 0.3)", rows[:ISSUE_16_PAIRS]),
        ("issue 23 (paraphrases drawn too)", rows[ISSUE_16_PAIRS:]),
    ):
        judged = [(cited[r["key"]], r["label"] == "1") for r in part if r["key"] in cited]
        positives = sum(label for _, label in judged)
        hits = sum(c and label for c, label in judged)
        total_cited = sum(c for c, _ in judged)
        precision = hits / total_cited if total_cited else 1.0
        print(
            f"{name}: {len(judged)} pairs ({positives} supported), cited {total_cited}, "
            f"correct {hits}: precision {precision:.2f}, recall {hits / max(positives, 1):.2f}"
        )
    for c, row in zip((cited.get(r["key"]) for r in rows), rows, strict=True):
        if c is not None and c != (row["label"] == "1"):
            print(f"  {'false citation' if c else 'missed'}: {row['key']} {row['note']}")


if __name__ == "__main__":
    main()
