"""`newsdesk check` on FRANK: does "every sentence supported" agree with human judges?

Usage: python benchmarks/frank.py [--data ../shared/data] [--embeddings] [--limit N] [--show]

FRANK (Pagnoni et al., NAACL 2021): 2,246 summaries written by 9 models of CNN/DM and BBC
(XSum) articles, each judged by people; ``label`` is 1 when every sentence is free of error.
Measuring only: nothing here is tuned on FRANK (no threshold, no rule was set from it).

Protocol:
- the article is one story of one article (``story_from_cluster``), cleaned, segmented and
  represented as ``newsdesk check`` does with its sources;
- the summary (lower-cased and tokenised, "... , study found . it can ...") is split into
  sentences at a "." , "!" or "?" token followed by a space (the tokenised form), pieces
  without a letter dropped; each sentence is checked with
  :func:`newsdesk.check.check_sentence`, the verdict ``check`` gives a draft sentence:
  matched against every unit of the article (a sentence or two adjacent ones);
- a summary is predicted correct when every sentence is ``supported``;
- balanced accuracy (mean of the recall of each label) of that prediction against
  ``label``, per ``dataset``, with the two recalls.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from newsdesk.attribute import support_units
from newsdesk.check import SUPPORTED, check_sentence
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.represent import represent

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
_BOUNDARY = re.compile(r"(?<=\s[.!?])\s+|(?<=^[.!?])\s+")


def summary_sentences(summary: str) -> list[str]:
    """The sentences of a tokenised summary (split after a lone ".", "!" or "?")."""
    pieces = [p.strip() for p in _BOUNDARY.split(summary.strip())]
    return [p for p in pieces if re.search(r"[a-z]", p, re.IGNORECASE)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", action="store_true", help="print each summary's verdicts")
    args = parser.parse_args()
    path = args.data / "frank-factuality.jsonl"
    if not path.exists():
        raise SystemExit(f"skipped: {path} is not there")
    embedder = None
    if args.embeddings:
        from newsdesk.embed import Embedder

        embedder = Embedder()
    prepared: dict[str, tuple[object, ...]] = {}
    # dataset -> label -> [predicted correct, total]
    table: dict[str, dict[int, list[int]]] = defaultdict(lambda: {0: [0, 0], 1: [0, 0]})
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if args.limit and n >= args.limit:
                break
            item = json.loads(line)
            document = item["document"]
            if document not in prepared:
                prepared.clear()  # items of one article are consecutive: keep one at a time
                try:
                    story = prepare(story_from_cluster({"id": "frank", "documents": [document]}))
                except NewsdeskError:
                    story = None
                if story is not None and story.sentences:
                    representation = represent(story)
                    prepared[document] = (story, representation, support_units(representation))
                else:
                    prepared[document] = ()
            ready = prepared[document]
            verdicts = []
            if ready:
                story, representation, units = ready
                for sentence in summary_sentences(item["summary"]):
                    checked = check_sentence(
                        sentence,
                        story,
                        representation,
                        units,
                        embedder=embedder,  # type: ignore[arg-type]
                    )
                    verdicts.append(checked.verdict)
            correct = bool(verdicts) and all(v == SUPPORTED for v in verdicts)
            cell = table[item["dataset"]][int(item["label"])]
            cell[0] += correct
            cell[1] += 1
            if args.show:
                print(f"{item['id']}\t{item['label']}\t{' '.join(verdicts)}")
    extra = " (with sentence embeddings)" if args.embeddings else ""
    print(f"FRANK: 'every sentence supported' against the judges' label{extra}")
    print(f"{'dataset':8} {'n':>5} {'correct kept':>13} {'wrong flagged':>14} {'balanced':>9}")
    for dataset in sorted(table):
        good_kept, good = table[dataset][1]
        bad_kept, bad = table[dataset][0]
        tpr = good_kept / good if good else 0.0
        tnr = (bad - bad_kept) / bad if bad else 0.0
        print(
            f"{dataset:8} {good + bad:5d} {good_kept:6d}/{good:<6d} {bad - bad_kept:6d}/{bad:<7d} "
            f"{(tpr + tnr) / 2:9.3f}"
        )


if __name__ == "__main__":
    main()
