"""The HTTP API and the page: a thin FastAPI layer over the library.

``POST /v1/briefs`` takes articles as JSON or as uploaded files and answers what ``newsdesk
summarize --format json`` prints. Nothing a request names is fetched: a ``url`` is a label.
Every limit of :class:`ServerConfig` is checked before any work starts, and the brief itself is
written by :class:`BriefPool`, away from the event loop and within the time limit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect
from starlette.types import Message, Receive, Scope, Send

from newsdesk import __version__, registry
from newsdesk.config import DEFAULT_SUMMARIZER, SummaryConfig
from newsdesk.errors import NewsdeskError
from newsdesk.render import brief_schema_text
from newsdesk.server.config import ServerConfig
from newsdesk.server.http import CONNECTIONS_KEY
from newsdesk.server.jobs import BriefJob, BriefPool, answer
from newsdesk.server.origin import check_origin
from newsdesk.server.stories import add_story_routes

STATIC = Path(__file__).parent / "static"

# The page renders article text from the request; this policy is a second wall behind its
# escaping: no inline script, nothing from another origin.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class ArticleIn(BaseModel):
    """One article: its plain ``text`` or the ``html`` of its page, not both."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The article as plain text.")
    html: str | None = Field(None, description="The article's web page; its text is extracted.")
    title: str | None = None
    source: str | None = Field(None, description="Label of the outlet, shown with citations.")
    name: str | None = Field(
        None,
        description="A name for the article, as a file's name: its label when neither its "
        "source, its page's site name, its URL nor a dateline of its text names its outlet.",
    )
    url: str | None = Field(None, description="Kept as a label; never fetched.")
    published: str | None = Field(None, description="Publication date, e.g. 2019-01-04.")

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


# The example request of the API's documentation (/docs): two short reports of one event.
# A test posts it and expects a brief.
EXAMPLE_REQUEST: dict[str, Any] = {
    "articles": [
        {
            "source": "Riverside Herald",
            "published": "2024-03-05",
            "text": "The city council voted on Tuesday to build a new bridge over the Elm "
            "River, ending a debate that lasted three years. The bridge will cost 40 million "
            "dollars and should open in 2027, Mayor Ana Ruiz said after the vote. Work will "
            "begin next spring.",
        },
        {
            "source": "Valley Times",
            "published": "2024-03-05",
            "text": "Riverside's council approved a new bridge across the Elm River on "
            "Tuesday, by seven votes to two. Some residents opposed the plan because of its "
            "cost. The mayor said the bridge would open in 2027.",
        },
    ],
    "words": 60,
}


class BriefRequest(BaseModel):
    """Articles about one event, and the brief wanted of them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_REQUEST]})

    articles: list[ArticleIn] = Field(min_length=1)
    words: int | None = Field(
        None, strict=True, description="Word budget of the brief (default 120)."
    )
    summarizer: str = Field(DEFAULT_SUMMARIZER, description="See GET /v1/summarizers.")
    query: str | None = Field(
        None,
        max_length=2000,
        description="A question for the brief to answer first; when no article addresses "
        "it, the brief is empty and its focus says so.",
    )
    seen: list[ArticleIn] = Field(
        default_factory=list,
        description="Articles the reader has already read: the brief tells what the others "
        "add, leaving out what these state.",
    )
    compare: bool = Field(
        False,
        strict=True,
        description="Also compare the sources (consensus, single source, differences, "
        "timeline) under `comparison`; without it `comparison` is null. It costs several "
        "times the brief: ask for it when you show it.",
    )


class CheckRequest(BaseModel):
    """A draft, and the articles to check it against."""

    model_config = ConfigDict(extra="forbid")

    draft: str = Field(min_length=1, description="The draft: plain text, any number of sentences.")
    articles: list[ArticleIn] = Field(min_length=1)


UPLOAD_SCHEMA = {
    "type": "object",
    "required": ["files"],
    "properties": {
        "files": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Article files (.txt, .md, .html); each file's name is its label.",
        },
        "words": {"type": "integer"},
        "summarizer": {"type": "string"},
        "query": {"type": "string", "description": "A question for the brief to answer."},
        "compare": {
            "type": "boolean",
            "description": "Also compare the sources (`comparison`); default false.",
        },
    },
}


def build_app(config: ServerConfig) -> FastAPI:
    """The application, with its worker pool started and stopped by the app's lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = BriefPool(config.workers, config.timeout, config.max_pending)
        app.state.pool = pool
        watchdog = asyncio.create_task(_watch(pool))
        await asyncio.to_thread(desks.warm_up)
        try:
            yield
        finally:
            watchdog.cancel()
            pool.close()
            desks.close()

    app = FastAPIOffline(
        title="newsdesk",
        version=__version__,
        description="One short, faithful, cited brief from many news articles about one event.",
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimit, max_bytes=config.max_body_bytes)
    if config.allow_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.allow_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            max_age=600,
        )
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _internal_error)
    app.mount("/assets", StaticFiles(directory=STATIC), name="assets")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(
            STATIC / "index.html",
            headers={"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"},
        )

    @app.get(
        "/healthz",
        summary="Health: the server answers and its workers can write briefs",
        description=(
            "200 when every brief worker can take a brief, 503 only when one is broken and "
            "could not be replaced. Never refused for the connection limit: a full server "
            "answers it too, and says so (`connections`, `max_connections`, `full`)."
        ),
        responses={503: {"description": "Workers are broken and could not be replaced."}},
    )
    async def healthz(request: Request) -> JSONResponse:
        pool: BriefPool = request.app.state.pool
        healthy = pool.check()
        ok = healthy == pool.size
        body: dict[str, Any] = {
            "status": "ok" if ok else "unhealthy",
            "pending": pool.pending,
            "workers": pool.size,
            "healthy_workers": healthy,
            "replaced_workers": pool.replaced,
        }
        connections = request.scope.get(CONNECTIONS_KEY)  # set by newsdesk serve's protocol
        if connections is not None:
            body["connections"], body["max_connections"] = connections
            body["full"] = connections[0] >= connections[1]
        return JSONResponse(body, status_code=200 if ok else 503)

    @app.get("/v1/summarizers", summary="Registered summarizer names")
    async def summarizers() -> dict[str, Any]:
        return {
            "default": DEFAULT_SUMMARIZER,
            "summarizers": [
                {
                    "name": name,
                    "resolves_to": registry.resolve(name),
                    "max_chars": config.max_chars(name),
                }
                for name in registry.available()
            ],
        }

    @app.get(
        "/v1/schema",
        summary="The JSON Schema of a brief (the answer of POST /v1/briefs)",
        response_class=JSONResponse,
    )
    async def brief_schema() -> Response:
        return Response(brief_schema_text(), media_type="application/schema+json")

    @app.post(
        "/v1/briefs",
        summary="Write the cited brief of a story",
        description=(
            "Send JSON (`BriefRequest`) or a multipart upload of article files. The answer is "
            "what `newsdesk summarize --format json` prints (brief.schema.json); its "
            "`comparison` is null unless the request asks for it (`compare`)."
        ),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": _inlined(BriefRequest.model_json_schema()),
                        "example": EXAMPLE_REQUEST,
                    },
                    "multipart/form-data": {"schema": UPLOAD_SCHEMA},
                },
            }
        },
        responses={
            200: {
                "description": "The brief (GET /v1/schema serves its JSON Schema).",
                "content": {"application/json": {"schema": _brief_schema()}},
            },
            403: {"description": "Sent from a page of another origin that is not allowed."},
            413: {"description": "The request body is over the size limit."},
            415: {"description": "Neither JSON nor a multipart upload."},
            422: {"description": "Invalid request, over a limit, or no usable article."},
            503: {
                "description": "Too many briefs queued, or the worker writing it stopped; "
                "retry after a second."
            },
            504: {"description": "The brief took longer than the time limit."},
        },
    )
    async def create_brief(request: Request) -> JSONResponse:
        check_origin(request, config)
        job = await _job_from(request, config)
        return JSONResponse(await answer(request.app.state.pool, job))

    @app.post(
        "/v1/checks",
        summary="Check a draft against its sources",
        description=(
            "Send JSON (`CheckRequest`). The answer is what `newsdesk check --format json` "
            "prints: a verdict (supported, partly, unsupported, contradicted), the evidence "
            "and the problems of each draft sentence, in draft order."
        ),
        responses={
            403: {"description": "Sent from a page of another origin that is not allowed."},
            413: {"description": "The request body is over the size limit."},
            415: {"description": "Not JSON."},
            422: {"description": "Invalid request, over a limit, or no usable article."},
            503: {"description": "Too many jobs queued; retry after a second."},
            504: {"description": "The check took longer than the time limit."},
        },
    )
    async def create_check(request: Request) -> JSONResponse:
        check_origin(request, config)
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if not (media == "application/json" or media.endswith("+json")):
            raise HTTPException(415, "send JSON (application/json)")
        try:
            parsed = CheckRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
            raise RequestValidationError(errors) from None
        lengths = [
            (f"article {n}", len(a.text if a.text is not None else a.html or ""))
            for n, a in enumerate(parsed.articles, 1)
        ]
        lengths.append(("the draft", len(parsed.draft)))
        summary = _summary_config(config, lengths, None, DEFAULT_SUMMARIZER)
        documents = [a.model_dump(exclude_none=True) for a in parsed.articles]
        job = BriefJob(summary, documents=documents, draft=parsed.draft)
        return JSONResponse(await answer(request.app.state.pool, job))

    desks = add_story_routes(app, config)
    return app


WATCH_SECONDS = 0.5


async def _watch(pool: BriefPool) -> None:
    """Replace broken workers as soon as they break, not at the next brief."""
    while True:
        await asyncio.sleep(WATCH_SECONDS)
        pool.check()


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """A 422 in the one shape of every error body, ``{"detail": "<what a person reads>"}``:
    each problem as ``where: what`` (``article 2: give exactly one of 'text' or 'html'``)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    return JSONResponse({"detail": readable_errors(errors)}, status_code=422)


def readable_errors(errors: Sequence[Any]) -> str:
    """Pydantic's validation errors as one sentence: where (articles counted from 1, as the
    page's boxes are) and what."""
    problems = []
    for error in errors:
        where: list[str] = []
        location = [part for part in error.get("loc", ()) if part not in {"body", "query"}]
        for i, part in enumerate(location):
            if isinstance(part, int) and i > 0 and location[i - 1] == "articles":
                where[-1] = f"article {part + 1}"
            else:
                where.append(str(part))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{'.'.join(where)}: {message}" if where else message)
    return "; ".join(problems) or "invalid request"


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    """An unexpected error: a 500 in the same shape as every other error, without details."""
    return JSONResponse({"detail": "internal error; the server's log has the details"}, 500)


async def _client_gone(request: Request, exc: Exception) -> Response:
    """A client that hung up mid-request: nothing to answer, nothing to log as an error."""
    return Response(status_code=400)


async def _job_from(request: Request, config: ServerConfig) -> BriefJob:
    """The request's articles and options, checked against every limit."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        try:
            parsed = BriefRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            # Without the input: it may be huge, and bytes that are not UTF-8 cannot be echoed.
            errors = exc.errors(include_url=False, include_input=False)
            raise RequestValidationError(errors) from None
        documents = [a.model_dump(exclude_none=True) for a in parsed.articles]
        seen = [a.model_dump(exclude_none=True) for a in parsed.seen]
        lengths = [
            # Named as the page's boxes are: by their label, else "article N" (from 1).
            (
                a.source or a.name or f"{kind} {n}",
                len(a.text if a.text is not None else a.html or ""),
            )
            for kind, given in (("article", parsed.articles), ("read article", parsed.seen))
            for n, a in enumerate(given, 1)
        ]
        summary = _summary_config(config, lengths, parsed.words, parsed.summarizer, parsed.query)
        return BriefJob(summary, documents=documents, seen=seen, compare=parsed.compare)
    if media == "multipart/form-data":
        async with request.form(max_files=config.max_articles + 1, max_fields=16) as form:
            uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            if not uploads:
                raise HTTPException(422, "no file in the 'files' field of the upload")
            named = [(u.filename or f"file {n}", await u.read()) for n, u in enumerate(uploads, 1)]
            words = _whole_number("words", form.get("words"))
            summarizer = form.get("summarizer")
            query = form.get("query")
            compare = _flag("compare", form.get("compare"))
        if not isinstance(summarizer, str) or not summarizer:
            summarizer = DEFAULT_SUMMARIZER
        question = query if isinstance(query, str) and query.strip() else None
        lengths = [(file_name, len(data)) for file_name, data in named]
        summary = _summary_config(config, lengths, words, summarizer, question)
        return BriefJob(summary, files=named, compare=compare)
    raise HTTPException(415, "send JSON (application/json) or files (multipart/form-data)")


def _summary_config(
    config: ServerConfig,
    lengths: list[tuple[str, int]],
    words: int | None,
    summarizer: str,
    query: str | None = None,
) -> SummaryConfig:
    """The summary options of a request of articles of these (label, length), or the 4xx."""
    if len(lengths) > config.max_articles:
        raise HTTPException(
            422, f"{len(lengths)} articles; this server takes at most {config.max_articles}"
        )
    for name, length in lengths:
        if length > config.max_article_chars:
            raise HTTPException(
                422,
                f"{name} is {length} characters long; "
                f"this server takes at most {config.max_article_chars}",
            )
    if words is not None and not 1 <= words <= config.max_words:
        raise HTTPException(422, f"words must be from 1 to {config.max_words}; got {words}")
    try:
        summary = SummaryConfig(
            words=words,
            summarizer=summarizer,
            query=query,
            max_article_chars=config.max_article_chars,
            max_articles=config.max_articles,
        )
        registry.get(summary.summarizer)
    except NewsdeskError as exc:
        raise HTTPException(422, str(exc)) from None
    total = sum(length for _, length in lengths)
    most = config.max_chars(summary.summarizer)
    if total > most:
        raise HTTPException(
            422,
            f"the articles add up to {total} characters; this server takes at most {most} "
            f"for the summarizer {summary.summarizer!r} (see GET /v1/summarizers)",
        )
    return summary


def _flag(name: str, value: object) -> bool:
    """A form's yes-or-no field: ``true``/``false`` (``1``/``0``), absent for false."""
    if value is None or value == "":
        return False
    text = str(value).strip().lower()
    if text not in {"true", "false", "1", "0"}:
        raise HTTPException(422, f"{name} must be true or false; got {value!r}")
    return text in {"true", "1"}


def _whole_number(name: str, value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        raise HTTPException(422, f"{name} must be a whole number; got {value!r}") from None


class BodySizeLimit:
    """Refuse (413) a request body over ``max_bytes``, declared or as it streams in.

    A refused body is still read, up to :data:`DRAIN_BYTES`, and thrown away: a client still
    sending it would otherwise see the connection reset instead of the 413 (web servers call
    this a lingering close).
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _drain(receive, {"more_body": True})
            response = JSONResponse({"detail": self._message(int(declared))}, status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                await _drain(receive, message)
                raise HTTPException(413, self._message(received))
            return message

        await self.app(scope, limited, send)

    def _message(self, size: int) -> str:
        return f"request body of {size} bytes or more; this server takes at most {self.max_bytes}"


DRAIN_BYTES = 256 * 1024 * 1024


async def _drain(receive: Receive, message: Message) -> None:
    drained = 0
    while message.get("more_body", False) and drained < DRAIN_BYTES:
        message = await receive()
        drained += len(message.get("body", b""))


def _brief_schema() -> dict[str, Any]:
    return _inlined(json.loads(brief_schema_text()))


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema with its ``#/$defs/...`` references replaced by what they name: OpenAPI
    resolves references against its own document, where those definitions are not."""
    definitions = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref", "")
        rest = {k: walk(v) for k, v in node.items() if k not in {"$ref", "$defs", "$schema", "$id"}}
        if reference.startswith("#/$defs/"):
            return {**walk(definitions[reference.rsplit("/", 1)[1]]), **rest}
        return rest

    result: dict[str, Any] = walk(schema)
    return result
