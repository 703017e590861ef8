"""The desk: a stream of articles in, wire copies found, stories out, kept between runs.

The articles are read by :mod:`newsdesk.ingest.stream`, as every command reads them; then the
stages, one module each: :mod:`~newsdesk.desk.features` (per-article work),
:mod:`~newsdesk.desk.copies` (near-copies), :mod:`~newsdesk.desk.grouping` (online story
grouping), :mod:`~newsdesk.desk.store` (the SQLite or PostgreSQL store) and
:mod:`~newsdesk.desk.desk` (the calls the CLI and server make).
"""

from newsdesk.desk.copies import CopyConfig
from newsdesk.desk.desk import AddReport, Desk, Placed, StoryView
from newsdesk.desk.grouping import GroupingConfig
from newsdesk.desk.store import StoryRow
from newsdesk.ingest import ArticleInput

__all__ = [
    "AddReport",
    "ArticleInput",
    "CopyConfig",
    "Desk",
    "GroupingConfig",
    "Placed",
    "StoryRow",
    "StoryView",
]
