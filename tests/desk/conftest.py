"""Stores for the desk's tests: every store test runs on SQLite and on PostgreSQL.

PostgreSQL needs a server: ``NEWSDESK_TEST_POSTGRES`` names one (``.ci/run`` starts a
throw-away server and sets it). Without it those tests skip, unless
``NEWSDESK_REQUIRE_POSTGRES`` is set (as in CI), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES = os.environ.get("NEWSDESK_TEST_POSTGRES")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty store: a SQLite file, or a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "desk.db")
        return
    if not POSTGRES:
        if os.environ.get("NEWSDESK_REQUIRE_POSTGRES"):
            pytest.fail("NEWSDESK_REQUIRE_POSTGRES is set but NEWSDESK_TEST_POSTGRES is not")
        pytest.skip("no PostgreSQL server: set NEWSDESK_TEST_POSTGRES (.ci/run starts one)")
    import sqlalchemy as sa

    admin_url = POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"desk_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
