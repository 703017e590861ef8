"""The desk over HTTP: ``POST /v1/articles`` adds articles, ``GET /v1/stories`` lists the
stories, ``GET /v1/stories/{id}`` gives one story's brief (written by the brief workers, within
the time limit, from its original articles; with ``?compare=true`` the comparison of its
sources too) and its articles with the copies marked.

The store is :attr:`ServerConfig.db` (default ``$NEWSDESK_DB``, else ``newsdesk.db``). Adds
are serialised (one writer at a time), each in a thread away from the event loop. Reading never
creates a store: while the SQLite file is not there, the two ``GET`` routes answer 404 with
:data:`NO_STORE` (the page says so); the first add creates it.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsdesk.config import SummaryConfig
from newsdesk.desk import AddReport, Desk
from newsdesk.desk.desk import parse_since, story_of_articles
from newsdesk.desk.render import article_dict
from newsdesk.desk.store import store_exists
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import ArticleInput, article_inputs
from newsdesk.server.config import ServerConfig
from newsdesk.server.jobs import BriefJob, answer
from newsdesk.server.origin import check_origin


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


NO_STORE = (
    "this server has no store of stories yet: start it with `newsdesk serve --db PATH` on a "
    "store that `newsdesk add --db PATH ...` filled, or add articles with POST /v1/articles"
)


def _require_store(config: ServerConfig) -> None:
    try:
        there = store_exists(config.db)
    except NewsdeskError as exc:
        raise HTTPException(404, f"{NO_STORE} ({exc})") from None
    if not there:
        raise HTTPException(404, NO_STORE)


def add_story_routes(app: FastAPI, config: ServerConfig) -> None:
    """Register the desk's endpoints on ``app``."""
    writer = asyncio.Lock()

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
        async with writer:
            report = await asyncio.to_thread(_add, config.db, documents)
        return {
            "new": report.new,
            "copies": report.copies,
            "already": report.already,
            "stories_created": report.stories_created,
            "stories_grown": report.stories_grown,
            "skipped": [{"input": s.input, "reason": s.reason} for s in report.skipped],
            "articles": [asdict(p) for p in report.placed],
        }

    @app.get("/v1/stories", summary="The desk's stories, latest activity first")
    async def list_stories(since: str | None = None, min_sources: int = 1) -> dict[str, Any]:
        try:
            start = parse_since(since)
        except NewsdeskError as exc:
            raise HTTPException(422, str(exc)) from None
        _require_store(config)
        try:
            rows = await asyncio.to_thread(_stories, config.db, start, min_sources)
        except NewsdeskError as exc:
            raise HTTPException(422, str(exc)) from None
        return {"stories": [asdict(row) for row in rows]}

    @app.get("/v1/stories/{story_id}", summary="One story: its brief and its articles")
    async def one_story(
        request: Request, story_id: int, words: int | None = None, compare: bool = False
    ) -> Any:
        """The story's brief (``?compare=true``: with the comparison of its sources), then
        its articles with the copies marked."""
        _require_store(config)
        try:
            view = await asyncio.to_thread(_story, config.db, story_id)
        except NewsdeskError as exc:
            raise HTTPException(404, str(exc)) from None
        story = story_of_articles(story_id, view.articles)
        documents = [
            {
                "id": a.id,
                "text": a.text,
                "source": a.source,
                "title": a.title,
                "url": a.url,
                "published": a.published,
            }
            for a in story.articles
        ]
        if words is not None and not 1 <= words <= config.max_words:
            raise HTTPException(422, f"words must be from 1 to {config.max_words}")
        job = BriefJob(
            SummaryConfig(words=words), documents=_without_none(documents), compare=compare
        )
        brief = await answer(request.app.state.pool, job)
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
        return brief


def _without_none(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in d.items() if v is not None} for d in documents]


def _add(db: str | None, documents: list[dict[str, Any]]) -> AddReport:
    items: list[Any] = []
    for number, document in enumerate(documents, 1):
        items.extend(article_inputs(document, f"article {number}"))
    with Desk(db) as desk:
        return desk.add_articles(items)


def _stories(db: str | None, since: str | None, min_sources: int) -> list[Any]:
    with Desk(db) as desk:
        return desk.stories(since=since, min_sources=min_sources)


def _story(db: str | None, story_id: int) -> Any:
    with Desk(db) as desk:
        return desk.story(story_id, brief=False)


__all__ = ["ArticleInput", "add_story_routes"]
