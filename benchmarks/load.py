"""Load on the web service: concurrent clients post real clusters to ``POST /v1/briefs``.

    python benchmarks/load.py [--url URL] [--clients 16] [--seconds 60] [--data FILE|FOLDER]
                              [--compare]

Without ``--url`` it starts ``newsdesk serve`` on a free loopback port (default limits, one
worker a core), waits for ``/healthz``, and stops it at the end. Each client posts clusters of
``../shared/data/multinews-dev.jsonl`` (or of ``--data``: a JSONL file, or a folder whose
``.txt`` files are one cluster, such as ``examples/seed-cluster``) in turn (client i takes
clusters i, i + clients, ...), one request at a time, until the time is up; requests in flight
then finish. The briefs are plain unless ``--compare`` asks for the comparison too (issue 27:
the server computes it only when asked; before, every brief carried it). With
``--hostile``, one more client sends hostile requests meanwhile (a 50 MB body, 10,000 tiny
articles, deeply nested JSON, invalid UTF-8, an article holding ``<script>``), one a second;
and, for a server it started, one more kills an idle brief worker (``kill -9``) every 10 s
and another holds 500 idle connections open (opening new ones as the server closes them).
``/healthz`` is asked every second throughout, and the memory of all server processes is
measured before and after the run. Prints throughput, latency percentiles and every status
and error; exits 1 on any 5xx but the 503s of a killed worker's brief, or a dropped
connection. Needs ``pip install -e '.[server,bench]'``.

Also with ``--hostile``, for a server it started (issue 25): ``--tricklers`` clients (default
100) send complete headers and then a body a byte a second, reopening as the server closes
them (each must be closed within ``--body-timeout`` plus a second); the server's ``llm``
writer points at a chat endpoint on 127.0.0.1 that answers, in turn, with a redirect to
another origin (which must hear nothing: the API key stays), an answer trickled a byte every
half second past the writer's deadline (``$NEWSDESK_LLM_TIMEOUT``, 5 s here), JSON nested
100,000 deep, and a good draft; one more client asks for such a brief every 2 s (each must be
a 200). ``/healthz`` must be truthful throughout: 200 exactly when every worker is healthy,
never refused for a full server (``--max-connections`` fills it on purpose when small).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx2 as httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "multinews-dev.jsonl"


SCRIPT = "<script>alert(1)</script> The mayor opened the new bridge on Monday, officials said."
HOSTILE: dict[str, bytes] = {
    "50 MB body": b'{"articles": [{"text": "' + b"a" * 50_000_000 + b'"}]}',
    "10,000 tiny articles": json.dumps({"articles": [{"text": "Hi."}] * 10_000}).encode(),
    "deeply nested JSON": b'{"articles": ' + b"[" * 500_000 + b"]" * 500_000 + b"}",
    "invalid UTF-8": b'{"articles": [{"text": "caf\xe9 \xff\xfe"}]}',
    "<script> article": json.dumps(
        {"articles": [{"text": SCRIPT}, {"text": "The mayor opened a bridge on Monday."}]}
    ).encode(),
}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # of answered requests, seconds
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)  # no answer: dropped, timed out
    hostile: dict[str, Counter[str]] = field(default_factory=dict)  # name -> outcomes
    details: Counter[str] = field(default_factory=Counter)  # 5xx answers: their message
    health: Counter[str] = field(default_factory=Counter)  # /healthz answers during the run
    killed: list[int] = field(default_factory=list)  # worker processes killed
    idle_connections: int = 0  # opened by the idle-connection client
    idle_closed_by_server: int = 0  # of those, closed by the server (header timeout)
    health_untruthful: list[str] = field(default_factory=list)  # answers that contradict
    health_full: int = 0  # /healthz answers that said the server was full
    trickled_lifetimes: list[float] = field(default_factory=list)  # closed by the server, s
    trickled_answers: Counter[str] = field(default_factory=Counter)  # what it said first
    trickled_open_at_end: list[float] = field(default_factory=list)  # their ages, s
    trickled_refused: int = 0  # connections the server did not accept
    llm_outcomes: Counter[str] = field(default_factory=Counter)  # briefs of the llm writer


def requests_from(path: Path, words: int, compare: bool = False) -> list[bytes]:
    """One request body a cluster of a JSONL file, or of a folder's ``.txt`` articles (the
    example: ``--data examples/seed-cluster``), asking for the comparison with ``compare``."""
    asked = {"compare": True} if compare else {}
    if path.is_dir():
        articles = [{"text": f.read_text(encoding="utf-8")} for f in sorted(path.glob("*.txt"))]
        return [json.dumps({"articles": articles, "words": words, **asked}).encode()]
    bodies = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            articles = [
                {"text": d} if isinstance(d, str) else {k: v for k, v in d.items() if k != "id"}
                for d in record["documents"]
            ]
            bodies.append(json.dumps({"articles": articles, "words": words, **asked}).encode())
    return bodies


async def client(
    http: httpx.AsyncClient,
    url: str,
    bodies: list[bytes],
    first: int,
    step: int,
    deadline: float,
    tally: Tally,
) -> None:
    index = first
    while time.monotonic() < deadline:
        body = bodies[index % len(bodies)]
        index += step
        started = time.monotonic()
        try:
            response = await http.post(
                f"{url}/v1/briefs", content=body, headers={"Content-Type": "application/json"}
            )
            await response.aread()
        except httpx.TimeoutException as exc:
            tally.errors[f"timeout ({type(exc).__name__})"] += 1
            continue
        except httpx.TransportError as exc:
            tally.errors[f"dropped ({type(exc).__name__}: {exc})"] += 1
            continue
        tally.latencies.append(time.monotonic() - started)
        tally.statuses[response.status_code] += 1
        if response.status_code >= 500:
            tally.details[f"{response.status_code} {response.text[:80]}"] += 1
        if response.status_code == 503:  # as a polite client does: wait as told, at most 1 s
            await asyncio.sleep(min(1.0, float(response.headers.get("Retry-After", "1"))))


async def hostile_client(url: str, deadline: float, tally: Tally) -> None:
    async with httpx.AsyncClient(timeout=120) as http:
        while time.monotonic() < deadline:
            for name, body in HOSTILE.items():
                if time.monotonic() >= deadline:
                    break
                outcomes = tally.hostile.setdefault(name, Counter())
                try:
                    response = await http.post(
                        f"{url}/v1/briefs",
                        content=body,
                        headers={"Content-Type": "application/json"},
                    )
                except httpx.TransportError as exc:
                    outcomes[f"dropped ({type(exc).__name__})"] += 1
                    continue
                outcome = _outcome(response)
                if response.status_code == 200:  # correct only if the text came back as sent
                    intact = response.json()["articles"][0]["text"] == SCRIPT
                    outcome += " text intact" if intact else " TEXT CHANGED"
                outcomes[outcome] += 1
                await asyncio.sleep(1)


def _workers(server: int) -> list[Any]:
    import psutil

    return [p for p in psutil.Process(server).children(recursive=True) if p.is_running()]


def server_memory(server: int) -> float:
    """Resident memory of the server and all its processes, MiB."""
    import psutil

    processes = [psutil.Process(server), *_workers(server)]
    return sum(p.memory_info().rss for p in processes if p.is_running()) / 2**20


async def worker_killer(server: int, deadline: float, tally: Tally) -> None:
    """Every 10 s, kill -9 a brief worker that used no CPU over the last 0.3 s (an idle one)."""
    import psutil

    while time.monotonic() + 10 < deadline:
        await asyncio.sleep(10)
        try:
            workers = [w for w in _workers(server) if "multiprocessing" not in w.name()]
            before = {w.pid: sum(w.cpu_times()[:2]) for w in workers}
            await asyncio.sleep(0.3)
            idle = [w for w in workers if sum(w.cpu_times()[:2]) == before[w.pid]]
        except psutil.Error:
            continue
        if idle:
            idle[0].kill()
            tally.killed.append(idle[0].pid)


async def idle_connections(url: str, deadline: float, tally: Tally, count: int = 500) -> None:
    """Hold ``count`` connections open without sending anything; reopen those closed."""
    host, port = url.removeprefix("http://").split(":")
    held: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    while time.monotonic() < deadline:
        closed = [(r, w) for r, w in held if r.at_eof()]  # the server closed them
        tally.idle_closed_by_server += len(closed)
        for _, writer in closed:
            writer.close()
        held = [(r, w) for r, w in held if not r.at_eof()]
        while len(held) < count and time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(host, int(port))
            except OSError:
                break
            held.append((reader, writer))
            tally.idle_connections += 1
        await asyncio.sleep(0.5)
    for _, writer in held:
        writer.close()


async def health_watch(url: str, deadline: float, tally: Tally) -> None:
    """Ask /healthz every second; an answer is truthful when its status is 200 exactly when
    its body says every worker is healthy (503 otherwise), never a refusal for being full."""
    async with httpx.AsyncClient(timeout=10) as http:
        while time.monotonic() < deadline:
            try:
                response = await http.get(f"{url}/healthz")
                tally.health[str(response.status_code)] += 1
                try:
                    body = response.json()
                except ValueError:
                    body = {}
                healthy = body.get("healthy_workers") == body.get("workers") is not None
                expected = 200 if healthy else 503
                if "status" not in body or response.status_code != expected:
                    tally.health_untruthful.append(f"{response.status_code} {response.text[:100]}")
                tally.health_full += bool(body.get("full"))
            except httpx.TransportError as exc:
                tally.health[f"no answer ({type(exc).__name__})"] += 1
            await asyncio.sleep(1)


async def body_tricklers(
    url: str, deadline: float, tally: Tally, count: int, body_timeout: float
) -> None:
    """Hold ``count`` connections that send complete headers, then their body a byte a
    second; record how long each lived until the server closed it, and reopen it."""
    host, port = url.removeprefix("http://").split(":")
    head = (
        b"POST /v1/briefs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000000\r\n\r\n{"
    )

    async def one() -> None:
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(host, int(port))
                writer.write(head)
                await writer.drain()
            except OSError:
                tally.trickled_refused += 1
                await asyncio.sleep(1)
                continue
            opened = time.monotonic()
            answer = b""
            while time.monotonic() < deadline:
                try:
                    data = await asyncio.wait_for(reader.read(4096), 1.0)
                except asyncio.TimeoutError:
                    try:
                        writer.write(b" ")
                        await writer.drain()
                    except OSError:
                        break
                    continue
                except OSError:
                    break
                if not data:
                    break
                answer += data
            else:  # the run ended with it still open
                tally.trickled_open_at_end.append(round(time.monotonic() - opened, 1))
                writer.close()
                return
            tally.trickled_lifetimes.append(time.monotonic() - opened)
            status = answer.split(b"\r\n", 1)[0].decode("latin-1") or "closed without answer"
            tally.trickled_answers[status] += 1
            writer.close()

    await asyncio.gather(*(one() for _ in range(count)))


async def llm_client(url: str, bodies: list[bytes], deadline: float, tally: Tally) -> None:
    """Ask for a brief of the server's llm writer every 2 s (its endpoint is hostile)."""
    async with httpx.AsyncClient(timeout=120) as http:
        index = 0
        while time.monotonic() < deadline:
            request = json.loads(bodies[index % len(bodies)])
            index += 1
            request["summarizer"] = "llm"
            try:
                response = await http.post(f"{url}/v1/briefs", json=request)
            except httpx.TransportError as exc:
                tally.llm_outcomes[f"dropped ({type(exc).__name__})"] += 1
                continue
            outcome = _outcome(response)
            if response.status_code == 200:
                brief = response.json()
                warned = [w for w in brief.get("warnings", []) if w.startswith("llm:")]
                outcome += f" {brief['summarizer']}"
                if warned and brief["summarizer"] != "llm":
                    outcome += " (" + _why(warned[-1]) + ")"
            tally.llm_outcomes[outcome] += 1
            await asyncio.sleep(2)


def _outcome(response: httpx.Response) -> str:
    """The status, and "full" for the 503 of a full server (expected when it is filled)."""
    full = response.status_code == 503 and "is full" in response.text
    return f"{response.status_code}{' full' if full else ''}"


def _why(warning: str) -> str:
    for reason in ("redirect", "no complete answer", "no chat completion", "only"):
        if reason in warning:
            return reason
    return warning[:60]


class HostileChat(BaseHTTPRequestHandler):
    """A chat endpoint that answers, in turn: a redirect to another origin, a trickle, JSON
    nested 100,000 deep, a good draft (the first sentences of the request's first article)."""

    other: ClassVar[str] = ""
    turn: ClassVar[int] = 0
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with HostileChat.lock:
            turn, HostileChat.turn = HostileChat.turn, HostileChat.turn + 1
        kind = ("redirect", "trickle", "deep", "good")[turn % 4]
        if kind == "redirect":
            self.send_response(307)
            self.send_header("Location", f"{HostileChat.other}/v1/chat/completions")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "deep":
            payload = b'{"choices": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        else:
            article = request["messages"][1]["content"].split("Article 1:\n", 1)[-1]
            draft = ". ".join(article.split(". ")[:4]).strip() + "."
            payload = json.dumps({"choices": [{"message": {"content": draft}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            if kind != "trickle":
                self.wfile.write(payload)
                return
            for i in range(len(payload)):
                self.wfile.write(payload[i : i + 1])
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            return  # the writer gave up at its deadline

    def log_message(self, *args: object) -> None:
        pass


class OtherOrigin(BaseHTTPRequestHandler):
    """Where the redirect points: every request that reaches it is a leak."""

    heard: ClassVar[list[str]] = []

    def _any(self) -> None:
        OtherOrigin.heard.append(f"{self.command} {self.headers.get('Authorization')}")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _any

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def hostile_chat() -> Iterator[str]:
    """The hostile chat endpoint and the other origin, on 127.0.0.1: the endpoint's URL."""
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), h) for h in (HostileChat, OtherOrigin)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    url, other = (f"http://127.0.0.1:{s.server_address[1]}" for s in servers)
    HostileChat.other = other
    try:
        yield f"{url}/v1"
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


async def run(
    url: str,
    bodies: list[bytes],
    clients: int,
    seconds: float,
    hostile: bool,
    server: int | None = None,
    tricklers: int = 0,
    body_timeout: float = 30.0,
) -> tuple[Tally, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        started = time.monotonic()
        deadline = started + seconds
        others = [asyncio.create_task(health_watch(url, deadline, tally))]
        if hostile:
            others.append(asyncio.create_task(hostile_client(url, deadline, tally)))
            if server is not None:
                others.append(asyncio.create_task(worker_killer(server, deadline, tally)))
                others.append(asyncio.create_task(idle_connections(url, deadline, tally)))
                others.append(
                    asyncio.create_task(
                        body_tricklers(url, deadline, tally, tricklers, body_timeout)
                    )
                )
                others.append(asyncio.create_task(llm_client(url, bodies, deadline, tally)))
        await asyncio.gather(
            *(client(http, url, bodies, i, clients, deadline, tally) for i in range(clients))
        )
        elapsed = time.monotonic() - started
        await asyncio.gather(*others)
    return tally, elapsed


@contextmanager
def local_server(
    options: list[str] | None = None, environment: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "serve", "--port", str(port), *(options or [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(environment or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit("newsdesk serve did not start")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def report(tally: Tally, elapsed: float, args: argparse.Namespace, url: str) -> dict[str, Any]:
    answered = len(tally.latencies)
    ok = tally.statuses.get(200, 0)
    quantiles = (
        np.percentile(np.array(tally.latencies) * 1000, [50, 95, 99]).round(1).tolist()
        if tally.latencies
        else [None, None, None]
    )
    return {
        "url": url,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "data": str(args.data),
        "words": args.words,
        "cpus": os.cpu_count(),
        "requests": answered + sum(tally.errors.values()),
        "answered": answered,
        "ok": ok,
        "throughput_per_s": round(ok / elapsed, 2),
        "latency_ms": dict(zip(("p50", "p95", "p99"), quantiles, strict=True)),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "server_errors_5xx": sum(v for k, v in tally.statuses.items() if k >= 500),
        "errors": dict(tally.errors),
        "hostile": {name: dict(outcomes) for name, outcomes in tally.hostile.items()},
        "server_error_details": dict(tally.details),
        "healthz_during_run": dict(tally.health),
        "workers_killed": len(tally.killed),
        "idle_connections_opened": tally.idle_connections,
        "idle_connections_closed_by_server": tally.idle_closed_by_server,
        "healthz_untruthful": tally.health_untruthful,
        "healthz_said_full": tally.health_full,
        "body_trickled_closed_by_server": len(tally.trickled_lifetimes),
        "body_trickled_lifetime_s": (
            {
                "min": round(min(tally.trickled_lifetimes), 2),
                "median": round(float(np.median(tally.trickled_lifetimes)), 2),
                "max": round(max(tally.trickled_lifetimes), 2),
            }
            if tally.trickled_lifetimes
            else None
        ),
        "body_trickled_answers": dict(tally.trickled_answers),
        "body_trickled_open_at_end_max_age_s": max(tally.trickled_open_at_end, default=None),
        "body_trickled_not_accepted": tally.trickled_refused,
        "llm_briefs": dict(tally.llm_outcomes),
        "llm_other_origin_heard": list(OtherOrigin.heard),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="A running server (default: start one on loopback).")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--words", type=int, default=120)
    parser.add_argument(
        "--compare", action="store_true", help='Ask for the comparison ("compare": true).'
    )
    parser.add_argument("--hostile", action="store_true", help="Add a hostile client.")
    parser.add_argument(
        "--tricklers", type=int, default=100, help="With --hostile: body-trickling clients."
    )
    parser.add_argument(
        "--body-timeout", type=float, default=30.0, help="The started server's --body-timeout."
    )
    parser.add_argument(
        "--max-connections", type=int, help="The started server's --max-connections."
    )
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} is absent (../shared/data is beside the repo in CI and dev)")
    bodies = requests_from(args.data, args.words, args.compare)
    options = ["--body-timeout", str(args.body_timeout)]
    if args.max_connections:
        options += ["--max-connections", str(args.max_connections)]
    with contextlib.ExitStack() as stack:
        environment = {}
        if args.hostile and args.url is None:
            chat = stack.enter_context(hostile_chat())
            environment = {
                "NEWSDESK_LLM_URL": chat,
                "NEWSDESK_LLM_API_KEY": "load-test-key",
                "NEWSDESK_LLM_TIMEOUT": "5",
            }
        figures, failed = _load(args, bodies, options, environment)
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if failed else 0


def _load(
    args: argparse.Namespace,
    bodies: list[bytes],
    options: list[str],
    environment: dict[str, str],
) -> tuple[dict[str, Any], bool]:
    started = local_server(options, environment) if args.url is None else _given(args.url)
    with started as (url, server):
        for body in bodies[:4]:  # every worker warm: the memory before is that of a working server
            httpx.post(
                f"{url}/v1/briefs",
                content=body,
                headers={"Content-Type": "application/json"},
                timeout=120,
            )
        time.sleep(2)
        memory_before = server_memory(server) if server else None
        tally, elapsed = asyncio.run(
            run(
                url,
                bodies,
                args.clients,
                args.seconds,
                args.hostile,
                server,
                tricklers=args.tricklers,
                body_timeout=args.body_timeout,
            )
        )
        alive = httpx.get(f"{url}/healthz", timeout=10).status_code == 200
        time.sleep(3)  # replaced workers finish starting
        memory_after = server_memory(server) if server else None
    figures = {
        **report(tally, elapsed, args, url),
        "healthy_after": alive,
        "server_memory_mib_before_after": [
            round(m, 1) if m is not None else None for m in (memory_before, memory_after)
        ],
    }
    # A server filled on purpose (--max-connections) answers "full" with 503: promised.
    promised = {"200 text intact", *(["503 full"] if args.max_connections else [])}
    hostile_failed = any(
        not (o.startswith("4") or o in promised)
        for outcomes in tally.hostile.values()
        for o in outcomes
    )
    # A brief whose worker was killed under it gets a 503 to retry: the one 5xx promised.
    unpromised = sum(
        count
        for detail, count in tally.details.items()
        if not detail.startswith("503") or "worker writing the brief stopped" not in detail
    )
    full = sum(c for d, c in tally.details.items() if d.startswith("503") and "is full" in d)
    unpromised -= full if args.max_connections else 0
    figures["unexpected_5xx"] = unpromised
    slow = [t for t in tally.trickled_lifetimes if t > args.body_timeout + 1]
    figures["body_trickled_over_deadline"] = len(slow)
    llm_failed = OtherOrigin.heard or any(
        not (o.startswith("200") or o in promised) for o in tally.llm_outcomes
    )
    failed = bool(
        unpromised
        or tally.errors
        or not alive
        or hostile_failed
        or tally.health_untruthful
        or slow
        or llm_failed
    )
    return figures, failed


@contextmanager
def _given(url: str) -> Iterator[tuple[str, None]]:
    yield url.rstrip("/"), None


if __name__ == "__main__":
    sys.exit(main())
