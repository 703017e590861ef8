"""newsdesk: one short, faithful, cited brief from many news articles about one event."""

__version__ = "0.1.0"

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
