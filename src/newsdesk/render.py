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
from newsdesk.text import plural
from newsdesk.types import Article, Brief, BriefSentence, Citation, Claim, Comparison, Story

if TYPE_CHECKING:
    from newsdesk.check import CheckResult

SCHEMA_VERSION = "1"
FORMATS = ("text", "markdown", "json")


def render(brief: Brief, fmt: str = "text", width: int | None = None) -> str:
    """The brief in one of :data:`FORMATS`; text wrapped to ``width`` characters (a
    terminal's width; with none, a paragraph is one line, for files and pipes)."""
    if fmt == "text":
        return render_text(brief, width)
    renderers: dict[str, Callable[[Brief], str]] = {
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
        "shown": item.text,
        "insertions": [
            {
                "at": i.at,
                "text": i.text,
                "article_id": i.evidence[0],
                "index": i.evidence[1],
                "start": i.evidence[2],
                "end": i.evidence[3],
            }
            for i in item.insertions
        ],
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


def brief_schema_text() -> str:
    """The JSON Schema of :func:`render_json`'s output (``newsdesk schema``, ``GET
    /v1/schema``), as shipped with the package."""
    return files("newsdesk").joinpath("schema/brief.schema.json").read_text("utf-8")


def _flag_note(article: Article) -> str:
    return f" ({', '.join(sorted(article.flags))})" if article.flags else ""


def render_text(brief: Brief, width: int | None = None) -> str:
    """The brief for a terminal: the paragraph (wrapped to ``width``, each citation kept on
    its sentence's line), the numbered sources, then the notes."""
    lines = [
        piece for line in _heading(brief) for piece in (wrapped(line, width) if line else [""])
    ]
    if brief.sentences or not lines:
        body = [(s.text, _markers(brief, s, "text")) for s in brief.sentences]
        lines += [*_paragraph(body, width), ""]
    lines += source_lines(brief.story, width)
    notes = _notes(brief)
    if notes:
        lines.append("")
        for note in notes:
            lines += wrapped(note, width, "", "  ")
    return "\n".join(lines) + "\n"


def source_lines(story: Story, width: int | None = None) -> list[str]:
    """``Sources:`` and one line a source (``[1] CNN (furniture-removed)``), wrapped."""
    lines = ["Sources:"]
    for number, article in enumerate(story.articles, 1):
        item = f"[{number}] {article.source}{_flag_note(article)}"
        lines += wrapped(item, width, "  ", "      ")
    return lines


# Joins a sentence's last word to its citation markers while wrapping, so that a marker is
# never carried to the next line away from its sentence; a space once the lines are made.
_GLUE = "\u00a0"


def _paragraph(items: list[tuple[str, str]], width: int | None) -> list[str]:
    """Sentences with their markers as one paragraph: one line, or lines of ``width``."""
    if width is None:
        return [" ".join(f"{text} {marks}".rstrip() for text, marks in items)]
    text = " ".join(
        f"{text.replace(_GLUE, ' ')}{_GLUE}{marks}" if marks else text for text, marks in items
    )
    return [line.replace(_GLUE, " ") for line in wrapped(text, width)]


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


def render_comparison(
    comparison: Comparison, fmt: str = "text", width: int | None = None, *, sources: bool = True
) -> str:
    """A comparison in one of :data:`FORMATS`: a table per section, sources as numbers.

    Text tables wrap their cells to ``width`` characters (a terminal's width); with none,
    each row is one line, whole, for files and pipes. ``sources=False`` leaves out the list
    of sources (a story's brief, printed above, lists them already).
    """
    if fmt == "json":
        return json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2) + "\n"
    story = comparison.story

    def cited(evidence: tuple[Citation, ...]) -> str:
        return "".join(
            f"[{n}]" for n in sorted({story.article_number(c.article_id) for c in evidence})
        )

    def claim(c: Claim) -> str:
        return f"{c.about} \u2014 {c.text}" if c.about else c.text

    sections: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "Consensus: stated by most sources",
            ["Sources", "Claim"],
            [[cited(c.evidence), claim(c)] for c in comparison.consensus],
        ),
        (
            "Single source: stated by one source only",
            ["Source", "Claim"],
            [[cited(c.evidence), claim(c)] for c in comparison.single_source],
        ),
        (
            "Differences: the same slot filled differently",
            ["Slot", "Value", "Sources"],
            [
                [d.slot if i == 0 else "", v.value, cited(v.evidence)]
                for d in comparison.differences
                for i, v in enumerate(d.values)
            ],
        ),
        (
            "Timeline (? = year or day inferred, no publication date)",
            ["Date", "Sources", "Event"],
            [
                [e.label + ("" if e.certain else " ?"), cited(e.evidence), e.text]
                for e in comparison.timeline
            ],
        ),
    ]
    lines: list[str] = []
    for title, header, rows in sections:
        lines += [*_table(title, header, rows, fmt, width), ""]
    if sources and fmt == "text":
        lines += source_lines(story, width)
    elif sources:
        lines.append("**Sources**\n")
        for number, article in enumerate(story.articles, 1):
            lines.append(f"- [{number}] {article.source}{_flag_note(article)}")
    notes = [*comparison.notes, *(f"Skipped {s.input}: {s.reason}" for s in story.skipped)]
    if notes:
        if lines[-1]:
            lines.append("")
        for note in notes:
            lines += wrapped(note, width, "", "  ") if fmt == "text" else [f"> {note}"]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def wrapped(text: str, width: int | None, first: str = "", rest: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` characters (one line when no width); a word
    longer than a line (a URL) is cut, as nothing may run past the screen's edge."""
    if width is None:
        return [first + text]
    return textwrap.wrap(
        text,
        max(width, len(rest) + MIN_CELL),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    ) or [first.rstrip()]


# The narrowest a column of a text table is wrapped to (a claim's column: MIN_LAST_COLUMN),
# whatever the terminal; a word longer than its column is cut there.
MIN_CELL = 10
MIN_LAST_COLUMN = 30
# Words up to this long (a date, "[1][2][3][4][5]") are never cut by a narrower column.
WHOLE_WORD = 16


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
    widths = column_widths([header, *rows], width)
    for row in [header, *rows]:
        out += _table_row(row, widths)
    return out


def column_widths(rows: list[list[str]], width: int | None) -> list[int]:
    """How wide each column of a text table is: as wide as its content when the table fits
    in ``width`` (or no width is given); else the widest columns are narrowed, never below
    their longest short word (nor the last, a claim, below :data:`MIN_LAST_COLUMN`)."""
    count = len(rows[0])
    natural = [max(len(r[i]) for r in rows) for i in range(count)]
    if width is None:
        return natural
    floor = []
    for i in range(count):
        words = [len(w) for r in rows for w in r[i].split()] or [0]
        least = max([w for w in words if w <= WHOLE_WORD] or [MIN_CELL])
        if i == count - 1:
            least = max(least, MIN_LAST_COLUMN)
        floor.append(min(natural[i], max(least, MIN_CELL)))
    room = width - 2 - 2 * (count - 1)
    widths = list(natural)
    while sum(widths) > room:
        # Narrow the column with the most to give (the widest above its floor), one at a time.
        spare = [(widths[i] - floor[i], widths[i], -i) for i in range(count)]
        give, _, minus = max(spare)
        if give <= 0:
            break
        widths[-minus] -= 1
    return widths


def _table_row(row: list[str], widths: list[int]) -> list[str]:
    """One row of a text table: each cell wrapped to its column, the row as tall as its
    tallest cell."""
    cells = [
        textwrap.wrap(cell, w, break_on_hyphens=False) or [""]
        for cell, w in zip(row, widths, strict=True)
    ]
    height = max(len(c) for c in cells)
    lines = []
    for k in range(height):
        parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)]
        lines.append(("  " + "  ".join(parts)).rstrip())
    return lines


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


def render_check(result: CheckResult, fmt: str = "text", width: int | None = None) -> str:
    """A checked draft in one of :data:`FORMATS`: each sentence with its verdict, sources
    and problems, then the tally and the source list (text wrapped to ``width``)."""
    if fmt == "json":
        return json.dumps(check_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    story = result.story
    lines: list[str] = []
    for s in result.sentences:
        markers = "".join(
            f"[{n}]" for n in sorted({story.article_number(c.article_id) for c in s.citations})
        )
        if fmt == "text":
            glued = f"{s.text.replace(_GLUE, ' ')}{_GLUE}{markers}" if markers else s.text
            head = wrapped(f"{s.verdict.upper()}: {glued}", width, "", "    ")
            lines += [line.replace(_GLUE, " ") for line in head]
        else:
            lines.append(f"- **{s.verdict}**: {s.text} {markers}".rstrip())
        for problem in s.problems:
            lines += wrapped(f"- {problem}", width, "    ", "      ")
    counts = ", ".join(f"{n} {v}" for v, n in result.counts().items())
    tally = f"{plural(len(result.sentences), 'sentence')}: {counts}"
    lines += ["", *(wrapped(tally, width, "", "  ") if fmt == "text" else [tally]), ""]
    if fmt == "text":
        lines += source_lines(story, width)
    else:
        lines.append("**Sources**\n")
        for number, article in enumerate(story.articles, 1):
            lines.append(f"- [{number}] {article.source}{_flag_note(article)}")
    return "\n".join(lines) + "\n"
