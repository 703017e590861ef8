"""Issue 14's acceptance check: brief sentences that a copy editor would strike.

Usage:
  python benchmarks/acceptance.py [--data ../shared/data] [--lowercased 500] [--unflagged 100]

Writes briefs of every multinews-dev cluster at 120 and 250 words, of the first --lowercased
clusters of multinews-plus-test-lowercased at 250 words, and of the example and the clusters
named in issue 14 at 60, 120 and 250 words; flags every brief sentence that a check finds to
be furniture, a fragment or a caption; prints the share flagged per set, every flagged
sentence, and --unflagged unflagged ones drawn at random (seed 14) for reading.

The check is written apart from the pipeline's own tests, so that it can catch what they
miss. A sentence is flagged as
  - furniture: it holds a sentence of the learned boilerplate list, matches a furniture rule
    of the clean stage, or carries web words (subscribe, newsletter, click, JavaScript, video,
    photo credit patterns, e-mail addresses, URLs, "contributed to this report");
  - a fragment: it does not open with a capital (or a digit or quote), does not end with
    sentence punctuation, ends on an abbreviation or an initial, has unbalanced parentheses
    or brackets, has fewer than 5 words, or holds no verb-like word;
  - a caption: a picture described in the present tense, "is seen", "(AP Photo", a photo
    credit, or a sentence ending on a full date after a present-tense verb.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsdesk.clean import INLINE_RULES, LINE_RULES, boilerplate_keys, learned_boilerplate
from newsdesk.ingest import read_story, story_from_cluster
from newsdesk.pipeline import summarize_story
from newsdesk.types import Story

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "seed-cluster"
# Clusters of multinews-dev named in issue 14, by words of their articles.
NAMED = {
    "Occupy LA": "Occupy Los Angeles encampment",
    "LAX shooting": "Paul Ciancia",
    "Sementilli": "Sementilli",
    "Kevin Spacey": "CLOSE Kevin Spacey",
}
WEB_WORDS = re.compile(
    r"(?i:\b(?:subscribe|newsletter|click here|javascript|sign up|log in|cookie|"
    r"advertisement|contributed to this report|all rights reserved|share this|"
    r"follow (?:us|him|her) on|read more|watch the video|video player)\b|"
    r"https?://|www\.|\S+@\S+\.\w+|\(AP Photo|Getty Images|/AP\)|/Reuters\))"
)
ABBREVIATION_END = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Rev|St|Mt|No|U\.S|"
    r"U\.N|Jan|Feb|Aug|Sept|Oct|Nov|Dec|vs)\.)[\"')\]]*$"
)
VERBISH = re.compile(
    r"(?i:\b(?:is|are|was|were|be|been|am|has|have|had|do|does|did|will|would|can|could|may|"
    r"might|must|shall|should|said|says|put|ran|run|got|get|made|make|took|take|came|come|"
    r"went|go|saw|see|knew|know|told|tell|gave|give|found|find|left|leave|met|meet|held|hold|"
    r"lost|won|shot|hit|cut|set|let|think|mean|want|like|need|look|guarantee)\b|"
    r"\b\w{2,}(?:ed|es|s|ing)\b|n't\b)"
)
CAPTION = re.compile(
    r"\b(?:is|are) (?:seen|pictured|shown)\b(?! (?:as|by|to)\b)|\(AP Photo|Photo:|"
    r"\b(?:poses|pose|gestures|waves|looks on)\b"
)
FULL_DATE_END = re.compile(
    r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+"
    r"\d{4}\.?[\"')]*$"
)
PRESENT = re.compile(r"\b\w+s\b (?:at|in|on|during|outside|near|after|as)\b")


def flags(text: str) -> list[str]:
    """Why a brief sentence would be struck (empty: it would not)."""
    found = []
    learned = learned_boilerplate()
    if any(key in learned for key in boilerplate_keys(text)):
        found.append("furniture: learned boilerplate")
    if any(p.search(text) for _, p in LINE_RULES) or any(p.search(text) for _, p in INLINE_RULES):
        found.append("furniture: a clean rule matches")
    if WEB_WORDS.search(text):
        found.append("furniture: web words")
    if not re.match(r"[\"'(\[]*[A-Z0-9]", text):
        found.append("fragment: no capital start")
    if not re.search(r"[.!?][\"')\]]*$", text):
        found.append("fragment: no sentence punctuation")
    if ABBREVIATION_END.search(text):
        found.append("fragment: ends on an abbreviation")
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        found.append("fragment: unbalanced brackets")
    if len(text.split()) < 5:
        found.append("fragment: under 5 words")
    if not VERBISH.search(text):
        found.append("fragment: no verb")
    if CAPTION.search(text) or (FULL_DATE_END.search(text) and PRESENT.search(text)):
        found.append("caption")
    return found


def stories(data: Path, lowercased: int) -> Iterator[tuple[str, str, Story, tuple[int, ...]]]:
    """(set, cluster id, story, word budgets)."""
    with open(data / "multinews-dev.jsonl", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    named = {
        next(r["id"] for r in records if any(words in d for d in r["documents"])): name
        for name, words in NAMED.items()
    }
    yield "example", "seed-cluster", read_story([EXAMPLE]), (60, 120, 250)
    for record in records:
        budgets = (60, 120, 250) if record["id"] in named else (120, 250)
        yield "multinews-dev", str(record["id"]), story_from_cluster(record), budgets
    with open(data / "multinews-plus-test-lowercased.jsonl", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= lowercased:
                break
            record = json.loads(line)
            yield "lower-cased", str(record["id"]), story_from_cluster(record), (250,)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--lowercased", type=int, default=500)
    parser.add_argument("--unflagged", type=int, default=100)
    args = parser.parse_args()
    counts: dict[tuple[str, int], list[int]] = {}
    flagged: list[tuple[str, str, int, str, list[str]]] = []
    unflagged: list[tuple[str, str, int, str]] = []
    for name, cluster, story, budgets in stories(args.data, args.lowercased):
        for words in budgets:
            brief = summarize_story(story, words=words)
            total = counts.setdefault((name, words), [0, 0])
            for sentence in brief.sentences:
                why = flags(sentence.text)
                total[0] += bool(why)
                total[1] += 1
                if why:
                    flagged.append((name, cluster, words, sentence.text, why))
                elif name != "lower-cased":
                    unflagged.append((name, cluster, words, sentence.text))
    print("set, words: flagged / brief sentences")
    for (name, words), (bad, total) in sorted(counts.items()):
        print(f"  {name:14} {words:3d} w: {bad:4d} / {total:5d} = {bad / max(total, 1):.1%}")
    print(f"\nflagged sentences ({len(flagged)}):")
    _print((f"{n} {c[:10]} {w}w [{'; '.join(why)}] {t}" for n, c, w, t, why in flagged))
    print(f"\n{args.unflagged} unflagged sentences (seed 14):")
    picked = random.Random(14).sample(unflagged, min(args.unflagged, len(unflagged)))
    _print(f"{n} {c[:10]} {w}w {t}" for n, c, w, t in picked)


def _print(lines: Iterable[str]) -> None:
    for line in lines:
        print("  " + line)


if __name__ == "__main__":
    main()
