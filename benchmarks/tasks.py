"""The update and query-focused tasks (issue 18), each beside the generic brief.

Usage:
  python benchmarks/tasks.py [--data ../shared/data] [--only update|query] [--summarizer NAME]

- **update** (duc2007-update, recall, 100 words): parts B and C of each topic, with the
  earlier parts as read (``seen``: B is given A, C is given A and B); the generic brief
  summarizes the new part alone. Also reported: the share of brief sentences that restate a
  read article (a read sentence holds the citation threshold of the sentence's content:
  :func:`newsdesk.evaluate.reading.restating_read`), and the lead baseline.
- **query** (duc2006-main, recall, 250 words): the question is the cluster's ``topic``
  (title and narrative); the generic brief ignores it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsdesk.evaluate import evaluate
from newsdesk.evaluate.harness import GENERIC, Evaluation
from newsdesk.evaluate.reading import restating_read
from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare


def update_records(path: Path) -> list[dict[str, Any]]:
    """Parts B and C of every topic, each with the documents of its earlier parts as read."""
    parts: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            topic, part = record["id"].rsplit("-", 1)
            parts[topic][part] = record
    records = []
    for topic in sorted(parts):
        read: list[Any] = []
        for part in sorted(parts[topic]):
            record = parts[topic][part]
            if read:
                records.append({**record, "seen": list(read)})
            read += record["documents"]
    return records


def restating_share(evaluation: Evaluation, records: list[dict[str, Any]], label: str) -> float:
    """The share of a system's brief sentences that a read article states."""
    from newsdesk.batch import summarize_record
    from newsdesk.config import SummaryConfig

    restating = total = 0
    generic = label.endswith(GENERIC)
    name = label.removesuffix(f" {GENERIC}")
    config = SummaryConfig(words=evaluation.words, summarizer=name, no_query=generic)
    for line, record in enumerate(records, 1):
        given = {k: v for k, v in record.items() if k != "seen"} if generic else record
        brief = summarize_record(given, config, line=line, keep_brief=True).brief
        if brief is None:
            continue
        read = prepare(story_from_cluster({"id": "read", "documents": record["seen"]}))
        restating += restating_read(brief, read.sentences)
        total += len(brief.sentences)
    return restating / max(total, 1)


def run_update(data: Path, summarizer: str) -> None:
    records = update_records(data / "duc2007-update.jsonl")
    with tempfile.TemporaryDirectory() as folder:
        by_part: dict[str, Path] = {}
        for part in ("B", "C", "BC"):
            path = Path(folder) / f"update-{part}.jsonl"
            chosen = [r for r in records if r["id"].rsplit("-", 1)[1] in part]
            path.write_text("".join(json.dumps(r) + "\n" for r in chosen), "utf-8")
            by_part[part] = path
        for part, path in by_part.items():
            evaluation = evaluate(path, words=100, recall=True, summarizers=[summarizer, "lead"])
            print(f"## duc2007-update part {part}, with the earlier parts read")
            print(evaluation.table())
            if part == "BC":
                chosen = [r for r in records]
                for system in evaluation.systems:
                    if system.summarizer.startswith(summarizer):
                        share = restating_share(evaluation, chosen, system.summarizer)
                        print(
                            f"{system.summarizer}: sentences restating a read article {share:.1%}"
                        )
            sys.stdout.flush()


def run_query(data: Path, summarizer: str) -> None:
    evaluation = evaluate(
        data / "duc2006-main.jsonl", words=250, recall=True, summarizers=[summarizer, "lead"]
    )
    print("## duc2006-main, the topic as the question")
    print(evaluation.table())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--only", choices=["update", "query"])
    parser.add_argument("--summarizer", default="newsdesk")
    args = parser.parse_args()
    if not (args.data / "duc2007-update.jsonl").exists():
        print(f"skipped: no DUC data under {args.data}")
        return 0
    if args.only in (None, "update"):
        run_update(args.data, args.summarizer)
    if args.only in (None, "query"):
        run_query(args.data, args.summarizer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
