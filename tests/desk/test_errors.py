"""A store that cannot be used, and options out of range: one plain line, exit 2 or 3 (a 4xx or
503 from the server), never a traceback, exit 1 or 500, never a password, never a store
created by reading."""

from __future__ import annotations

import logging
import os
import shutil
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.cli import main
from newsdesk.errors import MaskSecrets, mask_secrets
from newsdesk.server import ServerConfig, create_app

from .streams import EXAMPLE

SECRET = "s3cret-Pa55"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def unreachable() -> str:
    """A PostgreSQL URL with a password, where nothing listens."""
    return f"postgresql://desk:{SECRET}@127.0.0.1:{_free_port()}/stories"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "Traceback" not in said and SECRET not in said
    return code, captured.err


@pytest.mark.parametrize("command", [["stories"], ["story", "1"]])
def test_reading_a_missing_store_creates_nothing(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "mistyped.db"
    code, err = _run([*command, "--db", str(db)], capsys)
    assert code == 3
    assert err.startswith(f"newsdesk: error: there is no store of stories at {db} yet: ")
    assert "POST /v1/articles creates one (reading never does)" in err
    assert list(tmp_path.iterdir()) == []


def test_reading_a_postgresql_database_without_a_store_creates_nothing(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(["stories", "--db", store_url], capsys)
    assert code == 3 and "there is no store of stories at" in err
    if store_url.startswith("postgresql"):
        import sqlalchemy as sa

        engine = sa.create_engine(store_url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as connection:
            assert sa.inspect(connection).get_table_names() == []
        engine.dispose()


def _not_a_store(tmp_path: Path) -> dict[str, Path]:
    """Files that are not a usable store: text, a truncated store, random bytes."""
    text = tmp_path / "notes.db"
    text.write_text("These are my notes, not a database.\n" * 50)
    whole = tmp_path / "whole.db"
    assert main(["add", str(EXAMPLE), "--db", str(whole), "-q"]) == 0
    truncated = tmp_path / "truncated.db"
    data = whole.read_bytes()
    truncated.write_bytes(data[: len(data) // 3])
    noise = tmp_path / "noise.db"
    noise.write_bytes(bytes((i * 97 + 13) % 256 for i in range(20_000)))
    return {"text": text, "truncated": truncated, "noise": noise}


@pytest.mark.parametrize("kind", ["text", "truncated", "noise"])
@pytest.mark.parametrize("command", [["stories"], ["story", "1"], ["add", str(EXAMPLE)]])
def test_a_file_that_is_not_a_store(
    kind: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _not_a_store(tmp_path)[kind]
    capsys.readouterr()
    before = path.read_bytes()
    code, err = _run([*command, "--db", str(path)], capsys)
    assert code == 3, err
    assert err.count("\n") == 1 and f"cannot use the store {path}" in err
    assert "not a newsdesk store" in err or "no story 1" in err or kind == "truncated"
    assert path.read_bytes() == before  # left as it was


def test_a_read_only_store_is_read_and_refuses_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.db"
    assert main(["add", str(EXAMPLE), "--db", str(db), "-q"]) == 0
    capsys.readouterr()
    # Opened read-only (as a read-only file, folder or mount is: root ignores permissions).
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    code, _ = _run(["stories", "--db", read_only], capsys)
    assert code == 0
    before = db.read_bytes()
    code, err = _run(["add", str(EXAMPLE), "--db", read_only], capsys)
    assert code == 3 and err.count("\n") == 1
    assert err.startswith(f"newsdesk: error: cannot use the store {read_only}: it is read-only")
    assert db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files anyway")
def test_a_read_only_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "desk.db"
    assert main(["add", str(EXAMPLE), "--db", str(db), "-q"]) == 0
    capsys.readouterr()
    folder.chmod(0o555)
    db.chmod(0o444)
    try:
        fresh = tmp_path / "fresh.txt"
        fresh.write_text("A new article about something else entirely, long enough. " * 3)
        code, err = _run(["add", str(fresh), "--db", str(db)], capsys)
        assert code == 3 and err.count("\n") == 1
    finally:
        folder.chmod(0o755)


def test_an_unreachable_postgresql_server(
    unreachable: str, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("psycopg")
    for command in (["stories"], ["story", "1"], ["add", str(EXAMPLE)]):
        code, err = _run([*command, "--db", unreachable], capsys)
        assert code == 3, err
        assert err.startswith("newsdesk: error: cannot use the store postgresql://desk:***@")
    assert SECRET not in caplog.text


def test_the_server_answers_503_for_an_unreachable_store_and_never_says_the_password(
    unreachable: str, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("psycopg")
    caplog.set_level(logging.INFO)
    config = ServerConfig(workers=1, db=unreachable)
    with TestClient(create_app(config)) as client:
        article = {"text": (EXAMPLE / "000_d20ab8346781905e.txt").read_text()}
        answers = [
            client.get("/v1/stories"),
            client.get("/v1/stories/1"),
            client.post("/v1/articles", json={"articles": [article]}),
        ]
    for answer in answers:
        assert answer.status_code == 503, answer.text
        assert "cannot use the store postgresql://desk:***@" in answer.json()["detail"]
        assert SECRET not in answer.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        f"mysql://desk:{SECRET}@db.example/stories",
        f"mongodb+srv://desk:{SECRET}@cluster.example/stories",
        f"https://desk:{SECRET}@example.org/",
    ],
)
def test_a_password_in_any_url_is_masked(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for command in (["stories"], ["add", str(EXAMPLE)], ["serve", "--port", "0"]):
        code, err = _run([*command, "--db", url], capsys)
        assert code == 2, err
        assert "desk:***@" in err
    with pytest.raises(ValueError) as raised:
        ServerConfig(db=url)
    assert SECRET not in str(raised.value)


def test_mask_secrets_in_messages_and_log_lines() -> None:
    assert mask_secrets("at postgresql://u:p%40ss@h:5432/db and x://a:b@c") == (
        "at postgresql://u:***@h:5432/db and x://a:***@c"
    )
    assert mask_secrets("host=h password=hunter2 user=u") == "host=h password=*** user=u"
    assert (
        mask_secrets("postgresql://u@h/db, sqlite:///x.db") == "postgresql://u@h/db, sqlite:///x.db"
    )
    record = logging.LogRecord(
        "x", logging.ERROR, "", 0, "store %s failed", (f"pg://u:{SECRET}@h",), None
    )
    assert MaskSecrets().filter(record) and SECRET not in record.getMessage()


def test_a_port_that_cannot_be_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for port in ("70000", "-1", "port"):
        code, _ = _run(["serve", "--port", port], capsys)
        assert code == 2
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        code, err = _run(["serve", "--port", port, "--db", str(tmp_path / "d.db")], capsys)
    assert code == 2 and "in use" in err and err.count("newsdesk: error:") == 1


def test_story_ids_and_times_out_of_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "desk.db")
    assert main(["add", str(EXAMPLE), "--db", db, "-q"]) == 0
    capsys.readouterr()
    for story in (str(2**63), str(2**64 + 5), "0"):
        code, err = _run(["story", story, "--db", db], capsys)
        assert code == 3 and f"no story {story} " in err
    for since in ("99999999d", "999999999999w", "0001-01-01x"):
        for command in (["stories"], ["story", "1"]):
            code, err = _run([*command, "--db", db, "--since", since], capsys)
            assert code == 2 and "--since must be" in err
    for option in (["--limit", "-1"], ["--offset", "-1"], ["--min-sources", "0"]):
        code, _ = _run(["stories", "--db", db, *option], capsys)
        assert code == 2
    with TestClient(create_app(ServerConfig(workers=1, db=db))) as client:
        assert client.get(f"/v1/stories/{2**63}").status_code == 404
        assert client.get(f"/v1/stories/{2**70}").status_code == 404
        assert client.get("/v1/stories", params={"since": "99999999d"}).status_code == 422
        for bad in ({"limit": 0}, {"limit": 10**6}, {"offset": -1}, {"offset": 2**64}):
            assert client.get("/v1/stories", params=bad).status_code == 422


def test_a_store_copied_while_written_is_still_read(tmp_path: Path) -> None:
    """(A copy of the file alone, without its write-ahead log, is an older store: readable.)"""
    db = tmp_path / "desk.db"
    assert main(["add", str(EXAMPLE), "--db", str(db), "-q"]) == 0
    shutil.copy(db, tmp_path / "copy.db")
    assert main(["stories", "--db", str(tmp_path / "copy.db")]) == 0
