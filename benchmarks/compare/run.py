"""Cross-source analysis on 10 chosen clusters, checked against hand judgements.

Prints every consensus row, difference value and single-source claim that ``newsdesk
compare`` produces on the clusters of CLUSTERS, with the judgement recorded for it in
``judgements.tsv`` (right or wrong, and why), and the precision of each section. A consensus
row is right when it is a claim (not a phrase) that every cited outlet states (issue 23); a
difference value, when the outlets really disagree on the slot (a list of candidates, or a
hedged report, is no value). judgements_before_issue23.tsv keeps the judged items that the
code before issue 23 produced and that are no longer produced. An item
without a judgement is listed as UNJUDGED and makes the run fail: the table must cover all
that is produced.

    python benchmarks/compare/run.py            # table and precision
    python benchmarks/compare/run.py --dump     # the produced items, as rows to judge
    python benchmarks/compare/run.py --timeline # every dated event, checked against
                                                # timeline_judgements.tsv (issue 14)

A timeline judgement (timeline_judgements.tsv: cluster, label, text, judgement, why) says
whether the event's date contradicts the words of the sentence shown for it: another day,
month or year than it states, a date for words that name none ("said June Arnett"), a past
event dated after its article's reference day or a coming one before it, or a day that its
own article's dates rule out. timeline_judgements_before.tsv holds the same judgements of
the output before issue 14 (commit e7014f8), kept for the record.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from newsdesk.compare import compare, compare_story
from newsdesk.compare.dates import Reference, find_dates
from newsdesk.ingest import story_from_cluster
from newsdesk.types import Citation, Comparison, Story

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2] / "shared" / "data"
JUDGEMENTS = HERE / "judgements.tsv"
TIMELINE_JUDGEMENTS = HERE / "timeline_judgements.tsv"
TIMELINE_DUMP = ["cluster", "label", "text", "phrase", "reference"]

# (data file, cluster id): the example and nine clusters where differences were found,
# from five data sets (multi-article DUC clusters report tolls, ages and venues).
CLUSTERS = [
    ("seed-cluster", ""),
    ("multinews-dev.jsonl", "e45abfcb82a3c862c0f772e6f461866839955c11ea2f46a8"),
    ("duc2003-task2.jsonl", "d31022t"),
    ("duc2003-task2.jsonl", "d31050t"),
    ("duc2003-task4.jsonl", "d128j"),
    ("duc2006-main.jsonl", "D0617H"),
    ("duc2006-main.jsonl", "D0620B"),
    ("duc2006-main.jsonl", "D0626H"),
    ("duc2006-main.jsonl", "D0643G"),
    ("multiling2011-english.jsonl", "M004"),
]
FIELDS = ["cluster", "section", "slot", "value", "sources", "text", "judgement", "why"]


def comparison_of(data: str, cluster: str) -> Comparison:
    if not cluster:
        return compare([DATA / data])
    with open(DATA / data, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if str(record["id"]) == cluster:
                return compare_story(story_from_cluster(record))
    raise SystemExit(f"cluster {cluster} not in {data}")


def produced() -> list[dict[str, str]]:
    """Every consensus row, difference value and single-source claim of the chosen
    clusters."""
    rows = []
    for data, cluster in CLUSTERS:
        comparison = comparison_of(data, cluster)
        story = comparison.story
        name = f"{data}:{cluster}" if cluster else data

        for difference in comparison.differences:
            for value in difference.values:
                first = value.evidence[0]
                rows.append({
                    "cluster": name, "section": "difference", "slot": difference.slot,
                    "value": value.value, "sources": _sources(story, value.evidence),
                    "text": story.sentence(first.article_id, first.index).text,
                })  # fmt: skip
        for claim in comparison.consensus:
            rows.append({
                "cluster": name, "section": "consensus", "slot": claim.about or "",
                "value": "", "sources": _sources(story, claim.evidence), "text": claim.text,
            })  # fmt: skip
        for claim in comparison.single_source:
            rows.append({
                "cluster": name, "section": "single-source", "slot": "", "value": "",
                "sources": _sources(story, claim.evidence), "text": claim.text,
            })  # fmt: skip
    return rows


def timeline_rows() -> list[dict[str, str]]:
    """Every dated event of the chosen clusters' timelines."""
    rows = []
    for data, cluster in CLUSTERS:
        comparison = comparison_of(data, cluster)
        name = f"{data}:{cluster}" if cluster else data
        for event in comparison.timeline:
            label = event.label + ("" if event.certain else " ?")
            first = event.evidence[0]
            day, basis = comparison.references.get(first.article_id, (None, "none"))
            reference = Reference(day, basis) if day else None
            phrases = [
                m.text
                for m in find_dates(event.text, reference)
                if m.span and m.span.label == event.label
            ]
            rows.append({
                "cluster": name, "label": label, "text": event.text,
                "phrase": " / ".join(phrases), "reference": f"{day} ({basis})",
            })  # fmt: skip
    return rows


def timeline(dump: bool) -> int:
    rows = timeline_rows()
    if dump:
        writer = csv.DictWriter(sys.stdout, TIMELINE_DUMP, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    judged = {}
    if TIMELINE_JUDGEMENTS.exists():
        with open(TIMELINE_JUDGEMENTS, encoding="utf-8") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            judged = {(r["cluster"], r["label"], r["text"]): r for r in reader}
    counts = {"agrees": 0, "contradicts": 0, "UNJUDGED": 0}
    for row in rows:
        judgement = judged.get((row["cluster"], row["label"], row["text"]))
        verdict = judgement["judgement"] if judgement else "UNJUDGED"
        counts[verdict] = counts.get(verdict, 0) + 1
        print(f"{verdict:11} {row['cluster'][:24]:24} {row['label']:27} {row['phrase'][:20]:20}")
    print(f"dated events: {len(rows)}; contradicting their sentence: {counts['contradicts']}")
    if counts["UNJUDGED"]:
        print(f"{counts['UNJUDGED']} event(s) have no judgement in {TIMELINE_JUDGEMENTS.name}")
    return 1 if counts["UNJUDGED"] else 0


def _sources(story: Story, evidence: tuple[Citation, ...]) -> str:
    return "".join(f"[{story.article_number(c.article_id)}]" for c in evidence)


def key(row: dict[str, str]) -> tuple[str, ...]:
    return (row["cluster"], row["section"], row["slot"], row["value"], row["text"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", action="store_true", help="print produced rows as TSV")
    parser.add_argument("--timeline", action="store_true", help="the timelines' dated events")
    args = parser.parse_args()
    if not (DATA / "multinews-dev.jsonl").exists():
        print(f"skipped: {DATA} is not there (the benchmark data lives in ../shared/data)")
        return 0
    if args.timeline:
        return timeline(args.dump)
    rows = produced()
    if args.dump:
        writer = csv.DictWriter(sys.stdout, FIELDS[:-2], delimiter="\t", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    with open(JUDGEMENTS, encoding="utf-8") as handle:
        judged = {key(r): r for r in csv.DictReader(handle, delimiter="\t")}
    counts: dict[str, list[int]] = {}
    unjudged = 0
    for row in rows:
        judgement = judged.get(key(row))
        verdict = judgement["judgement"] if judgement else "UNJUDGED"
        unjudged += judgement is None
        right, total = counts.setdefault(row["section"], [0, 0])
        counts[row["section"]] = [right + (verdict == "right"), total + 1]
        print(f"{verdict:8} {row['section']:13} {row['cluster'][:40]:40} {row['slot'][:28]:28} "
              f"{row['value'][:18]:18} {row['sources']}")  # fmt: skip
    for section, (right, total) in sorted(counts.items()):
        print(f"precision of {section}: {right}/{total} = {right / total:.2f}")
    if unjudged:
        print(f"{unjudged} produced item(s) have no judgement in {JUDGEMENTS.name}")
    return 1 if unjudged else 0


if __name__ == "__main__":
    sys.exit(main())
