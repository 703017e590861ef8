"""From texts and documents to a :class:`~newsdesk.types.Story`: what every reader ends with.

:func:`add_text` makes one :class:`~newsdesk.types.Article` of a text (plain, Markdown or HTML),
:func:`story_from_cluster` reads a record of documents (a JSONL cluster, a request to the
server, a feed entry), and :func:`finish_story` sets aside articles not in English, exact
duplicates and those over the article limit, each with its reason.

Each article's id is its own ``id`` field when given, else a hash of its text, so the same
article gets the same id in every run and whatever the order of the inputs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError
from newsdesk.ingest.decode import normalise_text
from newsdesk.ingest.html import extract_html
from newsdesk.ingest.markdown import markdown_to_text
from newsdesk.ingest.outlet import outlet_label
from newsdesk.language import other_language
from newsdesk.types import Article, Skipped, Story

# Fields of a document object that are read into the Article itself rather than kept as meta.
# ``name`` is the name of the file it came in (or a request gives it): its label when neither
# its metadata nor its text names its outlet; ``feed`` is the title of the feed it came from.
DOCUMENT_FIELDS = ("id", "text", "html", "title", "source", "url", "published", "name", "feed")


@dataclass
class Collected:
    """Articles and skipped inputs gathered while reading, in input order."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def story_from_cluster(
    record: Mapping[str, Any],
    *,
    origin: str = "cluster",
    config: SummaryConfig | None = None,
    document_names: str | None = None,
) -> Story:
    """Build a story from one JSONL cluster record (``{"id", "documents": [...]}``).

    Document N (from 1) is named ``ORIGIN#N`` in skip notes; with ``document_names``
    (``"article"``), by its ``source`` label when it has one, else ``article N``.
    """
    config = config or SummaryConfig()
    collected = Collected()
    story_id, meta = read_cluster(record, origin, config, collected, document_names)
    return finish_story(story_id, collected.articles, collected.skipped, config, meta)


def read_cluster(
    record: Mapping[str, Any],
    origin: str,
    config: SummaryConfig,
    collected: Collected,
    document_names: str | None = None,
) -> tuple[str, dict[str, Any]]:
    documents = record.get("documents")
    if not isinstance(documents, list):
        raise InputError(f"{origin}: expected an object with a 'documents' list")
    doc_ids = record.get("doc_ids")
    doc_ids = doc_ids if isinstance(doc_ids, list) and len(doc_ids) == len(documents) else None
    for position, document in enumerate(documents):
        # Counted from 1, as citations are; a document without a label of its own is
        # "document N" of its cluster whatever was skipped before it.
        number = position + 1
        where = f"{origin}#{number}"
        if document_names is not None:
            named: Mapping[str, Any] = document if isinstance(document, Mapping) else {}
            label = named.get("source") or named.get("name")
            where = (
                label if isinstance(label, str) and label.strip() else f"{document_names} {number}"
            )
        fallback = f"document {number}"
        if isinstance(document, str):
            published = newswire_date(doc_ids[position]) if doc_ids else None
            fields = {"published": published} if published else {}
            add_text(document, where, "text", fields, config, collected, fallback)
        elif isinstance(document, Mapping):
            body = document.get("html") if document.get("text") is None else document.get("text")
            kind = "text" if document.get("text") is not None else "html"
            if not isinstance(body, str):
                collected.skipped.append(Skipped(where, "document has no 'text' or 'html' string"))
                continue
            add_text(body, where, kind, document, config, collected, fallback)
        else:
            collected.skipped.append(
                Skipped(where, f"document is a {type(document).__name__}, not text")
            )
    meta = {k: v for k, v in record.items() if k not in {"id", "documents"}}
    # Without an id of its own, a cluster is named by its articles, as files are.
    given = record.get("id")
    return str(given) if given is not None else story_id_of(collected.articles), meta


# A newswire document id names its day: "APW19990707.0181", "NYT19981010.0215",
# "XIE19970302.0012" (the LDC/DUC/TAC convention).
_NEWSWIRE_ID = re.compile(r"^[A-Z]{3}(?:_ENG_)?(\d{4})(\d{2})(\d{2})\.\d{4}$")


def newswire_date(doc_id: object) -> str | None:
    """The publication day an LDC newswire document id names, as ISO text (None: no such id)."""
    match = _NEWSWIRE_ID.match(doc_id) if isinstance(doc_id, str) else None
    return "-".join(match.groups()) if match else None


def add_text(
    body: str,
    origin: str,
    kind: str,
    fields: Mapping[str, Any],
    config: SummaryConfig,
    collected: Collected,
    fallback: str | None = None,
) -> None:
    if len(body) > config.max_article_chars:
        collected.skipped.append(
            Skipped(
                origin, f"article too long ({len(body)} characters > {config.max_article_chars})"
            )
        )
        return
    title = _string(fields.get("title"))
    url = _string(fields.get("url"))
    published = _string(fields.get("published"))
    site_name = None
    if kind == "html":
        extracted = extract_html(body)
        if extracted is None:
            collected.skipped.append(Skipped(origin, "HTML page with no article text"))
            return
        body = extracted["text"]
        title = title or _string(extracted.get("title"))
        url = url or _string(extracted.get("url"))
        published = published or _string(extracted.get("date"))
        site_name = _string(extracted.get("sitename"))
    elif kind == "markdown":
        body = markdown_to_text(body)
    body = normalise_text(body)
    if not body.strip():
        collected.skipped.append(Skipped(origin, "empty"))
        return
    text = body.strip("\n")
    given_id = _string(fields.get("id"))
    article_id = given_id or "a" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    label = outlet_label(
        source=_string(fields.get("source")),
        site_name=site_name,
        feed=_string(fields.get("feed")),
        url=url,
        text=text,
        name=_string(fields.get("name")),
        unnamed=fallback or f"document {len(collected.articles) + 1}",
    )
    meta = {k: v for k, v in fields.items() if k not in DOCUMENT_FIELDS and k != "encoding"}
    collected.articles.append(
        Article(
            id=article_id,
            text=text,
            source=label.text,
            origin=origin,
            source_from=label.basis,
            title=title,
            url=url,
            published=published,
            encoding=str(fields.get("encoding", "utf-8")),
            meta=meta,
        )
    )


def finish_story(
    story_id: str,
    articles: Iterable[Article],
    skipped: Iterable[Skipped],
    config: SummaryConfig,
    meta: Mapping[str, Any] | None = None,
) -> Story:
    """Set aside articles not in English, apply the article-count limit, drop exact duplicates
    (each with a reason) and build the story."""
    kept: list[Article] = []
    skipped = list(skipped)
    by_text: dict[str, Article] = {}
    ids: set[str] = set()
    for article in articles:
        language = other_language(article.text)
        if language is not None:
            skipped.append(
                Skipped(article.origin, f"written in {language}; briefs are written for English")
            )
            continue
        fingerprint = " ".join(article.text.split()).casefold()
        if fingerprint in by_text:
            first = by_text[fingerprint]
            skipped.append(Skipped(article.origin, f"duplicate of {first.origin} (same text)"))
            continue
        if len(kept) >= config.max_articles:
            skipped.append(
                Skipped(article.origin, f"over the limit of {config.max_articles} articles")
            )
            continue
        if article.id in ids:  # an explicit id given twice: keep both, make the second unique
            article = replace(article, id=f"{article.id}~{len(kept)}")
        ids.add(article.id)
        by_text[fingerprint] = article
        kept.append(article)
    if not kept:
        raise no_usable_article(skipped)
    warnings: tuple[str, ...] = ()
    if len(kept) == 1:
        warnings = ("only one article: no claim can be corroborated by another source",)
    meta = dict(meta or {})
    seen = _seen_story(story_id, meta.pop("seen", None), config)
    if isinstance(seen, str):
        warnings = (*warnings, seen)
        seen = None
    return Story(
        id=story_id,
        articles=tuple(kept),
        skipped=tuple(skipped),
        warnings=warnings,
        meta=meta,
        query=cluster_question(meta),
        seen=seen,
    )


def cluster_question(record: Mapping[str, Any]) -> str | None:
    """The question a cluster asks: its ``query`` string, or its DUC-style ``topic`` (a
    ``title`` and a ``narrative``, the narrative phrasing what the summary should cover)."""
    query = record.get("query")
    if isinstance(query, str) and query.strip():
        return query.strip()
    topic = record.get("topic")
    if isinstance(topic, Mapping):
        parts = [topic.get(k) for k in ("title", "narrative")]
        text = " ".join(
            p.strip().rstrip(".") + "." for p in parts if isinstance(p, str) and p.strip()
        )
        return text or None
    if isinstance(topic, str) and topic.strip():
        return topic.strip()
    return None


def _seen_story(story_id: str, documents: Any, config: SummaryConfig) -> Story | str | None:
    """The articles a cluster's ``seen`` field lists (already read), or a warning saying why
    they cannot be used."""
    if documents is None:
        return None
    if not isinstance(documents, list):
        return "'seen' is not a list of documents: the brief is not an update"
    if not documents:
        return None
    try:
        return story_from_cluster(
            {"id": f"{story_id} (read)", "documents": documents},
            origin=f"{story_id} seen",
            config=config,
        )
    except InputError as exc:
        return f"no article already read could be used ({exc}): the brief is not an update"


def no_usable_article(skipped: Sequence[Skipped]) -> InputError:
    """The error for an input that left no article, naming the first reasons."""
    reasons = "; ".join(f"{s.input}: {s.reason}" for s in skipped[:5]) or "nothing to read"
    more = f" (and {len(skipped) - 5} more)" if len(skipped) > 5 else ""
    return InputError(f"no usable article in the input: {reasons}{more}")


def _string(value: Any) -> str | None:
    return normalise_text(str(value)).strip() or None if value is not None else None


def _host(url: str) -> str | None:
    match = re.match(r"^[a-z]+://([^/:?#]+)", url, re.I)
    return match.group(1) if match else None


def story_id_of(articles: Sequence[Article]) -> str:
    joined = ",".join(sorted(a.id for a in articles))
    return "s" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:10]
