"""The JSON Schemas of every JSON output: ``newsdesk schema NAME``.

The brief's schema is the file shipped with the package (``schema/brief.schema.json``); the
others are built from its parts here, so that an article, a piece of evidence or a skipped
input is described once and the schemas cannot drift apart:

- ``brief`` (``summarize --format json``), ``comparison`` (``compare --format json``);
- ``check`` (``check --format json``);
- ``story`` (``story --format json``) and ``stories`` (``stories --format json``);
- ``batch`` (one line of ``batch``'s output, either format).

A test validates each command's real output against its schema.
"""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"

SCHEMAS = ("brief", "comparison", "check", "story", "stories", "batch")
"""The schemas ``newsdesk schema`` prints, by name."""

ALIASES = {"summarize": "brief", "compare": "comparison"}
"""Commands whose schema has another name: each command's name works too."""

# newsdesk.check.VERDICTS (a test checks they agree): not imported, as check loads the
# support model's modules and this module serves `newsdesk schema`.
VERDICTS = ("supported", "partly", "unsupported", "contradicted")


def brief_schema() -> dict[str, Any]:
    """The brief's schema, as shipped."""
    text = files("newsdesk").joinpath("schema/brief.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (one of :data:`SCHEMAS`, or a command of :data:`ALIASES`);
    a ``KeyError`` for any other name."""
    name = ALIASES.get(name, name)
    if name not in SCHEMAS:
        raise KeyError(name)
    brief = brief_schema()
    if name == "brief":
        return brief
    builders = {
        "comparison": _comparison,
        "check": _check,
        "story": _story,
        "stories": _stories,
        "batch": _batch,
    }
    return {"$schema": DRAFT, **builders[name](brief), "$defs": brief["$defs"]}


def schema_text(name: str) -> str:
    """:func:`schema` as ``newsdesk schema`` prints it."""
    if ALIASES.get(name, name) == "brief":  # the file as shipped, byte for byte
        return files("newsdesk").joinpath("schema/brief.schema.json").read_text("utf-8")
    return json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n"


def _head(brief: dict[str, Any]) -> dict[str, Any]:
    """The properties every document starts with (schema, newsdesk version, story)."""
    return {k: brief["properties"][k] for k in ("schema_version", "newsdesk_version", "story_id")}


def _comparison(brief: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "newsdesk comparison",
        "description": "Output of `newsdesk compare --format json` (schema_version 1).",
        "$ref": "#/$defs/comparison",
    }


def _check(brief: dict[str, Any]) -> dict[str, Any]:
    properties = brief["properties"]
    sentence = {
        "type": "object",
        "required": ["text", "start", "end", "verdict", "citations", "evidence", "problems"],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "description": "The draft's sentence."},
            "start": {"type": "integer", "minimum": 0, "description": "Offset in the draft."},
            "end": {"type": "integer", "minimum": 0},
            "verdict": {"enum": list(VERDICTS)},
            "citations": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Ids of the articles that support it (none when unsupported).",
            },
            "evidence": {"$ref": "#/$defs/evidence"},
            "problems": {
                "type": "array",
                "items": {"type": "string"},
                "description": "What the sources do not bear out, in words.",
            },
        },
    }
    return {
        "title": "newsdesk check",
        "description": "Output of `newsdesk check --format json` (schema_version 1): each "
        "sentence of the draft, in draft order, with its verdict and evidence.",
        "type": "object",
        "required": [
            "schema_version",
            "newsdesk_version",
            "story_id",
            "supported",
            "verdicts",
            "sentences",
            "articles",
            "removed",
            "skipped",
        ],
        "additionalProperties": False,
        "properties": {
            **_head(brief),
            "supported": {"type": "boolean", "description": "Every sentence supported."},
            "verdicts": {
                "type": "object",
                "required": list(VERDICTS),
                "additionalProperties": False,
                "properties": {v: {"type": "integer", "minimum": 0} for v in VERDICTS},
                "description": "How many sentences got each verdict.",
            },
            "sentences": {"type": "array", "items": sentence},
            "articles": properties["articles"],
            "removed": properties["removed"],
            "skipped": properties["skipped"],
        },
    }


def _stored_article() -> dict[str, Any]:
    nullable = {"type": ["string", "null"]}
    return {
        "type": "object",
        "required": [
            "seq",
            "id",
            "title",
            "source",
            "url",
            "published",
            "published_at",
            "time_estimated",
            "added",
            "copy_of",
            "copy_kind",
        ],
        "additionalProperties": False,
        "properties": {
            "seq": {"type": "integer", "minimum": 1, "description": "Its number in the store."},
            "id": {"type": "string", "description": "The id it came in with."},
            "title": nullable,
            "source": nullable,
            "url": nullable,
            "published": nullable,
            "published_at": {
                "type": "string",
                "description": "When it was published (UTC, ISO 8601), else when it was added.",
            },
            "time_estimated": {
                "type": "boolean",
                "description": "published_at is the time it was added (it says no other).",
            },
            "added": {"type": "string", "description": "When it was added (UTC, ISO 8601)."},
            "copy_of": {
                "type": ["integer", "null"],
                "description": "The seq of the article it copies (reach, not a source).",
            },
            "copy_kind": nullable,
        },
    }


def _story(brief: dict[str, Any]) -> dict[str, Any]:
    properties = copy.deepcopy(brief["properties"])
    properties["story"] = {
        "type": "object",
        "required": ["id", "headline", "originals", "copies", "articles"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "headline": {"type": "string"},
            "no_brief": {
                "type": "string",
                "description": "Why the story has no brief (its originals leave nothing to "
                "summarize); there are no brief's fields then.",
            },
            "originals": {"type": "integer", "minimum": 0, "description": "Its originals."},
            "copies": {"type": "integer", "minimum": 0, "description": "Its copies."},
            "articles": {
                "type": "array",
                "items": _stored_article(),
                "description": "The story's articles, copies marked: every one, or its latest "
                "100 originals and their copies when it has more.",
            },
        },
    }
    return {
        "title": "newsdesk story",
        "description": "Output of `newsdesk story --format json` (schema_version 1): the "
        "story, then its brief over its original articles, as summarize writes it.",
        "type": "object",
        "required": ["story"],
        "additionalProperties": False,
        "properties": properties,
        "if": {"required": ["sentences"]},
        "then": {"required": brief["required"]},
    }


def _stories(brief: dict[str, Any]) -> dict[str, Any]:
    row = {
        "type": "object",
        "required": [
            "id",
            "headline",
            "articles",
            "copies",
            "outlets",
            "first_published",
            "last_published",
            "time_estimated",
            "input_ids",
        ],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "headline": {"type": "string"},
            "articles": {"type": "integer", "minimum": 0, "description": "Originals."},
            "copies": {"type": "integer", "minimum": 0},
            "outlets": {"type": "array", "items": {"type": "string"}},
            "first_published": {
                "type": "string",
                "description": "The earliest publication time of its articles (UTC, ISO 8601); "
                "the earliest time of adding when none says when it was published.",
            },
            "last_published": {"type": "string", "description": "The latest, alike."},
            "time_estimated": {
                "type": "boolean",
                "description": "The times are times of adding (no article says when it was "
                "published).",
            },
            "input_ids": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "title": "newsdesk stories",
        "description": "Output of `newsdesk stories --format json`: a page of the stories, "
        "latest published first, and where the page stands.",
        "type": "object",
        "required": ["stories", "total", "offset", "next_offset"],
        "additionalProperties": False,
        "properties": {
            "stories": {"type": "array", "items": row},
            "total": {"type": "integer", "minimum": 0, "description": "Stories in all."},
            "offset": {"type": "integer", "minimum": 0, "description": "Stories skipped."},
            "next_offset": {
                "type": ["integer", "null"],
                "description": "The --offset of the next page; null on the last page.",
            },
        },
    }


def _batch(brief: dict[str, Any]) -> dict[str, Any]:
    whole = {k: v for k, v in brief.items() if k not in ("$schema", "$defs", "title")}
    nullable_id = {"type": ["string", "null"], "description": "The cluster's id."}
    return {
        "title": "newsdesk batch line",
        "description": "One line of `newsdesk batch`'s output (JSON Lines, one a cluster, in "
        "input order): {id, summary}; with --format json the whole brief; {id, line, error} "
        "for a cluster that could not be summarized.",
        "oneOf": [
            {
                "type": "object",
                "required": ["id", "summary"],
                "additionalProperties": False,
                "properties": {
                    "id": nullable_id,
                    "summary": {"type": "string", "description": "Sentences, one a line."},
                },
            },
            {
                "type": "object",
                "required": ["id", "line", "error"],
                "additionalProperties": False,
                "properties": {
                    "id": nullable_id,
                    "line": {"type": "integer", "minimum": 1},
                    "error": {"type": "string"},
                },
            },
            whole,
        ],
    }
