"""Render: the desk's stories and one story (brief, comparison, copies) as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from newsdesk.desk.desk import AddReport, StoryView
from newsdesk.desk.store import StoryRow
from newsdesk.render import brief_to_dict, render, render_comparison

STORY_FORMATS = ("text", "json")


def render_stories(rows: Sequence[StoryRow], fmt: str = "text") -> str:
    """The story list: id, headline, outlets, article and copy counts, first and last seen.
    JSON lists each story's articles by the id they came in with."""
    if fmt == "json":
        return json.dumps({"stories": [asdict(row) for row in rows]}, ensure_ascii=False) + "\n"
    lines = []
    for row in rows:
        outlets = ", ".join(row.outlets[:5]) + (" ..." if len(row.outlets) > 5 else "")
        lines.append(
            f"{row.id:>6}  {row.articles} articles, {row.copies} copies  "
            f"{row.first_seen} .. {row.last_seen}  {row.headline}"
            + (f"\n        outlets: {outlets}" if outlets else "")
        )
    return "\n".join(lines) + ("\n" if lines else "")


def render_story(view: StoryView, fmt: str = "text") -> str:
    """A story's brief (and its comparison, when asked for) as ``summarize`` writes them,
    then its articles with the copies marked (a copy is reach: it is in neither the brief's
    sources nor the comparison)."""
    articles = [article_dict(a) for a in view.articles]
    if fmt == "json":
        document: dict[str, Any] = {"story": {"id": view.id, "headline": view.headline}}
        if view.brief is not None:
            document.update(brief_to_dict(view.brief))  # the comparison, when asked for
        document["story"]["articles"] = articles
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    parts = [f"Story {view.id}: {view.headline}\n"]
    if view.brief is not None:
        parts.append(render(view.brief, "text"))
        if view.brief.comparison is not None:
            parts.append("\n" + render_comparison(view.brief.comparison, "text"))
    parts.append("\nArticles (copies are reach, not independent sources):")
    for article in articles:
        mark = f"  copy of article {article['copy_of']}" if article["copy_of"] else ""
        parts.append(f"  {article['seq']:>6}  {article['id']}  {article['source'] or ''}{mark}")
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


def render_add(report: AddReport) -> str:
    """What an ``add`` did, one line, then the inputs skipped with their reasons."""
    lines = [f"newsdesk: {report.summary()}"]
    lines += [f"newsdesk: skipped {s.input}: {s.reason}" for s in report.skipped]
    return "\n".join(lines) + "\n"


def article_dict(article: Any) -> dict[str, Any]:
    """A stored article as listed with its story (its text left out)."""
    return {
        "seq": article.seq,
        "id": article.input_id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "added": article.added,
        "copy_of": article.copy_of,
        "copy_kind": article.copy_kind,
    }
