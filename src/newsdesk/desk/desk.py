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
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from newsdesk.config import SummaryConfig
from newsdesk.desk.copies import CopyConfig, CopyIndex
from newsdesk.desk.features import ArticleFeatures, canonical_url, features
from newsdesk.desk.grouping import Grouper, GroupingConfig, StoryState
from newsdesk.desk.headlines import headline_of
from newsdesk.desk.store import ATTEMPTS, Recent, Store, StoredArticle, StoryRow, now
from newsdesk.desk.times import iso, publication_time
from newsdesk.errors import ConfigError, InputError
from newsdesk.ingest import ArticleInput, read_inputs
from newsdesk.text import plural
from newsdesk.types import Article, Brief, Skipped, Story

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

logger = logging.getLogger(__name__)

BATCH = 200  # articles a transaction: a crash loses at most this much work, never consistency
MAX_STORY_ID = 2**63 - 1  # the largest id a store can hold
# Originals a story's brief reads at most (its latest): the server's limit of articles a
# brief request may send (ServerConfig.max_articles) is the same.
STORY_ARTICLES = 100
WARM_UP_TEXT = (
    "The council met on Monday in the town hall. It voted to repair the old bridge, the mayor "
    "said, and work will begin next spring."
)


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
    """One story's articles (copies marked) and, when asked, its brief over the originals;
    ``reason`` says why there is no brief when its articles leave nothing to summarize."""

    id: int
    headline: str
    articles: tuple[StoredArticle, ...]
    brief: Brief | None
    reason: str | None = None
    originals: int = 0  # the story's, when ``articles`` holds its latest only
    copies: int = 0


def _work(article: ArticleInput) -> tuple[ArticleFeatures, str | None]:
    """The per-article work (runs on the workers): the article's features, and its
    publication time (None: unknown), which also dates the features for the grouping."""
    published = publication_time(article.published, article.id)
    return features(article.text, article.title, published), published


_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")


def parse_since(value: str | None) -> str | None:
    """A ``since`` time (ISO date or time, or ``30m``, ``6h``, ``2d``, ``1w`` ago) as ISO UTC
    text comparable with the store's times."""
    if value is None:
        return None
    allowed = "an ISO date or time, or 30m, 6h, 2d, 1w (ago)"
    match = _RELATIVE.match(value.strip())
    try:
        if match:
            unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
            moment = datetime.now(timezone.utc) - timedelta(**{unit: int(match.group(1))})
        else:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        raise ConfigError("--since", allowed + ", after the year 1", value) from None
    return iso(moment)


class Desk:
    """A store of articles grouped into stories (SQLite file by default; see
    :func:`newsdesk.desk.store.database_url`).

    Any number of desks, in any number of processes, may add to one store at once: each
    batch takes the store's write lock and first takes up what the others added since (see
    :mod:`newsdesk.desk.store`). ``create=False`` opens a store only to read it: one that is
    not there is an error (:class:`~newsdesk.desk.store.StoreMissing`), never created."""

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        *,
        grouping: GroupingConfig | None = None,
        copies: CopyConfig | None = None,
        batch: int = BATCH,
        create: bool = True,
    ) -> None:
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ConfigError("batch", "a whole number of at least 1", batch)
        self.grouping = grouping or GroupingConfig()
        self.copy_config = copies or CopyConfig()
        self.batch = batch
        self.store = Store(db, create=create)
        self._state: _State | None = None

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
        """Add articles in order; ``progress`` is called after each batch is committed with the
        count of inputs done (articles placed and inputs skipped, as :func:`count_inputs`
        counts)."""
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise ConfigError("--jobs", "a whole number of at least 1", jobs)
        if engine not in ("local", "dask"):
            raise ConfigError("--engine", "local or dask", engine)
        if scheduler is not None and engine != "dask":
            raise ConfigError("--scheduler", "given only with the dask engine", scheduler)
        report = AddReport()
        grown: set[int] = set()
        done = 0

        def commit(batch: list[ArticleInput], work: _Future) -> None:
            nonlocal done
            placed = self._commit(batch, work.result(), keep_placements)
            placed.add_to(report, grown)
            done += len(batch)
            if progress is not None:  # the inputs read so far: articles and skipped ones
                progress(done + len(report.skipped))

        with _engine(jobs, engine, scheduler) as submit:
            # One batch ahead: the workers compute the next batch while this process places
            # the current one (in input order, whatever the engine).
            ahead: deque[tuple[list[ArticleInput], _Future]] = deque()
            for batch in _batches(articles, self.batch, report.skipped):
                ahead.append((batch, submit(batch)))
                if len(ahead) > 1:
                    commit(*ahead.popleft())
            while ahead:
                commit(*ahead.popleft())
        report.stories_grown = len(grown)
        return report

    def warm_up(self) -> None:
        """Load the grouping state and the copy index now, and what the per-article work
        loads on first use (a server does it as it starts, so that its first add is as quick
        as the next ones). Nothing is written."""
        sample = ArticleInput(id="warm-up", text=WARM_UP_TEXT)
        _work(sample)
        headline_of(sample)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.store.writing() as connection:
                    self._refreshed(connection, ())
                return
            except Exception as exc:
                self._state = None
                self.store.give_up(exc, attempt)

    def _commit(
        self,
        batch: Sequence[ArticleInput],
        computed: Sequence[tuple[ArticleFeatures, str | None]],
        keep: bool,
    ) -> _Placed:
        """Place and write one batch in one transaction under the write lock, retried when
        other writers held the lock too long; the in-memory state is dropped (and read again
        from the store) whenever a transaction fails, since it may hold the failed batch."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.store.writing() as connection:
                    state = self._refreshed(connection, [f for f, _ in computed])
                    placed = self._place(connection, state, batch, computed, keep)
                return placed
            except BaseException as exc:
                self._state = None
                if not isinstance(exc, Exception):
                    raise
                self.store.give_up(exc, attempt)
        raise AssertionError("unreachable: give_up raises on the last attempt")

    def _refreshed(self, connection: Connection, batch: Sequence[ArticleFeatures]) -> _State:
        """The in-memory state brought up to the store as it is now, in the writer's
        transaction: loaded once (the active stories and the recent articles' signatures),
        then, at each batch, what other writers added since this desk last looked; the
        counters and the document frequencies of the batch's terms read afresh."""
        counters = self.store.counters(connection)
        last = counters["next_seq"] - 1
        state = self._state
        if state is not None and last - state.seen > self.copy_config.window:
            state = None  # others added more than the window since: read it whole again
        changed: list[StoryState] = []
        if state is None:
            state = self._load(connection, last)
        elif last > state.seen:
            changed = self.store.stories_after(connection, state.seen)
            for recent in self.store.recent(connection, after=state.seen):
                state.remember(recent, self.copy_config.window)
            state.seen = last
        keys = {
            prefix + term
            for feats in batch
            for prefix, items in (("t:", feats.terms), ("e:", feats.entities))
            for term, _ in items
        }
        df = self.store.document_frequencies(connection, keys)
        state.grouper.refresh(
            documents=counters["documents"],
            df=df,
            next_story=counters["next_story"],
            stories=changed,
        )
        state.df_before = df
        state.next_seq = counters["next_seq"]
        self._state = state
        return state

    def _load(self, connection: Connection, last: int) -> _State:
        grouper = Grouper(
            self.grouping,
            stories=self.store.stories_after(connection, last - self.grouping.window),
        )
        state = _State(last, last + 1, grouper, CopyIndex(self.copy_config), OrderedDict())
        for recent in self.store.recent(connection, count=self.copy_config.window):
            state.remember(recent, self.copy_config.window)
        return state

    def _place(
        self,
        connection: Connection,
        state: _State,
        batch: Sequence[ArticleInput],
        computed: Sequence[tuple[ArticleFeatures, str | None]],
        keep: bool,
    ) -> _Placed:
        """Place a batch (copy test, then grouping, in input order) and write it."""
        known = self.store.known_hashes(connection, (f.content_hash for f, _ in computed))
        placed = _Placed()
        rows: list[dict[str, Any]] = []
        added = now()
        for article, (feats, published) in zip(batch, computed, strict=True):
            if feats.content_hash in known:
                seq, story = known[feats.content_hash]
                placed.already += 1
                if keep:
                    placed.placed.append(Placed(article.id, seq, story, "stored"))
                continue
            seq = state.next_seq
            state.next_seq += 1
            match = state.index.find(feats)
            copy_of = None
            if match is not None and match.original in state.story_of:
                copy_of = match.original
                story = state.story_of[copy_of]
                state.grouper.join(story, seq)
                placed.copies += 1
                placed.grown.add(story)
                status = "copy"
            else:
                assignment = state.grouper.assign(feats, seq)
                story = assignment.story
                placed.new += 1
                status = "new"
                if assignment.new:
                    placed.headlines[story] = headline_of(article)
                else:
                    placed.grown.add(story)
            state.index.add(seq, feats, original=copy_of)
            state.story_of[seq] = story
            while len(state.story_of) > self.copy_config.window:
                state.story_of.popitem(last=False)
            known[feats.content_hash] = (seq, story)
            if keep:
                placed.placed.append(Placed(article.id, seq, story, status, copy_of))
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
                    "published_at": published or added,
                    "time_estimated": published is None,
                    "text": article.text,
                    "story_id": story,
                    "copy_of": copy_of,
                    "copy_kind": match.kind if copy_of is not None and match else None,
                    "signature": feats.signature,
                    "shingles": feats.shingles,
                }
            )
        df, changed = state.grouper.take_changes()
        increments = {term: df[term] - state.df_before.get(term, 0) for term in df}
        counters = {
            "next_seq": state.next_seq,
            "documents": state.grouper.documents,
            "next_story": state.grouper.next_story,
        }
        self.store.write_batch(connection, rows, changed, placed.headlines, increments, counters)
        for changed_story in changed:
            changed_story.changed.clear()
        state.seen = state.next_seq - 1
        return placed

    # -- reading ------------------------------------------------------------------------------

    def stories(
        self,
        *,
        since: str | None = None,
        min_sources: int = 1,
        limit: int | None = None,
        offset: int = 0,
        ids: bool = True,
    ) -> list[StoryRow]:
        """Stories with their counts, outlets and times, latest (publication time, else time
        added) first: ``limit`` of them (None: all) from ``offset``; with ``ids``, the id
        each of their articles came in with."""
        _check_listing(min_sources, limit, offset)
        return self.store.stories(
            since=since, min_sources=min_sources, limit=limit, offset=offset, ids=ids
        )

    def count_stories(self, *, since: str | None = None, min_sources: int = 1) -> int:
        """How many stories :meth:`stories` lists without a limit."""
        _check_listing(min_sources, None, 0)
        return self.store.count_stories(since=since, min_sources=min_sources)

    def story(
        self,
        story_id: int,
        *,
        config: SummaryConfig | None = None,
        brief: bool = True,
        since: str | None = None,
        compare: bool = False,
        latest: int | None = STORY_ARTICLES,
    ) -> StoryView:
        """One story: its articles (copies marked) and the brief of its originals, with their
        comparison when ``compare`` is true. Copies are reach, not sources: they are left out
        of the brief and of the comparison, so that five outlets running one agency text
        corroborate nothing. When the originals leave nothing to summarize (every one
        boilerplate, say), the view has no brief and says why.

        A story of more than ``latest`` original articles is read from its ``latest`` ones
        (by publication time, else time added) and their copies: what a brief can hold, and
        what it costs to write, do not grow with the story (None: every article).

        With ``since`` (ISO UTC text, see :func:`parse_since`), the articles published (else
        added) before it count as read: the brief tells what the later ones add (an update
        brief, :mod:`newsdesk.focus`)."""
        if latest is not None and (isinstance(latest, bool) or latest < 1):
            raise ConfigError("latest", "a whole number of at least 1, or None", latest)
        members = (
            self.store.story_articles(story_id, latest) if 0 < story_id <= MAX_STORY_ID else []
        )
        if not members:
            raise InputError(f"no story {story_id} in the store {self.store.display}")
        written, reason = None, None
        if brief:
            from newsdesk.pipeline import summarize_story

            story = story_of_articles(story_id, members)
            if since is not None:
                story = story_since(story_id, members, since)
            try:
                written = summarize_story(story, config or SummaryConfig(), compare=compare)
            except InputError as exc:
                if isinstance(exc, ConfigError):
                    raise
                reason = f"nothing to summarize: {exc}"
            else:
                if not written.sentences:
                    reason = _why_empty(written)
        headline = self.store.headline(story_id) or ""
        originals, copies = self.store.size(story_id)
        return StoryView(story_id, headline, tuple(members), written, reason, originals, copies)


def _check_listing(min_sources: int, limit: int | None, offset: int) -> None:
    if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 1:
        raise ConfigError("--min-sources", "a whole number of at least 1", min_sources)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ConfigError("--limit", "a whole number of at least 1", limit)
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_STORY_ID:
        raise ConfigError("--offset", "a whole number of at least 0", offset)


def _why_empty(brief: Brief) -> str:
    """Why a brief has no sentence, in the words its warnings use."""
    said = "; ".join(brief.story.warnings)
    return "no sentence of its articles can stand in a brief" + (f" ({said})" if said else "")


def story_since(story_id: int, members: Sequence[StoredArticle], since: str) -> Story:
    """What is new in a story since ``since`` (ISO UTC text, see :func:`parse_since`): the
    story of its articles published (else added) at or after it, with those before as read
    (its ``seen``: an update brief, :mod:`newsdesk.focus`); an error when there is none since.
    Each article keeps the id it has in the whole story (:func:`story_of_articles`)."""
    new = [m for m in members if m.published_at >= since]
    if not any(m.copy_of is None for m in new):
        copies = f" ({len(new)} copies of earlier articles)" if new else ""
        raise InputError(
            f"nothing new in story {story_id} since {since}: its articles were published "
            f"(or added) before{copies}"
        )
    read = [m for m in members if m.published_at < since]
    ids = _article_ids(members)
    story = story_of_articles(story_id, new, ids=ids)
    if any(m.copy_of is None for m in read):
        story = replace(story, seen=story_of_articles(story_id, read, ids=ids))
    return story


def _article_ids(members: Sequence[StoredArticle]) -> dict[int, str]:
    """Each original's id in a story: the id it came in with, its arrival number added when
    another original of the story came in with the same id."""
    used: set[str] = set()
    ids = {}
    for member in members:
        if member.copy_of is not None:
            continue
        article_id = (
            member.input_id if member.input_id not in used else f"{member.input_id}~{member.seq}"
        )
        used.add(article_id)
        ids[member.seq] = article_id
    return ids


def story_of_articles(
    story_id: int, members: Sequence[StoredArticle], *, ids: Mapping[int, str] | None = None
) -> Story:
    """The :class:`Story` of a stored story's original articles (copies left out), each
    article's ``meta["copies"]`` naming the outlets that carried a copy of it; ``ids``: each
    original's id by its arrival number (default: :func:`_article_ids` of ``members``)."""
    copies: dict[int, list[str]] = {}
    for member in members:
        if member.copy_of is not None:
            copies.setdefault(member.copy_of, []).append(member.source or member.input_id)
    named = _article_ids(members) if ids is None else ids
    articles = []
    for member in members:
        if member.copy_of is not None:
            continue
        articles.append(
            Article(
                id=named[member.seq],
                text=member.text,
                source=member.source or member.input_id,
                origin=f"story {story_id}, article {member.seq}",
                title=member.title,
                url=member.url,
                published=member.published if member.time_estimated else member.published_at,
                meta={"copies": copies.get(member.seq, [])} if member.seq in copies else {},
            )
        )
    return Story(id=f"story-{story_id}", articles=tuple(articles))


@dataclass
class _State:
    """What a desk holds in memory between batches: the grouping state and the copy index,
    as of arrival ``seen`` (everything stored up to it is in them)."""

    seen: int
    next_seq: int
    grouper: Grouper
    index: CopyIndex
    story_of: OrderedDict[int, int]  # recent arrival -> its story (copies join it)
    df_before: dict[str, int] = field(default_factory=dict)  # as read for this batch

    def remember(self, recent: Recent, window: int) -> None:
        """An article stored by this desk's earlier run or by another writer."""
        stand_in = ArticleFeatures(
            content_hash="",
            terms=(),
            entities=(),
            signature=recent.signature,
            shingles=recent.shingles,
            day=None,
        )
        self.index.add(recent.seq, stand_in, original=recent.copy_of)
        self.story_of[recent.seq] = recent.story_id
        while len(self.story_of) > window:
            self.story_of.popitem(last=False)
        self.seen = max(self.seen, recent.seq)


@dataclass
class _Placed:
    """What one batch did (added to the report once its transaction is committed)."""

    new: int = 0
    copies: int = 0
    already: int = 0
    headlines: dict[int, str] = field(default_factory=dict)  # stories started
    grown: set[int] = field(default_factory=set)
    placed: list[Placed] = field(default_factory=list)

    def add_to(self, report: AddReport, grown: set[int]) -> None:
        report.new += self.new
        report.copies += self.copies
        report.already += self.already
        report.stories_created += len(self.headlines)
        grown.update(self.grown - set(self.headlines))
        report.placed.extend(self.placed)


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


class _Future(Protocol):
    def result(self) -> list[tuple[ArticleFeatures, str | None]]: ...


@dataclass(frozen=True)
class _Done:
    """Work done here, with a future's interface."""

    value: list[tuple[ArticleFeatures, str | None]]

    def result(self) -> list[tuple[ArticleFeatures, str | None]]:
        return self.value


@dataclass(frozen=True)
class _Parts:
    """A batch's work sent to the workers in parts (one per worker), joined in order."""

    parts: list[Future[list[tuple[ArticleFeatures, str | None]]]]

    def result(self) -> list[tuple[ArticleFeatures, str | None]]:
        return [item for part in self.parts for item in part.result()]


@contextlib.contextmanager
def _engine(
    jobs: int, engine: str = "local", scheduler: str | None = None
) -> Iterator[Callable[[Sequence[ArticleInput]], _Future]]:
    """``submit(batch) -> future`` of the batch's per-article work (:func:`_work`): here (one
    job), on a pool of ``jobs`` processes, or on a Dask cluster (the engines of ``newsdesk
    batch``). Workers die with this process, however it dies (killed included): none outlives
    an ``add``."""
    if engine == "dask":
        from newsdesk.batch import _dask_client

        with _dask_client(jobs, scheduler) as client:
            yield lambda items: client.submit(_apply_all, _work, list(items), pure=False)
        return
    if jobs == 1:
        yield lambda items: _Done([_work(item) for item in items])
        return
    from concurrent.futures import ProcessPoolExecutor

    from newsdesk.batch import _process_context, _start_worker

    pool = ProcessPoolExecutor(
        jobs, mp_context=_process_context(), initializer=_start_worker, initargs=(os.getpid(),)
    )

    def submit(items: Sequence[ArticleInput]) -> _Future:
        size = -(-len(items) // jobs)
        return _Parts(
            [
                pool.submit(_apply_all, _work, list(items[start : start + size]))
                for start in range(0, len(items), size)
            ]
        )

    try:
        yield submit
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
