"""HTML: the article text (and title, URL, date) of a saved page, extracted by trafilatura.

``trafilatura`` is imported by :func:`extract_html` only: reading text files costs none of it.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)


HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


# Fewer words than this from an HTML page is navigation or a form, not an article (the
# extractor falls back to whatever text the page has).
MIN_HTML_ARTICLE_WORDS = 15


HTML_START = re.compile(r"\A\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


def extract_html(html: str) -> dict[str, str] | None:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        logger.info("HTML extraction failed: %s", exc)
        return None
    text = getattr(document, "text", None) if document is not None else None
    if not text or len(text.split()) < MIN_HTML_ARTICLE_WORDS:
        return None
    found = {"text": str(text)}
    for name in ("title", "url", "date", "sitename"):
        value = getattr(document, name, None)
        if value:
            found[name] = str(value)
    return found
