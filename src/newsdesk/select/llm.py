"""The ``llm`` writer: a brief written by your own language model, held to ``newsdesk check``.

Any chat endpoint with the OpenAI interface will do (llama.cpp's ``llama-server``, Ollama,
vLLM, a hosted service): ``POST {url}/chat/completions`` with ``model`` and ``messages``,
answered with ``choices[0].message.content``. The URL and model come from the run's options
(``--llm-url``, ``--llm-model``) or from ``$NEWSDESK_LLM_URL`` / ``$NEWSDESK_LLM_MODEL``;
a key, when the endpoint wants one, from ``$NEWSDESK_LLM_API_KEY`` (sent as a bearer token;
never stored in the result). No model is bundled and nothing is downloaded.

The model sees the cleaned articles, numbered, and is asked for a brief of at most the word
budget that states only what they state. Its draft then goes through
:func:`newsdesk.check.check_prepared`, sentence by sentence: supported sentences are kept in
the draft's order, within the budget, each cited to every article that states it (the test
of the extractive brief's citations); partly supported, unsupported and contradicted ones
are dropped and listed in the brief's warnings with what is wrong. When the kept sentences
fill less than :data:`MIN_KEPT_SHARE` of the budget (or the endpoint cannot be reached, or
answers nonsense), the brief is the extractive one, and a warning says why. Decoding is
greedy (temperature 0, fixed seed) so that a deterministic server gives the same brief.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from typing import Any

from newsdesk.errors import ConfigError
from newsdesk.represent import Representation
from newsdesk.select.base import Budget
from newsdesk.select.writer import Writer, Written
from newsdesk.types import BriefSentence, ScoredSentence, Sentence, Story

log = logging.getLogger(__name__)

ENV_URL = "NEWSDESK_LLM_URL"
ENV_MODEL = "NEWSDESK_LLM_MODEL"
ENV_KEY = "NEWSDESK_LLM_API_KEY"
DRAFT_ID = "draft"  # the article id of a written sentence: its offsets are into the draft
TIMEOUT = 120.0  # seconds for the model's answer
MAX_PROMPT_CHARS = 24_000  # of article text sent (a small local model's context)
MAX_ANSWER_BYTES = 1_000_000
MIN_KEPT_SHARE = 0.5  # of the word budget the kept sentences must fill, else fall back
SYSTEM_PROMPT = (
    "You are a wire editor. Write one short, neutral news brief of the articles the user gives. "
    "State only facts the articles state; do not add background, opinion or anything they do "
    "not say. Plain sentences, no headline, no lists, no citation markers."
)


class LLMWriter(Writer):
    """A brief written by a language model behind an OpenAI-compatible chat endpoint."""

    name = "llm"

    def write(
        self, story: Story, representation: Representation, budget: Budget, options: Any
    ) -> Written:
        from newsdesk.check import SUPPORTED, check_prepared

        url = getattr(options, "llm_url", None) or os.environ.get(ENV_URL)
        model = getattr(options, "llm_model", None) or os.environ.get(ENV_MODEL) or "default"
        if not url:
            raise ConfigError(
                "llm_url", f"the URL of an OpenAI-compatible endpoint (or ${ENV_URL})", None
            )
        words = budget.words or 120
        try:
            draft = complete(url, model, prompt(story, words), os.environ.get(ENV_KEY))
        except WriterUnavailable as exc:
            return Written((), (f"llm: {exc}; the brief is the extractive one",))
        checked = check_prepared(draft, story, representation) if draft.strip() else None
        kept: list[BriefSentence] = []
        notes: list[str] = []
        used = 0
        for item in checked.sentences if checked else ():
            if item.verdict != SUPPORTED:
                why = "; ".join(item.problems)
                notes.append(f"llm: dropped a {item.verdict} sentence: {item.text!r} ({why})")
                continue
            length = len(item.text.split())
            if used + length > words or (
                budget.sentences is not None and len(kept) >= budget.sentences
            ):
                continue
            used += length
            sentence = Sentence(DRAFT_ID, len(kept), item.text, item.start, item.end, 0)
            kept.append(BriefSentence(ScoredSentence(sentence, 1.0), item.citations))
        if used < MIN_KEPT_SHARE * words:
            notes.append(
                f"llm: only {used} of {words} words of the model's draft are supported by the "
                "sources; the brief is the extractive one"
            )
            return Written((), tuple(notes))
        return Written(tuple(kept), tuple(notes))


class WriterUnavailable(Exception):
    """The endpoint could not be reached or did not answer with a draft."""


def prompt(story: Story, words: int) -> list[dict[str, str]]:
    """The chat messages: the instructions, then the numbered articles (cut to fit)."""
    share = MAX_PROMPT_CHARS // max(1, len(story.articles))
    parts = [
        f"Article {number}:\n{article.text[:share]}"
        for number, article in enumerate(story.articles, 1)
    ]
    user = f"Write a brief of at most {words} words from these articles.\n\n" + "\n\n".join(parts)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def complete(
    url: str, model: str, messages: list[dict[str, str]], key: str | None, timeout: float = TIMEOUT
) -> str:
    """The model's answer to ``messages`` (the standard library's HTTP client)."""
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/chat/completions"):
        endpoint += "/chat/completions"
    body = {"model": model, "messages": messages, "temperature": 0, "seed": 0, "stream": False}
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(
        endpoint, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(MAX_ANSWER_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise WriterUnavailable(
            f"the model at {endpoint} could not be reached ({reason})"
        ) from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise WriterUnavailable(f"the model at {endpoint} answered more than 1 MB")
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise WriterUnavailable(f"the model at {endpoint} gave no chat completion") from None
    if not isinstance(content, str):
        raise WriterUnavailable(f"the model at {endpoint} gave no text")
    log.info("llm: %d characters of draft from %s", len(content), endpoint)
    return content
