"""Render a brief as terminal text, Markdown or JSON.

The JSON form is documented by ``schema/brief.schema.json`` (shipped with the package).
Citation markers are 1-based numbers into the source list, in story order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from newsdesk import __version__
from newsdesk.types import Article, Brief, BriefSentence

SCHEMA_VERSION = "1"
FORMATS = ("text", "markdown", "json")


def render(brief: Brief, fmt: str = "text") -> str:
    """The brief in one of :data:`FORMATS`."""
    renderers: dict[str, Callable[[Brief], str]] = {
        "text": render_text,
        "markdown": render_markdown,
        "json": render_json,
    }
    return renderers[fmt](brief)


def render_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2) + "\n"


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain data, in the shape of ``schema/brief.schema.json``."""
    story = brief.story
    return {
        "schema_version": SCHEMA_VERSION,
        "newsdesk_version": __version__,
        "story_id": story.id,
        "summarizer": brief.summarizer,
        "config": dict(brief.config),
        "words": brief.words,
        "sentences": [_sentence_dict(s) for s in brief.sentences],
        "articles": [_article_dict(number, a) for number, a in enumerate(story.articles, 1)],
        "removed": [
            {
                "article_id": r.article_id,
                "line": r.line,
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "reason": r.reason,
            }
            for r in story.removed
        ],
        "skipped": [{"input": s.input, "reason": s.reason} for s in story.skipped],
        "warnings": list(story.warnings),
    }


def _sentence_dict(item: BriefSentence) -> dict[str, Any]:
    sentence = item.sentence
    return {
        "text": sentence.text,
        "citations": [c.article_id for c in item.citations],
        "evidence": [
            {"article_id": c.article_id, "index": c.index, "support": c.support}
            for c in item.citations
        ],
        "score": item.scored.score,
        "features": dict(item.scored.features),
        "article_id": sentence.article_id,
        "index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
    }


def _article_dict(number: int, article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "number": number,
        "source": article.source,
        "origin": article.origin,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "encoding": article.encoding,
        "flags": sorted(article.flags),
        "words": len(article.text.split()),
        "text": article.text,
        "meta": dict(article.meta),
    }


def _markers(brief: Brief, item: BriefSentence, fmt: str) -> str:
    numbers = sorted(brief.story.article_number(c.article_id) for c in item.citations)
    if fmt == "markdown":
        return "".join(f"[^{n}]" for n in numbers)
    return "".join(f"[{n}]" for n in numbers)


def _notes(brief: Brief) -> list[str]:
    story = brief.story
    notes = [f"Warning: {w}" for w in story.warnings]
    notes += [f"Skipped {s.input}: {s.reason}" for s in story.skipped]
    if story.removed:
        notes.append(
            f"Removed {len(story.removed)} pieces of page furniture (details: --format json)."
        )
    if not brief.sentences:
        notes.append("No sentence could be presented: see the flags of the sources.")
    return notes


def _flag_note(article: Article) -> str:
    return f" ({', '.join(sorted(article.flags))})" if article.flags else ""


def render_text(brief: Brief) -> str:
    lines = [" ".join(f"{s.text} {_markers(brief, s, 'text')}" for s in brief.sentences), ""]
    lines.append("Sources:")
    for number, article in enumerate(brief.story.articles, 1):
        lines.append(f"  [{number}] {article.source}{_flag_note(article)}")
    notes = _notes(brief)
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def render_markdown(brief: Brief) -> str:
    body = " ".join(f"{s.text}{_markers(brief, s, 'markdown')}" for s in brief.sentences)
    lines = [body, ""]
    for number, article in enumerate(brief.story.articles, 1):
        label = article.source.replace("[", "\\[").replace("]", "\\]")
        link = f"[{label}]({article.url})" if article.url else label
        lines.append(f"[^{number}]: {link}{_flag_note(article)}")
    notes = _notes(brief)
    if notes:
        lines += ["", *(f"> {n}" for n in notes)]
    return "\n".join(lines) + "\n"
