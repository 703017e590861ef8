"""Draw the sentences read for the stand-alone, voice and furniture labels (issue 28).

See training/labels/PROTOCOL.md. Sentences come from the TRAINING file (blocks O, T1-T4, and F,
a block enriched in likely furniture) and from the VALIDATION file (blocks X1, X2: the test
part, never used in training). Each is drawn as the pipeline sees it: the cluster goes through
ingest, clean and segment, and only presentable sentences are drawn.

Usage: python training/standalone_sample.py [--data ../shared/data] [--out training/out/labels]

Writes, per block, a packet to read (``<block>.md``) and a blank TSV to fill
(``<block>.tsv``) into --out (untracked). :func:`load_items` rebuilds the keyed sentences for
training.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError
from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.types import Sentence, Story

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
SEED = 2028
FILES = {"train": "multinews-train-lowercased.jsonl", "val": "multinews-val-lowercased.jsonl"}
# (block, split, size, enriched): O is read by two readers (agreement); X1, X2 are the test part.
BLOCKS = (
    ("O", "train", 300, False),
    ("T1", "train", 425, False),
    ("T2", "train", 425, False),
    ("T3", "train", 425, False),
    ("T4", "train", 425, False),
    ("F", "train", 400, True),
    ("X1", "val", 200, False),
    ("X2", "val", 200, False),
)
COLUMNS = ("key", "context", "needs", "voice", "furniture", "fragment", "note")
# Block F over-samples sentences that look like page furniture, so that the rare kinds are seen
# often enough to learn them (a uniform draw holds only a few). Only for training.
_SUSPECT = re.compile(
    r"\b(click|photo|image|video|watch|subscribe|sign up|newsletter|follow|share|comment|"
    r"advertisement|copyright|getty|read more|related|download|app|email|twitter|facebook|"
    r"instagram|credit|updated|editor)\b|[?!]\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Item:
    key: str
    block: str
    sentence: Sentence
    article_sentences: tuple[Sentence, ...]  # every sentence of its article, in order


def sentence_key(split: str, cluster: str, sentence: Sentence) -> str:
    sha = hashlib.sha1(sentence.text.encode("utf-8")).hexdigest()[:8]
    return f"{split}:{cluster}:{sentence.article_id}:{sentence.start}:{sentence.end}:{sha}"


def prepared(record: dict[str, object]) -> Story | None:
    try:
        return prepare(story_from_cluster(record, config=SummaryConfig()))
    except InputError:
        return None


def _records(path: Path) -> list[dict[str, object]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def draw(data: Path) -> Iterator[Item]:
    """Every block's items, in block order (deterministic for a given data folder)."""
    rng = random.Random(SEED)
    records = {split: _records(data / name) for split, name in FILES.items()}
    taken: set[str] = set()
    for block, split, size, enriched in BLOCKS:
        count = 0
        while count < size:
            record = rng.choice(records[split])
            story = prepared(record)
            if story is None:
                continue
            article = rng.choice(story.articles)
            sentences = tuple(s for s in story.sentences if s.article_id == article.id)
            shown = [s for s in sentences if s.presentable]
            if enriched:
                shown = [
                    s
                    for s in shown
                    if _SUSPECT.search(s.text)
                    or s.words <= 12
                    or s.index in (sentences[0].index, sentences[-1].index)
                ]
            if not shown:
                continue
            sentence = rng.choice(shown)
            key = sentence_key(split, str(record["id"]), sentence)
            if key in taken:
                continue
            taken.add(key)
            count += 1
            yield Item(key, block, sentence, sentences)


def load_items(keys: list[str], data: Path = DATA) -> dict[str, Item]:
    """The labelled sentences by key (the labels hold keys, not text), found again in their
    clusters as the pipeline now cleans and segments them: by their offsets, else by their
    text (a key whose sentence the pipeline no longer gives whole is left out, and counted)."""
    wanted: dict[str, dict[str, list[str]]] = {}
    for key in keys:
        split, cluster = key.split(":")[:2]
        wanted.setdefault(split, {}).setdefault(cluster, []).append(key)
    found: dict[str, Item] = {}
    for split, clusters in wanted.items():
        with open(data / FILES[split], encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if str(record["id"]) not in clusters:
                    continue
                story = prepared(record)
                if story is None:
                    continue
                for key in clusters[str(record["id"])]:
                    item = _find(key, story)
                    if item is not None:
                        found[key] = item
    missing = len(keys) - len(found)
    if missing:
        print(f"{missing} labelled sentences are no longer whole sentences: left out")
    return found


def _find(key: str, story: Story) -> Item | None:
    _, _, article_id, start, end, sha = key.split(":")
    sentences = tuple(s for s in story.sentences if s.article_id == article_id)
    for sentence in sentences:
        if (sentence.start, sentence.end) == (int(start), int(end)) or (
            hashlib.sha1(sentence.text.encode("utf-8")).hexdigest()[:8] == sha
        ):
            return Item(key, "", sentence, sentences)
    return None


def _packet(items: list[Item]) -> str:
    out = []
    for number, item in enumerate(items, 1):
        sentences = item.article_sentences
        at = next(k for k, s in enumerate(sentences) if s.index == item.sentence.index)
        before = sentences[max(0, at - 3) : at]
        after = sentences[at + 1 : at + 2]
        out.append(f"## {number}. {item.key}\n")
        out.append(f"(sentence {at + 1} of {len(sentences)} in its article)\n")
        if not before:
            out.append("before: (start of article)")
        for s in before:
            out.append(f"before: {s.text}")
        out.append(f"\n>>> {item.sentence.text}\n")
        for s in after:
            out.append(f"after: {s.text}")
        out.append("")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "labels")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    blocks: dict[str, list[Item]] = {}
    for item in draw(args.data):
        blocks.setdefault(item.block, []).append(item)
    for block, items in blocks.items():
        (args.out / f"{block}.md").write_text(_packet(items), encoding="utf-8")
        header = [
            f"# block {block}: {len(items)} sentences; protocol: training/labels/PROTOCOL.md",
            "# context, voice, fragment: 0/1; "
            "needs: pronoun,description,sequence,name,quote,other;",
            "# furniture: "
            "promo|interface|caption|headline|teaser|byline|signoff|editors_note|other",
            "\t".join(COLUMNS),
        ]
        rows = ["\t".join([item.key, "", "", "", "", "", ""]) for item in items]
        (args.out / f"{block}.tsv").write_text("\n".join(header + rows) + "\n", encoding="utf-8")
        print(f"{block}: {len(items)} sentences -> {args.out / block}.md, .tsv")


if __name__ == "__main__":
    main()
