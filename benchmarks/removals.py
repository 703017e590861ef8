"""Precision of furniture removal, on removals sampled from the dev sets and judged by hand.

Usage:
  python benchmarks/removals.py [--data ../shared/data]
      Precision of the removals judged in removal_judgements.tsv, as a whole and by reason;
      fails (exit 1) when the current code no longer makes a judged removal or makes a
      sampled one that is not judged.
  python benchmarks/removals.py --sample > rows.tsv
      The rows to judge: 200 removals drawn uniformly from every removal the clean stage makes
      on the dev sets below (those whose keys hash lowest, seed 14), plus every removal made
      by a rule added in issue 14
      (the learned list and the new explicit rules), which a uniform sample would barely reach.

A judgement is "furniture" (not news prose: captions, credits, promos, widget text, datelines,
contact and tip lines) or "news" (news prose that should have stayed), with a reason when news.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from newsdesk.clean import LEARNED_BOILERPLATE, clean_story
from newsdesk.ingest import story_from_cluster

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "removal_judgements.tsv"
DEV_SETS = (
    "multinews-dev.jsonl",
    "duc2003-task2.jsonl",
    "duc2003-task4.jsonl",
    "duc2006-main.jsonl",
    "duc2007-update.jsonl",
    "multiling2011-english.jsonl",
)
NEW_IN_ISSUE_14 = {
    LEARNED_BOILERPLATE,
    "tip line",
    "video player error",
}
SAMPLE = 200
SEED = 14
FIELDS = ["set", "cluster", "reason", "text", "judgement", "why"]


def removals(data: Path) -> Iterator[dict[str, str]]:
    for name in DEV_SETS:
        with open(data / name, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                story = clean_story(story_from_cluster(record))
                for removal in story.removed:
                    yield {
                        "set": name,
                        "cluster": str(record["id"]),
                        "reason": removal.reason,
                        "text": " ".join(removal.text.split()),
                    }


def _new_rule(row: dict[str, str]) -> bool:
    """Made by a rule added in issue 14 (the inline credit and contact lines, CLOSE lines and
    gallery counters are told by their text)."""
    text = row["text"]
    return (
        row["reason"] in NEW_IN_ISSUE_14
        or (row["reason"] == "video widget line" and text.startswith("CLOSE"))
        or (row["reason"] == "credit line" and not text.rstrip(".").endswith("report"))
        or (row["reason"] == "contact line" and "can be reached at" in text)
        or (row["reason"] == "photo caption or credit" and " of " in text[:8])
        or (row["reason"] == "dateline" and (">>" in text or "»" in text))
    )


def chosen(data: Path) -> list[dict[str, str]]:
    rows = list(removals(data))
    # The sample: the removals whose keys hash lowest (seeded), so that a change that adds or
    # drops some removals leaves the rest of the sample, and its judgements, in place.
    order = sorted(range(len(rows)), key=lambda i: _hash(rows[i]))
    sample = set(order[:SAMPLE])
    new = {i for i, row in enumerate(rows) if _new_rule(row)}
    for i, row in enumerate(rows):
        row["group"] = "+".join(g for g, s in (("sample", sample), ("new-rule", new)) if i in s)
    return [rows[i] for i in sorted(set(sample) | new)]


def _hash(row: dict[str, str]) -> str:
    text = "\t".join((str(SEED), *key(row)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key(row: dict[str, str]) -> tuple[str, ...]:
    return (row["set"], row["cluster"], row["reason"], row["text"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--sample", action="store_true")
    args = parser.parse_args()
    rows = chosen(args.data)
    if args.sample:
        writer = csv.DictWriter(
            sys.stdout, FIELDS[:4], delimiter="\t", lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
        return 0
    with open(JUDGEMENTS, encoding="utf-8") as handle:
        judged = {key(r): r for r in csv.DictReader(handle, delimiter="\t")}
    made = {key(r) for r in rows}
    by_reason: Counter[tuple[str, str]] = Counter()
    by_group: Counter[tuple[str, str]] = Counter()
    for row in rows:
        verdict = judged[key(row)]["judgement"] if key(row) in judged else "UNJUDGED"
        by_reason[(row["reason"], verdict)] += 1
        for group in row["group"].split("+"):
            by_group[(group, verdict)] += 1
        if verdict != "furniture":
            print(f"{verdict:9} {row['reason']:28} {row['text'][:110]}")
    reasons = sorted({reason for reason, _ in by_reason})
    for reason in reasons:
        right = by_reason[(reason, "furniture")]
        total = sum(n for (r, _), n in by_reason.items() if r == reason)
        print(f"  {reason:58} {right:4d} / {total:4d}")
    for group, what in (("sample", f"uniform sample of {SAMPLE}"), ("new-rule", "new rules")):
        right = by_group[(group, "furniture")]
        total = sum(n for (g, _), n in by_group.items() if g == group)
        print(f"{what}: judged furniture {right} / {total} = {right / max(total, 1):.3f}")
    gone = [k for k in judged if k not in made]
    unjudged = sum(n for (_, v), n in by_reason.items() if v == "UNJUDGED")
    if gone:
        print(f"{len(gone)} judged removal(s) are no longer made")
    return 1 if gone or unjudged else 0


if __name__ == "__main__":
    sys.exit(main())
