"""The desk's store: articles, stories, memberships and the grouping's state, kept between runs.

One schema, written with SQLAlchemy Core, runs on SQLite (the default: a file, in WAL mode) and
on PostgreSQL (a ``postgresql://`` URL, for a shared service). The schema is versioned: the
table ``desk_schema`` records each migration applied, and opening a store applies the missing
ones under the writers' lock (a store written by a newer newsdesk is refused, never changed).

**Many writers.** Any number of processes may add to one store at once. Each batch is one
transaction that takes the store's write lock first (SQLite ``BEGIN IMMEDIATE``, waiting up to
:data:`LOCK_WAIT` seconds; PostgreSQL a transaction-scoped advisory lock with a lock timeout),
so that batches of all writers are serialised by the database itself. Inside it, the writer
reads what it needs as the store has it now (counters, the document frequencies of its
batch's terms, what other writers added since it last looked), and writes counters and
frequencies computed in that same transaction (frequencies as increments). Nothing read in an
earlier transaction is ever written back. A writer that cannot get the lock in time retries
(:data:`ATTEMPTS` times) and then fails with :class:`StoreBusy`, its batch unwritten.

Crash safety: everything one batch of articles changes is written in one transaction, so a
killed ``add`` leaves the store as it was after the last whole batch; the next ``add`` skips
what is stored and goes on from the state it reads back (see :class:`newsdesk.desk.Desk`).

**Cost.** Every lookup an ``add`` makes goes through an index (content hash, sequence number,
a story's last arrival, term), and reads only its batch's rows; listing stories reads one page
of ``desk_stories``, whose counts and times are kept up to date in place by each batch.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.desk.grouping import StoryState
from newsdesk.errors import (
    ConfigError,
    InputError,
    MissingExtraError,
    NewsdeskError,
    mask_secrets,
)

logger = logging.getLogger(__name__)

DEFAULT_DB = "newsdesk.db"
DB_VARIABLE = "NEWSDESK_DB"
LOCK_WAIT = 30.0  # seconds a writer waits for the write lock, each attempt
ATTEMPTS = 3  # attempts at a batch before giving up (each waits up to LOCK_WAIT)
# PostgreSQL advisory lock key of the desk's writers (any 64-bit number; "newsdesk" in ASCII
# would not fit, so its CRC-32). Advisory locks are per database: two stores never share it.
WRITE_LOCK_KEY = 0x4E3D_2A91

metadata = sa.MetaData()

schema_table = sa.Table(
    "desk_schema",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied", sa.String(40), nullable=False),
)

articles_table = sa.Table(
    "desk_articles",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),  # arrival order
    sa.Column("input_id", sa.Text, nullable=False),  # the id it came in with
    sa.Column("content_hash", sa.String(40), nullable=False, unique=True),
    sa.Column("canonical_url", sa.Text, index=True),
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Text),  # as given
    sa.Column("added", sa.String(40), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("story_id", sa.Integer, nullable=False, index=True),  # membership
    sa.Column("copy_of", sa.Integer),  # seq of the original, for a copy
    sa.Column("copy_kind", sa.String(20)),
    sa.Column("signature", sa.LargeBinary, nullable=False),  # MinHash, to rebuild the LSH index
    sa.Column("shingles", sa.Integer, nullable=False),
    # Version 2: when it was published (ISO UTC), else when it was added, and which.
    sa.Column("published_at", sa.String(40)),
    sa.Column("time_estimated", sa.Boolean),
    sa.Index("desk_articles_by_story_time", "story_id", "published_at", "seq"),  # _BY_STORY
    sa.Index("desk_articles_by_original", "copy_of"),  # _BY_ORIGINAL
)

stories_table = sa.Table(
    "desk_stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("headline", sa.Text),
    sa.Column("size", sa.Integer, nullable=False),  # articles that are not copies
    sa.Column("last_seq", sa.Integer, nullable=False, index=True),
    sa.Column("first_day", sa.Integer),
    sa.Column("last_day", sa.Integer),
    # Version 1 kept the centroids here as JSON {term: weight}; from version 2 they are rows of
    # desk_story_terms (a batch writes the weights it changed, not whole centroids) and these
    # are empty.
    sa.Column("centroid", sa.Text, nullable=False),
    sa.Column("entities", sa.Text, nullable=False),
    # Version 2: what a listing shows, kept up to date by every batch (never recounted).
    sa.Column("originals", sa.Integer),
    sa.Column("copies", sa.Integer),
    sa.Column("first_published", sa.String(40)),  # over articles with a publication time
    sa.Column("last_published", sa.String(40)),
    sa.Column("first_added", sa.String(40)),
    sa.Column("last_added", sa.String(40)),
    # last_published, else last_added: the listing's order and --since (indexed).
    sa.Column("last_time", sa.String(40)),
    sa.Index("desk_stories_by_time", "last_time", "id"),  # _BY_TIME
)

# Version 3 (issue 26): the listing's order, latest day first and within a day the stories
# with more sources first, read from an index (a page of stories reads that page). The day is
# the ISO text's date, its bounds literal so that the query's expression is the index's.
_DAY = sa.func.substr(stories_table.c.last_time, sa.literal_column("1"), sa.literal_column("10"))
_LISTING_ORDER = (
    _DAY.desc(),
    stories_table.c.originals.desc(),
    stories_table.c.last_time.desc(),
    stories_table.c.id.desc(),
)
_BY_DAY = sa.Index("desk_stories_by_day", *_LISTING_ORDER)

# Version 2: each story's centroids, a row a term ("t:" terms, "e:" entities, as desk_terms).
story_terms_table = sa.Table(
    "desk_story_terms",
    metadata,
    sa.Column("story_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("weight", sa.Double, nullable=False),
)

# Version 2: the outlets of each story (a listing names them without reading its articles).
outlets_table = sa.Table(
    "desk_outlets",
    metadata,
    sa.Column("story_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("source", sa.Text, primary_key=True),
)

terms_table = sa.Table(
    "desk_terms",
    metadata,
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("df", sa.Integer, nullable=False),
)

state_table = sa.Table(
    "desk_state",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)


_BY_TIME = "desk_stories_by_time"
_BY_STORY = "desk_articles_by_story_time"
_BY_ORIGINAL = "desk_articles_by_original"
_STORY_COLUMNS = ("size", "last_seq", "first_day", "last_day", "centroid", "entities")
_LISTING_COLUMNS = (
    "originals",
    "copies",
    "first_published",
    "last_published",
    "first_added",
    "last_added",
    "last_time",
)


def _migration_1(connection: Connection) -> None:
    """The first schema: articles, stories, document frequencies, counters (created by
    :func:`_create_current` for a new store; kept for the record)."""
    raise AssertionError("a store at version 0 is created at the current version")


def _migration_2(connection: Connection) -> None:
    """Publication times of articles, and each story's counts, times and outlets for listing
    (filled from its articles once, then kept up to date by each batch); indexes to read a
    story's latest articles and an original's copies."""
    from newsdesk.desk.times import publication_time

    for table, columns in (
        (articles_table, ("published_at", "time_estimated")),
        (stories_table, _LISTING_COLUMNS),
    ):
        for name in columns:
            column = table.c[name]
            kind = column.type.compile(dialect=connection.dialect)
            connection.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))
    a = articles_table.c
    rows = connection.execute(sa.select(a.seq, a.published, a.input_id, a.added)).all()
    updates = []
    for seq, published, input_id, added in rows:
        when = publication_time(published, input_id)
        updates.append({"key": seq, "at": when or added, "estimated": when is None})
    if updates:
        statement = (
            articles_table.update()
            .where(a.seq == sa.bindparam("key"))
            .values(published_at=sa.bindparam("at"), time_estimated=sa.bindparam("estimated"))
        )
        for start in range(0, len(updates), 5000):
            connection.execute(statement, updates[start : start + 5000])
    aggregates = _listing_aggregates(connection, None)
    if aggregates:
        s = stories_table.c
        statement = (
            stories_table.update()
            .where(s.id == sa.bindparam("key"))
            .values(**{name: sa.bindparam(name) for name in _LISTING_COLUMNS})
        )
        rows_ = [{"key": story, **values} for story, values in aggregates.items()]
        for start in range(0, len(rows_), 5000):
            connection.execute(statement, rows_[start : start + 5000])
    connection.execute(sa.text(f"CREATE INDEX {_BY_TIME} ON desk_stories (last_time, id)"))
    connection.execute(
        sa.text(f"CREATE INDEX {_BY_STORY} ON desk_articles (story_id, published_at, seq)")
    )
    connection.execute(sa.text(f"CREATE INDEX {_BY_ORIGINAL} ON desk_articles (copy_of)"))
    story_terms_table.create(connection)
    s = stories_table.c
    for story_id, centroid, entities in connection.execute(sa.select(s.id, s.centroid, s.entities)):
        terms = [
            {"story_id": story_id, "term": prefix + term, "weight": weight}
            for prefix, found in (("t:", centroid), ("e:", entities))
            for term, weight in json.loads(found or "{}").items()
        ]
        if terms:
            connection.execute(story_terms_table.insert(), terms)
    connection.execute(stories_table.update().values(centroid="", entities=""))
    outlets_table.create(connection)
    a = articles_table.c
    connection.execute(
        outlets_table.insert().from_select(
            ["story_id", "source"],
            sa.select(a.story_id, a.source).where(a.source.is_not(None)).distinct(),
        )
    )


def _migration_3(connection: Connection) -> None:
    """The index of the listing's order (the day of the latest article, then sources)."""
    _BY_DAY.create(connection)


# version -> migration. A new version appends a function (ALTER TABLE ... through SQLAlchemy);
# none is ever edited once released. A new store is created at the current version.
MIGRATIONS = {1: _migration_1, 2: _migration_2, 3: _migration_3}
SCHEMA_VERSION = max(MIGRATIONS)


def _create_current(connection: Connection) -> None:
    for table in (
        articles_table,
        stories_table,
        story_terms_table,
        outlets_table,
        terms_table,
        state_table,
    ):
        table.create(connection)


# -- naming a store, and never printing its password --------------------------------------


def database_url(db: str | os.PathLike[str] | None) -> str:
    """The SQLAlchemy URL of ``db``: a ``postgresql://`` or ``sqlite://`` URL as given, else a
    file path (default: ``$NEWSDESK_DB``, else ``newsdesk.db`` in the current folder)."""
    db = db if db is not None else os.environ.get(DB_VARIABLE) or DEFAULT_DB
    text = os.fspath(db)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        if not text.startswith(("sqlite", "postgresql+")):
            raise ConfigError(
                "--db", "a file path, a sqlite:// or a postgresql:// URL", _Masked(text)
            )
        return text
    path = Path(text)
    if path.is_dir():
        raise ConfigError("--db", "a file (the store), not a folder", text)
    return f"sqlite:///{path}"


class _Masked(str):
    """A value shown in an error message with its password masked (``repr`` included)."""

    def __new__(cls, value: str) -> _Masked:
        return super().__new__(cls, mask_secrets(value))


def display_name(db: str | os.PathLike[str] | None) -> str:
    """How a store is named in messages: its path, or its URL with the password masked."""
    text = os.fspath(db) if db is not None else os.environ.get(DB_VARIABLE) or DEFAULT_DB
    return mask_secrets(text)


def store_exists(db: str | os.PathLike[str] | None) -> bool:
    """Whether ``db`` names a store that may be there: a SQLite file that exists (opening one
    creates it, which a reader such as ``newsdesk stories`` must not do), an in-memory SQLite
    database, or any PostgreSQL database (whether it answers, and holds a store, is found on
    opening it)."""
    url = sa.engine.make_url(database_url(db))
    if url.get_backend_name() != "sqlite":
        return True
    name = url.database or ""
    if name.startswith("file:"):  # a URI filename (sqlite:///file:PATH?mode=ro&uri=true)
        name = name.removeprefix("file:").split("?", 1)[0]
        if "mode=memory" in str(url):
            return True
    return not name or name == ":memory:" or Path(name).exists()


def no_store_message(display: str | None) -> str:
    """What a reader is told when there is no store (the CLI and the server say the same; the
    server does not name its store's path)."""
    where = f" at {display}" if display else ""
    return (
        f"there is no store of stories{where} yet: `newsdesk add --db PATH ...` or "
        "POST /v1/articles creates one (reading never does)"
    )


# -- errors -----------------------------------------------------------------------------


class StoreError(InputError):
    """The store cannot be used: missing (when reading), not a store, unreachable, read-only.
    Exit code 3; the server answers 503 (404 when there is no store)."""


class StoreMissing(StoreError):
    """There is no store to read (reading never creates one)."""


class StoreBusy(StoreError):
    """The store's write lock could not be had in time (other writers held it); nothing of
    the batch was written."""


def _retriable(exc: BaseException) -> bool:
    """Whether a database error is another writer's doing and worth a retry: SQLite busy or
    locked; PostgreSQL lock timeout, serialization failure, deadlock."""
    original = getattr(exc, "orig", None)
    code = getattr(original, "sqlstate", None)
    if code in {"55P03", "40001", "40P01"}:
        return True
    text = str(original or exc).lower()
    return "database is locked" in text or "database is busy" in text or "lock timeout" in text


def store_error(exc: BaseException, display: str) -> NewsdeskError:
    """A database error as one plain line naming the store (password masked), never the SQL
    or the parameters (which hold article text)."""
    original = getattr(exc, "orig", None) or exc
    reason = " ".join(str(original).split()) or type(original).__name__
    lowered = reason.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        reason = "it is read-only (the store, its folder or its mount)"
    elif "not a database" in lowered or "malformed" in lowered:
        reason = "the file is not a newsdesk store (not a SQLite database, or damaged)"
    elif "unable to open database file" in lowered:
        reason = "the file cannot be opened (a missing or read-only folder?)"
    elif _retriable(exc):
        return StoreBusy(
            f"the store {display} is busy: other writers held its write lock for more than "
            f"{ATTEMPTS} x {LOCK_WAIT:g} s; nothing of this batch was written, try again"
        )
    if len(reason) > 300:
        reason = reason[:300] + "…"
    return StoreError(f"cannot use the store {display}: {mask_secrets(reason)}")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The transactions are ours (BEGIN or BEGIN IMMEDIATE, see Store.writing), not pysqlite's.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT * 1000)}")  # first: the rest may wait
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses nothing
    # A fixed 32 MiB page cache (SQLite's default is 2 MB): the upper levels of the indexes a
    # batch looks up stay in memory as the store grows, and memory stays bounded.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("newsdesk_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# -- what the store gives back ----------------------------------------------------------


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store keeps it (``published_at``: its publication time, else the
    time it was added, then ``time_estimated``)."""

    seq: int
    input_id: str
    content_hash: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    added: str
    text: str
    story_id: int
    copy_of: int | None
    copy_kind: str | None
    published_at: str
    time_estimated: bool


@dataclass(frozen=True)
class StoryRow:
    """A story as listed. ``first_published``/``last_published``: over its articles with a
    publication time; when none has one, the times they were added, and ``time_estimated``."""

    id: int
    headline: str
    articles: int
    copies: int
    outlets: tuple[str, ...]
    first_published: str
    last_published: str
    time_estimated: bool
    input_ids: tuple[str, ...]


@dataclass(frozen=True)
class Recent:
    """An article the copy test needs (its signature), as a writer reads it back."""

    seq: int
    signature: bytes
    shingles: int
    copy_of: int | None
    story_id: int


class Store:
    """Access to one store (SQLite file or PostgreSQL database).

    ``create=False`` (readers): a store that is not there is :class:`StoreMissing`, and
    nothing is created."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.display = display_name(db)
        if not create and not store_exists(db):
            raise StoreMissing(no_store_message(self.display))
        self.url = database_url(db)
        try:
            url = sa.engine.make_url(self.url)
            options: dict[str, Any] = {}
            if url.get_backend_name() == "postgresql":
                options["connect_args"] = {"connect_timeout": 10}
            self.engine: Engine = sa.create_engine(url, **options)
        except ImportError:
            raise MissingExtraError("a PostgreSQL store", "postgres") from None
        except (sa.exc.ArgumentError, ValueError) as exc:
            raise ConfigError("--db", "a store newsdesk can open", _Masked(str(db))) from exc
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        try:
            self._open(create)
        except sa.exc.SQLAlchemyError as exc:
            self.engine.dispose()
            raise store_error(exc, self.display) from None
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    # -- the schema ----------------------------------------------------------------------

    def _versions(self, connection: Connection) -> set[int] | None:
        """The migrations applied, or None when the store has no schema yet."""
        if not sa.inspect(connection).has_table(schema_table.name):
            return None
        return {row[0] for row in connection.execute(sa.select(schema_table.c.version))}

    def _open(self, create: bool) -> None:
        with self.engine.connect() as connection:
            done = self._versions(connection)
        if done is not None and done >= set(MIGRATIONS):
            self._check_version(done)
            return
        if done is None and not create:
            raise StoreMissing(no_store_message(self.display))
        with self.writing() as connection:  # creation and migrations under the writers' lock
            done = self._versions(connection)  # another process may have done it meanwhile
            if done is None:
                logger.info("store: creating %s (schema version %d)", self.display, SCHEMA_VERSION)
                schema_table.create(connection)
                _create_current(connection)
                for version in sorted(MIGRATIONS):
                    connection.execute(schema_table.insert().values(version=version, applied=now()))
                return
            if not done:
                raise StoreError(f"the store {self.display} records no schema version: damaged")
            self._check_version(done)
            for version in sorted(set(MIGRATIONS) - done):
                logger.info("store: applying schema migration %d to %s", version, self.display)
                MIGRATIONS[version](connection)
                connection.execute(schema_table.insert().values(version=version, applied=now()))

    def _check_version(self, done: set[int]) -> None:
        if done and max(done) > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.display} has schema version {max(done)}; this newsdesk "
                f"knows up to {SCHEMA_VERSION}: upgrade newsdesk"
            )

    # -- the write lock ------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction holding the store's write lock (committed at the end, rolled back on
        an error). Waits up to :data:`LOCK_WAIT` seconds for the lock."""
        with self.engine.connect() as connection:
            connection.execution_options(newsdesk_write=True)
            if self.dialect == "postgresql":
                # Each statement must see what the writer before committed (whatever the
                # server's default isolation): a snapshot taken before the lock was granted
                # would miss it.
                connection.execution_options(isolation_level="READ COMMITTED")
            with connection.begin():
                if self.dialect == "postgresql":
                    wait = f"{int(LOCK_WAIT * 1000)}ms"
                    connection.execute(sa.text(f"SET LOCAL lock_timeout = '{wait}'"))
                    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
                yield connection

    def give_up(self, exc: BaseException, attempt: int, attempts: int = ATTEMPTS) -> None:
        """After attempt ``attempt`` at a write failed with ``exc``: return to retry it
        (another writer's lock, a dropped connection), or raise the error as one plain line."""
        if isinstance(exc, NewsdeskError):
            raise exc
        if not isinstance(exc, sa.exc.SQLAlchemyError):
            raise exc
        retry = _retriable(exc) or isinstance(exc, sa.exc.IntegrityError)
        if isinstance(exc, sa.exc.OperationalError) and getattr(
            exc, "connection_invalidated", False
        ):
            retry = True
        if retry and attempt < attempts:
            logger.info("store: write attempt %d met another writer; retrying", attempt)
            time.sleep(0.05 * attempt)
            return
        if isinstance(exc, sa.exc.IntegrityError):
            raise StoreError(
                f"cannot write to the store {self.display}: another writer stored the same "
                "rows at the same time, again and again; nothing of this batch was written"
            ) from None
        raise store_error(exc, self.display) from None

    # -- reading the grouping state (inside a writer's transaction) -------------------------

    def counters(self, connection: Connection) -> dict[str, int]:
        """The counters, made consistent with the rows (a store that an older newsdesk let
        two writers break has ``next_seq`` or ``next_story`` below what is stored)."""
        counters = {k: int(v) for k, v in connection.execute(sa.select(state_table))}
        last_seq = connection.execute(sa.select(sa.func.max(articles_table.c.seq))).scalar()
        last_story = connection.execute(sa.select(sa.func.max(stories_table.c.id))).scalar()
        counters["next_seq"] = max(counters.get("next_seq", 1), int(last_seq or 0) + 1)
        counters["next_story"] = max(counters.get("next_story", 1), int(last_story or 0) + 1)
        counters.setdefault("documents", 0)
        return counters

    def document_frequencies(self, connection: Connection, keys: Iterable[str]) -> dict[str, int]:
        """The document frequencies of these terms (those never seen are left out)."""
        wanted = sorted(set(keys))
        found: dict[str, int] = {}
        t = terms_table.c
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for term, df in connection.execute(sa.select(t.term, t.df).where(t.term.in_(chunk))):
                found[term] = int(df)
        return found

    def stories_after(self, connection: Connection, seq: int) -> list[StoryState]:
        """Stories that took an article after arrival ``seq``, by that arrival."""
        s = stories_table.c
        query = sa.select(stories_table).where(s.last_seq > seq).order_by(s.last_seq, s.id)
        states = [_story_state(row) for row in connection.execute(query)]
        by_id = {state.id: state for state in states}
        t = story_terms_table.c
        ids = sorted(by_id)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = sa.select(t.story_id, t.term, t.weight).where(t.story_id.in_(chunk))
            for story_id, key, weight in connection.execute(query.order_by(t.story_id, t.term)):
                state = by_id[int(story_id)]
                (state.centroid if key.startswith("t:") else state.entities)[key[2:]] = weight
        return states

    def recent(
        self, connection: Connection, *, after: int = 0, count: int | None = None
    ) -> list[Recent]:
        """Articles after arrival ``after`` (the last ``count`` of them), oldest first."""
        c = articles_table.c
        query = sa.select(c.seq, c.signature, c.shingles, c.copy_of, c.story_id).where(
            c.seq > after
        )
        query = query.order_by(c.seq.desc())
        if count is not None:
            query = query.limit(count)
        rows = [
            Recent(int(r.seq), bytes(r.signature), r.shingles, r.copy_of, int(r.story_id))
            for r in connection.execute(query)
        ]
        return rows[::-1]

    def known_hashes(
        self, connection: Connection, hashes: Iterable[str]
    ) -> dict[str, tuple[int, int]]:
        """Of these content hashes, those stored: hash -> (seq, story id)."""
        wanted = sorted(set(hashes))
        found: dict[str, tuple[int, int]] = {}
        c = articles_table.c
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = sa.select(c.content_hash, c.seq, c.story_id).where(c.content_hash.in_(chunk))
            for row in connection.execute(query):
                found[row.content_hash] = (int(row.seq), int(row.story_id))
        return found

    # -- writing one batch (inside a writer's transaction) ----------------------------------

    def write_batch(
        self,
        connection: Connection,
        articles: Sequence[Mapping[str, Any]],
        stories: Sequence[StoryState],
        headlines: Mapping[int, str],
        df_increments: Mapping[str, int],
        counters: Mapping[str, int],
    ) -> None:
        """Write one batch: its articles, the grouping state of the stories it changed
        (``headlines`` names those it started: inserted, the others updated), each touched
        story's counts and times, the document frequencies (added to the stored ones) and the
        counters (read in this same transaction)."""
        if articles:
            connection.execute(articles_table.insert(), list(articles))
        new, changed = [], []
        for story in stories:
            values = {
                "key": story.id,
                "size": story.size,
                "last_seq": story.last_seq,
                "first_day": story.first_day,
                "last_day": story.last_day,
                "centroid": "",
                "entities": "",
            }
            if story.id in headlines:
                new.append({**values, "headline": headlines[story.id]})
            else:
                changed.append(values)
        if new:
            insert = stories_table.insert().values(
                id=sa.bindparam("key"),
                headline=sa.bindparam("headline"),
                originals=0,
                copies=0,
                **{k: sa.bindparam(k) for k in _STORY_COLUMNS},
            )
            connection.execute(insert, new)
        if changed:
            update = (
                stories_table.update()
                .where(stories_table.c.id == sa.bindparam("key"))
                .values(**{k: sa.bindparam(k) for k in _STORY_COLUMNS})
            )
            connection.execute(update, changed)
        self._write_terms(connection, stories)
        self._update_listing(connection, articles)
        outlets = sorted({(int(r["story_id"]), r["source"]) for r in articles if r["source"]})
        if outlets:
            statement = self._insert(outlets_table).on_conflict_do_nothing()
            connection.execute(statement, [{"story_id": i, "source": o} for i, o in outlets])
        self._add_counts(connection, terms_table, "term", "df", df_increments)
        self._set_counters(connection, counters)

    def _write_terms(self, connection: Connection, stories: Sequence[StoryState]) -> None:
        """The weights the batch changed in each story's centroids (``story.changed``), as
        they are now: the cost is the batch's, not the stories' sizes."""
        rows = []
        for story in stories:
            for key in sorted(story.changed):
                found = story.centroid if key.startswith("t:") else story.entities
                rows.append({"story_id": story.id, "term": key, "weight": found[key[2:]]})
        if not rows:
            return
        statement = self._insert(story_terms_table)
        statement = statement.on_conflict_do_update(
            index_elements=[story_terms_table.c.story_id, story_terms_table.c.term],
            set_={"weight": statement.excluded.weight},
        )
        for start in range(0, len(rows), 2000):
            connection.execute(statement, rows[start : start + 2000])

    def _update_listing(
        self, connection: Connection, articles: Sequence[Mapping[str, Any]]
    ) -> None:
        """Each story the batch touched: its counts grown, its first and last times widened,
        in place."""
        batch: dict[int, dict[str, Any]] = {}
        for row in articles:
            entry = batch.setdefault(
                int(row["story_id"]),
                {"originals": 0, "copies": 0, "published": [], "added": []},
            )
            entry["copies" if row["copy_of"] is not None else "originals"] += 1
            entry["added"].append(row["added"])
            if not row["time_estimated"]:
                entry["published"].append(row["published_at"])
        if not batch:
            return
        s = stories_table.c
        earliest = _least if self.dialect == "sqlite" else sa.func.least
        latest = _greatest if self.dialect == "sqlite" else sa.func.greatest
        first_published = sa.func.coalesce(
            earliest(s.first_published, sa.bindparam("b_first_published")),
            s.first_published,
            sa.bindparam("b_first_published"),
        )
        last_published = sa.func.coalesce(
            latest(s.last_published, sa.bindparam("b_last_published")),
            s.last_published,
            sa.bindparam("b_last_published"),
        )
        last_added = sa.func.coalesce(
            latest(s.last_added, sa.bindparam("b_last_added")), sa.bindparam("b_last_added")
        )
        statement = (
            stories_table.update()
            .where(s.id == sa.bindparam("key"))
            .values(
                originals=sa.func.coalesce(s.originals, 0) + sa.bindparam("n_originals"),
                copies=sa.func.coalesce(s.copies, 0) + sa.bindparam("n_copies"),
                first_published=first_published,
                last_published=last_published,
                first_added=sa.func.coalesce(
                    earliest(s.first_added, sa.bindparam("b_first_added")),
                    sa.bindparam("b_first_added"),
                ),
                last_added=last_added,
                last_time=sa.func.coalesce(last_published, last_added),
            )
        )
        values = [
            {
                "key": story,
                "n_originals": entry["originals"],
                "n_copies": entry["copies"],
                "b_first_published": min(entry["published"], default=None),
                "b_last_published": max(entry["published"], default=None),
                "b_first_added": min(entry["added"]),
                "b_last_added": max(entry["added"]),
            }
            for story, entry in sorted(batch.items())
        ]
        connection.execute(statement, values)

    def _add_counts(
        self,
        connection: Connection,
        table: sa.Table,
        key: str,
        value: str,
        increments: Mapping[str, int],
    ) -> None:
        """``value += increment`` for each key, in place (a row made for a new key)."""
        rows = [{key: k, value: v} for k, v in sorted(increments.items()) if v]
        if not rows:
            return
        statement = self._insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c[key]],
            set_={value: table.c[value] + statement.excluded[value]},
        )
        for start in range(0, len(rows), 2000):
            connection.execute(statement, rows[start : start + 2000])

    def _set_counters(self, connection: Connection, counters: Mapping[str, int]) -> None:
        if not counters:
            return
        statement = self._insert(state_table)
        statement = statement.on_conflict_do_update(
            index_elements=[state_table.c.key], set_={"value": statement.excluded.value}
        )
        connection.execute(statement, [{"key": k, "value": v} for k, v in counters.items()])

    def _insert(self, table: sa.Table) -> Any:
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        return insert(table)

    # -- reading stories -------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection for reading; a database error is a :class:`StoreError` (one plain
        line), whatever it is."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except sa.exc.SQLAlchemyError as exc:
            raise store_error(exc, self.display) from None

    def _story_filter(self, since: str | None, min_sources: int) -> list[Any]:
        s = stories_table.c
        conditions: list[Any] = [s.originals >= min_sources]
        if since is not None:
            conditions.append(s.last_time >= since)
        return conditions

    def stories(
        self,
        since: str | None = None,
        min_sources: int = 1,
        limit: int | None = None,
        offset: int = 0,
        ids: bool = True,
    ) -> list[StoryRow]:
        """Stories, latest (by publication time, else time added) first: by the day (UTC) of
        their latest article, then, within a day, the stories with more sources first (a
        story five outlets carry is not pushed below one article of the same day), then the
        latest time, then the newest id. One page
        of ``limit`` (None: all) from ``offset``, with their counts, times and outlets, and
        with ``ids`` the id each of their articles came in with (reading every article of the
        page's stories: the only part of a listing whose cost grows with the stories)."""
        s = stories_table.c
        query = (
            sa.select(
                s.id,
                s.headline,
                s.originals,
                s.copies,
                s.first_published,
                s.last_published,
                s.first_added,
                s.last_added,
            )
            .where(*self._story_filter(since, min_sources))
            .order_by(*_LISTING_ORDER)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._reading() as connection:
            page = connection.execute(query).all()
            story_ids = [int(row.id) for row in page]
            outlets = self._outlets(connection, story_ids)
            input_ids = self._input_ids(connection, story_ids) if ids else {}
        rows = []
        for row in page:
            estimated = row.last_published is None
            rows.append(
                StoryRow(
                    id=int(row.id),
                    headline=row.headline or "",
                    articles=int(row.originals or 0),
                    copies=int(row.copies or 0),
                    outlets=outlets.get(int(row.id), ()),
                    first_published=(row.first_added if estimated else row.first_published) or "",
                    last_published=(row.last_added if estimated else row.last_published) or "",
                    time_estimated=estimated,
                    input_ids=input_ids.get(int(row.id), ()),
                )
            )
        return rows

    def count_stories(self, since: str | None = None, min_sources: int = 1) -> int:
        """How many stories :meth:`stories` would list without a limit."""
        query = (
            sa.select(sa.func.count())
            .select_from(stories_table)
            .where(*self._story_filter(since, min_sources))
        )
        with self._reading() as connection:
            return int(connection.execute(query).scalar_one())

    def _outlets(
        self, connection: Connection, story_ids: Sequence[int]
    ) -> dict[int, tuple[str, ...]]:
        """Each story's outlets, sorted."""
        o = outlets_table.c
        found: dict[int, list[str]] = {}
        for start in range(0, len(story_ids), 500):
            chunk = story_ids[start : start + 500]
            query = sa.select(o.story_id, o.source).where(o.story_id.in_(chunk))
            for story, source in connection.execute(query.order_by(o.story_id, o.source)):
                found.setdefault(int(story), []).append(source)
        return {story: tuple(sources) for story, sources in found.items()}

    def _input_ids(
        self, connection: Connection, story_ids: Sequence[int]
    ) -> dict[int, tuple[str, ...]]:
        """Each story's input ids, in arrival order."""
        c = articles_table.c
        found: dict[int, list[str]] = {}
        for start in range(0, len(story_ids), 500):
            chunk = story_ids[start : start + 500]
            query = (
                sa.select(c.story_id, c.input_id)
                .where(c.story_id.in_(chunk))
                .order_by(c.story_id, c.seq)
            )
            for story, input_id in connection.execute(query):
                found.setdefault(int(story), []).append(input_id)
        return {story: tuple(ids) for story, ids in found.items()}

    def story_articles(self, story_id: int, latest: int | None = None) -> list[StoredArticle]:
        """The articles of one story, in arrival order: all of them, or its ``latest``
        originals (by publication time, else time added) and their copies."""
        c = articles_table.c
        columns = (
            c.seq,
            c.input_id,
            c.content_hash,
            c.title,
            c.source,
            c.url,
            c.published,
            c.added,
            c.text,
            c.story_id,
            c.copy_of,
            c.copy_kind,
            c.published_at,
            c.time_estimated,
        )
        with self._reading() as connection:
            if latest is None:
                query = sa.select(*columns).where(c.story_id == story_id).order_by(c.seq)
                rows = list(connection.execute(query))
            else:
                originals = list(
                    connection.execute(
                        sa.select(*columns)
                        .where(c.story_id == story_id, c.copy_of.is_(None))
                        .order_by(c.published_at.desc(), c.seq.desc())
                        .limit(latest)
                    )
                )
                seqs = [row.seq for row in originals]
                copies = (
                    list(connection.execute(sa.select(*columns).where(c.copy_of.in_(seqs))))
                    if seqs
                    else []
                )
                rows = sorted([*originals, *copies], key=lambda row: int(row.seq))
        return [
            StoredArticle(
                **{
                    **row._mapping,
                    "published_at": row.published_at or row.added,
                    "time_estimated": True if row.time_estimated is None else row.time_estimated,
                }
            )
            for row in rows
        ]

    def headline(self, story_id: int) -> str | None:
        with self._reading() as connection:
            query = sa.select(stories_table.c.headline).where(stories_table.c.id == story_id)
            row = connection.execute(query).first()
        return None if row is None else (row[0] or "")

    def size(self, story_id: int) -> tuple[int, int]:
        """A story's originals and copies, as its listing counts them."""
        s = stories_table.c
        with self._reading() as connection:
            row = connection.execute(
                sa.select(s.originals, s.copies).where(s.id == story_id)
            ).first()
        return (0, 0) if row is None else (int(row[0] or 0), int(row[1] or 0))

    def article_count(self) -> int:
        with self._reading() as connection:
            return int(
                connection.execute(
                    sa.select(sa.func.count()).select_from(articles_table)
                ).scalar_one()
            )


def _least(a: Any, b: Any) -> Any:
    """SQLite's two-argument ``min()`` (NULL when either is NULL, as PostgreSQL's ``least``
    is not: both are wrapped in ``coalesce`` by the callers)."""
    return sa.func.min(a, b)


def _greatest(a: Any, b: Any) -> Any:
    return sa.func.max(a, b)


def _story_state(row: Any) -> StoryState:
    """A story's grouping state, its centroids still empty (read from desk_story_terms)."""
    return StoryState(
        id=int(row.id),
        centroid={},
        entities={},
        size=row.size,
        last_seq=int(row.last_seq),
        first_day=row.first_day,
        last_day=row.last_day,
    )


def _listing_aggregates(
    connection: Connection, story_ids: Sequence[int] | None
) -> dict[int, dict[str, Any]]:
    """Counts and times of stories, computed from their articles (migration 2 fills the
    listing columns of an existing store with it)."""
    c = articles_table.c
    dated = sa.case((c.time_estimated.is_(False), c.published_at), else_=None)
    query = sa.select(
        c.story_id,
        sa.func.count().filter(c.copy_of.is_(None)),
        sa.func.count().filter(c.copy_of.is_not(None)),
        sa.func.min(dated),
        sa.func.max(dated),
        sa.func.min(c.added),
        sa.func.max(c.added),
    ).group_by(c.story_id)
    if story_ids is not None:
        query = query.where(c.story_id.in_(story_ids))
    found = {}
    for story, originals, copies, first_p, last_p, first_a, last_a in connection.execute(query):
        found[int(story)] = {
            "originals": int(originals),
            "copies": int(copies),
            "first_published": first_p,
            "last_published": last_p,
            "first_added": first_a,
            "last_added": last_a,
            "last_time": last_p or last_a,
        }
    return found


def now() -> str:
    """The current UTC time as ISO text (seconds)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
