"""Story grouping, copies and throughput of the desk (issue 17).

Usage:
  python benchmarks/stories.py [--data ../shared/data] [--skip SECTION ...] [--sweep]
                               [--throughput-limit N] [--jobs N] [--scale N] [--db-url URL]

Sections:
  grouping    ecbplus-stories.jsonl (982 articles, 86 gold stories) and the multi-set stream
              (every article of multinews-dev, duc2003-task2, duc2003-task4, duc2006-main and
              duc2007-update, gold = its set and cluster id, duc2007-update's parts A/B/C of a
              topic one story), each shuffled with random.Random(13). Every article goes
              through `Desk.add` into an empty SQLite store, in that order; an article whose
              text was already stored (the same text in two sets) is scored in the story of
              the stored one. Beside it, the baseline: single-pass TF-IDF centroid clustering
              (online IDF, cosine to every story's centroid, join the best above a threshold),
              at its best threshold on each set (an oracle choice, in its favour).
              --sweep also prints newsdesk on ECB+ at other thresholds and entity weights
              (how it was calibrated: the best B-cubed F1 there).
  copies      precision and recall of the copy test on the hand-labelled pairs of
              benchmarks/copies/pairs.jsonl.
  throughput  every article of multinews-plus-test-lowercased.jsonl added to an empty SQLite
              store by `newsdesk add` in one process: articles/s overall and over the first
              and last 10% of the stream, peak resident memory; --jobs N: the per-article
              work on N processes, as `newsdesk add --jobs N` does.
  opens       every article of multinews-dev.jsonl added to an empty store, in file order;
              then every listed story opened as `newsdesk story ID` does: how many have a
              brief, how many open with the reason they have none, how many fail; and how
              many headlines are date lines.
  scale       N (--scale, default 200,000) tiny generated articles (about 30 words and a
              title; events of their own words over 400 days, a report number each so the
              store's vocabulary grows with it, 5% agency copies: see `tiny_articles`) in one
              JSONL file, added by `Desk.add` (what `newsdesk add FILE` calls) in this process
              to an empty SQLite store (or --db-url, an empty PostgreSQL database): articles/s
              over the first and last 10%, peak resident memory. Then `newsdesk serve --db`
              on that store: seconds of one POSTed article (five, one at a time) and of
              `GET /v1/stories` (its first page) and `GET /v1/stories/ID`.

Metrics (Bagga & Baldwin 1998; Amigó et al. 2009): B-cubed precision of an article is the
share of its predicted story that is in its gold story, recall the share of its gold story that
is in its predicted story, both averaged over articles; F1 their harmonic mean. Pairwise
precision/recall/F1 count the pairs of articles put together by the grouping and by gold.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from newsdesk.desk import Desk, GroupingConfig
from newsdesk.desk.copies import CopyConfig, is_copy
from newsdesk.desk.features import ArticleFeatures, features
from newsdesk.ingest import ArticleInput

ROOT = Path(__file__).resolve().parent.parent
SEED = 13
MULTI_SETS = (
    "multinews-dev.jsonl",
    "duc2003-task2.jsonl",
    "duc2003-task4.jsonl",
    "duc2006-main.jsonl",
    "duc2007-update.jsonl",
)


# -- data ---------------------------------------------------------------------------------


def ecbplus(data: Path) -> list[tuple[ArticleInput, str]]:
    """ECB+ articles with their gold story, shuffled with seed 13."""
    items = []
    with open(data / "ecbplus-stories.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            article = ArticleInput(
                id=str(record["id"]),
                text=record["text"],
                title=record.get("title"),
                url=record.get("url"),
                origin="ecbplus-stories.jsonl",
            )
            items.append((article, str(record["gold"])))
    random.Random(SEED).shuffle(items)
    return items


def multi_set(data: Path) -> list[tuple[ArticleInput, str]]:
    """Every article of the multi-set stream with its gold story, shuffled with seed 13."""
    from newsdesk.ingest.story import newswire_date

    items = []
    for name in MULTI_SETS:
        with open(data / name, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                cluster = str(record["id"])
                if name.startswith("duc2007"):
                    cluster = cluster.rsplit("-", 1)[0]  # parts A/B/C of a topic: one story
                doc_ids = record.get("doc_ids") or [None] * len(record["documents"])
                for position, (text, doc_id) in enumerate(
                    zip(record["documents"], doc_ids, strict=True)
                ):
                    article = ArticleInput(
                        id=f"{name}:{record['id']}:{position}",
                        text=text,
                        published=newswire_date(doc_id),
                        origin=name,
                    )
                    items.append((article, f"{name}:{cluster}"))
    random.Random(SEED).shuffle(items)
    return items


# -- metrics ------------------------------------------------------------------------------


def scores(predicted: Mapping[str, object], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed and pairwise precision, recall and F1 of a grouping (see the module docstring)."""
    by_pred: dict[object, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, story in predicted.items():
        by_pred[story].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item, story in predicted.items():
        cluster, cls = by_pred[story], by_gold[gold[item]]
        both = len(cluster & cls)
        precision += both / len(cluster)
        recall += both / len(cls)
    n = len(predicted)
    bp, br = precision / n, recall / n
    pairs_pred = sum(len(c) * (len(c) - 1) // 2 for c in by_pred.values())
    pairs_gold = sum(len(c) * (len(c) - 1) // 2 for c in by_gold.values())
    pairs_both = 0
    for cluster in by_pred.values():
        counts = Counter(gold[item] for item in cluster)
        pairs_both += sum(k * (k - 1) // 2 for k in counts.values())
    pp = pairs_both / pairs_pred if pairs_pred else 1.0
    pr = pairs_both / pairs_gold if pairs_gold else 1.0
    return {
        "b3_precision": bp,
        "b3_recall": br,
        "b3_f1": 2 * bp * br / (bp + br) if bp + br else 0.0,
        "pair_precision": pp,
        "pair_recall": pr,
        "pair_f1": 2 * pp * pr / (pp + pr) if pp + pr else 0.0,
        "stories": len(by_pred),
    }


# -- systems ------------------------------------------------------------------------------


def run_desk(
    items: Sequence[tuple[ArticleInput, str]], config: GroupingConfig, db: Path
) -> dict[str, object]:
    """Every article through `Desk.add` into an empty SQLite store; input id -> story id."""
    if db.exists():
        db.unlink()
    with Desk(str(db), grouping=config) as desk:
        report = desk.add_articles([article for article, _ in items])
    return {placed.input_id: placed.story for placed in report.placed}


def run_baseline(
    items: Sequence[tuple[ArticleInput, str]],
    vectors: Sequence[ArticleFeatures],
    threshold: float,
) -> dict[str, object]:
    """Single-pass TF-IDF centroid clustering: online IDF, every story a candidate."""
    df: Counter[str] = Counter()
    centroids: list[dict[str, float]] = []
    norms: list[float] = []
    postings: dict[str, set[int]] = defaultdict(set)  # exact: a story sharing no term scores 0
    predicted: dict[str, object] = {}
    for n, ((article, _), feats) in enumerate(zip(items, vectors, strict=True)):
        weighted = {t: tf * (math.log((n + 1) / (df[t] + 1)) + 1.0) for t, tf in feats.terms}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        vector = {t: w / norm for t, w in weighted.items()}
        dots: dict[int, float] = defaultdict(float)
        for t, w in vector.items():
            for k in postings.get(t, ()):
                dots[k] += w * centroids[k][t]
        best, best_score = -1, -1.0
        for k in sorted(dots):
            score = dots[k] / norms[k]
            if score > best_score:
                best, best_score = k, score
        if best < 0 or best_score < threshold:
            centroids.append({})
            norms.append(0.0)
            best = len(centroids) - 1
        centroid = centroids[best]
        for t, w in vector.items():
            centroid[t] = centroid.get(t, 0.0) + w
            postings[t].add(best)
        norms[best] = math.sqrt(sum(w * w for w in centroid.values()))
        df.update(t for t, _ in feats.terms)
        predicted[article.id] = best
    return predicted


def grouping_section(data: Path, sweep: bool) -> None:
    config = GroupingConfig()
    print(f"## grouping (seed {SEED}); newsdesk parameters: {config}")
    for name, items in (("ECB+", ecbplus(data)), ("multi-set", multi_set(data))):
        gold = {article.id: story for article, story in items}
        print(f"\n{name}: {len(items)} articles, {len(set(gold.values()))} gold stories")
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            result = scores(run_desk(items, config, Path(tmp) / "desk.db"), gold)
            seconds = time.perf_counter() - start
            print(_row("newsdesk", result) + f"  ({seconds:.1f} s)")
            if sweep and name == "ECB+":  # the calibration: ECB+ only
                for threshold in (0.2, 0.22, 0.24, 0.26, 0.28):
                    for weight in (0.0, 0.3, 0.5):
                        tried = replace(config, threshold=threshold, entity_weight=weight)
                        result = scores(run_desk(items, tried, Path(tmp) / "desk.db"), gold)
                        print(_row(f"  threshold {threshold} entities {weight}", result))
        vectors = [features(a.text, a.title, a.published) for a, _ in items]
        best: tuple[float, float, dict[str, float]] | None = None
        for step in range(4, 31):
            threshold = step / 50
            result = scores(run_baseline(items, vectors, threshold), gold)
            if best is None or result["b3_f1"] > best[0]:
                best = (result["b3_f1"], threshold, result)
        assert best is not None
        print(_row(f"baseline (best threshold {best[1]})", best[2]))


def _row(label: str, result: Mapping[str, float]) -> str:
    return (
        f"{label:34s} B3 P {result['b3_precision']:.3f} R {result['b3_recall']:.3f} "
        f"F1 {result['b3_f1']:.3f} | pairwise P {result['pair_precision']:.3f} "
        f"R {result['pair_recall']:.3f} F1 {result['pair_f1']:.3f} | {result['stories']} stories"
    )


# -- copies -------------------------------------------------------------------------------


def copies_section(data: Path) -> None:
    """The copy test on the hand-labelled pairs (texts read from --data by reference)."""
    import numpy as np

    config = CopyConfig()
    with open(ROOT / "benchmarks/copies/pairs.jsonl", encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle]
    texts = _texts_of(data, [p[side] for p in pairs for side in ("first", "second")])
    outcome: Counter[tuple[str, bool]] = Counter()
    for pair in pairs:
        first = features(texts[_key(pair["first"])])
        second = features(texts[_key(pair["second"])])
        verdict = is_copy(
            np.frombuffer(first.signature, dtype=np.uint64),
            first.shingles,
            np.frombuffer(second.signature, dtype=np.uint64),
            second.shingles,
            config,
        )
        outcome[(pair["label"], verdict is not None)] += 1
    copies = ("near-duplicate", "truncated")
    tp = sum(outcome[(label, True)] for label in copies)
    fn = sum(outcome[(label, False)] for label in copies)
    fp, tn = outcome[("distinct", True)], outcome[("distinct", False)]
    labels = Counter(p["label"] for p in pairs)
    print(f"\n## copies: {len(pairs)} hand-labelled pairs {dict(sorted(labels.items()))}")
    print(f"{config}")
    print(
        f"copies (near-duplicate + truncated) vs distinct: precision {tp / max(tp + fp, 1):.3f} "
        f"recall {tp / max(tp + fn, 1):.3f} (tp {tp} fp {fp} fn {fn} tn {tn})"
    )
    for label in (*copies, "partial", "distinct"):
        print(f"  {label}: {outcome[(label, True)]} of {labels[label]} called copies")


def _key(ref: Mapping[str, object]) -> tuple[str, str, int]:
    return (str(ref["set"]), str(ref["cluster"]), int(str(ref["index"])))


def _texts_of(data: Path, refs: Iterable[Mapping[str, object]]) -> dict[tuple[str, str, int], str]:
    """The texts the pairs name: ``set`` file, cluster (or ECB+ article) id, document index."""
    wanted = {_key(ref) for ref in refs}
    texts = {}
    for name in sorted({key[0] for key in wanted}):
        with open(data / name, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                documents = record.get("documents") or [record.get("text")]
                for index, text in enumerate(documents):
                    if (name, str(record["id"]), index) in wanted:
                        texts[(name, str(record["id"]), index)] = text
    return texts


# -- throughput ---------------------------------------------------------------------------


def throughput_section(data: Path, limit: int | None, jobs: int = 1) -> None:
    """All articles of the lower-cased Multi-News clusters through `Desk.add` (what `newsdesk
    add FILE` calls) into an empty SQLite store, in this process, with ``jobs`` worker
    processes for the per-article work (``newsdesk add --jobs``)."""
    source = data / "multinews-plus-test-lowercased.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        if limit:
            clipped = Path(tmp) / "clipped.jsonl"
            with open(source, encoding="utf-8") as src, open(clipped, "w") as out:
                for _, line in zip(range(limit), src, strict=False):
                    out.write(line)
            source = clipped
        marks: list[dict[str, float]] = [{"articles": 0, "seconds": 0.0}]
        start = time.perf_counter()

        def progress(done: int) -> None:
            marks.append({"articles": done, "seconds": time.perf_counter() - start})

        with Desk(str(Path(tmp) / "desk.db")) as desk:
            report = desk.add([source], progress=progress, jobs=jobs)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = int(marks[-1]["articles"])
    tenth = max(1, total // 10)
    first = _rate(marks, 0, tenth)
    last = _rate(marks, total - tenth, total)
    print(f"\n## throughput: {source.name}, {total} articles in {seconds:.1f} s, --jobs {jobs}")
    print(f"{report.summary()}")
    print(f"{total / seconds:.0f} articles/s overall; peak resident memory {peak:.0f} MiB")
    # The first batch also pays the one-time loads (language model, datasketch, the
    # background frequencies): the same span measured from the end of the first batch.
    warm = int(marks[1]["articles"]) if len(marks) > 1 else 0
    first_warm = _rate(marks, warm, warm + tenth)
    print(
        f"first 10%: {first:.0f} articles/s; last 10%: {last:.0f} articles/s "
        f"(last/first {last / first:.2f})"
    )
    print(
        f"first 10% after the first batch ({warm} articles): {first_warm:.0f} articles/s "
        f"(last/that {last / first_warm:.2f})"
    )


def _rate(marks: Sequence[Mapping[str, float]], start: int, end: int) -> float:
    """Articles/s between the marks nearest to article counts ``start`` and ``end``."""
    a = min(marks, key=lambda m: abs(m["articles"] - start))
    b = min(marks, key=lambda m: abs(m["articles"] - end))
    return (b["articles"] - a["articles"]) / max(b["seconds"] - a["seconds"], 1e-9)


# -- every listed story opens -------------------------------------------------------------


def opens_section(data: Path) -> None:
    from newsdesk.desk.headlines import is_date_line
    from newsdesk.errors import NewsdeskError

    with tempfile.TemporaryDirectory() as tmp, Desk(str(Path(tmp) / "desk.db")) as desk:
        report = desk.add([data / "multinews-dev.jsonl"])
        rows = desk.stories()
        outcome: Counter[str] = Counter()
        reasons: list[str] = []
        for row in rows:
            try:
                view = desk.story(row.id)
            except NewsdeskError as exc:
                outcome["failed"] += 1
                reasons.append(f"story {row.id} failed: {exc}")
                continue
            if view.reason is not None:
                outcome["opens with its reason"] += 1
                reasons.append(f"story {row.id}: {view.reason[:150]}")
            else:
                outcome["brief"] += 1
        dated = [row.headline for row in rows if is_date_line(row.headline)]
    print(f"\n## opens: multinews-dev.jsonl, {report.summary()}")
    print(f"{len(rows)} stories listed: {dict(sorted(outcome.items()))}")
    for reason in reasons:
        print(f"  {reason}")
    print(f"headlines that are date lines: {len(dated)} {dated[:5]}")


# -- scale ----------------------------------------------------------------------------------

_SYLLABLES: tuple[str, ...] = ("ka", "lo", "ren", "vi", "sa", "mor", "tel", "an", "bri", "dun")
_SYLLABLES += ("es", "fa", "gor", "hal", "is", "jen", "kor", "lum", "ner", "ost", "pa", "quin")
_SYLLABLES += ("ru", "zed")


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def tiny_articles(count: int, seed: int = 24) -> Iterable[dict[str, str]]:
    """``count`` tiny articles (a title and about 30 words) in publication order over 400 days.

    A model of a wire stream, not text: about 60 events are open at a time, each with its own
    words (a place, a person, six words of its own out of 60,000) and a length drawn from a
    geometric law (mean 20 articles), but for one event in fifty, which runs for 2,000 to
    20,000 arrivals (a war, a campaign: a story that keeps growing); an article mixes its
    event's words with common words (2,000, Zipf-distributed) in no fixed template, and carries
    a report number of its own (a term no other article has: the vocabulary grows with the
    stream). One article in twenty
    is an agency copy of a recent one (a byline added)."""
    rng = random.Random(seed)
    common = [_word(rng, 2) for _ in range(2_000)]
    weights = [1.0 / (rank + 1) for rank in range(len(common))]
    rare = [_word(rng, 4) for _ in range(60_000)]
    start = 10_957 * 86_400  # 2000-01-01, in seconds
    span = 400 * 86_400
    events: list[dict[str, object]] = []
    recent: list[dict[str, str]] = []
    for number in range(count):
        published = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + span * number // count))
        if recent and rng.random() < 0.05:
            original = rng.choice(recent[-200:])
            yield {
                **original,
                "id": f"copy-{number}",
                "source": f"Agency {number % 7}",
                "text": f"By Agency {number % 7} staff. " + original["text"],
                "published": published,
            }
            continue
        while len(events) < 60:
            events.append(
                {
                    "place": _word(rng, 2).capitalize(),
                    "person": f"{_word(rng, 2).capitalize()} {_word(rng, 3).capitalize()}",
                    "words": rng.sample(rare, 6),
                    # Most events last a day or two; one in fifty runs for weeks (a war, a
                    # campaign): its story keeps growing through the stream.
                    "left": 1 + int(rng.expovariate(1 / 19))
                    if rng.random() >= 0.02
                    else rng.randint(2_000, 20_000),
                }
            )
        event = rng.choice(events)
        event["left"] = int(str(event["left"])) - 1
        if int(str(event["left"])) <= 0:
            events.remove(event)
        own = list(event["words"])  # type: ignore[call-overload]
        words = rng.sample(own, 4) + rng.choices(common, weights, k=18)
        rng.shuffle(words)
        place, person = str(event["place"]), str(event["person"])
        text = (
            f"{place}: {' '.join(words[:11])}, {person} said. {' '.join(words[11:])} in "
            f"{place}, report {number}."
        )
        article = {
            "id": f"tiny-{number}",
            "title": f"{place} {' '.join(rng.sample(own, 2))}",
            "text": text[0].upper() + text[1:],
            "source": f"Outlet {number % 50}",
            "published": published,
        }
        recent.append(article)
        if len(recent) > 400:
            del recent[:200]
        yield article


def scale_section(count: int, db_url: str | None) -> None:
    """The store at scale: adding, then a server answering on it (see the module docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "tiny.jsonl"
        with open(source, "w", encoding="utf-8") as out:
            for article in tiny_articles(count):
                out.write(json.dumps(article) + "\n")
        db = db_url or str(Path(tmp) / "desk.db")
        marks: list[dict[str, float]] = [{"articles": 0, "seconds": 0.0}]
        start = time.perf_counter()
        print(f"\n## scale: {count} tiny articles", flush=True)

        def progress(done: int) -> None:
            marks.append({"articles": done, "seconds": time.perf_counter() - start})
            tenth = max(1, count // 10)
            if done // tenth > int(marks[-2]["articles"]) // tenth:  # a tenth more: say so
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                rate = _rate(marks, done - tenth, done)
                print(
                    f"  {done} articles after {marks[-1]['seconds']:.0f} s: {rate:.0f} "
                    f"articles/s over the last tenth; peak memory so far {rss:.0f} MiB",
                    flush=True,
                )

        with Desk(db) as desk:
            report = desk.add([source], progress=progress)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tenth = max(1, count // 10)
        first, last = _rate(marks, 0, tenth), _rate(marks, count - tenth, count)
        print(f"{count} tiny articles added in one run, {seconds:.0f} s")
        print(report.summary())
        for skipped in report.skipped[:3]:
            print(f"  skipped {skipped.input}: {skipped.reason}")
        print(
            f"first 10%: {first:.0f} articles/s; last 10%: {last:.0f} articles/s "
            f"(last/first {last / first:.2f}); peak resident memory {peak:.0f} MiB"
        )
        _serve_and_time(db, count)


def _serve_and_time(db: str, count: int) -> None:
    import socket
    import statistics
    import subprocess
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "newsdesk", "serve", "--db", db, "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(
        [*command, "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 600:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        print(f"server ready (grouping state loaded) after {time.perf_counter() - started:.1f} s")

        def timed(url: str, body: dict[str, object] | None = None) -> tuple[float, object]:
            data = json.dumps(body).encode() if body is not None else None
            request = urllib.request.Request(
                url, data=data, headers={"Content-Type": "application/json"}
            )
            begun = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120) as response:
                answer = json.loads(response.read())
            return time.perf_counter() - begun, answer

        posts: list[float] = []
        for extra in tiny_articles(count + 6, seed=25):
            if len(posts) == 6:
                break
            extra["id"] = f"posted-{len(posts)}"
            posts.append(timed(f"{base}/v1/articles", {"articles": [extra]})[0])
        pages = [timed(f"{base}/v1/stories")[0] for _ in range(5)]
        _, listed = timed(f"{base}/v1/stories")
        assert isinstance(listed, dict)
        story_id = listed["stories"][0]["id"]
        opened = [timed(f"{base}/v1/stories/{story_id}")[0] for _ in range(3)]
        print(
            f"POST /v1/articles, one new article: first {posts[0]:.3f} s, then median "
            f"{statistics.median(posts[1:]):.3f} s, max {max(posts[1:]):.3f} s"
        )
        total = listed.get("total", len(listed["stories"]))  # an unpaged listing has no total
        print(
            f"GET /v1/stories (first page of {len(listed['stories'])}, of {total}): "
            f"median {statistics.median(pages):.3f} s, max {max(pages):.3f} s"
        )
        print(f"GET /v1/stories/{story_id} (its brief): median {statistics.median(opened):.3f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--skip", nargs="*", default=[])
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--throughput-limit", type=int)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for throughput")
    parser.add_argument("--scale", type=int, default=200_000)
    parser.add_argument("--db-url", help="an empty PostgreSQL database for the scale section")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if "grouping" not in args.skip:
        grouping_section(args.data, args.sweep)
    if "copies" not in args.skip:
        copies_section(args.data)
    if "throughput" not in args.skip:
        throughput_section(args.data, args.throughput_limit, args.jobs)
    if "opens" not in args.skip:
        opens_section(args.data)
    if "scale" not in args.skip:
        scale_section(args.scale, args.db_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
