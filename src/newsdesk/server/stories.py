"""The desk over HTTP: ``POST /v1/articles`` adds articles, ``GET /v1/stories`` lists the
stories, ``GET /v1/stories/{id}`` gives one story's brief (written by the brief workers, within
the time limit, from its original articles; with ``?compare=true`` the comparison of its
sources too) and its articles with the copies marked.

The store is :attr:`ServerConfig.db` (default ``$NEWSDESK_DB``, else ``newsdesk.db``); other
servers and ``newsdesk add`` processes may write to it at the same time (the store's lock
orders their batches). Adds run in a thread away from the event loop. Reading never creates a
store: while there is none, the two ``GET`` routes answer 404 saying so (the page shows it);
the first add creates it. A store that cannot be used (unreachable, read-only, busy beyond
the wait) is a 503 naming it, its password masked.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any, TypeVar

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsdesk.config import SummaryConfig
from newsdesk.desk import AddReport, Desk, StoryRow, StoryView
from newsdesk.desk.desk import MAX_STORY_ID, parse_since, story_of_articles, story_since
from newsdesk.desk.render import article_dict
from newsdesk.desk.store import (
    StoreError,
    StoreMissing,
    no_store_message,
    store_exists,
)
from newsdesk.errors import NewsdeskError, mask_secrets
from newsdesk.ingest import ArticleInput, article_inputs
from newsdesk.server.config import ServerConfig
from newsdesk.server.jobs import BriefJob, answer
from newsdesk.server.origin import check_origin
from newsdesk.types import Article

logger = logging.getLogger(__name__)
T = TypeVar("T")


class DeskArticleIn(BaseModel):
    """One article for the desk: its plain ``text`` or the ``html`` of its page."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, description="Your id for it (listed with its story).")
    text: str | None = None
    html: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = Field(None, description="Kept as a label; never fetched.")
    published: str | None = None


class AddRequest(BaseModel):
    """Articles arriving at the desk, in order."""

    model_config = ConfigDict(extra="forbid")

    articles: list[DeskArticleIn] = Field(min_length=1)


# Text in another language: the language model loads for it (the server's warm-up).
NOT_ENGLISH = (
    "Le conseil municipal a voté lundi la réparation du vieux pont. Les travaux commenceront "
    "au printemps prochain, a déclaré le maire devant les habitants réunis dans la salle."
)
PAGE = 50  # stories a page lists unless asked otherwise (as `newsdesk stories`)
MAX_PAGE = 1_000


class Desks:
    """The server's one :class:`Desk` on its store, opened on first use (reading never
    creates a store) and kept: its grouping state is loaded once and then only brought up to
    date with what other writers add. Adds from this process run one at a time (the store's
    lock orders them with other processes'); reads run side by side."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._desk: Desk | None = None
        self._opening = threading.Lock()
        self.writer = asyncio.Lock()

    def get(self, *, create: bool) -> Desk:
        with self._opening:
            if self._desk is None:
                self._desk = Desk(self.db, create=create)
            return self._desk

    def warm_up(self) -> None:
        """Open the store and load the grouping state if the store is there (a server's first
        add is then as quick as the next ones); a store not there, or not reachable yet, is
        left for the first request to report."""
        from newsdesk.desk.desk import WARM_UP_TEXT
        from newsdesk.language import other_language

        list(article_inputs({"text": WARM_UP_TEXT}, "warm-up"))  # what reading loads
        other_language(NOT_ENGLISH)  # and the language model (a second), for text it doubts
        try:
            if store_exists(self.db):
                self.get(create=False).warm_up()
        except NewsdeskError as exc:
            logger.warning("desk: %s", exc)

    def close(self) -> None:
        with self._opening:
            if self._desk is not None:
                self._desk.close()
                self._desk = None


def _http_error(exc: NewsdeskError) -> HTTPException:
    """A library error as the HTTP error it is: no store 404, a store that cannot be used 503
    (retry later), anything else about the request 422. Messages never hold a password."""
    detail = mask_secrets(str(exc))
    if isinstance(exc, StoreMissing):
        return HTTPException(404, no_store_message(None))
    if isinstance(exc, StoreError):
        return HTTPException(503, detail, headers={"Retry-After": "5"})
    return HTTPException(422, detail)


async def _run(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return await asyncio.to_thread(function, *args, **kwargs)
    except NewsdeskError as exc:
        raise _http_error(exc) from None


def add_story_routes(app: FastAPI, config: ServerConfig) -> Desks:
    """Register the desk's endpoints on ``app``; the :class:`Desks` they share is returned
    (the app's lifespan warms it up and closes it)."""
    desks = Desks(config.db)

    @app.post("/v1/articles", summary="Add articles to the desk (copies found, stories grown)")
    async def add_articles(request: Request) -> dict[str, Any]:
        check_origin(request, config)
        try:
            parsed = AddRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
            raise RequestValidationError(errors) from None
        if len(parsed.articles) > config.max_articles:
            raise HTTPException(422, f"more than max_articles ({config.max_articles}) articles")
        documents = []
        for number, article in enumerate(parsed.articles, 1):
            body = article.text if article.text is not None else article.html
            if body is None or (article.text is not None and article.html is not None):
                raise HTTPException(422, f"article {number}: give exactly one of text or html")
            if len(body) > config.max_article_chars:
                raise HTTPException(
                    422, f"article {number} is over max_article_chars ({config.max_article_chars})"
                )
            documents.append(article.model_dump(exclude_none=True))
        async with desks.writer:
            report = await _run(_add, desks, documents)
        return {
            "new": report.new,
            "copies": report.copies,
            "already": report.already,
            "stories_created": report.stories_created,
            "stories_grown": report.stories_grown,
            "skipped": [{"input": s.input, "reason": s.reason} for s in report.skipped],
            "articles": [asdict(p) for p in report.placed],
        }

    @app.get("/v1/stories", summary="The desk's stories, latest first, a page at a time")
    async def list_stories(
        since: str | None = None,
        min_sources: int = Query(1, ge=1, le=1_000_000),
        limit: int = Query(PAGE, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=MAX_STORY_ID),
        ids: bool = Query(False, description="List the id each story's articles came in with."),
    ) -> dict[str, Any]:
        try:
            start = parse_since(since)
        except NewsdeskError as exc:
            raise HTTPException(422, str(exc)) from None
        rows, total = await _run(_stories, desks, start, min_sources, limit, offset, ids)
        following = offset + len(rows)
        return {
            "stories": [asdict(row) for row in rows],
            "total": total,
            "offset": offset,
            "limit": limit,
            "next_offset": following if following < total else None,
        }

    @app.get("/v1/stories/{story_id}", summary="One story: its brief and its articles")
    async def one_story(
        request: Request,
        story_id: int,
        words: int | None = None,
        compare: bool = False,
        since: str | None = Query(
            None,
            description="Only what is new since this time (ISO date or time, or 30m, 6h, 2d, "
            "1w ago): the articles published (else added) before it count as read.",
        ),
    ) -> Any:
        """The story's brief (``?compare=true``: with the comparison of its sources;
        ``?since=``: an update brief of what its later articles add), then its articles with
        the copies marked (and, with ``since``, those read)."""
        if words is not None and not 1 <= words <= config.max_words:
            raise HTTPException(422, f"words must be from 1 to {config.max_words}")
        try:
            start = parse_since(since)
        except NewsdeskError as exc:
            raise HTTPException(422, str(exc)) from None
        try:
            view = await _run(_story, desks, story_id)
        except HTTPException as exc:
            if exc.status_code == 422:  # no such story
                raise HTTPException(404, exc.detail) from None
            raise
        story = story_of_articles(story_id, view.articles)
        reason: str | None = None
        brief: dict[str, Any] = {"sentences": [], "articles": []}
        told = story
        if start is not None:
            try:
                told = story_since(story_id, view.articles, start)
            except NewsdeskError as exc:  # nothing new since: said, as a story without a brief
                reason = str(exc)
        if reason is None:
            job = BriefJob(
                SummaryConfig(words=words),
                documents=_documents(told.articles),
                seen=_documents(told.seen.articles) if told.seen is not None else (),
                compare=compare,
            )
            try:
                brief = await answer(request.app.state.pool, job)
                reason = None if brief.get("sentences") else _why_empty(brief)
            except HTTPException as exc:
                if exc.status_code != 422:  # busy, timed out: the client may retry
                    raise
                reason = f"nothing to summarize: {exc.detail}"
        # Each original's id in the brief (its citations' article_id); copies have none.
        originals = iter(story.articles)
        brief["story"] = {
            "id": story_id,
            "headline": view.headline,
            "articles": [
                {
                    **article_dict(a),
                    "article_id": None if a.copy_of is not None else next(originals).id,
                }
                for a in view.articles
            ],
        }
        if start is not None:
            brief["story"]["since"] = start
            for article in brief["story"]["articles"]:
                article["read"] = article["published_at"] < start  # as story_since has it
        if reason is not None:
            brief["story"]["no_brief"] = reason
        brief["story"].update(originals=view.originals, copies=view.copies)
        return brief

    return desks


def _why_empty(brief: Mapping[str, Any]) -> str:
    warnings = "; ".join(str(w) for w in brief.get("warnings") or [])
    return "no sentence of its articles can stand in a brief" + (
        f" ({warnings})" if warnings else ""
    )


def _documents(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """A story's articles as a brief job's documents (their ids kept: the citations' ids)."""
    return _without_none(
        [
            {
                "id": a.id,
                "text": a.text,
                "source": a.source,
                "title": a.title,
                "url": a.url,
                "published": a.published,
            }
            for a in articles
        ]
    )


def _without_none(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in d.items() if v is not None} for d in documents]


def _add(desks: Desks, documents: list[dict[str, Any]]) -> AddReport:
    items: list[Any] = []
    for number, document in enumerate(documents, 1):
        items.extend(article_inputs(document, f"article {number}"))
    return desks.get(create=True).add_articles(items)


def _stories(
    desks: Desks, since: str | None, min_sources: int, limit: int, offset: int, ids: bool
) -> tuple[list[StoryRow], int]:
    if not store_exists(desks.db):
        raise StoreMissing(no_store_message(None))
    desk = desks.get(create=False)
    rows = desk.stories(since=since, min_sources=min_sources, limit=limit, offset=offset, ids=ids)
    return rows, desk.count_stories(since=since, min_sources=min_sources)


def _story(desks: Desks, story_id: int) -> StoryView:
    if not store_exists(desks.db):
        raise StoreMissing(no_store_message(None))
    return desks.get(create=False).story(story_id, brief=False)


__all__ = ["ArticleInput", "add_story_routes"]
