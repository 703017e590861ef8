"""The desk: articles in as they arrive, copies found, stories out, all kept in a store.

:class:`Desk` is the one object behind ``newsdesk add``, ``newsdesk stories`` and ``newsdesk
story``. Adding runs the per-article work (:func:`newsdesk.desk.features.features`) on ``jobs``
processes and the placement (copy test, then grouping) in input order, and commits every batch
of articles in one transaction, so that an interrupted ``add`` re-run finishes the job with the
same stories an uninterrupted one makes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from newsdesk.config import SummaryConfig
from newsdesk.desk.copies import CopyConfig, CopyIndex
from newsdesk.desk.features import ArticleFeatures, canonical_url, features
from newsdesk.desk.grouping import Grouper, GroupingConfig
from newsdesk.desk.store import Store, StoredArticle, StoryRow, now
from newsdesk.errors import ConfigError, InputError
from newsdesk.ingest import ArticleInput, read_inputs
from newsdesk.text import plural
from newsdesk.types import Article, Brief, Skipped, Story

logger = logging.getLogger(__name__)

BATCH = 200  # articles a transaction: a crash loses at most this much work, never consistency
HEADLINE_CHARS = 120


@dataclass(frozen=True)
class Placed:
    """Where one input article went. ``status``: ``new`` (stored, not a copy), ``copy``
    (stored as a copy of ``copy_of``) or ``stored`` (the same text was stored already)."""

    input_id: str
    seq: int
    story: int
    status: str
    copy_of: int | None = None


@dataclass
class AddReport:
    """What an ``add`` did."""

    new: int = 0
    copies: int = 0
    already: int = 0
    stories_created: int = 0
    stories_grown: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)

    def summary(self) -> str:
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (
            f"{plural(self.new, 'new article')}, {plural(self.copies, 'copy')}, "
            f"{self.already} already stored{skipped}; "
            f"{plural(self.stories_created, 'story')} created, {self.stories_grown} grown"
        )


@dataclass(frozen=True)
class StoryView:
    """One story's articles (copies marked) and, when asked, its brief over the originals."""

    id: int
    headline: str
    articles: tuple[StoredArticle, ...]
    brief: Brief | None


def _features(article: ArticleInput) -> ArticleFeatures:
    return features(article.text, article.title, article.published)


# The headline is looked for in an article's beginning only (issue 27: cleaning whole
# articles to pick one line was 4.7% of an add): its first lines, whole, until they hold
# HEADLINE_SCAN characters, with the lines after them that cleaning a line reads (a truncated
# caption is known by the full one that follows it). A line longer than LONG_LINE characters
# and too long to be furniture (which cleaning drops whole) is cut at a word. An article
# without a line of six words there is cleaned whole, as every article was before.
HEADLINE_LINES = 8
HEADLINE_SCAN = 600
LONG_LINE = 1_000


def _beginning(text: str) -> str:
    """The first lines of ``text`` that :func:`headline_of` cleans."""
    from newsdesk.clean import MAX_FURNITURE_LINE_WORDS, TRUNCATED_LOOKAHEAD

    def cut(line: str) -> str:
        if len(line) <= LONG_LINE or len(line.split()) <= MAX_FURNITURE_LINE_WORDS:
            return line
        return line[:LONG_LINE].rsplit(" ", 1)[0]

    most = HEADLINE_LINES + TRUNCATED_LOOKAHEAD
    lines = text.split("\n", most)[:most]  # (the last piece of a split is the text's rest)
    taken, size = 0, 0
    while taken < min(HEADLINE_LINES, len(lines)) and size < HEADLINE_SCAN:
        size += len(lines[taken])
        taken += 1
    return "\n".join(cut(line) for line in lines[: taken + TRUNCATED_LOOKAHEAD])


def headline_of(article: ArticleInput) -> str:
    """A story's headline: its first article's title, else the first line of six words or
    more of its cleaned beginning (captions and promos removed, see :data:`HEADLINE_LINES`),
    else the first line of its cleaned text, cut."""
    text = article.title or ""
    if not text:
        from newsdesk.clean import clean_article

        for body in dict.fromkeys((_beginning(article.text), article.text)):  # whole: if need be
            cleaned, _ = clean_article(Article(id=article.id, text=body, source="", origin=""))
            kept = [line.strip() for line in (cleaned.text or body).split("\n")]
            text = next((line for line in kept if len(line.split()) >= 6), "")
            if text:
                break
        if not text:
            text = kept[0]
    text = text.strip()
    if len(text) <= HEADLINE_CHARS:
        return text
    return text[:HEADLINE_CHARS].rsplit(" ", 1)[0] + "…"


_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")


def parse_since(value: str | None) -> str | None:
    """A ``since`` time (ISO date or time, or ``30m``, ``6h``, ``2d``, ``1w`` ago) as ISO UTC
    text comparable with the store's times."""
    if value is None:
        return None
    match = _RELATIVE.match(value.strip())
    if match:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
        moment = datetime.now(timezone.utc) - timedelta(**{unit: int(match.group(1))})
        return moment.replace(microsecond=0).isoformat()
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError("--since", "an ISO date or time, or 30m, 6h, 2d, 1w", value) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


class Desk:
    """A store of articles grouped into stories (SQLite file by default; see
    :func:`newsdesk.desk.store.database_url`)."""

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        *,
        grouping: GroupingConfig | None = None,
        copies: CopyConfig | None = None,
        batch: int = BATCH,
    ) -> None:
        if batch < 1:
            raise ConfigError("batch", "at least 1", batch)
        self.grouping = grouping or GroupingConfig()
        self.copy_config = copies or CopyConfig()
        self.batch = batch
        self.store = Store(db)
        self._grouper: Grouper | None = None

    def __enter__(self) -> Desk:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- adding -------------------------------------------------------------------------------

    def add(
        self,
        paths: Sequence[str | Path],
        *,
        stdin: bytes | None = None,
        jobs: int = 1,
        engine: str = "local",
        scheduler: str | None = None,
        progress: Callable[[int], None] | None = None,
        keep_placements: bool = False,
    ) -> AddReport:
        """Add every article of ``paths`` (files, folders, JSONL, feeds; ``"-"``: ``stdin``).

        The per-article work runs on ``jobs`` processes, or on a Dask cluster with ``engine``
        ``"dask"`` (``scheduler``: its address; without one, a local cluster of ``jobs``
        workers); the placement always runs here, in input order."""
        if not paths:
            raise InputError("no input given: name files or folders, or '-' for standard input")
        return self.add_articles(
            read_inputs(paths, stdin=stdin),
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            progress=progress,
            keep_placements=keep_placements,
        )

    def add_articles(
        self,
        articles: Iterable[ArticleInput | Skipped],
        *,
        jobs: int = 1,
        engine: str = "local",
        scheduler: str | None = None,
        progress: Callable[[int], None] | None = None,
        keep_placements: bool = True,
    ) -> AddReport:
        """Add articles in order; ``progress`` is called after each batch with the count of
        inputs done (articles placed and inputs skipped, as :func:`count_inputs` counts)."""
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise ConfigError("--jobs", "a whole number of at least 1", jobs)
        if engine not in ("local", "dask"):
            raise ConfigError("--engine", "local or dask", engine)
        if scheduler is not None and engine != "dask":
            raise ConfigError("--scheduler", "given only with the dask engine", scheduler)
        report = AddReport()
        state = self._load()
        grown: set[int] = set()
        done = 0
        with _mapper(jobs, engine, scheduler) as mapper:
            for batch in _batches(articles, self.batch, report.skipped):
                computed = mapper(_features, batch)
                self._place_batch(state, batch, computed, report, grown, keep_placements)
                done += len(batch)
                if progress is not None:  # the inputs read so far: articles and skipped ones
                    progress(done + len(report.skipped))
        report.stories_grown = len(grown)
        return report

    def _load(self) -> _State:
        counters = self.store.counters()
        next_seq = counters.get("next_seq", 1)
        grouper = Grouper(
            self.grouping,
            documents=counters.get("documents", 0),
            df=self.store.document_frequencies(),
            stories=self.store.active_stories(next_seq - self.grouping.window),
            next_story=counters.get("next_story", 1),
        )
        index = CopyIndex(self.copy_config)
        story_of: OrderedDict[int, int] = OrderedDict()
        for seq, signature, shingles, copy_of, story in self.store.recent_signatures(
            self.copy_config.window
        ):
            stand_in = ArticleFeatures("", (), (), signature, shingles, None)
            index.add(seq, stand_in, original=copy_of)
            story_of[seq] = story
        return _State(next_seq, grouper, index, story_of)

    def _place_batch(
        self,
        state: _State,
        batch: Sequence[ArticleInput],
        computed: Sequence[ArticleFeatures],
        report: AddReport,
        grown: set[int],
        keep: bool,
    ) -> None:
        known = self.store.known_hashes(f.content_hash for f in computed)
        rows: list[dict[str, Any]] = []
        headlines: dict[int, str] = {}
        added = now()
        for article, feats in zip(batch, computed, strict=True):
            if feats.content_hash in known:
                seq, story = known[feats.content_hash]
                report.already += 1
                if keep:
                    report.placed.append(Placed(article.id, seq, story, "stored"))
                continue
            seq = state.next_seq
            state.next_seq += 1
            match = state.index.find(feats)
            copy_of = None
            if match is not None and match.original in state.story_of:
                copy_of = match.original
                story = state.story_of[copy_of]
                state.grouper.join(story, seq)
                report.copies += 1
                grown.add(story)
                status = "copy"
            else:
                assignment = state.grouper.assign(feats, seq)
                story = assignment.story
                report.new += 1
                status = "new"
                if assignment.new:
                    report.stories_created += 1
                    headlines[story] = headline_of(article)
                else:
                    grown.add(story)
            state.index.add(seq, feats, original=copy_of)
            state.story_of[seq] = story
            while len(state.story_of) > self.copy_config.window:
                state.story_of.popitem(last=False)
            known[feats.content_hash] = (seq, story)
            if keep:
                report.placed.append(Placed(article.id, seq, story, status, copy_of))
            rows.append(
                {
                    "seq": seq,
                    "input_id": article.id,
                    "content_hash": feats.content_hash,
                    "canonical_url": canonical_url(article.url),
                    "title": article.title,
                    "source": article.source,
                    "url": article.url,
                    "published": article.published,
                    "added": added,
                    "text": article.text,
                    "story_id": story,
                    "copy_of": copy_of,
                    "copy_kind": match.kind if copy_of is not None and match else None,
                    "signature": feats.signature,
                    "shingles": feats.shingles,
                }
            )
        grown.difference_update(headlines)
        df, stories = state.grouper.take_changes()
        counters = {
            "next_seq": state.next_seq,
            "documents": state.grouper.documents,
            "next_story": state.grouper.next_story,
        }
        self.store.write_batch(rows, stories, headlines, df, counters)

    # -- reading ------------------------------------------------------------------------------

    def stories(self, *, since: str | None = None, min_sources: int = 1) -> list[StoryRow]:
        """Stories with their counts, outlets and times, latest activity first."""
        if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 1:
            raise ConfigError("--min-sources", "a whole number of at least 1", min_sources)
        return self.store.stories(since=since, min_sources=min_sources)

    def story(
        self,
        story_id: int,
        *,
        config: SummaryConfig | None = None,
        brief: bool = True,
        since: str | None = None,
        compare: bool = False,
    ) -> StoryView:
        """One story: its articles (copies marked) and the brief of its originals, with their
        comparison when ``compare`` is true. Copies are reach, not sources: they are left out
        of the brief and of the comparison, so that five outlets running one agency text
        corroborate nothing.

        With ``since`` (ISO UTC text, see :func:`parse_since`), the articles added before it
        count as read: the brief tells what the later ones add (an update brief,
        :mod:`newsdesk.focus`)."""
        members = self.store.story_articles(story_id)
        if not members:
            raise InputError(f"no story {story_id} in the store {self.store.display}")
        written = None
        if brief:
            from newsdesk.pipeline import summarize_story

            story = story_of_articles(story_id, members)
            if since is not None:
                story = _since(story_id, members, since)
            written = summarize_story(story, config or SummaryConfig(), compare=compare)
        return StoryView(story_id, self.store.headline(story_id) or "", tuple(members), written)


def _since(story_id: int, members: Sequence[StoredArticle], since: str) -> Story:
    """The story of the articles added at or after ``since``, with those added before as
    read; an error when none was added since."""
    new = [m for m in members if m.added >= since]
    if not any(m.copy_of is None for m in new):
        copies = f" ({len(new)} copies of earlier articles)" if new else ""
        raise InputError(
            f"nothing new in story {story_id} since {since}: its articles were added before{copies}"
        )
    read = [m for m in members if m.added < since]
    story = story_of_articles(story_id, new)
    if any(m.copy_of is None for m in read):
        story = replace(story, seen=story_of_articles(story_id, read))
    return story


def story_of_articles(story_id: int, members: Sequence[StoredArticle]) -> Story:
    """The :class:`Story` of a stored story's original articles (copies left out), each
    article's ``meta["copies"]`` naming the outlets that carried a copy of it."""
    copies: dict[int, list[str]] = {}
    for member in members:
        if member.copy_of is not None:
            copies.setdefault(member.copy_of, []).append(member.source or member.input_id)
    used: set[str] = set()
    articles = []
    for member in members:
        if member.copy_of is not None:
            continue
        article_id = (
            member.input_id if member.input_id not in used else f"{member.input_id}~{member.seq}"
        )
        used.add(article_id)
        articles.append(
            Article(
                id=article_id,
                text=member.text,
                source=member.source or member.input_id,
                origin=f"story {story_id}, article {member.seq}",
                title=member.title,
                url=member.url,
                published=member.published,
                meta={"copies": copies.get(member.seq, [])} if member.seq in copies else {},
            )
        )
    return Story(id=f"story-{story_id}", articles=tuple(articles))


@dataclass
class _State:
    next_seq: int
    grouper: Grouper
    index: CopyIndex
    story_of: OrderedDict[int, int]


def _batches(
    items: Iterable[ArticleInput | Skipped], size: int, skipped: list[Skipped]
) -> Iterator[list[ArticleInput]]:
    batch: list[ArticleInput] = []
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _apply_all(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    return [function(item) for item in items]


@contextlib.contextmanager
def _mapper(
    jobs: int, engine: str = "local", scheduler: str | None = None
) -> Iterator[Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]]:
    """``map`` here (one job), on a pool of ``jobs`` processes, or on a Dask cluster (the
    engines of ``newsdesk batch``); results in input order. One batch is out at a time, so
    memory stays bounded by the batch, whatever the size of the input."""
    if engine == "dask":
        from newsdesk.batch import _dask_client

        with _dask_client(jobs, scheduler) as client:

            def on_dask(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
                future = client.submit(_apply_all, function, list(items), pure=False)
                done: list[Any] = future.result()
                return done

            yield on_dask
        return
    if jobs == 1:
        yield lambda function, items: [function(item) for item in items]
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        yield lambda function, items: list(pool.map(function, items, chunksize=16))
