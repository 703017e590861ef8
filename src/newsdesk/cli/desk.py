"""The desk's commands: ``newsdesk add``, ``newsdesk stories`` and ``newsdesk story``.

Thin, as the rest of the CLI: parse, make one :class:`~newsdesk.desk.Desk` call, render. The
store is ``--db`` (a file path or a ``postgresql://`` URL), else ``$NEWSDESK_DB``, else
``newsdesk.db`` in the current folder. The desk (and SQLAlchemy under it) is imported when a
command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from newsdesk.batch import ENGINES
from newsdesk.cli.common import (
    Command,
    format_option,
    output_option,
    progress_bar,
    query_option,
    text_width,
    width_option,
    write,
)
from newsdesk.config import SummaryConfig


def _db_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--db",
        envvar="NEWSDESK_DB",
        metavar="PATH|URL",
        help="The store: a SQLite file (default ./newsdesk.db, or $NEWSDESK_DB) or a "
        "postgresql:// URL.",
    )(command)


@click.command("add", cls=Command)
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=1,
    show_default=True,
    metavar="N",
    help="Worker processes for the per-article work.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where the per-article work runs: here, or on a Dask cluster (newsdesk[dask]).",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a local cluster).")
def add_command(
    paths: Sequence[str],
    db: str | None,
    jobs: int,
    engine: str,
    scheduler: str | None,
) -> None:
    """Add the articles of PATHS to the store: files, folders, JSONL (articles or clusters),
    RSS/Atom feeds, or '-' for standard input. The same article added twice is stored once."""
    from newsdesk.desk import Desk
    from newsdesk.desk.render import render_add
    from newsdesk.ingest import count_inputs, read_stdin

    stdin = read_stdin(sys.stdin.buffer, SummaryConfig()) if "-" in paths else None
    total = None if stdin is not None else count_inputs(paths)
    with Desk(db) as desk, progress_bar("articles", total) as bar:

        def progress(done: int) -> None:
            bar.update(done - bar.n)

        report = desk.add(
            list(paths),
            stdin=stdin,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            progress=progress if bar is not None else None,
        )
    click.echo(render_add(report), nl=False, err=True)


@click.command("stories", cls=Command)
@_db_option
@click.option(
    "--since",
    metavar="TIME",
    help="Stories with an article added since TIME (ISO date or time, or 30m, 6h, 2d, 1w ago).",
)
@click.option(
    "--min-sources",
    type=int,
    default=1,
    show_default=True,
    metavar="N",
    help="Stories with at least N independent articles (copies do not count).",
)
@format_option(
    ("text", "json"),
    "text for a terminal, or json for programs ('newsdesk schema stories' prints its schema).",
)
@output_option
@width_option
def stories_command(
    db: str | None,
    since: str | None,
    min_sources: int,
    fmt: str,
    output: Path | None,
    width: int | None,
) -> None:
    """List the stories of the store, latest activity first."""
    from newsdesk.desk import Desk
    from newsdesk.desk.desk import parse_since
    from newsdesk.desk.render import render_stories

    with Desk(db) as desk:
        rows = desk.stories(since=parse_since(since), min_sources=min_sources)
    write(render_stories(rows, fmt, text_width(width, output)), output)


@click.command("story", cls=Command)
@click.argument("story_id", type=int)
@_db_option
@click.option(
    "-w", "--words", type=int, metavar="N", help="Word budget of the brief (default 120)."
)
@click.option(
    "-n", "--sentences", type=int, metavar="N", help="Sentence budget (instead of, or with, -w)."
)
@format_option(("text", "markdown", "json"))
@click.option(
    "--since",
    metavar="TIME",
    help="What is new since TIME (ISO date or time, or 30m, 6h, 2d, 1w ago): articles added "
    "before it count as read, and the brief tells what the later ones add.",
)
@query_option
@click.option(
    "--compare",
    is_flag=True,
    help="Also compare its sources: consensus, single source, differences, timeline.",
)
@output_option
@width_option
def story_command(
    story_id: int,
    db: str | None,
    words: int | None,
    sentences: int | None,
    fmt: str,
    since: str | None,
    query: str | None,
    compare: bool,
    output: Path | None,
    width: int | None,
) -> None:
    """One story: its brief (over its original articles; with --compare, the comparison of
    its sources too), then its articles with copies marked."""
    from newsdesk.desk import Desk
    from newsdesk.desk.desk import parse_since
    from newsdesk.desk.render import render_story

    config = SummaryConfig(words=words, sentences=sentences, query=query)
    with Desk(db) as desk:
        view = desk.story(story_id, config=config, since=parse_since(since), compare=compare)
    write(render_story(view, fmt, text_width(width, output)), output)


COMMANDS = (add_command, stories_command, story_command)
