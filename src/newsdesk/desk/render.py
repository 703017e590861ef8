"""Render: the desk's stories and one story (brief, comparison, copies) as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from newsdesk.desk.desk import AddReport, StoryView
from newsdesk.desk.store import StoryRow
from newsdesk.render import brief_to_dict, render, render_comparison, wrapped
from newsdesk.text import plural


def render_stories(
    rows: Sequence[StoryRow],
    fmt: str = "text",
    width: int | None = None,
    *,
    total: int | None = None,
    offset: int = 0,
) -> str:
    """One page of the story list: id, headline, outlets, article and copy counts, first and
    last published (``added`` marks times of adding, for a story none of whose articles says
    when it was published); text wrapped to ``width``. JSON lists each story's articles by the
    id they came in with, and the page: ``total``, ``offset``, ``next_offset`` (None on the
    last page)."""
    following = offset + len(rows)
    if fmt == "json":
        document: dict[str, Any] = {"stories": [asdict(row) for row in rows]}
        if total is not None:
            document.update(
                total=total, offset=offset, next_offset=following if following < total else None
            )
        return json.dumps(document, ensure_ascii=False) + "\n"
    lines = []
    indent = " " * 8
    for row in rows:
        # The headline first, where the eye lands; the counts and dates, then the outlets.
        lines += wrapped(f"{row.id:>6}  {row.headline}", width, "", indent)
        counts = f"{plural(row.articles, 'article')}, {plural(row.copies, 'copy')}"
        added = " (added)" if row.time_estimated else ""
        dates = f"{_when(row.first_published)} .. {_when(row.last_published)}{added}"
        lines += wrapped(f"{counts}; {dates}", width, indent, indent)
        if row.outlets:
            outlets = ", ".join(row.outlets[:5]) + (" ..." if len(row.outlets) > 5 else "")
            lines += wrapped(f"outlets: {outlets}", width, indent, indent + "  ")
    return "\n".join(lines) + ("\n" if lines else "")


def _when(moment: str) -> str:
    """A stored time as listed: date and minutes, UTC (``2019-01-07 10:00``)."""
    return moment[:16].replace("T", " ")


def render_story(view: StoryView, fmt: str = "text", width: int | None = None) -> str:
    """A story's brief (and its comparison, when asked for) as ``summarize`` writes them,
    then its copies (a copy is reach: it is in neither the brief's sources nor the
    comparison). Each article is listed once: the brief's sources are its originals, so the
    list after it holds the copies only (all the articles when there is no brief). Text is
    wrapped to ``width``."""
    articles = [article_dict(a) for a in view.articles]
    if fmt == "json":
        document: dict[str, Any] = {"story": {"id": view.id, "headline": view.headline}}
        if view.brief is not None:
            document.update(brief_to_dict(view.brief))  # the comparison, when asked for
        if view.reason is not None:
            document["story"]["no_brief"] = view.reason
        document["story"].update(originals=view.originals, copies=view.copies)
        document["story"]["articles"] = articles
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    markdown = fmt == "markdown"
    heading = f"Story {view.id}: {view.headline}"
    parts = [f"# {heading}\n" if markdown else "\n".join(wrapped(heading, width, "", "  ")) + "\n"]
    listed = articles
    shown = sum(a.copy_of is None for a in view.articles)
    # A big story's brief reads its latest originals only (and their copies): say so.
    latest = view.originals > shown
    if view.reason is not None:
        parts.append("\n".join(wrapped(f"No brief: {view.reason}", width, "", "  ")) + "\n")
    elif view.brief is not None:
        parts.append(render(view.brief, fmt, width))
        if view.brief.comparison is not None:
            parts.append("\n" + render_comparison(view.brief.comparison, fmt, width, sources=False))
    if view.brief is not None and view.reason is None:
        listed = [a for a in articles if a["copy_of"]]
        read = f"; of the latest {shown} of its {view.originals} articles" if latest else ""
        title = f"Copies (reach, not independent sources{read}):"
    else:
        read = (
            f"; the latest {shown} of its {view.originals} articles and their copies"
            if latest
            else ""
        )
        title = f"Articles (copies are reach, not independent sources{read}):"
    if listed:
        parts.append("\n" + (f"**{title}**\n" if markdown else "\n".join(wrapped(title, width))))
    for article in listed:
        mark = f"  copy of article {article['copy_of']}" if article["copy_of"] else ""
        when = _when(article["published_at"]) + (" (added)" if article["time_estimated"] else "")
        item = f"{when}  {article['id']}  {article['source'] or ''}{mark}".rstrip()
        if markdown:
            parts.append(f"- {article['seq']}  {item}")
        else:
            parts += wrapped(f"{article['seq']:>6}  {item}", width, "  ", " " * 10)
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
        "published_at": article.published_at,
        "time_estimated": article.time_estimated,
        "added": article.added,
        "copy_of": article.copy_of,
        "copy_kind": article.copy_kind,
    }
