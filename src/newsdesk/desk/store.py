"""The desk's store: articles, stories, memberships and the grouping's state, kept between runs.

One schema, written with SQLAlchemy Core, runs on SQLite (the default: a file, in WAL mode) and
on PostgreSQL (a ``postgresql://`` URL, for a shared service). The schema is versioned: the
table ``desk_schema`` records each migration applied, and opening a store applies the missing
ones in one transaction (a store written by a newer newsdesk is refused, never changed).

Crash safety: everything one batch of articles changes (the articles, their stories, document
frequencies, counters) is written in one transaction, so a killed ``add`` leaves the store as
it was after the last whole batch; the next ``add`` skips what is stored and goes on from the
state it reads back (see :class:`newsdesk.desk.grouping.Grouper`).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.desk.grouping import StoryState
from newsdesk.errors import ConfigError, InputError

logger = logging.getLogger(__name__)

DEFAULT_DB = "newsdesk.db"
DB_VARIABLE = "NEWSDESK_DB"

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
    sa.Column("published", sa.Text),
    sa.Column("added", sa.String(40), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("story_id", sa.Integer, nullable=False, index=True),  # membership
    sa.Column("copy_of", sa.Integer),  # seq of the original, for a copy
    sa.Column("copy_kind", sa.String(20)),
    sa.Column("signature", sa.LargeBinary, nullable=False),  # MinHash, to rebuild the LSH index
    sa.Column("shingles", sa.Integer, nullable=False),
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
    sa.Column("centroid", sa.Text, nullable=False),  # JSON {term: weight}
    sa.Column("entities", sa.Text, nullable=False),
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


_STORY_COLUMNS = ("size", "last_seq", "first_day", "last_day", "centroid", "entities")


def _migration_1(connection: Connection) -> None:
    """The first schema: articles, stories, document frequencies, counters."""
    for table in (articles_table, stories_table, terms_table, state_table):
        table.create(connection)


# version -> migration. A new version appends a function (ALTER TABLE ... through SQLAlchemy);
# none is ever edited once released.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migration_1}
SCHEMA_VERSION = max(MIGRATIONS)


def database_url(db: str | os.PathLike[str] | None) -> str:
    """The SQLAlchemy URL of ``db``: a ``postgresql://`` or ``sqlite://`` URL as given, else a
    file path (default: ``$NEWSDESK_DB``, else ``newsdesk.db`` in the current folder)."""
    db = db if db is not None else os.environ.get(DB_VARIABLE) or DEFAULT_DB
    text = os.fspath(db)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        if not text.startswith(("sqlite", "postgresql+")):
            raise ConfigError("--db", "a file path, a sqlite:// or a postgresql:// URL", text)
        return text
    path = Path(text)
    if path.is_dir():
        raise ConfigError("--db", "a file (the store), not a folder", text)
    return f"sqlite:///{path}"


def store_exists(db: str | os.PathLike[str] | None) -> bool:
    """Whether ``db`` names a store already there: a SQLite file that exists (opening one
    creates it, which a reader such as ``GET /v1/stories`` must not do), an in-memory SQLite
    database, or any PostgreSQL database (whether it answers is found on opening it)."""
    url = sa.engine.make_url(database_url(db))
    if url.get_backend_name() != "sqlite":
        return True
    return not url.database or url.database == ":memory:" or Path(url.database).exists()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses nothing
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store keeps it."""

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


@dataclass(frozen=True)
class StoryRow:
    """A story as listed: counts and times come from its articles."""

    id: int
    headline: str
    articles: int
    copies: int
    outlets: tuple[str, ...]
    first_seen: str
    last_seen: str
    input_ids: tuple[str, ...]


class Store:
    """Access to one store (SQLite file or PostgreSQL database)."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.url = database_url(db)
        try:
            self.engine: Engine = sa.create_engine(self.url)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise ConfigError("--db", "a store newsdesk can open", str(db)) from exc
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self._migrate()
        except sa.exc.OperationalError as exc:
            raise InputError(f"cannot open the store {self.display}: {exc.orig}") from None

    @property
    def display(self) -> str:
        """The store's URL without a password."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def _migrate(self) -> None:
        with self.engine.begin() as connection:
            schema_table.create(connection, checkfirst=True)
            done = {row[0] for row in connection.execute(sa.select(schema_table.c.version))}
            if done and max(done) > SCHEMA_VERSION:
                raise InputError(
                    f"the store {self.display} has schema version {max(done)}; this newsdesk "
                    f"knows up to {SCHEMA_VERSION}: upgrade newsdesk"
                )
            for version in sorted(set(MIGRATIONS) - done):
                logger.info("store: applying schema migration %d", version)
                MIGRATIONS[version](connection)
                connection.execute(schema_table.insert().values(version=version, applied=now()))

    # -- reading the grouping state ----------------------------------------------------------

    def counters(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {k: v for k, v in connection.execute(sa.select(state_table))}

    def document_frequencies(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(terms_table).order_by(terms_table.c.term))
            return {term: df for term, df in rows}

    def active_stories(self, since_seq: int) -> list[StoryState]:
        """Stories that took an article at or after arrival ``since_seq``."""
        query = (
            sa.select(stories_table)
            .where(stories_table.c.last_seq >= since_seq)
            .order_by(stories_table.c.last_seq)
        )
        with self.engine.connect() as connection:
            return [
                StoryState(
                    id=row.id,
                    centroid=json.loads(row.centroid),
                    entities=json.loads(row.entities),
                    size=row.size,
                    last_seq=row.last_seq,
                    first_day=row.first_day,
                    last_day=row.last_day,
                )
                for row in connection.execute(query)
            ]

    def recent_signatures(self, count: int) -> list[tuple[int, bytes, int, int | None, int]]:
        """The last ``count`` articles' (seq, signature, shingles, copy_of, story id), oldest
        first."""
        c = articles_table.c
        query = (
            sa.select(c.seq, c.signature, c.shingles, c.copy_of, c.story_id)
            .order_by(c.seq.desc())
            .limit(count)
        )
        with self.engine.connect() as connection:
            rows = [
                (r.seq, bytes(r.signature), r.shingles, r.copy_of, r.story_id)
                for r in connection.execute(query)
            ]
        return rows[::-1]

    def known_hashes(self, hashes: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Of these content hashes, those stored: hash -> (seq, story id)."""
        wanted = sorted(set(hashes))
        found: dict[str, tuple[int, int]] = {}
        c = articles_table.c
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = sa.select(c.content_hash, c.seq, c.story_id).where(
                    c.content_hash.in_(chunk)
                )
                for row in connection.execute(query):
                    found[row.content_hash] = (row.seq, row.story_id)
        return found

    # -- writing one batch -------------------------------------------------------------------

    def write_batch(
        self,
        articles: Sequence[Mapping[str, Any]],
        stories: Sequence[StoryState],
        headlines: Mapping[int, str],
        df: Mapping[str, int],
        counters: Mapping[str, int],
    ) -> None:
        """Write one batch in one transaction: all of it is stored, or none. ``headlines``
        names the stories started in this batch (inserted; the others are updated)."""
        with self.engine.begin() as connection:
            if articles:
                connection.execute(articles_table.insert(), list(articles))
            new, changed = [], []
            for story in stories:
                values = {
                    "story_id": story.id,
                    "size": story.size,
                    "last_seq": story.last_seq,
                    "first_day": story.first_day,
                    "last_day": story.last_day,
                    "centroid": json.dumps(story.centroid),
                    "entities": json.dumps(story.entities),
                }
                if story.id in headlines:  # started in this batch
                    new.append({**values, "headline": headlines[story.id]})
                else:
                    changed.append(values)
            if new:
                insert = stories_table.insert().values(
                    id=sa.bindparam("story_id"),
                    headline=sa.bindparam("headline"),
                    **{k: sa.bindparam(k) for k in _STORY_COLUMNS},
                )
                connection.execute(insert, new)
            if changed:
                update = (
                    stories_table.update()
                    .where(stories_table.c.id == sa.bindparam("story_id"))
                    .values(**{k: sa.bindparam(k) for k in _STORY_COLUMNS})
                )
                connection.execute(update, changed)
            self._upsert(connection, terms_table, "term", "df", df)
            self._upsert(connection, state_table, "key", "value", counters)

    def _upsert(
        self,
        connection: Connection,
        table: sa.Table,
        key: str,
        value: str,
        items: Mapping[str, int],
    ) -> None:
        if not items:
            return
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        statement = insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c[key]], set_={value: statement.excluded[value]}
        )
        rows = [{key: k, value: v} for k, v in items.items()]
        for start in range(0, len(rows), 2000):
            connection.execute(statement, rows[start : start + 2000])

    # -- reading stories ---------------------------------------------------------------------

    def stories(self, since: str | None = None, min_sources: int = 1) -> list[StoryRow]:
        """Stories, newest activity first (ties by id), with their counts and outlets."""
        c = articles_table.c
        query = sa.select(
            c.story_id, c.seq, c.input_id, c.title, c.source, c.added, c.copy_of
        ).order_by(c.story_id, c.seq)
        headlines = self._headlines()
        rows: list[StoryRow] = []
        with self.engine.connect() as connection:
            for story_id, members in _grouped(connection.execute(query)):
                originals = [m for m in members if m.copy_of is None]
                if len(originals) < min_sources:
                    continue
                last_seen = max(m.added for m in members)
                if since is not None and last_seen < since:
                    continue
                rows.append(
                    StoryRow(
                        id=story_id,
                        headline=headlines.get(story_id, ""),
                        articles=len(originals),
                        copies=len(members) - len(originals),
                        outlets=tuple(sorted({m.source for m in members if m.source})),
                        first_seen=min(m.added for m in members),
                        last_seen=last_seen,
                        input_ids=tuple(m.input_id for m in members),
                    )
                )
        rows.sort(key=lambda r: (r.last_seen, r.id), reverse=True)
        return rows

    def _headlines(self) -> dict[int, str]:
        with self.engine.connect() as connection:
            query = sa.select(stories_table.c.id, stories_table.c.headline)
            return {row.id: row.headline or "" for row in connection.execute(query)}

    def story_articles(self, story_id: int) -> list[StoredArticle]:
        """The articles of one story, in arrival order."""
        c = articles_table.c
        query = (
            sa.select(
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
            )
            .where(c.story_id == story_id)
            .order_by(c.seq)
        )
        with self.engine.connect() as connection:
            return [StoredArticle(**row._mapping) for row in connection.execute(query)]

    def headline(self, story_id: int) -> str | None:
        with self.engine.connect() as connection:
            query = sa.select(stories_table.c.headline).where(stories_table.c.id == story_id)
            row = connection.execute(query).first()
        return None if row is None else (row[0] or "")

    def article_count(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    sa.select(sa.func.count()).select_from(articles_table)
                ).scalar_one()
            )


def _grouped(rows: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    current: int | None = None
    members: list[Any] = []
    for row in rows:
        if row.story_id != current:
            if current is not None:
                yield current, members
            current, members = row.story_id, []
        members.append(row)
    if current is not None:
        yield current, members


def now() -> str:
    """The current UTC time as ISO text (seconds)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
