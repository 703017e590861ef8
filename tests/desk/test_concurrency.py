"""Many writers on one store: two ``newsdesk add`` processes and two ``newsdesk serve --db``
servers taking ``POST /v1/articles``, all at once, on SQLite and on PostgreSQL.

Their inputs overlap (the same article sent by several writers), are disjoint, and repeat
(re-adds of stored articles, the case that once wrote back stale counters). Every writer must
succeed (exit 0, no 5xx), every article be stored once, and the store's counters and document
frequencies be those a single writer makes of the same articles.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from newsdesk.desk import ArticleInput, Desk
from newsdesk.desk.store import articles_table, state_table, stories_table, terms_table

from .streams import synthetic_articles


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _newsdesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsdesk", *args]


def _post(port: int, articles: list[dict[str, Any]]) -> int:
    body = json.dumps({"articles": articles}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/articles",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:  # no answer in time, or the connection dropped
        return 0


def _wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _state(url: str) -> dict[str, Any]:
    """What the store holds: texts, counters, document frequencies, stories' sizes."""
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")
    if engine.dialect.name == "postgresql":
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    a, s = articles_table.c, stories_table.c
    with engine.connect() as connection:
        texts = [row[0] for row in connection.execute(sa.select(a.text))]
        seqs = [row[0] for row in connection.execute(sa.select(a.seq))]
        originals = connection.execute(
            sa.select(sa.func.count()).where(a.copy_of.is_(None))
        ).scalar_one()
        counters = dict(connection.execute(sa.select(state_table)).all())
        df = dict(connection.execute(sa.select(terms_table)).all())
        sizes = dict(connection.execute(sa.select(s.id, s.size)).all())
        members = dict(
            connection.execute(
                sa.select(a.story_id, sa.func.count())
                .where(a.copy_of.is_(None))
                .group_by(a.story_id)
            ).all()
        )
    engine.dispose()
    return {
        "texts": texts,
        "seqs": seqs,
        "originals": originals,
        "counters": counters,
        "df": df,
        "sizes": sizes,
        "members": members,
    }


@pytest.mark.slow  # real processes: about 10 s a database on an idle machine
def test_two_adds_and_two_servers_at_once_store_everything_once(
    store_url: str, tmp_path: Path
) -> None:
    alpha = synthetic_articles(260, "alpha")
    beta = synthetic_articles(260, "beta")
    shared = synthetic_articles(60, "shared")
    gamma = synthetic_articles(60, "gamma")
    delta = synthetic_articles(60, "delta")
    # Two rounds of each CLI writer; the second re-adds the first's articles and a few more.
    cli_rounds = [
        [
            _write_jsonl(tmp_path / "a1.jsonl", alpha[:200] + shared[:40]),
            _write_jsonl(tmp_path / "a2.jsonl", alpha[:200] + shared + alpha[200:]),
        ],
        [
            _write_jsonl(tmp_path / "b1.jsonl", shared[20:] + beta[:200]),
            _write_jsonl(tmp_path / "b2.jsonl", beta + shared[:20]),
        ],
    ]
    # Each server gets its own articles, some of the CLI writers' and of the other server's,
    # and its own again, a few at a time.
    posts = [
        [gamma[i : i + 3] for i in range(0, 60, 3)]
        + [shared[i : i + 4] for i in range(0, 60, 12)]
        + [alpha[i : i + 2] for i in range(100, 240, 20)]
        + [delta[i : i + 3] for i in range(0, 30, 3)]
        + [gamma[i : i + 5] for i in range(0, 60, 10)],
        [delta[i : i + 3] for i in range(0, 60, 3)]
        + [beta[i : i + 2] for i in range(150, 260, 10)]
        + [gamma[i : i + 4] for i in range(30, 60, 6)]
        + [delta[i : i + 6] for i in range(0, 60, 12)],
    ]
    everything = {r["text"] for r in alpha + beta + shared + gamma + delta}

    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            _newsdesk("serve", "--db", store_url, "--port", str(port), "--workers", "1"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    statuses: list[int] = []
    cli_results: list[tuple[int, str]] = []
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_until_serving(port, server)

        def run_cli(rounds: list[Path]) -> None:
            for path in rounds:
                done = subprocess.run(
                    _newsdesk("add", str(path), "--db", store_url, "-q"),
                    capture_output=True,
                    text=True,
                    timeout=90,
                )
                cli_results.append((done.returncode, done.stderr))

        def run_posts(port: int, batches: list[list[dict[str, Any]]]) -> None:
            for batch in batches:
                statuses.append(_post(port, batch))

        threads = [threading.Thread(target=run_cli, args=(r,)) for r in cli_rounds] + [
            threading.Thread(target=run_posts, args=(p, b))
            for p, b in zip(ports, posts, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=100)
    finally:
        logs = []
        for server in servers:
            server.terminate()
            logs.append(server.communicate(timeout=20)[1].decode(errors="replace"))

    stored = _state(store_url)
    failed_posts = sum(status != 200 for status in statuses)
    print(
        f"\nwriters: CLI exits {sorted(code for code, _ in cli_results)}, "
        f"{failed_posts} of {len(statuses)} POSTs failed {sorted(set(statuses))}; "
        f"{len(stored['texts'])} articles stored ({len(set(stored['texts']))} distinct) "
        f"of {len(everything)}; counters {stored['counters']}"
    )
    assert [code for code, _ in cli_results] == [0, 0, 0, 0], cli_results
    assert all("Error" not in err and "Traceback" not in err for _, err in cli_results)
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert not any("Traceback" in log for log in logs), logs

    assert sorted(stored["texts"]) == sorted(everything)  # every article, once
    assert sorted(stored["seqs"]) == list(range(1, len(everything) + 1))
    counters = stored["counters"]
    assert counters["next_seq"] == len(everything) + 1
    assert counters["documents"] == stored["originals"]
    assert counters["next_story"] == max(stored["sizes"]) + 1
    assert stored["sizes"] == stored["members"]  # each story's size is its originals

    # A single writer given the same articles keeps the same counts and frequencies.
    reference = str(tmp_path / "single.db")
    with Desk(reference) as desk:
        desk.add_articles(
            [
                ArticleInput(id=r["id"], text=r["text"], title=r["title"], source=r["source"])
                for r in alpha + beta + shared + gamma + delta
            ]
        )
    single = _state(reference)
    assert stored["originals"] == single["originals"]
    assert counters["documents"] == single["counters"]["documents"]
    assert counters["next_seq"] == single["counters"]["next_seq"]
    assert stored["df"] == single["df"]
