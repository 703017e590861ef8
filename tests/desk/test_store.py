from __future__ import annotations

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
