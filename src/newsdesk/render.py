"""Render a brief as terminal text, Markdown or JSON.

The JSON form is documented by ``schema/brief.schema.json`` (shipped with the package).
Citation markers are 1-based numbers into the source list, in story order.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import asdict
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from newsdesk import __version__
from newsdesk.types import Article, Brief, BriefSentence, Citation, Claim, Comparison, Story

if TYPE_CHECKING:
    from newsdesk.check import CheckResult

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


def _document_head(story: Story) -> dict[str, Any]:
    """What every JSON document starts with: which schema, which newsdesk, which story."""
    return {"schema_version": SCHEMA_VERSION, "newsdesk_version": __version__, "story_id": story.id}


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain data, in the shape of ``schema/brief.schema.json``."""
    story = brief.story
    return {
        **_document_head(story),
        "summarizer": brief.summarizer,
        "config": dict(brief.config),
        "words": brief.words,
        "sentences": [_sentence_dict(s, story) for s in brief.sentences],
        "articles": [_article_dict(number, a) for number, a in enumerate(story.articles, 1)],
        "removed": _removed(story),
        "skipped": [{"input": s.input, "reason": s.reason} for s in story.skipped],
        "warnings": list(story.warnings),
        "comparison": comparison_to_dict(brief.comparison) if brief.comparison else None,
        "focus": asdict(brief.focus) if brief.focus else None,
    }


def _removed(story: Story) -> list[dict[str, Any]]:
    return [
        {
            "article_id": r.article_id,
            "line": r.line,
            "start": r.start,
            "end": r.end,
            "text": r.text,
            "reason": r.reason,
        }
        for r in story.removed
    ]


def _sentence_dict(item: BriefSentence, story: Story) -> dict[str, Any]:
    sentence = item.sentence
    return {
        "text": sentence.text,
        **_evidence_dict(item.citations, story),
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
        "source_from": article.source_from,
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
            f"Removed {plural(len(story.removed), 'piece')} of page furniture "
            "(details: --format json)."
        )
    focus = brief.focus
    if focus is not None and focus.seen_articles:
        read = plural(focus.seen_articles, "article")
        notes.append(
            f"Update: what is new since {read} already read; "
            f"{plural(focus.set_aside, 'sentence')} they state left out."
        )
    if not brief.sentences and not (focus is not None and not focus.addressed):
        notes.append(why_no_brief(brief))
    return notes


def _heading(brief: Brief, bold: str = "") -> list[str]:
    """The question a brief answers, and the plain statement when no source addresses it."""
    focus = brief.focus
    if focus is None or focus.query is None:
        return []
    lines = [f"{bold}Question:{bold} {focus.query}", ""]
    if not focus.addressed:
        lines += ["The sources do not address this question.", ""]
    return lines


def why_no_brief(brief: Brief) -> str:
    """Why a brief has no sentence, said plainly (the page says the same)."""
    articles = brief.story.articles
    focus = brief.focus
    if focus is not None and focus.seen_articles and focus.set_aside:
        return "No brief: these articles state nothing the articles already read did not."
    if articles and all(a.degraded for a in articles):
        which = "the article" if len(articles) == 1 else "every article"
        return (
            f"No brief: {which} arrived without capital letters or sentence punctuation, and "
            "newsdesk never quotes such text because it cannot tell where its sentences end. "
            "Give a version of the article as it was published."
        )
    return (
        "No brief: no sentence of these articles can stand on its own in a brief (headlines, "
        "captions and fragments are never shown). Give fuller articles."
    )


def plural(count: int, noun: str) -> str:
    """``1 piece``, ``2 pieces``: a count and its noun, as a person writes them."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def brief_schema_text() -> str:
    """The JSON Schema of :func:`render_json`'s output (``newsdesk schema``, ``GET
    /v1/schema``), as shipped with the package."""
    return files("newsdesk").joinpath("schema/brief.schema.json").read_text("utf-8")


def _flag_note(article: Article) -> str:
    return f" ({', '.join(sorted(article.flags))})" if article.flags else ""


def render_text(brief: Brief) -> str:
    lines = _heading(brief)
    if brief.sentences or not lines:
        lines += [" ".join(f"{s.text} {_markers(brief, s, 'text')}" for s in brief.sentences), ""]
    lines.append("Sources:")
    for number, article in enumerate(brief.story.articles, 1):
        lines.append(f"  [{number}] {article.source}{_flag_note(article)}")
    notes = _notes(brief)
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def render_markdown(brief: Brief) -> str:
    body = " ".join(f"{s.text}{_markers(brief, s, 'markdown')}" for s in brief.sentences)
    lines = _heading(brief, "**")
    if body or not lines:
        lines += [body, ""]
    for number, article in enumerate(brief.story.articles, 1):
        label = article.source.replace("[", "\\[").replace("]", "\\]")
        link = f"[{label}]({article.url})" if article.url else label
        lines.append(f"[^{number}]: {link}{_flag_note(article)}")
    notes = _notes(brief)
    if notes:
        lines += ["", *(f"> {n}" for n in notes)]
    return "\n".join(lines) + "\n"


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """A comparison as plain data, in the shape of ``brief.schema.json#/$defs/comparison``."""
    story = comparison.story
    references = comparison.references
    return {
        **_document_head(story),
        "articles": [
            {
                "id": a.id,
                "number": number,
                "source": a.source,
                "published": a.published,
                "flags": sorted(a.flags),
                "reference_date": references[a.id][0].isoformat() if a.id in references else None,
                "reference_basis": references[a.id][1] if a.id in references else None,
            }
            for number, a in enumerate(story.articles, 1)
        ],
        "consensus": [_claim_dict(c, story) for c in comparison.consensus],
        "single_source": [_claim_dict(c, story) for c in comparison.single_source],
        "differences": [
            {
                "kind": d.kind,
                "slot": d.slot,
                "values": [
                    {"value": v.value, **_evidence_dict(v.evidence, story)} for v in d.values
                ],
            }
            for d in comparison.differences
        ],
        "timeline": [
            {
                "date": e.label,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "precision": e.precision,
                "certain": e.certain,
                "text": e.text,
                **_evidence_dict(e.evidence, story),
            }
            for e in comparison.timeline
        ],
        "facts": [
            {
                "kind": f.kind,
                "text": f.text,
                "value": f.value,
                "article_id": f.article_id,
                "index": f.index,
                "start": f.start,
                "end": f.end,
                "detail": dict(f.detail),
            }
            for f in comparison.facts
        ],
        "notes": list(comparison.notes),
    }


def _claim_dict(claim: Claim, story: Story) -> dict[str, Any]:
    return {"text": claim.text, "about": claim.about, **_evidence_dict(claim.evidence, story)}


def _evidence_dict(evidence: tuple[Citation, ...], story: Story) -> dict[str, Any]:
    """Cited article ids, and where in each article's text its supporting sentences are."""

    def located(c: Citation) -> dict[str, Any]:
        first = story.sentence(c.article_id, c.index)
        last = story.sentence(c.article_id, c.index + c.sentences - 1)
        return {
            "article_id": c.article_id,
            "index": c.index,
            "sentences": c.sentences,
            "start": first.start,
            "end": last.end,
            "support": c.support,
        }

    return {
        "citations": [c.article_id for c in evidence],
        "evidence": [located(c) for c in evidence],
    }


def render_comparison(comparison: Comparison, fmt: str = "text", width: int | None = None) -> str:
    """A comparison in one of :data:`FORMATS`: a table per section, sources as numbers.

    Text tables wrap their last column to ``width`` characters (a terminal's width); with
    none, each row is one line, whole, for files and pipes.
    """
    if fmt == "json":
        return json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2) + "\n"
    story = comparison.story

    def sources(evidence: tuple[Citation, ...]) -> str:
        return "".join(
            f"[{n}]" for n in sorted({story.article_number(c.article_id) for c in evidence})
        )

    def claim(c: Claim) -> str:
        return f"{c.about} \u2014 {c.text}" if c.about else c.text

    sections: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "Consensus: stated by most sources",
            ["Sources", "Claim"],
            [[sources(c.evidence), claim(c)] for c in comparison.consensus],
        ),
        (
            "Single source: stated by one source only",
            ["Source", "Claim"],
            [[sources(c.evidence), claim(c)] for c in comparison.single_source],
        ),
        (
            "Differences: the same slot filled differently",
            ["Slot", "Value", "Sources"],
            [
                [d.slot if i == 0 else "", v.value, sources(v.evidence)]
                for d in comparison.differences
                for i, v in enumerate(d.values)
            ],
        ),
        (
            "Timeline (? = year or day inferred, no publication date)",
            ["Date", "Sources", "Event"],
            [
                [e.label + ("" if e.certain else " ?"), sources(e.evidence), e.text]
                for e in comparison.timeline
            ],
        ),
    ]
    lines: list[str] = []
    for title, header, rows in sections:
        lines += [*_table(title, header, rows, fmt, width), ""]
    lines.append("Sources:" if fmt == "text" else "**Sources**\n")
    for number, article in enumerate(story.articles, 1):
        item = f"[{number}] {article.source}{_flag_note(article)}"
        if fmt != "text":
            lines.append(f"- {item}")
        else:
            lines += _wrapped(item, width, "  ", "      ")
    notes = [*comparison.notes, *(f"Skipped {s.input}: {s.reason}" for s in story.skipped)]
    if notes:
        lines.append("")
        for note in notes:
            lines += _wrapped(note, width, "", "  ") if fmt == "text" else [f"> {note}"]
    return "\n".join(lines) + "\n"


def _wrapped(text: str, width: int | None, first: str, rest: str) -> list[str]:
    """``text`` as lines of at most ``width`` characters (one line when no width)."""
    if width is None:
        return [first + text]
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


# The narrowest the last column of a text table is wrapped to, whatever the terminal.
MIN_LAST_COLUMN = 30


def _table(
    title: str, header: list[str], rows: list[list[str]], fmt: str, width: int | None = None
) -> list[str]:
    if fmt == "markdown":
        out = [f"### {title}", ""]
        if not rows:
            return [*out, "(none)"]
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return out + ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    out = [title, "-" * len(title)]
    if not rows:
        return [*out, "  (none)"]
    # The last column takes what is left of the line and wraps there (never cut: a claim is
    # read whole); the others fit their content.
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    indent = 2 + sum(w + 2 for w in widths)
    room = None if width is None else max(MIN_LAST_COLUMN, width - indent - 1)
    for row in [header, *rows]:
        first = "  " + "".join(c.ljust(w) + "  " for c, w in zip(row[:-1], widths, strict=True))
        pieces = textwrap.wrap(row[-1], room) if room is not None and row[-1] else [row[-1]]
        out.append(first + pieces[0])
        out += [" " * indent + piece for piece in pieces[1:]]
    return out


def check_to_dict(result: CheckResult) -> dict[str, Any]:
    """A checked draft as plain data: one entry a draft sentence, in draft order."""
    story = result.story
    return {
        **_document_head(story),
        "supported": result.supported,
        "verdicts": result.counts(),
        "sentences": [
            {
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "verdict": s.verdict,
                **_evidence_dict(s.citations, story),
                "problems": list(s.problems),
            }
            for s in result.sentences
        ],
        "articles": [_article_dict(number, a) for number, a in enumerate(story.articles, 1)],
        "removed": _removed(story),
        "skipped": [{"input": s.input, "reason": s.reason} for s in story.skipped],
    }


def render_check(result: CheckResult, fmt: str = "text") -> str:
    """A checked draft in one of :data:`FORMATS`: each sentence with its verdict, sources
    and problems, then the tally and the source list."""
    if fmt == "json":
        return json.dumps(check_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    story = result.story
    lines: list[str] = []
    for s in result.sentences:
        markers = "".join(
            f"[{n}]" for n in sorted({story.article_number(c.article_id) for c in s.citations})
        )
        head = f"{s.verdict.upper()}: {s.text} {markers}".rstrip()
        lines.append(head if fmt == "text" else f"- **{s.verdict}**: {s.text} {markers}".rstrip())
        for problem in s.problems:
            lines.append(f"    - {problem}")
    counts = ", ".join(f"{n} {v}" for v, n in result.counts().items())
    total = len(result.sentences)
    lines += ["", f"{total} sentence{'' if total == 1 else 's'}: {counts}", ""]
    lines.append("Sources:" if fmt == "text" else "**Sources**\n")
    for number, article in enumerate(story.articles, 1):
        item = f"[{number}] {article.source}{_flag_note(article)}"
        lines.append(f"  {item}" if fmt == "text" else f"- {item}")
    return "\n".join(lines) + "\n"
