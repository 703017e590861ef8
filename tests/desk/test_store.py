from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsdesk.desk.store import SCHEMA_VERSION, Store, database_url, schema_table
from newsdesk.errors import ConfigError, InputError


def test_a_new_store_records_its_schema_version(store_url: str) -> None:
    store = Store(store_url)
    with store.engine.connect() as connection:
        versions = [row[0] for row in connection.execute(sa.select(schema_table.c.version))]
    store.close()
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    Store(store_url).close()  # opening again applies nothing and fails on nothing


def test_a_store_from_a_newer_newsdesk_is_refused_unchanged(store_url: str) -> None:
    store = Store(store_url)
    with store.engine.begin() as connection:
        connection.execute(schema_table.insert().values(version=SCHEMA_VERSION + 1, applied="x"))
    store.close()
    with pytest.raises(InputError, match="upgrade newsdesk"):
        Store(store_url)


def test_sqlite_store_is_in_wal_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "desk.db")
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()


def test_database_url(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    assert database_url(None) == "sqlite:///newsdesk.db"
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "x.db"))
    assert database_url(None) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(ConfigError):
        database_url("mysql://u@h/db")
    with pytest.raises(ConfigError):
        database_url(tmp_path)  # a folder


# The schema of version 1, as newsdesk wrote it before publication times and the listing's
# counts (a store of that time must open and be migrated).
_V1 = """
CREATE TABLE desk_schema (version INTEGER NOT NULL PRIMARY KEY, applied VARCHAR(40) NOT NULL);
CREATE TABLE desk_articles (seq INTEGER NOT NULL PRIMARY KEY, input_id TEXT NOT NULL,
  content_hash VARCHAR(40) NOT NULL UNIQUE, canonical_url TEXT, title TEXT, source TEXT,
  url TEXT, published TEXT, added VARCHAR(40) NOT NULL, text TEXT NOT NULL,
  story_id INTEGER NOT NULL, copy_of INTEGER, copy_kind VARCHAR(20),
  signature BLOB NOT NULL, shingles INTEGER NOT NULL);
CREATE TABLE desk_stories (id INTEGER NOT NULL PRIMARY KEY, headline TEXT, size INTEGER NOT NULL,
  last_seq INTEGER NOT NULL, first_day INTEGER, last_day INTEGER, centroid TEXT NOT NULL,
  entities TEXT NOT NULL);
CREATE TABLE desk_terms (term TEXT NOT NULL PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE desk_state (key VARCHAR(40) NOT NULL PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO desk_schema VALUES (1, '2026-01-01T00:00:00+00:00');
"""


def _v1_store(path: Path, rows: list[tuple[int, str, str | None, int, int | None]]) -> None:
    """A version-1 store holding articles (seq, input id, published, story, copy of), its
    counters as the old bug left them: next_seq below the stored articles."""
    connection = sqlite3.connect(path)
    connection.executescript(_V1)
    for seq, input_id, published, story, copy_of in rows:
        connection.execute(
            "INSERT INTO desk_articles (seq, input_id, content_hash, published, added, text, "
            "story_id, copy_of, signature, shingles, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                input_id,
                f"h{seq}",
                published,
                "2026-01-02T00:00:00+00:00",
                f"text {seq}",
                story,
                copy_of,
                b"\0" * 1024,
                10,
                f"Outlet {seq % 2}",
            ),
        )
    for story in sorted({r[3] for r in rows}):
        connection.execute(
            "INSERT INTO desk_stories VALUES (?, ?, 1, 1, NULL, NULL, ?, ?)",
            (story, f"story {story}", '{"fire": 1.5, "rail": 0.1}', '{"aldmoor": 0.7}'),
        )
    connection.executemany(
        "INSERT INTO desk_state VALUES (?, ?)", [("next_seq", 2), ("next_story", 1)]
    )
    connection.commit()
    connection.close()


def test_a_version_1_store_is_migrated_and_its_broken_counters_mended(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _v1_store(
        path,
        [
            (1, "APW19981001.0299", None, 1, None),  # dated by its newswire id
            (2, "b", "Thu, 01 Oct 1998 10:00:00 GMT", 1, None),
            (3, "c", None, 1, 2),  # a copy, undated
            (4, "d", None, 2, None),  # a story with no date at all
        ],
    )
    store = Store(path)
    rows = {row.id: row for row in store.stories()}
    assert (rows[1].articles, rows[1].copies) == (2, 1)
    assert (rows[1].first_published, rows[1].last_published) == (
        "1998-10-01T00:00:00+00:00",
        "1998-10-01T10:00:00+00:00",
    )
    assert not rows[1].time_estimated
    assert rows[1].outlets == ("Outlet 0", "Outlet 1") and rows[2].outlets == ("Outlet 0",)
    assert rows[2].time_estimated and rows[2].last_published == "2026-01-02T00:00:00+00:00"
    assert [r.id for r in store.stories()] == [2, 1]  # latest first
    # Migration 3 (issue 26): the listing's order is read from its index, not sorted.
    with store.engine.connect() as connection:
        plan = connection.execute(
            sa.text(
                "EXPLAIN QUERY PLAN SELECT id FROM desk_stories ORDER BY substr(last_time, 1, 10)"
                " DESC, originals DESC, last_time DESC, id DESC LIMIT 50"
            )
        ).all()
    assert "USING COVERING INDEX desk_stories_by_day" in " ".join(str(row[-1]) for row in plan)
    with store.writing() as connection:
        counters = store.counters(connection)
        (first, _) = store.stories_after(connection, 0)
    assert (counters["next_seq"], counters["next_story"]) == (5, 3)  # never below what is there
    assert (first.centroid, first.entities) == ({"fire": 1.5, "rail": 0.1}, {"aldmoor": 0.7})
    store.close()


def test_stores_opened_by_many_processes_at_once_are_created_once(store_url: str) -> None:
    """The schema is created under the writers' lock: processes racing to open a new store
    all succeed (once, two `add` at once on a new store failed with "table desk_schema
    already exists")."""
    code = "import sys; from newsdesk.desk.store import Store; Store(sys.argv[1]).close()"
    children = [
        subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [child.communicate(timeout=60)[1].decode() for child in children]
    assert [child.returncode for child in children] == [0, 0, 0, 0], errors
    store = Store(store_url)
    with store.engine.connect() as connection:
        versions = [row[0] for row in connection.execute(sa.select(schema_table.c.version))]
    store.close()
    assert versions == list(range(1, SCHEMA_VERSION + 1))
