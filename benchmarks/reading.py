"""Briefs to read as a wire editor reads them (shared/READING.md, issue 28).

Draws the fixed sample (30 multinews-dev clusters and 10 duc2003-task2 clusters, each chosen by
``random.Random(2026).sample`` over the file's ids in file order, plus the example
``examples/seed-cluster``), writes each brief exactly as ``newsdesk summarize --words N
--format json`` does, and lays out what a reader needs:

- ``packets/NN-PART-ID.txt``: one packet a brief: the brief as printed, its sentences numbered
  with their keys and citations, the reference summaries, and every source article's cleaned
  text (as the pipeline saw it) with its sentences numbered, those of the brief and those cited
  marked;
- ``blank.tsv``: the sheet to mark, one row a brief sentence and one row a brief, the meaning
  and allowed values of each column at its top (``#`` lines). It holds keys, never text: copy
  it, fill it, and commit the filled copy as ``benchmarks/reading/TAG-READER.tsv``;
- ``briefs/NN-PART-ID.json``: each brief as ``--format json`` prints it;
- ``sample.txt``: the seed, the ids, the commit.

``benchmarks/reading_score.py`` turns marked sheets into figures.

Usage:
  python benchmarks/reading.py [--words 120] [--summarizer NAME] [--tag TAG] [--out DIR]
                               [--data ../shared/data] [--force]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data"
EXAMPLE = ROOT / "examples" / "seed-cluster"
SEED = 2026
# (part, data file, clusters drawn); the example comes last, as part "example".
PARTS = (("multinews", "multinews-dev.jsonl", 30), ("duc", "duc2003-task2.jsonl", 10))
EXAMPLE_PART = "example"
EXAMPLE_ID = "seed-cluster"
PART_NAMES = ("multinews", "duc", EXAMPLE_PART)

# The sheet: key columns (filled by this script, never edited) and the reader's columns.
KEY_COLUMNS = ("sample", "part", "words", "kind", "position", "article_id", "index")
INFO_COLUMNS = ("article", "cited", "articles")
SENTENCE_MARKS = ("context", "voice", "furniture", "fragment", "repeat", "stale")
CITATION_MARKS = ("wrong", "missed")
BRIEF_MARKS = ("lead", "missing", "verdict")
COLUMNS = (*KEY_COLUMNS, *INFO_COLUMNS, *SENTENCE_MARKS, *CITATION_MARKS, *BRIEF_MARKS, "note")
CONTEXT_KINDS = ("description", "sequence", "name", "pronoun", "speaker", "other")
FURNITURE_KINDS = (
    *("caption", "promo", "interface", "headline", "teaser", "byline", "signoff", "note"),
    "other",
)
LEADS = ("yes", "partly", "no")
VERDICTS = ("as is", "light", "no")
NONE = "-"  # "none" in the citation and missing columns (an empty cell means the same)

SHEET_HELP = f"""\
One row a brief sentence (kind=sentence), in the brief's order, read against what the brief
said before it; then one row for the brief (kind=brief). Read the packet of the same sample.
Fill only the columns from context on; never edit sample..articles (the keys the scorer joins).
article = the sentence's own source number; cited = the source numbers it cites;
articles = how many sources the brief has. Values (lower case, no spaces around commas):
context   n, or what it needs that the brief has not given, one or more of
          {",".join(CONTEXT_KINDS)}
          (description: a definite description or demonstrative with nothing before it;
          sequence: a sequence or comparison word; name: a surname or role never introduced;
          pronoun: a missing or ambiguous referent; speaker: a quote whose speaker is not given)
voice     y/n  someone's words (quote, accusation, op-ed first person, quip) as the brief's own
furniture n, or the kind: {",".join(FURNITURE_KINDS)}
fragment  y/n  cut mid-way, two sentences fused, a list torn from its head
repeat    y/n  restates a fact given earlier in the brief, in other words included
stale     y/n  superseded by a later development another source reports
wrong     cited sources that do not state it: their numbers (2,5), or {NONE} (or empty) for none
missed    sources that state it but are not cited: numbers, or {NONE} (or empty) for none
lead      brief rows: {"/".join(LEADS)}  the first sentence carries the news, as a wire lead
          does (who did what, when, the latest development first)
missing   brief rows: the number or name the story depends on, if the brief lacks it; else {NONE}
verdict   brief rows: {"/".join(VERDICTS)}  publish as is / with light edits (a word or a
          sentence struck) / not at all
note      free text, no tabs (optional)
Sentence rows leave lead, missing, verdict empty; brief rows leave context..missed empty.
A '?' is a cell not yet decided (the scorer refuses it).
Keep this file as it is; fill a copy, committed as benchmarks/reading/TAG-READER.tsv, and score it
with benchmarks/reading_score.py."""


@dataclass(frozen=True)
class Sampled:
    """One cluster of the sample: where it is read from, and its record (None: the example)."""

    part: str
    id: str
    path: Path
    line: int = 0
    record: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return f"{self.part}-{self.id}"


def draw_sample(data: Path, example: Path = EXAMPLE) -> tuple[Sampled, ...]:
    """The fixed sample: for each part, ``random.Random(SEED).sample`` of the file's ids (in
    file order) kept in file order; then the example."""
    chosen: list[Sampled] = []
    for part, name, count in PARTS:
        path = data / name
        if not path.is_file():
            raise SystemExit(
                f"{path} is not there: give --data (the folder of multinews-dev.jsonl)"
            )
        records = list(_records(path))
        ids = [record["id"] for _, record in records]
        if len(set(ids)) != len(ids):
            raise SystemExit(f"{path}: cluster ids are not unique")
        if len(ids) < count:
            raise SystemExit(f"{path}: {len(ids)} clusters, {count} needed")
        drawn = set(random.Random(SEED).sample(ids, count))
        chosen += [Sampled(part, r["id"], path, line, r) for line, r in records if r["id"] in drawn]
    return (*chosen, Sampled(EXAMPLE_PART, EXAMPLE_ID, example))


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, encoding="utf-8") as handle:
        for line, raw in enumerate(handle, 1):
            if raw.strip():
                yield line, json.loads(raw)


def brief_of(item: Sampled, words: int, summarizer: str, *, compare: bool = True) -> Any:
    """The brief of one sampled cluster, as ``newsdesk summarize PATH [--cluster ID] --words N
    --summarizer NAME --format json`` writes it (JSON carries the comparison: ``compare``)."""
    from newsdesk import summarize
    from newsdesk.config import SummaryConfig

    config = SummaryConfig(words=words, summarizer=summarizer)
    cluster = None if item.record is None else item.id
    return summarize([str(item.path)], cluster=cluster, config=config, compare=compare)


def sheet_rows(item: Sampled, brief: Any, words: int) -> list[dict[str, str]]:
    """The blank rows of one brief: its sentences in order, then the brief."""
    story = brief.story
    rows = []
    for position, brief_sentence in enumerate(brief.sentences, 1):
        sentence = brief_sentence.sentence
        cited = sorted(story.article_number(c.article_id) for c in brief_sentence.citations)
        rows.append(
            {
                **_key(item, words, "sentence"),
                "position": str(position),
                "article_id": sentence.article_id,
                "index": str(sentence.index),
                "article": str(story.article_number(sentence.article_id)),
                "cited": ",".join(map(str, cited)),
                "articles": str(len(story.articles)),
            }
        )
    rows.append({**_key(item, words, "brief"), "articles": str(len(story.articles))})
    return [{column: row.get(column, "") for column in COLUMNS} for row in rows]


def _key(item: Sampled, words: int, kind: str) -> dict[str, str]:
    return {"sample": item.id, "part": item.part, "words": str(words), "kind": kind}


def keys_digest(rows: Iterable[Mapping[str, str]]) -> str:
    """A digest of the key columns of every row, in any order: a sheet whose keys were edited,
    or rows added or lost, no longer matches the digest its header carries."""
    lines = sorted("\t".join(row[c] for c in (*KEY_COLUMNS, *INFO_COLUMNS)) for row in rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


KEYS_LINE = "keys sha256 "  # '# keys sha256 DIGEST' in a sheet's header


def write_sheet(
    path: Path, header: Sequence[str], rows: Sequence[Mapping[str, str]], *, exclusive: bool = False
) -> None:
    """Write a sheet: ``#`` lines (the header, then the keys' digest), the columns, the rows.
    ``exclusive``: fail rather than overwrite an existing file."""
    with open(path, "x" if exclusive else "w", encoding="utf-8", newline="") as handle:
        for line in [*header, f"{KEYS_LINE}{keys_digest(rows)} (checked by reading_score.py)"]:
            handle.write(f"# {line}".rstrip() + "\n")
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- the packet -------------------------------------------------------------------------------

WIDTH = 100


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    rest = " " * len(first) if rest is None else rest
    return textwrap.wrap(
        " ".join(text.split()) or "(empty)",
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _span(index: int, sentences: int) -> str:
    return f"sentence {index}" if sentences == 1 else f"sentences {index}-{index + sentences - 1}"


def packet(number: int, total: int, item: Sampled, brief: Any, words: int) -> str:
    """The reading packet of one brief, as plain text."""
    from newsdesk.render import render

    story = brief.story
    lines = [
        f"READING PACKET {number:02d} of {total} | part {item.part} | sample {item.id} | "
        f"{words} words | summarizer {brief.summarizer}",
        "Read per shared/READING.md; mark the rows of this sample in the sheet (blank.tsv).",
        "",
        "=== THE BRIEF AS PRINTED (newsdesk summarize) ===",
        "",
    ]
    for printed in render(brief, "text").rstrip("\n").split("\n"):
        lines += _wrap(printed, "") if len(printed) > WIDTH else [printed]
    lines += ["", "=== THE BRIEF, SENTENCE BY SENTENCE ===", ""]
    if not brief.sentences:
        lines.append("(no sentence)")
    cited_at: dict[tuple[str, int], list[int]] = {}
    for position, item_sentence in enumerate(brief.sentences, 1):
        sentence = item_sentence.sentence
        lines += _wrap(item_sentence.text, f"{position:>2}. ")
        own = story.article_number(sentence.article_id)
        cites = []
        for citation in sorted(
            item_sentence.citations, key=lambda c: story.article_number(c.article_id)
        ):
            cites.append(
                f"[{story.article_number(citation.article_id)}] "
                f"{_span(citation.index, citation.sentences)}"
            )
            for offset in range(citation.sentences):
                key = (citation.article_id, citation.index + offset)
                if key != sentence.key:  # its own line says '>> brief N' already
                    cited_at.setdefault(key, []).append(position)
        lines.append(
            f"    key: article_id {sentence.article_id} index {sentence.index} "
            f"(source [{own}], sentence {sentence.index})"
        )
        lines += _wrap("; ".join(cites), "    cites: ")
        lines.append("")
    in_brief = {s.sentence.key: p for p, s in enumerate(brief.sentences, 1)}
    references = [] if item.record is None else [str(s) for s in item.record.get("summaries", [])]
    lines += [f"=== REFERENCE SUMMARIES ({len(references)}) ===", ""]
    if not references:
        lines += ["(none: the example has no reference summary)", ""]
    for number_ref, reference in enumerate(references, 1):
        lines += [*_wrap(reference, f"R{number_ref}. "), ""]
    lines += [f"=== SOURCES ({len(story.articles)}) ===", ""]
    lines += [f"Skipped {s.input}: {s.reason}" for s in story.skipped]
    lines += [f"Warning: {w}" for w in story.warnings]
    lines += [
        "Sentences are numbered from 0 as the citations' keys are. '[>> brief N]' opens the",
        "brief's sentence N; '[cited for N]' the evidence the pipeline cites for brief",
        "sentence N; '~~' marks text between sentences (not a sentence).",
        "",
    ]
    by_article: dict[str, list[Any]] = {}
    for sentence in story.sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    for number_article, article in enumerate(story.articles, 1):
        lines += _article(number_article, article, item, by_article.get(article.id, []))
        paragraph = None
        end = 0
        for sentence in sorted(by_article.get(article.id, []), key=lambda s: s.start):
            gap = article.text[end : sentence.start].strip()
            if gap:
                lines += _wrap(gap, "   ~~ ")
            if paragraph is not None and sentence.paragraph != paragraph:
                lines.append("")
            paragraph = sentence.paragraph
            marks = []
            if sentence.key in in_brief:
                marks.append(f">> brief {in_brief[sentence.key]}")
            if sentence.key in cited_at:
                marks.append("cited for " + ",".join(map(str, sorted(cited_at[sentence.key]))))
            mark = f"[{'; '.join(marks)}] " if marks else ""  # first: wrapping never cuts it
            prefix = f"{'>>' if sentence.key in in_brief else '  '} {sentence.index:>3}  "
            lines += _wrap(mark + sentence.text, prefix)
            end = max(end, sentence.end)
        tail = article.text[end:].strip()
        if tail:
            lines += _wrap(tail, "   ~~ ")
        lines.append("")
    return "\n".join(lines) + "\n"


def _article(number: int, article: Any, item: Sampled, sentences: Sequence[Any]) -> list[str]:
    facts = [f"[{number}] {article.source}", f"article_id {article.id}"]
    facts.append(f"published {article.published}" if article.published else "no publication date")
    data_id = _data_id(article, item)
    if data_id:
        facts.append(f"data id {data_id}")
    if article.flags:
        facts.append("flags: " + ", ".join(sorted(article.flags)))
    facts.append(f"{len(article.text.split())} words, {len(sentences)} sentences")
    lines = ["-" * WIDTH, *_wrap(" | ".join(facts), "")]
    if article.title:
        lines += _wrap(article.title, "title: ")
    if article.url:
        lines.append(f"url: {article.url}")
    return [*lines, "-" * WIDTH]


def _data_id(article: Any, item: Sampled) -> str | None:
    """The document's id in the data file (DUC: ``APW19981001.0299``, dated), if it has one."""
    doc_ids = item.record.get("doc_ids") if item.record is not None else None
    position = article.origin.rpartition("#")[2]
    if isinstance(doc_ids, list) and position.isdigit() and 0 < int(position) <= len(doc_ids):
        return str(doc_ids[int(position) - 1])
    return None


# --- the run ----------------------------------------------------------------------------------


def commit() -> str:
    """The checkout's commit, ``+dirty`` when tracked files differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+dirty" if dirty else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the data files")
    parser.add_argument("--words", type=int, default=120, help="word budget (default 120)")
    parser.add_argument("--summarizer", default="newsdesk", help="registered name")
    parser.add_argument("--tag", help="name of this reading (default COMMIT-WORDSw)")
    parser.add_argument("--out", type=Path, help="default benchmarks/out/reading-TAG")
    parser.add_argument("--force", action="store_true", help="write into a non-empty --out")
    args = parser.parse_args(argv)
    from newsdesk import registry

    summarizer = registry.resolve(args.summarizer)
    registry.get(summarizer)
    revision = commit()
    tag = args.tag or f"{revision.replace('+', '-')}-{args.words}w"
    out = args.out or HERE / "out" / f"reading-{tag}"
    if out.exists() and any(out.iterdir()) and not args.force:
        print(f"{out} is not empty (a filled sheet may be there): --force to write into it")
        return 2
    sample = draw_sample(args.data)
    (out / "packets").mkdir(parents=True, exist_ok=True)
    (out / "briefs").mkdir(exist_ok=True)
    header = [
        f"newsdesk reading sheet | tag {tag} | {args.words} words | summarizer {summarizer} | "
        f"commit {revision} | sample: seed {SEED}, {len(sample)} briefs (sample.txt)",
        *SHEET_HELP.split("\n"),
    ]
    from newsdesk.render import render

    rows: list[dict[str, str]] = []
    counts: dict[str, list[int]] = {part: [0, 0] for part in PART_NAMES}
    print(f"sample (seed {SEED}):")
    for number, item in enumerate(sample, 1):
        brief = brief_of(item, args.words, args.summarizer)  # as given, as the CLI does
        stem = f"{number:02d}-{item.name}"
        (out / "packets" / f"{stem}.txt").write_text(
            packet(number, len(sample), item, brief, args.words), encoding="utf-8"
        )
        (out / "briefs" / f"{stem}.json").write_text(render(brief, "json"), encoding="utf-8")
        rows += sheet_rows(item, brief, args.words)
        counts[item.part][0] += 1
        counts[item.part][1] += len(brief.sentences)
        print(f"  {stem}  line {item.line}  {len(brief.sentences)} sentences, {brief.words} words")
    write_sheet(out / "blank.tsv", header, rows)
    described = [
        f"tag {tag}; commit {revision}; {args.words} words; summarizer {summarizer}",
        f"seed {SEED}: random.Random({SEED}).sample(ids in file order, n), kept in file order",
        *(f"{item.part}\t{item.id}\tline {item.line}" for item in sample),
    ]
    (out / "sample.txt").write_text("\n".join(described) + "\n", encoding="utf-8")
    total = sum(sentences for _, sentences in counts.values())
    for part, (briefs, sentences) in counts.items():
        print(f"{part}: {briefs} briefs, {sentences} sentences")
    print(f"total: {len(sample)} briefs, {total} brief sentences at {args.words} words")
    print(f"packets: {out / 'packets'}\nsheet to copy and fill: {out / 'blank.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
