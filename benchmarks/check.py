"""How well `newsdesk check` flags planted errors, and how often it cries wolf.

Usage:
  python benchmarks/check.py [--clusters 100] [--seed 16] [--show KIND]
      Planted-error set from the first clusters of ../shared/data/multinews-dev.jsonl: true
      sentences (verbatim and shortened source sentences; the hand-judged paraphrases of
      benchmarks/check_paraphrases.tsv) and false ones (a number, month or weekday changed, a
      negation added or removed, a person or place swapped for another of the same cluster,
      two names swapped; since issue 23 also a speaker swapped for another person of the
      cluster, an ordinal changed, a hedge made certain ("could face" -> "will face",
      "reportedly" dropped) and a qualifier of a number dropped ("more than 100" -> "100")).
      Prints, per kind, how many sentences `check` flags (any verdict but supported) and
      how many it calls contradicted. --show KIND prints that kind's items.
  python benchmarks/check.py --embeddings
      The same with the sentence-embeddings extra (pip install -e '.[embeddings]').
  python benchmarks/check.py --references [--clusters 100] [--show contradicted]
      Checks every multinews-dev reference summary against its cluster and prints the share
      of sentences of each verdict.

The generator is seeded; a planted error that does not change what the sentence states (two
names around "and" or "met", a value the cluster states anyway) is not generated. Role swaps
are hand-judged: benchmarks/check_judgements.tsv lists the generated swaps that a reader
judged not to be errors (symmetric relations), which are left out of the set.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsdesk.attribute import support_units
from newsdesk.check import SUPPORTED, VERDICTS, check_prepared, check_sentence
from newsdesk.compare.facts import PERSON, PLACE, article_facts
from newsdesk.content import MONTHS, WEEKDAYS
from newsdesk.embed import Embedder
from newsdesk.ingest import story_from_cluster
from newsdesk.pipeline import prepare
from newsdesk.represent import represent
from newsdesk.types import Sentence, Story

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "multinews-dev.jsonl"
PARAPHRASES = Path(__file__).with_name("check_paraphrases.tsv")
JUDGEMENTS = Path(__file__).with_name("check_judgements.tsv")
TRUE_KINDS = ("verbatim", "shortened", "paraphrase")
FALSE_KINDS = (
    "number",
    "date",
    "weekday",
    "negation added",
    "negation removed",
    "person",
    "place",
    "roles swapped",
    "speaker swapped",
    "ordinal",
    "hedge made certain",
    "qualifier dropped",
)
PER_KIND_PER_CLUSTER = 3  # items of each kind drawn from one cluster, at most

_AUX = re.compile(r"\b(is|was|are|were|will|has|have|had|would|could|can)\b(?! not\b|n't)")
_NEGATED = re.compile(r"\b(?:(is|was|are|were|will|has|have|had|would|could|did|does|do) not)\b")
_CONTRACTED = re.compile(r"\b(isn't|wasn't|aren't|weren't|hasn't|haven't|hadn't|didn't|doesn't)\b")
_DIGITS = re.compile(r"(?<![\w.,$])(\d{1,3})(?![\w.,]\d|\w)")
_SYMMETRIC = re.compile(r"\b(?:and|with|met|meet|meets|vs|versus|or|by|between|of|to|for)\b")
# Words of runs the entity classifier takes for people but a reader would not.
_NOT_PEOPLE = frozenset(
    [
        "Airport",
        "International",
        "Center",
        "Centre",
        "Department",
        "University",
        "News",
        "County",
        "Court",
        "Street",
        "Police",
        "Hospital",
        "School",
        "College",
        "Institute",
        "Museum",
        "Company",
        "Party",
        "House",
    ]
)
# One verb between two names, past or present ("Trump dismissed Lewandowski", "X sues Y");
# speech verbs left out (what follows them is a clause, not an object).
_VERB = re.compile(r" (?!said |says |told |tells |asked |is |was |has )[a-z]+(?:ed|es|s) ")
_NAME = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3}")
# A speaker named beside a speech verb ("Smith said", "said Jane Smith").
_SPEAKER = re.compile(
    r"\b(?P<before>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}),?\s+(?:said|says|told)\b"
    r"|\b(?:said|says)\s+(?P<after>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})"
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_ORDINAL_WORD = re.compile(rf"\b(?:{'|'.join(_ORDINALS)})\b", re.IGNORECASE)
# A hedge to drop: an adverb ("reportedly"), or a modal made "will" ("could face" -> "will face").
_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|likely|possibly|probably|apparently)\s+"
    r"|\b(?P<modal>may|might|could|is expected to|are expected to|plans to|plan to)\s+"
)
_QUALIFIER = re.compile(
    r"\b(?:almost|nearly|about|around|roughly|approximately|more than|at least|up to|"
    r"less than|fewer than|as many as|close to)\s+(?=[$£€]?\d)"
)


@dataclass(frozen=True)
class Item:
    """A sentence to check: its kind, whether it is true, and where it came from."""

    cluster: str
    kind: str
    true: bool
    text: str
    original: str

    @property
    def key(self) -> str:
        digest = hashlib.sha1(self.text.encode()).hexdigest()[:10]
        return f"{self.cluster}|{self.kind}|{digest}"


def clusters(limit: int) -> Iterator[dict[str, object]]:
    with DEV.open() as handle:
        for line in itertools.islice(handle, limit):
            yield json.loads(line)


def candidates(story: Story) -> list[Sentence]:
    """Presentable sentences of undegraded articles, 8 to 45 words, no quotation marks."""
    degraded = {a.id for a in story.articles if a.degraded}
    return [
        s
        for s in story.sentences
        if s.presentable
        and s.article_id not in degraded
        and 8 <= s.words <= 45
        and not re.search('["“”]', s.text)
    ]


def shortened(text: str) -> str | None:
    """The sentence without its last comma-separated part (at least 6 words kept)."""
    head = text.rsplit(", ", 1)[0]
    if head == text or len(head.split()) < 6:
        return None
    return head.rstrip(" ,;:") + "."


def planted(story: Story, rng: random.Random, names: dict[str, list[str]]) -> Iterator[Item]:
    """True and false items of one cluster."""
    pool = candidates(story)
    rng.shuffle(pool)
    whole = " ".join(a.text for a in story.articles)
    made: Counter[str] = Counter()

    def room(kind: str) -> bool:
        return made[kind] < PER_KIND_PER_CLUSTER

    for sentence in pool:
        text = sentence.text
        item = None
        if room("verbatim") and made["verbatim"] <= made["shortened"]:
            item = Item(story.id, "verbatim", True, text, text)
        elif room("shortened") and (short := shortened(text)):
            item = Item(story.id, "shortened", True, short, text)
        if item:
            made[item.kind] += 1
            yield item
        for kind, changed in _changes(text, whole, rng, names):
            if room(kind):
                made[kind] += 1
                yield Item(story.id, kind, False, changed, text)
                break


def _changes(
    text: str, whole: str, rng: random.Random, names: dict[str, list[str]]
) -> Iterator[tuple[str, str]]:
    kinds = list(FALSE_KINDS)
    rng.shuffle(kinds)
    for kind in kinds:
        changed = _change(kind, text, whole, rng, names)
        if changed and changed != text:
            yield kind, changed


def _change(
    kind: str, text: str, whole: str, rng: random.Random, names: dict[str, list[str]]
) -> str | None:
    if kind == "number":
        found = [m for m in _DIGITS.finditer(text) if m.group(1) != "0"]
        if not found:
            return None
        m = rng.choice(found)
        value = int(m.group(1))
        new = str(value + rng.choice([1, 2, 3, 10]) if value < 10 else value * 2)
        if re.search(rf"(?<![\d,.]){new}(?![\d,])", whole):
            return None  # the cluster states the new value somewhere: maybe not an error
        return text[: m.start()] + new + text[m.end() :]
    if kind in ("date", "weekday"):
        table = MONTHS if kind == "date" else WEEKDAYS
        present = [w for w in table if re.search(rf"\b{w.title()}\b", text)]
        present = [w for w in present if w != "may"]
        if not present:
            return None
        old = present[0]
        new = rng.choice([w for w in table if w not in (old, "may") and w.title() not in whole])
        return re.sub(rf"\b{old.title()}\b", new.title(), text, count=1)
    if kind == "negation added":
        m = _AUX.search(text)
        if not m or re.search(r"\b(?:not|never|no)\b|n't", text):
            return None
        return text[: m.end()] + " not" + text[m.end() :]
    if kind == "negation removed":
        m = _NEGATED.search(text)
        if m:
            return text[: m.start()] + m.group(1) + text[m.end() :]
        c = _CONTRACTED.search(text)
        if c:
            return text[: c.start()] + c.group(1)[:-3] + text[c.end() :]
        return None
    if kind in ("person", "place"):
        own = [n for n in names[kind] if re.search(rf"\b{re.escape(n)}\b", text) and "." not in n]
        if not own:
            return None
        old = own[0]
        old_words = set(old.split())
        present = set(re.findall(r"\w+", text))
        others = [
            n
            for n in names[kind]
            if not (old_words | present) & set(re.findall(r"\w+", n)) and "." not in n
        ]
        if not others:
            return None
        return text.replace(old, rng.choice(others), 1)
    if kind == "speaker swapped":
        m = _SPEAKER.search(text)
        if not m:
            return None
        name = m.group("before") or m.group("after")
        if not name or name.split()[0] in ("He", "She", "They", "It", "The", "A", "Police"):
            return None
        words = set(re.findall(r"\w+", text))
        others = [n for n in names["person"] if not set(re.findall(r"\w+", n)) & words]
        if not others:
            return None
        return text.replace(name, rng.choice(others), 1)
    if kind == "ordinal":
        found = list(_ORDINAL_WORD.finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        old = m.group(0)
        new = rng.choice([w for w in _ORDINALS if w != old.lower()])
        new = new.title() if old[0].isupper() else new
        following = text[m.end() :].split()[:1]
        if following and re.search(rf"\b{new}\s+{re.escape(following[0])}", whole, re.I):
            return None  # the cluster gives the new ordinal there too: maybe not an error
        return text[: m.start()] + new + text[m.end() :]
    if kind == "hedge made certain":
        m = _HEDGE.search(text)
        if not m:
            return None
        certain = "will " if m.group("modal") else ""
        return re.sub(r"\s+", " ", text[: m.start()] + certain + text[m.end() :])
    if kind == "qualifier dropped":
        m = _QUALIFIER.search(text)
        if not m:
            return None
        return text[: m.start()] + text[m.end() :]
    if kind == "roles swapped":
        # Subject and object of one verb: "NAME <verb> NAME", nothing else between.
        found = [m for m in _NAME.finditer(text)]
        for a, b in itertools.pairwise(found):
            between = text[a.end() : b.start()]
            if set(a.group(0).split()) & set(b.group(0).split()):
                continue
            if not _VERB.fullmatch(between) or _SYMMETRIC.search(between):
                continue
            return text[: a.start()] + b.group(0) + between + a.group(0) + text[b.end() :]
        return None
    raise ValueError(kind)


def cluster_names(story: Story) -> dict[str, list[str]]:
    """People (full names of two or more words) and places the cluster's articles name."""
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in story.sentences:
        by_article[sentence.article_id].append(sentence)
    found: dict[str, set[str]] = {PERSON: set(), PLACE: set()}
    for article in story.articles:
        for fact in article_facts(article, by_article[article.id], None):
            if (
                fact.kind == PERSON
                and len(fact.text.split()) >= 2
                and not set(fact.text.split()) & _NOT_PEOPLE
            ):
                found[PERSON].add(fact.text)
            elif fact.kind == PLACE:
                found[PLACE].add(fact.text)
    return {"person": sorted(found[PERSON]), "place": sorted(found[PLACE])}


def paraphrases() -> dict[str, list[str]]:
    """Hand-judged reference-summary sentences the sources support, by cluster."""
    out: dict[str, list[str]] = defaultdict(list)
    if PARAPHRASES.exists():
        lines = [x for x in PARAPHRASES.read_text().splitlines() if not x.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t"):
            if row["judgement"] == "supported":
                out[row["cluster"]].append(row["sentence"])
    return out


def not_errors() -> set[str]:
    """Keys of generated items judged not to be errors."""
    if not JUDGEMENTS.exists():
        return set()
    lines = [x for x in JUDGEMENTS.read_text().splitlines() if not x.startswith("#")]
    return {r["key"] for r in csv.DictReader(lines, delimiter="\t") if r["judgement"] == "no"}


def planted_set(
    limit: int, seed: int, embedder: Embedder | None = None
) -> Iterator[tuple[Item, str, tuple[str, ...]]]:
    """(item, verdict, problems) for every item of the first ``limit`` clusters."""
    rng = random.Random(seed)
    judged_paraphrases = paraphrases()
    excluded = not_errors()
    for cluster in clusters(limit):
        story = prepare(story_from_cluster(cluster))
        representation = represent(story)
        units = support_units(representation)
        items = list(planted(story, rng, cluster_names(story)))
        items += [
            Item(story.id, "paraphrase", True, text, "")
            for text in judged_paraphrases.get(str(cluster["id"]), [])
        ]
        for item in items:
            if item.key in excluded:
                continue
            result = check_sentence(item.text, story, representation, units, embedder=embedder)
            yield item, result.verdict, result.problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--show", help="print the items of this kind (or verdict)")
    parser.add_argument("--references", action="store_true")
    parser.add_argument(
        "--embeddings", action="store_true", help="with the optional sentence-embeddings extra"
    )
    args = parser.parse_args()
    embedder = Embedder() if args.embeddings else None
    if args.references:
        references(args.clusters, args.show)
        return
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for item, verdict, problems in planted_set(args.clusters, args.seed, embedder):
        table[item.kind][verdict] += 1
        if args.show == item.kind:
            print(f"{item.key}\t{verdict}\n  NEW: {item.text}\n  OLD: {item.original}")
            for problem in problems:
                print(f"  - {problem}")
    extra = ", with sentence embeddings" if args.embeddings else ""
    print(
        f"planted-error set: first {args.clusters} clusters of multinews-dev, "
        f"seed {args.seed}{extra}"
    )
    print(f"{'kind':18} {'n':>5} {'flagged':>8} {'share':>7} {'contradicted':>13}")
    for group, kinds in (("true", TRUE_KINDS), ("false", FALSE_KINDS)):
        total = Counter[str]()
        for kind in kinds:
            counts = table[kind]
            total.update(counts)
            _row(kind, counts)
        _row(f"all {group}", total)


def _row(name: str, counts: Counter[str]) -> None:
    n = sum(counts.values())
    flagged = n - counts[SUPPORTED]
    share = flagged / n if n else 0.0
    print(f"{name:18} {n:5d} {flagged:8d} {share:7.1%} {counts['contradicted']:13d}")


def references(limit: int, show: str | None) -> None:
    totals: Counter[str] = Counter()
    for cluster in clusters(limit):
        story = prepare(story_from_cluster(cluster))
        for summary in cluster.get("summaries", []):  # type: ignore[union-attr]
            result = check_prepared(str(summary), story, represent(story))
            for s in result.sentences:
                totals[s.verdict] += 1
                if show == s.verdict:
                    print(f"{story.id}\t{s.text}")
                    for problem in s.problems:
                        print(f"  - {problem}")
    n = sum(totals.values())
    print(f"reference summaries of the first {limit} multinews-dev clusters: {n} sentences")
    for verdict in VERDICTS:
        print(f"{verdict:13} {totals[verdict]:5d} {totals[verdict] / n:7.1%}")


if __name__ == "__main__":
    main()
