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


def render_stories(rows: Sequence[StoryRow], fmt: str = "text", width: int | None = None) -> str:
    """The story list: id, headline, outlets, article and copy counts, first and last seen
    (text wrapped to ``width``). JSON lists each story's articles by the id they came in
    with."""
    if fmt == "json":
        return json.dumps({"stories": [asdict(row) for row in rows]}, ensure_ascii=False) + "\n"
    lines = []
    indent = " " * 8
    for row in rows:
        # The headline first, where the eye lands; the counts and dates, then the outlets.
        lines += wrapped(f"{row.id:>6}  {row.headline}", width, "", indent)
        counts = f"{plural(row.articles, 'article')}, {plural(row.copies, 'copy')}"
        lines += wrapped(f"{counts}; {row.first_seen} .. {row.last_seen}", width, indent, indent)
        if row.outlets:
            outlets = ", ".join(row.outlets[:5]) + (" ..." if len(row.outlets) > 5 else "")
            lines += wrapped(f"outlets: {outlets}", width, indent, indent + "  ")
    return "\n".join(lines) + ("\n" if lines else "")


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
        document["story"]["articles"] = articles
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    markdown = fmt == "markdown"
    heading = f"Story {view.id}: {view.headline}"
    parts = [f"# {heading}\n" if markdown else "\n".join(wrapped(heading, width, "", "  ")) + "\n"]
    listed = articles
    if view.brief is not None:
        parts.append(render(view.brief, fmt, width))
        if view.brief.comparison is not None:
            parts.append("\n" + render_comparison(view.brief.comparison, fmt, width, sources=False))
        listed = [a for a in articles if a["copy_of"]]
        title = "Copies (reach, not independent sources):"
    else:
        title = "Articles (copies are reach, not independent sources):"
    if listed:
        parts.append("\n" + (f"**{title}**\n" if markdown else title))
    for article in listed:
        mark = f"  copy of article {article['copy_of']}" if article["copy_of"] else ""
        item = f"{article['id']}  {article['source'] or ''}{mark}".rstrip()
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
        "added": article.added,
        "copy_of": article.copy_of,
        "copy_kind": article.copy_kind,
    }
