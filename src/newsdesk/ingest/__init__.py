"""Ingest: turn files, folders, standard input, JSONL clusters or feeds into articles.

One module per kind of source, every reader written once and used by ``summarize``,
``compare``, ``check``, ``batch``, the server and the desk alike:

- :mod:`~newsdesk.ingest.paths`: paths and folders (``.txt``, ``.md``, ``.html``, Multi-News
  ``|||||`` text, ``"-"``), and files held in memory (uploads): :func:`read_story`,
  :func:`read_files`;
- :mod:`~newsdesk.ingest.stdin`: standard input, read whole up to a limit;
- :mod:`~newsdesk.ingest.clusters`: JSONL files of clusters, streamed line by line;
- :mod:`~newsdesk.ingest.feeds`: RSS and Atom files, an article per entry;
- :mod:`~newsdesk.ingest.html` and :mod:`~newsdesk.ingest.markdown`: a page's or a Markdown
  file's article text;
- :mod:`~newsdesk.ingest.decode`: bytes to text whatever their encoding, invisible and control
  characters removed, and the size limits;
- :mod:`~newsdesk.ingest.story`: one article of each text, and the story they make (languages,
  duplicates, the article limit, articles already read);
- :mod:`~newsdesk.ingest.stream`: a stream of articles one at a time, for the desk.

Nothing is dropped silently: an input that cannot be used becomes a :class:`Skipped` with the
reason.
"""

from newsdesk.ingest.clusters import (
    MAX_LINE_BYTES,
    LineTooLong,
    iter_cluster_lines,
    iter_clusters,
    list_clusters,
    load_json,
    parse_cluster_line,
)
from newsdesk.ingest.decode import decode_text, normalise_text
from newsdesk.ingest.paths import read_files, read_story
from newsdesk.ingest.stdin import STDIN_BYTES, read_stdin
from newsdesk.ingest.story import (
    cluster_question,
    finish_story,
    no_usable_article,
    story_from_cluster,
)
from newsdesk.ingest.stream import ArticleInput, article_inputs, count_inputs, read_inputs
from newsdesk.types import Skipped

__all__ = [
    "MAX_LINE_BYTES",
    "STDIN_BYTES",
    "ArticleInput",
    "LineTooLong",
    "Skipped",
    "article_inputs",
    "cluster_question",
    "count_inputs",
    "decode_text",
    "finish_story",
    "iter_cluster_lines",
    "iter_clusters",
    "list_clusters",
    "load_json",
    "no_usable_article",
    "normalise_text",
    "parse_cluster_line",
    "read_files",
    "read_inputs",
    "read_stdin",
    "read_story",
    "story_from_cluster",
]
