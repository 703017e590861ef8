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
    is_quiet,
    output_option,
    progress_bar,
    query_option,
    text_width,
    width_option,
    write,
)
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError

PAGE = 50  # stories a page lists unless told otherwise (the server's default too)


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
    help="Stories with an article published (else added) since TIME (ISO date or time, or 30m, "
    "6h, 2d, 1w ago).",
)
@click.option(
    "--min-sources",
    type=int,
    default=1,
    show_default=True,
    metavar="N",
    help="Stories with at least N independent articles (copies do not count).",
)
@click.option(
    "--limit",
    type=int,
    default=PAGE,
    show_default=True,
    metavar="N",
    help="Stories on the page; 0: all of them.",
)
@click.option(
    "--offset", type=int, default=0, show_default=True, metavar="N", help="Stories skipped first."
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
    limit: int,
    offset: int,
    fmt: str,
    output: Path | None,
    width: int | None,
) -> None:
    """List the stories of the store, latest first (by publication time, else the time the
    articles were added), a page at a time."""
    from newsdesk.desk import Desk
    from newsdesk.desk.desk import parse_since
    from newsdesk.desk.render import render_stories

    start = parse_since(since)
    if limit < 0:
        raise ConfigError("--limit", "a whole number of at least 0 (0: all)", limit)
    with Desk(db, create=False) as desk:
        rows = desk.stories(
            since=start,
            min_sources=min_sources,
            limit=limit or None,
            offset=offset,
            ids=fmt == "json",  # (a text listing does not show them)
        )
        total = desk.count_stories(since=start, min_sources=min_sources)
    text = render_stories(rows, fmt, text_width(width, output), total=total, offset=offset)
    write(text, output)
    if fmt == "text" and offset + len(rows) < total and not is_quiet():
        click.echo(
            f"newsdesk: {offset + 1}-{offset + len(rows)} of {total} stories; the next page: "
            f"--offset {offset + len(rows)}",
            err=True,
        )


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
    help="What is new since TIME (ISO date or time, or 30m, 6h, 2d, 1w ago): articles "
    "published (else added) before it count as read, and the brief tells what the later ones add.",
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
    start = parse_since(since)
    with Desk(db, create=False) as desk:
        view = desk.story(story_id, config=config, since=start, compare=compare)
    write(render_story(view, fmt, text_width(width, output)), output)


COMMANDS = (add_command, stories_command, story_command)
