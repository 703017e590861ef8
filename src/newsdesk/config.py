"""Options of a summary run: stored unchanged, validated in one place, echoed in every result."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from newsdesk.errors import ConfigError

DEFAULT_WORDS = 120
DEFAULT_SUMMARIZER = "newsdesk"

# Parameter limits, in one table: name -> (lowest, highest).
LIMITS: dict[str, tuple[int, int]] = {
    "words": (1, 10_000),
    "sentences": (1, 1_000),
    "max_article_chars": (1_000, 50_000_000),
    "max_articles": (1, 1_000_000),
}


@dataclass(frozen=True)
class SummaryConfig:
    """What to produce and how.

    The budget is ``words`` (a brief never exceeds it) or ``sentences``; with neither given,
    ``words`` defaults to 120. Articles longer than ``max_article_chars`` and any beyond the
    first ``max_articles`` are skipped with a reason.
    """

    words: int | None = None
    sentences: int | None = None
    summarizer: str = DEFAULT_SUMMARIZER
    max_article_chars: int = 1_000_000
    max_articles: int = 10_000
    #: A question for the brief to answer; it takes the place of a cluster's own ``query``.
    query: str | None = None
    #: Ignore the question a cluster carries (``query`` or ``topic``): write the generic brief.
    no_query: bool = False
    llm_url: str | None = None  # the `llm` writer's endpoint (else $NEWSDESK_LLM_URL)
    llm_model: str | None = None  # its model name (else $NEWSDESK_LLM_MODEL)
    #: Seconds the `llm` writer's whole call may take (connect, headers, body; None: 120).
    llm_timeout: float | None = None

    def __post_init__(self) -> None:
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ConfigError(name, f"a whole number from {low} to {high}", value)
        if not isinstance(self.summarizer, str) or not self.summarizer:
            raise ConfigError("summarizer", "a registered summarizer name", self.summarizer)
        if self.query is not None and (
            not isinstance(self.query, str) or not self.query.strip() or len(self.query) > 2000
        ):
            raise ConfigError("query", "a question of 1 to 2000 characters", self.query)
        if not isinstance(self.no_query, bool):
            raise ConfigError("no_query", "true or false", self.no_query)
        if self.llm_url is not None and not (
            isinstance(self.llm_url, str) and self.llm_url.startswith(("http://", "https://"))
        ):
            raise ConfigError("llm_url", "an http:// or https:// URL", self.llm_url)
        if self.llm_timeout is not None and (
            isinstance(self.llm_timeout, bool)
            or not isinstance(self.llm_timeout, (int, float))
            or not 0.1 <= self.llm_timeout <= 3600
        ):
            raise ConfigError(
                "llm_timeout", "a number of seconds from 0.1 to 3600", self.llm_timeout
            )

    def question(self, story_query: str | None) -> str | None:
        """The question in force: the one given, else the story's own, unless ignored."""
        if self.no_query:
            return None
        return self.query if self.query is not None else story_query

    @property
    def word_budget(self) -> int | None:
        """The word limit in force: the one given, or the default when no budget is given."""
        if self.words is None and self.sentences is None:
            return DEFAULT_WORDS
        return self.words

    def as_dict(self) -> dict[str, Any]:
        """The options as they take effect: ``words`` is the budget in force (120 when no
        budget is given), so the CLI, the Python API and the server echo the same config."""
        return {**asdict(self), "words": self.word_budget}

    def echo(self) -> dict[str, Any]:
        """What a brief echoes in its ``config``: the options that decide what it says, as they
        take effect. The input limits are left out (a server's are lower than the command's;
        what they set aside is listed under ``skipped`` with the limit), so the same request
        gives the same ``config`` from the command line, the Python API and the server."""
        return {
            "words": self.word_budget,
            "sentences": self.sentences,
            "summarizer": self.summarizer,
            "query": self.query,
            "no_query": self.no_query,
        }


def config_from(config: SummaryConfig | None, options: dict[str, Any]) -> SummaryConfig:
    """The config given, or one built from keyword options (not both)."""
    if config is not None and options:
        raise ConfigError("options", "given either as a SummaryConfig or as keywords", options)
    if config is not None:
        return config
    try:
        return SummaryConfig(**options)
    except TypeError as exc:
        raise ConfigError("options", "names of SummaryConfig fields", sorted(options)) from exc
