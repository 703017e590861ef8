"""newsdesk: one short, faithful, cited brief from many news articles about one event.

The package follows the data: :mod:`~newsdesk.ingest` (one module per kind of source) ->
:mod:`~newsdesk.prepare` (:mod:`~newsdesk.clean`, :mod:`~newsdesk.segment`) ->
:mod:`~newsdesk.represent` -> :mod:`~newsdesk.focus` -> :mod:`~newsdesk.select` (one module per
summarizer, named in :mod:`~newsdesk.registry`) -> :mod:`~newsdesk.order` ->
:mod:`~newsdesk.attribute` -> :mod:`~newsdesk.render`, run end to end by
:mod:`~newsdesk.pipeline`. Around the brief: :mod:`~newsdesk.compare`, :mod:`~newsdesk.check`,
:mod:`~newsdesk.desk`, :mod:`~newsdesk.batch`, :mod:`~newsdesk.evaluate`,
:mod:`~newsdesk.server`; the commands are in :mod:`~newsdesk.cli`, one module a group.

The public names below are imported when first used (PEP 562): ``import newsdesk``, and the
command's ``--help``, ``-V`` or shell completion, load none of the libraries the pipeline needs
(numpy, scipy, ...). ``from newsdesk import summarize`` works as before.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsdesk.check import check
    from newsdesk.config import SummaryConfig
    from newsdesk.errors import NewsdeskError
    from newsdesk.ingest import read_files, read_story, story_from_cluster
    from newsdesk.pipeline import summarize, summarize_story
    from newsdesk.render import render
    from newsdesk.types import (
        Article,
        Brief,
        BriefSentence,
        Citation,
        Comparison,
        Removal,
        ScoredSentence,
        Sentence,
        Skipped,
        Story,
    )

# Each public name and the module it is defined in.
_LAZY = {
    "Article": "newsdesk.types",
    "Brief": "newsdesk.types",
    "BriefSentence": "newsdesk.types",
    "Citation": "newsdesk.types",
    "Comparison": "newsdesk.types",
    "NewsdeskError": "newsdesk.errors",
    "Removal": "newsdesk.types",
    "ScoredSentence": "newsdesk.types",
    "Sentence": "newsdesk.types",
    "Skipped": "newsdesk.types",
    "Story": "newsdesk.types",
    "SummaryConfig": "newsdesk.config",
    "check": "newsdesk.check",
    "read_files": "newsdesk.ingest",
    "read_story": "newsdesk.ingest",
    "render": "newsdesk.render",
    "story_from_cluster": "newsdesk.ingest",
    "summarize": "newsdesk.pipeline",
    "summarize_story": "newsdesk.pipeline",
}

__all__ = [
    "Article",
    "Brief",
    "BriefSentence",
    "Citation",
    "Comparison",
    "NewsdeskError",
    "Removal",
    "ScoredSentence",
    "Sentence",
    "Skipped",
    "Story",
    "SummaryConfig",
    "__version__",
    "check",
    "read_files",
    "read_story",
    "render",
    "story_from_cluster",
    "summarize",
    "summarize_story",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'newsdesk' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(types.ModuleType):
    """This package's module type. Loading a submodule sets it as an attribute of its package;
    ``newsdesk.check`` and ``newsdesk.render`` are the functions of those modules, as they
    were when this file imported them eagerly, so a submodule never replaces a public name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
