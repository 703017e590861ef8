"""Summarizers by name.

The default's names are versioned (``"newsdesk.v1"``, ``"newsdesk.v2"``, ``"newsdesk.v3"``);
the alias ``"newsdesk"`` points at the chosen one, and every version stays registered so that its
figures can be reproduced. The baselines (``lead``, ``lexrank``, ``textrank``, ``centroid``,
``mmr``, ``concept``) follow their papers and do not change. Third-party summarizers register
through the entry-point group ``newsdesk.summarizers`` (name -> a
:class:`~newsdesk.select.Summarizer` subclass); nothing is registered by import side effects."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from newsdesk.errors import UnknownSummarizerError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from newsdesk.select.base import Summarizer

ENTRY_POINT_GROUP = "newsdesk.summarizers"

BUILTIN: dict[str, str] = {
    "newsdesk.v1": "newsdesk.select.newsdesk:NewsdeskV1",
    "newsdesk.v2": "newsdesk.select.newsdesk:NewsdeskV2",
    "newsdesk.v3": "newsdesk.select.learned:NewsdeskV3",
    "newsdesk.v4": "newsdesk.select.learned:NewsdeskV4",
    "lead": "newsdesk.select.lead:RoundRobinLead",
    "lexrank": "newsdesk.select.lexrank:LexRank",
    "textrank": "newsdesk.select.textrank:TextRank",
    "centroid": "newsdesk.select.centroid:Centroid",
    "mmr": "newsdesk.select.mmr:MMR",
    "concept": "newsdesk.select.concept:ConceptCoverage",
    # An optional writer: a language model behind an OpenAI-compatible endpoint, checked.
    "llm": "newsdesk.select.llm:LLMWriter",
}
ALIASES: dict[str, str] = {
    "newsdesk": "newsdesk.v4",
}


def available() -> list[str]:
    """Every name that :func:`get` accepts, aliases included, sorted."""
    names = set(BUILTIN) | set(ALIASES) | {ep.name for ep in _entry_points()}
    return sorted(names)


def resolve(name: str) -> str:
    """The versioned name behind an alias (a versioned or third-party name is returned as is)."""
    return ALIASES.get(name, name)


def get(name: str) -> Summarizer:
    """A new summarizer instance for a registered name."""
    from newsdesk.select.base import Summarizer  # numpy and the stages: not for listing names

    resolved = resolve(name)
    if resolved in BUILTIN:
        module_name, class_name = BUILTIN[resolved].split(":")
        cls = getattr(importlib.import_module(module_name), class_name)
    else:
        matches = [ep for ep in _entry_points() if ep.name == resolved]
        if not matches:
            raise UnknownSummarizerError(name, available())
        cls = matches[0].load()
    summarizer = cls()
    if not isinstance(summarizer, Summarizer):
        raise TypeError(f"{name!r} does not implement newsdesk.select.Summarizer")
    return summarizer


def _entry_points() -> list[EntryPoint]:
    from importlib.metadata import entry_points  # slow to import; built-in names need none

    return list(entry_points(group=ENTRY_POINT_GROUP))
